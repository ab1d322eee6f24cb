import type { Labeled } from './domain';
import { localDate } from './time';

/**
 * Notifications (通知) are derived, not stored: main reads them off the
 * activity log, due dates and open reviews for the person who looks, so they
 * work with no hub and cover others' changes that arrive by sync. Only what a
 * person has read, and their settings, are stored (and synced, so a read on
 * one desktop is a read on all of theirs).
 */
export const NOTIFICATION_KINDS = [
  { code: 'assigned', zh: '指派给我', en: 'Assigned to me' },
  { code: 'mentioned', zh: '@我', en: 'Mentioned me' },
  { code: 'due_soon', zh: '24 小时内到期', en: 'Due within 24 h' },
  { code: 'overdue', zh: '已逾期', en: 'Overdue' },
  { code: 'review_waiting', zh: '等我审核', en: 'Review waiting for me' },
  { code: 'review_decided', zh: '送审有结果', en: 'My submission decided' },
  { code: 'changed', zh: '他人修改了我的任务', en: 'Someone changed my task' },
  { code: 'assignment_declined', zh: '派单被婉拒', en: 'Assignment declined' },
  { code: 'group_invited', zh: '加入项目组待确认', en: 'Group place to answer' },
  { code: 'place_declined', zh: '小组席位被婉拒', en: 'Group place declined' },
  { code: 'sync_refused', zh: '同步被拒', en: 'Sync refused' },
] as const satisfies readonly Labeled[];
export type NotificationKind = (typeof NOTIFICATION_KINDS)[number]['code'];
export const NOTIFICATION_KIND_CODES = NOTIFICATION_KINDS.map((k) => k.code) as [NotificationKind, ...NotificationKind[]];

export interface NotificationPrefs {
  /** Kinds the person turned off (none by default). */
  disabledKinds: NotificationKind[];
  /** Projects whose notifications the person muted. */
  mutedProjects: string[];
  /** Quiet hours for desktop notifications, minutes after midnight (Asia/Shanghai); both null: none. */
  quietStart: number | null;
  quietEnd: number | null;
  /** Show desktop (OS) notifications at all. */
  desktop: boolean;
}

export const DEFAULT_PREFS: NotificationPrefs = { disabledKinds: [], mutedProjects: [], quietStart: null, quietEnd: null, desktop: true };

/** How far back the log is read: older changes are history, not news. */
export const NOTIFICATION_LOOKBACK_MS = 14 * 24 * 3600_000;
export const DUE_SOON_MS = 24 * 3600_000;

/** Minutes after midnight in the center's zone (Asia/Shanghai, UTC+8, no DST). */
export function centerMinutes(ms: number): number {
  const d = new Date(ms + 8 * 3600_000);
  return d.getUTCHours() * 60 + d.getUTCMinutes();
}

/** Is `ms` inside the quiet hours (a range may wrap midnight, 22:00–07:00)? Desktop popups wait; the list does not. */
export function inQuietHours(p: Pick<NotificationPrefs, 'quietStart' | 'quietEnd'>, ms: number): boolean {
  if (p.quietStart === null || p.quietEnd === null || p.quietStart === p.quietEnd) return false;
  const m = centerMinutes(ms);
  return p.quietStart < p.quietEnd ? m >= p.quietStart && m < p.quietEnd : m >= p.quietStart || m < p.quietEnd;
}

/** A stable key per notification, so one is never listed (or popped up) twice. */
export const notificationKey = {
  activity: (kind: NotificationKind, activityId: string) => `${kind}:${activityId}`,
  due: (kind: 'due_soon' | 'overdue', taskId: string, dueAt: number) => `${kind}:${taskId}:${dueAt}`,
  review: (roundId: string, step: number) => `review_waiting:${roundId}:${step}`,
  decision: (decisionId: string) => `review_decided:${decisionId}`,
  sync: (noticeId: number, at: number) => `sync_refused:${noticeId}:${at}`,
};


/** What "since you last looked" on My tasks lists: changes by others to my work and decisions on it (not the clock). */
export const SINCE_LOOKED_KINDS: readonly NotificationKind[] = ['assigned', 'mentioned', 'changed', 'review_decided'];
