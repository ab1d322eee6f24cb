import { ComingSoon } from '../../shell/ComingSoon';

export function ProjectOverview({ projectId }: { projectId: string }) {
  void projectId;
  return <ComingSoon title="nav.projects" />;
}
