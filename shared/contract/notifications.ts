import { z } from 'zod';
import { NOTIFICATION_KIND_CODES, type NotificationKind, type NotificationPrefs } from '../notifications';
import { command, Id, Millis, query } from './define';

/** The notification centre (通知). Handled in main/notifications/; rules in shared/notifications.ts. */

export interface AppNotification {
  key: string;
  kind: NotificationKind;
  at: number;
  read: boolean;
  /** Who caused it (null: the clock, e.g. a due date). */
  actorName: string | null;
  projectId: string | null;
  projectName: string | null;
  /** What it is about: a task, a deliverable, or nothing (a sync refusal). */
  subject: { type: 'task' | 'deliverable'; id: string; title: string } | null;
  /** A short line of what happened, as recorded (mentions already shown as names). */
  detail: string;
}

export interface NotificationList {
  items: AppNotification[];
  unread: number;
  prefs: NotificationPrefs;
}

const Key = z.string().min(1).max(200).regex(/^[a-z_]+:[0-9a-f:-]+$/);
const Minutes = z.number().int().min(0).max(1439).nullable();

export const notificationCalls = {
  'notifications.list': query<NotificationList>()(z.object({ limit: z.number().int().min(1).max(200).default(50) })),
  /** Marks notifications read (on every desktop of the person, through the hub). */
  'notifications.read': command<{ unread: number }>()(z.object({ keys: z.array(Key).min(1).max(200) })),
  /** Marks everything up to `before` read (the time of the list the person saw). */
  'notifications.readAll': command<{ unread: number }>()(z.object({ before: Millis })),
  'notifications.setPrefs': command<NotificationPrefs>()(
    z
      .object({
        disabledKinds: z.array(z.enum(NOTIFICATION_KIND_CODES)).max(NOTIFICATION_KIND_CODES.length),
        mutedProjects: z.array(Id).max(500),
        quietStart: Minutes,
        quietEnd: Minutes,
        desktop: z.boolean(),
      })
      .strict(),
  ),
};
