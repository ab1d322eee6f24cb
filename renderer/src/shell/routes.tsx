import {
  CalendarOutlined,
  CarOutlined,
  CheckSquareOutlined,
  DashboardOutlined,
  FieldTimeOutlined,
  ProjectOutlined,
  ScheduleOutlined,
  SettingOutlined,
  TeamOutlined,
} from '@ant-design/icons';
import type { ReactNode } from 'react';
import type { MessageKey } from '../i18n';
import { MyTasksPage } from '../features/boards/MyTasksPage';
import { MeetingsPage } from '../features/meetings/MeetingsPage';
import { PeoplePage } from '../features/people/PeoplePage';
import { RotaPage } from '../features/rota/RotaPage';
import { GearPage } from '../features/gear/GearPage';
import { TimelinePage } from '../features/timeline/TimelinePage';
import { ProjectsRoute } from '../features/projects/ProjectsRoute';
import { SettingsPage } from '../features/settings/SettingsPage';
import { WorkloadPage } from '../features/workload/WorkloadPage';

/**
 * The app's top-level views, in menu order. Each feature registers its screen
 * here; the first URL segment picks it (`#/people`, `#/projects/<id>/board`).
 */
export interface RouteDef {
  key: string;
  label: MessageKey;
  icon: ReactNode;
  render: () => ReactNode;
}

export const ROUTES: RouteDef[] = [
  { key: 'projects', label: 'nav.projects', icon: <ProjectOutlined />, render: () => <ProjectsRoute /> },
  { key: 'my-tasks', label: 'nav.myTasks', icon: <CheckSquareOutlined />, render: () => <MyTasksPage /> },
  { key: 'meetings', label: 'nav.meetings', icon: <CalendarOutlined />, render: () => <MeetingsPage /> },
  { key: 'rota', label: 'nav.rota', icon: <ScheduleOutlined />, render: () => <RotaPage /> },
  { key: 'gear', label: 'nav.gear', icon: <CarOutlined />, render: () => <GearPage /> },
  { key: 'timeline', label: 'nav.timeline', icon: <FieldTimeOutlined />, render: () => <TimelinePage /> },
  { key: 'workload', label: 'nav.workload', icon: <DashboardOutlined />, render: () => <WorkloadPage /> },
  { key: 'people', label: 'nav.people', icon: <TeamOutlined />, render: () => <PeoplePage /> },
  { key: 'settings', label: 'nav.settings', icon: <SettingOutlined />, render: () => <SettingsPage /> },
];

/** Where each role lands: the member's home is My tasks, a manager's the workload. */
export const HOME_BY_ROLE = { admin: 'projects', manager: 'workload', convener: 'projects', member: 'my-tasks' } as const;
