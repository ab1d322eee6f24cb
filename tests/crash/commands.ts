/**
 * The random command generator shared by the crash children: people and teams
 * by hand, any other command of the contract from its schema and existing ids.
 * Deterministic for a PRNG state and a database state.
 */
import type { Db } from '../../main/db/connection';
import { CALL_NAMES, contract, type CallName } from '../../shared/contract';
import { pick, sampleInput, type Rng } from '../helpers/inputs';

const ROLES = ['member', 'member', 'member', 'convener', 'manager'] as const;
const WORDS = ['采访', '编辑', '摄像', '直播', '剪辑', '设计', '运营', '主持', '新媒体', '体育', 'Ω', '😀', 'عربى'];

/** Commands the generic generator may try (everything but first-run set-up). */
export const GENERIC: CallName[] = CALL_NAMES.filter((n) => contract[n].kind === 'command' && n !== 'workspace.setup');

/** The same without the commands that talk to a hub or swap the database file (the sync trials run those themselves). */
export const GENERIC_LOCAL: CallName[] = GENERIC.filter((n) => !n.startsWith('sync.') && !n.startsWith('maintenance.'));

function word(r: Rng): string {
  return `${pick(r, WORDS)}${pick(r, WORDS)}${Math.floor(r() * 100)}`;
}

export function nextCommand(r: Rng, db: Db, adminId: string, now: number, generic: readonly CallName[] = GENERIC): { name: CallName; input: unknown } {
  const ids = (sql: string): string[] => db.prepare<[], { id: string }>(sql).all().map((x) => x.id);
  const teams = ids('SELECT id FROM teams ORDER BY id');
  const people = db.prepare<[string], { id: string }>('SELECT id FROM people WHERE id <> ? ORDER BY id').all(adminId).map((x) => x.id);
  const roll = r();
  if (roll < 0.15) {
    return { name: 'teams.create', input: { name: `组${word(r)}`, nameEn: 'Team', description: word(r), skills: [pick(r, WORDS)] } };
  }
  if (roll < 0.3) {
    return { name: 'teams.update', input: { id: pick(r, teams), description: word(r), sort: Math.floor(r() * 100) } };
  }
  if (roll < 0.55) {
    return {
      name: 'people.create',
      input: { name: word(r), teamId: pick(r, teams), role: pick(r, ROLES), title: word(r), skills: [pick(r, WORDS)], capacityHours: Math.floor(r() * 41) },
    };
  }
  if (roll < 0.7) {
    return { name: 'people.update', input: { id: pick(r, people), title: word(r), teamId: pick(r, teams), capacityHours: Math.floor(r() * 41) } };
  }
  if (roll < 0.8) return { name: 'people.setActive', input: { id: pick(r, people), active: r() < 0.6 } };
  const name = pick(r, generic);
  const pool = [...teams.slice(0, 5), ...people.slice(0, 20), ...ids('SELECT id FROM projects ORDER BY id'), ...ids('SELECT id FROM tasks ORDER BY id LIMIT 50')];
  return { name, input: sampleInput(contract[name].input, r, { ids: pool, now }) };
}
