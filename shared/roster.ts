import { ROLE_LABELS, ROLES, type Role } from './domain';

/**
 * 花名册 — the roster file a center keeps in Excel: one row per person. The
 * layout, the column names it is recognised by and how a cell is read live here
 * once: main checks and writes an import (main/people/roster.ts), the screen
 * offers the same mapping, and the export writes the same layout back, so an
 * exported roster imports as "unchanged".
 */

export const ROSTER_FIELDS = ['login', 'name', 'team', 'role', 'title', 'skills', 'capacity'] as const;
export type RosterField = (typeof ROSTER_FIELDS)[number];
/** Which column of the file each field is read from (0-based), or null: not in the file. */
export type RosterMapping = Record<RosterField, number | null>;

/** A row without these cannot be imported. */
export const ROSTER_REQUIRED: readonly RosterField[] = ['name', 'team'];

/** The export's header, which is also the first name the import looks for. */
export const ROSTER_HEADER: Record<RosterField, string> = {
  login: '工号',
  name: '姓名',
  team: '团队',
  role: '系统角色',
  title: '职务',
  skills: '技能',
  capacity: '每周可用工时',
};

const ALIASES: Record<RosterField, string[]> = {
  login: ['工号', '员工号', '职工号', '员工编号', '登录名', '账号', '帐号', 'staffnumber', 'staffno', 'employeeid', 'login'],
  name: ['姓名', '名字', '人员', 'name', 'fullname'],
  team: ['团队', '部门', '所属团队', '所属部门', '科室', '班组', 'team', 'department', 'dept'],
  role: ['系统角色', '角色', '权限', 'role', 'approle'],
  title: ['职务', '岗位', '职位', '职称', 'title', 'position', 'jobtitle'],
  skills: ['技能', '特长', '擅长', '专长', 'skills', 'skill'],
  capacity: ['每周可用工时', '每周工时', '周工时', '可用工时', '工时', 'capacity', 'weeklyhours', 'hours', 'capacityhours'],
};

/** The most rows one import takes (a center has 80–150 staff; a group of centers a few hundred). */
export const MAX_ROSTER_ROWS = 2000;
export const MAX_CAPACITY_HOURS = 80;

const norm = (s: string): string => s.normalize('NFKC').trim().toLowerCase().replace(/[\s_（）()*：:]/g, '');

/** The mapping a header row suggests: each field takes the first column named like it. */
export function suggestMapping(header: readonly string[]): RosterMapping {
  const names = header.map(norm);
  const taken = new Set<number>();
  const out = {} as RosterMapping;
  for (const f of ROSTER_FIELDS) {
    const i = ALIASES[f].map((a) => names.findIndex((n, j) => n === a && !taken.has(j))).find((j) => j >= 0);
    out[f] = i ?? null;
    if (i !== undefined) taken.add(i);
  }
  return out;
}

/** A mapping's own mistakes: a required field without a column, or two fields read from one column. */
export function mappingProblems(m: RosterMapping, columns: number): { missing: RosterField[]; shared: RosterField[]; outside: RosterField[] } {
  const missing = ROSTER_REQUIRED.filter((f) => m[f] === null);
  const outside = ROSTER_FIELDS.filter((f) => m[f] !== null && (m[f]! < 0 || m[f]! >= columns));
  const seen = new Map<number, RosterField>();
  const shared: RosterField[] = [];
  for (const f of ROSTER_FIELDS) {
    const c = m[f];
    if (c === null) continue;
    if (seen.has(c)) shared.push(f);
    else seen.set(c, f);
  }
  return { missing, shared, outside };
}

/** A role cell: the code or either language's label; '' when the cell is empty, null when unknown. */
export function roleOf(value: string): Role | '' | null {
  const v = norm(value);
  if (v === '') return '';
  for (const r of ROLES) {
    const l = ROLE_LABELS[r];
    if (v === r || v === norm(l.zh) || v === norm(l.en)) return r;
  }
  if (v === '召集人') return 'convener';
  return null;
}

/** A capacity cell: hours a week, 0–80, at most one decimal; '' when empty, null when not a number in range. */
export function capacityOf(value: string): number | '' | null {
  const v = value.normalize('NFKC').trim().replace(/\s*(小时|h|hours?)$/i, '');
  if (v === '') return '';
  if (!/^\d{1,3}(\.\d)?$/.test(v)) return null;
  const n = Number(v);
  return n <= MAX_CAPACITY_HOURS ? n : null;
}

/** A skills cell: items split on 、 , ， ; ； / | or a line break; blanks dropped, repeats once. */
export function skillsOf(value: string): string[] {
  return [...new Set(value.split(/[、,，;；/|\n]/).map((s) => s.trim()).filter(Boolean))];
}

/** The skills cell the export writes (and skillsOf reads back). */
export const skillsCell = (skills: readonly string[]): string => skills.join('、');
