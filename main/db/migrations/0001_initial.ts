import type { Migration } from './index';

/**
 * The whole domain of the brief, so later features extend rather than rewrite.
 * Conventions: ids are UUIDv7 text; instants are UTC milliseconds (INTEGER);
 * calendar dates are 'YYYY-MM-DD' text in the center's zone; lists of codes are
 * JSON arrays; ordering within a list is a fractional-index text key (`position`)
 * so two machines can insert between the same neighbours without renumbering.
 */
export const m0001Initial: Migration = {
  version: 1,
  name: '0001_initial',
  up(db) {
    db.exec(`
      CREATE TABLE meta (
        key   TEXT PRIMARY KEY,
        value TEXT NOT NULL
      ) STRICT;

      CREATE TABLE teams (
        id          TEXT PRIMARY KEY,
        name        TEXT NOT NULL,
        name_en     TEXT NOT NULL DEFAULT '',
        description TEXT NOT NULL DEFAULT '',
        skills      TEXT NOT NULL DEFAULT '[]',
        sort        INTEGER NOT NULL DEFAULT 0,
        created_at  INTEGER NOT NULL,
        updated_at  INTEGER NOT NULL
      ) STRICT;
      CREATE UNIQUE INDEX teams_name ON teams(name);

      CREATE TABLE people (
        id              TEXT PRIMARY KEY,
        name            TEXT NOT NULL,
        pinyin          TEXT NOT NULL,
        pinyin_initials TEXT NOT NULL,
        team_id         TEXT NOT NULL REFERENCES teams(id),
        role            TEXT NOT NULL CHECK (role IN ('admin','manager','convener','member')),
        title           TEXT NOT NULL DEFAULT '',
        skills          TEXT NOT NULL DEFAULT '[]',
        capacity_hours  REAL NOT NULL DEFAULT 40 CHECK (capacity_hours >= 0),
        active          INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0,1)),
        created_at      INTEGER NOT NULL,
        updated_at      INTEGER NOT NULL
      ) STRICT;
      CREATE INDEX people_team ON people(team_id, active);

      CREATE TABLE time_off (
        id            TEXT PRIMARY KEY,
        person_id     TEXT NOT NULL REFERENCES people(id) ON DELETE CASCADE,
        kind          TEXT NOT NULL CHECK (kind IN ('leave','field')),
        start_date    TEXT NOT NULL,
        end_date      TEXT NOT NULL,
        hours_per_day REAL NOT NULL DEFAULT 8,
        note          TEXT NOT NULL DEFAULT '',
        created_at    INTEGER NOT NULL,
        CHECK (end_date >= start_date)
      ) STRICT;
      CREATE INDEX time_off_person ON time_off(person_id, start_date);

      CREATE TABLE templates (
        id          TEXT PRIMARY KEY,
        name        TEXT NOT NULL,
        description TEXT NOT NULL DEFAULT '',
        builtin     INTEGER NOT NULL DEFAULT 0,
        payload     TEXT NOT NULL,
        created_by  TEXT REFERENCES people(id),
        created_at  INTEGER NOT NULL
      ) STRICT;

      CREATE TABLE meetings (
        id          TEXT PRIMARY KEY,
        kind        TEXT NOT NULL CHECK (kind IN ('monthly','weekly','daily')),
        date        TEXT NOT NULL,
        title       TEXT NOT NULL DEFAULT '',
        chair_id    TEXT REFERENCES people(id),
        notes       TEXT NOT NULL DEFAULT '',
        created_by  TEXT REFERENCES people(id),
        created_at  INTEGER NOT NULL,
        updated_at  INTEGER NOT NULL
      ) STRICT;
      CREATE INDEX meetings_kind_date ON meetings(kind, date);

      CREATE TABLE meeting_attendees (
        meeting_id TEXT NOT NULL REFERENCES meetings(id) ON DELETE CASCADE,
        person_id  TEXT NOT NULL REFERENCES people(id),
        PRIMARY KEY (meeting_id, person_id)
      ) STRICT, WITHOUT ROWID;

      CREATE TABLE projects (
        id                TEXT PRIMARY KEY,
        name              TEXT NOT NULL,
        content           TEXT NOT NULL DEFAULT '',
        formats           TEXT NOT NULL DEFAULT '[]',
        audience          TEXT NOT NULL DEFAULT '',
        platforms         TEXT NOT NULL DEFAULT '[]',
        brief             TEXT NOT NULL DEFAULT '',
        convener_id       TEXT NOT NULL REFERENCES people(id),
        start_date        TEXT NOT NULL,
        end_date          TEXT NOT NULL,
        status            TEXT NOT NULL DEFAULT 'proposed'
                            CHECK (status IN ('proposed','active','wrapped','archived')),
        status_changed_at INTEGER NOT NULL,
        status_changed_by TEXT REFERENCES people(id),
        template_id       TEXT REFERENCES templates(id) ON DELETE SET NULL,
        source_meeting_id TEXT REFERENCES meetings(id) ON DELETE SET NULL,
        created_by        TEXT REFERENCES people(id),
        created_at        INTEGER NOT NULL,
        updated_at        INTEGER NOT NULL,
        CHECK (end_date >= start_date)
      ) STRICT;
      CREATE INDEX projects_status ON projects(status, start_date);
      CREATE INDEX projects_convener ON projects(convener_id);

      CREATE TABLE project_key_dates (
        id         TEXT PRIMARY KEY,
        project_id TEXT NOT NULL REFERENCES projects(id) ON DELETE CASCADE,
        date       TEXT NOT NULL,
        label      TEXT NOT NULL DEFAULT ''
      ) STRICT;
      CREATE INDEX key_dates_project ON project_key_dates(project_id);
      CREATE INDEX key_dates_date ON project_key_dates(date);

      CREATE TABLE project_members (
        id             TEXT PRIMARY KEY,
        project_id     TEXT NOT NULL REFERENCES projects(id) ON DELETE CASCADE,
        person_id      TEXT NOT NULL REFERENCES people(id),
        group_role     TEXT NOT NULL DEFAULT '',
        hours_per_week REAL NOT NULL DEFAULT 0 CHECK (hours_per_week >= 0),
        created_at     INTEGER NOT NULL,
        UNIQUE (project_id, person_id)
      ) STRICT;
      CREATE INDEX project_members_person ON project_members(person_id);

      CREATE TABLE board_columns (
        id         TEXT PRIMARY KEY,
        project_id TEXT NOT NULL REFERENCES projects(id) ON DELETE CASCADE,
        name       TEXT NOT NULL,
        position   TEXT NOT NULL,
        wip_limit  INTEGER CHECK (wip_limit IS NULL OR wip_limit > 0),
        is_done    INTEGER NOT NULL DEFAULT 0 CHECK (is_done IN (0,1)),
        created_at INTEGER NOT NULL,
        updated_at INTEGER NOT NULL
      ) STRICT;
      CREATE INDEX board_columns_project ON board_columns(project_id, position);

      CREATE TABLE deliverables (
        id             TEXT PRIMARY KEY,
        project_id     TEXT NOT NULL REFERENCES projects(id) ON DELETE CASCADE,
        title          TEXT NOT NULL,
        platform       TEXT NOT NULL,
        product_form   TEXT NOT NULL,
        owner_id       TEXT REFERENCES people(id),
        due_at         INTEGER,
        status         TEXT NOT NULL DEFAULT 'planned'
                         CHECK (status IN ('planned','in_production','in_review','published')),
        published_url  TEXT,
        published_at   INTEGER,
        expected_views INTEGER,
        position       TEXT NOT NULL DEFAULT '',
        created_at     INTEGER NOT NULL,
        updated_at     INTEGER NOT NULL
      ) STRICT;
      CREATE INDEX deliverables_project ON deliverables(project_id, position);
      CREATE INDEX deliverables_owner ON deliverables(owner_id, due_at);
      CREATE INDEX deliverables_published ON deliverables(published_at) WHERE published_at IS NOT NULL;

      CREATE TABLE tasks (
        id                TEXT PRIMARY KEY,
        project_id        TEXT NOT NULL REFERENCES projects(id) ON DELETE CASCADE,
        column_id         TEXT NOT NULL REFERENCES board_columns(id),
        title             TEXT NOT NULL,
        description       TEXT NOT NULL DEFAULT '',
        due_at            INTEGER,
        priority          TEXT NOT NULL DEFAULT 'normal' CHECK (priority IN ('low','normal','high','urgent')),
        estimate_hours    REAL CHECK (estimate_hours IS NULL OR estimate_hours >= 0),
        position          TEXT NOT NULL,
        labels            TEXT NOT NULL DEFAULT '[]',
        deliverable_id    TEXT REFERENCES deliverables(id) ON DELETE SET NULL,
        source_meeting_id TEXT REFERENCES meetings(id) ON DELETE SET NULL,
        completed_at      INTEGER,
        created_by        TEXT REFERENCES people(id),
        created_at        INTEGER NOT NULL,
        updated_at        INTEGER NOT NULL
      ) STRICT;
      CREATE INDEX tasks_column ON tasks(column_id, position);
      CREATE INDEX tasks_project ON tasks(project_id);
      CREATE INDEX tasks_due ON tasks(due_at) WHERE completed_at IS NULL;

      CREATE TABLE task_assignees (
        task_id   TEXT NOT NULL REFERENCES tasks(id) ON DELETE CASCADE,
        person_id TEXT NOT NULL REFERENCES people(id),
        PRIMARY KEY (task_id, person_id)
      ) STRICT, WITHOUT ROWID;
      CREATE INDEX task_assignees_person ON task_assignees(person_id, task_id);

      CREATE TABLE checklist_items (
        id          TEXT PRIMARY KEY,
        task_id     TEXT NOT NULL REFERENCES tasks(id) ON DELETE CASCADE,
        text        TEXT NOT NULL,
        done        INTEGER NOT NULL DEFAULT 0 CHECK (done IN (0,1)),
        position    TEXT NOT NULL,
        assignee_id TEXT REFERENCES people(id),
        due_at      INTEGER,
        done_at     INTEGER,
        done_by     TEXT REFERENCES people(id),
        created_at  INTEGER NOT NULL,
        updated_at  INTEGER NOT NULL
      ) STRICT;
      CREATE INDEX checklist_task ON checklist_items(task_id, position);

      CREATE TABLE task_comments (
        id         TEXT PRIMARY KEY,
        task_id    TEXT NOT NULL REFERENCES tasks(id) ON DELETE CASCADE,
        author_id  TEXT NOT NULL REFERENCES people(id),
        body       TEXT NOT NULL,
        created_at INTEGER NOT NULL
      ) STRICT;
      CREATE INDEX comments_task ON task_comments(task_id, created_at);

      CREATE TABLE meeting_items (
        id          TEXT PRIMARY KEY,
        meeting_id  TEXT NOT NULL REFERENCES meetings(id) ON DELETE CASCADE,
        kind        TEXT NOT NULL,
        title       TEXT NOT NULL,
        body        TEXT NOT NULL DEFAULT '',
        details     TEXT NOT NULL DEFAULT '{}',
        project_id  TEXT REFERENCES projects(id) ON DELETE SET NULL,
        position    TEXT NOT NULL DEFAULT '',
        created_at  INTEGER NOT NULL,
        updated_at  INTEGER NOT NULL
      ) STRICT;
      CREATE INDEX meeting_items_meeting ON meeting_items(meeting_id, position);

      CREATE TABLE deliverable_figures (
        id             TEXT PRIMARY KEY,
        deliverable_id TEXT NOT NULL REFERENCES deliverables(id) ON DELETE CASCADE,
        date           TEXT NOT NULL,
        views          INTEGER NOT NULL DEFAULT 0 CHECK (views >= 0),
        likes          INTEGER NOT NULL DEFAULT 0 CHECK (likes >= 0),
        shares         INTEGER NOT NULL DEFAULT 0 CHECK (shares >= 0),
        comments       INTEGER NOT NULL DEFAULT 0 CHECK (comments >= 0),
        source         TEXT NOT NULL DEFAULT 'manual' CHECK (source IN ('manual','import')),
        recorded_by    TEXT REFERENCES people(id),
        created_at     INTEGER NOT NULL,
        updated_at     INTEGER NOT NULL,
        UNIQUE (deliverable_id, date)
      ) STRICT;
      CREATE INDEX figures_date ON deliverable_figures(date);

      CREATE TABLE activity_log (
        id          TEXT PRIMARY KEY,
        at          INTEGER NOT NULL,
        actor_id    TEXT REFERENCES people(id),
        command     TEXT NOT NULL,
        input       TEXT NOT NULL,
        entity_type TEXT NOT NULL,
        entity_id   TEXT NOT NULL,
        project_id  TEXT,
        summary     TEXT NOT NULL DEFAULT '',
        before      TEXT,
        after       TEXT
      ) STRICT;
      CREATE INDEX activity_entity ON activity_log(entity_type, entity_id, at);
      CREATE INDEX activity_project ON activity_log(project_id, at) WHERE project_id IS NOT NULL;
      CREATE INDEX activity_actor ON activity_log(actor_id, at);
    `);
  },
};
