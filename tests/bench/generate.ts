/**
 * The benchmark dataset: ten years of a county media center, deterministic.
 *
 *   npm run bench:data -- --size full|ci [--out FILE] [--seed N] [--today YYYY-MM-DD]
 *
 * The same seed, size and `--today` give the same database, row for row (ids are
 * UUIDv7 built from the row's own timestamp and the seeded generator). `--today`
 * defaults to the current date in Asia/Shanghai so "this week" and "overdue" are
 * real whenever the dataset is made; it is stored in meta ('bench.today').
 *
 * Rows go through the real schema (all migrations, so the search triggers index
 * every project and task as the app would), in bulk: prepared statements inside
 * transactions of CHUNK rows, synchronous=OFF while generating.
 */
import Database from 'better-sqlite3';
import { existsSync, mkdirSync, renameSync, rmSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { PLATFORM_CODES, PRODUCT_FORM_CODES, STANDARD_TEAMS, type Priority, type Role } from '../../shared/domain';
import { keysBetween } from '../../shared/ordering';
import { addDays, dayStart, localDate } from '../../shared/time';
import { openDatabase, type Db } from '../../main/db/connection';
import { SCHEMA_VERSION } from '../../main/db/migrations';
import { pinyinKeys } from '../../main/core/pinyin';
import { seedBuiltinTemplates } from '../../main/projects/templates-seed';

export type Size = 'full' | 'ci' | 'tiny';

/** Bump when the generator or the schema it fills changes: the bench regenerates older datasets. */
export const GENERATOR_VERSION = `5/schema-${SCHEMA_VERSION}`;

export interface Counts {
  teams: number;
  people: number;
  projects: number;
  tasks: number;
  checklist: number;
  deliverables: number;
  activity: number;
  /** Tasks on the largest project's board (the renderer bench opens it). */
  largestBoard: number;
  /** Tasks on a small board (meta 'bench.board100') and on a very large one (meta 'bench.board5000'), besides the largest. */
  board100: number;
  board5000: number;
}

/** Full: the issue's ten-year center. ci: one tenth of the volumes (the center keeps its 10 teams and 150 staff). */
export const COUNTS: Record<Size, Counts> = {
  full: { teams: 10, people: 150, projects: 3000, tasks: 100_000, checklist: 500_000, deliverables: 20_000, activity: 2_000_000, largestBoard: 1000, board100: 100, board5000: 5000 },
  ci: { teams: 10, people: 150, projects: 300, tasks: 10_000, checklist: 50_000, deliverables: 2_000, activity: 200_000, largestBoard: 1000, board100: 100, board5000: 5000 },
  tiny: { teams: 10, people: 150, projects: 30, tasks: 1_000, checklist: 5_000, deliverables: 200, activity: 2_000, largestBoard: 200, board100: 50, board5000: 400 },
};

export interface GenerateOptions {
  size: Size;
  out: string;
  seed?: number;
  today?: string;
  log?: (line: string) => void;
}

export interface GenerateSummary {
  file: string;
  size: Size;
  seed: number;
  today: string;
  seconds: number;
  rows: Record<string, number>;
  largestProjectId: string;
  board100ProjectId: string;
  board5000ProjectId: string;
  busiestPersonId: string;
}

function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const HEX = '0123456789abcdef';
/** A UUIDv7 from a timestamp and the seeded generator (valid for z.uuid()). */
function uuid7(ms: number, rand: () => number): string {
  let ts = Math.max(0, Math.floor(ms)).toString(16).padStart(12, '0').slice(-12);
  const r = (n: number): string => {
    let s = '';
    for (let i = 0; i < n; i++) s += HEX[Math.floor(rand() * 16)];
    return s;
  };
  ts = `${ts.slice(0, 8)}-${ts.slice(8, 12)}`;
  return `${ts}-7${r(3)}-${HEX[8 + Math.floor(rand() * 4)]}${r(3)}-${r(12)}`;
}

const SURNAMES = '王李张刘陈杨黄赵吴周徐孙马朱胡郭何林罗高郑梁谢宋唐许韩冯邓曹彭曾萧田董潘袁蔡蒋余于杜叶程魏苏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤';
const GIVEN = ['子涵', '欣怡', '梓萱', '一诺', '雨桐', '可馨', '思彤', '若曦', '语嘉', '沐晨', '浩然', '宇轩', '俊熙', '博文', '皓轩', '晟睿', '子墨', '明哲', '天佑', '雅琪', '诗涵', '梦瑶', '晓彤', '锦程', '泽宇', '嘉怡', '佳琪', '振华', '立新', '文静', '海燕', '晓东', '建伟', '丽娟', '志强', '秀英', '春燕', '国庆', '宏伟', '玉兰', '德明', '永红', '慧敏', '少华', '亚楠', '岚', '骁', '静', '磊', '帆'];

const PLACES = ['青溪', '云岭', '白石镇', '桃源街道', '溪口镇', '龙泉村', '东湖新区', '南山', '北岸', '古城'];
const THEMES = ['新春大直播', '运动会融媒报道', '文旅宣传片', '两会专题', '乡村振兴系列报道', '非遗文化周', '招商推介会直播', '防汛应急报道', '开学季专题', '国庆融媒行动', '端午龙舟赛直播', '中秋晚会', '重阳敬老专题', '高考护航报道', '美丽乡村短视频大赛', '消费季H5互动', '全民健身日', '科技周5G直播', '融媒会客厅访谈', '年终盘点'];
const VERBS = ['策划', '拍摄', '剪辑', '撰写', '审核', '设计', '发布', '调试', '联系', '采访', '整理', '包装', '复盘', '统计', '推送', '校对'];
const OBJECTS = ['开幕式直播', '主视觉海报', '预告片', '花絮短视频', '公众号推文', 'H5互动页面', '5G传输方案', '导播台', '嘉宾访谈提纲', '现场连线', '航拍素材', '字幕包装', '抖音话题页', '视频号切条', '微博话题', '报纸版面', '广播口播稿', '数据复盘报告', '舞台包装', '串联单'];
const SENTENCES = [
  '与现场导演确认机位和信号流程，提前一天完成彩排。',
  '海报需要竖版和横版各一张，主色调与主视觉保持一致。',
  '直播期间安排两名技术人员值守，5G背包备用两台。',
  '稿件请在发布前两小时交审核，标题控制在二十字以内。',
  '短视频时长不超过六十秒，首帧要有看点，配中文字幕。',
  '采访对象名单已经发群里，请按时间表逐一联系确认。',
  '素材统一上传到共享盘，按日期和机位命名。',
  '发布后二十四小时内统计各平台阅读量、点赞和转发。',
  '注意天气变化，户外拍摄准备防雨设备。',
  '版面稿件与客户端同步推送，保持口径一致。',
  'H5页面需兼容主流手机浏览器，上线前做压力测试。',
  '广播口播稿控制在九十秒，配合整点新闻播出。',
];
const CHECKLIST = ['确认时间地点', '准备设备清单', '联系采访对象', '完成初稿', '提交审核', '修改定稿', '上传素材', '发布并截图', '统计数据', '归档', '测试信号', '备份素材'];
const LABELS = ['重点', '加急', '外拍', '需审核', '跨部门', '常规'];
const COMMANDS: { command: string; entity: string; verb: string }[] = [
  { command: 'tasks.move', entity: 'task', verb: '移动任务' },
  { command: 'tasks.update', entity: 'task', verb: '修改任务' },
  { command: 'checklist.toggle', entity: 'checklist_item', verb: '勾选清单项' },
  { command: 'tasks.create', entity: 'task', verb: '新建任务' },
  { command: 'comments.add', entity: 'task', verb: '评论任务' },
  { command: 'deliverables.update', entity: 'deliverable', verb: '更新交付物' },
];
const COLUMNS = ['待办', '进行中', '待审核', '已完成'];
const PRIORITIES: Priority[] = ['low', 'normal', 'normal', 'normal', 'high', 'urgent'];

const DAY = 86_400_000;
const CHUNK = 20_000;

/** The generator version a dataset file was made with ('' when unreadable or not a dataset). */
export function datasetVersion(file: string): string {
  try {
    const db = new Database(file, { readonly: true, fileMustExist: true });
    try {
      return db.prepare<[], { value: string }>("SELECT value FROM meta WHERE key = 'bench.generator'").get()?.value ?? '';
    } finally {
      db.close();
    }
  } catch {
    return '';
  }
}

export function defaultOut(size: Size): string {
  return resolve(process.cwd(), '.cache', 'bench', `crewdesk-${size}.sqlite3`);
}

export function generate(opts: GenerateOptions): GenerateSummary {
  const t0 = Date.now();
  const log = opts.log ?? (() => {});
  const counts = COUNTS[opts.size];
  const seed = opts.seed ?? 20_260_101;
  const today = opts.today ?? localDate(Date.now());
  const rand = rng(seed);
  const int = (lo: number, hi: number): number => lo + Math.floor(rand() * (hi - lo + 1));
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)]!;
  const now = dayStart(today) + 10 * 3_600_000;
  const tenYearsAgo = addDays(today, -3652);

  const tmp = `${opts.out}.tmp`;
  mkdirSync(dirname(opts.out), { recursive: true });
  for (const f of [tmp, `${tmp}-wal`, `${tmp}-shm`]) rmSync(f, { force: true });
  const db = openDatabase(tmp);
  db.pragma('synchronous = OFF');
  db.pragma('cache_size = -262144');
  const rows: Record<string, number> = {};
  const bulk = <T>(table: string, sql: string, items: Iterable<T>, bind: (x: T) => unknown[]): void => {
    const stmt = db.prepare(sql);
    let n = 0;
    let batch: T[] = [];
    const flush = db.transaction((xs: T[]) => {
      for (const x of xs) stmt.run(...bind(x));
    });
    for (const x of items) {
      batch.push(x);
      if (batch.length >= CHUNK) {
        flush(batch);
        n += batch.length;
        batch = [];
      }
    }
    flush(batch);
    n += batch.length;
    rows[table] = (rows[table] ?? 0) + n;
  };

  // Teams and people.
  seedBuiltinTemplates(db, now);
  // The built-in templates get random ids; make them the dataset's own (nothing references them yet).
  const renameTemplate = db.prepare('UPDATE templates SET id = ? WHERE id = ?');
  for (const t of db.prepare<[], { id: string }>('SELECT id FROM templates ORDER BY name').all()) renameTemplate.run(uuid7(now, rand), t.id);
  const teams = STANDARD_TEAMS.slice(0, counts.teams).map((t, i) => ({ ...t, id: uuid7(now - 3653 * DAY, rand), sort: i + 1 }));
  bulk('teams', 'INSERT INTO teams (id, name, name_en, description, skills, sort, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)', teams, (t) => [
    t.id, t.zh, t.en, `${t.zh}（基准数据）`, JSON.stringify(t.skills), t.sort, now - 3653 * DAY, now - 3653 * DAY,
  ]);
  const usedNames = new Set<string>();
  const people = Array.from({ length: counts.people }, (_, i) => {
    let name = '';
    do name = pick([...SURNAMES]) + pick(GIVEN);
    while (usedNames.has(name));
    usedNames.add(name);
    const team = teams[i % teams.length]!;
    const role: Role = i === 0 ? 'admin' : i < 5 ? 'manager' : i < 25 ? 'convener' : 'member';
    return { id: uuid7(now - 3600 * DAY + i * 1000, rand), name, team, role, skills: team.skills.slice(0, int(1, team.skills.length)), capacity: pick([40, 40, 40, 32, 20]) };
  });
  bulk(
    'people',
    `INSERT INTO people (id, name, pinyin, pinyin_initials, login, team_id, role, title, skills, capacity_hours, active, created_at, updated_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    people,
    (p) => {
      const k = pinyinKeys(p.name);
      // Names are unique here; the staff number keeps logins unique even where pinyin repeats.
      return [p.id, p.name, k.full, k.initials, `s${String(people.indexOf(p) + 1).padStart(4, '0')}`, p.team.id, p.role, p.role === 'member' ? '编辑' : '负责人', JSON.stringify(p.skills), p.capacity, 1, now - 3600 * DAY, now - 3600 * DAY];
    },
  );
  const conveners = people.filter((p) => p.role !== 'member');
  // A skewed pick: a few people carry much of the work (the busiest one drives "My tasks").
  const busiest = people[25] ?? people[people.length - 1]!;
  const weightedPerson = (): (typeof people)[number] => (rand() < 0.08 ? busiest : people[Math.floor(Math.pow(rand(), 1.6) * people.length)]!);

  bulk(
    'time_off',
    `INSERT INTO time_off (id, person_id, kind, start_date, end_date, hours_per_day, note, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
    (function* () {
      for (const p of people) {
        for (let y = 0; y < 10; y++) {
          for (let k = 0; k < 3; k++) {
            const start = addDays(tenYearsAgo, y * 365 + int(0, 360));
            yield { p, start, end: addDays(start, int(0, 4)), kind: rand() < 0.7 ? 'leave' : 'field' };
          }
        }
      }
    })(),
    (t) => [uuid7(dayStart(t.start), rand), t.p.id, t.kind, t.start, t.end, 8, t.kind === 'leave' ? '年假' : '外派采访', dayStart(t.start)],
  );

  // Projects spread over ten years, a few weeks ahead included.
  interface Proj { id: string; name: string; start: string; end: string; status: string; created: number; columns: string[]; members: (typeof people)[number][]; convener: (typeof people)[number] }
  const projects: Proj[] = [];
  for (let i = 0; i < counts.projects; i++) {
    const start = addDays(tenYearsAgo, Math.floor((i / counts.projects) * 3652) + int(-3, 60));
    const end = addDays(start, int(3, 75));
    const status = start > today ? 'proposed' : end < addDays(today, -365) ? 'archived' : end < today ? 'wrapped' : 'active';
    const created = dayStart(start) - int(1, 20) * DAY;
    const year = Number(start.slice(0, 4));
    const convener = pick(conveners);
    const members = new Set([convener, ...Array.from({ length: int(3, 14) }, weightedPerson)]);
    projects.push({
      id: uuid7(created, rand),
      name: `${year}${pick(PLACES)}${pick(THEMES)}${i % 7 === 0 ? `（第${int(2, 9)}期）` : ''}`,
      start,
      end,
      status,
      created,
      columns: [],
      members: [...members],
      convener,
    });
  }
  // The largest board: the most recent active project (or the last one) gets `largestBoard` tasks.
  const largest = [...projects].reverse().find((p) => p.status === 'active') ?? projects[projects.length - 1]!;
  largest.name = `${today.slice(0, 4)}青溪新春大直播（基准最大看板）`;
  for (const p of people.slice(0, 60)) if (!largest.members.includes(p)) largest.members.push(p);
  if (!largest.members.includes(busiest)) largest.members.push(busiest);
  // Two more boards for the board benches: the next most recent active projects (or recent ones), a 5,000-card one with
  // sixty other people (the busiest person is not on it, so My tasks keeps its load) and a 100-card one.
  const others = [...projects].reverse().filter((p) => p !== largest);
  const byRecency = [...others.filter((p) => p.status === 'active'), ...others.filter((p) => p.status !== 'active')];
  const board5000 = byRecency[0]!;
  const board100 = byRecency[1]!;
  board5000.name = `${today.slice(0, 4)}青溪运动会融媒报道（基准五千卡看板）`;
  board100.name = `${today.slice(0, 4)}青溪非遗文化周（基准百卡看板）`;
  board5000.members = board5000.members.filter((p) => p !== busiest);
  for (const p of people.slice(60, 120)) if (!board5000.members.includes(p) && p !== busiest) board5000.members.push(p);

  bulk(
    'projects',
    `INSERT INTO projects (id, name, content, formats, audience, platforms, brief, convener_id, start_date, end_date, status,
       status_changed_at, status_changed_by, created_by, created_at, updated_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    projects,
    (p) => [
      p.id, p.name, `${pick(SENTENCES)}${pick(SENTENCES)}`,
      JSON.stringify([...new Set([pick(PRODUCT_FORM_CODES), pick(PRODUCT_FORM_CODES)])]),
      pick(['全区群众', '青少年', '在外青溪人', '游客', '企业家', '老年观众']),
      JSON.stringify([...new Set([pick(PLATFORM_CODES), pick(PLATFORM_CODES), pick(PLATFORM_CODES)])]),
      pick(SENTENCES), p.convener.id, p.start, p.end, p.status, p.created, p.convener.id, p.convener.id, p.created, p.created,
    ],
  );
  bulk(
    'project_key_dates',
    'INSERT INTO project_key_dates (id, project_id, date, label) VALUES (?, ?, ?, ?)',
    projects,
    (p) => [uuid7(p.created, rand), p.id, addDays(p.start, Math.max(0, int(0, 10))), pick(['直播日', '彩排', '首发', '截稿'])],
  );
  bulk(
    'project_members',
    'INSERT INTO project_members (id, project_id, person_id, group_role, hours_per_week, created_at) VALUES (?, ?, ?, ?, ?, ?)',
    projects.flatMap((p) => p.members.map((m) => ({ p, m }))),
    ({ p, m }) => [uuid7(p.created, rand), p.id, m.id, m === p.convener ? '总策划' : pick(['文案', '摄像', '直播导播', '技术保障', '剪辑', '设计']), pick([2, 4, 6, 8, 10, 16]), p.created],
  );
  const colKeys = keysBetween(null, null, COLUMNS.length);
  bulk(
    'board_columns',
    'INSERT INTO board_columns (id, project_id, name, position, wip_limit, is_done, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
    projects.flatMap((p) =>
      COLUMNS.map((name, i) => {
        const id = uuid7(p.created, rand);
        p.columns.push(id);
        return { p, id, name, i };
      }),
    ),
    ({ p, id, name, i }) => [id, p.id, name, colKeys[i], i === 1 ? 8 : null, i === 3 ? 1 : 0, p.created, p.created],
  );

  // Deliverables and their daily figures.
  interface Deliv { id: string; project: Proj; published: number | null }
  const delivs: Deliv[] = [];
  bulk(
    'deliverables',
    `INSERT INTO deliverables (id, project_id, title, platform, product_form, owner_id, due_at, status, published_url, published_at,
       expected_views, position, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    (function* () {
      const perProject = Math.max(1, Math.floor(counts.deliverables / counts.projects));
      let made = 0;
      for (const p of projects) {
        const n = p === projects[projects.length - 1] ? counts.deliverables - made : Math.min(perProject, counts.deliverables - made);
        const keys = keysBetween(null, null, Math.max(0, n));
        for (let k = 0; k < n; k++) {
          const due = dayStart(addDays(p.start, int(0, Math.max(0, Math.round((dayStart(p.end) - dayStart(p.start)) / DAY)))));
          const published = due < now && p.status !== 'proposed' && rand() < 0.85 ? due + int(0, 36) * 3_600_000 : null;
          const d: Deliv = { id: uuid7(p.created, rand), project: p, published };
          delivs.push(d);
          yield { d, due, key: keys[k]! };
        }
        made += n;
      }
    })(),
    ({ d, due, key }) => [
      d.id, d.project.id, `${pick(OBJECTS)}（${pick(['抖音', '视频号', '公众号', '客户端', '微博', '电视'])}版）`, pick(PLATFORM_CODES), pick(PRODUCT_FORM_CODES),
      pick(d.project.members).id, due, d.published ? 'published' : pick(['planned', 'in_production', 'in_review']),
      d.published ? `https://example.invalid/qingxi/${d.id}` : null, d.published, int(1, 50) * 1000, key, d.project.created, d.published ?? d.project.created,
    ],
  );
  bulk(
    'deliverable_figures',
    `INSERT INTO deliverable_figures (id, deliverable_id, date, views, likes, shares, comments, source, recorded_by, created_at, updated_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    (function* () {
      for (const d of delivs) {
        if (!d.published) continue;
        const first = localDate(d.published);
        const days = Math.min(14, Math.max(1, Math.round((now - d.published) / DAY)));
        let views = int(500, 20_000);
        for (let k = 0; k < days; k++) {
          yield { d, date: addDays(first, k), views };
          views = Math.round(views * (0.4 + rand() * 0.5));
        }
      }
    })(),
    ({ d, date, views }) => [
      uuid7(dayStart(date), rand), d.id, date, views, Math.round(views * 0.05), Math.round(views * 0.01), Math.round(views * 0.004),
      rand() < 0.7 ? 'import' : 'manual', d.project.convener.id, dayStart(date) + DAY, dayStart(date) + DAY,
    ],
  );

  // Tasks: the largest board first, the rest spread by project.
  interface TaskRef { id: string; project: Proj; created: number }
  const tasks: TaskRef[] = [];
  const fixed: { p: Proj; n: number }[] = [
    { p: largest, n: counts.largestBoard },
    { p: board5000, n: counts.board5000 },
    { p: board100, n: counts.board100 },
  ];
  const fixedTotal = fixed.reduce((a, f) => a + f.n, 0);
  const otherTasks = counts.tasks - fixedTotal;
  const rest = projects.filter((p) => !fixed.some((f) => f.p === p));
  const perProject = rest.map(() => 0.3 + rand());
  const totalW = perProject.reduce((a, b) => a + b, 0);
  const plan: { p: Proj; n: number }[] = [...fixed];
  let planned = fixedTotal;
  rest.forEach((p, i) => {
    const n = i === rest.length - 1 ? counts.tasks - planned : Math.min(counts.tasks - planned, Math.round((perProject[i]! / totalW) * otherTasks));
    plan.push({ p, n });
    planned += n;
  });
  const assignees: { task: string; person: string }[] = [];
  let checklistLeft = counts.checklist;
  const checklistPlan: { task: TaskRef; n: number; done: boolean }[] = [];
  bulk(
    'tasks',
    `INSERT INTO tasks (id, project_id, column_id, title, description, due_at, priority, estimate_hours, position, labels,
       deliverable_id, source_meeting_id, completed_at, created_by, created_at, updated_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    (function* () {
      let made = 0;
      for (const { p, n } of plan) {
        const perCol = [0, 0, 0, 0];
        const cols = Array.from({ length: n }, () => {
          const c = p.status === 'wrapped' || p.status === 'archived' ? 3 : p.status === 'proposed' ? 0 : int(0, 3);
          perCol[c]!++;
          return c;
        });
        const keys = perCol.map((k) => keysBetween(null, null, k));
        const next = [0, 0, 0, 0];
        const span = Math.max(1, Math.round((dayStart(p.end) - dayStart(p.start)) / DAY));
        for (let k = 0; k < n; k++) {
          const c = cols[k]!;
          const created = p.created + int(0, 72) * 3_600_000;
          const due = dayStart(addDays(p.start, int(-2, span))) + int(9, 22) * 3_600_000;
          const t: TaskRef = { id: uuid7(created, rand), project: p, created };
          tasks.push(t);
          const who = new Set([pick(p.members), ...(rand() < 0.3 ? [pick(p.members)] : [])]);
          if (rand() < 0.25 && p.members.includes(busiest)) who.add(busiest);
          for (const w of who) assignees.push({ task: t.id, person: w.id });
          const left = counts.tasks - made - k;
          const nItems = left <= 1 ? checklistLeft : Math.min(checklistLeft, int(0, Math.max(0, Math.round((2 * checklistLeft) / left))));
          checklistLeft -= nItems;
          checklistPlan.push({ task: t, n: nItems, done: c === 3 });
          yield { t, p, c, key: keys[c]![next[c]!++]!, due, done: c === 3 ? Math.min(now, due + int(-48, 24) * 3_600_000) : null };
        }
        made += n;
      }
    })(),
    ({ t, p, c, key, due, done }) => [
      t.id, p.id, p.columns[c], `${pick(VERBS)}${pick(OBJECTS)}`, `${pick(SENTENCES)}${rand() < 0.5 ? pick(SENTENCES) : ''}`, due,
      pick(PRIORITIES), rand() < 0.8 ? int(1, 16) : null, key, JSON.stringify(rand() < 0.4 ? [pick(LABELS)] : []), null, null, done,
      p.convener.id, t.created, done ?? t.created,
    ],
  );
  bulk('task_assignees', 'INSERT INTO task_assignees (task_id, person_id) VALUES (?, ?)', assignees, (a) => [a.task, a.person]);
  bulk(
    'checklist_items',
    `INSERT INTO checklist_items (id, task_id, text, done, position, assignee_id, due_at, done_at, done_by, created_at, updated_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    (function* () {
      for (const { task, n, done } of checklistPlan) {
        const keys = keysBetween(null, null, n);
        for (let k = 0; k < n; k++) {
          const isDone = done || rand() < 0.3;
          yield { task, key: keys[k]!, isDone };
        }
      }
    })(),
    ({ task, key, isDone }) => [
      uuid7(task.created, rand), task.id, pick(CHECKLIST), isDone ? 1 : 0, key, null, null, isDone ? task.created + DAY : null,
      isDone ? task.project.convener.id : null, task.created, isDone ? task.created + DAY : task.created,
    ],
  );

  // Ten years of activity, oldest first.
  const span = now - dayStart(tenYearsAgo);
  bulk(
    'activity_log',
    `INSERT INTO activity_log (id, at, actor_id, command, input, entity_type, entity_id, project_id, summary, before, after)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    (function* () {
      for (let i = 0; i < counts.activity; i++) {
        const at = dayStart(tenYearsAgo) + Math.floor((i / counts.activity) * span) + int(0, 600_000);
        const task = tasks[Math.min(tasks.length - 1, Math.floor((i / counts.activity) * tasks.length) + int(-50, 50))] ?? tasks[0]!;
        yield { at, task, c: pick(COMMANDS), actor: pick(task.project.members) };
      }
    })(),
    ({ at, task, c, actor }) => [
      uuid7(at, rand), at, actor.id, c.command, JSON.stringify({ id: task.id }), c.entity, task.id, task.project.id,
      `${actor.name} ${c.verb}`, JSON.stringify({ position: 'a0' }), JSON.stringify({ position: 'a1' }),
    ],
  );

  const meta = db.prepare('INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)');
  meta.run('bench.generator', GENERATOR_VERSION);
  meta.run('bench.size', opts.size);
  meta.run('bench.seed', String(seed));
  meta.run('bench.today', today);
  meta.run('bench.largestProject', largest.id);
  meta.run('bench.board100', board100.id);
  meta.run('bench.board5000', board5000.id);
  meta.run('bench.busiestPerson', busiest.id);
  rows.search_docs = (db.prepare('SELECT count(*) AS n FROM search_docs').get() as { n: number }).n;
  db.pragma('synchronous = FULL');
  db.pragma('wal_checkpoint(TRUNCATE)');
  db.close();
  for (const f of [opts.out, `${opts.out}-wal`, `${opts.out}-shm`]) rmSync(f, { force: true });
  renameSync(tmp, opts.out);
  for (const f of [`${tmp}-wal`, `${tmp}-shm`]) if (existsSync(f)) rmSync(f, { force: true });
  const seconds = (Date.now() - t0) / 1000;
  log(`generated ${opts.out} (${opts.size}, seed ${seed}, today ${today}) in ${seconds.toFixed(1)} s`);
  return { file: opts.out, size: opts.size, seed, today, seconds, rows, largestProjectId: largest.id, board100ProjectId: board100.id, board5000ProjectId: board5000.id, busiestPersonId: busiest.id };
}

export interface BenchMeta {
  generator: string;
  size: string;
  today: string;
  largestProject: string;
  board100: string;
  board5000: string;
  busiestPerson: string;
}

export function readBenchMeta(db: Db): BenchMeta {
  const get = (k: string): string => (db.prepare<[string], { value: string }>('SELECT value FROM meta WHERE key = ?').get(k)?.value ?? '');
  return {
    generator: get('bench.generator'),
    size: get('bench.size'),
    today: get('bench.today'),
    largestProject: get('bench.largestProject'),
    board100: get('bench.board100'),
    board5000: get('bench.board5000'),
    busiestPerson: get('bench.busiestPerson'),
  };
}
