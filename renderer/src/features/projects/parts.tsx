import { WarningOutlined } from '@ant-design/icons';
import { Space, Tag, Tooltip, Typography } from 'antd';
import type { Candidate, Clash, Team, WeekLoadView } from '../../../../shared/contract';
import { PROJECT_STATUSES, type ProjectStatus } from '../../../../shared/domain';
import { useLabel, useLocaleStore, useT } from '../../i18n';
import { percent } from '../workload/format';

const LEVEL_COLOR: Record<WeekLoadView['level'], string> = { free: 'green', busy: 'orange', overloaded: 'red' };
const LEVEL_KEY = { free: 'projects.load.free', busy: 'projects.load.busy', overloaded: 'projects.load.overloaded' } as const;
const STATUS_COLOR: Record<ProjectStatus, string> = { proposed: 'gold', active: 'blue', wrapped: 'green', archived: 'default' };

export function StatusTag({ status }: { status: ProjectStatus }) {
  const label = useLabel();
  return <Tag color={STATUS_COLOR[status]}>{label(PROJECT_STATUSES, status)}</Tag>;
}

/** "本周 18/40h" coloured by load level (free / busy / overloaded). */
export function LoadTag({ week, which }: { week: WeekLoadView; which: 'this' | 'next' }) {
  const t = useT();
  const pct = percent(week.ratio, t('workload.noCapacity'));
  return (
    <Tooltip title={t(LEVEL_KEY[week.level])}>
      <Tag color={LEVEL_COLOR[week.level]} style={{ marginInlineEnd: 0 }}>
        {t(which === 'this' ? 'projects.load.thisWeek' : 'projects.load.nextWeek', {
          h: week.totalHours,
          cap: week.capacityHours,
          pct,
        })}
      </Tag>
    </Tooltip>
  );
}

export function ClashTags({ clashes }: { clashes: Clash[] }) {
  const t = useT();
  if (!clashes.length) return null;
  return (
    <Space size={4} wrap>
      {clashes.map((c, i) => (
        <Tag key={i} color="red" icon={<WarningOutlined />} data-testid="clash">
          {c.kind === 'project'
            ? t('projects.clash.project', { date: c.date.slice(5), project: c.projectName, label: c.label })
            : c.kind === 'duty'
              ? t('projects.clash.duty', { date: c.date.slice(5), shift: c.label })
              : t(c.timeOffKind === 'leave' ? 'projects.clash.leave' : 'projects.clash.field', { date: c.date.slice(5), note: c.label })}
        </Tag>
      ))}
    </Space>
  );
}

/** One line about a person: load this week and next, active projects, clashes. */
export function PersonFacts({ c }: { c: Candidate }) {
  const t = useT();
  return (
    <Space size={6} wrap>
      <LoadTag week={c.thisWeek} which="this" />
      <LoadTag week={c.nextWeek} which="next" />
      <Typography.Text type="secondary" style={{ fontSize: 12 }}>
        {t('projects.activeProjects', { n: c.activeProjects })}
      </Typography.Text>
      <ClashTags clashes={c.clashes} />
    </Space>
  );
}

export function useTeamName(teams: Team[]): (id: string) => string {
  const locale = useLocaleStore((s) => s.locale);
  const m = new Map(teams.map((x) => [x.id, locale === 'en' && x.nameEn ? x.nameEn : x.name]));
  return (id) => m.get(id) ?? '';
}
