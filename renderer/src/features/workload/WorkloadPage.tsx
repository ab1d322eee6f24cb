import { ComingSoon } from '../../shell/ComingSoon';

export function WorkloadPage() {
  return <ComingSoon title="nav.workload" />;
}
