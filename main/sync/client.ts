import { newId } from '../core/ids';
import type { Backend } from '../core/backend';
import type { Db } from '../db/connection';
import { SCHEMA_VERSION } from '../db/migrations';
import { isInitialized } from '../services/workspace';
import { AppError, conflict } from '../../shared/errors';
import { SYNC_PROTOCOL, type PullResponse, type SyncNotice, type SyncStatus } from '../../shared/sync';
import type { CommandHooks } from './hooks';
import { ensureSyncTables, installCapture, RowStore, setCapture, syncedTables } from './rows';
import { httpTransport, normaliseHubUrl, OfflineError, type SyncTransport } from './transport';

interface QueuedMutation {
  id: number;
  name: string;
  args: string;
  ids: string;
  actor_id: string | null;
  at: number;
}

export interface SyncClientOptions {
  transport?: SyncTransport;
  /** Automatic sync period while a hub is configured; 0 turns the timer off (tests drive sync). */
  intervalMs?: number;
  now?: () => number;
}

/**
 * The desktop side of sync. Every command a person makes is queued (by a
 * trigger, in the command's own transaction) with the ids it created and its
 * row pre-images. A sync pushes the queue, then pulls: in one SQLite
 * transaction it undoes the still-queued changes, applies the hub's rows,
 * drops the mutations the hub has processed (noting the ones it refused, which
 * are thereby rolled back) and replays the rest on top.
 */
export class SyncClient {
  private readonly db: Db;
  private readonly transport: SyncTransport;
  private readonly intervalMs: number;
  private readonly now: () => number;
  private store: RowStore | null = null;
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<void> | null = null;
  private again = false;
  private online = false;
  private lastError: { zh: string; en: string } | null = null;
  private closed = false;
  private soon: NodeJS.Timeout | null = null;

  constructor(
    private readonly backend: Backend,
    private readonly hooks: CommandHooks,
    opts: SyncClientOptions = {},
  ) {
    this.db = backend.db;
    this.transport = opts.transport ?? httpTransport;
    this.intervalMs = opts.intervalMs ?? 10_000;
    this.now = opts.now ?? Date.now;
    if (this.configured()) this.activate();
  }

  // ---- local state ----------------------------------------------------------

  private hasTables(): boolean {
    return this.db.prepare("SELECT 1 FROM sqlite_schema WHERE name = 'sync_state'").get() !== undefined;
  }

  private get(key: string): string | null {
    if (!this.hasTables()) return null;
    return this.db.prepare<[string], { value: string }>('SELECT value FROM sync_state WHERE key = ?').get(key)?.value ?? null;
  }

  private set(key: string, value: string | number | null): void {
    if (value === null) this.db.prepare('DELETE FROM sync_state WHERE key = ?').run(key);
    else this.db.prepare('INSERT INTO sync_state (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value').run(key, String(value));
  }

  configured(): boolean {
    return this.get('hubUrl') !== null;
  }

  private activate(): void {
    ensureSyncTables(this.db);
    const tables = syncedTables(this.db);
    this.store = new RowStore(this.db, tables);
    this.hooks.register(this.db);
    installCapture(this.db, tables);
    setCapture(this.db, true, true);
    this.hooks.recordEnabled = true;
    if (this.intervalMs > 0 && !this.timer) {
      this.timer = setInterval(() => void this.sync().catch(() => undefined), this.intervalMs);
      this.timer.unref();
    }
  }

  private deactivate(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    this.hooks.recordEnabled = false;
    if (this.store) setCapture(this.db, false, false);
  }

  pendingCount(): number {
    if (!this.hasTables()) return 0;
    return this.db.prepare<[], { n: number }>('SELECT count(*) AS n FROM sync_mutations').get()!.n;
  }

  status(): SyncStatus {
    const configured = this.configured();
    const notices: SyncNotice[] = this.hasTables()
      ? this.db
          .prepare<[], { id: number; at: number; command: string; zh: string; en: string }>('SELECT * FROM sync_notices ORDER BY id DESC LIMIT 20')
          .all()
          .map((n) => ({ id: n.id, at: n.at, command: n.command, message: { zh: n.zh, en: n.en } }))
      : [];
    const last = this.get('lastSyncAt');
    return {
      configured,
      hubUrl: this.get('hubUrl'),
      hubUser: this.get('personName'),
      hubLogin: this.get('personLogin'),
      online: configured && this.online,
      syncing: this.running !== null,
      pending: this.pendingCount(),
      lastSyncAt: last === null ? null : Number(last),
      hubVersion: Number(this.get('hubVersion') ?? 0),
      lastError: this.lastError,
      notices,
    };
  }

  dismissNotices(): void {
    if (this.hasTables()) this.db.prepare('DELETE FROM sync_notices').run();
  }

  // ---- connecting -----------------------------------------------------------

  /**
   * Signs this machine in to a hub. The hub's workspace then replaces the
   * local one (a copy of the local file is kept next to it first), because the
   * hub is the system of record and a desktop's rows must match it.
   */
  async connect(input: { hubUrl: string; name: string; password: string; replaceLocal: boolean }): Promise<SyncStatus> {
    const hubUrl = normaliseHubUrl(input.hubUrl);
    // `name` is the hub login (staff number or pinyin handle); the hub never signs in by display name.
    const hubLogin = input.name.trim();
    if (this.configured() && this.get('hubUrl') === hubUrl && (this.get('personLogin') ?? this.get('personName'))?.toLowerCase() === hubLogin.toLowerCase()) {
      // Signing in again to the same hub as the same person (a password was reset, a session
      // ended): keep the client id and the queue, so nothing made offline is lost.
      const again = await this.transport.login(hubUrl, { login: hubLogin, password: input.password });
      if (again.personId === this.get('personId')) {
        this.set('token', again.token);
        await this.sync().catch(() => undefined);
        return this.status();
      }
    }
    if (this.pendingCount() > 0) {
      throw conflict({ zh: '还有未同步的改动，请先同步再更换枢纽', en: 'There are unsynced changes; sync them before changing hubs' });
    }
    if (isInitialized(this.db) && !input.replaceLocal && !this.configured()) {
      throw conflict({
        zh: '本机已有工作区数据。连接枢纽会用中心的数据替换本机数据（原文件会先备份），请确认后再连接。',
        en: 'This machine already has a workspace. Connecting replaces it with the center’s data (the file is backed up first); confirm to continue.',
      });
    }
    let login;
    try {
      login = await this.transport.login(hubUrl, { login: hubLogin, password: input.password });
    } catch (e) {
      if (e instanceof OfflineError) throw new AppError('CONFLICT', { zh: `无法连接枢纽：${hubUrl}`, en: `Cannot reach the hub at ${hubUrl}` });
      throw e;
    }
    if (isInitialized(this.db) && this.db.name !== ':memory:') {
      this.db.prepare('VACUUM INTO ?').run(`${this.db.name}.before-hub-${this.now()}.sqlite3`);
    }
    this.deactivate();
    ensureSyncTables(this.db);
    this.db.transaction(() => {
      this.db.exec('DELETE FROM sync_state; DELETE FROM sync_mutations; DELETE FROM sync_capture; DELETE FROM sync_notices;');
      this.set('hubUrl', hubUrl);
      this.set('token', login.token);
      this.set('personId', login.personId);
      this.set('personName', login.name);
      this.set('personLogin', login.login ?? hubLogin);
      // A new client id per sign-in: mutation ids restart at 1 and belong to this login only.
      this.set('clientId', newId());
      this.set('nextMutationId', 1);
      this.set('hubVersion', 0);
      this.set('reset', 1);
    })();
    this.activate();
    await this.sync();
    return this.status();
  }

  disconnect(): SyncStatus {
    if (this.pendingCount() > 0) {
      throw conflict({ zh: '还有未同步的改动，断开前请先同步', en: 'There are unsynced changes; sync before disconnecting' });
    }
    this.deactivate();
    if (this.hasTables()) this.db.exec('DELETE FROM sync_state; DELETE FROM sync_capture;');
    this.online = false;
    this.lastError = null;
    return this.status();
  }

  /** A local change was committed: push it shortly (coalescing a burst of edits). */
  schedule(delayMs = 400): void {
    if (!this.configured() || this.closed || this.intervalMs === 0 || this.soon) return;
    this.soon = setTimeout(() => {
      this.soon = null;
      void this.sync().catch(() => undefined);
    }, delayMs);
    this.soon.unref();
  }

  close(): void {
    this.closed = true;
    if (this.soon) clearTimeout(this.soon);
    this.deactivate();
  }

  /** The person this machine is signed in to the hub as (they are the local user too). */
  hubPersonId(): string | null {
    return this.get('personId');
  }

  // ---- syncing --------------------------------------------------------------

  /** Push then pull. Concurrent calls share one run (and schedule one more if changes arrived meanwhile). */
  sync(): Promise<void> {
    if (!this.configured() || this.closed) return Promise.resolve();
    if (this.running) {
      this.again = true;
      return this.running;
    }
    this.running = (async () => {
      try {
        do {
          this.again = false;
          await this.pushOnce();
          await this.pullOnce();
        } while (this.again && !this.closed);
        this.online = true;
        this.lastError = null;
      } catch (e) {
        if (e instanceof OfflineError) {
          this.online = false;
          this.lastError = { zh: '枢纽暂时无法连接，改动已保存在本机，稍后自动同步', en: 'The hub is unreachable; changes are kept here and sync later' };
        } else {
          this.online = e instanceof AppError && e.code !== 'INTERNAL';
          this.lastError = e instanceof AppError ? e.localized : { zh: `同步失败：${String(e)}`, en: `Sync failed: ${String(e)}` };
        }
        throw e;
      } finally {
        this.running = null;
      }
    })();
    return this.running;
  }

  private auth(): { hubUrl: string; token: string; clientId: string } {
    const hubUrl = this.get('hubUrl');
    const token = this.get('token');
    const clientId = this.get('clientId');
    if (!hubUrl || !token || !clientId) throw conflict({ zh: '尚未连接枢纽', en: 'No hub is configured' });
    return { hubUrl, token, clientId };
  }

  private async pushOnce(): Promise<void> {
    const { hubUrl, token, clientId } = this.auth();
    for (;;) {
      const batch = this.db
        .prepare<[], QueuedMutation>('SELECT * FROM sync_mutations ORDER BY id LIMIT 200')
        .all();
      if (!batch.length) return;
      const res = await this.transport.push(hubUrl, token, {
        protocol: SYNC_PROTOCOL,
        schemaVersion: SCHEMA_VERSION,
        clientId,
        mutations: batch.map((m) => ({ id: m.id, name: m.name, args: JSON.parse(m.args) as unknown, ids: JSON.parse(m.ids) as string[], at: m.at })),
      });
      // Only a full batch the hub took completely means there may be more to send now.
      if (batch.length < 200 || res.lastMutationId < batch[batch.length - 1]!.id) return;
      await this.pullOnce();
    }
  }

  private async pullOnce(): Promise<void> {
    const { hubUrl, token, clientId } = this.auth();
    const pendingFrom = this.db.prepare<[], { id: number | null }>('SELECT min(id) AS id FROM sync_mutations').get()?.id
      ?? Number(this.get('nextMutationId') ?? 1);
    const res = await this.transport.pull(hubUrl, token, {
      protocol: SYNC_PROTOCOL,
      schemaVersion: SCHEMA_VERSION,
      clientId,
      since: Number(this.get('hubVersion') ?? 0),
      pendingFrom,
    });
    if (this.closed) return;
    this.rebase(res);
  }

  /** Applies one pull answer (the whole rebase is one SQLite transaction). */
  rebase(res: PullResponse): void {
    const store = this.store;
    if (!store) return;
    const since = Number(this.get('hubVersion') ?? 0);
    const reset = this.get('reset') === '1';
    if (res.version < since) return; // an answer older than what we already have (a reordered reply)
    const pending = this.db.prepare<[], QueuedMutation>('SELECT * FROM sync_mutations ORDER BY id').all();
    const confirmed = pending.filter((m) => m.id <= res.lastMutationId);
    if (!reset && res.version === since && !confirmed.length) {
      this.set('lastSyncAt', this.now());
      return;
    }
    this.db.transaction(() => {
      setCapture(this.db, false, false);
      this.db.pragma('defer_foreign_keys = ON');
      // 1. Undo every queued change, newest first: the database is back at hub version `since`.
      const captured = this.db.prepare<[], { tbl: string; pk: string; old: string | null }>('SELECT tbl, pk, old FROM sync_capture ORDER BY seq DESC').all();
      for (const c of captured) {
        const key = JSON.stringify(JSON.parse(c.pk) as unknown[]);
        if (c.old === null) store.remove(c.tbl, key);
        else store.upsert(c.tbl, JSON.parse(c.old) as Record<string, unknown>);
      }
      this.db.exec('DELETE FROM sync_capture');
      // 2. The hub's rows.
      if (reset) store.clearAll();
      store.applyAll(res.rows);
      this.db.pragma('defer_foreign_keys = OFF');
      // 3. Processed mutations leave the queue; refused ones leave a notice (their effect is gone with step 1).
      const refused = new Map(res.rejections.map((r) => [r.mutationId, r]));
      for (const m of confirmed) {
        const r = refused.get(m.id);
        if (r) {
          this.db.prepare('INSERT INTO sync_notices (at, command, zh, en) VALUES (?, ?, ?, ?)').run(
            this.now(), m.name, `枢纽拒绝了您的改动（${m.name}），已在本机撤销：${r.error.message.zh}`,
            `The hub refused your change (${m.name}); it was undone here: ${r.error.message.en}`,
          );
        }
      }
      this.db.prepare('DELETE FROM sync_mutations WHERE id <= ?').run(res.lastMutationId);
      // 4. Replay what the hub has not seen yet, on top of its rows, with the same ids and clock.
      setCapture(this.db, true, false);
      for (const m of pending.filter((p) => p.id > res.lastMutationId)) {
        const call = this.hooks.replaying({ ids: JSON.parse(m.ids) as string[], at: m.at }, () =>
          this.backend.call(m.name, JSON.parse(m.args), { actorId: m.actor_id }),
        );
        void call; // ran synchronously; a replay that now fails just has no local effect until the hub decides
        this.db.prepare('UPDATE sync_capture SET mutation_id = ? WHERE mutation_id IS NULL').run(m.id);
      }
      this.set('hubVersion', res.version);
      this.set('lastSyncAt', this.now());
      if (reset) this.set('reset', null);
      setCapture(this.db, true, true);
    })();
  }
}
