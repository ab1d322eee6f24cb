import { parentPort } from 'node:worker_threads';
import { parseFigureBuffer } from './parse';

/**
 * The worker thread that reads an imported file — a platform export or a roster
 * (bundled on its own: dist/main/figures-worker.cjs). Parsing a hostile
 * spreadsheet can take long and much memory; here it cannot stall the main
 * process's event loop, and the parent ends it at a deadline or when it outgrows
 * its memory limit. One file at a time; between files the parent may keep it
 * for the next one (main/figures/file.ts).
 */
parentPort!.on('message', (m: { fileName: string; data: Uint8Array }) => {
  void parseFigureBuffer(m.fileName, m.data).then((outcome) => parentPort!.postMessage(outcome));
});
