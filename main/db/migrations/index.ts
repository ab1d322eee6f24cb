import type Database from 'better-sqlite3';
import { AppError } from '../../../shared/errors';
import { m0001Initial } from './0001_initial';
import { m0002ProjectNeeds } from './0002_project_needs';
import { m0003MeetingSeries } from './0003_meeting_series';
import { m0004Search } from './0004_search';
import { m0005PerfIndexes } from './0005_perf_indexes';
import { m0006PeopleLogin } from './0006_people_login';
import { m0007Reviews } from './0007_reviews';
import { m0008Notifications } from './0008_notifications';
import { m0009Rota } from './0009_rota';
import { m0010AssignmentResponses } from './0010_assignment_responses';
import { m0011ActivityImages } from './0011_activity_images';
import { m0012Gear } from './0012_gear';
import { m0013Timeline } from './0013_timeline';
import { m0014GroupResponses } from './0014_group_responses';
import { m0015ProjectGearNeeds } from './0015_project_gear_needs';

export interface Migration {
  version: number;
  name: string;
  up(db: Database.Database): void;
}

/**
 * Forward-only, in order. Never edit a migration that has shipped: add the next
 * number. Each has its own test in tests/unit/db/migrations.test.ts.
 */
export const MIGRATIONS: readonly Migration[] = [m0001Initial, m0002ProjectNeeds, m0003MeetingSeries, m0004Search, m0005PerfIndexes, m0006PeopleLogin, m0007Reviews, m0008Notifications, m0009Rota, m0010AssignmentResponses, m0011ActivityImages, m0012Gear, m0013Timeline, m0014GroupResponses, m0015ProjectGearNeeds];

export const SCHEMA_VERSION = MIGRATIONS[MIGRATIONS.length - 1]?.version ?? 0;

export function checkRegistry(list: readonly Migration[]): void {
  list.forEach((m, i) => {
    if (m.version !== i + 1) throw new Error(`migration ${m.name} has version ${m.version}, expected ${i + 1}`);
  });
}

/** The file's schema version (a read: the table-valued pragma, so a query's read-only handle can ask). */
export function schemaVersionOf(db: Pick<Database.Database, 'prepare'> | { prepare(sql: string): { get(): unknown } }): number {
  return (db.prepare('SELECT user_version AS v FROM pragma_user_version').get() as { v: number }).v;
}

export class NewerSchemaError extends AppError {
  constructor(found: number, supported: number) {
    super('CONFLICT', {
      zh: `此数据库由更新版本的融媒项目台写入（数据库版本 ${found}，本程序支持到 ${supported}）。请升级应用后再打开，数据未被改动。`,
      en: `This database was written by a newer Crewdesk (schema ${found}; this app supports up to ${supported}). Update the app to open it; nothing was changed.`,
    });
  }
}

/**
 * Applies all pending migrations in one transaction: either the database ends
 * at the newest version or it is left exactly as it was. `beforeMigrate` runs
 * first when there is something to do (the reliability work hooks a backup in
 * there).
 */
export function migrate(
  db: Database.Database,
  list: readonly Migration[] = MIGRATIONS,
  beforeMigrate?: (from: number, to: number) => void,
): { from: number; to: number } {
  checkRegistry(list);
  const target = list.length;
  const from = schemaVersionOf(db);
  if (from > target) throw new NewerSchemaError(from, target);
  if (from === target) return { from, to: from };
  beforeMigrate?.(from, target);
  db.transaction(() => {
    for (const m of list.slice(from)) m.up(db);
    db.pragma(`user_version = ${target}`);
  }).immediate();
  return { from, to: target };
}
