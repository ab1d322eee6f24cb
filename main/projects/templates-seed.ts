import { DEFAULT_COLUMNS, type TemplatePayload } from '../../shared/templates';
import type { Db } from '../db/connection';
import { newId } from '../core/ids';

/** Built-in templates, modeled on the center's real projects in the brief. */
export const BUILTIN_TEMPLATES: { name: string; description: string; payload: TemplatePayload }[] = [
  {
    name: '大型直播',
    description: '如新春大直播：40余人、筹备一个多月、8小时不间断直播',
    payload: {
      content: '大型融媒直播：舞台包装、板块设计、现场调度、5G传输',
      formats: ['live', 'short_video', 'poster'],
      platforms: ['tv', 'app', 'douyin', 'channels'],
      audience: '全区群众',
      durationDays: 45,
      keyDates: [
        { offsetDays: 35, label: '彩排' },
        { offsetDays: 40, label: '直播日' },
      ],
      roles: [
        { team: '直播团队', role: '直播导播', count: 4, hoursPerWeek: 16, skill: '直播导播' },
        { team: '摄影摄像团队', role: '摄像', count: 4, hoursPerWeek: 14, skill: '摄像' },
        { team: '技术研发团队', role: '技术保障', count: 3, hoursPerWeek: 12, skill: '技术保障' },
        { team: '美编设计团队', role: '舞美包装', count: 2, hoursPerWeek: 10, skill: '舞美包装' },
        { team: '文案团队', role: '文案', count: 2, hoursPerWeek: 8, skill: '文案' },
        { team: '后期剪辑团队', role: '后期包装', count: 2, hoursPerWeek: 10, skill: '包装' },
        { team: '新媒体运营团队', role: '新媒体分发', count: 2, hoursPerWeek: 6 },
      ],
      columns: DEFAULT_COLUMNS,
      deliverables: [
        { title: '直播（电视）', platform: 'tv', form: 'live', offsetDays: 40 },
        { title: '直播（客户端）', platform: 'app', form: 'live', offsetDays: 40 },
        { title: '预热海报', platform: 'wechat', form: 'poster', offsetDays: 33 },
        { title: '精彩切片', platform: 'douyin', form: 'short_video', offsetDays: 41 },
      ],
      tasks: [
        { title: '确定板块与串联单', offsetDays: 14, estimateHours: 12, checklist: ['板块设计', '时长分配', '嘉宾确认'] },
        { title: '传输链路测试', offsetDays: 28, estimateHours: 10, checklist: ['主链路', '备份链路'] },
        { title: '舞台包装设计', offsetDays: 21, estimateHours: 16, checklist: ['主视觉', '角标', '字幕条'] },
        { title: '机位图与分工', offsetDays: 25, estimateHours: 6, checklist: ['机位图', '通话系统'] },
        { title: '应急预案演练', offsetDays: 35, estimateHours: 6, checklist: ['断电', '断网'] },
      ],
    },
  },
  {
    name: '会议报道',
    description: '如全国新媒体大会：5天，开幕式、专家讲座、圆桌直播，多平台300+条',
    payload: {
      content: '大型会议全程报道：视频与图文直播、快讯、综述',
      formats: ['live', 'text_image', 'short_video', 'poster'],
      platforms: ['app', 'wechat', 'weibo', 'douyin'],
      audience: '媒体同行与区内群众',
      durationDays: 14,
      keyDates: [{ offsetDays: 7, label: '开幕式' }],
      roles: [
        { team: '采访记者团队', role: '记者', count: 4, hoursPerWeek: 16, skill: '采访' },
        { team: '摄影摄像团队', role: '摄像', count: 3, hoursPerWeek: 14 },
        { team: '直播团队', role: '直播导播', count: 2, hoursPerWeek: 12 },
        { team: '新媒体运营团队', role: '新媒体分发', count: 2, hoursPerWeek: 10 },
      ],
      columns: DEFAULT_COLUMNS,
      deliverables: [
        { title: '开幕式视频直播', platform: 'app', form: 'live', offsetDays: 7 },
        { title: '图文快讯', platform: 'wechat', form: 'text_image', offsetDays: 7 },
        { title: '金句短视频', platform: 'douyin', form: 'short_video', offsetDays: 8 },
      ],
      tasks: [
        { title: '报道总体方案', offsetDays: 2, estimateHours: 6, checklist: ['分工表', '发布节奏'] },
        { title: '采访提纲', offsetDays: 5, estimateHours: 6, checklist: ['嘉宾名单', '问题清单'] },
        { title: '每日综述稿', offsetDays: 8, estimateHours: 8, checklist: [] },
      ],
    },
  },
  {
    name: '短视频三部曲',
    description: '如文旅宣传：预告片、正片、幕后花絮三次发布',
    payload: {
      content: '短视频三连发：预告片、正片、幕后花絮',
      formats: ['short_video', 'poster'],
      platforms: ['douyin', 'channels', 'weibo'],
      audience: '短视频用户',
      durationDays: 40,
      keyDates: [
        { offsetDays: 20, label: '预告片发布' },
        { offsetDays: 30, label: '正片发布' },
      ],
      roles: [
        { team: '短视频团队', role: '短视频编导', count: 2, hoursPerWeek: 14 },
        { team: '摄影摄像团队', role: '摄像', count: 2, hoursPerWeek: 12, skill: '航拍' },
        { team: '后期剪辑团队', role: '剪辑', count: 2, hoursPerWeek: 14 },
        { team: '新媒体运营团队', role: '抖音运营', count: 1, hoursPerWeek: 8, skill: '抖音运营' },
      ],
      columns: DEFAULT_COLUMNS,
      deliverables: [
        { title: '预告片', platform: 'douyin', form: 'short_video', offsetDays: 20 },
        { title: '正片', platform: 'douyin', form: 'short_video', offsetDays: 30 },
        { title: '幕后花絮', platform: 'weibo', form: 'short_video', offsetDays: 36 },
      ],
      tasks: [
        { title: '脚本与分镜', offsetDays: 7, estimateHours: 10, checklist: ['脚本', '分镜', '踩点'] },
        { title: '拍摄', offsetDays: 14, estimateHours: 24, checklist: ['主场景', '航拍', '补拍'] },
        { title: '正片精剪', offsetDays: 27, estimateHours: 16, checklist: ['粗剪', '调色', '配乐', '字幕'] },
      ],
    },
  },
  {
    name: '主题系列报道（含融媒会客厅）',
    description: '全平台专栏，演播室访谈十余位镇街和部门负责人',
    payload: {
      content: '主题系列报道与融媒会客厅访谈',
      formats: ['interview', 'series', 'short_video', 'poster', 'text_image'],
      platforms: ['tv', 'wechat', 'app', 'channels', 'newspaper'],
      audience: '全区干部群众',
      durationDays: 60,
      keyDates: [{ offsetDays: 10, label: '第一期录制' }],
      roles: [
        { team: '采访记者团队', role: '记者', count: 2, hoursPerWeek: 10 },
        { team: '广播音频团队', role: '主持', count: 1, hoursPerWeek: 8, skill: '主持' },
        { team: '摄影摄像团队', role: '摄像', count: 2, hoursPerWeek: 8 },
        { team: '美编设计团队', role: '海报设计', count: 1, hoursPerWeek: 8, skill: '海报设计' },
        { team: '文案团队', role: '文案', count: 1, hoursPerWeek: 8 },
      ],
      columns: DEFAULT_COLUMNS,
      deliverables: [
        { title: '会客厅第一期', platform: 'tv', form: 'interview', offsetDays: 12 },
        { title: '第一期推文', platform: 'wechat', form: 'text_image', offsetDays: 13 },
        { title: '系列海报', platform: 'wechat', form: 'poster', offsetDays: 12 },
      ],
      tasks: [
        { title: '专栏策划与嘉宾名单', offsetDays: 3, estimateHours: 6, checklist: ['专栏名称', '嘉宾名单', '播出排期'] },
        { title: '第一期访谈提纲', offsetDays: 8, estimateHours: 4, checklist: ['背景资料', '问题设计'] },
      ],
    },
  },
];

export function seedBuiltinTemplates(db: Db, now: number): void {
  const exists = db.prepare('SELECT 1 FROM templates WHERE builtin = 1 AND name = ?');
  const insert = db.prepare(
    'INSERT INTO templates (id, name, description, builtin, payload, created_by, created_at) VALUES (?, ?, ?, 1, ?, NULL, ?)',
  );
  for (const t of BUILTIN_TEMPLATES) {
    if (!exists.get(t.name)) insert.run(newId(), t.name, t.description, JSON.stringify(t.payload), now);
  }
}
