import { z } from 'zod';
import { ROLES, type Role } from '../domain';
import { command, Id, Name, query, Text } from './define';

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
};
