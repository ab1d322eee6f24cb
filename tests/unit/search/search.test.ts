import { afterEach, describe, expect, it } from 'vitest';
import { keysBetween } from '../../../shared/ordering';
import { mentionToken } from '../../../shared/mentions';
import type { Db } from '../../../main/db/connection';
import { newId } from '../../../main/core/ids';
import { matchFor, searchSql, searchTerms } from '../../../main/search';
import { insertTask } from '../../../main/boards/tasks-core';
import { world, type TestWorld } from '../../helpers/db';

let w: TestWorld | null = null;
afterEach(() => {
  w?.close();
  w = null;
});

/** A project with four columns, written as the projects feature will (plain rows; the index follows by triggers). */
function addProject(db: Db, name: string, fields: { content?: string; brief?: string; audience?: string } = {}): { id: string; columnId: string } {
  const convener = db.prepare<[], { id: string }>("SELECT id FROM people WHERE role = 'admin' LIMIT 1").get()!.id;
  const id = newId();
  db.prepare(
    `INSERT INTO projects (id, name, content, audience, brief, convener_id, start_date, end_date, status, status_changed_at, created_at, updated_at)
     VALUES (?, ?, ?, ?, ?, ?, '2026-01-01', '2026-12-31', 'active', 0, 0, 0)`,
  ).run(id, name, fields.content ?? '', fields.audience ?? '', fields.brief ?? '', convener);
  const keys = keysBetween(null, null, 4);
  const cols = ['待办', '进行中', '待审核', '已完成'].map((n, i) => {
    const c = newId();
    db.prepare('INSERT INTO board_columns (id, project_id, name, position, is_done, created_at, updated_at) VALUES (?, ?, ?, ?, ?, 0, 0)').run(
      c, id, n, keys[i], i === 3 ? 1 : 0,
    );
    return c;
  });
  return { id, columnId: cols[0]! };
}

const addTask = (db: Db, projectId: string, title: string, description = ''): string =>
  insertTask(db, { projectId, title, description }, null, 0);

async function seeded(): Promise<{ w: TestWorld; p1: string; p2: string; ids: Record<'poster' | 'posterBody' | 'live' | 'h5' | 'g5' | 'spring', string> }> {
  const tw = await world({ demo: true });
  const db = tw.db;
  const p1 = addProject(db, '检索测试·春节联欢直播', { content: '八小时不间断直播，5G传输', audience: '全区群众' }).id;
  const p2 = addProject(db, '检索测试·文旅宣传片', { content: '三轮发布：预告片、正片、花絮', brief: '主视觉海报三张' }).id;
  const ids = {
    poster: addTask(db, p2, '设计主视觉海报', '三张竖版海报，用于公众号'),
    posterBody: addTask(db, p2, '联系印刷厂', '确认海报印刷数量与交付时间，另附一份说明文字用于公众号后台排版与推送'),
    live: addTask(db, p1, '直播导播台调试', '现场5G直播保障'),
    h5: addTask(db, p1, 'H5专题页面上线', '春节互动H5'),
    g5: addTask(db, p1, '5G背包测试', 'Test the 5G backpack before the show'),
    spring: addTask(db, p1, '春节晚会彩排', '舞台走位'),
  };
  return { w: tw, p1, p2, ids };
}

describe('search terms', () => {
  it('splits on spaces and punctuation, lower-cases, folds full-width forms and drops duplicates', () => {
    expect(searchTerms('  直播，海报 直播 ')).toEqual(['直播', '海报']);
    expect(searchTerms('Ｈ５专题')).toEqual(['h5专题']);
    expect(searchTerms('"a" OR b* NEAR(c)')).toEqual(['a', 'or', 'b', 'near', 'c']);
    expect(searchTerms('！！！')).toEqual([]);
    expect(searchTerms('一 二 三 四 五 六 七 八 九 十')).toHaveLength(8);
  });

  it('picks the trigram index for long words and the bigram index as soon as one word is short', () => {
    expect(matchFor(['春节晚会'])).toEqual({ index: 'tri', match: '"春节晚会"' });
    expect(matchFor(['直播'])).toEqual({ index: 'bi', match: '"直播"' });
    expect(matchFor(['直'])).toEqual({ index: 'bi', match: '"直"*' });
    expect(matchFor(['海报', '春节晚会'])).toEqual({ index: 'bi', match: '"海报" AND "春节 节晚 晚会"' });
    expect(matchFor([])).toBeNull();
  });
});

describe('search.query', () => {
  it('finds two-character words (直播, 海报) in titles and in text', async () => {
    const s = await seeded();
    w = s.w;
    const me = w.as('王小川');
    const poster = await w.call(me, 'search.query', { q: '海报' });
    expect(poster.tasks.map((t) => t.id)).toEqual(expect.arrayContaining([s.ids.poster, s.ids.posterBody]));
    expect(poster.projects.map((p) => p.id)).toContain(s.p2);
    const live = await w.call(me, 'search.query', { q: '直播' });
    expect(live.tasks.map((t) => t.id)).toContain(s.ids.live);
    expect(live.projects.map((p) => p.id)).toContain(s.p1);
    expect(live.tasks.map((t) => t.id)).not.toContain(s.ids.poster);
  });

  it('finds one-character queries, including the last character of a text', async () => {
    const s = await seeded();
    w = s.w;
    const me = w.as('王小川');
    const r = await w.call(me, 'search.query', { q: '厂' }); // last character of 联系印刷厂
    expect(r.tasks.map((t) => t.id)).toContain(s.ids.posterBody);
    const one = await w.call(me, 'search.query', { q: '彩' });
    expect(one.tasks.map((t) => t.id)).toEqual([s.ids.spring]);
  });

  it('finds words of three characters or more through the trigram index, as substrings', async () => {
    const s = await seeded();
    w = s.w;
    const me = w.as('王小川');
    const r = await w.call(me, 'search.query', { q: '导播台' });
    expect(r.tasks.map((t) => t.id)).toEqual([s.ids.live]);
    const none = await w.call(me, 'search.query', { q: '导播室' });
    expect(none.tasks).toEqual([]);
  });

  it('handles mixed latin and CJK, case-insensitively', async () => {
    const s = await seeded();
    w = s.w;
    const me = w.as('王小川');
    expect((await w.call(me, 'search.query', { q: 'h5' })).tasks.map((t) => t.id)).toEqual([s.ids.h5]);
    expect((await w.call(me, 'search.query', { q: 'H5专题' })).tasks.map((t) => t.id)).toEqual([s.ids.h5]);
    const g = (await w.call(me, 'search.query', { q: '5g' })).tasks.map((t) => t.id);
    expect(g).toEqual(expect.arrayContaining([s.ids.live, s.ids.g5]));
    expect((await w.call(me, 'search.query', { q: 'BACKPACK' })).tasks.map((t) => t.id)).toEqual([s.ids.g5]);
    expect((await w.call(me, 'search.query', { q: '5G直播' })).tasks.map((t) => t.id)).toEqual([s.ids.live]);
  });

  it('requires every word (AND), mixing short and long words', async () => {
    const s = await seeded();
    w = s.w;
    const me = w.as('王小川');
    const r = await w.call(me, 'search.query', { q: '海报 公众号' });
    expect(r.tasks.map((t) => t.id).sort()).toEqual([s.ids.poster, s.ids.posterBody].sort());
    const r2 = await w.call(me, 'search.query', { q: '海报 竖版' });
    expect(r2.tasks.map((t) => t.id)).toEqual([s.ids.poster]);
  });

  it('ranks title matches above text-only matches and says where it matched', async () => {
    const s = await seeded();
    w = s.w;
    const r = await w.call(w.as('王小川'), 'search.query', { q: '海报' });
    const mine = r.tasks.filter((t) => t.id === s.ids.poster || t.id === s.ids.posterBody);
    expect(mine.map((t) => t.id)).toEqual([s.ids.poster, s.ids.posterBody]);
    expect(mine[0]!.matchedIn).toBe('title');
    expect(mine[1]!.matchedIn).toBe('body');
    expect(mine[1]!.excerpt).toContain('海报');
    expect(mine[0]!.projectName).toBe('检索测试·文旅宣传片');
    expect(mine[0]!.columnName).toBe('待办');
  });

  it('a description\'s excerpt names the people it mentions, not their ids', async () => {
    const s = await seeded();
    w = s.w;
    const me = w.as('王小川');
    const id = addTask(w.db, s.p2, '海报字体授权', `${mentionToken(me.actorId!)} 联系字库公司确认授权范围`);
    const r = await w.call(me, 'search.query', { q: '字库' });
    const hit = r.tasks.find((t) => t.id === id)!;
    expect(hit.excerpt).toContain('@王小川 联系字库公司');
    expect(hit.excerpt).not.toContain('@{');
  });

  it('follows edits and deletes (triggers keep the index in step)', async () => {
    const s = await seeded();
    w = s.w;
    const me = w.as('王小川');
    w.db.prepare("UPDATE tasks SET title = '航拍素材整理' WHERE id = ?").run(s.ids.spring);
    expect((await w.call(me, 'search.query', { q: '彩排' })).tasks).toEqual([]);
    expect((await w.call(me, 'search.query', { q: '航拍' })).tasks.map((t) => t.id)).toContain(s.ids.spring);
    // Moving a card does not rewrite the index, and the task is still found.
    const docOf = (id: string) => (w!.db.prepare('SELECT doc FROM search_docs WHERE ref = ?').get(id) as { doc: number }).doc;
    const before = docOf(s.ids.spring);
    w.db.prepare("UPDATE tasks SET position = 'zz' WHERE id = ?").run(s.ids.spring);
    expect(docOf(s.ids.spring)).toBe(before);
    expect((await w.call(me, 'search.query', { q: '航拍素材整理' })).tasks.map((t) => t.id)).toEqual([s.ids.spring]);
    w.db.prepare('DELETE FROM projects WHERE id = ?').run(s.p1);
    const gone = await w.call(me, 'search.query', { q: '直播' });
    expect(gone.projects.map((p) => p.id)).not.toContain(s.p1);
    expect(gone.tasks.map((t) => t.id)).not.toContain(s.ids.live);
    const orphans = w.db.prepare('SELECT count(*) AS n FROM search_docs d WHERE d.kind = ? AND NOT EXISTS (SELECT 1 FROM tasks t WHERE t.id = d.ref)').get('task') as { n: number };
    expect(orphans.n).toBe(0);
  });

  it('returns nothing for punctuation only, honours the limit, and refuses anonymous callers', async () => {
    const s = await seeded();
    w = s.w;
    const me = w.as('王小川');
    expect(await w.call(me, 'search.query', { q: '“”！？' })).toEqual({ terms: [], projects: [], tasks: [], people: [], meetings: [], deliverables: [] });
    const limited = await w.call(me, 'search.query', { q: '海报', limit: 1 });
    expect(limited.tasks).toHaveLength(1);
    expect((await w.fail({ actorId: null }, 'search.query', { q: '海报' })).code).toBe('FORBIDDEN');
    expect((await w.fail(me, 'search.query', { q: 'x'.repeat(201) })).code).toBe('VALIDATION');
  });

  it('finds people by pinyin initials, meetings and deliverables by every word of their title', async () => {
    const s = await seeded();
    w = s.w;
    const me = w.as('周岚');
    const ALL = ['projects', 'tasks', 'people', 'meetings', 'deliverables'] as const;
    const r = await w.call(me, 'search.query', { q: 'wxc', kinds: [...ALL] });
    expect((await w.call(me, 'search.query', { q: 'wxc' })).people).toEqual([]); // asked for by the global search only
    expect(r.people[0]!.name).toBe('王小川');
    const meeting = await w.call(me, 'meetings.create', { kind: 'weekly', date: '2026-11-30', title: '第49周策划会 春节', chairId: null, attendeeIds: [] });
    const found = await w.call(me, 'search.query', { q: '策划 春节', kinds: [...ALL] });
    expect(found.meetings.map((m) => m.id)).toEqual([meeting.id]);
    expect((await w.call(me, 'search.query', { q: '策划 端午', kinds: [...ALL] })).meetings).toEqual([]);
    const anyDeliverable = w.db.prepare<[], { title: string }>('SELECT title FROM deliverables LIMIT 1').get()!;
    const byTitle = await w.call(me, 'search.query', { q: anyDeliverable.title, kinds: ['deliverables'] });
    expect(byTitle.deliverables.map((d) => d.title)).toContain(anyDeliverable.title);
  });

  it('treats FTS syntax in the query as plain words', async () => {
    const s = await seeded();
    w = s.w;
    const me = w.as('王小川');
    for (const q of ['"', 'NEAR(直播', '直播 OR', '*', 'a:b', '^直播', '直播)']) {
      const r = await w.call(me, 'search.query', { q });
      expect(Array.isArray(r.tasks), q).toBe(true);
    }
  });

  it('searches the demo workspace (rows written before a search existed are indexed too)', async () => {
    w = await world({ demo: true });
    const r = await w.call(w.as('林晓峰'), 'search.query', { q: '新春大直播' });
    expect(r.projects.map((p) => p.name)).toContain('2027青溪新春大直播');
  });
});

describe('query plans of the search statements', () => {
  const plan = (db: Db, sql: string): string =>
    (db.prepare(`EXPLAIN QUERY PLAN ${sql}`).all({ match: '"直播"', limit: 20 }) as { detail: string }[]).map((r) => r.detail).join('\n');

  for (const which of ['tri', 'bi'] as const) {
    for (const kind of ['project', 'task'] as const) {
      it(`${kind} / ${which}: its own full-text index in key order, then primary keys, no scan`, async () => {
        w = await world();
        const p = plan(w.db, searchSql(which, kind));
        // Both tiers are full-text lookups (M = MATCH) in the kind's own index, and FTS5 itself delivers
        // rows in descending key order (idxNum bits 0x40 ORDER BY rowid, 0x80 DESC), so LIMIT stops early.
        const scans = [...p.matchAll(new RegExp(`SCAN search_${kind}_${which} VIRTUAL TABLE INDEX (\\d+):M`, 'g'))];
        expect(scans).toHaveLength(2);
        for (const s of scans) expect(Number(s[1]) & 0xc0).toBe(0xc0);
        expect(p.match(/SEARCH d USING INTEGER PRIMARY KEY \(rowid=\?\)/g)).toHaveLength(2);
        expect(p).toMatch(kind === 'project' ? /SEARCH p USING INDEX sqlite_autoindex_projects_1 \(id=\?\)/ : /SEARCH t USING INDEX sqlite_autoindex_tasks_1 \(id=\?\)/);
        expect(p).not.toMatch(/SCAN (p|t|d|c)$/m);
        expect(p).not.toMatch(/search_(project|task)_(tri|bi) VIRTUAL TABLE INDEX 0:/);
      });
    }
  }
});
