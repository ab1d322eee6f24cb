import { join } from 'node:path';
import { HostBackend } from '../host/hosting';
import { DataFolderLockedError, lockDataFolder } from '../db/lock';
import { dataFile } from '../paths';
import { parseHostArgs } from './args';
import { startWebHost, type WebHost } from './server';
import { isInitialized } from '../workspace';

/** `node dist/main/web.cjs --port P --data DIR [--demo]`: the app without Electron. */
async function main(): Promise<void> {
  const args = parseHostArgs(process.argv.slice(2));
  // One process per data folder: a second host stops here, before it opens anything.
  const lock = lockDataFolder(args.data, 'web host');
  const backend = new HostBackend(dataFile(args.data), { dailyBackups: true, idleCheckpoint: true });
  if (backend.recoveryProblem) {
    const p = backend.recoveryProblem;
    console.error(`恢复模式 / recovery mode: ${p.zh}\n${p.en}`);
  }
  if (args.demo && backend.backend && !isInitialized(backend.backend.db)) {
    const outcome = await backend.call('workspace.setup', { mode: 'demo' }, { actorId: null });
    if (!outcome.ok) throw new Error(outcome.error.message.en);
  }
  // Handlers first: a stop right after the URL is printed must still close the
  // database cleanly (checkpoint the WAL), not kill the process mid-way.
  let host: WebHost | null = null;
  const stop = (): void => {
    void (host ? host.close() : Promise.resolve()).then(() => {
      backend.close();
      lock.release();
      process.exit(0);
    });
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
  host = await startWebHost({
    backend,
    port: args.port,
    staticDir: args.staticDir ?? join(__dirname, '..', 'renderer'),
    token: args.token,
    events: backend.events,
  });
  console.log(`Crewdesk 融媒项目台: ${host.url}`);
}

main().catch((e: unknown) => {
  const err = e as { localized?: { zh: string; en: string }; message?: string };
  console.error(err.localized ? `${err.localized.zh}\n${err.localized.en}` : (err.message ?? String(e)));
  process.exit(e instanceof DataFolderLockedError ? 3 : 1);
});
