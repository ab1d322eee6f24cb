import { newId } from '../core/ids';
import type { Backend } from '../core/backend';
import type { Db } from '../db/connection';
import { SCHEMA_VERSION } from '../db/migrations';
import { isInitialized } from '../workspace';
import { AppError, conflict } from '../../shared/errors';
import { SYNC_PROTOCOL, type PullResponse, type SyncNotice, type SyncStatus, type SyncStuck } from '../../shared/sync';
import type { LocalizedText } from '../../shared/errors';
import type { SyncQueue, SyncQueueExport, SyncQueueItem } from '../../shared/contract/sync';
import type { CommandHooks } from './hooks';
import { ACKED_KEEP_MS, conflictCandidates, listConflicts, recordConflicts } from './conflicts';
import { ensureSyncTables, installCapture, RowStore, setCapture, syncedTables } from './rows';
import { secretStoreFor, type SecretStore } from './secrets';
import {
  canonicalFingerprint,
  HubCertificateError,
  httpTransport,
  normaliseHubUrl,
  OfflineError,
  type HubEndpoint,
  type SyncTransport,
} from './transport';

/** One queued change: a row of sync_mutations. */
export interface QueuedMutation {
  id: number;
  name: string;
  args: string;
  ids: string;
  actor_id: string | null;
  at: number;
}

/**
 * What a cleared mutation becomes: it keeps its number (the hub applies a client's mutations
 * 1, 2, 3 … with no gap, and may already have processed the original whose answer was lost),
 * but carries nothing; the hub refuses the unknown name, which moves the queue on.
 */
export const CLEARED = 'sync.cleared';

/** Pushes in a row that failed on the same oldest change before the status calls the queue stuck. */
export const STUCK_AFTER = 2;

export interface SyncClientOptions {
  transport?: SyncTransport;
  /** Automatic sync period while a hub is configured; 0 turns the timer off (tests drive sync). */
  intervalMs?: number;
  now?: () => number;
  /** Where the hub token is kept (default: beside the database file, or the OS keychain in Electron). */
  secrets?: SecretStore;
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
  /** The oldest queued change and what the hub answered the pushes that carried it (memory only: a restart tries again). */
  private headFailure: { mutationId: number; error: LocalizedText; attempts: number; since: number } | null = null;
  private readonly secrets: SecretStore;

  constructor(
    private readonly backend: Backend,
    private readonly hooks: CommandHooks,
    opts: SyncClientOptions = {},
  ) {
    this.db = backend.db;
    this.transport = opts.transport ?? httpTransport;
    this.intervalMs = opts.intervalMs ?? 10_000;
    this.now = opts.now ?? Date.now;
    this.secrets = opts.secrets ?? secretStoreFor(this.db.name);
    this.moveTokenOutOfDatabase();
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

  /**
   * Versions before 0.2 kept the hub token in sync_state, so it sat in the database file,
   * every backup and every export. Move it to the secret store and overwrite it in the file.
   */
  private moveTokenOutOfDatabase(): void {
    const token = this.get('token');
    if (token === null) return;
    if (this.secrets.read() === null) this.secrets.write(token);
    const secure = this.db.pragma('secure_delete', { simple: true }) as number;
    this.db.pragma('secure_delete = ON');
    try {
      this.db.prepare("DELETE FROM sync_state WHERE key = 'token'").run();
    } finally {
      this.db.pragma(`secure_delete = ${secure ? 'ON' : 'OFF'}`);
    }
    if (this.db.name !== ':memory:') this.db.pragma('wal_checkpoint(TRUNCATE)');
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
    // After a restore the old connection is already closed; its TEMP triggers went with it.
    if (this.store && this.db.open) setCapture(this.db, false, false);
  }

  pendingCount(): number {
    if (!this.hasTables()) return 0;
    return this.db.prepare<[string], { n: number }>('SELECT count(*) AS n FROM sync_mutations WHERE name <> ?').get(CLEARED)!.n;
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
      hubFingerprint: this.get('hubFingerprint'),
      hubLogin: this.get('personLogin'),
      online: configured && this.online,
      syncing: this.running !== null,
      pending: this.pendingCount(),
      lastSyncAt: last === null ? null : Number(last),
      hubVersion: Number(this.get('hubVersion') ?? 0),
      lastError: this.lastError,
      notices,
      conflicts: this.hasTables() ? listConflicts(this.db) : [],
      stuck: configured ? this.stuck() : null,
    };
  }

  // ---- the queue, for the person (Settings → sync) ---------------------------

  /** The oldest queued change, when the hub has failed on it push after push. */
  private stuck(): SyncStuck | null {
    const f = this.headFailure;
    if (!f || f.attempts < STUCK_AFTER || !this.hasTables()) return null;
    const m = this.db.prepare<[number], QueuedMutation>('SELECT * FROM sync_mutations WHERE id = ?').get(f.mutationId);
    if (!m || m.name === CLEARED) return null;
    return { mutationId: m.id, name: m.name, at: m.at, attempts: f.attempts, since: f.since, error: f.error };
  }

  private noteHeadFailure(head: QueuedMutation, error: LocalizedText): void {
    const f = this.headFailure;
    this.headFailure = f && f.mutationId === head.id
      ? { ...f, error, attempts: f.attempts + 1 }
      : { mutationId: head.id, error, attempts: 1, since: this.now() };
  }

  private queued(limit: number): QueuedMutation[] {
    if (!this.hasTables()) return [];
    return this.db.prepare<[string, number], QueuedMutation>('SELECT * FROM sync_mutations WHERE name <> ? ORDER BY id LIMIT ?').all(CLEARED, limit);
  }

  private describe(m: QueuedMutation): SyncQueueItem {
    const ids = JSON.parse(m.ids) as string[];
    // A command's activity row is the last id it created, and comes back with the same id on every replay.
    const activity = ids.length
      ? this.db.prepare<[string], { summary: string }>('SELECT summary FROM activity_log WHERE id = ?').get(ids[ids.length - 1]!)
      : undefined;
    const actor = m.actor_id ? this.db.prepare<[string], { name: string }>('SELECT name FROM people WHERE id = ?').get(m.actor_id) : undefined;
    return {
      mutationId: m.id,
      name: m.name,
      at: m.at,
      actorId: m.actor_id,
      actorName: actor?.name ?? null,
      // No activity row: the change does not apply on the hub's current rows (it waits for the hub's answer).
      summary: activity?.summary ?? m.args.slice(0, 160),
    };
  }

  /** What is waiting to reach the hub, oldest first. */
  queue(limit: number): SyncQueue {
    return { total: this.pendingCount(), items: this.queued(limit).map((m) => this.describe(m)), stuck: this.stuck() };
  }

  /** Every queued change in full (what the person saves before clearing): a JSON document. */
  exportQueue(): SyncQueueExport {
    const items = this.queued(1_000_000).map((m) => ({ ...this.describe(m), args: JSON.parse(m.args) as unknown, ids: JSON.parse(m.ids) as string[] }));
    const at = this.now();
    const doc = {
      format: 'crewdesk-sync-queue',
      version: 1,
      exportedAt: new Date(at).toISOString(),
      hubUrl: this.get('hubUrl'),
      hubUser: this.get('personName'),
      clientId: this.get('clientId'),
      stuck: this.stuck(),
      mutations: items,
    };
    const stamp = new Date(at).toISOString().slice(0, 16).replace(/[-:]/g, '').replace('T', '-');
    // JSON.stringify escapes NUL and lone surrogates, so the file is valid JSON whatever was queued.
    return { fileName: `crewdesk-unsynced-${stamp}.json`, json: `${JSON.stringify(doc, null, 2)}\n`, count: items.length };
  }

  /**
   * Drops the queued changes numbered up to `through` (what the person saw and confirmed;
   * anything queued after that stays). In one transaction: every queued change is undone
   * (the rows go back to the hub's version), the cleared ones become empty placeholders, the
   * others are replayed on top, and a notice records what was cleared.
   */
  async clearQueue(through: number): Promise<{ cleared: number }> {
    const store = this.store;
    if (!store || !this.configured()) throw conflict({ zh: '尚未连接枢纽', en: 'No hub is configured' });
    // A push in flight carries the originals: let it finish (the hub's answer may already settle them).
    while (this.running) await this.running.catch(() => undefined);
    const all = this.db.prepare<[], QueuedMutation>('SELECT * FROM sync_mutations ORDER BY id').all();
    const cleared = all.filter((m) => m.id <= through && m.name !== CLEARED);
    if (!cleared.length) return { cleared: 0 };
    this.db.transaction(() => {
      setCapture(this.db, false, false);
      this.db.pragma('defer_foreign_keys = ON');
      undoCaptured(this.db, store);
      this.db.pragma('defer_foreign_keys = OFF');
      this.db.prepare("UPDATE sync_mutations SET name = ?, args = 'null', ids = '[]', at = ? WHERE id <= ?").run(CLEARED, this.now(), through);
      setCapture(this.db, true, false);
      for (const m of all.filter((p) => p.id > through && p.name !== CLEARED)) {
        void this.hooks.replaying({ ids: JSON.parse(m.ids) as string[], at: m.at }, () =>
          this.backend.call(m.name, JSON.parse(m.args), { actorId: m.actor_id }),
        );
        this.db.prepare('UPDATE sync_capture SET mutation_id = ? WHERE mutation_id IS NULL').run(m.id);
      }
      const names = [...new Set(cleared.map((m) => m.name))].slice(0, 5).join('、');
      this.db.prepare('INSERT INTO sync_notices (at, command, zh, en) VALUES (?, ?, ?, ?)').run(
        this.now(), 'sync.clearQueue',
        `已清除 ${cleared.length} 项未同步的改动（${names}），它们在本机的效果已撤销，不会发送到枢纽`,
        `${cleared.length} unsynced change(s) were cleared (${names.replace(/、/g, ', ')}); their effect was undone here and they will not reach the hub`,
      );
      setCapture(this.db, true, true);
    })();
    if (this.headFailure && this.headFailure.mutationId <= through) this.headFailure = null;
    return { cleared: cleared.length };
  }

  dismissNotices(): void {
    if (this.hasTables()) this.db.exec('DELETE FROM sync_notices; DELETE FROM sync_conflicts;');
  }

  /** One conflict notice read (its value applied again, or let go). */
  dismissConflict(id: number): void {
    if (this.hasTables()) this.db.prepare('DELETE FROM sync_conflicts WHERE id = ?').run(id);
  }

  // ---- connecting -----------------------------------------------------------

  /**
   * Signs this machine in to a hub. The hub's workspace then replaces the
   * local one (a copy of the local file is kept next to it first), because the
   * hub is the system of record and a desktop's rows must match it.
   */
  async connect(input: { hubUrl: string; name: string; password: string; replaceLocal: boolean; fingerprint?: string }): Promise<SyncStatus> {
    const hubUrl = normaliseHubUrl(input.hubUrl);
    // The fingerprint the person compared with the one the hub's admin printed (see probe()).
    const confirmed = input.fingerprint === undefined ? null : canonicalFingerprint(input.fingerprint);
    if (input.fingerprint !== undefined && confirmed === null) {
      throw new AppError('VALIDATION', { zh: '证书指纹格式不对', en: 'That is not a certificate fingerprint' });
    }
    // `name` is the hub login (staff number or pinyin handle); the hub never signs in by display name.
    const hubLogin = input.name.trim();
    if (this.configured() && sameHub(this.get('hubUrl')!, hubUrl) && (this.get('personLogin') ?? this.get('personName'))?.toLowerCase() === hubLogin.toLowerCase()) {
      // Signing in again to the same hub as the same person (a password was reset, a session
      // ended, the address moved to https): keep the client id and the queue, so nothing made
      // offline is lost. The pin stays unless the person confirmed a new certificate.
      const endpoint = this.endpoint(hubUrl, confirmed ?? this.get('hubFingerprint'));
      const again = await this.transport.login(endpoint, { login: hubLogin, password: input.password });
      if (again.personId === this.get('personId')) {
        this.secrets.write(again.token);
        this.set('hubUrl', hubUrl);
        this.set('hubFingerprint', endpoint.fingerprint);
        await this.sync().catch(() => undefined);
        return this.status();
      }
    }
    const endpoint = this.endpoint(hubUrl, confirmed);
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
      login = await this.transport.login(endpoint, { login: hubLogin, password: input.password });
    } catch (e) {
      if (e instanceof OfflineError) throw new AppError('CONFLICT', { zh: `无法连接枢纽：${hubUrl}`, en: `Cannot reach the hub at ${hubUrl}` });
      throw e;
    }
    if (isInitialized(this.db) && this.db.name !== ':memory:') {
      this.db.prepare('VACUUM INTO ?').run(`${this.db.name}.before-hub-${this.now()}.sqlite3`);
    }
    this.deactivate();
    ensureSyncTables(this.db);
    this.secrets.write(login.token);
    this.db.transaction(() => {
      this.db.exec('DELETE FROM sync_state; DELETE FROM sync_mutations; DELETE FROM sync_capture; DELETE FROM sync_notices; DELETE FROM sync_conflicts; DELETE FROM sync_acked;');
      this.set('hubUrl', hubUrl);
      this.set('hubFingerprint', endpoint.fingerprint);
      this.set('personId', login.personId);
      this.set('personName', login.name);
      this.set('personLogin', login.login ?? hubLogin);
      // A new client id per sign-in: mutation ids restart at 1 and belong to this login only.
      this.set('clientId', newId());
      this.set('nextMutationId', 1);
      this.set('hubVersion', 0);
      this.set('reset', 1);
    }).immediate();
    this.activate();
    await this.sync();
    return this.status();
  }

  /**
   * Makes another person the one this desktop acts as at the hub: the hub checks their
   * password (a login through the transport), then the link carries their token and
   * a fresh pull brings exactly what they may read (the hub scopes each person's rows).
   * Offline, or with unsynced changes of the current person, nothing changes.
   */
  async switchPerson(personId: string, login: string, password: string): Promise<void> {
    const hubUrl = this.get('hubUrl');
    if (!hubUrl) throw conflict({ zh: '尚未连接枢纽', en: 'No hub is configured' });
    const endpoint = this.endpoint(hubUrl, this.get('hubFingerprint'));
    const unsynced = conflict({
      zh: '本机还有未同步的改动，请先同步，再切换用户',
      en: 'This desktop has unsynced changes; sync them before switching user',
    });
    if (this.pendingCount() > 0) throw unsynced;
    let login_;
    try {
      login_ = await this.transport.login(endpoint, { login, password });
    } catch (e) {
      if (e instanceof OfflineError) {
        throw new AppError('CONFLICT', {
          zh: '无法连接枢纽，不能核对密码：离线时只能以本机登录枢纽的人员身份使用',
          en: 'The hub cannot be reached to check the password: offline, this desktop can only be used as the person signed in to the hub',
        });
      }
      throw e;
    }
    if (login_.personId !== personId) {
      throw new AppError('FORBIDDEN', { zh: '密码与所选人员不符', en: 'The password does not belong to the person chosen' });
    }
    if (this.pendingCount() > 0) throw unsynced; // a change was made while the hub answered
    this.deactivate();
    this.secrets.write(login_.token);
    this.db.transaction(() => {
      this.db.exec('DELETE FROM sync_mutations; DELETE FROM sync_capture; DELETE FROM sync_notices; DELETE FROM sync_conflicts; DELETE FROM sync_acked;');
      this.set('personId', login_.personId);
      this.set('personName', login_.name);
      this.set('personLogin', login_.login ?? login);
      this.set('clientId', newId());
      this.set('nextMutationId', 1);
      this.set('hubVersion', 0);
      this.set('scope', null);
      this.set('reset', 1);
    })();
    this.activate();
    await this.sync().catch(() => undefined); // the link stands; the status tells whether the pull went through
  }

  /** Leaves the hub: the token is deleted here and (best effort) its session ended at the hub. */
  async disconnect(): Promise<SyncStatus> {
    const pending = this.pendingCount();
    if (pending > 0) {
      const stuck = this.stuck();
      throw conflict(stuck
        ? {
            zh: `还有 ${pending} 项改动未同步，断开会丢失它们；枢纽一直拒收最早的一项（${stuck.name}：${stuck.error.zh}）。请在“设置 → 中心枢纽同步 → 未同步的改动”中先导出，再清除，然后断开。`,
            en: `${pending} change(s) are not synced and disconnecting would lose them; the hub keeps failing on the oldest (${stuck.name}: ${stuck.error.en}). In Settings → Sync → Unsynced changes, export them, then clear them, then disconnect.`,
          }
        : {
            zh: `还有 ${pending} 项改动未同步，断开会丢失它们。请先同步；如果同步一直失败，请在“设置 → 中心枢纽同步 → 未同步的改动”中导出后清除。`,
            en: `${pending} change(s) are not synced and disconnecting would lose them. Sync first; if sync keeps failing, export and then clear them in Settings → Sync → Unsynced changes.`,
          });
    }
    const hubUrl = this.get('hubUrl');
    const token = this.secrets.read();
    let endpoint: HubEndpoint | null = null;
    try {
      endpoint = hubUrl ? this.endpoint(hubUrl, this.get('hubFingerprint')) : null;
    } catch {
      /* an address this version refuses (http:// to another machine): no logout call over it */
    }
    this.deactivate();
    this.headFailure = null;
    this.secrets.remove();
    // Placeholders of cleared changes carry nothing: they go with the link.
    if (this.hasTables()) this.db.exec('DELETE FROM sync_state; DELETE FROM sync_capture; DELETE FROM sync_mutations;');
    this.online = false;
    this.lastError = null;
    if (endpoint && token && this.transport.logout) {
      await this.transport.logout(endpoint, token).catch(() => undefined); // offline: the session expires at the hub
    }
    return this.status();
  }

  private endpoint(url: string, fingerprint: string | null): HubEndpoint {
    normaliseHubUrl(url); // an address saved by an older version may be http:// to another machine: refused
    if (url.startsWith('https:') && !fingerprint) {
      throw new AppError('VALIDATION', {
        zh: '请先核对枢纽证书指纹：与枢纽管理员提供的指纹一致后再连接',
        en: 'Check the hub certificate fingerprint first: connect only when it matches the one the hub admin gave you',
      });
    }
    return { url, fingerprint: url.startsWith('https:') ? fingerprint : null };
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
          this.online = e instanceof AppError && e.code !== 'INTERNAL' && !(e instanceof HubCertificateError);
          this.lastError = e instanceof AppError ? e.localized : { zh: `同步失败：${String(e)}`, en: `Sync failed: ${String(e)}` };
        }
        throw e;
      } finally {
        this.running = null;
        if (!this.closed) this.backend.events.emit('sync');
      }
    })();
    return this.running;
  }

  private auth(): { hub: HubEndpoint; token: string; clientId: string } {
    const hubUrl = this.get('hubUrl');
    const clientId = this.get('clientId');
    if (!hubUrl || !clientId) throw conflict({ zh: '尚未连接枢纽', en: 'No hub is configured' });
    const token = this.secrets.read();
    if (!token) throw new AppError('FORBIDDEN', { zh: '枢纽登录已失效，请重新登录', en: 'The hub sign-in has expired; sign in again' });
    return { hub: this.endpoint(hubUrl, this.get('hubFingerprint')), token, clientId };
  }

  private async pushOnce(): Promise<void> {
    const { hub, token, clientId } = this.auth();
    for (;;) {
      const batch = this.db
        .prepare<[], QueuedMutation>('SELECT * FROM sync_mutations ORDER BY id LIMIT 200')
        .all();
      if (!batch.length) return;
      let res;
      try {
        res = await this.transport.push(hub, token, {
          protocol: SYNC_PROTOCOL,
          schemaVersion: SCHEMA_VERSION,
          clientId,
          mutations: batch.map((m) => ({ id: m.id, name: m.name, args: JSON.parse(m.args) as unknown, ids: JSON.parse(m.ids) as string[], at: m.at })),
        });
      } catch (e) {
        // Offline says nothing about the change; an answer from the hub does.
        if (!(e instanceof OfflineError)) {
          this.noteHeadFailure(batch[0]!, e instanceof AppError ? e.localized : { zh: `同步失败：${String(e)}`, en: `Sync failed: ${String(e)}` });
        }
        throw e;
      }
      if (res.lastMutationId >= batch[0]!.id) this.headFailure = null;
      else {
        this.noteHeadFailure(batch[0]!, {
          zh: `枢纽没有接受排在最前的改动（第 ${batch[0]!.id} 项，${batch[0]!.name}）`,
          en: `The hub did not take the oldest queued change (#${batch[0]!.id}, ${batch[0]!.name})`,
        });
      }
      // Only a full batch the hub took completely means there may be more to send now.
      if (batch.length < 200 || res.lastMutationId < batch[batch.length - 1]!.id) return;
      await this.pullOnce();
    }
  }

  private async pullOnce(): Promise<void> {
    const { hub, token, clientId } = this.auth();
    const pendingFrom = this.db.prepare<[], { id: number | null }>('SELECT min(id) AS id FROM sync_mutations').get()?.id
      ?? Number(this.get('nextMutationId') ?? 1);
    const res = await this.transport.pull(hub, token, {
      protocol: SYNC_PROTOCOL,
      schemaVersion: SCHEMA_VERSION,
      clientId,
      since: Number(this.get('hubVersion') ?? 0),
      pendingFrom,
      ...(this.get('scope') !== null ? { scope: this.get('scope')! } : {}),
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
    // Rows resent under another read scope (a promotion or demotion) are applied even at the same version.
    const rescoped = res.scope !== undefined && res.scope !== this.get('scope');
    if (!reset && res.version === since && !confirmed.length && !rescoped) {
      this.set('lastSyncAt', this.now());
      return;
    }
    const me = this.hubPersonId();
    this.db.transaction(() => {
      setCapture(this.db, false, false);
      // 0. What of the pulled rows this desktop's person set last, as this desktop knows it (conflict notices).
      const candidates = me && !reset ? conflictCandidates(this.db, store, res.rows, pending, me) : [];
      this.db.pragma('defer_foreign_keys = ON');
      // 1. Undo every queued change, newest first: the database is back at hub version `since`.
      undoCaptured(this.db, store);
      // 2. The hub's rows.
      if (reset) store.clearAll();
      store.applyAll(res.rows);
      this.db.pragma('defer_foreign_keys = OFF');
      // 3. Processed mutations leave the queue; refused ones leave a notice (their effect is gone with step 1).
      const refused = new Map(res.rejections.map((r) => [r.mutationId, r]));
      for (const m of confirmed) {
        const r = refused.get(m.id);
        if (r && m.name !== CLEARED) {
          this.db.prepare('INSERT INTO sync_notices (at, command, zh, en) VALUES (?, ?, ?, ?)').run(
            this.now(), m.name, `枢纽拒绝了您的改动（${m.name}），已在本机撤销：${r.error.message.zh}`,
            `The hub refused your change (${m.name}); it was undone here: ${r.error.message.en}`,
          );
        }
      }
      // Kept a while: a colleague's change made before one of these reached the hub, arriving later, is a conflict.
      const acked = this.db.prepare('INSERT OR IGNORE INTO sync_acked (mutation_id, name, at, actor_id, acked_at) VALUES (?, ?, ?, ?, ?)');
      for (const m of confirmed) if (!refused.has(m.id) && m.name !== CLEARED) acked.run(m.id, m.name, m.at, m.actor_id, this.now());
      this.db.prepare('DELETE FROM sync_acked WHERE acked_at < ?').run(this.now() - ACKED_KEEP_MS);
      this.db.prepare('DELETE FROM sync_mutations WHERE id <= ?').run(res.lastMutationId);
      // 4. Replay what the hub has not seen yet, on top of its rows, with the same ids and clock.
      setCapture(this.db, true, false);
      for (const m of pending.filter((p) => p.id > res.lastMutationId && p.name !== CLEARED)) {
        const call = this.hooks.replaying({ ids: JSON.parse(m.ids) as string[], at: m.at }, () =>
          this.backend.call(m.name, JSON.parse(m.args), { actorId: m.actor_id }),
        );
        void call; // ran synchronously; a replay that now fails just has no local effect until the hub decides
        this.db.prepare('UPDATE sync_capture SET mutation_id = ? WHERE mutation_id IS NULL').run(m.id);
      }
      // 5. A value of the person's that did not survive (a later change won at the hub, or a delete): one notice each.
      const refusedArgs = confirmed.filter((m) => refused.has(m.id)).map((m) => m.args);
      if (me) recordConflicts(this.db, store, candidates, res.rows, me, refusedArgs, this.now());
      this.set('hubVersion', res.version);
      this.set('lastSyncAt', this.now());
      if (res.scope !== undefined) this.set('scope', res.scope);
      if (reset) this.set('reset', null);
      setCapture(this.db, true, true);
    }).immediate();
    this.backend.events.emit('data'); // the hub's rows are in: every window refetches what it shows
  }
}

/** The same hub: the same address, or an old http:// address of the same host now reached over https. */
function sameHub(stored: string, next: string): boolean {
  if (stored === next) return true;
  const a = new URL(stored);
  const b = new URL(next);
  return a.protocol === 'http:' && b.protocol === 'https:' && a.hostname === b.hostname;
}

/**
 * Undoes every captured change, newest first, from the row pre-images the queue trigger
 * kept: the database is back at the hub version it last pulled (inside the caller's
 * transaction, with capture off and foreign keys deferred).
 */
function undoCaptured(db: Db, store: RowStore): void {
  const captured = db.prepare<[], { tbl: string; pk: string; old: string | null }>('SELECT tbl, pk, old FROM sync_capture ORDER BY seq DESC').all();
  for (const c of captured) {
    const key = JSON.stringify(JSON.parse(c.pk) as unknown[]);
    if (c.old === null) store.remove(c.tbl, key);
    else store.upsert(c.tbl, JSON.parse(c.old) as Record<string, unknown>);
  }
  db.exec('DELETE FROM sync_capture');
}
