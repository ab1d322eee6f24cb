import type { Migration } from './index';

/** Longest prefix of a text (in characters) the bigram index covers; the trigram index covers all of it. */
export const BIGRAM_MAX_CHARS = 4000;

/**
 * Full-text search over projects and tasks, in Chinese.
 *
 * - `search_docs` gives every searchable row a stable INTEGER key (`doc`). The FTS
 *   tables are keyed by it, never by the rowid of `projects`/`tasks`: those tables
 *   have TEXT primary keys, so VACUUM (and VACUUM INTO backups) may renumber their
 *   rowids.
 * - `search_<kind>_tri` (FTS5 trigram tokenizer; kind = project | task) answers terms of three characters or
 *   more: any substring, case-insensitive, latin and CJK alike.
 * - `search_<kind>_bi` answers one- and two-character terms (直播, 海报, H5), which a
 *   trigram index cannot: its text is every overlapping two-character slice of the
 *   original (春节直播 → 春节 节直 直播 播), so a two-character term is one token and
 *   a one-character term is a token prefix (served by the 1-character prefix index).
 *   The slices are made in SQL from `search_seq` (1..BIGRAM_MAX_CHARS), so plain
 *   triggers keep both indexes in step with every write path, with no application
 *   function registered on the connection.
 * - One pair of FTS tables per kind, so a search for projects never walks the
 *   doclists of 100,000 tasks.
 * - The FTS tables are contentless (the text lives in projects/tasks) with
 *   contentless_delete=1, so a row can be deleted by its key.
 * - Triggers fire only when a searchable column changes: moving a card or ticking a
 *   checklist item does not touch the search index.
 *
 * Indexed text: a project's name (column `title`) and content, brief and audience
 * (column `body`); a task's title and description.
 */
const bigrams = (expr: string): string =>
  `(SELECT coalesce(group_concat(substr(${expr}, n, 2), ' '), '') FROM search_seq WHERE n <= length(${expr}))`;

const projectBody = (row: string): string => `${row}.content || ' ' || ${row}.brief || ' ' || ${row}.audience`;

const TRI = "title, body, tokenize = 'trigram', content = '', contentless_delete = 1";
const BI = "title, body, tokenize = 'unicode61 remove_diacritics 2', prefix = '1', content = '', contentless_delete = 1";

export const m0004Search: Migration = {
  version: 4,
  name: '0004_search',
  up(db) {
    db.exec(`
      CREATE TABLE search_seq (n INTEGER PRIMARY KEY) STRICT;

      CREATE TABLE search_docs (
        doc        INTEGER PRIMARY KEY,
        kind       TEXT NOT NULL CHECK (kind IN ('project','task')),
        ref        TEXT NOT NULL UNIQUE,
        project_id TEXT NOT NULL
      ) STRICT;
      CREATE INDEX search_docs_kind ON search_docs(kind, doc);

      CREATE VIRTUAL TABLE search_project_tri USING fts5(${TRI});
      CREATE VIRTUAL TABLE search_project_bi USING fts5(${BI});
      CREATE VIRTUAL TABLE search_task_tri USING fts5(${TRI});
      CREATE VIRTUAL TABLE search_task_bi USING fts5(${BI});
    `);
    const seq = db.prepare('INSERT INTO search_seq (n) VALUES (?)');
    for (let n = 1; n <= BIGRAM_MAX_CHARS; n++) seq.run(n);

    const index = (kind: 'project' | 'task', row: 'new' | 'old', title: string, body: string): string => `
        INSERT INTO search_docs (kind, ref, project_id) VALUES ('${kind}', ${row}.id, ${kind === 'project' ? `${row}.id` : `${row}.project_id`});
        INSERT INTO search_${kind}_tri (rowid, title, body) VALUES ((SELECT doc FROM search_docs WHERE ref = ${row}.id), ${title}, ${body});
        INSERT INTO search_${kind}_bi (rowid, title, body)
          VALUES ((SELECT doc FROM search_docs WHERE ref = ${row}.id), ${bigrams(title)}, ${bigrams(body)});`;
    const unindex = (kind: 'project' | 'task', row: 'new' | 'old'): string => `
        DELETE FROM search_${kind}_tri WHERE rowid = (SELECT doc FROM search_docs WHERE ref = ${row}.id);
        DELETE FROM search_${kind}_bi WHERE rowid = (SELECT doc FROM search_docs WHERE ref = ${row}.id);
        DELETE FROM search_docs WHERE ref = ${row}.id;`;

    db.exec(`
      CREATE TRIGGER search_project_ai AFTER INSERT ON projects BEGIN ${index('project', 'new', 'new.name', projectBody('new'))} END;
      CREATE TRIGGER search_project_ad AFTER DELETE ON projects BEGIN ${unindex('project', 'old')} END;
      CREATE TRIGGER search_project_au AFTER UPDATE OF name, content, brief, audience ON projects BEGIN
        ${unindex('project', 'old')} ${index('project', 'new', 'new.name', projectBody('new'))}
      END;

      CREATE TRIGGER search_task_ai AFTER INSERT ON tasks BEGIN ${index('task', 'new', 'new.title', 'new.description')} END;
      CREATE TRIGGER search_task_ad AFTER DELETE ON tasks BEGIN ${unindex('task', 'old')} END;
      CREATE TRIGGER search_task_au AFTER UPDATE OF title, description, project_id ON tasks BEGIN
        ${unindex('task', 'old')} ${index('task', 'new', 'new.title', 'new.description')}
      END;
    `);

    // Rows written before this migration.
    db.exec(`
      INSERT INTO search_docs (kind, ref, project_id) SELECT 'project', id, id FROM projects ORDER BY rowid;
      INSERT INTO search_docs (kind, ref, project_id) SELECT 'task', id, project_id FROM tasks ORDER BY rowid;
      INSERT INTO search_project_tri (rowid, title, body)
        SELECT d.doc, p.name, ${projectBody('p')} FROM search_docs d JOIN projects p ON p.id = d.ref;
      INSERT INTO search_task_tri (rowid, title, body)
        SELECT d.doc, t.title, t.description FROM search_docs d JOIN tasks t ON t.id = d.ref;
      INSERT INTO search_project_bi (rowid, title, body)
        SELECT d.doc, ${bigrams('p.name')}, ${bigrams(projectBody('p'))} FROM search_docs d JOIN projects p ON p.id = d.ref;
      INSERT INTO search_task_bi (rowid, title, body)
        SELECT d.doc, ${bigrams('t.title')}, ${bigrams('t.description')} FROM search_docs d JOIN tasks t ON t.id = d.ref;
    `);
  },
};
