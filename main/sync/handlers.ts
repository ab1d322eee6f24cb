import type { HandlerGroup } from '../core/backend';
import type { Db } from '../db/connection';
import { AppError, forbidden } from '../../shared/errors';
import type { SyncStatus } from '../../shared/sync';
import type { SyncClient } from './client';
import { syncClientOf } from './registry';
import { mayReadSyncNotices, type Viewer } from '../core/read-scopes';
import { OfflineError, probeHub } from './transport';

const IDLE: SyncStatus = {
  configured: false, hubUrl: null, hubUser: null, hubFingerprint: null, online: false, syncing: false, pending: 0,
  lastSyncAt: null, hubVersion: 0, lastError: null, notices: [], conflicts: [], stuck: null,
};

function client(db: Db): SyncClient {
  const c = syncClientOf(db);
  if (!c) throw new AppError('CONFLICT', { zh: '此程序未启用同步', en: 'Sync is not available in this app' });
  return c;
}

/** sync.status as `viewer` may read it (also part of app.boot, main/workspace). */
export function syncStatusOf(db: Db, viewer: Viewer | null): SyncStatus {
  const c = syncClientOf(db);
  if (!c) return IDLE;
  const status = c.status();
  // The notices and conflicts are about the hub account's own changes, with the values of cards
  // (core/read-scopes): only that person reads them, never someone else or someone signed out.
  return mayReadSyncNotices(viewer, c.hubPersonId()) ? status : { ...status, notices: [], conflicts: [] };
}

/** Handlers of the sync feature (calls declared in shared/contract/sync.ts). */
export const syncHandlers = {
  'sync.status': (ctx) => syncStatusOf(ctx.connection, ctx.actor),

  'sync.probe': async (ctx, input) => {
    client(ctx.connection);
    return probeHub(input.hubUrl).catch((e: unknown) => {
      if (e instanceof OfflineError) throw new AppError('CONFLICT', { zh: `无法连接枢纽：${input.hubUrl}`, en: `Cannot reach the hub at ${input.hubUrl}` });
      throw e;
    });
  },

  'sync.connect': async (ctx, input) => {
    const c = client(ctx.connection);
    const status = await c.connect(input).catch((e: unknown) => {
      // Signed in and the first pull failed part-way: the link stands and sync retries.
      if (c.configured()) return c.status();
      throw e;
    });
    // Whoever signed in to the hub is who acts here: the hub runs their changes as them.
    ctx.session.actorId = c.hubPersonId();
    return status;
  },

  'sync.now': async (ctx) => {
    const c = client(ctx.connection);
    await c.sync().catch(() => undefined); // the outcome is in the status (online, lastError)
    return c.status();
  },

  'sync.disconnect': (ctx) => client(ctx.connection).disconnect(),

  'sync.queue': (ctx, input) => syncClientOf(ctx.connection)?.queue(input.limit) ?? { total: 0, items: [], stuck: null },

  'sync.exportQueue': (ctx) => client(ctx.connection).exportQueue(),

  'sync.clearQueue': async (ctx, input) => {
    const c = client(ctx.connection);
    const { cleared } = await c.clearQueue(input.through);
    // The placeholders go out now, so the hub moves past them and what stayed follows.
    await c.sync().catch(() => undefined);
    return { ...c.status(), cleared };
  },

  'sync.dismissConflict': (ctx, input) => {
    const c = client(ctx.connection);
    if (!mayReadSyncNotices(ctx.actor, c.hubPersonId())) throw forbidden({ zh: '只有本人可以处理自己的同步冲突', en: 'Only the person whose change it was can dismiss a conflict' });
    c.dismissConflict(input.id);
    return syncStatusOf(ctx.connection, ctx.actor);
  },

  'sync.dismissNotices': (ctx) => {
    const c = client(ctx.connection);
    if (!mayReadSyncNotices(ctx.actor, c.hubPersonId())) throw forbidden({ zh: '只有本人可以处理自己的同步通知', en: 'Only the person whose changes they were can dismiss sync notices' });
    c.dismissNotices();
    return syncStatusOf(ctx.connection, ctx.actor);
  },
} satisfies HandlerGroup;
