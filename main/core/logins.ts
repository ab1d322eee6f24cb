import { pinyinKeys } from './pinyin';

/**
 * Sign-in handles ("logins"). A display name may repeat and change; a login is
 * unique (case-insensitively) and only an admin sets or changes it. It is what
 * the hub's sign-in asks for: a staff number (`0427`) or a pinyin handle
 * (`zhoulan`, `wangwei2`).
 */
/** The login a new person gets unless an admin chooses one: the name's pinyin, else `user`. */
export function loginBase(name: string): string {
  const base = pinyinKeys(name).full.replace(/[^a-z0-9]/g, '').slice(0, 32);
  return base || 'user';
}

/** `base`, or `base2`, `base3` … — the first one not in `taken` (lower-case logins). */
export function uniqueLogin(base: string, taken: (login: string) => boolean): string {
  if (!taken(base)) return base;
  for (let n = 2; ; n++) {
    const candidate = `${base}${n}`;
    if (!taken(candidate)) return candidate;
  }
}
