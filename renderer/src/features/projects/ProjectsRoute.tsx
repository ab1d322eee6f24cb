import { lazyScreen } from '../../shell/lazy';
import { useRouter } from '../../shell/router';

// Each screen is its own chunk (issue 18), loaded when it first shows or by preloadProjectScreen.
const BoardPage = lazyScreen(() => import('../boards/BoardPage').then((m) => m.BoardPage));
const ProjectOverview = lazyScreen(() => import('./ProjectOverview').then((m) => m.ProjectOverview));
const ProjectsPage = lazyScreen(() => import('./ProjectsPage').then((m) => m.ProjectsPage));

/** Starts loading the code of the screen these route segments name (`projects/<id>/board`, …). */
export function preloadProjectScreen(segments: string[]): Promise<unknown> {
  if (!segments[1]) return ProjectsPage.preload();
  return segments[2] === 'board' ? BoardPage.preload() : ProjectOverview.preload();
}

/** `#/projects` list, `#/projects/<id>` overview, `#/projects/<id>/board` the task board. */
export function ProjectsRoute() {
  const id = useRouter((s) => s.segments[1]);
  const tab = useRouter((s) => s.segments[2]);
  if (!id) return <ProjectsPage />;
  if (tab === 'board') return <BoardPage projectId={id} />;
  return <ProjectOverview projectId={id} />;
}
