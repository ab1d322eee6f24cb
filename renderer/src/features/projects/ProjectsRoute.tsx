import { useRouter } from '../../shell/router';
import { BoardPage } from '../boards/BoardPage';
import { ProjectOverview } from './ProjectOverview';
import { ProjectsPage } from './ProjectsPage';

/** `#/projects` list, `#/projects/<id>` overview, `#/projects/<id>/board` the task board. */
export function ProjectsRoute() {
  const id = useRouter((s) => s.segments[1]);
  const tab = useRouter((s) => s.segments[2]);
  if (!id) return <ProjectsPage />;
  if (tab === 'board') return <BoardPage projectId={id} />;
  return <ProjectOverview projectId={id} />;
}
