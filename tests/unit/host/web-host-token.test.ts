import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { CallOutcome, Session } from '../../../main/core/backend';
import { startWebHost, type WebHost } from '../../../main/web/server';

const hosts: WebHost[] = [];
afterEach(async () => {
  for (const h of hosts.splice(0)) await h.close();
});

async function host(): Promise<{ h: WebHost; seen: Session[] }> {
  const dir = mkdtempSync(join(tmpdir(), 'crewdesk-web-'));
  writeFileSync(join(dir, 'index.html'), '<!doctype html><title>t</title>');
  const seen: Session[] = [];
  const h = await startWebHost({
    backend: { call: async (_n: string, _i: unknown, s: Session): Promise<CallOutcome> => (seen.push(s), { ok: true, value: 'pong' }) },
    port: 0,
    staticDir: dir,
  });
  hosts.push(h);
  return { h, seen };
}

const get = (url: string, cookie?: string) => fetch(url, { redirect: 'manual', headers: cookie ? { cookie } : {} });
const cookieOf = (res: Response): string => (res.headers.get('set-cookie') ?? '').split(';')[0]!;
const api = (h: WebHost, cookie: string) =>
  fetch(`http://127.0.0.1:${h.port}/api/call/workspace.status`, { method: 'POST', headers: { cookie, 'content-type': 'application/json' }, body: '{}' });

describe('the web host’s launch token', () => {
  it('works once: the first exchange sets the cookie, a second is refused with 403, the cookie keeps working', async () => {
    const { h } = await host();
    const first = await get(h.url);
    expect(first.status).toBe(302);
    const cookie = cookieOf(first);
    expect(cookie).toMatch(new RegExp(`^crewdesk_sid_${h.port}=`));
    expect((await get(h.url)).status).toBe(403);
    expect((await api(h, cookie)).status).toBe(200);
    // The browser that holds the session may reload the launch link: it just goes on, no new session.
    const reload = await get(h.url, cookie);
    expect(reload.status).toBe(302);
    expect(reload.headers.get('set-cookie')).toBeNull();
    // A wrong token is refused too, and nothing without the cookie is answered.
    expect((await get(`http://127.0.0.1:${h.port}/?token=nope`)).status).toBe(403);
    expect((await api(h, 'crewdesk_sid_1=x')).status).toBe(403);
  });

  it('gives further one-time links on request (another browser), each usable once', async () => {
    const { h } = await host();
    const cookie = cookieOf(await get(h.url));
    const res = await fetch(`http://127.0.0.1:${h.port}/api/launch-link`, { method: 'POST', headers: { cookie } });
    const { url } = (await res.json()) as { url: string };
    expect(url).not.toBe(h.url);
    const second = await get(url);
    expect(second.status).toBe(302);
    expect(cookieOf(second)).not.toBe(cookie);
    expect((await get(url)).status).toBe(403);
    const minted = h.newLaunchUrl();
    expect((await get(minted)).status).toBe(302);
    expect((await get(minted)).status).toBe(403);
    // Without a session nobody can ask for a link.
    expect((await fetch(`http://127.0.0.1:${h.port}/api/launch-link`, { method: 'POST' })).status).toBe(403);
  });

  it('two hosts in one browser keep separate cookies (the name carries the port)', async () => {
    const a = await host();
    const b = await host();
    const ca = cookieOf(await get(a.h.url));
    const cb = cookieOf(await get(b.h.url));
    expect(ca.split('=')[0]).not.toBe(cb.split('=')[0]);
    // One browser sends both cookies to 127.0.0.1 (cookies ignore the port): each host finds its own.
    const both = `${ca}; ${cb}`;
    expect((await api(a.h, both)).status).toBe(200);
    expect((await api(b.h, both)).status).toBe(200);
    expect(a.seen.at(-1)).not.toBe(b.seen.at(-1));
  });
});
