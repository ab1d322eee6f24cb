import { ComingSoon } from '../../shell/ComingSoon';

export function BoardPage({ projectId }: { projectId: string }) {
  void projectId;
  return <ComingSoon title="nav.projects" />;
}
