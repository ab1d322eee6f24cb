import { STANDARD_TEAMS, type DeliverableStatus, type Platform, type Priority, type ProductForm, type Role } from '../../shared/domain';
import { keysBetween } from '../../shared/ordering';
import { addDays, dayStart, localDate, weekStart } from '../../shared/time';
import type { Db } from '../db/connection';
import { newId } from '../core/ids';
import { insertPerson, insertTeam } from '../people';
import { seedBuiltinTemplates } from '../projects/templates-seed';
import { addProjectMember, insertProjectRow, writeGearNeeds, writeKeyDates } from '../projects';
import { insertColumns } from '../boards/columns';
import { insertDeliverable } from '../boards/deliverables';
import { acceptAssignments, insertTask } from '../boards/tasks-core';
import { upsertFigures } from '../figures/import';
import { insertTimeOff } from '../workload/timeoff';
import { snapshotFor } from '../reviews/chains';
import { insertShiftType, planCell } from '../rota';
import { insertBooking, insertGearItem } from '../gear';
import type { GearKind } from '../../shared/gear';
import { insertDecision, insertRound, setRoundState } from '../reviews/rounds';

/**
 * A fictional county media center (青溪区融媒体中心): invented people and
 * projects in the spirit of the brief. Seeded, so the same names, groups and
 * tasks come out every time; dates are laid relative to the week it is created
 * in, so "overdue" and "this week" stay true whenever a demo is made.
 */

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

const SURNAMES = '王李张刘陈杨黄赵吴周徐孙马朱胡郭何林罗高郑梁谢宋唐许韩冯邓曹彭曾萧田董潘袁蔡蒋余于杜叶程魏苏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤';
const GIVEN = '子涵欣怡梓萱一诺依诺雨桐可馨思彤若曦语嘉沐晨浩然宇轩俊熙博文皓轩晟睿子墨明哲天佑雅琪诗涵梦瑶晓彤锦程泽宇嘉怡佳琪振华立新文静海燕晓东建伟丽娟志强秀英春燕国庆宏伟玉兰德明永红慧敏少华亚楠';

/** Key people the demo is built around (and tests sign in as). */
/**
 * The review record of a seeded deliverable, through the reviews' own writes:
 * one in review waits at 初审; an approved or published one carries every signature.
 */
function seedReview(
  db: Db,
  d: { id: string; projectId: string; platform: Platform; ownerId: string; convenerId: string; url: string | null; signedAt: number | null; resent?: boolean },
  now: number,
): void {
  const { steps, empty } = snapshotFor(db, d.projectId, d.platform, d.convenerId, d.ownerId, now);
  if (empty !== null) return;
  const preview = `https://example.com/preview/${d.id.slice(-8)}`;
  const sign = (round: string, upTo: number, from: number) => {
    for (let i = 0; i < upTo; i++) insertDecision(db, { roundId: round, step: i, reviewerId: steps[i]!.reviewerIds[0]!, decision: 'approve', comment: '' }, from + (i + 1) * 3600_000);
  };
  if (d.resent) {
    const at = now - 30 * 3600_000;
    const v1 = insertRound(db, { deliverableId: d.id, content: preview, note: '', steps, submittedBy: d.ownerId }, at);
    sign(v1, 1, at);
    insertDecision(db, { roundId: v1, step: 1, reviewerId: steps[1]!.reviewerIds[0]!, decision: 'send_back', comment: '片尾字幕有错字，请核对嘉宾职务' }, at + 2 * 3600_000);
    setRoundState(db, v1, { status: 'sent_back', currentStep: 1, closed: true }, at + 2 * 3600_000);
    const v2at = now - 8 * 3600_000;
    const v2 = insertRound(db, { deliverableId: d.id, content: `${preview}?v=2`, note: '已改正字幕', steps, submittedBy: d.ownerId }, v2at);
    // Version 2 passed 初审 and waits at 复审 (the review e2e signs 复审 and 终审 by hand).
    sign(v2, 1, v2at);
    setRoundState(db, v2, { status: 'in_review', currentStep: 1, closed: false }, v2at + 2 * 3600_000);
    return;
  }
  const at = d.signedAt ? d.signedAt - 6 * 3600_000 : now - 2 * 3600_000;
  const round = insertRound(db, { deliverableId: d.id, content: d.url ?? preview, note: '', steps, submittedBy: d.ownerId }, at);
  if (!d.signedAt) return;
  sign(round, steps.length, at);
  setRoundState(db, round, { status: 'approved', currentStep: steps.length - 1, closed: true }, at + steps.length * 3600_000);
}

export const DEMO_PEOPLE: { name: string; team: string; role: Role; title: string; skills: string[]; capacity?: number }[] = [
  { name: '周岚', team: 'reporting', role: 'admin', title: '中心主任', skills: ['统筹', '审稿'] },
  { name: '陈思远', team: 'copy', role: 'manager', title: '副主任', skills: ['统筹', '策划'] },
  { name: '何静怡', team: 'newmedia', role: 'manager', title: '总编辑', skills: ['审稿', '数据分析'] },
  { name: '林晓峰', team: 'live', role: 'convener', title: '直播团队负责人', skills: ['直播导播', '现场调度'] },
  { name: '苏雨晴', team: 'copy', role: 'convener', title: '策划主管', skills: ['策划', '文案'] },
  { name: '郭振宇', team: 'shortvideo', role: 'convener', title: '短视频主编', skills: ['短视频策划', '脚本'] },
  { name: '唐若溪', team: 'reporting', role: 'convener', title: '首席记者', skills: ['采访', '新闻写作'] },
  { name: '王小川', team: 'shortvideo', role: 'member', title: '短视频编导', skills: ['短视频剪辑', '脚本'] },
  { name: '宋可欣', team: 'copy', role: 'member', title: '文案编辑', skills: ['文案', '标题'] },
  { name: '马骁', team: 'camera', role: 'member', title: '摄像记者', skills: ['摄像', '航拍'] },
  { name: '钟一鸣', team: 'tech', role: 'member', title: '技术工程师', skills: ['技术保障', '5G传输'] },
  { name: '吕佳宁', team: 'design', role: 'member', title: '美术编辑', skills: ['海报设计', '舞美包装'] },
];

const STAFF_PER_TEAM = 8;

interface Ctx {
  db: Db;
  now: number;
  today: string;
  monday: string;
  rand: () => number;
  pick<T>(xs: readonly T[]): T;
  adminId: string;
  teamIds: Map<string, string>;
  people: { id: string; name: string; team: string; skills: string[] }[];
}

interface DemoTask {
  title: string;
  col: 0 | 1 | 2 | 3;
  /** Days from today (negative = in the past); null = no due date. */
  due: number | null;
  /** Days from this week's Monday instead of today: pins the task to a week whatever the weekday. */
  dueFromMonday?: number;
  priority?: Priority;
  hours?: number;
  checklist?: string[];
  /** How many checklist items are done. */
  done?: number;
  /** Index into the group members for the assignee. */
  who?: number[];
  labels?: string[];
}

interface DemoDeliverable {
  title: string;
  platform: Platform;
  form: ProductForm;
  due: number;
  status: DeliverableStatus;
  expected?: number;
  /** In review with every signature given (ready to publish), or sent back once at 复审 and resubmitted, now at 终审. */
  review?: 'approved' | 'resent';
  owner?: number;
}

interface DemoProject {
  name: string;
  content: string;
  formats: ProductForm[];
  audience: string;
  platforms: Platform[];
  brief: string;
  convener: string;
  start: number;
  end: number;
  status: 'proposed' | 'active' | 'wrapped' | 'archived';
  keyDates: { offset: number; label: string }[];
  /** Teams (keys) and how many from each, with the group role and hours per week. */
  group: { team: string; n: number; role: string; hours: number }[];
  /** Named people to include (by name), with role and hours. */
  named?: { name: string; role: string; hours: number }[];
  tasks: DemoTask[];
  deliverables: DemoDeliverable[];
}

const PROJECTS: DemoProject[] = [
  {
    name: '2027青溪新春大直播',
    content: '除夕当天8小时不间断融媒直播：舞台包装、板块设计、现场调度、5G传输',
    formats: ['live', 'short_video', 'poster', 'text_image'],
    audience: '全区群众及在外青溪人',
    platforms: ['tv', 'app', 'douyin', 'channels', 'wechat'],
    brief: '四十余人的项目组提前一个多月筹备，直播当天多机位、多平台同步。',
    convener: '林晓峰',
    start: -20,
    end: 45,
    status: 'active',
    keyDates: [
      { offset: 38, label: '直播日' },
      { offset: 30, label: '全流程彩排' },
    ],
    named: [
      { name: '林晓峰', role: '总策划', hours: 16 },
      { name: '钟一鸣', role: '技术保障', hours: 20 },
      { name: '马骁', role: '摄像', hours: 20 },
      { name: '吕佳宁', role: '舞美包装', hours: 12 },
      { name: '宋可欣', role: '文案', hours: 10 },
    ],
    group: [
      { team: 'live', n: 6, role: '直播导播', hours: 16 },
      { team: 'camera', n: 6, role: '摄像', hours: 14 },
      { team: 'tech', n: 5, role: '技术保障', hours: 12 },
      { team: 'post', n: 4, role: '后期包装', hours: 10 },
      { team: 'design', n: 4, role: '舞美包装', hours: 8 },
      { team: 'copy', n: 4, role: '文案', hours: 8 },
      { team: 'audio', n: 4, role: '主持', hours: 8 },
      { team: 'newmedia', n: 4, role: '新媒体分发', hours: 6 },
      { team: 'reporting', n: 4, role: '现场记者', hours: 8 },
    ],
    tasks: [
      { title: '确定直播板块与串联单', col: 1, due: -3, priority: 'urgent', hours: 12, checklist: ['开场板块', '乡村春晚连线', '非遗展示', '零点倒计时'], done: 2, who: [0, 4] },
      { title: '5G传输链路测试', col: 1, due: 2, priority: 'high', hours: 10, checklist: ['主会场背包测试', '分会场链路', '备份线路'], done: 1, who: [1] },
      { title: '舞台包装设计稿', col: 2, due: -1, priority: 'high', hours: 16, checklist: ['主视觉', '角标', '字幕条'], done: 3, who: [3] },
      { title: '机位图与摄像分工', col: 0, due: 5, hours: 6, checklist: ['主舞台机位', '游走机位', '航拍'], who: [2] },
      { title: '预热海报（倒计时7天）', col: 0, due: 24, hours: 8, checklist: ['海报文案', '设计', '审核'], who: [3, 4] },
      { title: '主持人口播稿', col: 0, due: 20, hours: 6, who: [4] },
      { title: '应急预案演练', col: 0, due: 28, priority: 'high', hours: 6, checklist: ['断电', '断网', '嘉宾迟到'], who: [1, 0] },
      { title: '场地勘察', col: 3, due: -10, hours: 4, checklist: ['主会场', '分会场'], done: 2, who: [0, 2] },
      // Next Wednesday, on 马骁 who is over capacity next week: the workload screen's example of a task to hand to a free colleague.
      { title: '分会场航拍素材采集', col: 0, due: null, dueFromMonday: 9, priority: 'high', hours: 8, checklist: ['航线规划', '试飞'], who: [2] },
    ],
    deliverables: [
      { title: '除夕8小时融媒直播（电视+客户端）', platform: 'tv', form: 'live', due: 38, status: 'in_production', expected: 2_000_000 },
      { title: '直播客户端同步流', platform: 'app', form: 'live', due: 38, status: 'in_production', expected: 500_000 },
      { title: '倒计时预热海报', platform: 'wechat', form: 'poster', due: 31, status: 'planned', expected: 50_000 },
      { title: '直播精彩切片', platform: 'douyin', form: 'short_video', due: 39, status: 'planned', expected: 1_000_000 },
      { title: '直播预告短视频', platform: 'channels', form: 'short_video', due: 30, status: 'planned', expected: 200_000 },
    ],
  },
  {
    name: '全国县级融媒体发展大会报道',
    content: '大会五天：开幕式、专家讲座、圆桌论坛，视频与图文直播',
    formats: ['live', 'text_image', 'short_video', 'poster'],
    audience: '全国媒体同行、区内干部群众',
    platforms: ['app', 'wechat', 'weibo', 'douyin', 'channels'],
    brief: '抽调最强力量，五天内多平台发布300+条稿件。',
    convener: '唐若溪',
    start: -7,
    end: 14,
    status: 'active',
    keyDates: [
      { offset: 3, label: '开幕式' },
      { offset: 5, label: '圆桌论坛' },
    ],
    named: [
      { name: '唐若溪', role: '总策划', hours: 20 },
      { name: '宋可欣', role: '文案', hours: 16 },
      { name: '马骁', role: '摄像', hours: 16 },
      { name: '王小川', role: '短视频编导', hours: 14 },
    ],
    group: [
      { team: 'reporting', n: 4, role: '记者', hours: 16 },
      { team: 'camera', n: 3, role: '摄像', hours: 14 },
      { team: 'live', n: 3, role: '直播导播', hours: 12 },
      { team: 'newmedia', n: 3, role: '新媒体分发', hours: 10 },
      { team: 'post', n: 2, role: '剪辑', hours: 10 },
    ],
    tasks: [
      { title: '开幕式图文直播', col: 0, due: 3, priority: 'urgent', hours: 10, checklist: ['开幕致辞要点', '现场图片', '快讯三条'], who: [0, 1] },
      { title: '专家讲座短视频金句', col: 0, due: 4, priority: 'high', hours: 8, checklist: ['素材挑选', '剪辑', '字幕'], who: [3] },
      { title: '圆桌论坛视频直播', col: 0, due: 5, priority: 'high', hours: 12, who: [2] },
      { title: '大会采访提纲', col: 1, due: -1, priority: 'high', hours: 6, checklist: ['嘉宾名单', '问题清单', '预约'], done: 1, who: [0] },
      { title: '大会报道总体方案', col: 3, due: -5, hours: 6, checklist: ['分工表', '发布节奏'], done: 2, who: [0] },
      { title: '每日综述稿', col: 0, due: 7, hours: 8, who: [1] },
    ],
    deliverables: [
      { title: '开幕式视频直播', platform: 'app', form: 'live', due: 3, status: 'in_production', expected: 300_000 },
      { title: '开幕式图文快讯', platform: 'wechat', form: 'text_image', due: 3, status: 'planned', expected: 80_000 },
      { title: '大会金句短视频', platform: 'douyin', form: 'short_video', due: 4, status: 'in_review', review: 'approved', expected: 500_000 },
      { title: '大会倒计时海报', platform: 'weibo', form: 'poster', due: -2, status: 'published', expected: 30_000 },
    ],
  },
  {
    name: '“青溪山水”文旅短视频三部曲',
    content: '文旅宣传短视频三连发：预告片、正片、幕后花絮',
    formats: ['short_video', 'poster'],
    audience: '全国短视频用户、潜在游客',
    platforms: ['douyin', 'channels', 'weibo'],
    brief: '三条视频分三次发布，目标总播放量破亿。',
    convener: '郭振宇',
    start: -30,
    end: 10,
    status: 'active',
    keyDates: [
      { offset: -14, label: '预告片发布' },
      { offset: 2, label: '正片发布' },
    ],
    named: [
      { name: '郭振宇', role: '总策划', hours: 16 },
      { name: '王小川', role: '短视频编导', hours: 20 },
      { name: '马骁', role: '航拍', hours: 12 },
    ],
    group: [
      { team: 'shortvideo', n: 3, role: '短视频编导', hours: 14 },
      { team: 'camera', n: 2, role: '摄像', hours: 12 },
      { team: 'post', n: 3, role: '剪辑', hours: 14 },
      { team: 'newmedia', n: 2, role: '抖音运营', hours: 8 },
    ],
    tasks: [
      { title: '正片精剪', col: 1, due: -2, priority: 'urgent', hours: 16, checklist: ['粗剪审看', '调色', '配乐', '字幕'], done: 2, who: [1] },
      { title: '正片发布文案与话题', col: 0, due: 1, priority: 'high', hours: 4, checklist: ['标题三选一', '话题标签', '发布时间'], who: [0] },
      { title: '幕后花絮素材整理', col: 0, due: 6, hours: 8, who: [1, 2] },
      { title: '预告片复盘', col: 2, due: -4, hours: 3, checklist: ['播放数据', '评论分析'], done: 1, who: [0] },
      { title: '航拍补拍（山顶日出）', col: 3, due: -8, hours: 6, checklist: ['天气确认', '航拍许可'], done: 2, who: [2] },
    ],
    deliverables: [
      { title: '预告片', platform: 'douyin', form: 'short_video', due: -14, status: 'published', expected: 5_000_000 },
      { title: '正片', platform: 'douyin', form: 'short_video', due: 2, status: 'in_review', expected: 50_000_000 },
      { title: '正片（视频号版）', platform: 'channels', form: 'short_video', due: 2, status: 'in_production', expected: 10_000_000 },
      { title: '幕后花絮', platform: 'weibo', form: 'short_video', due: 9, status: 'planned', expected: 2_000_000 },
    ],
  },
  {
    name: '开年主题系列报道·融媒会客厅',
    content: '全平台开设专栏，融媒会客厅访谈十余位镇街和部门负责人',
    formats: ['interview', 'series', 'short_video', 'poster', 'text_image'],
    audience: '全区干部群众',
    platforms: ['tv', 'wechat', 'app', 'channels', 'newspaper'],
    brief: '图文、短视频、海报、公众号推文多形态呈现。',
    convener: '苏雨晴',
    start: -40,
    end: 20,
    status: 'active',
    keyDates: [{ offset: 7, label: '第六期录制' }],
    named: [
      { name: '苏雨晴', role: '总策划', hours: 14 },
      { name: '宋可欣', role: '文案', hours: 12 },
      { name: '吕佳宁', role: '海报设计', hours: 10 },
    ],
    group: [
      { team: 'reporting', n: 3, role: '记者', hours: 10 },
      { team: 'audio', n: 2, role: '主持', hours: 8 },
      { team: 'camera', n: 2, role: '摄像', hours: 8 },
      { team: 'post', n: 2, role: '剪辑', hours: 8 },
    ],
    tasks: [
      { title: '第四期访谈成片审核', col: 2, due: -6, priority: 'high', hours: 4, checklist: ['内容审核', '字幕校对'], done: 1, who: [0] },
      { title: '第五期嘉宾沟通', col: 0, due: -3, priority: 'high', hours: 3, who: [1] },
      { title: '第五期访谈提纲', col: 0, due: 2, hours: 4, checklist: ['背景资料', '问题设计'], who: [1] },
      { title: '系列海报（第四、五期）', col: 1, due: 4, hours: 8, checklist: ['第四期海报', '第五期海报'], done: 1, who: [2] },
      { title: '专栏页面上线', col: 3, due: -30, hours: 6, done: 0, who: [0] },
      { title: '第六期演播室预约', col: 0, due: 5, hours: 1, who: [0] },
    ],
    deliverables: [
      { title: '会客厅第一期', platform: 'tv', form: 'interview', due: -32, status: 'published', expected: 100_000 },
      { title: '会客厅第二期', platform: 'tv', form: 'interview', due: -25, status: 'published', expected: 100_000 },
      { title: '会客厅第三期', platform: 'channels', form: 'short_video', due: -18, status: 'in_review', review: 'resent', expected: 80_000 },
      { title: '会客厅第四期', platform: 'tv', form: 'interview', due: -11, status: 'in_production', expected: 100_000 },
      { title: '第五期推文', platform: 'wechat', form: 'text_image', due: 3, status: 'planned', expected: 30_000 },
      { title: '系列海报', platform: 'wechat', form: 'poster', due: 4, status: 'planned', expected: 20_000 },
      { title: '专栏合集（报纸版）', platform: 'newspaper', form: 'series', due: 18, status: 'planned' },
    ],
  },
  {
    name: '暖心故事《雨夜送考》追踪报道',
    content: '突发暖心新闻首发公众号后被多家央媒转载，跟进后续报道',
    formats: ['text_image', 'short_video'],
    audience: '全国网民',
    platforms: ['wechat', 'weibo', 'douyin'],
    brief: '首发后冲上微博热搜，话题阅读量3亿+。',
    convener: '唐若溪',
    start: -25,
    end: -5,
    status: 'wrapped',
    keyDates: [{ offset: -24, label: '首发' }],
    named: [{ name: '唐若溪', role: '总策划', hours: 0 }],
    group: [
      { team: 'reporting', n: 2, role: '记者', hours: 0 },
      { team: 'newmedia', n: 2, role: '新媒体分发', hours: 0 },
    ],
    tasks: [
      { title: '首发稿件', col: 3, due: -24, priority: 'urgent', hours: 4, checklist: ['核实', '采写', '审核'], done: 3, who: [0] },
      { title: '后续采访', col: 3, due: -20, hours: 6, checklist: ['当事人', '学校'], done: 2, who: [1] },
    ],
    deliverables: [
      { title: '首发推文', platform: 'wechat', form: 'text_image', due: -24, status: 'published', expected: 100_000 },
      { title: '微博话题', platform: 'weibo', form: 'text_image', due: -23, status: 'published', expected: 1_000_000 },
      { title: '短视频还原', platform: 'douyin', form: 'short_video', due: -22, status: 'published', expected: 2_000_000 },
    ],
  },
  {
    name: '区第十届运动会融媒报道',
    content: '运动会开幕式直播、赛事快讯与短视频集锦',
    formats: ['live', 'short_video', 'text_image'],
    audience: '全区群众',
    platforms: ['app', 'channels', 'wechat'],
    brief: '',
    convener: '林晓峰',
    start: -3,
    end: 25,
    status: 'active',
    keyDates: [
      { offset: 3, label: '开幕式' },
      { offset: 38, label: '' },
    ],
    named: [
      { name: '林晓峰', role: '总策划', hours: 8 },
      { name: '王小川', role: '短视频编导', hours: 10 },
      { name: '马骁', role: '摄像', hours: 10 },
    ],
    group: [
      { team: 'live', n: 2, role: '直播导播', hours: 10 },
      { team: 'camera', n: 2, role: '摄像', hours: 10 },
      { team: 'reporting', n: 2, role: '记者', hours: 8 },
    ],
    tasks: [
      { title: '开幕式直播方案', col: 1, due: 1, priority: 'high', hours: 8, checklist: ['机位', '解说', '推流'], done: 1, who: [0] },
      { title: '赛事快讯模板', col: 0, due: 2, hours: 3, who: [5] },
      { title: '集锦短视频', col: 0, due: 10, hours: 10, who: [1] },
    ],
    deliverables: [
      { title: '开幕式直播', platform: 'app', form: 'live', due: 3, status: 'planned', expected: 100_000 },
      { title: '赛事集锦', platform: 'channels', form: 'short_video', due: 12, status: 'planned', expected: 80_000 },
    ],
  },
  {
    name: '年终盘点H5《青溪这一年》',
    content: '互动H5回顾全年大事',
    formats: ['h5', 'poster'],
    audience: '全区群众',
    platforms: ['wechat', 'app'],
    brief: '待编委会确认选题。',
    convener: '苏雨晴',
    start: 14,
    end: 40,
    status: 'proposed',
    keyDates: [{ offset: 36, label: '上线' }],
    named: [{ name: '苏雨晴', role: '总策划', hours: 4 }],
    group: [
      { team: 'tech', n: 2, role: 'H5开发', hours: 6 },
      { team: 'design', n: 1, role: '美编', hours: 6 },
    ],
    tasks: [{ title: '全年大事梳理', col: 0, due: 20, hours: 8, who: [0] }],
    deliverables: [{ title: '年终H5', platform: 'wechat', form: 'h5', due: 36, status: 'planned', expected: 100_000 }],
  },
  {
    name: '秋收助农直播',
    content: '秋收季节助农直播带货',
    formats: ['live', 'short_video'],
    audience: '全国网民',
    platforms: ['douyin', 'channels'],
    brief: '',
    convener: '郭振宇',
    start: -70,
    end: -45,
    status: 'archived',
    keyDates: [{ offset: -50, label: '直播日' }],
    named: [{ name: '郭振宇', role: '总策划', hours: 0 }],
    group: [{ team: 'live', n: 2, role: '直播导播', hours: 0 }],
    tasks: [{ title: '直播复盘', col: 3, due: -46, hours: 2, who: [0] }],
    deliverables: [{ title: '助农直播', platform: 'douyin', form: 'live', due: -50, status: 'published', expected: 300_000 }],
  },
];

const COLUMNS = ['待办', '进行中', '待审核', '已完成'];

export function createDemoWorkspace(db: Db, now: number): { adminId: string } {
  const rand = rng(20270206);
  const today = localDate(now);
  const ctx: Ctx = {
    db,
    now,
    today,
    monday: weekStart(today),
    rand,
    pick: (xs) => xs[Math.floor(rand() * xs.length)]!,
    adminId: '',
    teamIds: new Map(),
    people: [],
  };
  STANDARD_TEAMS.forEach((t, i) => {
    const team = insertTeam(db, { name: t.zh, nameEn: t.en, description: '', skills: t.skills, sort: i + 1 }, now);
    ctx.teamIds.set(t.key, team.id);
  });
  seedBuiltinTemplates(db, now);
  const used = new Set<string>(DEMO_PEOPLE.map((p) => p.name));
  for (const p of DEMO_PEOPLE) {
    const person = insertPerson(
      db,
      { name: p.name, teamId: ctx.teamIds.get(p.team)!, role: p.role, title: p.title, skills: p.skills, capacityHours: p.capacity ?? 40 },
      now,
    );
    if (p.role === 'admin') ctx.adminId = person.id;
    ctx.people.push({ id: person.id, name: p.name, team: p.team, skills: p.skills });
  }
  for (const t of STANDARD_TEAMS) {
    const have = ctx.people.filter((p) => p.team === t.key).length;
    for (let i = have; i < STAFF_PER_TEAM; i++) {
      let name = '';
      do {
        const givenLen = rand() < 0.35 ? 1 : 2;
        const start = Math.floor(rand() * (GIVEN.length - givenLen));
        name = ctx.pick([...SURNAMES]) + GIVEN.slice(start, start + givenLen);
      } while (used.has(name));
      used.add(name);
      const skills = t.skills.filter(() => rand() < 0.6);
      if (!skills.length) skills.push(t.skills[0]!);
      const title = i === 1 && have === 0 ? `${t.zh.replace('团队', '')}组长` : '';
      const role: Role = title ? 'manager' : 'member';
      const capacity = rand() < 0.15 ? 32 : 40;
      const person = insertPerson(db, { name, teamId: ctx.teamIds.get(t.key)!, role, title, skills, capacityHours: capacity }, now);
      ctx.people.push({ id: person.id, name, team: t.key, skills });
    }
  }
  // A field assignment and a leave, so capacity is not the same for everyone.
  const leaveTaker = ctx.people.find((p) => p.team === 'post' && !DEMO_PEOPLE.some((d) => d.name === p.name))!;
  insertTimeOff(db, { personId: leaveTaker.id, kind: 'leave', startDate: addDays(ctx.monday, 7), endDate: addDays(ctx.monday, 11), hoursPerDay: 8, note: '年假' }, now);
  const fieldWorker = ctx.people.find((p) => p.name === '钟一鸣')!;
  insertTimeOff(db, { personId: fieldWorker.id, kind: 'field', startDate: addDays(ctx.monday, 14), endDate: addDays(ctx.monday, 16), hoursPerDay: 8, note: '外派市台支援' }, now);

  for (const p of PROJECTS) seedProject(ctx, p);
  seedRota(ctx);
  seedGear(ctx);
  return { adminId: ctx.adminId };
}

/**
 * The center's shifts and this week's rota: 值班主编 by the two deputy heads in
 * turn, 早班 and 晚班 by the new-media desk. Next week is left for the
 * manager to plan.
 */
function seedRota(c: Ctx): void {
  const shift = (name: string, start: number, end: number) => insertShiftType(c.db, { name, startMin: start * 60, endMin: end * 60 }, c.now);
  const early = shift('早班', 7, 15);
  const late = shift('晚班', 15, 23);
  shift('夜班', 23, 7);
  const editor = shift('值班主编', 8, 22);
  const editors = ['陈思远', '何静怡'].map((n) => c.people.find((p) => p.name === n)!.id);
  const desk = c.people.filter((p) => p.team === 'newmedia' && !DEMO_PEOPLE.some((d) => d.name === p.name)).map((p) => p.id);
  for (let i = 0; i < 7; i++) {
    const date = addDays(c.monday, i);
    planCell(c.db, date, editor, [editors[i % 2]!], c.now);
    planCell(c.db, date, early, [desk[i % desk.length]!], c.now);
    planCell(c.db, date, late, [desk[(i + 1) % desk.length]!], c.now);
  }
}

/**
 * The center's equipment and vehicles (invented names and plates) and a few bookings of the
 * running projects this week; one drone is in for repair. Through main/gear's own functions,
 * so every booking passes the clash rules.
 */
function seedGear(c: Ctx): void {
  const team = (key: string): string | null => c.teamIds.get(key) ?? null;
  const H = 3600_000;
  const item = (kind: GearKind, name: string, quantity: number, teamKey: string | null, note = '', repair: { start: number; end: number; note: string } | null = null) =>
    insertGearItem(c.db, { kind, name, quantity, teamId: teamKey ? team(teamKey) : null, note, repair }, c.now);
  const at = (days: number, hour: number): number => dayStart(addDays(c.today, days)) + hour * H;
  const kit1 = item('live_kit', '直播包一号', 1, 'live', '四路编码，含备用电池');
  item('live_kit', '直播包二号', 1, 'live');
  const backpack = item('backpack_5g', '5G背包', 2, 'tech', '双卡聚合');
  const camera = item('camera', '4K摄像机', 4, 'camera');
  item('camera', '运动相机', 3, 'camera');
  item('drone', '无人机一号', 1, 'camera');
  item('drone', '无人机二号', 1, 'camera', '', { start: at(-2, 9), end: at(3, 18), note: '云台校准，返厂维修' });
  const mics = item('microphone', '无线话筒', 6, 'radio');
  item('lighting', '便携补光灯', 4, 'camera');
  const van = item('vehicle', '采访车（青A·0321）', 1, null, '七座，可载直播设备');
  item('vehicle', '转播车', 1, 'live');
  const studio = item('studio', '融媒演播室', 1, 'live', '会客厅录制优先');
  const project = (name: string): { id: string; convener: string } =>
    c.db.prepare<[string], { id: string; convener: string }>('SELECT id, convener_id AS convener FROM projects WHERE name = ?').get(name)!;
  const book = (itemId: string, p: { id: string; convener: string }, start: number, end: number, quantity = 1, note = '') =>
    insertBooking(c.db, { itemId, projectId: p.id, taskId: null, start, end, quantity, note, bookedBy: p.convener }, c.now);
  const conf = project('全国县级融媒体发展大会报道');
  const salon = project('开年主题系列报道·融媒会客厅');
  const games = project('区第十届运动会融媒报道');
  book(kit1, conf, at(1, 8), at(1, 18), 1, '开幕式直播');
  book(backpack, conf, at(1, 8), at(2, 18), 2);
  book(camera, conf, at(1, 7), at(3, 20), 3);
  book(mics, conf, at(1, 8), at(1, 12), 4, '圆桌论坛');
  book(van, conf, at(0, 7), at(1, 20));
  book(studio, salon, at(2, 14), at(2, 17), 1, '会客厅第五期录制');
  book(camera, salon, at(2, 13), at(2, 18), 1);
  book(van, games, at(2, 7), at(2, 19), 1, '场馆踩点');
  // What the conference coverage needs: one live kit short (a second venue's link), the rest booked.
  writeGearNeeds(c.db, conf.id, [
    { kind: 'live_kit', count: 2, note: '主会场、分会场各一路' },
    { kind: 'backpack_5g', count: 2, note: '' },
    { kind: 'vehicle', count: 1, note: '' },
  ], c.now);
}

function seedProject(c: Ctx, p: DemoProject): void {
  const { db, now, today } = c;
  const convener = c.people.find((x) => x.name === p.convener)!;
  // Every row goes in through its owner's functions, as a command would write it.
  const id = insertProjectRow(db, {
    name: p.name, content: p.content, formats: p.formats, audience: p.audience, platforms: p.platforms, brief: p.brief,
    convenerId: convener.id, startDate: addDays(today, p.start), endDate: addDays(today, p.end), status: p.status,
  }, convener.id, now);
  writeKeyDates(db, id, p.keyDates.filter((k) => k.label).map((k) => ({ date: addDays(today, k.offset), label: k.label })));
  const members: { id: string }[] = [];
  const addMember = (personId: string, role: string, hours: number): void => {
    if (members.some((m) => m.id === personId)) return;
    addProjectMember(db, { projectId: id, personId, groupRole: role, hoursPerWeek: hours }, now);
    members.push({ id: personId });
  };
  for (const n of p.named ?? []) addMember(c.people.find((x) => x.name === n.name)!.id, n.role, n.hours);
  for (const g of p.group) {
    const pool = c.people.filter((x) => x.team === g.team && !members.some((m) => m.id === x.id));
    // Deterministic but varied: rotate the pool by a seeded offset.
    const off = Math.floor(c.rand() * pool.length);
    for (let i = 0; i < g.n && i < pool.length; i++) addMember(pool[(off + i) % pool.length]!.id, g.role, g.hours);
  }

  const colIds = insertColumns(db, id, COLUMNS.map((name, i) => ({ name, wipLimit: i === 1 ? 6 : null, isDone: i === 3 })), now).map((col) => col.id);

  const delivKeys = keysBetween(null, null, p.deliverables.length);
  const delivIds: string[] = [];
  p.deliverables.forEach((d, i) => {
    const due = dayStart(addDays(today, d.due)) + 18 * 3600_000;
    const owner = members[(d.owner ?? i) % members.length]!.id;
    const publishedAt = d.status === 'published' ? Math.min(due, now - 3600_000) : null;
    const did = newId();
    delivIds.push(did);
    insertDeliverable(db, {
      id: did, projectId: id, title: d.title, platform: d.platform, productForm: d.form, ownerId: owner, dueAt: due, status: d.status,
      publishedUrl: publishedAt ? `https://example.com/qingxi/${did.slice(-8)}` : null, publishedAt, expectedViews: d.expected ?? null, position: delivKeys[i],
    }, now);
    if (publishedAt) seedFigures(c, did, publishedAt, d.expected ?? 10_000);
    if (d.status === 'in_review' || d.status === 'published') {
      seedReview(db, { id: did, projectId: id, platform: d.platform, ownerId: owner, convenerId: convener.id, url: publishedAt ? `https://example.com/qingxi/${did.slice(-8)}` : null, signedAt: publishedAt ?? (d.review === 'approved' ? now - 3600_000 : null), resent: d.review === 'resent' }, now);
    }
  });

  const perCol = new Map<number, string[]>();
  p.tasks.forEach((t) => perCol.set(t.col, [...(perCol.get(t.col) ?? []), t.title]));
  const keyOf = new Map<string, string>();
  for (const [col, titles] of perCol) {
    const keys = keysBetween(null, null, titles.length);
    titles.forEach((title, i) => keyOf.set(`${col}:${title}`, keys[i]!));
  }
  p.tasks.forEach((t, ti) => {
    const dueDay = t.dueFromMonday !== undefined ? addDays(c.monday, t.dueFromMonday) : t.due === null ? null : addDays(today, t.due);
    const due = dueDay === null ? null : dayStart(dueDay) + 17 * 3600_000 + 30 * 60_000;
    const done = t.col === 3;
    const deliverableId = ti < delivIds.length && c.rand() < 0.5 ? delivIds[ti]! : null;
    insertTask(db, {
      projectId: id, columnId: colIds[t.col]!, title: t.title, dueAt: due, priority: t.priority ?? 'normal', estimateHours: t.hours ?? null,
      position: keyOf.get(`${t.col}:${t.title}`)!, labels: t.labels ?? [], deliverableId, completedAt: done ? Math.min(now, due ?? now) : null,
      assigneeIds: (t.who ?? [0]).map((w) => members[w % members.length]!.id),
      checklist: (t.checklist ?? []).map((text, i) => ({ text, done: done || i < (t.done ?? 0) ? { at: now, by: convener.id } : null })),
    }, convener.id, now);
  });
  // The demo's work is under way: its people accepted what they were given (派单确认 shows on new assignments).
  acceptAssignments(db, id, now);
}

function seedFigures(c: Ctx, deliverableId: string, publishedAt: number, expected: number): void {
  const start = localDate(publishedAt);
  const days = Math.min(7, Math.max(1, Math.round((dayStart(c.today) - dayStart(start)) / 86_400_000)));
  for (let d = 0; d < days; d++) {
    const share = d === 0 ? 0.45 : 0.55 / days;
    const views = Math.round(expected * share * (0.6 + c.rand() * 0.9));
    upsertFigures(c.db, {
      deliverableId, date: addDays(start, d), source: 'manual',
      figures: { views, likes: Math.round(views * 0.04), shares: Math.round(views * 0.01), comments: Math.round(views * 0.005) },
    }, c.adminId || null, c.now, newId());
  }
}
