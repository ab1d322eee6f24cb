import { spawn } from 'node:child_process';
import { randomBytes, scryptSync } from 'node:crypto';
import { resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isMutationError } from '../../main/hub/engine';
import { startHub } from '../../main/hub/server';
import { POLICY } from '../../main/hub/policy';
import { setPassword } from '../../main/hub/store';
import { ADMIN, PASSWORD, cleanupTemp, hubTls, startCenter, type Center } from './harness';
import { firstTeamId, login, mutation, newClientId, post, pull, push, rejections, token } from './hub-api';
import { startPostgres, type TestPostgres } from './postgres';

let pgServer: TestPostgres;
let center: Center;

beforeAll(async () => {
  pgServer = await startPostgres();
  center = await startCenter(pgServer);
});
afterAll(async () => {
  await center?.close();
  pgServer?.stop();
  cleanupTemp();
});

const url = (): string => center.hubUrl;
const loginOf = (name: string): string => center.logins.get(name)!;
const teamId = (): Promise<string> => firstTeamId(center.pool);

describe('hub accounts', () => {
  it('people sign in by their login, case-insensitively; the display name is not a login', async () => {
    expect(loginOf(ADMIN)).toBe('zhoulan');
    const r = await login(url(), 'ZhouLan', PASSWORD);
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({ personId: center.people.get(ADMIN), name: ADMIN, login: 'zhoulan' });
    expect((await login(url(), ADMIN, PASSWORD)).status).toBe(401);
    // The old request shape (by name) is not understood at all.
    expect((await post(url(), '/v1/login', { name: ADMIN, password: PASSWORD })).status).toBe(400);
  });

  it('a hub from before logins gives every person one at start, as a new version the desktops pull', async () => {
    const before = (await center.pool.query<{ version: number }>('SELECT version FROM hub_version')).rows[0]!.version;
    await center.pool.query("UPDATE hub_rows SET data = data - 'login' WHERE tbl = 'people'");
    await center.restartHub();
    const r = await center.pool.query<{ login: string; version: number }>(
      "SELECT data->>'login' AS login, version FROM hub_rows WHERE tbl = 'people' ORDER BY data->>'login'",
    );
    expect(r.rows.map((x) => x.login)).toEqual(['chensiyuan', 'linxiaofeng', 'songkexin', 'wangxiaochuan', 'zhoulan']);
    expect(new Set(r.rows.map((x) => x.version))).toEqual(new Set([before + 1]));
    expect((await login(url(), 'zhoulan', PASSWORD)).status).toBe(200);
  });

  it('a hash with older parameters (or none stored) is replaced on the next sign-in with today’s', async () => {
    const id = center.people.get('宋可欣')!;
    const salt = randomBytes(16);
    const legacy = scryptSync(PASSWORD, salt, 32, { N: 2 ** 14, r: 8, p: 1 });
    await center.pool.query('UPDATE hub_credentials SET salt = $2, hash = $3, phc = NULL WHERE person_id = $1', [id, salt, legacy]);
    expect((await login(url(), 'songkexin', 'not-the-password')).status).toBe(401);
    expect((await center.pool.query('SELECT phc FROM hub_credentials WHERE person_id = $1', [id])).rows[0]).toEqual({ phc: null });
    expect((await login(url(), 'songkexin', PASSWORD)).status).toBe(200);
    const phc = (await center.pool.query<{ phc: string }>('SELECT phc FROM hub_credentials WHERE person_id = $1', [id])).rows[0]!.phc;
    expect(phc).toMatch(/^scrypt\$131072\$8\$1\$[A-Za-z0-9_-]{22}\$[A-Za-z0-9_-]{43}$/);
    expect((await login(url(), 'songkexin', PASSWORD)).status).toBe(200);
    // A tampered row with absurd parameters is refused, not computed (no gigabyte allocation).
    await center.pool.query('UPDATE hub_credentials SET phc = $2 WHERE person_id = $1', [id, phc.replace('131072', String(2 ** 30))]);
    expect((await login(url(), 'songkexin', PASSWORD)).status).toBe(401);
    await center.pool.query('UPDATE hub_credentials SET phc = $2 WHERE person_id = $1', [id, phc]);
    await center.pool.query("DELETE FROM hub_login_failures");
  });
});

describe('hub sessions', () => {
  it('signing in again and again keeps at most the cap of sessions; the least recently used go first', async () => {
    const id = center.people.get('林晓峰')!;
    const tokens: string[] = [];
    for (let i = 0; i < POLICY.sessionsPerPerson + 2; i++) tokens.push(await token(url(), 'linxiaofeng', PASSWORD));
    const n = (await center.pool.query<{ n: number }>('SELECT count(*)::int AS n FROM hub_sessions WHERE person_id = $1', [id])).rows[0]!.n;
    expect(n).toBe(POLICY.sessionsPerPerson);
    expect((await pull(url(), tokens[0]!, newClientId())).status).toBe(401);
    expect((await pull(url(), tokens[tokens.length - 1]!, newClientId())).status).toBe(200);
  });

  it('an admin lists and revokes sessions; others may not; logout ends the presented token', async () => {
    const admin = await token(url(), 'zhoulan', PASSWORD);
    const member = await token(url(), 'wangxiaochuan', PASSWORD);
    const memberId = center.people.get('王小川')!;
    expect((await post(url(), '/v1/sessions', {}, member)).status).toBe(403);
    expect((await post(url(), '/v1/sessions/revoke', { personId: center.people.get(ADMIN) }, member)).status).toBe(403);
    const list = await post(url(), '/v1/sessions', { personId: memberId }, admin);
    expect(list.status).toBe(200);
    const sessions = list.body.sessions as { id: number; login: string; name: string; expiresAt: string }[];
    expect(sessions.length).toBeGreaterThan(0);
    expect(sessions.every((s) => s.login === 'wangxiaochuan' && s.name === '王小川')).toBe(true);
    const r = await post(url(), '/v1/sessions/revoke', { ids: [sessions[0]!.id] }, admin);
    expect(r.body).toEqual({ revoked: 1 });
    expect((await pull(url(), member, newClientId())).status).toBe(401);

    const again = await token(url(), 'wangxiaochuan', PASSWORD);
    expect((await post(url(), '/v1/logout', {}, again)).status).toBe(200);
    expect((await pull(url(), again, newClientId())).status).toBe(401);
    expect((await post(url(), '/v1/logout', {}, again)).status).toBe(200);
  });

  it('`hub passwd --login` reads the password from stdin and refuses one on the command line', async () => {
    // Async, not spawnSync: the hub under test runs in this process and must keep serving meanwhile.
    const cli = resolve(__dirname, '../../build/run-ts.mjs');
    const args = [cli, 'main/hub/cli.ts', 'passwd', '--pg', center.pgUrl, '--login', 'songkexin'];
    const onArgv = await run([...args, '--password', 'on-the-command-line'], '');
    expect(onArgv.status).not.toBe(0);
    expect(onArgv.stderr).toContain('never given on the command line');
    const piped = await run(args, 'piped-password-1\n');
    expect(piped.stderr).toBe('');
    expect(piped.stdout).toContain('Password set for 宋可欣 (songkexin)');
    expect(piped.status).toBe(0);
    expect((await login(url(), 'songkexin', 'piped-password-1')).status).toBe(200);
    expect((await login(url(), 'songkexin', PASSWORD)).status).toBe(401);
    await setPassword(center.pool, center.people.get('宋可欣')!, PASSWORD);
  });
});

function run(args: string[], input: string): Promise<{ status: number | null; stdout: string; stderr: string }> {
  return new Promise((done, fail) => {
    const child = spawn(process.execPath, args, { cwd: resolve(__dirname, '../..') });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.once('error', fail);
    child.once('close', (status) => done({ status, stdout, stderr }));
    child.stdin.end(input);
  });
}

describe('hub push limits', () => {
  it('a person’s mutations per minute are limited: the rest waits (429 with a reason in both languages)', async () => {
    const hub = await startHub({ pg: center.pgUrl, port: 0, tls: await hubTls(), limits: { mutationsPerMinute: 5 } });
    try {
      const tok = await token(hub.url, 'chensiyuan', PASSWORD);
      const client = newClientId();
      const team = await teamId();
      const ms = Array.from({ length: 8 }, (_, i) => mutation(i + 1, 'teams.update', { id: team, description: `限流 ${i}` }));
      const first = await push(hub.url, tok, client, ms);
      expect(first.status).toBe(200);
      expect(first.body.lastMutationId).toBe(5);
      const second = await push(hub.url, tok, client, ms.slice(5));
      expect(second.status).toBe(429);
      expect(Number(second.headers.get('retry-after'))).toBeGreaterThan(0);
      const msg = (second.body.error as { message: { zh: string; en: string } }).message;
      expect(msg.zh).toContain('每分钟');
      expect(msg.en).toContain('per minute');
    } finally {
      await hub.close();
    }
  });

  it('a push applies at most its byte budget; the client sends the rest next time; refused args are kept truncated', async () => {
    const hub = await startHub({ pg: center.pgUrl, port: 0, tls: await hubTls(), limits: { pushArgBytes: 10_000 } });
    try {
      const tok = await token(hub.url, 'chensiyuan', PASSWORD);
      const client = newClientId();
      const team = await teamId();
      // 4.5 KB descriptions: over the field's 500 characters, so each is refused — and its args kept short.
      const ms = Array.from({ length: 5 }, (_, i) => mutation(i + 1, 'teams.update', { id: team, description: `${i}`.repeat(4500) }));
      const first = await push(hub.url, tok, client, ms);
      expect(first.status).toBe(200);
      expect(first.body.lastMutationId).toBe(2);
      const second = await push(hub.url, tok, client, ms.slice(2));
      expect(second.body.lastMutationId).toBe(4);
      const third = await push(hub.url, tok, client, ms.slice(4));
      expect(third.body.lastMutationId).toBe(5);
      const rows = await center.pool.query<{ status: string; len: number; args: { truncated?: boolean; bytes?: number } }>(
        'SELECT status, length(args::text) AS len, args FROM hub_mutations WHERE client_id = $1 ORDER BY mutation_id',
        [client],
      );
      expect(rows.rows.map((r) => r.status)).toEqual(['rejected', 'rejected', 'rejected', 'rejected', 'rejected']);
      for (const r of rows.rows) {
        expect(r.args.truncated).toBe(true);
        expect(r.args.bytes).toBeGreaterThan(4500);
        expect(r.len).toBeLessThan(POLICY.rejectedArgsKeep + 200);
      }
    } finally {
      await hub.close();
    }
  });

  it('a mutation over the size limit is refused on its own and the next one is applied', async () => {
    const tok = await token(url(), 'chensiyuan', PASSWORD);
    const client = newClientId();
    const team = await teamId();
    const big = mutation(1, 'teams.update', { id: team, description: 'x'.repeat(POLICY.mutationArgBytes + 10) });
    const next = mutation(2, 'teams.update', { id: team, description: '限额之后' });
    const r = await push(url(), tok, client, [big, next]);
    expect(r.body.lastMutationId).toBe(2);
    const rej = await rejections(url(), tok, client);
    expect(rej.map((x) => x.mutationId)).toEqual([1]);
    expect(rej[0]!.error.message.en).toContain('too large');
    const d = await center.pool.query<{ d: string }>("SELECT data->>'description' AS d FROM hub_rows WHERE tbl = 'teams' AND data->>'id' = $1", [team]);
    expect(d.rows[0]!.d).toBe('限额之后');
  });

  it('a desktop whose clock is wrong gets the hub’s reason as a sync notice, and its later changes sync', async () => {
    const desk = await center.client('陈思远');
    const team = await teamId();
    desk.transport.offline = true;
    await desk.call('teams.update', { id: team, description: '时钟错误的改动' });
    await desk.call('teams.update', { id: team, skills: ['时钟之后'] });
    // This desktop's clock said 2020 when the first change was made.
    desk.db.prepare('UPDATE sync_mutations SET at = ? WHERE id = (SELECT min(id) FROM sync_mutations)').run(Date.UTC(2020, 0, 1));
    desk.transport.offline = false;
    await desk.sync.sync();
    await desk.sync.sync();
    const st = desk.sync.status();
    expect(st.pending).toBe(0);
    expect(st.notices.map((n) => n.message.zh).join('\n')).toContain('时间不可信');
    expect(st.notices.map((n) => n.message.en).join('\n')).toContain('implausible time');
    const t = (await desk.call('teams.list', {})).find((x) => x.id === team)!;
    expect(t.skills).toEqual(['时钟之后']);
    expect(t.description).not.toBe('时钟错误的改动');
  });

  it('tells the mutation’s own failures (refuse) from the infrastructure’s (retry)', () => {
    expect(isMutationError(Object.assign(new Error('unsupported Unicode escape sequence'), { code: '22P05' }))).toBe(true);
    expect(isMutationError(Object.assign(new Error('duplicate key'), { code: '23505' }))).toBe(true);
    expect(isMutationError(Object.assign(new Error('total size of jsonb array elements exceeds'), { code: '54000' }))).toBe(true);
    expect(isMutationError(Object.assign(new Error('UNIQUE constraint failed'), { code: 'SQLITE_CONSTRAINT_UNIQUE' }))).toBe(true);
    expect(isMutationError(Object.assign(new Error('terminating connection due to administrator command'), { code: '57P01' }))).toBe(false);
    expect(isMutationError(Object.assign(new Error('connection failure'), { code: '08006' }))).toBe(false);
    expect(isMutationError(Object.assign(new Error('deadlock detected'), { code: '40P01' }))).toBe(false);
    expect(isMutationError(Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' }))).toBe(false);
    expect(isMutationError(new Error('Connection terminated unexpectedly'))).toBe(false);
  });
});
