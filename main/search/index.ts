import type {
  SearchDeliverableHit,
  SearchField,
  SearchKind,
  SearchMeetingHit,
  SearchPersonHit,
  SearchProjectHit,
  SearchResult,
  SearchTaskHit,
} from '../../shared/contract';
import { listPeople } from '../people';
import { renderMentions } from '../../shared/mentions';
import type { ProjectStatus } from '../../shared/domain';
import type { ReadDb, ReadStatement } from '../db/connection';
import type { HandlerGroup } from '../core/backend';

/**
 * Full-text search over projects and tasks (index: migration 0007_search).
 *
 * A query is split into words (runs of letters and digits; punctuation and
 * spaces separate words). Every word must occur in the row (AND).
 * - All words of three characters or more: the trigram index (`search_<kind>_tri`).
 * - Otherwise the bigram index (`search_<kind>_bi`): a two-character word is one token
 *   (直播), a one-character word a token prefix (直*), a longer word the phrase of
 *   its overlapping bigrams (春节晚会 → "春节 节晚 晚会").
 * Ranking: rows whose title holds every word first, then text-only matches;
 * newest first within each (see searchSql).
 */

const MAX_TERMS = 8;
const MAX_TERM_CHARS = 64;

export function searchTerms(q: string): string[] {
  const words = q
    .normalize('NFKC')
    .toLowerCase()
    .split(/[^\p{L}\p{N}]+/u)
    .filter(Boolean)
    .map((w) => [...w].slice(0, MAX_TERM_CHARS).join(''));
  return [...new Set(words)].slice(0, MAX_TERMS);
}

/** Which of the two indexes of a kind serves a query: trigram or bigram. */
export type SearchIndex = 'tri' | 'bi';

/**
 * The FTS5 MATCH expression for the terms and the index that serves it. Terms
 * hold only letters and digits, each is quoted: user text cannot inject FTS syntax.
 */
export function matchFor(terms: readonly string[]): { index: SearchIndex; match: string } | null {
  if (!terms.length) return null;
  const chars = terms.map((t) => [...t]);
  if (chars.every((c) => c.length >= 3)) {
    return { index: 'tri', match: terms.map((t) => `"${t}"`).join(' AND ') };
  }
  const parts = chars.map((c) => {
    if (c.length === 1) return `"${c[0]}"*`;
    if (c.length === 2) return `"${c.join('')}"`;
    return `"${c.slice(0, -1).map((ch, i) => ch + c[i + 1]).join(' ')}"`;
  });
  return { index: 'bi', match: parts.join(' AND ') };
}

interface ProjectRow {
  id: string;
  name: string;
  status: ProjectStatus;
  start_date: string;
  end_date: string;
  convener_id: string;
  body: string;
}

interface TaskRow {
  id: string;
  project_id: string;
  project_name: string;
  title: string;
  description: string;
  column_name: string | null;
  due_at: number | null;
  completed_at: number | null;
}

/**
 * The hot queries, one prepared statement per index and kind. Ranking is in two
 * tiers — rows whose title holds every word, then the other matches — and newest
 * first within a tier (the key grows with every insert or re-index). Each tier
 * walks the FTS doclist in descending key order and stops after `limit` rows, so
 * a common word (直播 in a third of all tasks) costs no more than a rare one and
 * no score is computed for every match. The second tier needs no NOT: if the
 * first found k < limit rows, it found them all, so the newest `limit` matches
 * overall hold at least limit − k rows that are not in it.
 */
export function searchSql(which: SearchIndex, kind: 'project' | 'task'): string {
  const index = `search_${kind}_${which}`;
  const tier = (n: 0 | 1, match: string): string => `SELECT * FROM (
      SELECT d.doc, d.ref, ${n} AS tier FROM ${index} JOIN search_docs d ON d.doc = ${index}.rowid
      WHERE ${index} MATCH ${match}
      ORDER BY ${index}.rowid DESC LIMIT @limit)`;
  const hits = `SELECT doc, ref, min(tier) AS tier FROM (
      ${tier(0, "'title : (' || @match || ')'")}
      UNION ALL ${tier(1, '@match')})
    GROUP BY doc`;
  if (kind === 'project') {
    return `WITH hits AS (${hits})
      SELECT p.id, p.name, p.status, p.start_date, p.end_date, p.convener_id,
             p.content || ' ' || p.brief || ' ' || p.audience AS body
      FROM hits JOIN projects p ON p.id = hits.ref
      ORDER BY hits.tier, hits.doc DESC LIMIT @limit`;
  }
  return `WITH hits AS (${hits})
    SELECT t.id, t.project_id, p.name AS project_name, t.title, t.description, c.name AS column_name, t.due_at, t.completed_at
    FROM hits JOIN tasks t ON t.id = hits.ref
      JOIN projects p ON p.id = t.project_id
      LEFT JOIN board_columns c ON c.id = t.column_id
    ORDER BY hits.tier, hits.doc DESC LIMIT @limit`;
}

const statements = new WeakMap<ReadDb, Map<string, ReadStatement>>();
function prepared(db: ReadDb, sql: string): ReadStatement {
  let cache = statements.get(db);
  if (!cache) statements.set(db, (cache = new Map()));
  let stmt = cache.get(sql);
  if (!stmt) cache.set(sql, (stmt = db.prepare<unknown[]>(sql)));
  return stmt;
}

const EXCERPT_BEFORE = 20;
const EXCERPT_LEN = 60;

function located(title: string, body: string, terms: readonly string[]): { matchedIn: SearchField; excerpt: string } {
  const t = title.toLowerCase();
  const b = body.toLowerCase();
  const matchedIn: SearchField = terms.some((x) => t.includes(x)) ? 'title' : 'body';
  const at = terms.map((x) => b.indexOf(x)).filter((i) => i >= 0).sort((x, y) => x - y)[0];
  if (at === undefined) return { matchedIn, excerpt: '' };
  const from = Math.max(0, at - EXCERPT_BEFORE);
  const text = body.slice(from, from + EXCERPT_LEN).replace(/\s+/g, ' ').trim();
  return { matchedIn, excerpt: `${from > 0 ? '…' : ''}${text}${from + EXCERPT_LEN < body.length ? '…' : ''}` };
}

export function search(db: ReadDb, q: string, limit: number, kinds: readonly SearchKind[] = ['projects', 'tasks']): SearchResult {
  const terms = searchTerms(q);
  const m = matchFor(terms);
  const none: SearchResult = { terms, projects: [], tasks: [], people: [], meetings: [], deliverables: [] };
  if (!m) return none;
  const params = { match: m.match, limit };
  const want = new Set(kinds);
  const projects = !want.has('projects') ? [] : (prepared(db, searchSql(m.index, 'project')).all(params) as ProjectRow[]).map(
    (r): SearchProjectHit => ({
      id: r.id,
      name: r.name,
      status: r.status,
      startDate: r.start_date,
      endDate: r.end_date,
      convenerId: r.convener_id,
      ...located(r.name, r.body, terms),
    }),
  );
  const tasks = !want.has('tasks') ? [] : (prepared(db, searchSql(m.index, 'task')).all(params) as TaskRow[]).map(
    (r): SearchTaskHit => ({
      id: r.id,
      projectId: r.project_id,
      projectName: r.project_name,
      title: r.title,
      columnName: r.column_name ?? '',
      dueAt: r.due_at,
      completedAt: r.completed_at,
      // The snippet names the people a description mentions (it stores their ids).
      ...located(r.title, r.description.includes('@{') ? renderMentions(r.description, (id) => (prepared(db, PERSON_NAME_SQL).get(id) as { name: string } | undefined)?.name) : r.description, terms),
    }),
  );
  return { ...none, projects, tasks, ...titled(db, q, terms, limit, want) };
}

/** Small tables, found by title (every word) or, for people, by the person-box rule. */
function titled(db: ReadDb, q: string, terms: readonly string[], limit: number, want: ReadonlySet<SearchKind>): Pick<SearchResult, 'people' | 'meetings' | 'deliverables'> {
  const people = (want.has('people') ? listPeople(db, { search: q, includeInactive: false }) : [])
    .slice(0, limit)
    .map((p): SearchPersonHit => ({ id: p.id, name: p.name, pinyin: p.pinyin, teamId: p.teamId, title: p.title }));
  const first = terms[0]!;
  const all = (title: string): boolean => {
    const t = title.normalize('NFKC').toLowerCase();
    return terms.every((x) => t.includes(x));
  };
  const meetings = !want.has('meetings') ? [] : (prepared(db, MEETINGS_SQL).all({ first }) as SearchMeetingHit[]).filter((r) => all(r.title)).slice(0, limit);
  const deliverables = !want.has('deliverables')
    ? []
    : (prepared(db, DELIVERABLES_SQL).all({ first }) as SearchDeliverableHit[]).filter((r) => all(r.title)).slice(0, limit);
  return { people, meetings, deliverables };
}

const PERSON_NAME_SQL = 'SELECT name FROM people WHERE id = ?';
const MEETINGS_SQL = `SELECT id, kind, date, title FROM meetings WHERE instr(lower(title), @first) > 0 ORDER BY date DESC, id DESC LIMIT 500`;
const DELIVERABLES_SQL = `SELECT d.id, d.project_id AS projectId, p.name AS projectName, d.title, d.platform, d.status, d.due_at AS dueAt
  FROM deliverables d JOIN projects p ON p.id = d.project_id
  WHERE instr(lower(d.title), @first) > 0 ORDER BY d.due_at DESC, d.id DESC LIMIT 500`;

export const searchHandlers = {
  'search.query': (ctx, input) => search(ctx.db, input.q, input.limit, input.kinds),
} satisfies HandlerGroup;
