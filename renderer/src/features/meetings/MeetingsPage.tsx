import '../../rest-styles';
import { Segmented, Typography } from 'antd';
import { useT } from '../../i18n';
import { navigate, useRouter } from '../../shell/router';
import { CalendarView } from '../calendar/CalendarView';
import { DashboardView } from '../figures/DashboardView';
import { MeetingDetailView } from './MeetingDetail';
import { MeetingList } from './MeetingList';
import { PrintTaskList } from './PrintTaskList';
import { SeriesView } from './SeriesView';

/**
 * `#/meetings` records, `#/meetings/calendar`, `#/meetings/dashboard`,
 * `#/meetings/series`, `#/meetings/<id>` one record, `#/meetings/<id>/print` its task list.
 */
export function MeetingsPage() {
  const t = useT();
  const sub = useRouter((s) => s.segments[1]);
  const third = useRouter((s) => s.segments[2]);
  if (sub && !['calendar', 'dashboard', 'series'].includes(sub)) {
    return third === 'print' ? <PrintTaskList id={sub} /> : <MeetingDetailView id={sub} />;
  }
  const tab = sub ?? 'records';
  return (
    <div>
      <div style={{ display: 'flex', alignItems: 'center', gap: 24, marginBottom: 16 }}>
        <Typography.Title level={3} style={{ margin: 0 }}>
          {t('meetings.title')}
        </Typography.Title>
        <Segmented
          value={tab}
          onChange={(v) => navigate(v === 'records' ? '/meetings' : `/meetings/${v}`)}
          options={[
            { value: 'records', label: t('meetings.tab.records') },
            { value: 'calendar', label: t('meetings.tab.calendar') },
            { value: 'dashboard', label: t('meetings.tab.dashboard') },
            { value: 'series', label: t('meetings.tab.series') },
          ]}
        />
      </div>
      {tab === 'records' && <MeetingList />}
      {tab === 'calendar' && <CalendarView />}
      {tab === 'dashboard' && <DashboardView />}
      {tab === 'series' && <SeriesView />}
    </div>
  );
}
