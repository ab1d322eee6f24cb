import ExcelJS from 'exceljs';
import iconv from 'iconv-lite';
import { afterEach, describe, expect, it } from 'vitest';
import type { RosterCheck } from '../../../shared/contract';
import { capacityOf, roleOf, skillsOf, suggestMapping } from '../../../shared/roster';
import { dbChecksum, world, type TestWorld } from '../../helpers/db';

/** 花名册导入 (people.readRosterFile / checkImport / import / exportRoster). Demo center, fixed clock. */

const NOW = Date.UTC(2027, 2, 10, 2, 0, 0);
const HEADER = ['工号', '姓名', '团队', '系统角色', '职务', '技能', '每周可用工时'];
let w: TestWorld | null = null;
afterEach(() => {
  w?.close();
  w = null;
});

async function setup() {
  w = await world({ demo: true, now: NOW });
  return { t: w, admin: w.as('周岚'), manager: w.as('陈思远'), member: w.as('王小川') };
}

const b64 = (b: Uint8Array | ArrayBuffer): string => Buffer.from(b as ArrayBuffer).toString('base64');
const csv = (rows: string[][]): string => rows.map((r) => r.join(',')).join('\r\n') + '\r\n';
const person = (t: TestWorld, login: string) =>
  t.db.prepare<[string], { name: string; title: string; capacity_hours: number; role: string; active: number; team: string }>(
    'SELECT p.*, t.name AS team FROM people p JOIN teams t ON t.id = p.team_id WHERE login = ?',
  ).get(login);
const importLogs = (t: TestWorld): number => t.db.prepare<[], { n: number }>("SELECT count(*) AS n FROM activity_log WHERE command = 'people.import'").get()!.n;
const errorsOf = (c: RosterCheck): string[] => c.rows.flatMap((r) => r.errors.map((e) => `${r.line}:${e.kind}${e.otherLine ? `@${e.otherLine}` : ''}`));

describe('the roster layout (shared/roster.ts)', () => {
  it('suggests columns from Chinese or English headers and reads role, capacity and skills cells', () => {
    expect(suggestMapping(['序号', '姓名', '部门', '员工号', '岗位', '周工时'])).toEqual({
      login: 3, name: 1, team: 2, role: null, title: 4, skills: null, capacity: 5,
    });
    expect(suggestMapping(['Name', 'Team', 'Staff No', 'Role', 'Skills', 'Hours'])).toMatchObject({ name: 0, team: 1, login: 2, role: 3, skills: 4, capacity: 5 });
    expect(suggestMapping(['备注'])).toMatchObject({ name: null, team: null });
    expect([roleOf('成员'), roleOf('Manager'), roleOf(' 项目召集人 '), roleOf(''), roleOf('组长')]).toEqual(['member', 'manager', 'convener', '', null]);
    expect([capacityOf('36'), capacityOf('37.5'), capacityOf('40小时'), capacityOf(''), capacityOf('81'), capacityOf('abc'), capacityOf('-4')]).toEqual([36, 37.5, 40, '', null, null, null]);
    expect(skillsOf('航拍、剪辑, 剪辑；直播 /')).toEqual(['航拍', '剪辑', '直播']);
  });
});

describe('people.import', () => {
  it('names every bad row and writes nothing: missing name, unknown team, duplicate staff number, bad capacity, role, login, a namesake', async () => {
    const { t, admin } = await setup();
    // Two 李静 in one team: a row naming 李静 there without a staff number cannot tell which.
    const team = t.db.prepare<[], { id: string }>("SELECT id FROM teams WHERE name = '美编设计团队'").get()!.id;
    await t.call(admin, 'people.create', { name: '李静', teamId: team });
    await t.call(admin, 'people.create', { name: '李静', teamId: team });
    const rows = [
      HEADER,
      ['0101', '韩叶舟', '直播团队', '成员', '主播', '口播、直播', '40'],
      ['0102', '', '直播团队', '', '', '', ''],
      ['0103', '柯望', '舞美团队', '', '', '', ''],
      ['0101', '邵一帆', '文案团队', '', '', '', ''],
      ['0105', '顾南星', 'Copywriting', '', '', '', '一百'],
      ['0106', '钟离', '文案团队', '组长', '', '', ''],
      ['工号 7', '闻笛', '文案团队', '', '', '', ''],
      ['', '李静', '美编设计团队', '', '', '', ''],
      ['', '宁远', '短视频团队', '', '', '', ''],
      ['', '宁远', '短视频团队', '', '', '', ''],
      ['0111', '岑溪', '文案团队', '', 'x'.repeat(61), '', ''],
    ];
    const before = dbChecksum(t.db);
    const check = await t.call(admin, 'people.checkImport', { fileName: 'roster.xlsx', rows });
    expect(check.ok).toBe(false);
    expect(errorsOf(check)).toEqual([
      '3:missing_name',
      '4:unknown_team',
      '5:duplicate_login@2',
      '6:bad_capacity',
      '7:bad_role',
      '8:bad_login',
      '9:same_name',
      '11:duplicate_person@10',
      '12:text_too_long',
    ]);
    expect(check.counts).toEqual({ create: 2, update: 0, unchanged: 0, invalid: 9 });
    // English team names are understood (顾南星's only problem is the capacity).
    expect(check.rows.find((r) => r.line === 6)!.teamName).toBe('文案团队');
    const e = await t.fail(admin, 'people.import', { fileName: 'roster.xlsx', rows });
    expect(e.code).toBe('VALIDATION');
    expect(e.localized.zh).toContain('9 行错误');
    expect(e.localized.zh).toContain('第 3、4、5、6、7');
    expect(dbChecksum(t.db)).toBe(before);
  });

  it('creates, updates by staff number and leaves the rest: one command, one activity row; the export imports back unchanged', async () => {
    const { t, admin } = await setup();
    const rows = [
      HEADER,
      ['0427', '韩叶舟', '直播团队', '', '主播', '口播、直播', '36'],
      ['wangxiaochuan', '王小川', '短视频团队', '', '短视频主编', '', ''],
      ['zhoulan', '周岚', '采访记者团队', '管理员', '中心主任', '统筹、审稿', '40'],
    ];
    const check = await t.call(admin, 'people.checkImport', { fileName: 'r.csv', rows });
    expect(check.ok).toBe(true);
    expect(check.rows.map((r) => `${r.action}:${r.changes.join('+')}`)).toEqual(['create:', 'update:title', 'unchanged:']);
    const r = await t.call(admin, 'people.import', { fileName: 'r.csv', rows });
    expect(r).toEqual({ created: 1, updated: 1, unchanged: 1 });
    expect(importLogs(t)).toBe(1);
    expect(person(t, '0427')).toMatchObject({ name: '韩叶舟', team: '直播团队', role: 'member', title: '主播', capacity_hours: 36 });
    // An empty cell keeps what the person had: 王小川's capacity stays.
    expect(person(t, 'wangxiaochuan')).toMatchObject({ title: '短视频主编', capacity_hours: 40 });

    const exported = await t.call(admin, 'people.exportRoster', { format: 'xlsx', includeInactive: false });
    expect(exported.fileName).toMatch(/^花名册_2027-03-10\.xlsx$/);
    const grid = await t.call(admin, 'people.readRosterFile', { fileName: exported.fileName, dataBase64: exported.base64 });
    expect(grid.rows[0]).toEqual(HEADER);
    expect(grid.rows).toHaveLength(82);
    expect(grid.rows.find((x) => x[0] === '0427')).toEqual(['0427', '韩叶舟', '直播团队', '成员', '主播', '口播、直播', '36']);
    const again = await t.call(admin, 'people.checkImport', { fileName: exported.fileName, rows: grid.rows });
    expect(again.counts).toEqual({ create: 0, update: 0, unchanged: 81, invalid: 0 });
  });

  it('without a staff number the name in its team finds the person, who gets the number; a deactivated person returns', async () => {
    const { t, admin } = await setup();
    const song = t.as('宋可欣');
    await t.call(admin, 'people.setActive', { id: song.actorId!, active: false });
    const rows = [
      ['姓名', '部门', '员工号', '周工时'],
      ['王小川', '短视频团队', '0388', '32'],
      ['宋可欣', '文案团队', '', ''],
      ['王小川', '直播团队', '', ''],
    ];
    const check = await t.call(admin, 'people.checkImport', { fileName: 'r.csv', rows });
    expect(check.rows.map((r) => `${r.name}:${r.action}:${r.changes.join('+')}`)).toEqual([
      '王小川:update:login+capacity',
      '宋可欣:update:active',
      // Another team's 王小川 is someone else.
      '王小川:create:',
    ]);
    await t.call(admin, 'people.import', { fileName: 'r.csv', rows });
    expect(person(t, '0388')).toMatchObject({ name: '王小川', capacity_hours: 32, team: '短视频团队' });
    expect(person(t, 'songkexin')!.active).toBe(1);
    // The new namesake gets a login of its own, numbered past the taken pinyin.
    expect(person(t, 'wangxiaochuan2')).toMatchObject({ name: '王小川', team: '直播团队' });
  });

  it('reads GBK and UTF-8 (with or without BOM) CSV and .xlsx alike', async () => {
    const { t, admin } = await setup();
    const rows = [HEADER, ['0501', '韩叶舟', '直播团队', '成员', '主播', '口播', '40']];
    // GBK bytes of the same text, as Excel on a Chinese Windows saves "CSV".
    const gbk = iconv.encode(csv(rows), 'gbk');
    expect(new TextDecoder('gbk').decode(gbk)).toBe(csv(rows));
    const utf8 = Buffer.from(csv(rows), 'utf8');
    const bom = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), utf8]);
    const wb = new ExcelJS.Workbook();
    const sheet = wb.addWorksheet('花名册');
    for (const r of rows) sheet.addRow(r);
    const xlsx = await wb.xlsx.writeBuffer();
    for (const [fileName, bytes] of [['gbk.csv', gbk], ['utf8.csv', utf8], ['bom.csv', bom], ['r.xlsx', xlsx]] as const) {
      const grid = await t.call(admin, 'people.readRosterFile', { fileName, dataBase64: b64(bytes) });
      expect(grid.rows, fileName).toEqual(rows);
    }
  });

  it('is for admins; it never leaves the workspace without an active admin; managers may export', async () => {
    const { t, admin, manager, member } = await setup();
    const rows = [HEADER, ['zhoulan', '周岚', '采访记者团队', '管理者', '', '', '']];
    for (const who of [manager, member]) {
      expect((await t.fail(who, 'people.import', { fileName: 'r.csv', rows })).code).toBe('FORBIDDEN');
      expect((await t.fail(who, 'people.checkImport', { fileName: 'r.csv', rows })).code).toBe('FORBIDDEN');
      expect((await t.fail(who, 'people.readRosterFile', { fileName: 'r.csv', dataBase64: b64(Buffer.from(csv(rows))) })).code).toBe('FORBIDDEN');
    }
    const check = await t.call(admin, 'people.checkImport', { fileName: 'r.csv', rows });
    expect(check).toMatchObject({ ok: false, noAdminLeft: true });
    expect((await t.fail(admin, 'people.import', { fileName: 'r.csv', rows })).localized.zh).toContain('没有在职管理员');
    expect(person(t, 'zhoulan')!.role).toBe('admin');
    const file = await t.call(manager, 'people.exportRoster', { format: 'csv', includeInactive: true });
    const text = Buffer.from(file.base64, 'base64').toString('utf8');
    expect(text.startsWith('\uFEFF工号,姓名,团队,系统角色,职务,技能,每周可用工时,状态\r\n')).toBe(true);
    expect((await t.fail(member, 'people.exportRoster', { format: 'csv', includeInactive: false })).code).toBe('FORBIDDEN');
  });

  it('a mapping must give name and team a column each; the header alone imports nothing', async () => {
    const { t, admin } = await setup();
    const rows = [['花名', '团队'], ['韩叶舟', '直播团队']];
    const none = await t.call(admin, 'people.checkImport', { fileName: 'r.csv', rows });
    expect(none.mappingErrors.missing).toEqual(['name']);
    const mapping = { login: null, name: 0, team: 1, role: null, title: null, skills: null, capacity: null };
    expect((await t.call(admin, 'people.checkImport', { fileName: 'r.csv', rows, mapping })).ok).toBe(true);
    const twice = await t.call(admin, 'people.checkImport', { fileName: 'r.csv', rows, mapping: { ...mapping, title: 1 } });
    expect(twice.mappingErrors.shared).toEqual(['title']);
    expect((await t.fail(admin, 'people.import', { fileName: 'r.csv', rows: [rows[0]!], mapping })).localized.zh).toContain('没有可导入');
    await t.call(admin, 'people.import', { fileName: 'r.csv', rows, mapping });
    expect(t.db.prepare("SELECT login FROM people WHERE name = '韩叶舟'").get()).toEqual({ login: 'hanyezhou' });
  });
});
