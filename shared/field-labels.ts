/**
 * What a person calls the fields of the forms, for validation messages: “标题过长（最多 200 个字符）”,
 * never “title 数值过大”. A field not listed here is named by its key.
 */
export const FIELD_LABELS: Readonly<Record<string, { zh: string; en: string }>> = {
  title: { zh: '标题', en: 'Title' },
  name: { zh: '名称', en: 'Name' },
  description: { zh: '说明', en: 'Description' },
  body: { zh: '内容', en: 'Text' },
  text: { zh: '内容', en: 'Text' },
  content: { zh: '内容', en: 'Content' },
  brief: { zh: '简介', en: 'Brief' },
  audience: { zh: '受众', en: 'Audience' },
  note: { zh: '备注', en: 'Note' },
  notes: { zh: '纪要', en: 'Notes' },
  label: { zh: '名称', en: 'Label' },
  labels: { zh: '标签', en: 'Labels' },
  skills: { zh: '技能', en: 'Skills' },
  role: { zh: '角色', en: 'Role' },
  login: { zh: '登录名', en: 'Login' },
  password: { zh: '密码', en: 'Password' },
  hoursPerWeek: { zh: '每周工时', en: 'Hours per week' },
  hoursPerDay: { zh: '每天工时', en: 'Hours per day' },
  estimateHours: { zh: '预估工时', en: 'Estimate' },
  capacityHours: { zh: '每周可用工时', en: 'Weekly capacity' },
  wipLimit: { zh: '在制品上限', en: 'WIP limit' },
  views: { zh: '阅读/播放量', en: 'Views' },
  likes: { zh: '点赞数', en: 'Likes' },
  shares: { zh: '转发数', en: 'Shares' },
  comments: { zh: '评论数', en: 'Comments' },
  expectedViews: { zh: '预期阅读/播放量', en: 'Expected views' },
  publishedUrl: { zh: '发布链接', en: 'Published link' },
  q: { zh: '搜索词', en: 'Search' },
  search: { zh: '搜索词', en: 'Search' },
  startDate: { zh: '开始日期', en: 'Start date' },
  endDate: { zh: '结束日期', en: 'End date' },
  date: { zh: '日期', en: 'Date' },
  dueAt: { zh: '截止时间', en: 'Due' },
};

export function fieldLabel(path: readonly PropertyKey[]): { zh: string; en: string } {
  const key = [...path].reverse().find((p) => typeof p === 'string') as string | undefined;
  if (!key) return { zh: '输入', en: 'Input' };
  return Object.prototype.hasOwnProperty.call(FIELD_LABELS, key) ? FIELD_LABELS[key]! : { zh: key, en: key };
}
