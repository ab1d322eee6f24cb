import { z } from 'zod';
import {
  assertUniqueNames,
  contract,
  isCallName,
  type CallKindOf,
  type CallName,
  type CallParsed,
  type CallResult,
} from '../../shared/contract';
import { AppError, type AppErrorPayload } from '../../shared/errors';
import { fieldLabel } from '../../shared/field-labels';
import { findUnstorableText, unstorableMessage } from '../../shared/text';
import type { Statement } from 'better-sqlite3';
import { readOnly, type Db } from '../db/connection';
import { isUndoable } from '../../shared/contract/boards';
import { ACTIVITY_INSERT } from './activity';
import { ensureImageCapture, recordImages, type RowImage } from './images';
import { EventBus } from './events';
import { newId } from './ids';
import type { Actor, ActivityRecord, CommandCtx, Ctx, ReadCtx } from './context';
import { requireActor } from './rights';

/** Commands are synchronous (one better-sqlite3 transaction); queries may await (file exports). */
export type Handler<K extends CallName> = CallKindOf<K> extends 'command'
  ? (ctx: CommandCtx, input: CallParsed<K>) => CallResult<K>
  : (ctx: SessionCtx, input: CallParsed<K>) => CallResult<K> | Promise<CallResult<K>>;
export type Handlers = { [K in CallName]: Handler<K> };
export type HandlerGroup = Partial<Handlers>;

/** The per-window state a host keeps: who is acting. */
export interface Session {
  actorId: string | null;
}

/** Query and session handlers read through a handle that cannot write, and may change who acts in this window. */
export interface SessionCtx extends ReadCtx {
  session: Session;
  /**
   * The open connection itself, for the host services keyed by it: the sync client, backups
   * and restore (main/sync/handlers.ts, main/maintenance, main/workspace only; the architecture
   * test keeps it so). Data is read through `db`.
   */
  connection: Db;
}

/** What a host sends back over the wire; the typed client narrows `value` by call name. */
export type CallOutcome = { ok: true; value: unknown } | { ok: false; error: AppErrorPayload };

export interface BackendOptions {
  now?: () => number;
  /** Called after each committed command (sync queues it; tests observe it). */
  onCommand?: (entry: { name: CallName; input: unknown; actorId: string | null; activityId: string }) => void;
  /** Wraps each command's transaction (sync fixes the ids and the clock of a replayed command there). */
  aroundCommand?: <T>(name: CallName, input: unknown, run: () => T) => T;
  /** Where change events go (a host passes its own so its windows keep listening across a restore). */
  events?: EventBus;
}

/**
 * The one backend both hosts (Electron IPC and the local web host) call into.
 * Every call goes: known name → zod validation → handler; commands run inside
 * one SQLite transaction that must write exactly one activity-log row.
 */
export class Backend {
  private current: Db;
  private readonly handlers: Handlers;
  private readonly now: () => number;
  private readonly onCommand: BackendOptions['onCommand'];
  private readonly aroundCommand: NonNullable<BackendOptions['aroundCommand']>;
  private insertActivity;
  private loadActor;
  /** Change notifications for the windows (shared/contract/events.ts). */
  readonly events: EventBus;

  constructor(db: Db, groups: HandlerGroup[], opts: BackendOptions = {}) {
    this.current = db;
    this.now = opts.now ?? Date.now;
    this.onCommand = opts.onCommand;
    this.aroundCommand = opts.aroundCommand ?? ((_name, _input, run) => run());
    this.handlers = mergeHandlers(groups);
    this.events = opts.events ?? new EventBus();
    [this.insertActivity, this.loadActor] = Backend.prepare(db);
  }

  /** The open database every call runs on (replaced only by a restore, see replaceDb). */
  get db(): Db {
    return this.current;
  }

  /**
   * Points every later call at another open database and returns the previous
   * one (the caller closes it). Used by restore: close, replace the file, reopen.
   * Synchronous, so no call can run between the old and the new database.
   */
  replaceDb(next: Db): Db {
    const prev = this.current;
    [this.insertActivity, this.loadActor] = Backend.prepare(next);
    this.current = next;
    this.events.emit('reset');
    return prev;
  }

  private static prepare(db: Db) {
    // Prepared on the first command: a backend may be made on a file of an older schema
    // (a test of an older app, the recovery check) that never runs one.
    let insert: Statement | null = null;
    const insertActivity = { run: (row: Record<string, unknown>) => (insert ??= db.prepare(ACTIVITY_INSERT)).run(row) };
    const loadActor = db.prepare<[string], { id: string; name: string; role: Actor['role']; team_id: string; active: number }>(
      'SELECT id, name, role, team_id, active FROM people WHERE id = ?',
    );
    return [insertActivity, loadActor] as const;
  }

  actorOf(session: Session): Actor | null {
    if (!session.actorId) return null;
    const row = this.loadActor.get(session.actorId);
    if (!row || !row.active) return null;
    return { id: row.id, name: row.name, role: row.role, teamId: row.team_id };
  }

  /** Never throws: every failure becomes a typed error payload. */
  async call(name: string, rawInput: unknown, session: Session): Promise<CallOutcome> {
    try {
      return { ok: true, value: await this.callOrThrow(name, rawInput, session) };
    } catch (e) {
      return { ok: false, error: toPayload(e) };
    }
  }

  async callOrThrow(name: string, rawInput: unknown, session: Session): Promise<unknown> {
    if (!isCallName(name)) {
      throw new AppError('NOT_FOUND', { zh: `未知的调用：${name.slice(0, 80)}`, en: `Unknown call: ${name.slice(0, 80)}` });
    }
    const spec = contract[name];
    // Every string of every call, before validation: text no store can keep (NUL, lone surrogates) never gets in.
    const bad = findUnstorableText(rawInput);
    if (bad) throw new AppError('VALIDATION', unstorableMessage(bad), [{ path: bad.path.map(String).join('.'), message: `unstorable character ${bad.char}` }]);
    const parsed = (spec.input as z.ZodType).safeParse(rawInput ?? {});
    if (!parsed.success) throw validationError(parsed.error.issues);
    const actor = this.actorOf(session);
    const base: Ctx = { db: this.db, actor, now: this.now };
    if (spec.access === 'user') requireActor(base);
    const handler = this.handlers[name] as (ctx: CommandCtx | SessionCtx, input: unknown) => unknown;
    if (spec.kind !== 'command') return handler({ ...base, db: readOnly(this.db), session, connection: this.db }, parsed.data);
    return this.runCommand(name, parsed.data, base, handler);
  }

  private runCommand(
    name: CallName,
    input: unknown,
    base: Ctx,
    handler: (ctx: CommandCtx, input: unknown) => unknown,
  ): unknown {
    let activityId = '';
    // The row-image triggers, made before the transaction (DDL inside one would roll back with it).
    if ((isUndoable(name) || name === 'boards.undo') && !this.db.inTransaction) ensureImageCapture(this.db);
    const result = this.aroundCommand(name, input, () => this.db.transaction(() => {
      const records: ActivityRecord[] = [];
      const at = this.now();
      const ctx: CommandCtx = { ...base, now: () => at, record: (r) => void records.push(r) };
      // An undoable command keeps what it changed, row by row, on its activity row (generic undo).
      let images: RowImage[] | null = null;
      let value: unknown;
      if (isUndoable(name)) ({ value, images } = recordImages(this.db, () => handler(ctx, input)));
      else value = handler(ctx, input);
      if (value instanceof Promise) {
        throw new Error(`command ${name} returned a promise: commands must be synchronous`);
      }
      if (records.length !== 1) {
        throw new Error(`command ${name} recorded ${records.length} activity rows; exactly one is required`);
      }
      const r = records[0]!;
      activityId = newId();
      this.insertActivity.run({
        id: activityId,
        at,
        actorId: ctx.actor?.id ?? null,
        command: name,
        input: JSON.stringify(input),
        entityType: r.entityType,
        entityId: r.entityId,
        projectId: r.projectId ?? null,
        summary: r.summary,
        before: r.before === undefined ? null : JSON.stringify(r.before),
        after: r.after === undefined ? null : JSON.stringify(r.after),
        images: images === null ? null : JSON.stringify(images),
      });
      return value;
    }).immediate()); // BEGIN IMMEDIATE: take the write lock up front, never upgrade a read to a write mid-command
    this.onCommand?.({ name, input, actorId: base.actor?.id ?? null, activityId });
    this.events.emit('data');
    return result;
  }
}

const zhMessages = z.locales.zhCN().localeError;

/** One issue in words a person understands, in both languages: the field by its name on the form. */
function describeIssue(i: z.core.$ZodIssue): { zh: string; en: string } {
  const f = fieldLabel(i.path);
  const issue = i as z.core.$ZodIssue & { origin?: string; maximum?: number | bigint; minimum?: number | bigint; expected?: string };
  const max = issue.maximum !== undefined ? Number(issue.maximum) : undefined;
  const min = issue.minimum !== undefined ? Number(issue.minimum) : undefined;
  if (i.code === 'too_big' && max !== undefined) {
    if (issue.origin === 'string') return { zh: `${f.zh}过长（最多 ${max} 个字符）`, en: `${f.en} is too long (at most ${max} characters)` };
    if (issue.origin === 'array' || issue.origin === 'set') return { zh: `${f.zh}最多 ${max} 项`, en: `${f.en}: at most ${max} items` };
    return { zh: `${f.zh}不能大于 ${max}`, en: `${f.en} must be at most ${max}` };
  }
  if (i.code === 'too_small' && min !== undefined) {
    if (issue.origin === 'string') {
      return min <= 1 ? { zh: `${f.zh}不能为空`, en: `${f.en} cannot be empty` } : { zh: `${f.zh}至少 ${min} 个字符`, en: `${f.en} needs at least ${min} characters` };
    }
    if (issue.origin === 'array' || issue.origin === 'set') return { zh: `${f.zh}至少 ${min} 项`, en: `${f.en}: at least ${min} items` };
    return { zh: `${f.zh}不能小于 ${min}`, en: `${f.en} must be at least ${min}` };
  }
  if (i.code === 'invalid_type' && (issue.expected === 'number' || issue.expected === 'int')) {
    return { zh: `${f.zh}不是有效的数字`, en: `${f.en} is not a valid number` };
  }
  const m = zhMessages(i as unknown as Parameters<typeof zhMessages>[0]);
  const zh = (typeof m === 'string' ? m : m?.message) ?? i.message;
  return { zh: `${f.zh}：${zh}`, en: `${f.en}: ${i.message}` };
}

/** A VALIDATION error listing what is wrong, in Chinese and English, each field by its name on the form. */
function validationError(raw: z.core.$ZodIssue[]): AppError {
  const list = raw.slice(0, 20);
  const said = list.map(describeIssue);
  const issues = list.map((i) => ({ path: i.path.map(String).join('.'), message: i.message }));
  return new AppError(
    'VALIDATION',
    { zh: `输入有误：${said.map((x) => x.zh).join('；')}`, en: `Invalid input: ${said.map((x) => x.en).join('; ')}` },
    issues,
  );
}

export function mergeHandlers(groups: HandlerGroup[]): Handlers {
  assertUniqueNames();
  const merged: Record<string, unknown> = {};
  for (const g of groups) {
    for (const [name, fn] of Object.entries(g)) {
      if (name in merged) throw new Error(`handler registered twice: ${name}`);
      if (!isCallName(name)) throw new Error(`handler for a call the contract does not declare: ${name}`);
      merged[name] = fn;
    }
  }
  const missing = Object.keys(contract).filter((n) => !(n in merged));
  if (missing.length) throw new Error(`contract calls without a handler: ${missing.join(', ')}`);
  return merged as Handlers;
}

function toPayload(e: unknown): AppErrorPayload {
  if (e instanceof AppError) return e.toPayload();
  const err = e as { code?: string; message?: string };
  if (typeof err?.code === 'string' && err.code.startsWith('SQLITE_')) {
    if (err.code === 'SQLITE_CONSTRAINT_UNIQUE' || err.code === 'SQLITE_CONSTRAINT_PRIMARYKEY') {
      return { code: 'CONFLICT', message: { zh: '与已有记录重复', en: 'This duplicates an existing record' } };
    }
    if (err.code === 'SQLITE_CONSTRAINT_FOREIGNKEY') {
      return { code: 'NOT_FOUND', message: { zh: '引用的记录不存在', en: 'A referenced record does not exist' } };
    }
    if (err.code.startsWith('SQLITE_CONSTRAINT')) {
      return { code: 'VALIDATION', message: { zh: '数据不符合约束', en: 'The data breaks a rule of the database' } };
    }
    if (err.code === 'SQLITE_FULL') {
      return { code: 'INTERNAL', message: { zh: '磁盘已满，未保存任何改动', en: 'The disk is full; nothing was saved' } };
    }
    if (err.code === 'SQLITE_READONLY' || err.code.startsWith('SQLITE_READONLY')) {
      return {
        code: 'INTERNAL',
        message: { zh: '数据文件夹只读，未保存任何改动', en: 'The data folder is read-only; nothing was saved' },
      };
    }
  }
  if (process.env.NODE_ENV !== 'production') console.error(e);
  return {
    code: 'INTERNAL',
    message: {
      zh: `内部错误，未保存任何改动：${err?.message ?? String(e)}`.slice(0, 300),
      en: `Internal error; nothing was saved: ${err?.message ?? String(e)}`.slice(0, 300),
    },
  };
}
