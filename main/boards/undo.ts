import { invalid } from '../../shared/errors';
import { keyBetween } from '../../shared/ordering';
import { UNDOABLE_COMMANDS } from '../../shared/contract/boards';
import type { DeliverableStatus } from '../../shared/domain';
import type { Db, ReadDb } from '../db/connection';
import type { HandlerGroup } from '../core/backend';
import type { Actor } from '../core/context';
import { restoreImages, type RowImage } from '../core/images';
import { requireProjectWorker, type ProjectRef } from '../projects/access';
import { gateStatusChange } from '../reviews/rounds';
import { assertNotArchived, type DeliverableRow } from './rows';

/**
 * Undo of a board change is itself a command: it reads the row images the change
 * recorded on its activity row (main/core/images.ts; every undoable kind records
 * them the same way) and writes the before-images back, logged like any other
 * change (command 'boards.undo', after = { undoneActivityId }). Each person undoes
 * their own changes, newest first; a row changed since by anyone is not
 * overwritten (a clear conflict), and neither is anything added since.
 */
interface LogRow {
  id: string;
  at: number;
  command: string;
  entity_id: string;
  entity_type: string;
  summary: string;
  after: string | null;
  images: string | null;
}

const LOOKBACK = 200;

/** The acting user's recent board changes (index activity_actor_project; exported for the query-plan tests). */
export const UNDO_SQL = `SELECT id, at, command, entity_id, entity_type, summary, after, images FROM activity_log
       WHERE actor_id = ? AND project_id = ? AND command IN (${UNDOABLE_COMMANDS.map(() => '?').join(', ')}, 'boards.undo')
       ORDER BY at DESC, id DESC LIMIT ${LOOKBACK}`;

/** The newest change of the actor's on this board not undone yet; one made before row images existed (0011) is not undoable. */
export function findUndoTarget(db: ReadDb, actorId: string, projectId: string): LogRow | null {
  const rows = db
    .prepare<string[], LogRow>(UNDO_SQL)
    .all(actorId, projectId, ...(UNDOABLE_COMMANDS as readonly string[]));
  const undone = new Set<string>();
  for (const r of rows) {
    if (r.command === 'boards.undo') {
      undone.add((JSON.parse(r.after ?? '{}') as { undoneActivityId?: string }).undoneActivityId ?? '');
    } else if (!undone.has(r.id)) {
      return r.images === null ? null : r;
    }
  }
  return null;
}

/**
 * The publishing gate (三审) holds for undo too: a deliverable comes back as published or in
 * review only on the review state it comes back to (an approval voided since stays void).
 */
function gateRestoredDeliverables(db: Db, images: RowImage[], actor: Actor, project: ProjectRef, now: number): void {
  for (const img of images) {
    if (img.table !== 'deliverables' || img.before === null) continue;
    const back = img.before as unknown as DeliverableRow;
    const from = (img.after?.status ?? 'planned') as DeliverableStatus;
    if (back.status !== 'published' && back.status !== 'in_review') continue;
    // Without an override reason these two targets only read the review state.
    gateStatusChange(db, actor, { deliverable: back, from, to: back.status, convenerId: project.convenerId }, now);
  }
}

/** The 三审 record: undo brings back rounds a deleted deliverable took with it, never rewrites a signature or a void. */
const SIGN_OFF_RECORD = {
  tables: new Set(['review_rounds', 'review_decisions']),
  message: {
    zh: '这项更改已记入审核记录（送审、审签或作废），不能撤销；请直接修改状态或重新送审',
    en: 'This change is part of the review record (a submission, a sign-off or a void) and cannot be undone; change the status or submit again instead',
  },
};

/** The ordered rows undo can bring back, and the parent their fractional keys are unique within. */
const ORDERED = [
  { table: 'tasks', parent: 'column_id' },
  { table: 'board_columns', parent: 'project_id' },
  { table: 'checklist_items', parent: 'task_id' },
] as const;

/**
 * A row brought back to a key a colleague's row took since (the place had emptied and got the
 * first key again) would share it, and two desktops could list the pair either way. The row
 * brought back gets a key of its own right after the one that took its place; the other row stays.
 */
function reseatRestored(db: Db, images: RowImage[]): void {
  for (const img of images) {
    const o = ORDERED.find((x) => x.table === img.table);
    if (!o || img.before === null || !('position' in img.before || img.after === null)) continue;
    const id = (JSON.parse(img.key) as unknown[])[0];
    if (typeof id !== 'string') continue;
    const row = db.prepare<[string], { parent: string; position: string }>(`SELECT ${o.parent} AS parent, position FROM ${o.table} WHERE id = ?`).get(id);
    if (!row) continue;
    const taken = db.prepare(`SELECT 1 FROM ${o.table} WHERE ${o.parent} = ? AND position = ? AND id <> ?`).get(row.parent, row.position, id);
    if (!taken) continue;
    const next = db
      .prepare<[string, string], { p: string | null }>(`SELECT min(position) AS p FROM ${o.table} WHERE ${o.parent} = ? AND position > ?`)
      .get(row.parent, row.position)?.p ?? null;
    db.prepare(`UPDATE ${o.table} SET position = ? WHERE id = ?`).run(keyBetween(row.position, next), id);
  }
}

export const undoHandlers = {
  'boards.undo': (ctx, input) => {
    const { actor, project } = requireProjectWorker(ctx, input.projectId);
    assertNotArchived(project);
    const target = findUndoTarget(ctx.db, actor.id, project.id);
    if (!target || target.images === null) throw invalid({ zh: '没有可以撤销的看板更改', en: 'There is no board change to undo' });
    const images = JSON.parse(target.images) as RowImage[];
    restoreImages(ctx.db, images, { records: SIGN_OFF_RECORD });
    reseatRestored(ctx.db, images);
    gateRestoredDeliverables(ctx.db, images, actor, project, ctx.now());
    const summary = `撤销：${target.summary}`;
    ctx.record({
      entityType: target.entity_type,
      entityId: target.entity_id,
      projectId: project.id,
      summary,
      after: { undoneActivityId: target.id, command: target.command },
    });
    return { summary };
  },
} satisfies HandlerGroup;
