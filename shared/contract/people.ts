import { z } from 'zod';
import { ROLES, type Role } from '../domain';
import { MAX_ROSTER_ROWS, ROSTER_FIELDS, type RosterField, type RosterMapping } from '../roster';
import { command, Id, Name, query, Text } from './define';
import type { ExportFile } from './reports';

export interface Team {
  id: string;
  name: string;
  nameEn: string;
  description: string;
  skills: string[];
  sort: number;
  /** Active staff in the team. */
  headcount: number;
}

export interface Person {
  id: string;
  name: string;
  /** Full pinyin without tones or spaces, e.g. `zhangxiaoming`. */
  pinyin: string;
  /** Pinyin initials, e.g. `zxm`. */
  pinyinInitials: string;
  /** The unique sign-in handle (staff number or pinyin handle); only an admin sets it. */
  login: string;
  teamId: string;
  role: Role;
  title: string;
  skills: string[];
  capacityHours: number;
  active: boolean;
  createdAt: number;
  updatedAt: number;
}

const Skills = z.array(z.string().trim().min(1).max(30)).max(30);
const Capacity = z.number().min(0).max(80);
/** A login: lower-case latin letters, digits, `.`, `_`, `-`; a staff number or a pinyin handle. */
export const Login = z
  .string()
  .trim()
  .toLowerCase()
  .regex(/^[a-z0-9][a-z0-9._-]{0,39}$/, '登录名只能含字母、数字、. _ -（最多 40 个） / a login has letters, digits, . _ - (at most 40)');

export const PersonInput = z.object({
  name: Name,
  teamId: Id,
  role: z.enum(ROLES).default('member'),
  title: Text(60).default(''),
  skills: Skills.default([]),
  capacityHours: Capacity.default(40),
  /** Admins only; omitted: the pinyin of the name (numbered if taken). */
  login: Login.optional(),
});

/** Why a roster row cannot be imported (shown per row; nothing is written while any row has one). */
export const ROSTER_ERROR_KINDS = [
  'missing_name',
  'name_too_long',
  'missing_team',
  'unknown_team',
  'bad_role',
  'bad_capacity',
  'bad_login',
  'text_too_long',
  /** The same staff number twice in the file. */
  'duplicate_login',
  /** The same name in the same team twice in the file, neither with a staff number. */
  'duplicate_person',
  /** No staff number, and the team has two or more people of that name: which one is meant? */
  'same_name',
] as const;
export type RosterErrorKind = (typeof ROSTER_ERROR_KINDS)[number];

export interface RosterRowError {
  kind: RosterErrorKind;
  field: RosterField;
  value: string;
  /** The other line of a duplicate. */
  otherLine?: number;
}

export interface RosterRowCheck {
  /** 1-based line in the file (the header is line 1). */
  line: number;
  action: 'create' | 'update' | 'unchanged';
  /** The person an update or unchanged row matched (by staff number). */
  personId: string | null;
  name: string;
  teamName: string;
  login: string;
  /** What an update changes ('active': a deactivated person returns). */
  changes: (RosterField | 'active')[];
  errors: RosterRowError[];
}

export interface RosterCheck {
  ok: boolean;
  header: string[];
  /** The mapping used: the one given, or the one the header suggests. */
  mapping: RosterMapping;
  /** Fields the mapping lacks or reads twice; with any, no row is checked. */
  mappingErrors: { missing: RosterField[]; shared: RosterField[]; outside: RosterField[] };
  /** The import would leave the workspace without an active admin. */
  noAdminLeft: boolean;
  rows: RosterRowCheck[];
  counts: { create: number; update: number; unchanged: number; invalid: number };
}

const Column = z.number().int().min(0).max(29).nullable();
const RosterInput = z.object({
  fileName: Text(200),
  /** The file's cells as people.readRosterFile gave them, the header row first. */
  rows: z.array(z.array(z.string().max(500)).max(30)).min(1).max(MAX_ROSTER_ROWS + 1),
  /** Omitted: the header's suggestion (shared/roster.ts). */
  mapping: z.object(Object.fromEntries(ROSTER_FIELDS.map((f) => [f, Column])) as Record<RosterField, typeof Column>).strict().optional(),
});

export const peopleCalls = {
  'teams.list': query<Team[]>()(z.object({}).strict(), 'public'),
  'teams.create': command<Team>()(
    z.object({ name: Name, nameEn: Text(100).default(''), description: Text(500).default(''), skills: Skills.default([]) }),
  ),
  'teams.update': command<Team>()(
    z.object({
      id: Id,
      name: Name.optional(),
      nameEn: Text(100).optional(),
      description: Text(500).optional(),
      skills: Skills.optional(),
      sort: z.number().int().min(0).max(10_000).optional(),
    }),
  ),
  'people.list': query<Person[]>()(
    z.object({
      /** Characters, full pinyin or pinyin initials; matches name, pinyin and skills. */
      search: z.string().max(100).optional(),
      teamId: Id.optional(),
      includeInactive: z.boolean().default(false),
    }),
    'public',
  ),
  'people.get': query<Person>()(z.object({ id: Id })),
  'people.create': command<Person>()(PersonInput),
  'people.update': command<Person>()(
    z.object({
      id: Id,
      name: Name.optional(),
      teamId: Id.optional(),
      role: z.enum(ROLES).optional(),
      title: Text(60).optional(),
      skills: Skills.optional(),
      capacityHours: Capacity.optional(),
      login: Login.optional(),
    }),
  ),
  'people.setActive': command<Person>()(z.object({ id: Id, active: z.boolean() })),
  /** Reads a roster (.xlsx, or .csv in UTF-8 with or without BOM, or GBK) into cells; nothing is written. Admins. */
  'people.readRosterFile': query<{ rows: string[][] }>()(z.object({ fileName: Text(200).min(1), dataBase64: z.string().max(14_000_000) })),
  /** What an import of these cells would do, row by row. Admins. */
  'people.checkImport': query<RosterCheck>()(RosterInput),
  /** Imports a roster: all rows or none, one activity row; updates match by staff number (the login). Admins. */
  'people.import': command<{ created: number; updated: number; unchanged: number }>()(RosterInput),
  /** The roster in the import's layout. Managers and admins. */
  'people.exportRoster': query<ExportFile>()(z.object({ format: z.enum(['xlsx', 'csv']), includeInactive: z.boolean().default(false) })),
};
