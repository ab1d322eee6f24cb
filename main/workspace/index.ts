import type { ActivityEntry, BootInfo, SessionInfo, WorkspaceStatus } from '../../shared/contract';
import { STANDARD_TEAMS } from '../../shared/domain';
import { AppError, conflict, forbidden, invalid } from '../../shared/errors';
import type { ReadDb } from '../db/connection';
import { SCHEMA_VERSION, schemaVersionOf } from '../db/migrations';
import type { HandlerGroup, Session } from '../core/backend';
import { createDemoWorkspace } from './demo';
import { getPerson, insertPerson, insertTeam } from '../people';
import { seedBuiltinTemplates } from '../projects/templates-seed';
import { scopeActivity } from '../core/read-scopes';
import { syncClientOf, syncViewOf } from '../sync/registry';
import { syncStatusOf } from '../sync/handlers';
import { maintenanceStatusOf } from '../maintenance';

export const APP_VERSION = '0.1.0';

export function isInitialized(db: ReadDb): boolean {
  return db.prepare("SELECT 1 FROM people WHERE role = 'admin' AND active = 1 LIMIT 1").get() !== undefined;
}

export function workspaceStatus(db: ReadDb): WorkspaceStatus {
  const demo = db.prepare<[], { value: string }>("SELECT value FROM meta WHERE key = 'demo'").get();
  return { initialized: isInitialized(db), demo: demo?.value === '1', schemaVersion: schemaVersionOf(db) || SCHEMA_VERSION, appVersion: APP_VERSION };
}

function sessionInfo(db: ReadDb, session: Session): SessionInfo {
  if (!session.actorId) return { actor: null };
  // After the desktop switched its hub account, a window still signed in as the previous person signs in again.
  const sync = syncViewOf(db);
  if (sync?.configured() && sync.hubPersonId() !== session.actorId) {
    session.actorId = null;
    return { actor: null };
  }
  const row = db.prepare<[string], { active: number }>('SELECT active FROM people WHERE id = ?').get(session.actorId);
  if (!row || !row.active) {
    session.actorId = null;
    return { actor: null };
  }
  return { actor: getPerson(db, session.actorId) };
}

export const workspaceHandlers = {
  'workspace.status': (ctx) => workspaceStatus(ctx.db),

  /**
   * The shell's first call (shared/contract/boot.ts): what maintenance.status, workspace.status,
   * session.current and sync.status would say, in one round trip. Everything past the public
   * part is read as the person the session resolves to NOW (a deactivated person, or one
   * another hub account replaced, is signed out first and gets the signed-out answer).
   */
  'app.boot': (ctx): BootInfo => {
    const session = sessionInfo(ctx.db, ctx.session);
    const viewer = session.actor && ctx.actor?.id === session.actor.id ? ctx.actor : null;
    return {
      maintenance: maintenanceStatusOf(ctx.connection, viewer),
      workspace: workspaceStatus(ctx.db),
      session: viewer ? session : { actor: null },
      hubJoined: syncViewOf(ctx.db)?.configured() ?? false,
      sync: viewer ? syncStatusOf(ctx.connection, viewer) : null,
    };
  },

  'workspace.setup': (ctx, input) => {
    if (isInitialized(ctx.db) || ctx.db.prepare('SELECT 1 FROM people LIMIT 1').get()) {
      throw conflict({ zh: '工作区已经建立，不能重复初始化', en: 'The workspace is already set up' });
    }
    const now = ctx.now();
    let adminId: string;
    if (input.mode === 'demo') {
      adminId = createDemoWorkspace(ctx.db, now).adminId;
      ctx.db.prepare("INSERT OR REPLACE INTO meta (key, value) VALUES ('demo', '1')").run();
    } else {
      const teamIds = new Map<string, string>();
      if (!ctx.db.prepare('SELECT 1 FROM teams LIMIT 1').get()) {
        STANDARD_TEAMS.forEach((t, i) => {
          const team = insertTeam(ctx.db, { name: t.zh, nameEn: t.en, description: '', skills: t.skills, sort: i + 1 }, now);
          teamIds.set(t.key, team.id);
        });
      }
      seedBuiltinTemplates(ctx.db, now);
      const teamId = teamIds.get(input.teamKey ?? STANDARD_TEAMS[0]!.key);
      if (!teamId) throw invalid({ zh: '未知的团队', en: 'Unknown team' });
      adminId = insertPerson(ctx.db, { name: input.admin.name, teamId, role: 'admin', title: input.admin.title, skills: [], capacityHours: 40 }, now).id;
      ctx.db.prepare("INSERT OR REPLACE INTO meta (key, value) VALUES ('demo', '0')").run();
    }
    const admin = getPerson(ctx.db, adminId);
    // The first admin is the author of the set-up itself.
    ctx.actor = { id: admin.id, name: admin.name, role: admin.role, teamId: admin.teamId };
    ctx.record({
      entityType: 'workspace',
      entityId: admin.id,
      summary: input.mode === 'demo' ? '创建演示工作区' : `创建工作区，首位管理员 ${admin.name}`,
      after: { mode: input.mode, adminId },
    });
    return { actor: input.mode === 'empty' ? admin : null };
  },

  'session.current': (ctx) => sessionInfo(ctx.db, ctx.session),

  'session.signIn': async (ctx, input) => {
    const row = ctx.db.prepare<[string], { active: number; name: string; login: string }>('SELECT active, name, login FROM people WHERE id = ?').get(input.personId);
    if (!row) throw new AppError('NOT_FOUND', { zh: '找不到此人员', en: 'Person not found' });
    if (!row.active) throw conflict({ zh: '此人员已停用，不能登录', en: 'This person is deactivated' });
    const sync = syncClientOf(ctx.connection);
    if (sync?.configured() && sync.hubPersonId() !== input.personId) {
      // A desktop joined to a hub acts as its hub account; anyone else proves who they are to the hub.
      if (!input.password) {
        throw forbidden({
          zh: `此电脑已连接中心枢纽，以“${row.name}”身份登录需要其枢纽密码`,
          en: `This desktop is joined to the center's hub: signing in as “${row.name}” needs their hub password`,
        });
      }
      await sync.switchPerson(input.personId, row.login, input.password);
    }
    ctx.session.actorId = input.personId;
    return sessionInfo(ctx.db, ctx.session);
  },

  'session.signOut': (ctx) => {
    ctx.session.actorId = null;
    return { actor: null };
  },

  'activity.list': (ctx, input) =>
    ctx.db
      .prepare<
        { type: string | null; entity: string | null; project: string | null; limit: number },
        {
          id: string; at: number; actor_id: string | null; actor_name: string | null; command: string; entity_type: string;
          entity_id: string; project_id: string | null; summary: string; before: string | null; after: string | null;
        }
      >(
        `SELECT a.*, p.name AS actor_name FROM activity_log a LEFT JOIN people p ON p.id = a.actor_id
         WHERE (@type IS NULL OR a.entity_type = @type) AND (@entity IS NULL OR a.entity_id = @entity)
           AND (@project IS NULL OR a.project_id = @project)
           -- Reading one's notifications is logged like any change, but it is not news for the log screens.
           AND (a.entity_type <> 'notification' OR @type = 'notification')
         ORDER BY a.at DESC, a.id DESC LIMIT @limit`,
      )
      .all({ type: input.entityType ?? null, entity: input.entityId ?? null, project: input.projectId ?? null, limit: input.limit })
      .map(
        (r): ActivityEntry => scopeActivity(ctx.actor, {
          id: r.id,
          at: r.at,
          actorId: r.actor_id,
          actorName: r.actor_name,
          command: r.command,
          entityType: r.entity_type,
          entityId: r.entity_id,
          projectId: r.project_id,
          summary: r.summary,
          before: r.before === null ? null : (JSON.parse(r.before) as unknown),
          after: r.after === null ? null : (JSON.parse(r.after) as unknown),
        }),
      ),
} satisfies HandlerGroup;
