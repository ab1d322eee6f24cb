import type { Figures, ImportCheck, ImportRowError } from '../../shared/contract';
import { PLATFORMS, type Platform } from '../../shared/domain';
import { DATE_RE } from '../../shared/time';
import type { Db, ReadDb } from '../db/connection';
import type { Actor } from '../core/context';
import { canWorkOnProject } from '../projects/access';

/**
 * Validation of a platform export (CSV or Excel, already read into cells by the
 * renderer). All-or-nothing: the import writes only when every row is valid, and
 * the report names each bad row, its column and value. Column names follow the
 * platforms' Chinese exports, with English aliases.
 */
type Field = 'platform' | 'item' | 'id' | 'date' | 'views' | 'likes' | 'shares' | 'comments';

const HEADER_ALIASES: Record<Field, string[]> = {
  platform: ['平台', '发布平台', 'platform'],
  item: ['作品', '标题', '稿件', '作品标题', 'item', 'title'],
  id: ['编号', '作品编号', 'id'],
  date: ['日期', '统计日期', 'date'],
  views: ['阅读量', '播放量', '阅读/播放量', '浏览量', '阅读数', '播放数', 'views', 'reads', 'plays'],
  likes: ['点赞', '点赞数', '点赞量', 'likes'],
  shares: ['转发', '分享', '转发数', '分享数', 'shares'],
  comments: ['评论', '评论数', 'comments'],
};
const FIGURE_FIELDS = ['views', 'likes', 'shares', 'comments'] as const;

const norm = (s: string): string => s.trim().toLowerCase().replace(/\s+/g, '');

const PLATFORM_ALIASES = new Map<string, Platform>([
  ...PLATFORMS.flatMap((p) => [
    [norm(p.code), p.code] as const,
    [norm(p.zh), p.code] as const,
    [norm(p.en), p.code] as const,
  ]),
  ['公众号', 'wechat'],
  ['微信', 'wechat'],
  ['微信视频号', 'channels'],
  ['电视台', 'tv'],
  ['app', 'app'],
]);

export function platformOf(value: string): Platform | null {
  return PLATFORM_ALIASES.get(norm(value)) ?? null;
}

/** A count as platforms export it: digits, maybe with thousands separators; blank is 0. */
export function countOf(value: string): number | null {
  const v = value.trim().replace(/[,，\s]/g, '');
  if (v === '') return 0;
  if (!/^\d{1,13}$/.test(v)) return null;
  return Number(v);
}

function dateOf(value: string, fallback: string): string | null {
  const v = value.trim().replace(/[/.]/g, '-');
  if (v === '') return fallback;
  const m = /^(\d{4})-(\d{1,2})-(\d{1,2})$/.exec(v);
  if (!m) return null;
  const d = `${m[1]}-${m[2]!.padStart(2, '0')}-${m[3]!.padStart(2, '0')}`;
  return DATE_RE.test(d) ? d : null;
}

interface Candidate {
  id: string;
  title: string;
  platform: Platform;
  project_id: string;
  convener_id: string;
}

export function checkFigureImport(db: ReadDb, actor: Actor, input: { date: string; rows: string[][] }): ImportCheck {
  const [header = [], ...body] = input.rows;
  const col = new Map<Field, number>();
  header.forEach((h, i) => {
    for (const [field, aliases] of Object.entries(HEADER_ALIASES) as [Field, string[]][]) {
      if (!col.has(field) && aliases.some((a) => norm(a) === norm(h))) col.set(field, i);
    }
  });
  const missing = (['platform', 'views', 'likes', 'shares', 'comments'] as Field[]).filter((f) => !col.has(f));
  if (!col.has('item') && !col.has('id')) missing.splice(1, 0, 'item');
  if (missing.length) {
    return { ok: false, rows: [], errors: missing.map((f) => ({ line: 1, kind: 'missing_column', column: HEADER_ALIASES[f][0]!, value: '' })) };
  }
  const headerName = (f: Field): string => header[col.get(f)!]!.trim();
  const cell = (row: string[], f: Field): string => (col.has(f) ? (row[col.get(f)!] ?? '') : '');

  const candidates = db
    .prepare<[], Candidate>(
      `SELECT d.id, d.title, d.platform, d.project_id, p.convener_id FROM deliverables d JOIN projects p ON p.id = d.project_id
       WHERE d.status = 'published' AND p.status <> 'archived'`,
    )
    .all();
  const byTitle = new Map<string, Candidate[]>();
  for (const c of candidates) {
    const k = `${c.platform}|${norm(c.title)}`;
    byTitle.set(k, [...(byTitle.get(k) ?? []), c]);
  }
  const byId = new Map(candidates.map((c) => [c.id, c]));
  const existing = db.prepare<[string, string], { id: string }>('SELECT id FROM deliverable_figures WHERE deliverable_id = ? AND date = ?');
  const allowed = new Map<string, boolean>();
  const mayRecord = (c: Candidate): boolean => {
    if (!allowed.has(c.project_id)) allowed.set(c.project_id, canWorkOnProject(db, actor, { id: c.project_id, convenerId: c.convener_id }));
    return allowed.get(c.project_id)!;
  };

  const errors: ImportRowError[] = [];
  const rows: ImportCheck['rows'] = [];
  const seen = new Map<string, number>();
  body.forEach((row, i) => {
    const line = i + 2;
    if (row.every((c) => c.trim() === '')) return;
    const before = errors.length;
    const err = (kind: ImportRowError['kind'], f: Field, value = cell(row, f)): void =>
      void errors.push({ line, kind, column: headerName(f), value: value.trim() });

    const platform = platformOf(cell(row, 'platform'));
    if (!platform) err('unknown_platform', 'platform');
    const figures: Partial<Figures> = {};
    for (const f of FIGURE_FIELDS) {
      const n = countOf(cell(row, f));
      if (n === null) err('not_numeric', f);
      else figures[f] = n;
    }
    const date = dateOf(cell(row, 'date'), input.date);
    if (!date) err('bad_date', 'date');

    let item: Candidate | undefined;
    const idText = cell(row, 'id').trim();
    if (idText) {
      item = byId.get(idText);
      if (!item || (platform && item.platform !== platform)) err('unknown_item', 'id');
    } else if (platform) {
      const found = byTitle.get(`${platform}|${norm(cell(row, 'item'))}`) ?? [];
      // Two published items with one title on one platform: the row cannot say which.
      if (found.length === 1) item = found[0];
      else err('unknown_item', 'item');
    }
    if (item && !mayRecord(item)) err('forbidden', col.has('item') ? 'item' : 'id');
    if (item && date) {
      const key = `${item.id}|${date}`;
      if (seen.has(key)) err('duplicate', col.has('item') ? 'item' : 'id');
      else seen.set(key, line);
    }
    if (errors.length === before && item && platform && date) {
      rows.push({ line, deliverableId: item.id, title: item.title, platform, date, figures: figures as Figures, replaces: !!existing.get(item.id, date) });
    }
  });
  if (!rows.length && !errors.length) {
    errors.push({ line: 2, kind: 'unknown_item', column: headerName(col.has('item') ? 'item' : 'id'), value: '' });
  }
  return errors.length ? { ok: false, errors, rows: [] } : { ok: true, errors: [], rows };
}

/** Writes one day's figures of one deliverable, replacing what that day had. */
export function upsertFigures(
  db: Db,
  r: { deliverableId: string; date: string; figures: Figures; source: 'manual' | 'import' },
  actorId: string | null,
  now: number,
  id: string,
): void {
  db.prepare(
    `INSERT INTO deliverable_figures (id, deliverable_id, date, views, likes, shares, comments, source, recorded_by, created_at, updated_at)
     VALUES (@id, @deliverableId, @date, @views, @likes, @shares, @comments, @source, @actorId, @now, @now)
     ON CONFLICT (deliverable_id, date) DO UPDATE SET views = excluded.views, likes = excluded.likes, shares = excluded.shares,
       comments = excluded.comments, source = excluded.source, recorded_by = excluded.recorded_by, updated_at = excluded.updated_at`,
  ).run({ id, deliverableId: r.deliverableId, date: r.date, ...r.figures, source: r.source, actorId, now });
}
