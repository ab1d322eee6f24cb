import { ComingSoon } from '../../shell/ComingSoon';

export function MeetingsPage() {
  return <ComingSoon title="nav.meetings" />;
}
