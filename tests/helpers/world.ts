/**
 * A test's own world: a backend on a fresh temp SQLite file, a fixed clock by default, and
 * builders that make exactly what the test needs through the real contract calls (so every
 * rule and every activity-log row of a real change is exercised; nothing is inserted by SQL).
 *
 *   const w = await buildWorld();                        // 2027-01-13 (Wed) 09:30 in the center
 *   const { 林晓峰, 马骁 } = await w.people({ 林晓峰: { team: 'live', role: 'convener' }, 马骁: { team: 'camera' } });
 *   const p = await w.project({ name: '元宵直播', convener: '林晓峰', members: ['马骁'] });
 *   const t = await w.task(p, { title: '机位图', assignees: ['马骁'], column: '进行中' });
 *   w.clock.advance(DAY_MS);
 *
 * The demo workspace (main/workspace/demo.ts) is for the demo smoke test and the e2e stories,
 * not a hidden fixture of unit tests (tests/unit/core/test-worlds.test.ts keeps it so).
 */
import type { Session } from '../../main/core/backend';
import type { BoardColumn, Deliverable, GroupMember, Person, ProjectDetail, TaskCard, Team } from '../../shared/contract';
import { STANDARD_TEAMS, type Platform, type Priority, type ProductForm, type ProjectStatus, type Role } from '../../shared/domain';
import { addDays, DAY_MS, fromLocalDateTime, localDate, weekStart } from '../../shared/time';
import { world as openWorld, type TestWorld } from './db';

/** Wednesday 2027-01-13, 09:30 in the center (Asia/Shanghai): the default "now" of a test world. */
export const DEFAULT_NOW = fromLocalDateTime('2027-01-13 09:30');

/** The test's clock: fixed unless the test moves it. */
export class Clock {
  constructor(private ms: number) {}
  /** What the backend reads as "now". */
  readonly now = (): number => this.ms;
  /** Jumps to an instant (UTC ms) or a center wall-clock time 'YYYY-MM-DD HH:mm'. */
  set(at: number | string): this {
    this.ms = typeof at === 'number' ? at : fromLocalDateTime(at);
    return this;
  }
  advance(ms: number): this {
    this.ms += ms;
    return this;
  }
  /** Today's date in the center. */
  today(): string {
    return localDate(this.ms);
  }
  /** Monday of this week in the center. */
  monday(): string {
    return weekStart(this.today());
  }
  /** 'YYYY-MM-DD' `days` from today. */
  day(days: number): string {
    return addDays(this.today(), days);
  }
}

export type TeamKey = (typeof STANDARD_TEAMS)[number]['key'];

export interface PersonSpec {
  team: TeamKey | (string & {});
  role?: Role;
  title?: string;
  skills?: string[];
  capacityHours?: number;
  login?: string;
}

export interface MemberSpec {
  name: string;
  role?: string;
  hoursPerWeek?: number;
}

export interface ProjectSpec {
  name: string;
  /** The convener's name (they create it); omitted: the first admin convenes. */
  convener?: string;
  /** Days from today, or a date. Defaults: today … 30 days on. */
  start?: number | string;
  end?: number | string;
  keyDates?: { date: number | string; label?: string }[];
  platforms?: Platform[];
  formats?: ProductForm[];
  templateId?: string;
  /** Added to the group by the convener (names, or names with a group role and hours). */
  members?: (string | MemberSpec)[];
  /** Walked to one step at a time from proposed (proposed → active → wrapped → archived). */
  status?: ProjectStatus;
}

export interface BuiltProject {
  id: string;
  name: string;
  convener: Session;
  detail: ProjectDetail;
  /** The board's columns by name (the default 待办 / 进行中 / 待审核 / 已完成 unless a template says otherwise). */
  columns: Record<string, BoardColumn>;
}

export interface TaskSpec {
  title: string;
  /** Column name; omitted: the first column. */
  column?: string;
  /** Names of the assignees. */
  assignees?: string[];
  /** An instant, or days from now (from the clock). */
  due?: number | null;
  dueInDays?: number;
  priority?: Priority;
  estimateHours?: number | null;
  labels?: string[];
  description?: string;
  deliverableId?: string | null;
  /** Who creates it (a name); omitted: the project's convener. */
  by?: string;
}

export interface DeliverableSpec {
  title: string;
  platform?: Platform;
  productForm?: ProductForm;
  /** The owner's name. */
  owner?: string | null;
  dueAt?: number | null;
  by?: string;
}

export interface World extends TestWorld {
  clock: Clock;
  /** The first admin, made by workspace.setup in its empty mode. */
  admin: Session;
  adminName: string;
  /** A standard team's id, by key ('live') or by name ('直播团队'); or a team the test made. */
  team(keyOrName: string): string;
  teams(): Promise<Team[]>;
  /** Creates people through people.create (by the admin), in order; returns them by name. */
  people<N extends string>(specs: Record<N, PersonSpec>): Promise<Record<N, Person>>;
  person(name: string, spec: PersonSpec): Promise<Person>;
  /** The id of a person (by name) the test made. */
  id(name: string): string;
  /** A project through projects.create, its group through projects.group.add, its status through projects.setStatus. */
  project(spec: ProjectSpec): Promise<BuiltProject>;
  task(project: BuiltProject, spec: TaskSpec): Promise<TaskCard>;
  deliverable(project: BuiltProject, spec: DeliverableSpec): Promise<Deliverable>;
  addMember(project: BuiltProject, member: string | MemberSpec, by?: string): Promise<GroupMember>;
  /**
   * Publishes a deliverable the way the center does: its owner submits it for review (三审),
   * the first reviewer of each step approves in turn, the owner marks it published with `url`.
   */
  publish(deliverable: Deliverable, url?: string): Promise<Deliverable>;
}

export interface WorldOptions {
  /** The clock's start (UTC ms or 'YYYY-MM-DD HH:mm' in the center); default DEFAULT_NOW. */
  now?: number | string;
  /** The first admin's name and standard team; default 周岚 of the reporting team. */
  admin?: string;
  adminTeam?: TeamKey;
}

const STATUS_STEPS: ProjectStatus[] = ['proposed', 'active', 'wrapped', 'archived'];

/** A backend on a fresh file with a fixed clock and a first admin: nothing else exists until the test makes it. */
export async function buildWorld(opts: WorldOptions = {}): Promise<World> {
  const clock = new Clock(DEFAULT_NOW);
  if (opts.now !== undefined) clock.set(opts.now);
  const base = await openWorld({ clock: clock.now });
  const adminName = opts.admin ?? '周岚';
  const setup = await base.call({ actorId: null }, 'workspace.setup', {
    mode: 'empty',
    admin: { name: adminName, title: '中心主任' },
    teamKey: opts.adminTeam ?? 'reporting',
  });
  const admin: Session = { actorId: setup.actor!.id };
  const teamIds = new Map<string, string>();
  for (const t of await base.call(admin, 'teams.list', {})) {
    teamIds.set(t.name, t.id);
    const std = STANDARD_TEAMS.find((s) => s.zh === t.name);
    if (std) teamIds.set(std.key, t.id);
  }
  const personIds = new Map<string, string>([[adminName, admin.actorId!]]);
  const sessionOf = (name: string): Session => ({ actorId: w.id(name) });
  const dateOf = (d: number | string): string => (typeof d === 'number' ? clock.day(d) : d);

  const w: World = {
    ...base,
    clock,
    admin,
    adminName,
    team: (key) => {
      const id = teamIds.get(key);
      if (!id) throw new Error(`no team ${key}`);
      return id;
    },
    teams: async () => {
      const list = await base.call(admin, 'teams.list', {});
      for (const t of list) teamIds.set(t.name, t.id);
      return list;
    },
    person: async (name, spec) => {
      let teamId = teamIds.get(spec.team);
      if (!teamId) {
        await w.teams();
        teamId = w.team(spec.team);
      }
      const p = await base.call(admin, 'people.create', {
        name,
        teamId,
        role: spec.role ?? 'member',
        title: spec.title ?? '',
        skills: spec.skills ?? [],
        capacityHours: spec.capacityHours ?? 40,
        ...(spec.login ? { login: spec.login } : {}),
      });
      personIds.set(name, p.id);
      return p;
    },
    people: async (specs) => {
      const out = {} as Record<string, Person>;
      for (const [name, spec] of Object.entries(specs) as [string, PersonSpec][]) out[name] = await w.person(name, spec);
      return out as never;
    },
    id: (name) => {
      const id = personIds.get(name);
      if (!id) throw new Error(`no person named ${name} in this world`);
      return id;
    },
    as: (name) => sessionOf(name),
    project: async (spec) => {
      const convener = spec.convener ? sessionOf(spec.convener) : admin;
      const detail = await base.call(convener, 'projects.create', {
        name: spec.name,
        startDate: dateOf(spec.start ?? 0),
        endDate: dateOf(spec.end ?? 30),
        keyDates: (spec.keyDates ?? []).map((k) => ({ date: dateOf(k.date), label: k.label ?? '' })),
        platforms: spec.platforms ?? [],
        formats: spec.formats ?? [],
        ...(spec.templateId ? { templateId: spec.templateId } : {}),
      });
      const built: BuiltProject = { id: detail.id, name: detail.name, convener, detail, columns: {} };
      for (const m of spec.members ?? []) await w.addMember(built, m);
      const target = STATUS_STEPS.indexOf(spec.status ?? 'proposed');
      for (let i = 1; i <= target; i++) await base.call(convener, 'projects.setStatus', { id: detail.id, status: STATUS_STEPS[i]! });
      built.detail = await base.call(convener, 'projects.get', { id: detail.id });
      const board = await base.call(convener, 'boards.get', { projectId: detail.id });
      for (const c of board.columns) built.columns[c.name] = c;
      return built;
    },
    addMember: async (project, member, by) => {
      const m = typeof member === 'string' ? { name: member } : member;
      return base.call(by ? sessionOf(by) : project.convener, 'projects.group.add', {
        projectId: project.id,
        personId: w.id(m.name),
        ...(m.role !== undefined ? { role: m.role } : {}),
        ...(m.hoursPerWeek !== undefined ? { hoursPerWeek: m.hoursPerWeek } : {}),
      });
    },
    task: async (project, spec) => {
      let columnId: string | null = null;
      if (spec.column) {
        const col = project.columns[spec.column];
        if (!col) throw new Error(`no column ${spec.column} on ${project.name}`);
        columnId = col.id;
      }
      const dueAt = spec.dueInDays !== undefined ? clock.now() + spec.dueInDays * DAY_MS : (spec.due ?? null);
      return base.call(spec.by ? sessionOf(spec.by) : project.convener, 'tasks.create', {
        projectId: project.id,
        columnId,
        title: spec.title,
        description: spec.description ?? '',
        dueAt,
        priority: spec.priority ?? 'normal',
        estimateHours: spec.estimateHours ?? null,
        labels: spec.labels ?? [],
        assigneeIds: (spec.assignees ?? []).map((n) => w.id(n)),
        deliverableId: spec.deliverableId ?? null,
      });
    },
    publish: async (d, url = `https://example.com/p/${d.id.slice(-8)}`) => {
      if (!d.ownerId) throw new Error(`${d.title} has no owner to submit it`);
      const owner: Session = { actorId: d.ownerId };
      let round = await base.call(owner, 'reviews.submit', { deliverableId: d.id, content: url });
      while (round.status === 'in_review') {
        const reviewer = round.steps[round.currentStep]!.reviewers[0]!;
        round = await base.call({ actorId: reviewer.id }, 'reviews.decide', { roundId: round.id, decision: 'approve', comment: '' });
      }
      if (round.status !== 'approved') throw new Error(`review of ${d.title} ended ${round.status}`);
      return base.call(owner, 'deliverables.update', { id: d.id, status: 'published', publishedUrl: url });
    },
    deliverable: async (project, spec) =>
      base.call(spec.by ? sessionOf(spec.by) : project.convener, 'deliverables.create', {
        projectId: project.id,
        title: spec.title,
        platform: spec.platform ?? 'wechat',
        productForm: spec.productForm ?? 'text_image',
        ownerId: spec.owner ? w.id(spec.owner) : null,
        dueAt: spec.dueAt ?? null,
      }),
  };
  return w;
}
