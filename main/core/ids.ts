import { v7 } from 'uuid';

/** UUIDv7: time-ordered, so ids sort by creation and stay unique across machines (sync). */
export const newId = (): string => v7();
