/**
 * The newsroom's vocabulary: codes stored in the database and carried in the
 * contract, each with its Chinese and English label. Codes never change once
 * shipped (they are in users' databases); labels may.
 */
export interface Labeled<C extends string = string> {
  code: C;
  zh: string;
  en: string;
}

export const ROLES = ['admin', 'manager', 'convener', 'member'] as const;
export type Role = (typeof ROLES)[number];
export const ROLE_LABELS: Record<Role, Labeled<Role>> = {
  admin: { code: 'admin', zh: '管理员', en: 'Admin' },
  manager: { code: 'manager', zh: '管理者', en: 'Manager' },
  convener: { code: 'convener', zh: '项目召集人', en: 'Convener' },
  member: { code: 'member', zh: '成员', en: 'Member' },
};

export const PLATFORMS = [
  { code: 'tv', zh: '电视', en: 'TV' },
  { code: 'radio', zh: '广播', en: 'Radio' },
  { code: 'app', zh: '客户端', en: 'Mobile app' },
  { code: 'wechat', zh: '微信公众号', en: 'WeChat' },
  { code: 'douyin', zh: '抖音', en: 'Douyin' },
  { code: 'channels', zh: '视频号', en: 'WeChat Channels' },
  { code: 'weibo', zh: '微博', en: 'Weibo' },
  { code: 'newspaper', zh: '报纸', en: 'Newspaper' },
] as const satisfies readonly Labeled[];
export type Platform = (typeof PLATFORMS)[number]['code'];
export const PLATFORM_CODES = PLATFORMS.map((p) => p.code) as [Platform, ...Platform[]];

export const PRODUCT_FORMS = [
  { code: 'text_image', zh: '图文', en: 'Text & images' },
  { code: 'short_video', zh: '短视频', en: 'Short video' },
  { code: 'live', zh: '直播', en: 'Live stream' },
  { code: 'poster', zh: '海报', en: 'Poster' },
  { code: 'interview', zh: '访谈', en: 'Interview' },
  { code: 'h5', zh: 'H5', en: 'H5' },
  { code: 'series', zh: '系列报道', en: 'Series report' },
] as const satisfies readonly Labeled[];
export type ProductForm = (typeof PRODUCT_FORMS)[number]['code'];
export const PRODUCT_FORM_CODES = PRODUCT_FORMS.map((p) => p.code) as [ProductForm, ...ProductForm[]];

export const PROJECT_STATUSES = [
  { code: 'proposed', zh: '提议中', en: 'Proposed' },
  { code: 'active', zh: '进行中', en: 'Active' },
  { code: 'wrapped', zh: '已收尾', en: 'Wrapped up' },
  { code: 'archived', zh: '已归档', en: 'Archived' },
] as const satisfies readonly Labeled[];
export type ProjectStatus = (typeof PROJECT_STATUSES)[number]['code'];
export const PROJECT_STATUS_CODES = PROJECT_STATUSES.map((p) => p.code) as [ProjectStatus, ...ProjectStatus[]];

export const DELIVERABLE_STATUSES = [
  { code: 'planned', zh: '计划中', en: 'Planned' },
  { code: 'in_production', zh: '制作中', en: 'In production' },
  { code: 'in_review', zh: '审核中', en: 'In review' },
  { code: 'published', zh: '已发布', en: 'Published' },
] as const satisfies readonly Labeled[];
export type DeliverableStatus = (typeof DELIVERABLE_STATUSES)[number]['code'];
export const DELIVERABLE_STATUS_CODES = DELIVERABLE_STATUSES.map((p) => p.code) as [
  DeliverableStatus,
  ...DeliverableStatus[],
];

export const PRIORITIES = [
  { code: 'low', zh: '低', en: 'Low' },
  { code: 'normal', zh: '普通', en: 'Normal' },
  { code: 'high', zh: '高', en: 'High' },
  { code: 'urgent', zh: '紧急', en: 'Urgent' },
] as const satisfies readonly Labeled[];
export type Priority = (typeof PRIORITIES)[number]['code'];
export const PRIORITY_CODES = PRIORITIES.map((p) => p.code) as [Priority, ...Priority[]];

export const MEETING_KINDS = [
  { code: 'monthly', zh: '每月编委会', en: 'Monthly editorial committee' },
  { code: 'weekly', zh: '每周策划会', en: 'Weekly planning meeting' },
  { code: 'daily', zh: '每日编前会', en: 'Daily pre-editorial meeting' },
] as const satisfies readonly Labeled[];
export type MeetingKind = (typeof MEETING_KINDS)[number]['code'];
export const MEETING_KIND_CODES = MEETING_KINDS.map((p) => p.code) as [MeetingKind, ...MeetingKind[]];

export const TIME_OFF_KINDS = [
  { code: 'leave', zh: '休假', en: 'Leave' },
  { code: 'field', zh: '外派', en: 'Field assignment' },
] as const satisfies readonly Labeled[];
export type TimeOffKind = (typeof TIME_OFF_KINDS)[number]['code'];
export const TIME_OFF_KIND_CODES = TIME_OFF_KINDS.map((p) => p.code) as [TimeOffKind, ...TimeOffKind[]];

/** The ten standing media teams a new workspace starts with. Teams are data: editable later. */
export const STANDARD_TEAMS: readonly { key: string; zh: string; en: string; skills: string[] }[] = [
  { key: 'live', zh: '直播团队', en: 'Live streaming', skills: ['直播导播', '直播推流', '5G传输', '现场调度'] },
  { key: 'copy', zh: '文案团队', en: 'Copywriting', skills: ['文案', '策划', '新闻写作', '标题'] },
  { key: 'shortvideo', zh: '短视频团队', en: 'Short video', skills: ['短视频策划', '短视频剪辑', '脚本'] },
  { key: 'tech', zh: '技术研发团队', en: 'Tech R&D', skills: ['技术保障', '前端开发', 'H5开发', '系统运维'] },
  { key: 'camera', zh: '摄影摄像团队', en: 'Camera & photo', skills: ['摄像', '摄影', '航拍'] },
  { key: 'post', zh: '后期剪辑团队', en: 'Post-production', skills: ['剪辑', '调色', '包装'] },
  { key: 'design', zh: '美编设计团队', en: 'Visual design', skills: ['海报设计', '版面设计', '舞美包装'] },
  { key: 'newmedia', zh: '新媒体运营团队', en: 'New-media operations', skills: ['公众号运营', '抖音运营', '数据分析'] },
  { key: 'audio', zh: '广播音频团队', en: 'Radio & audio', skills: ['播音', '音频制作', '主持'] },
  { key: 'reporting', zh: '采访记者团队', en: 'Reporting', skills: ['采访', '新闻写作', '出镜'] },
];

export function labelOf<C extends string>(list: readonly Labeled<C>[], code: C, locale: 'zh' | 'en'): string {
  const item = list.find((l) => l.code === code);
  return item ? item[locale] : code;
}
