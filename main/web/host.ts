import { join } from 'node:path';
import { openBackend } from '../app';
import { dataFile } from '../paths';
import { parseHostArgs } from './args';
import { startWebHost } from './server';
import { isInitialized } from '../services/workspace';

/** `node dist/main/web.cjs --port P --data DIR [--demo]`: the app without Electron. */
async function main(): Promise<void> {
  const args = parseHostArgs(process.argv.slice(2));
  const backend = openBackend(dataFile(args.data));
  if (args.demo && !isInitialized(backend.db)) {
    const outcome = await backend.call('workspace.setup', { mode: 'demo' }, { actorId: null });
    if (!outcome.ok) throw new Error(outcome.error.message.en);
  }
  const host = await startWebHost({
    backend,
    port: args.port,
    staticDir: args.staticDir ?? join(__dirname, '..', 'renderer'),
    token: args.token,
  });
  console.log(`Crewdesk 融媒项目台: ${host.url}`);
  const stop = (): void => {
    void host.close().then(() => {
      backend.db.close();
      process.exit(0);
    });
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

main().catch((e: unknown) => {
  const err = e as { localized?: { zh: string; en: string }; message?: string };
  console.error(err.localized ? `${err.localized.zh}\n${err.localized.en}` : (err.message ?? String(e)));
  process.exit(1);
});
