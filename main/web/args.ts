export interface HostArgs {
  port: number;
  data: string;
  demo: boolean;
  token: string | null;
  staticDir: string | null;
}

/** `--port P --data DIR [--demo] [--token T] [--static DIR]` */
export function parseHostArgs(argv: string[], env: NodeJS.ProcessEnv = process.env): HostArgs {
  const out: HostArgs = { port: 5180, data: env.CREWDESK_DATA ?? '.data', demo: false, token: env.CREWDESK_TOKEN ?? null, staticDir: null };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    const [flag, inline] = a.includes('=') ? [a.slice(0, a.indexOf('=')), a.slice(a.indexOf('=') + 1)] : [a, undefined];
    const value = (): string => {
      const v = inline ?? argv[++i];
      if (v === undefined || v.startsWith('--')) throw new Error(`${flag} needs a value`);
      return v;
    };
    switch (flag) {
      case '--port': {
        const p = Number(value());
        if (!Number.isInteger(p) || p < 0 || p > 65535) throw new Error('--port must be 0–65535');
        out.port = p;
        break;
      }
      case '--data':
        out.data = value();
        break;
      case '--demo':
        out.demo = true;
        break;
      case '--token':
        out.token = value();
        break;
      case '--static':
        out.staticDir = value();
        break;
      default:
        throw new Error(`unknown option: ${a}`);
    }
  }
  return out;
}
