import type { ProjectProgress } from '../../shared/contract';
import type { DeliverableStatus, ProjectStatus } from '../../shared/domain';
import { DAY_MS, dayStart } from '../../shared/time';

/**
 * The center's "time half gone, task half done" (双过半) check, generalised:
 * work done is the share of planned deliverables that are published; time
 * elapsed is the share of the project's calendar days (start 00:00 to the end
 * of its last day, in the center's zone) that have passed. A project is
 * behind plan when time runs ahead of work. Nothing planned means no work
 * share and no flag; a project only proposed has not started its clock.
 */
export function projectProgress(
  p: { startDate: string; endDate: string; status: ProjectStatus },
  statuses: readonly DeliverableStatus[],
  now: number,
): ProjectProgress {
  const planned = statuses.length;
  const published = statuses.filter((s) => s === 'published').length;
  const start = dayStart(p.startDate);
  const end = dayStart(p.endDate) + DAY_MS;
  const timeShare = p.status === 'proposed' ? 0 : Math.min(1, Math.max(0, (now - start) / (end - start)));
  const workShare = planned === 0 ? null : published / planned;
  return {
    planned,
    published,
    workShare,
    timeShare,
    behindPlan: workShare !== null && timeShare > workShare,
  };
}
