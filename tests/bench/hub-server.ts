import { startHub } from '../../main/hub/server';

/**
 * The hub of the hub bench, in a process of its own (as at a center: its memory is the hub's
 * alone, and the simulated desktops do not share its event loop). The parent sends where
 * PostgreSQL is and the TLS identity; the child answers `ready` with its address, then `stats`
 * (RSS, heap, CPU time) whenever asked, and stops on `close`.
 */
export type ToHub = { kind: 'start'; pg: string; key: string; cert: string } | { kind: 'stats'; id: number } | { kind: 'close' };
export type FromHub =
  | { kind: 'ready'; url: string; fingerprint: string | null }
  | { kind: 'stats'; id: number; rss: number; heapUsed: number; cpuUserUs: number; cpuSystemUs: number }
  | { kind: 'failed'; message: string };

export function serveHubChild(): void {
  const send = (m: FromHub): void => void process.send?.(m);
  let close: (() => Promise<void>) | null = null;
  process.on('message', (m: ToHub) => {
    if (m.kind === 'start') {
      startHub({ pg: m.pg, port: 0, tls: { key: m.key, cert: m.cert } }).then(
        (hub) => {
          close = hub.close;
          send({ kind: 'ready', url: hub.url, fingerprint: hub.fingerprint });
        },
        (e: unknown) => send({ kind: 'failed', message: String(e) }),
      );
    } else if (m.kind === 'stats') {
      const mem = process.memoryUsage();
      const cpu = process.cpuUsage();
      send({ kind: 'stats', id: m.id, rss: mem.rss, heapUsed: mem.heapUsed, cpuUserUs: cpu.user, cpuSystemUs: cpu.system });
    } else if (m.kind === 'close') {
      void (close?.() ?? Promise.resolve()).finally(() => process.exit(0));
    }
  });
  process.on('disconnect', () => process.exit(0));
}
