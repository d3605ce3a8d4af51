import type { Database } from 'better-sqlite3';
import type { RecordStore, ServerClock } from './records';
import type { Storage } from './storage';
import type { Visibility } from './visibility';

/** What every handler works with; built once per server in server.ts (no module-level state). */
export interface CloudContext {
  db: Database;
  records: RecordStore;
  clock: ServerClock;
  visibility: Visibility;
  storage: Storage;
  now: () => number;
  signedUrlSeconds: number;
}
