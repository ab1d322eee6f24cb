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
const MyTasksPage = lazyScreen(() => import('../features/boards/MyTasksPage').then((m) => m.MyTasksPage));
const MeetingsPage = lazyScreen(() => import('../features/meetings/MeetingsPage').then((m) => m.MeetingsPage));
const RotaPage = lazyScreen(() => import('../features/rota/RotaPage').then((m) => m.RotaPage));
const GearPage = lazyScreen(() => import('../features/gear/GearPage').then((m) => m.GearPage));
const TimelinePage = lazyScreen(() => import('../features/timeline/TimelinePage').then((m) => m.TimelinePage));
const WorkloadPage = lazyScreen(() => import('../features/workload/WorkloadPage').then((m) => m.WorkloadPage));
const PeoplePage = lazyScreen(() => import('../features/people/PeoplePage').then((m) => m.PeoplePage));
const SettingsPage = lazyScreen(() => import('../features/settings/SettingsPage').then((m) => m.SettingsPage));

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
  { key: 'my-tasks', label: 'nav.myTasks', icon: <CheckSquareOutlined />, render: () => <MyTasksPage />, preload: MyTasksPage.preload },
  { key: 'meetings', label: 'nav.meetings', icon: <CalendarOutlined />, render: () => <MeetingsPage />, preload: MeetingsPage.preload },
  { key: 'rota', label: 'nav.rota', icon: <ScheduleOutlined />, render: () => <RotaPage />, preload: RotaPage.preload },
  { key: 'gear', label: 'nav.gear', icon: <CarOutlined />, render: () => <GearPage />, preload: GearPage.preload },
  { key: 'timeline', label: 'nav.timeline', icon: <FieldTimeOutlined />, render: () => <TimelinePage />, preload: TimelinePage.preload },
  { key: 'workload', label: 'nav.workload', icon: <DashboardOutlined />, render: () => <WorkloadPage />, preload: WorkloadPage.preload },
  { key: 'people', label: 'nav.people', icon: <TeamOutlined />, render: () => <PeoplePage />, preload: PeoplePage.preload },
  { key: 'settings', label: 'nav.settings', icon: <SettingOutlined />, render: () => <SettingsPage />, preload: SettingsPage.preload },
];

/** Where each role lands: the member's home is My tasks, a manager's the workload. */
export const HOME_BY_ROLE = { admin: 'projects', manager: 'workload', convener: 'projects', member: 'my-tasks' } as const;

/**
 * Loads the code of the screen a hash route names; resolves when it is in (or failed: the screen's
 * error boundary then says so), at once for an unknown route or none (the home depends on the role).
 */
export function preloadRoute(segments: string[]): Promise<void> {
  const route = ROUTES.find((r) => r.key === segments[0]);
  return route ? route.preload(segments).then(() => undefined, () => undefined) : Promise.resolve();
}
