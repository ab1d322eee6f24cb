import { mkdtempSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { EventBus } from '../../../main/core/events';
import { MAX_EVENT_STREAMS, startWebHost, type WebHost } from '../../../main/web/server';
import type { LiveEvent } from '../../../shared/contract/events';
import { world, type TestWorld } from '../../helpers/db';
import { buildWorld } from '../../helpers/world';

const FIXED_NOW = Date.UTC(2026, 10, 30, 2, 0);
const open: { close(): unknown }[] = [];
afterEach(async () => {
  for (const o of open.splice(0).reverse()) await o.close();
});

async function hostOver(w: TestWorld): Promise<{ h: WebHost; cookie: string }> {
  const dir = mkdtempSync(join(tmpdir(), 'crewdesk-web-'));
  writeFileSync(join(dir, 'index.html'), '<!doctype html><title>t</title>');
  const h = await startWebHost({ backend: w.backend, port: 0, staticDir: dir, events: w.backend.events });
  open.push(h);
  const first = await fetch(h.url, { redirect: 'manual' });
  return { h, cookie: (first.headers.get('set-cookie') ?? '').split(';')[0]! };
}

/** Reads an SSE stream and collects the events' data lines. */
function listen(port: number, cookie: string | null): Promise<{ status: number; events: LiveEvent[]; raw: () => string; close(): void }> {
  return new Promise((ok, fail) => {
    const req = http.get({ host: '127.0.0.1', port, path: '/api/events', headers: { host: `127.0.0.1:${port}`, ...(cookie ? { cookie } : {}) } }, (res) => {
      let text = '';
      const events: LiveEvent[] = [];
      res.setEncoding('utf8');
      res.on('data', (c: string) => {
        text += c;
        for (const m of c.matchAll(/^data: (.*)$/gm)) events.push(JSON.parse(m[1]!) as LiveEvent);
      });
      ok({ status: res.statusCode ?? 0, events, raw: () => text, close: () => req.destroy() });
    });
    req.on('error', (e) => ((e as NodeJS.ErrnoException).code === 'ECONNRESET' ? undefined : fail(e)));
  });
}

async function until(cond: () => boolean): Promise<void> {
  while (!cond()) await new Promise((r) => setTimeout(r, 10));
}

describe('change events (GET /api/events)', () => {
  it('a committed command reaches every open stream as { seq, topic: data }; a refused one sends nothing', async () => {
    const w = await buildWorld({ now: FIXED_NOW });
    await w.person('王小川', { team: 'shortvideo' });
    open.push(w);
    const { h, cookie } = await hostOver(w);
    const a = await listen(h.port, cookie);
    const b = await listen(h.port, cookie);
    expect(a.status).toBe(200);
    await until(() => a.raw().includes(': open') && b.raw().includes(': open'));
    const teamId = w.db.prepare<[], { id: string }>('SELECT id FROM teams LIMIT 1').get()!.id;
    await w.call(w.as('周岚'), 'people.create', { name: '欧阳新', teamId, role: 'member' });
    await until(() => a.events.length === 1 && b.events.length === 1);
    expect(a.events[0]).toEqual({ seq: expect.any(Number), topic: 'data' });
    // The event says only that something changed: no names, no ids.
    expect(a.raw()).not.toContain('欧阳新');
    await w.fail(w.as('王小川'), 'people.create', { name: '不该有', teamId, role: 'member' });
    await w.call(w.as('周岚'), 'people.create', { name: '欧阳旧', teamId, role: 'member' });
    await until(() => a.events.length === 2);
    expect(a.events[1]!.seq).toBe(a.events[0]!.seq + 1); // the refused command emitted nothing
    a.close();
    b.close();
  });

  it('no session, no stream: 403 without the cookie; streams beyond the cap are refused, and a closed stream stops listening', async () => {
    const w = await world({ now: FIXED_NOW });
    open.push(w);
    const { h, cookie } = await hostOver(w);
    expect((await listen(h.port, null)).status).toBe(403);
    expect((await listen(h.port, 'crewdesk_sid_1=forged')).status).toBe(403);
    const streams = [];
    for (let i = 0; i < MAX_EVENT_STREAMS; i++) streams.push(await listen(h.port, cookie));
    expect(streams.every((s) => s.status === 200)).toBe(true);
    expect((await listen(h.port, cookie)).status).toBe(503);
    await until(() => w.backend.events.listenerCount === MAX_EVENT_STREAMS);
    for (const s of streams) s.close();
    await until(() => w.backend.events.listenerCount === 0);
    expect((await listen(h.port, cookie)).status).toBe(200);
  });
});

describe('the event bus', () => {
  it('numbers events one by one and drops a listener that throws, without failing the emitter', () => {
    const bus = new EventBus();
    const got: LiveEvent[] = [];
    bus.on(() => {
      throw new Error('a broken window');
    });
    bus.on((e) => got.push(e));
    bus.emit('data');
    bus.emit('sync');
    expect(got).toEqual([{ seq: 1, topic: 'data' }, { seq: 2, topic: 'sync' }]);
    expect(bus.listenerCount).toBe(1);
  });
});
