import type { Size } from './generate';

/** `--size full|ci|tiny`, `--out FILE`, `--json FILE`, `--md FILE`, `--seed N`, `--today D`, `--repeat N`, `--only NAME,…`, `--fresh`. */
export interface BenchArgs {
  size: Size;
  out?: string;
  json?: string;
  /** A markdown table of the results (for docs/PERFORMANCE.md). */
  md?: string;
  seed?: number;
  today?: string;
  repeat?: number;
  only?: string[];
  fresh: boolean;
}

export function parseArgs(argv: readonly string[]): BenchArgs {
  const a: BenchArgs = { size: 'ci', fresh: false };
  for (let i = 0; i < argv.length; i++) {
    const k = argv[i];
    const v = (): string => {
      const x = argv[++i];
      if (x === undefined) throw new Error(`${k} needs a value`);
      return x;
    };
    if (k === '--size') {
      const s = v();
      if (s !== 'full' && s !== 'ci' && s !== 'tiny') throw new Error(`--size must be full, ci or tiny (got ${s})`);
      a.size = s;
    } else if (k === '--out') a.out = v();
    else if (k === '--json') a.json = v();
    else if (k === '--md') a.md = v();
    else if (k === '--seed') a.seed = Number(v());
    else if (k === '--today') a.today = v();
    else if (k === '--repeat') a.repeat = Math.max(1, Number(v()));
    else if (k === '--only') a.only = v().split(',');
    else if (k === '--fresh') a.fresh = true;
    else throw new Error(`unknown argument ${k}`);
  }
  return a;
}
