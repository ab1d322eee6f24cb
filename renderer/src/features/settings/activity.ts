import { useLocaleStore, useT, type MessageKey } from '../../i18n';
import { en } from './strings';

interface Logged {
  command: string;
  summary: string;
  before?: unknown;
  after?: unknown;
}

/** The thing a change was about: its name or title in the recorded images, else the first “quoted” part of the line. */
export function subjectOf(e: Logged): string {
  for (const img of [e.after, e.before]) {
    if (img && typeof img === 'object') {
      const o = img as Record<string, unknown>;
      for (const k of ['name', 'title', 'text']) if (typeof o[k] === 'string' && o[k]) return String(o[k]);
    }
  }
  return /“([^”]+)”/.exec(e.summary)?.[1] ?? '';
}

/**
 * One line of the activity log in the UI's language: the recorded line in
 * Chinese; in English the change's kind (by its command) and what it was about.
 */
export function useActivityLine(): (e: Logged) => string {
  const t = useT();
  const locale = useLocaleStore((s) => s.locale);
  return (e) => {
    if (locale !== 'en') return e.summary;
    const key = `activity.${e.command}`;
    const verb = key in en ? t(key as MessageKey) : t('activity.other');
    const subject = subjectOf(e);
    return subject ? `${verb}: “${subject}”` : verb;
  };
}
