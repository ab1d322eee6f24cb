import type { ConflictField, ReapplyCall, RowChange, SyncConflict } from '../../shared/sync';
import type { RowImage } from '../core/images';
import type { RowStore } from '../core/rows';
import type { Db, ReadDb } from '../db/connection';

/**
 * Conflicts a person can see (issue 20): a pull that overwrites a field this desktop's person
 * had changed — their queued change that the hub ordered before a colleague's, or one synced
 * earlier that a colleague's later change replaced — or deletes the thing, leaves one notice
 * naming the thing, the field, their value and the value that won, with the command that
 * applies theirs again (a new command, so the hub orders it). Last-writer-wins still decides;
 * nobody is left not knowing.
 *
 * Whose a field's value is comes from the row images the undoable commands keep on their
 * activity rows (main/core/images.ts): the newest image that changed the column says who.
 */

interface Watched {
  entityType: SyncConflict['entity']['type'];
  titleColumn: string;
  reapply: ReapplyCall;
  /** Column → the command's input field. */
  fields: Partial<Record<ConflictField, string>>;
}

const WATCHED: Record<string, Watched> = {
  tasks: {
    entityType: 'task',
    titleColumn: 'title',
    reapply: 'tasks.update',
    fields: { title: 'title', description: 'description', due_at: 'dueAt', priority: 'priority', estimate_hours: 'estimateHours' },
  },
  deliverables: { entityType: 'deliverable', titleColumn: 'title', reapply: 'deliverables.update', fields: { title: 'title', due_at: 'dueAt' } },
  board_columns: { entityType: 'board_column', titleColumn: 'name', reapply: 'columns.update', fields: { name: 'name', wip_limit: 'wipLimit' } },
};

/** A field this desktop's person set last (as far as this desktop knew before the pull). */
export interface Candidate {
  /** When this desktop's change reached the hub (infinite: in this pull or still queued). */
  ackedAt: number;
  table: string;
  key: string;
  id: string;
  column: ConflictField;
  mine: string | number | null;
  title: string;
  projectId: string | null;
}

type Value = string | number | null;

/** How long a confirmed change of this desktop's is watched for a colleague's concurrent one arriving late. */
export const ACKED_KEEP_MS = 14 * 24 * 3600 * 1000;
const asValue = (v: unknown): Value => (typeof v === 'string' || typeof v === 'number' ? v : null);

/**
 * Before a pull is applied: the watched fields that this desktop's queued changes (`queued`: the
 * mutations the pull confirms or that stay queued) set, where the hub's row now holds another
 * value. A change made after ours reached the hub is an ordinary edit, not a conflict, so only
 * what was still in the queue counts (those arrive together with whatever the hub ordered after them).
 */
export function conflictCandidates(
  db: ReadDb,
  store: RowStore,
  rows: RowChange[],
  queued: { name: string; at: number; actor_id: string | null }[],
  me: string,
): Candidate[] {
  // Queued now: concurrent with anything the hub ordered after them. Confirmed earlier: with a change made before they were.
  const mine = [
    ...queued.map((m) => ({ ...m, ackedAt: Number.POSITIVE_INFINITY })),
    ...db.prepare<[string], { name: string; at: number; actor_id: string | null; acked_at: number }>('SELECT name, at, actor_id, acked_at FROM sync_acked WHERE actor_id = ? ORDER BY mutation_id').all(me).map((m) => ({ ...m, ackedAt: m.acked_at })),
  ];
  const pulled = new Map(rows.filter((r) => WATCHED[r.table]).map((r) => [`${r.table}\u0000${r.key}`, r]));
  if (!pulled.size) return [];
  const logOf = db.prepare<[string, number, string], { images: string }>(
    'SELECT images FROM activity_log WHERE command = ? AND at = ? AND actor_id = ? AND images IS NOT NULL',
  );
  const out = new Map<string, Candidate>();
  for (const m of mine) {
    if (m.actor_id !== me) continue;
    for (const log of logOf.all(m.name, m.at, me)) {
      for (const img of JSON.parse(log.images) as RowImage[]) {
        const w = WATCHED[img.table];
        // Only a changed row's changed columns: what was created or deleted here has no rival value.
        if (!w || img.before === null || img.after === null) continue;
        const r = pulled.get(`${img.table}\u0000${img.key}`);
        if (!r) continue;
        const local = store.read(img.table, img.key);
        if (!local) continue;
        for (const column of Object.keys(img.after) as ConflictField[]) {
          if (!(column in w.fields)) continue;
          if (r.data && r.data[column] === local[column]) continue;
          const id = String(local.id ?? '');
          const k = `${img.table}\u0000${img.key}\u0000${column}`;
          out.set(k, {
            ackedAt: Math.max(m.ackedAt, out.get(k)?.ackedAt ?? 0),
            table: img.table,
            key: img.key,
            id,
            column,
            mine: asValue(local[column]),
            title: String(local[w.titleColumn] ?? ''),
            projectId: typeof local.project_id === 'string' ? local.project_id : null,
          });
        }
      }
    }
  }
  return [...out.values()];
}

/**
 * After the pull (and the replay of what is still queued): each candidate whose value did not
 * survive becomes a notice, when someone else's change is what replaced it (one's own change on
 * another desktop is not a conflict) and the hub did not refuse the change itself (that has its
 * own notice).
 */
export function recordConflicts(db: Db, store: RowStore, candidates: Candidate[], pulled: RowChange[], me: string, refusedArgs: string[], now: number): void {
  if (!candidates.length) return;
  const insert = db.prepare(
    `INSERT INTO sync_conflicts (at, entity_type, entity_id, project_id, title, field, mine, theirs, deleted, by_name, reapply)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  const nameOf = db.prepare<[string], { name: string }>('SELECT name FROM people WHERE id = ?');
  for (const c of candidates) {
    if (refusedArgs.some((a) => a.includes(c.id))) continue;
    const w = WATCHED[c.table]!;
    const now_ = store.read(c.table, c.key);
    if (now_ && asValue(now_[c.column]) === c.mine) continue;
    const by = newestOtherActor(pulled, w.entityType, c.id, me, c.ackedAt);
    if (!by) continue;
    const field = w.fields[c.column]!;
    const reapply = now_ ? JSON.stringify({ call: w.reapply, input: { id: c.id, [field]: c.mine } }) : null;
    // Named as it is called now (a title conflict: the name that won), so the person finds it.
    const title = now_ ? String(now_[w.titleColumn] ?? c.title) : c.title;
    insert.run(
      now, w.entityType, c.id, c.projectId, title, c.column,
      JSON.stringify(c.mine), now_ ? JSON.stringify(asValue(now_[c.column])) : null, now_ ? 0 : 1,
      nameOf.get(by)?.name ?? null, reapply,
    );
  }
  // A desktop keeps the newest notices only.
  db.prepare('DELETE FROM sync_conflicts WHERE id NOT IN (SELECT id FROM sync_conflicts ORDER BY id DESC LIMIT 50)').run();
}

/** The newest change to the thing in this pull that someone else made before `before` (without having seen ours). */
function newestOtherActor(pulled: RowChange[], entityType: string, id: string, me: string, before: number): string | null {
  let best: { at: number; actor: string } | null = null;
  for (const r of pulled) {
    if (r.table !== 'activity_log' || !r.data) continue;
    const d = r.data;
    if (d.entity_type !== entityType || d.entity_id !== id || typeof d.actor_id !== 'string' || d.actor_id === me) continue;
    const at = Number(d.at ?? 0);
    if (at >= before) continue;
    if (!best || at > best.at) best = { at, actor: d.actor_id };
  }
  return best?.actor ?? null;
}

export function listConflicts(db: ReadDb): SyncConflict[] {
  return db
    .prepare<[], { id: number; at: number; entity_type: SyncConflict['entity']['type']; entity_id: string; project_id: string | null; title: string; field: ConflictField; mine: string; theirs: string | null; deleted: number; by_name: string | null; reapply: string | null }>(
      'SELECT * FROM sync_conflicts ORDER BY id DESC LIMIT 20',
    )
    .all()
    .map((r) => ({
      id: r.id,
      at: r.at,
      entity: { type: r.entity_type, id: r.entity_id, projectId: r.project_id, title: r.title },
      field: r.field,
      mine: JSON.parse(r.mine) as Value,
      theirs: r.theirs === null ? null : (JSON.parse(r.theirs) as Value),
      deleted: r.deleted === 1,
      byName: r.by_name,
      reapply: r.reapply === null ? null : (JSON.parse(r.reapply) as SyncConflict['reapply']),
    }));
}

