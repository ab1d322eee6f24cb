import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Session } from '../../../main/core/backend';
import { cleanPastedText, findUnstorableText, unstorableChar } from '../../../shared/text';
import { dbChecksum } from '../../helpers/db';
import { buildWorld, type World } from '../../helpers/world';

let w: World;
let admin: Session;
let taskId: string;
let projectId: string;
beforeEach(async () => {
  w = await buildWorld({ now: Date.UTC(2026, 5, 1, 9) });
  admin = w.admin;
  const p = await w.project({ name: '读书月' });
  projectId = p.id;
  taskId = (await w.task(p, { title: '书单', labels: ['急'] })).id;
});
afterEach(() => w.close());

const LONE_HIGH = '\uD83D'; // the first half of 😀 without its second half
const LONE_LOW = '\uDE00';

describe('text no store can keep is refused at the contract, for every call', () => {
  const cases: { what: string; name: string; input: () => Record<string, unknown>; field: RegExp }[] = [
    { what: 'a NUL in a comment', name: 'comments.add', input: () => ({ taskId, body: 'ok\u0000then' }), field: /^内容 含有无法保存的字符（U\+0000）/ },
    { what: 'a lone high surrogate in a task title', name: 'tasks.create', input: () => ({ projectId, title: `标题${LONE_HIGH}` }), field: /^标题 含有无法保存的字符（U\+D83D）/ },
    { what: 'a lone low surrogate in a team name', name: 'teams.create', input: () => ({ name: `${LONE_LOW}组` }), field: /^名称 含有无法保存的字符（U\+DE00）/ },
    { what: 'a NUL in a team description', name: 'teams.create', input: () => ({ name: '新组', description: 'a\u0000' }), field: /^说明 / },
    { what: 'a NUL in an array element (a skill)', name: 'teams.create', input: () => ({ name: '新组', skills: ['剪辑', 'x\u0000'] }), field: /^技能（skills\.1） 含有/ },
    { what: 'a control character in a task label', name: 'tasks.update', input: () => ({ id: taskId, labels: ['急', '\u0007'] }), field: /^标签（labels\.1） 含有无法保存的字符（U\+0007）/ },
    { what: 'a NUL in a cell of an import', name: 'figures.import', input: () => ({ fileName: 'f.csv', date: '2026-06-01', rows: [['a', 'b'], ['c', 'd\u0000']] }), field: /rows\.1\.1/ },
    { what: 'a NUL in a key the schema would strip', name: 'teams.create', input: () => ({ name: '新组', ['x\u0000']: 1 }), field: /U\+0000/ },
  ];
  for (const c of cases) {
    it(`${c.what} (${c.name}): VALIDATION naming the field, nothing written`, async () => {
      const before = dbChecksum(w.db);
      const e = await w.fail(admin, c.name as 'teams.create', c.input() as never);
      expect(e.code).toBe('VALIDATION');
      expect(e.localized.zh).toMatch(c.field);
      expect(e.localized.en).toMatch(/cannot be saved \(U\+[0-9A-F]{4}\)/);
      expect(dbChecksum(w.db)).toBe(before);
    });
  }

  it('queries and session calls are checked too (a search term, a hub address)', async () => {
    expect((await w.fail(admin, 'people.list', { search: '周\u0000' })).code).toBe('VALIDATION');
    expect((await w.fail({ actorId: null }, 'sync.connect', { hubUrl: 'http://h\u0000', name: 'a', password: 'b' })).localized.zh).toMatch(/^枢纽地址 /);
  });

  it('emoji (surrogate pairs), CJK, tab and line breaks pass and are stored unchanged', async () => {
    const body = '好的 😀👍🏽 第一行\n\t第二行\r\n𠮷野家';
    const comment = await w.call(admin, 'comments.add', { taskId, body });
    expect(comment.body).toBe(body);
    const team = await w.call(admin, 'teams.create', { name: '🎬 视频组', skills: ['剪辑✂️'] });
    expect(team.name).toBe('🎬 视频组');
    const row = w.db.prepare<[string], { body: string }>('SELECT body FROM task_comments WHERE id = ?').get(comment.id);
    expect(row?.body).toBe(body);
  });

  it('a deeply nested hostile input is refused without overflowing the stack', async () => {
    let v: unknown = 'x\u0000';
    for (let i = 0; i < 200_000; i++) v = [v];
    const found = findUnstorableText({ deep: v });
    expect(found?.char).toBe('U+0000');
    expect(found?.path.length).toBe(200_001);
    const e = await w.fail(admin, 'teams.create', { name: '组', deep: v } as never);
    expect(e.code).toBe('VALIDATION');
  });
});

describe('the text helpers', () => {
  it('finds exactly the refused characters', () => {
    expect(unstorableChar('\u0000')).toBe('U+0000');
    expect(unstorableChar('a\u001F')).toBe('U+001F');
    expect(unstorableChar('\t\n\r')).toBeNull();
    expect(unstorableChar('\u007F\u0085\u00A0\u3000')).toBeNull(); // DEL, C1 and spaces: PostgreSQL and xlsx keep them
    expect(unstorableChar('😀')).toBeNull();
    expect(unstorableChar('😀'.slice(0, 1))).toBe('U+D83D');
    expect(unstorableChar('😀'.slice(1))).toBe('U+DE00');
    expect(unstorableChar('\uDE00\uD83D')).toBe('U+DE00'); // the halves in the wrong order are two lone ones
  });

  it('cleans pasted text: line breaks from word processors kept as line feeds, the rest dropped, emoji kept', () => {
    expect(cleanPastedText('a\u000Bb\u000Cc')).toBe('a\nb\nc');
    expect(cleanPastedText('x\u0000y\u0002z\uD83D')).toBe('xyz');
    expect(cleanPastedText('😀 中文\t\n')).toBe('😀 中文\t\n');
    expect(unstorableChar(cleanPastedText('\u0000\uDE00\uD800\u0001ok'))).toBeNull();
  });
});
