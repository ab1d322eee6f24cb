import { ComingSoon } from '../../shell/ComingSoon';

export function ProjectsPage() {
  return <ComingSoon title="nav.projects" />;
}
