import { forbidden, invalid, notFound } from '../../shared/errors';
import type { ProjectStatus } from '../../shared/domain';
import type { Db, ReadDb } from '../db/connection';
import type { Actor, Ctx } from '../core/context';
import { requireActor } from '../core/rights';

/**
 * Project-level rights, shared by every feature (groups, boards, meetings,
 * workload) and by the sync hub: only the project's convener, a manager or an
 * admin may change a project or its group; group members work on its board.
 */
export interface ProjectRef {
  id: string;
  name: string;
  convenerId: string;
  status: ProjectStatus;
  startDate: string;
  endDate: string;
}

export function projectRef(db: ReadDb, projectId: string): ProjectRef {
  const row = db
    .prepare<[string], { id: string; name: string; convener_id: string; status: ProjectStatus; start_date: string; end_date: string }>(
      'SELECT id, name, convener_id, status, start_date, end_date FROM projects WHERE id = ?',
    )
    .get(projectId);
  if (!row) throw notFound({ zh: '项目', en: 'Project' });
  return { id: row.id, name: row.name, convenerId: row.convener_id, status: row.status, startDate: row.start_date, endDate: row.end_date };
}

export function canManageProject(actor: Actor, project: Pick<ProjectRef, 'convenerId'>): boolean {
  return actor.role === 'admin' || actor.role === 'manager' || actor.id === project.convenerId;
}

/** Convener of this project, a manager or an admin; a clear refusal otherwise. */
export function requireProjectManager(ctx: Ctx, projectId: string): { actor: Actor; project: ProjectRef } {
  const actor = requireActor(ctx);
  const project = projectRef(ctx.db, projectId);
  if (!canManageProject(actor, project)) {
    throw forbidden({
      zh: `只有项目召集人、管理者或管理员可以修改项目“${project.name}”`,
      en: `Only the convener of “${project.name}”, a manager or an admin can change it`,
    });
  }
  return { actor, project };
}

export function isGroupMember(db: ReadDb, projectId: string, personId: string): boolean {
  return db.prepare('SELECT 1 FROM project_members WHERE project_id = ? AND person_id = ?').get(projectId, personId) !== undefined;
}

/** Members of the group, its convener, managers and admins work on the board. */
export function canWorkOnProject(db: ReadDb, actor: Actor, project: Pick<ProjectRef, 'id' | 'convenerId'>): boolean {
  return canManageProject(actor, project) || isGroupMember(db, project.id, actor.id);
}

export function requireProjectWorker(ctx: Ctx, projectId: string): { actor: Actor; project: ProjectRef } {
  const actor = requireActor(ctx);
  const project = projectRef(ctx.db, projectId);
  if (!canWorkOnProject(ctx.db, actor, project)) {
    throw forbidden({
      zh: `您不在项目“${project.name}”的小组中，不能修改它的任务`,
      en: `You are not in the group of “${project.name}”, so you cannot change its tasks`,
    });
  }
  return { actor, project };
}

/** Task assignees must be members of the project group. */
export function assertGroupMembers(db: Db, projectId: string, personIds: readonly string[]): void {
  const outsiders = personIds.filter((id) => !isGroupMember(db, projectId, id));
  if (outsiders.length) {
    const names = outsiders
      .map((id) => db.prepare<[string], { name: string }>('SELECT name FROM people WHERE id = ?').get(id)?.name ?? id)
      .join('、');
    throw invalid({
      zh: `${names} 不是项目小组成员，不能被指派任务`,
      en: `${names} ${outsiders.length > 1 ? 'are' : 'is'} not in the project group and cannot be assigned`,
    });
  }
}
