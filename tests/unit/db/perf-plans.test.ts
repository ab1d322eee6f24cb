import { afterEach, describe, expect, it } from 'vitest';
import type { Db } from '../../../main/db/connection';
import { BOARD_CARDS_SQL, BOARD_CARDS_WHERE, cardAssigneesSql, cardChecklistCountsSql, MY_CARDS_WHERE, MY_TASKS_SQL, TASK_CHECKLIST_SQL } from '../../../main/boards/read';
import { UNDO_SQL } from '../../../main/boards/undo';
import { REPORT_DELIVERABLES_SQL, REPORT_FIGURES_SQL, REPORT_TASKS_SQL } from '../../../main/reports/data';
import { world, type TestWorld } from '../../helpers/db';
import { DEFAULT_NOW } from '../../helpers/world';

/**
 * The hot reads measured by `npm run bench` (docs/PERFORMANCE.md) must reach their
 * rows through an index: these are the statements the services run, as exported
 * by them, planned on the real schema.
 */
let w: TestWorld | undefined;
afterEach(() => {
  w?.close();
  w = undefined;
});

const plan = (db: Db, sql: string, ...args: unknown[]): string =>
  (db.prepare(`EXPLAIN QUERY PLAN ${sql}`).all(...args) as { detail: string }[]).map((r) => r.detail).join('\n');

describe('query plans of the hot statements', () => {
  it('board cards: tasks by tasks_project; checklist counts from the covering index checklist_task_done', async () => {
    w = await world({ now: DEFAULT_NOW });
    const counts = plan(w.db, cardChecklistCountsSql(BOARD_CARDS_WHERE), 'p');
    expect(counts).toMatch(/SEARCH t USING (COVERING )?INDEX tasks_project \(project_id=\?\)/);
    expect(counts).toMatch(/SEARCH c USING COVERING INDEX checklist_task_done \(task_id=\?\)/);
    const assignees = plan(w.db, cardAssigneesSql(BOARD_CARDS_WHERE), 'p');
    expect(assignees).toMatch(/SEARCH t USING (COVERING )?INDEX tasks_project \(project_id=\?\)/);
    expect(assignees).toMatch(/SEARCH a USING (COVERING INDEX|PRIMARY KEY).*\(task_id=\?\)/);
    for (const p of [counts, assignees]) expect(p).not.toMatch(/^SCAN (t|a|c)\b/m);
    // The board's own one statement: the same lookups, each card's by key.
    const cards = plan(w.db, BOARD_CARDS_SQL, 'p');
    expect(cards).toMatch(/SEARCH t USING INDEX tasks_project \(project_id=\?\)/);
    expect(cards).toMatch(/SEARCH c USING COVERING INDEX checklist_task_done \(task_id=\?\)/);
    expect(cards).toMatch(/SEARCH a USING (COVERING INDEX|PRIMARY KEY).*\(task_id=\?\)/);
    expect(cards).not.toMatch(/SCAN (t|a|c)\b/);
  });

  it('My tasks: starts from the open tasks (partial index tasks_due) and checks the assignment by primary key', async () => {
    w = await world({ now: DEFAULT_NOW });
    const p = plan(w.db, MY_TASKS_SQL, 'x');
    const lines = p.split('\n');
    expect(lines[0]).toMatch(/SCAN t USING INDEX tasks_due/);
    expect(p).toMatch(/SEARCH a USING PRIMARY KEY \(task_id=\? AND person_id=\?\)/);
    expect(p).toMatch(/SEARCH pr USING INDEX sqlite_autoindex_projects_1 \(id=\?\)/);
    // Not from the person's assignments (tens of thousands over ten years).
    expect(p).not.toMatch(/task_assignees_person/);
    const counts = plan(w.db, cardChecklistCountsSql(MY_CARDS_WHERE), '["a","b"]');
    expect(counts).toMatch(/SEARCH c USING COVERING INDEX checklist_task_done \(task_id=\?\)/);
    expect(counts).not.toMatch(/^SCAN (t|c)\b/m);
    const items = plan(w.db, TASK_CHECKLIST_SQL, 'a');
    expect(items).toMatch(/SEARCH c USING INDEX checklist_task \(task_id=\?/);
    expect(items).not.toMatch(/^SCAN c\b/m);
  });

  it('board undo: the acting user’s rows of this project through activity_actor_project', async () => {
    w = await world({ now: DEFAULT_NOW });
    const p = plan(w.db, UNDO_SQL, 'actor', 'project', ...Array.from({ length: (UNDO_SQL.match(/\?/g)?.length ?? 2) - 2 }, () => 'tasks.move'));
    expect(p).toMatch(/SEARCH activity_log USING INDEX activity_actor_project \(actor_id=\? AND project_id=\?\)/);
    expect(p).not.toMatch(/^SCAN activity_log/m);
  });

  it('monthly report: a range read of the month on tasks_completed and deliverables_published', async () => {
    w = await world({ now: DEFAULT_NOW });
    const tasks = plan(w.db, REPORT_TASKS_SQL, 0, 1);
    expect(tasks.split('\n')[0]).toMatch(/SEARCH t USING INDEX tasks_completed \(completed_at>\? AND completed_at<\?\)/);
    expect(tasks).toMatch(/SEARCH a USING (COVERING INDEX|PRIMARY KEY).*\(task_id=\?\)/);
    expect(plan(w.db, REPORT_DELIVERABLES_SQL, 0, 1)).toMatch(/SEARCH deliverables USING INDEX deliverables_published \(published_at>\? AND published_at<\?\)/);
    const figures = plan(w.db, REPORT_FIGURES_SQL, 0, 1);
    expect(figures).toMatch(/SEARCH d USING INDEX deliverables_published \(published_at>\? AND published_at<\?\)/);
    expect(figures).toMatch(/SEARCH f USING INDEX sqlite_autoindex_deliverable_figures_\d \(deliverable_id=\?\)/);
    for (const p of [tasks, figures]) expect(p).not.toMatch(/^SCAN (t|a|d|f)\b/m);
  });
});
