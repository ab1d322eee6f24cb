import { create } from 'zustand';
import { builtinLabel } from '../../../shared/builtin-labels';
import { labelOf, type Labeled } from '../../../shared/domain';
import * as boards from '../features/boards/strings';
import * as common from './common';
import * as maintenance from '../features/maintenance/strings';
import * as meetings from '../features/meetings/strings';
import * as people from '../features/people/strings';
import * as projects from '../features/projects/strings';
import * as reviews from '../features/reviews/strings';
import * as rota from '../features/rota/strings';
import * as gear from '../features/gear/strings';
import * as timeline from '../features/timeline/strings';
import * as notifications from '../features/notifications/strings';
import * as search from '../features/search/strings';
import * as settings from '../features/settings/strings';
import * as sync from '../features/sync/strings';
import * as workload from '../features/workload/strings';

/**
 * Every UI string goes through here. Each feature keeps its messages in its own
 * file with a Chinese table and an English table typed against it, so a
 * missing translation is a compile error. Add a feature's file to `parts`.
 */
const parts = [common, people, projects, boards, reviews, rota, gear, timeline, notifications, meetings, workload, maintenance, sync, search, settings] as const;

type Union = (typeof parts)[number]['zh'];
type UnionToIntersection<U> = (U extends unknown ? (x: U) => void : never) extends (x: infer I) => void ? I : never;
export type MessageKey = keyof UnionToIntersection<Union>;

export type Locale = 'zh-CN' | 'en';
const tables: Record<Locale, Record<string, string>> = {
  'zh-CN': Object.assign({}, ...parts.map((p) => p.zh)) as Record<string, string>,
  en: Object.assign({}, ...parts.map((p) => p.en)) as Record<string, string>,
};

const STORAGE_KEY = 'crewdesk.locale';

function initialLocale(): Locale {
  try {
    return localStorage.getItem(STORAGE_KEY) === 'en' ? 'en' : 'zh-CN';
  } catch {
    return 'zh-CN';
  }
}

interface LocaleState {
  locale: Locale;
  setLocale(l: Locale): void;
}

export const useLocaleStore = create<LocaleState>((set) => ({
  locale: initialLocale(),
  setLocale: (locale) => {
    try {
      localStorage.setItem(STORAGE_KEY, locale);
    } catch {
      /* private mode: the choice lasts this session */
    }
    document.documentElement.lang = locale;
    set({ locale });
  },
}));

export type Translate = (key: MessageKey, vars?: Record<string, string | number>) => string;

/**
 * `{n} person|{n} people`: a message with a count may give its singular and plural forms,
 * split by `|`; the first is used when n is 1 (English needs it, Chinese does not).
 */
export function translate(locale: Locale, key: MessageKey, vars?: Record<string, string | number>): string {
  let text = tables[locale][key] ?? tables['zh-CN'][key] ?? key;
  if (vars && typeof vars.n === 'number' && text.includes('|')) {
    const [one, other] = text.split('|') as [string, string];
    text = vars.n === 1 ? one : other;
  }
  return vars ? text.replace(/\{(\w+)\}/g, (m, k: string) => (k in vars ? String(vars[k]) : m)) : text;
}

export function useT(): Translate {
  const locale = useLocaleStore((s) => s.locale);
  return (key, vars) => translate(locale, key, vars);
}

/** The label of a coded value (platform, status, …) in the current language. */
export function useLabel(): <C extends string>(list: readonly Labeled<C>[], code: C) => string {
  const locale = useLocaleStore((s) => s.locale);
  return (list, code) => labelOf(list, code, locale === 'en' ? 'en' : 'zh');
}

/** Pick the right side of a bilingual message from the backend. */
export function useLocalized(): (m: { zh: string; en: string }) => string {
  const locale = useLocaleStore((s) => s.locale);
  return (m) => (locale === 'en' ? m.en : m.zh);
}

/** A name the app wrote into the data (a default column, the convener role), in the UI's language (shared/builtin-labels.ts). */
export function useDataLabel(): (text: string) => string {
  const locale = useLocaleStore((s) => s.locale);
  return (text) => builtinLabel(text, locale);
}
