import type { Kind } from './common';
export function powerKind(): Kind { throw new Error('todo'); }
