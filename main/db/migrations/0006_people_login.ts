import { loginBase, uniqueLogin } from '../../core/logins';
import type { Migration } from './index';

/**
 * Every person gets a unique sign-in handle (`login`), separate from the display
 * name, which may repeat and change: the hub signs people in by login, so renaming
 * oneself to the admin's name gives no one the admin's account. Existing people
 * get the pinyin of their name, numbered on a collision (王伟, 王伟 → wangwei,
 * wangwei2), in the order they were created. The index is case-insensitive.
 */
export const m0006PeopleLogin: Migration = {
  version: 6,
  name: '0006_people_login',
  up(db) {
    db.exec(`ALTER TABLE people ADD COLUMN login TEXT NOT NULL DEFAULT ''`);
    const rows = db.prepare<[], { id: string; name: string }>('SELECT id, name FROM people ORDER BY created_at, id').all();
    const taken = new Set<string>();
    const set = db.prepare('UPDATE people SET login = ? WHERE id = ?');
    for (const r of rows) {
      const login = uniqueLogin(loginBase(r.name), (l) => taken.has(l));
      taken.add(login);
      set.run(login, r.id);
    }
    db.exec('CREATE UNIQUE INDEX people_login ON people(login COLLATE NOCASE)');
  },
};
