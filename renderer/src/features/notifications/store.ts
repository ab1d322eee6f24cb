import { create } from 'zustand';
import type { AppNotification, NotificationList } from '../../../../shared/contract';
import { inQuietHours, type NotificationPrefs } from '../../../../shared/notifications';
import { call, callQuiet } from '../../api/client';

/**
 * The notification centre's list for the acting person (main derives it; see
 * shared/notifications.ts). The bell reads it through selectors; reads go back
 * as commands, so they sync to the person's other desktops.
 */
interface NotificationState {
  list: NotificationList | null;
  load(): Promise<void>;
  read(keys: string[]): Promise<void>;
  readAll(): Promise<void>;
  setPrefs(p: NotificationPrefs): Promise<void>;
}

export const useNotifications = create<NotificationState>((set, get) => ({
  list: null,
  load: async () => {
    const list = await callQuiet('notifications.list', { limit: 50 }).catch(() => null);
    if (list) set({ list });
  },
  read: async (keys) => {
    if (!keys.length) return;
    await call('notifications.read', { keys });
    await get().load();
  },
  readAll: async () => {
    // Up to the newest item the person saw, so what arrives meanwhile stays unread.
    const newest = Math.max(0, ...(get().list?.items.map((n) => n.at) ?? []));
    await call('notifications.readAll', { before: Math.max(newest, Date.now()) });
    await get().load();
  },
  setPrefs: async (p) => {
    await call('notifications.setPrefs', p);
    await get().load();
  },
}));

export const selectUnread = (s: NotificationState): number => s.list?.unread ?? 0;
const NONE: AppNotification[] = [];
export const selectItems = (s: NotificationState): AppNotification[] => s.list?.items ?? NONE;
export const selectPrefs = (s: NotificationState): NotificationPrefs | null => s.list?.prefs ?? null;

/** Where a click on a notification goes: the task open on its board, the review drawer, or the sync settings. */
export function hrefOf(n: AppNotification): string {
  if (n.subject?.type === 'task' && n.projectId) return `#/projects/${n.projectId}/board?task=${n.subject.id}`;
  if (n.subject?.type === 'deliverable' && n.projectId) return `#/projects/${n.projectId}/board?review=${n.subject.id}`;
  if (n.projectId) return `#/projects/${n.projectId}`;
  return '#/settings';
}

// ---- desktop (OS) notifications --------------------------------------------

const SHOWN_KEY = (personId: string) => `crewdesk.notified.${personId}`;
const SHOWN_MAX = 500;

function shownKeys(personId: string): Set<string> {
  try {
    const raw: unknown = JSON.parse(localStorage.getItem(SHOWN_KEY(personId)) ?? '[]');
    return new Set(Array.isArray(raw) ? raw.filter((x): x is string => typeof x === 'string') : []);
  } catch {
    return new Set();
  }
}

function remember(personId: string, keys: Set<string>): void {
  try {
    localStorage.setItem(SHOWN_KEY(personId), JSON.stringify([...keys].slice(-SHOWN_MAX)));
  } catch {
    // Storage full or off: at worst a pop-up shows again after a restart.
  }
}

export const desktopSupported = (): boolean => typeof Notification !== 'undefined';

/**
 * Pops up the unread notifications this desktop has not shown yet (each key once,
 * remembered per person in the window's storage), unless turned off or in quiet
 * hours. The first list after a start only records what is there, newest three
 * excepted, so opening the app does not flood the screen. Electron shows the
 * same Web Notification as an OS notification.
 */
export function popUpNew(
  personId: string,
  list: NotificationList,
  text: (n: AppNotification) => { title: string; body: string },
  first: boolean,
  open: (n: AppNotification) => void,
): void {
  const shown = shownKeys(personId);
  const fresh = list.items.filter((n) => !n.read && !shown.has(n.key));
  if (!fresh.length) return;
  for (const n of fresh) shown.add(n.key);
  remember(personId, shown);
  if (!list.prefs.desktop || inQuietHours(list.prefs, Date.now()) || !desktopSupported() || Notification.permission !== 'granted') return;
  for (const n of first ? fresh.slice(0, 3) : fresh.slice(0, 5)) {
    const { title, body } = text(n);
    const popup = new Notification(title, { body, tag: n.key });
    popup.onclick = () => open(n);
  }
}
