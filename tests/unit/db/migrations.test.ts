import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { openDatabase } from '../../../main/db/connection';
import { MIGRATIONS, migrate, NewerSchemaError, SCHEMA_VERSION, schemaVersionOf, type Migration } from '../../../main/db/migrations';
import { m0001Initial } from '../../../main/db/migrations/0001_initial';
import { tempDbFile, world } from '../../helpers/db';

const tables = (db: Database.Database): string[] =>
  db
    .prepare<[], { name: string }>("SELECT name FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name")
    .all()
    .map((r) => r.name);

describe('migration registry', () => {
  it('numbers migrations 1..n with no gaps', () => {
    MIGRATIONS.forEach((m, i) => expect(m.version).toBe(i + 1));
    expect(SCHEMA_VERSION).toBe(MIGRATIONS.length);
  });
});

describe('0001_initial', () => {
  it('creates the whole domain schema on an empty database', () => {
    const db = new Database(':memory:');
    migrate(db, [m0001Initial]);
    expect(schemaVersionOf(db)).toBe(1);
    expect(tables(db)).toEqual(
      [
        'activity_log', 'board_columns', 'checklist_items', 'deliverable_figures', 'deliverables', 'meeting_attendees',
        'meeting_items', 'meetings', 'meta', 'people', 'project_key_dates', 'project_members', 'projects', 'task_assignees',
        'task_comments', 'tasks', 'teams', 'templates', 'time_off',
      ].sort(),
    );
    const cols = (t: string) => db.prepare<[], { name: string }>(`SELECT name FROM pragma_table_info('${t}')`).all().map((c) => c.name);
    expect(cols('people')).toEqual(
      expect.arrayContaining(['name', 'pinyin', 'pinyin_initials', 'team_id', 'role', 'skills', 'capacity_hours', 'active']),
    );
    expect(cols('projects')).toEqual(expect.arrayContaining(['content', 'formats', 'audience', 'platforms', 'convener_id', 'status']));
    expect(cols('deliverables')).toEqual(expect.arrayContaining(['platform', 'product_form', 'owner_id', 'due_at', 'status', 'published_url']));
    expect(cols('activity_log')).toEqual(expect.arrayContaining(['actor_id', 'command', 'before', 'after']));
  });

  it('enforces its constraints (foreign keys, checks)', () => {
    const { file, cleanup } = tempDbFile();
    const db = openDatabase(file);
    expect(() =>
      db.prepare("INSERT INTO people (id, name, pinyin, pinyin_initials, team_id, role, created_at, updated_at) VALUES ('p', 'x', 'x', 'x', 'nope', 'member', 0, 0)").run(),
    ).toThrow(/FOREIGN KEY/);
    db.prepare("INSERT INTO teams (id, name, created_at, updated_at) VALUES ('t', '团队', 0, 0)").run();
    expect(() =>
      db.prepare("INSERT INTO people (id, name, pinyin, pinyin_initials, team_id, role, created_at, updated_at) VALUES ('p', 'x', 'x', 'x', 't', 'boss', 0, 0)").run(),
    ).toThrow(/CHECK/);
    db.close();
    cleanup();
  });
});

describe('migrate()', () => {
  it('opens with WAL, foreign keys and a busy timeout', () => {
    const { file, cleanup } = tempDbFile();
    const db = openDatabase(file);
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(db.pragma('foreign_keys', { simple: true })).toBe(1);
    expect(db.pragma('busy_timeout', { simple: true })).toBe(5000);
    expect(db.pragma('synchronous', { simple: true })).toBe(2); // FULL
    db.close();
    cleanup();
  });

  it('is a no-op on an up-to-date database', () => {
    const db = new Database(':memory:');
    expect(migrate(db)).toEqual({ from: 0, to: SCHEMA_VERSION });
    expect(migrate(db)).toEqual({ from: SCHEMA_VERSION, to: SCHEMA_VERSION });
  });

  it('refuses a database written by a newer app, and leaves it untouched', () => {
    const { file, cleanup } = tempDbFile();
    const raw = new Database(file);
    raw.exec('CREATE TABLE future (x)');
    raw.pragma(`user_version = ${SCHEMA_VERSION + 5}`);
    raw.close();
    expect(() => openDatabase(file)).toThrow(NewerSchemaError);
    try {
      openDatabase(file);
    } catch (e) {
      expect((e as NewerSchemaError).localized.zh).toContain('更新版本');
    }
    const again = new Database(file);
    expect(schemaVersionOf(again)).toBe(SCHEMA_VERSION + 5);
    expect(tables(again)).toEqual(['future']);
    again.close();
    cleanup();
  });

  it('applies all pending steps in one transaction: a failing step leaves the database as it was', () => {
    const db = new Database(':memory:');
    const broken: Migration = {
      version: 2,
      name: 'broken',
      up: (d) => {
        d.exec('CREATE TABLE half_done (x)');
        throw new Error('boom');
      },
    };
    expect(() => migrate(db, [m0001Initial, broken])).toThrow('boom');
    expect(schemaVersionOf(db)).toBe(0);
    expect(tables(db)).toEqual([]);
  });

  it('runs a hook before migrating (backups hang there), not when up to date', () => {
    const db = new Database(':memory:');
    const calls: [number, number][] = [];
    migrate(db, MIGRATIONS, (from, to) => calls.push([from, to]));
    migrate(db, MIGRATIONS, (from, to) => calls.push([from, to]));
    expect(calls).toEqual([[0, SCHEMA_VERSION]]);
  });
});

describe('0002_project_needs', () => {
  it('adds the needed teams table on a version-1 database, keeping its rows', async () => {
    const { m0002ProjectNeeds } = await import('../../../main/db/migrations/0002_project_needs');
    const db = new Database(':memory:');
    db.pragma('foreign_keys = ON');
    migrate(db, [m0001Initial]);
    db.prepare("INSERT INTO teams (id, name, created_at, updated_at) VALUES ('t', '直播团队', 0, 0)").run();
    db.prepare("INSERT INTO people (id, name, pinyin, pinyin_initials, team_id, role, created_at, updated_at) VALUES ('p', '甲', 'jia', 'j', 't', 'convener', 0, 0)").run();
    db.prepare("INSERT INTO projects (id, name, convener_id, start_date, end_date, status_changed_at, created_at, updated_at) VALUES ('x', '项目', 'p', '2027-01-01', '2027-02-01', 0, 0, 0)").run();
    expect(migrate(db, [m0001Initial, m0002ProjectNeeds])).toEqual({ from: 1, to: 2 });
    expect(tables(db)).toContain('project_needs');
    db.prepare("INSERT INTO project_needs (id, project_id, team_id, group_role, count, hours_per_week, skill, position, created_at) VALUES ('n', 'x', 't', '直播导播', 2, 16, '直播导播', 'a0', 0)").run();
    expect(() =>
      db.prepare("INSERT INTO project_needs (id, project_id, team_id, count, position, created_at) VALUES ('n2', 'x', 't', 0, 'a1', 0)").run(),
    ).toThrow(/CHECK/);
    expect(() =>
      db.prepare("INSERT INTO project_needs (id, project_id, team_id, position, created_at) VALUES ('n3', 'x', 'nope', 'a1', 0)").run(),
    ).toThrow(/FOREIGN KEY/);
    db.prepare("DELETE FROM projects WHERE id = 'x'").run();
    expect(db.prepare('SELECT count(*) AS n FROM project_needs').get()).toEqual({ n: 0 });
  });
});

describe('0003_meeting_series', () => {
  it('adds recurring meeting series, links records to them and refuses a second record for a series date', () => {
    const db = new Database(':memory:');
    db.pragma('foreign_keys = ON');
    migrate(db, MIGRATIONS);
    expect(tables(db)).toContain('meeting_series');
    const cols = db.prepare<[], { name: string }>("SELECT name FROM pragma_table_info('meetings')").all().map((c) => c.name);
    expect(cols).toContain('series_id');
    db.prepare("INSERT INTO meeting_series (id, kind, start_date, created_at, updated_at) VALUES ('s1', 'daily', '2026-11-02', 0, 0)").run();
    const add = db.prepare("INSERT INTO meetings (id, kind, date, series_id, created_at, updated_at) VALUES (?, 'daily', '2026-11-02', 's1', 0, 0)");
    add.run('m1');
    expect(() => add.run('m2')).toThrow(/UNIQUE/);
    // Meetings held outside a series are not constrained.
    db.prepare("INSERT INTO meetings (id, kind, date, created_at, updated_at) VALUES ('m3', 'daily', '2026-11-02', 0, 0)").run();
    db.prepare("INSERT INTO meetings (id, kind, date, created_at, updated_at) VALUES ('m4', 'daily', '2026-11-02', 0, 0)").run();
  });
});

describe('0004_search', () => {
  it('creates the search index and indexes rows that existed before it', async () => {
    const { m0004Search } = await import('../../../main/db/migrations/0004_search');
    const db = new Database(':memory:');
    migrate(db, [m0001Initial]);
    db.exec(`
      INSERT INTO teams (id, name, created_at, updated_at) VALUES ('t', '直播团队', 0, 0);
      INSERT INTO people (id, name, pinyin, pinyin_initials, team_id, role, created_at, updated_at) VALUES ('p', '周岚', 'zhoulan', 'zl', 't', 'admin', 0, 0);
      INSERT INTO projects (id, name, convener_id, start_date, end_date, status_changed_at, created_at, updated_at)
        VALUES ('pr', '新春大直播', 'p', '2026-01-01', '2026-02-01', 0, 0, 0);
      INSERT INTO board_columns (id, project_id, name, position, created_at, updated_at) VALUES ('c', 'pr', '待办', 'a0', 0, 0);
      INSERT INTO tasks (id, project_id, column_id, title, position, created_at, updated_at) VALUES ('k', 'pr', 'c', '海报设计', 'a0', 0, 0);
    `);
    migrate(db, [m0001Initial, { ...m0004Search, version: 2 }]);
    expect(tables(db)).toEqual(expect.arrayContaining(['search_docs', 'search_seq', 'search_project_tri', 'search_project_bi', 'search_task_tri', 'search_task_bi']));
    expect(db.prepare('SELECT kind, ref FROM search_docs ORDER BY doc').all()).toEqual([
      { kind: 'project', ref: 'pr' },
      { kind: 'task', ref: 'k' },
    ]);
    const hit = (table: string, match: string) =>
      db.prepare(`SELECT d.ref FROM ${table} JOIN search_docs d ON d.doc = ${table}.rowid WHERE ${table} MATCH ?`).all(match);
    expect(hit('search_task_bi', '"海报"')).toEqual([{ ref: 'k' }]);
    expect(hit('search_project_tri', '"大直播"')).toEqual([{ ref: 'pr' }]);
    // Triggers follow later writes.
    db.prepare("INSERT INTO tasks (id, project_id, column_id, title, position, created_at, updated_at) VALUES ('k2', 'pr', 'c', '直播彩排', 'a1', 0, 0)").run();
    expect(hit('search_project_bi', '"直播"')).toEqual([{ ref: 'pr' }]);
    expect(hit('search_task_bi', '"直播"')).toEqual([{ ref: 'k2' }]);
    db.prepare("DELETE FROM tasks WHERE id = 'k2'").run();
    expect(hit('search_task_bi', '"彩排"')).toEqual([]);
    expect(db.prepare("SELECT count(*) AS n FROM search_docs WHERE ref = 'k2'").get()).toEqual({ n: 0 });
  });

  it('keeps search keys through VACUUM (the index does not depend on the rowids of projects or tasks)', () => {
    const { file, cleanup } = tempDbFile();
    const db = openDatabase(file);
    db.exec(`
      INSERT INTO teams (id, name, created_at, updated_at) VALUES ('t', '直播团队', 0, 0);
      INSERT INTO people (id, name, pinyin, pinyin_initials, team_id, role, created_at, updated_at) VALUES ('p', '周岚', 'zhoulan', 'zl', 't', 'admin', 0, 0);
      INSERT INTO projects (id, name, convener_id, start_date, end_date, status_changed_at, created_at, updated_at)
        VALUES ('pr', '项目', 'p', '2026-01-01', '2026-02-01', 0, 0, 0);
      INSERT INTO board_columns (id, project_id, name, position, created_at, updated_at) VALUES ('c', 'pr', '待办', 'a0', 0, 0);
      INSERT INTO tasks (id, project_id, column_id, title, position, created_at, updated_at) VALUES ('z', 'pr', 'c', '甲任务', 'a0', 0, 0);
      INSERT INTO tasks (id, project_id, column_id, title, position, created_at, updated_at) VALUES ('a', 'pr', 'c', '乙海报', 'a1', 0, 0);
      DELETE FROM tasks WHERE id = 'z';
      VACUUM;
    `);
    const r = db.prepare("SELECT d.ref FROM search_task_bi JOIN search_docs d ON d.doc = search_task_bi.rowid WHERE search_task_bi MATCH '\"海报\"'").all();
    expect(r).toEqual([{ ref: 'a' }]);
    db.close();
    cleanup();
  });
});

describe('0005_perf_indexes', () => {
  it('adds the indexes of the hot reads on a database at version 4, keeping its rows', () => {
    const db = new Database(':memory:');
    migrate(db, MIGRATIONS.slice(0, 4));
    db.exec(`
      INSERT INTO teams (id, name, created_at, updated_at) VALUES ('t', '直播团队', 0, 0);
      INSERT INTO people (id, name, pinyin, pinyin_initials, team_id, role, created_at, updated_at) VALUES ('p', '周岚', 'zhoulan', 'zl', 't', 'admin', 0, 0);
      INSERT INTO projects (id, name, convener_id, start_date, end_date, status_changed_at, created_at, updated_at)
        VALUES ('pr', '项目', 'p', '2026-01-01', '2026-02-01', 0, 0, 0);
      INSERT INTO board_columns (id, project_id, name, position, created_at, updated_at) VALUES ('c', 'pr', '待办', 'a0', 0, 0);
      INSERT INTO tasks (id, project_id, column_id, title, position, completed_at, created_at, updated_at) VALUES ('k', 'pr', 'c', '海报', 'a0', 5, 0, 0);
    `);
    expect(migrate(db, MIGRATIONS.slice(0, 5))).toEqual({ from: 4, to: 5 });
    const indexes = db
      .prepare<[], { name: string; tbl_name: string }>("SELECT name, tbl_name FROM sqlite_schema WHERE type = 'index' AND name IN ('checklist_task_done', 'tasks_completed', 'activity_actor_project') ORDER BY name")
      .all();
    expect(indexes).toEqual([
      { name: 'activity_actor_project', tbl_name: 'activity_log' },
      { name: 'checklist_task_done', tbl_name: 'checklist_items' },
      { name: 'tasks_completed', tbl_name: 'tasks' },
    ]);
    expect(db.prepare('SELECT id FROM tasks INDEXED BY tasks_completed WHERE completed_at > 0').all()).toEqual([{ id: 'k' }]);
  });
});

describe('0006_people_login', () => {
  const at5 = (): Database.Database => {
    const db = new Database(':memory:');
    migrate(db, MIGRATIONS.slice(0, 5));
    db.exec(`
      INSERT INTO teams (id, name, created_at, updated_at) VALUES ('t', '直播团队', 0, 0);
      INSERT INTO people (id, name, pinyin, pinyin_initials, team_id, role, created_at, updated_at) VALUES
        ('p1', '周岚', 'zhoulan', 'zl', 't', 'admin', 1, 0),
        ('p2', '王伟', 'wangwei', 'ww', 't', 'member', 2, 0),
        ('p3', '王伟', 'wangwei', 'ww', 't', 'member', 3, 0),
        ('p4', '★', '', '', 't', 'member', 4, 0),
        ('p5', 'Wang Wei', 'wangwei', 'ww', 't', 'member', 5, 0);
    `);
    return db;
  };

  it('gives every existing person a unique login from the pinyin of the name, numbered on a collision', () => {
    const db = at5();
    expect(migrate(db, MIGRATIONS.slice(0, 6))).toEqual({ from: 5, to: 6 });
    expect(db.prepare('SELECT id, login FROM people ORDER BY id').all()).toEqual([
      { id: 'p1', login: 'zhoulan' },
      { id: 'p2', login: 'wangwei' },
      { id: 'p3', login: 'wangwei2' },
      { id: 'p4', login: 'user' },
      { id: 'p5', login: 'wangwei3' },
    ]);
  });

  it('refuses a second person with the same login, whatever the case', () => {
    const db = at5();
    migrate(db, MIGRATIONS.slice(0, 6));
    expect(() =>
      db.prepare("INSERT INTO people (id, name, pinyin, pinyin_initials, login, team_id, role, created_at, updated_at) VALUES ('p6', '周岚', 'zhoulan', 'zl', 'ZhouLan', 't', 'member', 6, 0)").run(),
    ).toThrow(/UNIQUE/);
  });
});

describe('0007_reviews', () => {
  const at6 = (): Database.Database => {
    const db = new Database(':memory:');
    db.pragma('foreign_keys = ON');
    migrate(db, MIGRATIONS.slice(0, 6));
    db.exec(`
      INSERT INTO teams (id, name, created_at, updated_at) VALUES ('t', '新媒体团队', 0, 0);
      INSERT INTO people (id, name, pinyin, pinyin_initials, login, team_id, role, created_at, updated_at) VALUES
        ('p1', '程一鸣', 'chengyiming', 'cym', 'chengyiming', 't', 'member', 1, 0);
    `);
    return db;
  };

  it('adds the review tables to a database that has deliverables, and leaves those rows alone', () => {
    const db = at6();
    const before = tables(db);
    expect(migrate(db, MIGRATIONS.slice(0, 7))).toEqual({ from: 6, to: 7 });
    expect(tables(db)).toEqual([...before, 'review_chains', 'review_decisions', 'review_rounds'].sort());
  });

  it('keeps a round only for a deliverable that exists, and drops its decisions with it', () => {
    const db = at6();
    migrate(db, MIGRATIONS.slice(0, 7));
    const round = `INSERT INTO review_rounds (id, deliverable_id, round_no, content, fingerprint, steps, status, submitted_by, submitted_at, created_at, updated_at)
                   VALUES ('r1', ?, 1, 'https://example.com/a', 'f', '[]', 'in_review', 'p1', 0, 0, 0)`;
    expect(() => db.prepare(round).run('nope')).toThrow(/FOREIGN KEY/);
    db.exec(`
      INSERT INTO projects (id, name, status, convener_id, start_date, end_date, status_changed_at, created_at, updated_at)
        VALUES ('pr', '试点', 'active', 'p1', '2027-01-01', '2027-01-31', 0, 0, 0);
      INSERT INTO deliverables (id, project_id, title, platform, product_form, status, position, created_at, updated_at)
        VALUES ('d1', 'pr', '推文', 'wechat', 'text_image', 'in_review', 'a0', 0, 0);
    `);
    db.prepare(round).run('d1');
    db.exec(`INSERT INTO review_decisions (id, round_id, step, reviewer_id, decision, decided_at, created_at) VALUES ('x', 'r1', 0, 'p1', 'approve', 0, 0)`);
    expect(() => db.exec(`UPDATE review_rounds SET status = 'maybe' WHERE id = 'r1'`)).toThrow(/CHECK/);
    db.exec(`DELETE FROM deliverables WHERE id = 'd1'`);
    expect(db.prepare('SELECT count(*) AS n FROM review_decisions').get()).toEqual({ n: 0 });
  });
});

describe('0008_notifications', () => {
  it('adds the read state and settings tables and the log index the notification scan reads by', () => {
    const db = new Database(':memory:');
    db.pragma('foreign_keys = ON');
    migrate(db, MIGRATIONS.slice(0, 7));
    const before = tables(db);
    expect(migrate(db, MIGRATIONS.slice(0, 8))).toEqual({ from: 7, to: 8 });
    expect(tables(db)).toEqual([...before, 'notification_prefs', 'notification_reads'].sort());
    expect(db.prepare("SELECT name FROM sqlite_schema WHERE type = 'index' AND name = 'activity_at'").get()).toEqual({ name: 'activity_at' });
    // A read belongs to a person who exists; one key once per person.
    expect(() => db.prepare("INSERT INTO notification_reads (person_id, key, read_at) VALUES ('nobody', 'assigned:x', 1)").run()).toThrow(/FOREIGN KEY/);
  });
});

describe('0009_rota', () => {
  it('adds shift types, rota entries and swaps: one person once per cell, a swap goes with its entry', () => {
    const db = new Database(':memory:');
    db.pragma('foreign_keys = ON');
    migrate(db, MIGRATIONS.slice(0, 8));
    const before = tables(db);
    expect(migrate(db, MIGRATIONS.slice(0, 9))).toEqual({ from: 8, to: 9 });
    expect(tables(db)).toEqual([...before, 'rota_entries', 'rota_swaps', 'shift_types'].sort());
    db.exec(`
      INSERT INTO teams (id, name, created_at, updated_at) VALUES ('t1', '新媒体', 0, 0);
      INSERT INTO people (id, name, pinyin, pinyin_initials, team_id, role, login, created_at, updated_at) VALUES ('p1', '甲', 'jia', 'j', 't1', 'member', 'jia', 0, 0), ('p2', '乙', 'yi', 'y', 't1', 'member', 'yi', 0, 0);
      INSERT INTO shift_types (id, name, start_min, end_min, created_at, updated_at) VALUES ('s1', '早班', 420, 900, 0, 0);
      INSERT INTO rota_entries (id, date, shift_type_id, person_id, created_at, updated_at) VALUES ('e1', '2027-03-08', 's1', 'p1', 0, 0);
      INSERT INTO rota_swaps (id, entry_id, person_id, substitute_id, reason, status, created_at, updated_at) VALUES ('w1', 'e1', 'p1', 'p2', '家中有事', 'requested', 0, 0);
    `);
    expect(() => db.exec(`INSERT INTO rota_entries (id, date, shift_type_id, person_id, created_at, updated_at) VALUES ('e2', '2027-03-08', 's1', 'p1', 0, 0)`)).toThrow(/UNIQUE/);
    expect(() => db.exec(`INSERT INTO shift_types (id, name, start_min, end_min, created_at, updated_at) VALUES ('s2', '坏班', 0, 1440, 0, 0)`)).toThrow(/CHECK/);
    expect(() => db.exec(`UPDATE rota_swaps SET status = 'maybe'`)).toThrow(/CHECK/);
    db.exec(`DELETE FROM rota_entries WHERE id = 'e1'`);
    expect(db.prepare('SELECT count(*) AS n FROM rota_swaps').get()).toEqual({ n: 0 });
  });
});

describe('0010_assignment_responses', () => {
  it('keeps every assignment, counting the old ones as accepted; a new row may wait or be declined, nothing else', () => {
    const db = new Database(':memory:');
    db.pragma('foreign_keys = ON');
    migrate(db, MIGRATIONS.slice(0, 9));
    db.exec(`
      INSERT INTO teams (id, name, created_at, updated_at) VALUES ('t1', '新媒体', 0, 0);
      INSERT INTO people (id, name, pinyin, pinyin_initials, team_id, role, login, created_at, updated_at) VALUES ('p1', '甲', 'jia', 'j', 't1', 'member', 'jia', 0, 0), ('p2', '乙', 'yi', 'y', 't1', 'member', 'yi', 0, 0);
      INSERT INTO projects (id, name, convener_id, start_date, end_date, status, status_changed_at, created_at, updated_at) VALUES ('pr', '项目', 'p1', '2027-01-01', '2027-01-31', 'active', 0, 0, 0);
      INSERT INTO board_columns (id, project_id, name, position, is_done, created_at, updated_at) VALUES ('c1', 'pr', '待办', 'a0', 0, 0, 0);
      INSERT INTO tasks (id, project_id, column_id, title, position, created_at, updated_at) VALUES ('k1', 'pr', 'c1', '任务', 'a0', 0, 0);
      INSERT INTO task_assignees (task_id, person_id) VALUES ('k1', 'p1');
    `);
    expect(migrate(db, MIGRATIONS.slice(0, 10))).toEqual({ from: 9, to: 10 });
    expect(db.prepare('SELECT task_id, person_id, response, reason, responded_at FROM task_assignees').all()).toEqual([
      { task_id: 'k1', person_id: 'p1', response: 'accepted', reason: '', responded_at: null },
    ]);
    db.exec(`INSERT INTO task_assignees (task_id, person_id, response, reason) VALUES ('k1', 'p2', 'declined', '在外地采访')`);
    expect(() => db.exec(`UPDATE task_assignees SET response = 'maybe' WHERE person_id = 'p2'`)).toThrow(/CHECK/);
  });
});

describe('0011_activity_images', () => {
  it('keeps every log row (without row images: not undoable); a new row can carry them; an older backend still opens the log', async () => {
    const { file, cleanup } = tempDbFile();
    try {
      const db = openDatabase(file, { noBackup: true, migrations: MIGRATIONS.slice(0, 10) });
      db.exec(`INSERT INTO activity_log (id, at, actor_id, command, input, entity_type, entity_id, project_id, summary, before, after)
               VALUES ('a1', 1, NULL, 'tasks.move', '{}', 'task', 'k1', NULL, '移动任务', NULL, '{}')`);
      expect(migrate(db, MIGRATIONS.slice(0, 11))).toEqual({ from: 10, to: 11 });
      expect(db.prepare('SELECT id, summary, images FROM activity_log').all()).toEqual([{ id: 'a1', summary: '移动任务', images: null }]);
      db.prepare("UPDATE activity_log SET images = ? WHERE id = 'a1'").run('[]');
      expect(db.prepare("SELECT images FROM activity_log WHERE id = 'a1'").get()).toEqual({ images: '[]' });
      db.close();
    } finally {
      cleanup();
    }
  });

  it('a command of every undoable kind stores its row images; every other command stores none', async () => {
    const t = await world({ now: Date.UTC(2027, 0, 13, 1, 30) });
    try {
      const setup = await t.call({ actorId: null }, 'workspace.setup', { mode: 'empty', admin: { name: '周岚' } });
      const admin = { actorId: setup.actor!.id };
      const p = await t.call(admin, 'projects.create', { name: '图片测试', startDate: '2027-01-13', endDate: '2027-01-20', keyDates: [], platforms: [], formats: [] });
      const task = await t.call(admin, 'tasks.create', { projectId: p.id, columnId: null, title: '卡片', description: '', dueAt: null, priority: 'normal', estimateHours: null, labels: [], assigneeIds: [], deliverableId: null });
      const rows = t.db.prepare<[], { command: string; images: string | null }>('SELECT command, images FROM activity_log ORDER BY at, rowid').all();
      expect(rows.filter((r) => r.command !== 'tasks.create').every((r) => r.images === null)).toBe(true);
      const images = JSON.parse(rows.find((r) => r.command === 'tasks.create')!.images!) as { table: string; before: unknown; after: { id: string } }[];
      expect(images.map((i) => [i.table, i.before, i.after.id])).toEqual([['tasks', null, task.id]]);
    } finally {
      t.close();
    }
  });
});

describe('0012_gear', () => {
  it('adds the equipment catalogue and its bookings: a range ends after it starts, a booking goes with its item or project', () => {
    const db = new Database(':memory:');
    db.pragma('foreign_keys = ON');
    migrate(db, MIGRATIONS.slice(0, 11));
    const before = tables(db);
    expect(migrate(db, MIGRATIONS.slice(0, 12))).toEqual({ from: 11, to: 12 });
    expect(tables(db)).toEqual([...before, 'gear_bookings', 'gear_items'].sort());
    db.exec(`
      INSERT INTO teams (id, name, created_at, updated_at) VALUES ('t1', '直播团队', 0, 0);
      INSERT INTO people (id, name, pinyin, pinyin_initials, team_id, role, login, created_at, updated_at) VALUES ('p1', '甲', 'jia', 'j', 't1', 'convener', 'jia', 0, 0);
      INSERT INTO projects (id, name, convener_id, start_date, end_date, status_changed_at, created_at, updated_at) VALUES ('pr', '新春直播', 'p1', '2027-01-20', '2027-02-20', 0, 0, 0);
      INSERT INTO gear_items (id, kind, name, quantity, team_id, created_at, updated_at) VALUES ('g1', 'live_kit', '直播包一号', 1, 't1', 0, 0);
      INSERT INTO gear_bookings (id, item_id, project_id, start_at, end_at, quantity, booked_by, created_at, updated_at) VALUES ('b1', 'g1', 'pr', 100, 200, 1, 'p1', 0, 0);
    `);
    expect(db.prepare("SELECT status FROM gear_bookings WHERE id = 'b1'").get()).toEqual({ status: 'booked' });
    expect(() => db.exec(`INSERT INTO gear_bookings (id, item_id, project_id, start_at, end_at, quantity, created_at, updated_at) VALUES ('b2', 'g1', 'pr', 200, 200, 1, 0, 0)`)).toThrow(/CHECK/);
    expect(() => db.exec(`INSERT INTO gear_items (id, kind, name, quantity, created_at, updated_at) VALUES ('g2', 'drone', '无人机', 0, 0, 0)`)).toThrow(/CHECK/);
    expect(() => db.exec(`UPDATE gear_items SET repair_start = 500, repair_end = 400 WHERE id = 'g1'`)).toThrow(/CHECK/);
    expect(() => db.exec(`UPDATE gear_bookings SET status = 'maybe'`)).toThrow(/CHECK/);
    db.exec(`UPDATE gear_items SET repair_start = 400, repair_end = 500, repair_note = '镜头送修' WHERE id = 'g1'`);
    db.exec(`DELETE FROM gear_items WHERE id = 'g1'`);
    expect(db.prepare('SELECT count(*) AS n FROM gear_bookings').get()).toEqual({ n: 0 });
  });
});

describe('0013_timeline', () => {
  it('adds finish-to-start dependencies between tasks and the day a task starts; neither outlives its task, a task never depends on itself', () => {
    const db = new Database(':memory:');
    db.pragma('foreign_keys = ON');
    migrate(db, MIGRATIONS.slice(0, 12));
    const before = tables(db);
    expect(migrate(db, MIGRATIONS.slice(0, 13))).toEqual({ from: 12, to: 13 });
    expect(tables(db)).toEqual([...before, 'task_dependencies', 'task_starts'].sort());
    db.exec(`
      INSERT INTO teams (id, name, created_at, updated_at) VALUES ('t1', '融媒采访部', 0, 0);
      INSERT INTO people (id, name, pinyin, pinyin_initials, team_id, role, login, created_at, updated_at) VALUES ('p1', '甲', 'jia', 'j', 't1', 'convener', 'jia', 0, 0);
      INSERT INTO projects (id, name, convener_id, start_date, end_date, status_changed_at, created_at, updated_at) VALUES ('pr', '春耕报道', 'p1', '2027-03-01', '2027-03-31', 0, 0, 0);
      INSERT INTO board_columns (id, project_id, name, position, created_at, updated_at) VALUES ('c1', 'pr', '待办', 'a0', 0, 0);
      INSERT INTO tasks (id, project_id, column_id, title, position, created_at, updated_at) VALUES ('ta', 'pr', 'c1', '采访', 'a0', 0, 0);
      INSERT INTO tasks (id, project_id, column_id, title, position, created_at, updated_at) VALUES ('tb', 'pr', 'c1', '剪辑', 'a1', 0, 0);
      INSERT INTO task_dependencies (predecessor_id, successor_id, project_id, created_by, created_at) VALUES ('ta', 'tb', 'pr', 'p1', 0);
      INSERT INTO task_starts (task_id, start_date, updated_at) VALUES ('tb', '2027-03-05', 0);
    `);
    expect(() => db.exec(`INSERT INTO task_dependencies (predecessor_id, successor_id, project_id, created_at) VALUES ('ta', 'ta', 'pr', 0)`)).toThrow(/CHECK/);
    expect(() => db.exec(`INSERT INTO task_dependencies (predecessor_id, successor_id, project_id, created_at) VALUES ('ta', 'tb', 'pr', 0)`)).toThrow(/UNIQUE|PRIMARY/);
    expect(() => db.exec(`INSERT INTO task_starts (task_id, start_date, updated_at) VALUES ('ta', '5 March', 0)`)).toThrow(/CHECK/);
    db.exec(`DELETE FROM tasks WHERE id = 'ta'`);
    expect(db.prepare('SELECT count(*) AS n FROM task_dependencies').get()).toEqual({ n: 0 });
    db.exec(`DELETE FROM tasks WHERE id = 'tb'`);
    expect(db.prepare('SELECT count(*) AS n FROM task_starts').get()).toEqual({ n: 0 });
  });
});

describe('0014_group_responses', () => {
  it('keeps every group place, counting the old ones as accepted; a new place may wait or be declined with a reason, nothing else', () => {
    const db = new Database(':memory:');
    db.pragma('foreign_keys = ON');
    migrate(db, MIGRATIONS.slice(0, 13));
    db.exec(`
      INSERT INTO teams (id, name, created_at, updated_at) VALUES ('t1', '新媒体', 0, 0);
      INSERT INTO people (id, name, pinyin, pinyin_initials, team_id, role, login, created_at, updated_at) VALUES ('p1', '甲', 'jia', 'j', 't1', 'convener', 'jia', 0, 0), ('p2', '乙', 'yi', 'y', 't1', 'member', 'yi', 0, 0);
      INSERT INTO projects (id, name, convener_id, start_date, end_date, status, status_changed_at, created_at, updated_at) VALUES ('pr', '项目', 'p1', '2027-01-01', '2027-01-31', 'active', 0, 0, 0);
      INSERT INTO project_members (id, project_id, person_id, group_role, hours_per_week, created_at) VALUES ('m1', 'pr', 'p1', '召集人', 0, 0);
    `);
    expect(migrate(db, MIGRATIONS.slice(0, 14))).toEqual({ from: 13, to: 14 });
    expect(db.prepare('SELECT id, response, reason, responded_at FROM project_members').all()).toEqual([{ id: 'm1', response: 'accepted', reason: '', responded_at: null }]);
    db.exec(`INSERT INTO project_members (id, project_id, person_id, hours_per_week, created_at, response, reason) VALUES ('m2', 'pr', 'p2', 8, 0, 'declined', '下周在外地采访')`);
    expect(() => db.exec(`UPDATE project_members SET response = 'maybe' WHERE id = 'm2'`)).toThrow(/CHECK/);
  });
});

describe('0015_project_gear_needs', () => {
  it('adds the gear a project needs: a known kind, one unit or more, gone with its project', () => {
    const db = new Database(':memory:');
    db.pragma('foreign_keys = ON');
    migrate(db, MIGRATIONS.slice(0, 14));
    const before = tables(db);
    expect(migrate(db, MIGRATIONS.slice(0, 15))).toEqual({ from: 14, to: 15 });
    expect(tables(db)).toEqual([...before, 'project_gear_needs'].sort());
    db.exec(`
      INSERT INTO teams (id, name, created_at, updated_at) VALUES ('t1', '直播团队', 0, 0);
      INSERT INTO people (id, name, pinyin, pinyin_initials, team_id, role, login, created_at, updated_at) VALUES ('p1', '甲', 'jia', 'j', 't1', 'convener', 'jia', 0, 0);
      INSERT INTO projects (id, name, convener_id, start_date, end_date, status_changed_at, created_at, updated_at) VALUES ('pr', '新春直播', 'p1', '2027-01-20', '2027-02-20', 0, 0, 0);
      INSERT INTO project_gear_needs (id, project_id, kind, count, position, created_at) VALUES ('n1', 'pr', 'live_kit', 2, 'a0', 0);
    `);
    expect(db.prepare("SELECT kind, count, note FROM project_gear_needs").all()).toEqual([{ kind: 'live_kit', count: 2, note: '' }]);
    expect(() => db.exec(`INSERT INTO project_gear_needs (id, project_id, kind, count, position, created_at) VALUES ('n2', 'pr', 'spaceship', 1, 'a1', 0)`)).toThrow(/CHECK/);
    expect(() => db.exec(`INSERT INTO project_gear_needs (id, project_id, kind, count, position, created_at) VALUES ('n3', 'pr', 'drone', 0, 'a1', 0)`)).toThrow(/CHECK/);
    db.exec(`DELETE FROM projects WHERE id = 'pr'`);
    expect(db.prepare('SELECT count(*) AS n FROM project_gear_needs').get()).toEqual({ n: 0 });
  });
});
