import { describe, expect, it } from 'vitest';
import type { ProjectTimeline, TimelineTask } from '../../../shared/contract';
import { fromLocalDateTime as at } from '../../../shared/time';
import { conflictsWith, initialAnchor, movedTask, placeDays, projectRange, seasonRange, stepAnchor, ticks } from '../../../renderer/src/features/timeline/layout';

/** The timeline screens' pure layout (renderer/src/features/timeline/layout.ts): ranges, ticks, placement, a held bar's conflicts. */

const task = (id: string, startDate: string, due: string): TimelineTask => ({ id, title: id, columnName: '待办', done: false, startDate, dueAt: at(due), assigneeNames: [] });

function project(tasks: TimelineTask[], deps: [string, string][]): ProjectTimeline {
  return {
    project: { id: 'p', name: '春节联欢直播', status: 'active', tentative: false, startDate: '2027-01-15', endDate: '2027-02-15', convenerName: '林晓峰', milestones: [], tasks: tasks.length },
    today: '2027-01-13',
    tasks,
    dependencies: deps.map(([predecessorId, successorId]) => ({ predecessorId, successorId, conflict: false })),
    canEdit: true,
  };
}

describe('season ranges and ticks', () => {
  it('weeks: twelve from the anchor’s Monday, starting two weeks back; months: six from the month before', () => {
    expect(initialAnchor('week', '2027-01-13')).toBe('2026-12-28');
    expect(seasonRange('week', '2026-12-30')).toEqual({ from: '2026-12-28', to: '2027-03-21' });
    expect(stepAnchor('week', '2026-12-28', 1)).toBe('2027-01-25');
    expect(initialAnchor('month', '2027-01-13')).toBe('2026-12-01');
    expect(seasonRange('month', '2026-12-01')).toEqual({ from: '2026-12-01', to: '2027-05-31' });
    expect(stepAnchor('month', '2026-12-01', 2)).toBe('2027-02-01');
  });

  it('ticks fall on Mondays and firsts of the month, a range starting mid-week opening with a part', () => {
    const w = ticks('week', '2027-01-13', '2027-01-31');
    expect(w.map((x) => [x.date, x.days, x.week])).toEqual([
      ['2027-01-13', 5, 2],
      ['2027-01-18', 7, 3],
      ['2027-01-25', 7, 4],
    ]);
    expect(ticks('month', '2027-01-01', '2027-03-31').map((x) => [x.date, x.days])).toEqual([
      ['2027-01-01', 31],
      ['2027-02-01', 28],
      ['2027-03-01', 31],
    ]);
  });

  it('places days as percentages of the range, clipped, nothing outside', () => {
    expect(placeDays('2027-01-01', '2027-01-10', '2027-01-01', '2027-01-10')).toEqual({ left: 0, width: 100 });
    expect(placeDays('2027-01-01', '2027-01-10', '2026-12-20', '2027-01-02')).toEqual({ left: 0, width: 20 });
    expect(placeDays('2027-01-01', '2027-01-10', '2027-01-06', '2027-01-06')).toEqual({ left: 50, width: 10 });
    expect(placeDays('2027-01-01', '2027-01-10', '2027-01-11', '2027-01-12')).toBeNull();
  });
});

describe('a held bar', () => {
  it('moves start and due together; the dependent’s conflict shows while held, by the rule main applies', () => {
    const p = project([task('shoot', '2027-01-18', '2027-01-20 18:00'), task('edit', '2027-01-22', '2027-01-25 18:00')], [['shoot', 'edit']]);
    expect(projectRange(p)).toEqual({ from: '2027-01-14', to: '2027-02-16' });
    expect(conflictsWith(p, null).size).toBe(0);
    const held = { taskId: 'shoot', days: 2 };
    expect(movedTask(p.tasks[0]!, held)).toMatchObject({ startDate: '2027-01-20', dueAt: at('2027-01-22 18:00') });
    expect(movedTask(p.tasks[1]!, held)).toBe(p.tasks[1]);
    expect([...conflictsWith(p, held)]).toEqual(['shoot>edit']);
    expect(conflictsWith(p, { taskId: 'shoot', days: 1 }).size).toBe(0);
    // Moving the dependent earlier does the same.
    expect([...conflictsWith(p, { taskId: 'edit', days: -2 })]).toEqual(['shoot>edit']);
  });
});
