import type { HandlerGroup } from '../core/backend';
import { newId } from '../core/ids';
import { forbidden, invalid } from '../../shared/errors';
import { calendarItem } from '../calendar/range';
import { requireHolder } from '../meetings';
import { canWorkOnProject } from '../projects/access';
import { dailyReview, dashboard } from './core';
import { readFigureFile } from './file';
import { checkFigureImport, upsertFigures } from './import';

/** Handlers of published effect (calls declared in shared/contract/figures.ts). */
export const figureHandlers = {
  'figures.review': (ctx, input) => dailyReview(ctx.db, input.date),

  'figures.record': (ctx, input) => {
    const actor = requireHolder(ctx);
    const now = ctx.now();
    const seen = new Set<string>();
    for (const r of input.rows) {
      if (seen.has(r.deliverableId)) throw invalid({ zh: '同一作品出现了两次', en: 'The same item appears twice' });
      seen.add(r.deliverableId);
      const d = calendarItem(ctx.db, r.deliverableId);
      if (d.status !== 'published') throw invalid({ zh: `“${d.title}”还没有发布，不能录入数据`, en: `“${d.title}” is not published yet` });
      const convenerId = ctx.db.prepare<[string], { convener_id: string }>('SELECT convener_id FROM projects WHERE id = ?').get(d.projectId)!.convener_id;
      if (!canWorkOnProject(ctx.db, actor, { id: d.projectId, convenerId })) {
        throw forbidden({ zh: `您不能为项目“${d.projectName}”录入数据`, en: `You cannot record figures for “${d.projectName}”` });
      }
      upsertFigures(ctx.db, { deliverableId: r.deliverableId, date: input.date, figures: r, source: 'manual' }, actor.id, now, newId());
    }
    ctx.record({
      entityType: 'figures',
      entityId: input.date,
      summary: `手工录入 ${input.date} 传播数据 ${input.rows.length} 条`,
      after: input.rows,
    });
    return dailyReview(ctx.db, input.date);
  },

  'figures.readFile': async (ctx, input) => {
    requireHolder(ctx);
    return { rows: await readFigureFile(input.fileName, Buffer.from(input.dataBase64, 'base64')) };
  },

  'figures.checkImport': (ctx, input) => checkFigureImport(ctx.db, requireHolder(ctx), input),

  'figures.import': (ctx, input) => {
    const actor = requireHolder(ctx);
    const check = checkFigureImport(ctx.db, actor, input);
    if (!check.ok) {
      throw invalid(
        { zh: `导入文件有 ${check.errors.length} 处错误，未写入任何数据`, en: `The file has ${check.errors.length} errors; nothing was written` },
        check.errors.slice(0, 50).map((e) => ({ path: `line ${e.line} ${e.column}`, message: `${e.kind}: ${e.value}` })),
      );
    }
    const now = ctx.now();
    for (const r of check.rows) upsertFigures(ctx.db, { deliverableId: r.deliverableId, date: r.date, figures: r.figures, source: 'import' }, actor.id, now, newId());
    const replaced = check.rows.filter((r) => r.replaces).length;
    ctx.record({
      entityType: 'figures',
      entityId: input.date,
      summary: `从 ${input.fileName} 导入传播数据 ${check.rows.length} 条${replaced ? `（覆盖 ${replaced} 条）` : ''}`,
      after: check.rows,
    });
    return { written: check.rows.length, replaced };
  },

  'figures.dashboard': (ctx, input) => {
    if (input.to < input.from) throw invalid({ zh: '结束日期早于开始日期', en: 'The end date is before the start date' });
    return dashboard(ctx.db, input);
  },
} satisfies HandlerGroup;
