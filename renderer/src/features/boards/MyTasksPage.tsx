import { ComingSoon } from '../../shell/ComingSoon';

export function MyTasksPage() {
  return <ComingSoon title="nav.myTasks" />;
}
