import type { BootInfo } from '../../../shared/contract';
import { callQuiet, prefetch } from '../api/client';
import { useMaintenance } from '../features/maintenance/store';
import { useSync } from '../features/sync/store';
import { useSession } from '../features/workspace/store';
import { useRouter } from './router';
import { preloadRoute } from './routes';

/**
 * The boot path (issue 18). Before React renders anything, main.tsx starts, all at once:
 * - app.boot: maintenance mode, workspace status, who acts, sync status — one call
 *   (shared/contract/boot.ts) that fills the maintenance, workspace and sync stores;
 * - the code of the screen the hash names (its chunk, shell/routes.tsx)
 *   — the boot waits for it before the shell renders, so the screen renders at once instead of
 *   suspending (shell/lazy.ts: React holds back a boundary's reveal for up to 300 ms after a
 *   fallback appeared; the header's tools, small, load on the shell's render and may pop in);
 * - that screen's first read (the board a `#/projects/<id>/board` names, My tasks), whose
 *   answer the screen's own call then takes (prefetch in api/client.ts). Signed out, that read
 *   fails and is dropped; the screen asks again after sign-in.
 * Performance marks `crewdesk:*` time each step (the renderer bench reads them).
 */
let booting: Promise<void> | null = null;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function mark(name: string): void {
  try {
    performance.mark(`crewdesk:${name}`);
  } catch {
    /* no User Timing: nothing to time */
  }
}

/** The first screen's read, started with the boot call. */
function prefetchFirstScreen(): void {
  const [top, id, tab] = useRouter.getState().segments;
  if (top === 'projects' && id && UUID.test(id) && tab === 'board') prefetch('boards.get', { projectId: id });
  else if (top === 'my-tasks') prefetch('myTasks.get', {});
}

function take(info: BootInfo): void {
  useMaintenance.getState().fromBoot(info.maintenance);
  if (info.sync) useSync.getState().takeBoot(info.sync);
  if (info.workspace) useSession.getState().fromBoot(info.workspace, info.session.actor);
}

async function run(): Promise<void> {
  mark('boot-sent');
  const boot = callQuiet('app.boot', {});
  prefetchFirstScreen();
  const code = preloadRoute(useRouter.getState().segments);
  try {
    const [info] = await Promise.all([boot, code]);
    take(info);
  } catch {
    // A host that cannot answer it (a transient failure): the calls it stands for, as before.
    await code;
    await useMaintenance.getState().checkMode();
    if (useMaintenance.getState().mode === 'normal') await useSession.getState().load();
  }
  mark('boot-done');
}

/** Starts the boot once; the root component waits for the stores it fills. */
export function startBoot(): Promise<void> {
  booting ??= run();
  return booting;
}
