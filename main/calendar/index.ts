import type { HandlerGroup } from '../core/backend';
import { conflict, invalid } from '../../shared/errors';
import { localDate } from '../../shared/time';
import { setDeliverableDue } from '../boards/deliverables';
import { requireProjectManager } from '../projects/access';
import { calendarItem, calendarRange, rescheduledDueAt } from './range';

/** Handlers of the editorial calendar (calls declared in shared/contract/calendar.ts). */
export const calendarHandlers = {
  'calendar.range': (ctx, input) => {
    if (input.to < input.from) throw invalid({ zh: '结束日期早于开始日期', en: 'The end date is before the start date' });
    return calendarRange(ctx.db, input);
  },

  'calendar.reschedule': (ctx, input) => {
    const before = calendarItem(ctx.db, input.deliverableId);
    requireProjectManager(ctx, before.projectId);
    if (before.status === 'published') throw conflict({ zh: `“${before.title}”已经发布，不能改期`, en: `“${before.title}” is already published` });
    const dueAt = rescheduledDueAt(before.dueAt, input.date);
    setDeliverableDue(ctx.db, input.deliverableId, dueAt, ctx.now());
    const after = calendarItem(ctx.db, input.deliverableId);
    ctx.record({
      entityType: 'deliverable',
      entityId: input.deliverableId,
      projectId: before.projectId,
      summary: `“${before.title}”改期：${before.dueAt ? localDate(before.dueAt) : '未定'} → ${input.date}`,
      before: { dueAt: before.dueAt },
      after: { dueAt },
    });
    return after;
  },
} satisfies HandlerGroup;
