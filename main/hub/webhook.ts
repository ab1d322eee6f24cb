import { createHmac } from 'node:crypto';
import type { Pool } from 'pg';
import { localShortDateTime } from '../../shared/time';
import type { Db } from '../db/connection';
import { stepsOf } from '../reviews/rows';

/**
 * The hub's outbound webhook (optional): a JSON POST to the center's group
 * robot (企业微信 / 钉钉 群机器人) when a review step starts waiting for its
 * reviewers, and one digest of tasks that went overdue. The hub scans its own
 * rows (every desktop's changes meet there), so the robot hears of a review
 * submitted offline as soon as it reaches the hub.
 *
 * - Each item is announced once: a ledger in PostgreSQL is claimed before the
 *   POST (two hub processes never both send) and released if the POST fails,
 *   so the next scan tries again.
 * - The message is plain text (msgtype "text"), never markdown: a title a
 *   person typed cannot become a link or a mention in the group.
 * - The robot's URL carries its key, so it comes from the environment, not
 *   the command line; a 钉钉 signing secret too (加签: HMAC-SHA256).
 * - No redirects are followed; a slow robot costs at most the timeout.
 */

export type WebhookFormat = 'text' | 'json';

export interface WebhookOptions {
  url: string;
  format?: WebhookFormat;
  /** 钉钉 加签 secret: adds `timestamp` and `sign` to the URL. */
  secret?: string;
  /** How often the hub looks (default one minute). 0: only when scanNow is called. */
  intervalMs?: number;
  timeoutMs?: number;
  /** Tasks that became overdue longer ago than this are not announced (default 7 days: no flood on the first start). */
  overdueWindowMs?: number;
  now?: () => number;
}

export interface WebhookMessage {
  key: string;
  kind: 'review_waiting' | 'overdue';
  text: string;
  items: Record<string, unknown>[];
}

const MAX_MESSAGES_PER_SCAN = 10; // 企业微信 robots take 20 a minute
const MAX_DIGEST_LINES = 20;
const APP = '【融媒项目台】';

/** Checks the robot's address: http(s), no credentials in it. */
export function checkWebhookUrl(url: string): URL {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    throw new Error('CREWDESK_HUB_WEBHOOK is not a URL');
  }
  if (u.protocol !== 'https:' && u.protocol !== 'http:') throw new Error('CREWDESK_HUB_WEBHOOK must be an http(s) URL');
  if (u.username || u.password) throw new Error('CREWDESK_HUB_WEBHOOK must not carry a user name or password');
  return u;
}

interface OpenRound {
  id: string;
  round_no: number;
  current_step: number;
  steps: string;
  submitted_at: number;
  title: string;
  platform: string;
  project: string;
  submitter: string | null;
}

interface OverdueTask {
  id: string;
  title: string;
  due_at: number;
  project: string;
  assignees: string | null;
}

/** What is news for the robot now, from the hub's rows (pure: the ledger decides what was sent). */
export function webhookMessages(db: Db, now: number, overdueWindowMs: number): WebhookMessage[] {
  const out: WebhookMessage[] = [];
  const name = db.prepare<[string], { name: string }>('SELECT name FROM people WHERE id = ?');
  const signed = db.prepare<[string, number], { reviewer_id: string }>('SELECT reviewer_id FROM review_decisions WHERE round_id = ? AND step = ?');
  const rounds = db
    .prepare<[], OpenRound>(
      `SELECT r.id, r.round_no, r.current_step, r.steps, r.submitted_at, d.title, d.platform, p.name AS project, s.name AS submitter
       FROM review_rounds r JOIN deliverables d ON d.id = r.deliverable_id JOIN projects p ON p.id = d.project_id
       LEFT JOIN people s ON s.id = r.submitted_by
       WHERE r.status = 'in_review' ORDER BY r.submitted_at, r.id`,
    )
    .all();
  for (const r of rounds) {
    const steps = stepsOf(r);
    const step = steps[r.current_step];
    if (!step) continue;
    const done = new Set(signed.all(r.id, r.current_step).map((x) => x.reviewer_id));
    const waiting = step.reviewerIds.filter((id) => !done.has(id)).map((id) => name.get(id)?.name ?? '?');
    out.push({
      key: `review:${r.id}:${r.current_step}`,
      kind: 'review_waiting',
      text: [
        `${APP}待审核：《${r.title}》第 ${r.round_no} 版`,
        `项目：${r.project}`,
        `当前：${step.name}（${r.current_step + 1}/${steps.length}），等待 ${waiting.join('、') || '—'}`,
        `送审：${r.submitter ?? '—'} ${localShortDateTime(r.submitted_at)}`,
      ].join('\n'),
      items: [{ roundId: r.id, title: r.title, platform: r.platform, project: r.project, version: r.round_no, step: step.name, waiting }],
    });
  }
  const overdue = db
    .prepare<[number, number], OverdueTask>(
      `SELECT t.id, t.title, t.due_at, p.name AS project,
              (SELECT group_concat(pp.name, '、') FROM task_assignees a JOIN people pp ON pp.id = a.person_id WHERE a.task_id = t.id) AS assignees
       FROM tasks t JOIN projects p ON p.id = t.project_id
       WHERE t.completed_at IS NULL AND t.due_at IS NOT NULL AND t.due_at < ? AND t.due_at >= ? AND p.status <> 'archived'
       ORDER BY t.due_at, t.id`,
    )
    .all(now, now - overdueWindowMs);
  if (overdue.length) {
    // One digest per set of newly overdue tasks: the key names them (the ledger drops those sent before).
    for (const t of overdue) {
      out.push({
        key: `overdue:${t.id}:${t.due_at}`,
        kind: 'overdue',
        text: `· ${t.title}（${t.project}）截止 ${localShortDateTime(t.due_at)}，负责人 ${t.assignees ?? '未指派'}`,
        items: [{ taskId: t.id, title: t.title, project: t.project, dueAt: t.due_at, assignees: t.assignees ? t.assignees.split('、') : [] }],
      });
    }
  }
  return out;
}

/** The body the robot takes. */
export function webhookBody(format: WebhookFormat, m: { kind: string; text: string; items: Record<string, unknown>[] }): string {
  if (format === 'json') return JSON.stringify({ source: 'crewdesk', kind: m.kind, text: m.text, items: m.items });
  return JSON.stringify({ msgtype: 'text', text: { content: m.text } });
}

/** 钉钉 加签: `timestamp` and `sign` (HMAC-SHA256 of "timestamp\nsecret", base64) on the URL. */
export function signedUrl(url: string, secret: string | undefined, now: number): string {
  if (!secret) return url;
  const u = new URL(url);
  const sign = createHmac('sha256', secret).update(`${now}\n${secret}`).digest('base64');
  u.searchParams.set('timestamp', String(now));
  u.searchParams.set('sign', sign);
  return u.toString();
}

export class HubWebhook {
  private timer: ReturnType<typeof setInterval> | null = null;
  private running: Promise<{ sent: number; failed: number }> | null = null;
  private readonly format: WebhookFormat;
  private readonly now: () => number;

  constructor(
    private readonly pool: Pool,
    private readonly read: <T>(fn: (db: Db) => T) => Promise<T>,
    private readonly opts: WebhookOptions,
  ) {
    checkWebhookUrl(opts.url);
    this.format = opts.format ?? 'text';
    this.now = opts.now ?? Date.now;
  }

  start(): void {
    const every = this.opts.intervalMs ?? 60_000;
    if (every <= 0 || this.timer) return;
    this.timer = setInterval(() => void this.scanNow().catch(() => undefined), every);
    this.timer.unref?.();
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
  }

  /** One scan: what is new is claimed, sent, and released again if the robot did not take it. */
  scanNow(): Promise<{ sent: number; failed: number }> {
    this.running ??= this.scan().finally(() => {
      this.running = null;
    });
    return this.running;
  }

  private async scan(): Promise<{ sent: number; failed: number }> {
    const now = this.now();
    const all = await this.read((db) => webhookMessages(db, now, this.opts.overdueWindowMs ?? 7 * 86_400_000));
    if (!all.length) return { sent: 0, failed: 0 };
    const seen = await this.pool.query<{ key: string }>('SELECT key FROM hub_webhook_sent WHERE key = ANY($1::text[])', [all.map((m) => m.key)]);
    const sentBefore = new Set(seen.rows.map((r) => r.key));
    const fresh = all.filter((m) => !sentBefore.has(m.key));
    const reviews = fresh.filter((m) => m.kind === 'review_waiting');
    const overdue = fresh.filter((m) => m.kind === 'overdue');
    const batches: { keys: string[]; kind: string; text: string; items: Record<string, unknown>[] }[] = reviews.map((m) => ({ keys: [m.key], kind: m.kind, text: m.text, items: m.items }));
    if (overdue.length) {
      const shown = overdue.slice(0, MAX_DIGEST_LINES);
      batches.push({
        keys: shown.map((m) => m.key),
        kind: 'overdue',
        text: [`${APP}逾期未完成 ${overdue.length} 项`, ...shown.map((m) => m.text), ...(overdue.length > shown.length ? [`…另有 ${overdue.length - shown.length} 项`] : [])].join('\n'),
        items: shown.flatMap((m) => m.items),
      });
    }
    let sent = 0;
    let failed = 0;
    for (const b of batches.slice(0, MAX_MESSAGES_PER_SCAN)) {
      const claimed = await this.pool.query<{ key: string }>(
        'INSERT INTO hub_webhook_sent (key) SELECT unnest($1::text[]) ON CONFLICT DO NOTHING RETURNING key',
        [b.keys],
      );
      if (!claimed.rowCount) continue; // another hub process has it
      const mine = claimed.rows.map((r) => r.key);
      if (await this.post({ ...b })) sent++;
      else {
        failed++;
        await this.pool.query('DELETE FROM hub_webhook_sent WHERE key = ANY($1::text[])', [mine]);
      }
    }
    return { sent, failed };
  }

  private async post(m: { kind: string; text: string; items: Record<string, unknown>[] }): Promise<boolean> {
    try {
      const res = await fetch(signedUrl(this.opts.url, this.opts.secret, this.now()), {
        method: 'POST',
        headers: { 'content-type': 'application/json; charset=utf-8' },
        body: webhookBody(this.format, m),
        redirect: 'error',
        signal: AbortSignal.timeout(this.opts.timeoutMs ?? 5000),
      });
      const text = (await res.text()).slice(0, 10_000);
      if (!res.ok) return false;
      // 企业微信 / 钉钉 answer 200 with {"errcode": 0}; anything else (45009: too many) is a failure.
      try {
        const j = JSON.parse(text) as { errcode?: unknown };
        if (typeof j.errcode === 'number' && j.errcode !== 0) return false;
      } catch {
        /* not JSON: a plain 2xx receiver */
      }
      return true;
    } catch {
      return false;
    }
  }
}
