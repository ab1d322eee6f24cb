import { Progress, Space, Table, Tag, Typography } from 'antd';
import { useEffect } from 'react';
import type { TeamView } from '../../../../shared/contract';
import { isoWeek } from '../../../../shared/time';
import { useLocaleStore, useT } from '../../i18n';
import { hours } from './format';
import { useWorkload } from './store';

const STROKE = { free: '#52c41a', busy: '#faad14', overloaded: '#ff4d4f' } as const;

/** Per team: headcount, load % over the coming weeks, and which projects draw on it. */
export function TeamsView() {
  const t = useT();
  const locale = useLocaleStore((s) => s.locale);
  const teams = useWorkload((s) => s.teams);
  const loadTeams = useWorkload((s) => s.loadTeams);
  useEffect(() => {
    void loadTeams();
  }, [loadTeams]);
  const weeks = teams[0]?.weeks ?? [];
  return (
    <Table<TeamView>
      size="small"
      bordered
      rowKey="teamId"
      pagination={false}
      dataSource={teams}
      data-testid="team-view"
      columns={[
        { title: t('workload.filter.team'), key: 'name', width: 150, render: (_, r) => <Typography.Text strong>{locale === 'en' && r.nameEn ? r.nameEn : r.name}</Typography.Text> },
        { title: t('workload.teams.headcount'), dataIndex: 'headcount', width: 70, align: 'right' },
        ...weeks.map((w, i) => ({
          title: `${t('workload.teams.load')} ${t('workload.weekLabel', { week: isoWeek(w.weekStart).week })}`,
          key: w.weekStart,
          width: 150,
          render: (_: unknown, r: TeamView) => {
            const c = r.weeks[i]!;
            const pct = c.ratio === null ? 100 : Math.round(c.ratio * 100);
            return (
              <div title={`${hours(c.totalHours)}/${hours(c.capacityHours)}`}>
                <Progress percent={Math.min(pct, 100)} format={() => `${pct}%`} strokeColor={STROKE[c.level]} size="small" />
              </div>
            );
          },
        })),
        {
          title: t('workload.teams.projects'),
          key: 'projects',
          render: (_, r) =>
            r.projects.length === 0 ? (
              <Typography.Text type="secondary">{t('workload.teams.none')}</Typography.Text>
            ) : (
              <Space wrap size={[4, 4]}>
                {r.projects.map((p) => (
                  <Tag key={p.projectId}>{t('workload.teams.projectLine', { name: p.name, n: p.people, h: hours(p.hoursPerWeek) })}</Tag>
                ))}
              </Space>
            ),
        },
      ]}
    />
  );
}
