import { randomUUID } from 'node:crypto';

/** ISO-8601 UTC with milliseconds: the one timestamp shape in the store. */
export const isoNow = (now: number = Date.now()): string => new Date(now).toISOString();
export const newId = (): string => randomUUID();
