import { v7 } from 'uuid';
import { SCHEMA_VERSION } from '../../main/db/migrations';
import { httpTransport, type HubEndpoint } from '../../main/sync/transport';
import { SYNC_PROTOCOL, type PullResponse, type WireMutation } from '../../shared/sync';

/**
 * A thin desktop for the hub bench: it speaks the desktop's protocol through the desktop's own
 * transport (`httpTransport`: a fresh TLS connection per request, the certificate pinned by its
 * fingerprint, the bearer token from a real sign-in) but keeps no SQLite copy. It knows the
 * projects its person works on (their columns and some of their cards, read from the workspace
 * the hub was seeded from) and ships real commands the hub replays through its handlers.
 */
export interface Workplace {
  projectId: string;
  columns: string[];
  tasks: string[];
}

/** Newsroom words for the fictional edits (the demo's vocabulary, nothing real). */
const WORDS = ['补采', '改稿', '定版', '配图', '剪辑', '审校', '字幕', '标题', '导语', '航拍', '直播', '专访', '海报', '短视频', '校对'];

export type MutationKind = 'tasks.update' | 'tasks.move' | 'comments.add' | 'checklist.add' | 'tasks.create';

/** The mix a newsroom's desktops push: mostly edits and moves of cards, comments, some new cards. */
const MIX: [MutationKind, number][] = [
  ['tasks.update', 0.35],
  ['tasks.move', 0.2],
  ['comments.add', 0.25],
  ['checklist.add', 0.1],
  ['tasks.create', 0.1],
];

export class ThinDesktop {
  readonly clientId = v7();
  private token = '';
  personId = '';
  private nextId = 1;
  /** The oldest of this desktop's mutations whose fate (applied / refused) a pull has not yet told. */
  private pendingFrom = 1;
  private since: number;
  private scope: string | undefined;
  /** Refusals the hub reported for this desktop's mutations. */
  rejections: { name: string; message: string }[] = [];
  pulledRows = 0;

  constructor(
    readonly hub: HubEndpoint,
    readonly login: string,
    private readonly places: Workplace[],
    private readonly random: () => number,
    /** The hub version this desktop's rows are at (a desktop that was in sync before the bench). */
    since: number,
  ) {
    this.since = since;
  }

  get currentToken(): string {
    return this.token;
  }

  get workplaces(): Workplace[] {
    return this.places;
  }

  get canWork(): boolean {
    return this.places.some((p) => p.columns.length > 0);
  }

  /** A session this desktop opened on an earlier day (its token kept, as a desktop keeps it). */
  resume(token: string, personId: string): void {
    this.token = token;
    this.personId = personId;
  }

  async signIn(password: string): Promise<void> {
    const r = await httpTransport.login(this.hub, { login: this.login, password });
    this.token = r.token;
    this.personId = r.personId;
  }

  private pick<T>(xs: readonly T[]): T {
    return xs[Math.floor(this.random() * xs.length)]!;
  }

  private words(n: number): string {
    return Array.from({ length: n }, () => this.pick(WORDS)).join('');
  }

  /** The next real command this desktop's person makes. */
  nextMutation(): WireMutation {
    const place = this.pick(this.places.filter((p) => p.columns.length > 0));
    let kind: MutationKind = 'tasks.create';
    let x = this.random();
    for (const [k, w] of MIX) {
      if (x < w) {
        kind = k;
        break;
      }
      x -= w;
    }
    if (!place.tasks.length) kind = 'tasks.create';
    const task = place.tasks.length ? this.pick(place.tasks) : '';
    const id = this.nextId++;
    const at = Date.now();
    // The ids the command creates on a desktop, in creation order (the hub creates the same):
    // the new row first, then the activity row. Past this list the hub makes fresh ones.
    const created = kind === 'tasks.create' || kind === 'comments.add' || kind === 'checklist.add' ? [v7(), v7()] : [v7()];
    const args = ((): unknown => {
      switch (kind) {
        case 'tasks.update':
          return this.random() < 0.5 ? { id: task, title: `${this.words(3)}（第 ${id} 稿）` } : { id: task, description: `${this.words(12)}。`, priority: this.pick(['low', 'normal', 'high'] as const) };
        case 'tasks.move':
          return { id: task, columnId: this.pick(place.columns), afterId: null };
        case 'comments.add':
          return { taskId: task, body: `${this.words(6)}，请看一下。` };
        case 'checklist.add':
          return { taskId: task, text: this.words(2) };
        case 'tasks.create':
          return { projectId: place.projectId, title: `${this.words(3)}`, columnId: place.columns[0]! };
      }
    })();
    if (kind === 'tasks.create') place.tasks.push(created[0]!);
    return { id, name: kind, args, ids: created, at };
  }

  /** This desktop's mutations the hub has not acknowledged yet, oldest first (the real client's queue). */
  private unacked: WireMutation[] = [];

  /**
   * Pushes `mutations` behind every earlier one not acknowledged yet, as the real sync client
   * sends its whole queue: a push that failed or timed out (the hub drops one whose desktop gave
   * up before applying it) goes again. Returns the hub's lastMutationId for this desktop.
   */
  async push(mutations: WireMutation[]): Promise<number> {
    for (const m of mutations) if (!this.unacked.some((u) => u.id === m.id)) this.unacked.push(m);
    const r = await httpTransport.push(this.hub, this.token, {
      protocol: SYNC_PROTOCOL,
      schemaVersion: SCHEMA_VERSION,
      clientId: this.clientId,
      mutations: this.unacked.slice(0, 500),
    });
    this.unacked = this.unacked.filter((u) => u.id > r.lastMutationId);
    return r.lastMutationId;
  }

  /** Pulls what changed since this desktop's version; returns the answer's row count. */
  async pull(): Promise<PullResponse> {
    const r = await httpTransport.pull(this.hub, this.token, {
      protocol: SYNC_PROTOCOL,
      schemaVersion: SCHEMA_VERSION,
      clientId: this.clientId,
      since: this.since,
      pendingFrom: this.pendingFrom,
      ...(this.scope !== undefined ? { scope: this.scope } : {}),
    });
    if (r.version >= this.since) {
      this.since = r.version;
      if (r.scope !== undefined) this.scope = r.scope;
    }
    for (const x of r.rejections) this.rejections.push({ name: x.name, message: x.error.message.en });
    this.pendingFrom = Math.max(this.pendingFrom, r.lastMutationId + 1);
    this.pulledRows += r.rows.length;
    return r;
  }
}
