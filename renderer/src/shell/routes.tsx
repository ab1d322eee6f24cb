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
import { preloadProjectScreen, ProjectsRoute } from '../features/projects/ProjectsRoute';
import { lazyScreen } from './lazy';

// Every screen is its own chunk (issue 18): the shell's code does not wait for theirs.
const loaders = {
  myTasks: () => import('../features/boards/MyTasksPage').then((m) => m.MyTasksPage),
  meetings: () => import('../features/meetings/MeetingsPage').then((m) => m.MeetingsPage),
  rota: () => import('../features/rota/RotaPage').then((m) => m.RotaPage),
  gear: () => import('../features/gear/GearPage').then((m) => m.GearPage),
  timeline: () => import('../features/timeline/TimelinePage').then((m) => m.TimelinePage),
  workload: () => import('../features/workload/WorkloadPage').then((m) => m.WorkloadPage),
  people: () => import('../features/people/PeoplePage').then((m) => m.PeoplePage),
  settings: () => import('../features/settings/SettingsPage').then((m) => m.SettingsPage),
};
const MyTasksPage = lazyScreen(loaders.myTasks);
const MeetingsPage = lazyScreen(loaders.meetings);
const RotaPage = lazyScreen(loaders.rota);
const GearPage = lazyScreen(loaders.gear);
const TimelinePage = lazyScreen(loaders.timeline);
const WorkloadPage = lazyScreen(loaders.workload);
const PeoplePage = lazyScreen(loaders.people);
const SettingsPage = lazyScreen(loaders.settings);

/**
 * The app's top-level views, in menu order. Each feature registers its screen
 * here; the first URL segment picks it (`#/people`, `#/projects/<id>/board`).
 */
export interface RouteDef {
  key: string;
  label: MessageKey;
  icon: ReactNode;
  render: () => ReactNode;
  /** Starts loading the screen's code (the boot path calls it for the first screen). */
  preload: (segments: string[]) => Promise<unknown>;
}

export const ROUTES: RouteDef[] = [
  { key: 'projects', label: 'nav.projects', icon: <ProjectOutlined />, render: () => <ProjectsRoute />, preload: preloadProjectScreen },
  { key: 'my-tasks', label: 'nav.myTasks', icon: <CheckSquareOutlined />, render: () => <MyTasksPage />, preload: loaders.myTasks },
  { key: 'meetings', label: 'nav.meetings', icon: <CalendarOutlined />, render: () => <MeetingsPage />, preload: loaders.meetings },
  { key: 'rota', label: 'nav.rota', icon: <ScheduleOutlined />, render: () => <RotaPage />, preload: loaders.rota },
  { key: 'gear', label: 'nav.gear', icon: <CarOutlined />, render: () => <GearPage />, preload: loaders.gear },
  { key: 'timeline', label: 'nav.timeline', icon: <FieldTimeOutlined />, render: () => <TimelinePage />, preload: loaders.timeline },
  { key: 'workload', label: 'nav.workload', icon: <DashboardOutlined />, render: () => <WorkloadPage />, preload: loaders.workload },
  { key: 'people', label: 'nav.people', icon: <TeamOutlined />, render: () => <PeoplePage />, preload: loaders.people },
  { key: 'settings', label: 'nav.settings', icon: <SettingOutlined />, render: () => <SettingsPage />, preload: loaders.settings },
];

/** Where each role lands: the member's home is My tasks, a manager's the workload. */
export const HOME_BY_ROLE = { admin: 'projects', manager: 'workload', convener: 'projects', member: 'my-tasks' } as const;

/** Starts loading the code of the screen a hash route names (nothing for an unknown one). */
export function preloadRoute(segments: string[]): void {
  const route = ROUTES.find((r) => r.key === segments[0]);
  void route?.preload(segments).catch(() => undefined);
}
