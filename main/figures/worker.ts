import { parentPort, workerData } from 'node:worker_threads';
import { parseFigureBuffer } from './parse';

/**
 * The worker thread that reads an imported figures file (bundled on its own:
 * dist/main/figures-worker.cjs). Parsing a hostile spreadsheet can take long and
 * much memory; here it cannot stall the main process's event loop, and the
 * parent ends it at a deadline or when it outgrows its memory limit.
 */
const { fileName, data } = workerData as { fileName: string; data: Uint8Array };
void parseFigureBuffer(fileName, data).then((outcome) => parentPort!.postMessage(outcome));
