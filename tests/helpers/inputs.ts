import type { z } from 'zod';

/**
 * Builds plausible inputs for any contract call from its zod schema, so the
 * crash harness and the fuzz tests cover calls other features add later
 * without knowing them. Leaves are chosen among candidates that the leaf schema
 * accepts (so regexes, lengths and ranges are respected when possible).
 */

export type Rng = () => number;

/** A small deterministic PRNG (mulberry32). */
export function rng(seed: number): Rng {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export const pick = <T>(r: Rng, list: readonly T[]): T => list[Math.floor(r() * list.length)]!;

export interface Pools {
  /** Existing ids (of any table) to reference. */
  ids: readonly string[];
  /** A base instant (UTC ms) for dates and times. */
  now: number;
}

interface Def {
  type: string;
  shape?: Record<string, z.ZodType>;
  innerType?: z.ZodType;
  in?: z.ZodType;
  element?: z.ZodType;
  options?: z.ZodType[];
  entries?: Record<string, string | number>;
  values?: unknown[];
  valueType?: z.ZodType;
  items?: z.ZodType[];
}

export const defOf = (s: z.ZodType): Def => (s as unknown as { _zod: { def: Def } })._zod.def;

const NAMES = ['采访组', '新春直播', '张晓明', 'Li Ming', '剪辑', '体育频道', '视觉设计', '短视频', '融媒报道', 'Team A'];

function dateOf(ms: number): string {
  return new Date(ms + 8 * 3600_000).toISOString().slice(0, 10);
}

function leafCandidates(type: string, r: Rng, p: Pools): unknown[] {
  const day = 86_400_000;
  const offset = Math.floor(r() * 60 - 20) * day;
  switch (type) {
    case 'string':
      return [
        ...(p.ids.length ? [pick(r, p.ids), pick(r, p.ids)] : []),
        `${pick(r, NAMES)}${Math.floor(r() * 1000)}`,
        dateOf(p.now + offset),
        dateOf(p.now + offset).slice(0, 7),
        `${new Date(p.now + offset).getUTCFullYear()}-W${String(1 + Math.floor(r() * 50)).padStart(2, '0')}`,
        'https://example.com/a',
        '#c8102e',
        '09:30',
        '',
      ];
    case 'number':
      return [Math.floor(r() * 8), Math.floor(r() * 40), p.now + offset, Math.round(r() * 1000) / 10, 1, 0];
    case 'int':
      return [Math.floor(r() * 8), Math.floor(r() * 40), 1, 0];
    case 'boolean':
      return [r() < 0.5];
    case 'date':
      return [new Date(p.now + offset)];
    case 'null':
      return [null];
    default:
      return [undefined];
  }
}

/** A value the schema probably accepts, built from the pools (ids that exist, dates near now). */
export function sampleInput(schema: z.ZodType, r: Rng, p: Pools, depth = 0): unknown {
  const d = defOf(schema);
  switch (d.type) {
    case 'object': {
      const out: Record<string, unknown> = {};
      for (const [k, s] of Object.entries(d.shape ?? {})) {
        const t = defOf(s).type;
        if ((t === 'optional' || t === 'default') && r() < 0.4) continue;
        const v = sampleInput(s, r, p, depth + 1);
        if (v !== undefined) out[k] = v;
      }
      return out;
    }
    case 'optional':
    case 'default':
    case 'prefault':
    case 'nonoptional':
    case 'readonly':
    case 'catch':
      return sampleInput(d.innerType!, r, p, depth + 1);
    case 'nullable':
      return r() < 0.15 ? null : sampleInput(d.innerType!, r, p, depth + 1);
    case 'pipe':
      return sampleInput(d.in!, r, p, depth + 1);
    case 'array': {
      if (depth > 4) return [];
      const n = Math.floor(r() * 3);
      return Array.from({ length: n }, () => sampleInput(d.element!, r, p, depth + 1));
    }
    case 'tuple':
      return (d.items ?? []).map((s) => sampleInput(s, r, p, depth + 1));
    case 'union':
      return sampleInput(pick(r, d.options!), r, p, depth + 1);
    case 'enum':
      return pick(r, Object.values(d.entries ?? {}));
    case 'literal':
      return pick(r, d.values ?? [null]);
    case 'record':
      return {};
    case 'lazy':
      return undefined;
    default: {
      const candidates = leafCandidates(d.type, r, p);
      const good = candidates.filter((c) => schema.safeParse(c).success);
      return good.length ? pick(r, good) : pick(r, candidates);
    }
  }
}
