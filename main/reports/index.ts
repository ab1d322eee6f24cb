import type { HandlerGroup } from '../core/backend';
import { requireActor } from '../core/rights';
import { monthlyReport } from './data';
import { reportCsv, reportXlsx } from './export';

/** Handlers of the monthly reports (calls declared in shared/contract/reports.ts). */
export const reportHandlers = {
  'reports.monthly': (ctx, input) => monthlyReport(ctx.db, requireActor(ctx), input.month, input.teamId),
  // Members get only their own row: monthlyReport scopes by the actor, so the file does too.
  'reports.export': async (ctx, input) => {
    const actor = requireActor(ctx);
    const report = monthlyReport(ctx.db, actor, input.month, input.teamId);
    return input.format === 'xlsx' ? reportXlsx(report, ctx.now(), actor.name) : reportCsv(report);
  },
} satisfies HandlerGroup;
