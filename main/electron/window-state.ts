import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { z } from 'zod';
import { MIN_HEIGHT, MIN_WIDTH } from './security';

/** Where and how big the main window was when it was last closed. */
export interface WindowState {
  x?: number;
  y?: number;
  width: number;
  height: number;
  maximized: boolean;
}

export interface Rect {
  x: number;
  y: number;
  width: number;
  height: number;
}

export const WINDOW_STATE_FILE = 'window-state.json';
export const DEFAULT_WINDOW_STATE: WindowState = { width: 1360, height: 860, maximized: false };

const Coord = z.number().int().min(-100_000).max(100_000);
const Size = z.number().int().min(100).max(100_000);
const Stored = z.object({ x: Coord.optional(), y: Coord.optional(), width: Size, height: Size, maximized: z.boolean().default(false) });

/** A stored state, or the default when the file is missing, unreadable or malformed. */
export function parseWindowState(text: string | null): WindowState {
  if (!text) return { ...DEFAULT_WINDOW_STATE };
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    return { ...DEFAULT_WINDOW_STATE };
  }
  const parsed = Stored.safeParse(raw);
  if (!parsed.success) return { ...DEFAULT_WINDOW_STATE };
  const { x, y, width, height, maximized } = parsed.data;
  return x !== undefined && y !== undefined ? { x, y, width, height, maximized } : { width, height, maximized };
}

function overlap(a: Rect, b: Rect): number {
  const w = Math.min(a.x + a.width, b.x + b.width) - Math.max(a.x, b.x);
  const h = Math.min(a.y + a.height, b.y + b.height) - Math.max(a.y, b.y);
  return w > 0 && h > 0 ? w * h : 0;
}

/**
 * Fits a remembered state to the screens there are now: a window whose title
 * bar would be off every screen (a monitor was unplugged) is re-centred by
 * the OS; a size larger than the biggest screen shrinks to it.
 */
export function fitToDisplays(state: WindowState, workAreas: Rect[]): WindowState {
  if (!workAreas.length) return state;
  const maxW = Math.max(...workAreas.map((a) => a.width));
  const maxH = Math.max(...workAreas.map((a) => a.height));
  const width = Math.max(Math.min(state.width, maxW), Math.min(MIN_WIDTH, maxW));
  const height = Math.max(Math.min(state.height, maxH), Math.min(MIN_HEIGHT, maxH));
  const fitted: WindowState = { width, height, maximized: state.maximized };
  if (state.x === undefined || state.y === undefined) return fitted;
  // The top strip (title bar) must be on a screen enough to grab the window.
  const titleBar: Rect = { x: state.x, y: state.y, width, height: 40 };
  const visible = workAreas.some((a) => overlap(titleBar, a) >= Math.min(100 * 40, width * 40) * 0.5);
  return visible ? { ...fitted, x: state.x, y: state.y } : fitted;
}

/** The state to remember: the normal (not maximized) bounds, and whether it was maximized. */
export function captureWindowState(win: { getNormalBounds(): Rect; isMaximized(): boolean }): WindowState {
  const b = win.getNormalBounds();
  return { x: Math.round(b.x), y: Math.round(b.y), width: Math.round(b.width), height: Math.round(b.height), maximized: win.isMaximized() };
}

export function loadWindowState(dir: string): WindowState {
  try {
    return parseWindowState(readFileSync(join(dir, WINDOW_STATE_FILE), 'utf8'));
  } catch {
    return { ...DEFAULT_WINDOW_STATE };
  }
}

/** Written beside the database; a crash mid-write leaves the previous file (write, then rename). */
export function saveWindowState(dir: string, state: WindowState): void {
  const file = join(dir, WINDOW_STATE_FILE);
  try {
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(`${file}.tmp`, JSON.stringify(state));
    renameSync(`${file}.tmp`, file);
  } catch {
    /* a read-only profile: the window simply opens at the default size next time */
  }
}
