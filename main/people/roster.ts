import ExcelJS from 'exceljs';
import Papa from 'papaparse';
import type { ExportFile, Person, RosterCheck, RosterRowCheck, RosterRowError } from '../../shared/contract';
import { Login } from '../../shared/contract/people';
import { ROLE_LABELS } from '../../shared/domain';
import {
  capacityOf,
  mappingProblems,
  roleOf,
  ROSTER_FIELDS,
  ROSTER_HEADER,
  skillsCell,
  skillsOf,
  suggestMapping,
  type RosterField,
  type RosterMapping,
} from '../../shared/roster';
import { localDate } from '../../shared/time';
import type { Db, ReadDb } from '../db/connection';
import { loginBase, uniqueLogin } from '../core/logins';
import { pinyinKeys } from '../core/pinyin';
import { neutraliseCell } from '../reports/export';
import { insertPerson, toPerson, type NewPerson, type PersonRow } from './index';

/**
 * Roster import (花名册导入). The file has been read into cells (people.readRosterFile,
 * the same hardened reader as a platform export); here every row is checked
 * against the workspace and against the other rows, and what the import would
 * do is said per row. The import writes only when every row is valid.
 *
 * - A row with a staff number (工号, the login) updates the person who has it,
 *   or creates a person with it. Without one, the name in its team names the
 *   person if exactly one has it; nobody: a new person whose login is the pinyin
 *   of the name; two or more: unclear which, an error asks for the staff number.
 * - An empty cell keeps what the person has (a new person gets the defaults):
 *   a half-filled sheet never wipes a title or a capacity.
 * - A listed person who was deactivated comes back (the roster is who works here).
 */

export interface RosterInput {
  fileName: string;
  rows: string[][];
  mapping?: RosterMapping | undefined;
}

interface TeamRef {
  id: string;
  name: string;
}

/** A valid row, as it will be written: a person's fields, and where it came from. */
export interface PlannedRow extends Omit<NewPerson, 'login'> {
  line: number;
  personId: string | null;
  /** The staff number given, or null (a new person's login comes from the name). */
  login: string | null;
  changes: (RosterField | 'active')[];
}

export interface RosterPlan {
  check: RosterCheck;
  rows: PlannedRow[];
  /** Staff numbers the file gives and logins people had before: a login made up for someone without one avoids them. */
  reserved: Set<string>;
}

const norm = (s: string): string => s.normalize('NFKC').trim().toLowerCase().replace(/\s+/g, '');
const MAX = { name: 100, title: 60, skill: 30, skills: 30 } as const;

export function planRosterImport(db: ReadDb, input: RosterInput): RosterPlan {
  const header = (input.rows[0] ?? []).map((c) => c.trim());
  const columns = Math.max(header.length, ...input.rows.map((r) => r.length));
  const mapping = input.mapping ?? suggestMapping(header);
  const mappingErrors = mappingProblems(mapping, columns);
  const empty: RosterCheck = {
    ok: false,
    header,
    mapping,
    mappingErrors,
    noAdminLeft: false,
    rows: [],
    counts: { create: 0, update: 0, unchanged: 0, invalid: 0 },
  };
  if (mappingErrors.missing.length || mappingErrors.shared.length || mappingErrors.outside.length) return { check: empty, rows: [], reserved: new Set() };

  const teams = new Map<string, TeamRef>();
  for (const t of db.prepare<[], { id: string; name: string; name_en: string }>('SELECT id, name, name_en FROM teams').all()) {
    teams.set(norm(t.name), { id: t.id, name: t.name });
    if (t.name_en.trim()) teams.set(norm(t.name_en), { id: t.id, name: t.name });
  }
  const people = db.prepare<[], PersonRow>('SELECT * FROM people').all().map(toPerson);
  const byLogin = new Map(people.map((p) => [p.login.toLowerCase(), p]));
  const teamName = new Map([...teams.values()].map((t) => [t.id, t.name]));
  const byNameTeam = new Map<string, Person[]>();
  for (const p of people) {
    const k = `${p.teamId}|${norm(p.name)}`;
    byNameTeam.set(k, [...(byNameTeam.get(k) ?? []), p]);
  }

  const cell = (r: string[], f: RosterField): string => {
    const c = mapping[f];
    return c === null ? '' : (r[c] ?? '').trim();
  };

  const checks: RosterRowCheck[] = [];
  const planned: PlannedRow[] = [];
  const loginLines = new Map<string, number>();
  const personLines = new Map<string, number>();

  const fileLogins = new Set<string>();
  for (const r of input.rows.slice(1)) {
    const l = Login.safeParse(cell(r, 'login'));
    if (l.success) fileLogins.add(l.data);
  }

  input.rows.slice(1).forEach((r, i) => {
    const line = i + 2;
    if (r.every((c) => c.trim() === '')) return;
    const errors: RosterRowError[] = [];
    const err = (kind: RosterRowError['kind'], field: RosterField, value: string, otherLine?: number) =>
      errors.push(otherLine === undefined ? { kind, field, value } : { kind, field, value, otherLine });

    const name = cell(r, 'name');
    if (!name) err('missing_name', 'name', '');
    else if (name.length > MAX.name) err('name_too_long', 'name', name.slice(0, 40));

    const teamCell = cell(r, 'team');
    const team = teamCell ? teams.get(norm(teamCell)) : undefined;
    if (!teamCell) err('missing_team', 'team', '');
    else if (!team) err('unknown_team', 'team', teamCell);

    const loginCell = cell(r, 'login');
    let login: string | null = null;
    if (loginCell) {
      const parsed = Login.safeParse(loginCell);
      if (!parsed.success) err('bad_login', 'login', loginCell);
      else {
        login = parsed.data;
        const other = loginLines.get(login);
        if (other !== undefined) err('duplicate_login', 'login', loginCell, other);
        else loginLines.set(login, line);
      }
    }

    const roleCell = cell(r, 'role');
    const role = roleOf(roleCell);
    if (role === null) err('bad_role', 'role', roleCell);
    const capCell = cell(r, 'capacity');
    const capacity = capacityOf(capCell);
    if (capacity === null) err('bad_capacity', 'capacity', capCell);
    const title = cell(r, 'title');
    if (title.length > MAX.title) err('text_too_long', 'title', title.slice(0, 40));
    const skillsText = cell(r, 'skills');
    const skills = skillsOf(skillsText);
    if (skills.length > MAX.skills || skills.some((s) => s.length > MAX.skill)) err('text_too_long', 'skills', skillsText.slice(0, 40));

    let existing = login ? byLogin.get(login) : undefined;
    if (name && team && !existing) {
      const k = `${team.id}|${norm(name)}`;
      if (!loginCell) {
        const other = personLines.get(k);
        if (other !== undefined) err('duplicate_person', 'name', name, other);
        else personLines.set(k, line);
      }
      // No one has the staff number (or none was given): the name in its team names the
      // person if only one has it — also someone added by hand before staff numbers were
      // known, who then gets theirs — unless that person's own number is elsewhere in the file.
      const namesakes = (byNameTeam.get(k) ?? []).filter((p) => !fileLogins.has(p.login.toLowerCase()));
      if (namesakes.length === 1) existing = namesakes[0];
      else if (namesakes.length > 1 && !loginCell) err('same_name', 'name', name);
    }
    if (existing) {
      // One person named by two rows (a staff number and a name): the later row is the mistake.
      const k = `id|${existing.id}`;
      const other = personLines.get(k);
      if (other === undefined) personLines.set(k, line);
      else if (!errors.some((e) => e.kind === 'duplicate_login')) err('duplicate_person', 'name', name, other);
    }

    const row: RosterRowCheck = {
      line,
      action: existing ? 'update' : 'create',
      personId: existing?.id ?? null,
      name,
      teamName: team?.name ?? teamCell,
      login: login ?? existing?.login ?? '',
      changes: [],
      errors,
    };
    checks.push(row);
    if (errors.length || !team) return;

    const next = {
      name,
      teamId: team.id,
      role: role || existing?.role || 'member',
      title: title || existing?.title || '',
      skills: skills.length ? skills : (existing?.skills ?? []),
      capacityHours: capacity === '' || capacity === null ? (existing?.capacityHours ?? 40) : capacity,
    };
    if (existing) {
      const changes: PlannedRow['changes'] = [];
      if (login && login !== existing.login.toLowerCase()) changes.push('login');
      if (next.name !== existing.name) changes.push('name');
      if (next.teamId !== existing.teamId) changes.push('team');
      if (next.role !== existing.role) changes.push('role');
      if (next.title !== existing.title) changes.push('title');
      if (skillsCell(next.skills) !== skillsCell(existing.skills)) changes.push('skills');
      if (next.capacityHours !== existing.capacityHours) changes.push('capacity');
      if (!existing.active) changes.push('active');
      row.changes = changes;
      if (!changes.length) row.action = 'unchanged';
    }
    planned.push({ line, personId: existing?.id ?? null, login, changes: row.changes, ...next });
  });

  // Nobody may import the workspace out of its last active admin.
  const adminsAfter = new Set(people.filter((p) => p.active && p.role === 'admin').map((p) => p.id));
  for (const p of planned) {
    if (p.personId && p.role !== 'admin') adminsAfter.delete(p.personId);
    if (p.role === 'admin') adminsAfter.add(p.personId ?? `new:${p.line}`);
  }
  const invalid = checks.filter((c) => c.errors.length).length;
  const counts = {
    create: checks.filter((c) => !c.errors.length && c.action === 'create').length,
    update: checks.filter((c) => !c.errors.length && c.action === 'update').length,
    unchanged: checks.filter((c) => !c.errors.length && c.action === 'unchanged').length,
    invalid,
  };
  const noAdminLeft = adminsAfter.size === 0;
  // A file with only a header (or only blank rows) imports nothing: not ok, so the button stays off.
  const ok = invalid === 0 && !noAdminLeft && checks.length > 0;
  return { check: { ok, header, mapping, mappingErrors, noAdminLeft, rows: checks, counts }, rows: ok ? planned : [], reserved: new Set([...fileLogins, ...people.map((p) => p.login.toLowerCase())]) };
}

/** Writes a checked plan (no rights check, no log: the command does both). */
export function applyRosterPlan(db: Db, plan: RosterPlan, now: number): { created: number; updated: number; unchanged: number } {
  const { rows, reserved } = plan;
  // A login freed by this import (someone given their staff number) is not handed to someone else in it.
  const holds = db.prepare('SELECT 1 FROM people WHERE login = ? COLLATE NOCASE');
  const taken = (l: string) => reserved.has(l) || holds.get(l) !== undefined;
  const update = db.prepare(
    `UPDATE people SET name = ?, pinyin = ?, pinyin_initials = ?, login = coalesce(?, login), team_id = ?, role = ?, title = ?, skills = ?,
       capacity_hours = ?, active = 1, updated_at = ? WHERE id = ?`,
  );
  let created = 0;
  let updated = 0;
  for (const r of rows) {
    if (!r.personId) {
      // Logins given in the file were checked free; a generated one is numbered past every taken one.
      const login = r.login ?? uniqueLogin(loginBase(r.name), taken);
      insertPerson(db, { name: r.name, teamId: r.teamId, role: r.role, title: r.title, skills: r.skills, capacityHours: r.capacityHours, login }, now);
      created++;
    } else if (r.changes.length) {
      const keys = pinyinKeys(r.name);
      update.run(r.name, keys.full, keys.initials, r.login, r.teamId, r.role, r.title, JSON.stringify(r.skills), r.capacityHours, now, r.personId);
      updated++;
    }
  }
  return { created, updated, unchanged: rows.length - created - updated };
}

/** The roster in the import's layout: an export edited in Excel imports back. */
export async function rosterFile(db: ReadDb, format: 'xlsx' | 'csv', includeInactive: boolean, generatedAt: number): Promise<ExportFile> {
  const people = db
    .prepare<[number], PersonRow & { team_name: string }>(
      `SELECT p.*, t.name AS team_name FROM people p JOIN teams t ON t.id = p.team_id
       WHERE (? = 1 OR p.active = 1) ORDER BY t.sort, t.name, p.pinyin, p.id`,
    )
    .all(includeInactive ? 1 : 0);
  const header = [...ROSTER_FIELDS.map((f) => ROSTER_HEADER[f]), ...(includeInactive ? ['状态'] : [])];
  const data = people.map((r) => {
    const p = toPerson(r);
    const row: (string | number)[] = [p.login, p.name, r.team_name, ROLE_LABELS[p.role].zh, p.title, skillsCell(p.skills), p.capacityHours];
    if (includeInactive) row.push(p.active ? '在职' : '已停用');
    return row.map(neutraliseCell);
  });
  const stamp = localDate(generatedAt);
  if (format === 'csv') {
    const text = '\uFEFF' + Papa.unparse({ fields: header, data }, { newline: '\r\n' });
    return { fileName: `花名册_${stamp}.csv`, mime: 'text/csv;charset=utf-8', base64: Buffer.from(text, 'utf8').toString('base64') };
  }
  const wb = new ExcelJS.Workbook();
  wb.creator = 'Crewdesk 融媒项目台';
  wb.created = new Date(generatedAt);
  const sheet = wb.addWorksheet('花名册');
  sheet.columns = header.map((h, i) => ({ header: h, key: String(i), width: i === 5 ? 30 : 14 }));
  // Staff numbers stay text (a leading 0 survives Excel).
  sheet.getColumn(1).numFmt = '@';
  for (const row of data) sheet.addRow(row);
  sheet.getRow(1).font = { bold: true };
  sheet.views = [{ state: 'frozen', ySplit: 1 }];
  const buf = await wb.xlsx.writeBuffer();
  return {
    fileName: `花名册_${stamp}.xlsx`,
    mime: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    base64: Buffer.from(buf as ArrayBuffer).toString('base64'),
  };
}
