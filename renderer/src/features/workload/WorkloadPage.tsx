import '../../rest-styles';
import { Tabs, Typography } from 'antd';
import { useT } from '../../i18n';
import { navigate, useRouter } from '../../shell/router';
import { selectCanManageStaff, useSession } from '../workspace/store';
import { GridView } from './GridView';
import { ReportsView } from './ReportsView';
import { TeamsView } from './TeamsView';
import { TimeOffView } from './TimeOffView';

const TABS = ['grid', 'teams', 'time-off', 'reports'] as const;
type Tab = (typeof TABS)[number];

/** #/workload[/teams|/time-off|/reports]: the manager's "who is overloaded, and who is free?". */
export function WorkloadPage() {
  const t = useT();
  const sub = useRouter((s) => s.segments[1]);
  const everyone = useSession(selectCanManageStaff);
  const visible = TABS.filter((k) => k !== 'teams' || everyone);
  const active: Tab = visible.find((k) => k === sub) ?? 'grid';
  const label = { grid: t('workload.tab.grid'), teams: t('workload.tab.teams'), 'time-off': t('workload.tab.timeOff'), reports: t('workload.tab.reports') };
  return (
    <div>
      <Typography.Title level={3} className="no-print">
        {t('workload.title')}
      </Typography.Title>
      <Tabs
        className="workload-tabs"
        activeKey={active}
        onChange={(k) => navigate(k === 'grid' ? '/workload' : `/workload/${k}`)}
        items={visible.map((k) => ({ key: k, label: label[k] }))}
      />
      {active === 'grid' && <GridView />}
      {active === 'teams' && <TeamsView />}
      {active === 'time-off' && <TimeOffView />}
      {active === 'reports' && <ReportsView />}
    </div>
  );
}
