import type { z } from 'zod';
import type { CallKind, CallSpec } from './define';
import { boardCalls } from './boards';
import { bootCalls } from './boot';
import { calendarCalls } from './calendar';
import { figureCalls } from './figures';
import { maintenanceCalls } from './maintenance';
import { meetingCalls } from './meetings';
import { peopleCalls } from './people';
import { projectCalls } from './projects';
import { reportCalls } from './reports';
import { reviewCalls } from './reviews';
import { rotaCalls } from './rota';
import { gearCalls } from './gear';
import { timelineCalls } from './timeline';
import { notificationCalls } from './notifications';
import { searchCalls } from './search';
import { syncCalls } from './sync';
import { workloadCalls } from './workload';
import { workspaceCalls } from './workspace';

export * from './define';
export * from './boards';
export * from './boot';
export * from './calendar';
export * from './figures';
export * from './maintenance';
export * from './meetings';
export * from './people';
export * from './projects';
export * from './reports';
export * from './reviews';
export * from './rota';
export * from './gear';
export * from './timeline';
export * from './notifications';
export * from './search';
export * from './sync';
export * from './workload';
export * from './workspace';

/**
 * Every call between renderer and backend, declared once. Each feature keeps its
 * calls in its own file and is merged here; a name declared twice is a startup
 * error (see assertUniqueNames), and main refuses to start with a call that has
 * no handler.
 */
const parts = [bootCalls, workspaceCalls, peopleCalls, projectCalls, boardCalls, meetingCalls, figureCalls, calendarCalls, workloadCalls, reportCalls, reviewCalls, rotaCalls, gearCalls, timelineCalls, notificationCalls, maintenanceCalls, searchCalls, syncCalls] as const;

export const contract = {
  ...bootCalls,
  ...workspaceCalls,
  ...peopleCalls,
  ...projectCalls,
  ...boardCalls,
  ...meetingCalls,
  ...figureCalls,
  ...calendarCalls,
  ...workloadCalls,
  ...reportCalls,
  ...reviewCalls,
  ...rotaCalls,
  ...gearCalls,
  ...timelineCalls,
  ...notificationCalls,
  ...maintenanceCalls,
  ...searchCalls,
  ...syncCalls,
};

export type Contract = typeof contract;
export type CallName = keyof Contract;
export type CallInput<K extends CallName> = z.input<Contract[K]['input']>;
export type CallParsed<K extends CallName> = z.output<Contract[K]['input']>;
export type CallResult<K extends CallName> = Contract[K] extends CallSpec<z.ZodType, infer R, CallKind> ? R : never;
export type CallKindOf<K extends CallName> = Contract[K]['kind'];

export const CALL_NAMES = Object.keys(contract) as CallName[];

/** Spreading hides a name declared in two parts; this catches it. */
export function assertUniqueNames(): void {
  const seen = new Set<string>();
  for (const part of parts) {
    for (const name of Object.keys(part)) {
      if (seen.has(name)) throw new Error(`contract call declared twice: ${name}`);
      seen.add(name);
    }
  }
}

export function isCallName(name: string): name is CallName {
  return Object.prototype.hasOwnProperty.call(contract, name);
}
