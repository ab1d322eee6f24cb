import '../../rest-styles';
import { useRouter } from '../../shell/router';
import { ProjectTimelineView } from './ProjectTimelineView';
import { SeasonView } from './SeasonView';

/** `#/timeline` the season's projects, `#/timeline/<projectId>` one project's tasks and dependencies. */
export function TimelinePage() {
  const id = useRouter((s) => s.segments[1]);
  return id ? <ProjectTimelineView projectId={id} /> : <SeasonView />;
}
