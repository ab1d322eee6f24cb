// This file runs in New York's zone on purpose: the board's date filters must use the center's
// zone (Asia/Shanghai) whatever the machine is set to. Set before any Date is made.
process.env.TZ = 'America/New_York';

import { describe, expect, it } from 'vitest';
import type { Board, TaskCard } from '../../../shared/contract';
import { dueWindows } from '../../../shared/policy/dates';
import { NO_FILTERS, visibleTasks } from '../../../renderer/src/features/boards/filters';

/** A Shanghai wall-clock time as an instant. */
const sh = (y: number, mo: number, d: number, h: number, mi = 0): number => Date.UTC(y, mo - 1, d, h - 8, mi);

function card(id: string, dueAt: number | null): TaskCard {
  return {
    id, projectId: 'p', columnId: 'c', title: id, dueAt, priority: 'normal', estimateHours: null, position: 'a0',
    labels: [], assigneeIds: [], responses: [], deliverableId: null, completedAt: null, checklistDone: 0, checklistTotal: 0, updatedAt: 0,
  };
}

function board(tasks: TaskCard[]): Board {
  return {
    project: { id: 'p', name: 'p', status: 'active', startDate: '2026-11-01', endDate: '2026-12-31', convenerId: 'x' },
    canManage: true, canWork: true, columns: [], tasks, members: [], deliverables: [],
    progress: {} as Board['progress'], undo: null, version: '0:',
  };
}

// Wednesday 2026-12-02 09:00 in Shanghai is still Tuesday evening in New York.
const NOW = sh(2026, 12, 2, 9);
const tasks = [
  card('late-tonight', sh(2026, 12, 2, 22)), // today in Shanghai; tomorrow in New York
  card('yesterday', sh(2026, 12, 1, 23)), // yesterday in Shanghai; today in New York
  card('sunday-night', sh(2026, 12, 6, 23, 30)), // this week everywhere
  card('next-monday', sh(2026, 12, 7, 8)), // next week in Shanghai; Sunday in New York
  card('none', null),
];
const ids = (due: typeof NO_FILTERS.due) => visibleTasks(board(tasks), { ...NO_FILTERS, due }, NOW).map((t) => t.id);

describe('board date filters use the center zone, not the machine zone', () => {
  it('really runs in a zone other than Shanghai', () => {
    expect(new Date(NOW).getTimezoneOffset()).toBe(300);
    expect(new Date(NOW).getDate()).toBe(1); // the machine thinks it is still 1 December
  });

  it('today and this week are Shanghai days and a Monday-to-Sunday Shanghai week', () => {
    expect(dueWindows(NOW)).toEqual({ todayStart: sh(2026, 12, 2, 0), todayEnd: sh(2026, 12, 3, 0), weekEnd: sh(2026, 12, 7, 0) });
    expect(ids('today')).toEqual(['late-tonight']);
    expect(ids('week')).toEqual(['late-tonight', 'sunday-night']);
    expect(ids('overdue')).toEqual(['yesterday']);
    expect(ids('none')).toEqual(['none']);
  });
});
