/**
 * Who may read what about people (staff data is personal information under PIPL):
 * people see their own; managers and admins see what planning and review need.
 * The rules themselves are applied in main/core/read-scopes.ts; this is their
 * wording, for the screens and the README table.
 */
export interface ReadScopeRule {
  data: { zh: string; en: string };
  who: { zh: string; en: string };
}

export const READ_SCOPE_RULES: readonly ReadScopeRule[] = [
  {
    data: { zh: '休假/外派的日期与类型', en: 'Dates and kind of time off' },
    who: { zh: '所有人（排班需要）', en: 'Everyone (needed for planning)' },
  },
  {
    data: { zh: '休假/外派的备注（事由）', en: 'Time-off notes (reasons)' },
    who: { zh: '本人、管理者、管理员', en: 'The person, managers, admins' },
  },
  {
    data: { zh: '个人绩效（月度报表中的每人数据）', en: 'Individual performance rows (monthly report per person)' },
    who: { zh: '本人；管理者与管理员可见全部及团队汇总', en: 'The person; managers and admins see all rows and team totals' },
  },
  {
    data: { zh: '人员记录与休假的操作日志前后内容', en: 'Activity-log before/after images of people and time-off records' },
    who: { zh: '记录所涉本人、管理者、管理员（其他人只看到摘要）', en: 'The person concerned, managers, admins (others see the summary line only)' },
  },
  {
    data: { zh: '同步提示（枢纽拒绝的改动）', en: 'Sync notices (changes the hub refused)' },
    who: { zh: '本机登录枢纽的本人', en: 'The person this desktop is signed in to the hub as' },
  },
  {
    data: { zh: '数据文件与备份文件夹的路径', en: 'Paths of the data file and backups folder' },
    who: { zh: '管理员（恢复模式下为本机使用者）', en: 'Admins (in recovery mode: whoever is at this machine)' },
  },
];

