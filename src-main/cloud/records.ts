import type { Database, Statement } from 'better-sqlite3';
import type { CloudRecord, SyncEntityName } from '../../src-shared/cloud';
import { formatHlc, parseHlc, receive, tick, type HlcState } from '../core/sync/hlc';
import type { FieldValue } from '../core/sync/entities';

export type FieldMap = Record<string, { value: FieldValue; hlc: string }>;

export interface StoredRecord {
  entity: SyncEntityName;
  id: string;
  fields: FieldMap;
  deleted: boolean;
  audience: string[] | null;
  seq: number;
}

interface RecordRow {
  entity: string;
  id: string;
  fields: string;
  deleted: number;
  audience: string | null;
  seq: number;
}

/** The server's clock id: stamps it makes (renames, registrations, roster rows) sort by this id on ties. */
export const SERVER_CLIENT_ID = '0000000000000000';

export const rowToStored = (row: RecordRow): StoredRecord => ({
  entity: row.entity as SyncEntityName,
  id: row.id,
  fields: JSON.parse(row.fields) as FieldMap,
  deleted: row.deleted === 1,
  audience: row.audience === null ? null : (JSON.parse(row.audience) as string[]),
  seq: row.seq,
});

export const toCloudRecord = (r: StoredRecord): CloudRecord => ({ entity: r.entity, id: r.id, deleted: r.deleted, fields: r.fields });

/**
 * `cloud_records`: the truth pull returns. Every write takes the next `seq`, so "changed since cursor"
 * is an index range scan; callers run inside a transaction, which keeps `MAX(seq) + 1` race-free
 * (better-sqlite3 is synchronous and the cloud has one connection).
 */
export class RecordStore {
  private readonly getStmt: Statement;
  private readonly nextSeqStmt: Statement;
  private readonly upsertStmt: Statement;
  private readonly bumpStmt: Statement;

  constructor(db: Database) {
    this.getStmt = db.prepare('SELECT entity, id, fields, deleted, audience, seq FROM cloud_records WHERE entity = ? AND id = ?');
    this.nextSeqStmt = db.prepare('SELECT COALESCE(MAX(seq), 0) + 1 FROM cloud_records').pluck();
    this.upsertStmt = db.prepare(
      `INSERT INTO cloud_records (entity, id, fields, deleted, audience, seq) VALUES (@entity, @id, @fields, @deleted, @audience, @seq)
       ON CONFLICT (entity, id) DO UPDATE SET fields = excluded.fields, deleted = excluded.deleted,
         audience = excluded.audience, seq = excluded.seq`,
    );
    this.bumpStmt = db.prepare('UPDATE cloud_records SET seq = ? WHERE entity = ? AND id = ? AND deleted = 0');
  }

  get(entity: SyncEntityName, id: string): StoredRecord | undefined {
    const row = this.getStmt.get(entity, id) as RecordRow | undefined;
    return row && rowToStored(row);
  }

  write(entity: SyncEntityName, id: string, fields: FieldMap, deleted = false, audience: string[] | null = null): StoredRecord {
    const seq = this.nextSeqStmt.get() as number;
    this.upsertStmt.run({ entity, id, fields: JSON.stringify(fields), deleted: deleted ? 1 : 0, audience: audience && JSON.stringify(audience), seq });
    return { entity, id, fields, deleted, audience, seq };
  }

  /** Moves a live record to the end of the change order, so it is pulled again (its visibility changed). */
  bump(entity: SyncEntityName, id: string): void {
    this.bumpStmt.run(this.nextSeqStmt.get() as number, entity, id);
  }
}

/**
 * The server's hybrid logical clock: never behind any stamp it has accepted, persisted in
 * `cloud_meta`, so a stamp it makes always wins over what it has seen (a rename beats the name sent).
 */
export class ServerClock {
  private state: HlcState;
  private readonly save: Statement;

  constructor(
    db: Database,
    private readonly now: () => number,
  ) {
    const stored = db.prepare("SELECT value FROM cloud_meta WHERE key = 'hlc'").pluck().get() as string | undefined;
    this.state = stored ? parseHlc(stored) : { millis: 0, counter: 0 };
    this.save = db.prepare("INSERT INTO cloud_meta (key, value) VALUES ('hlc', ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value");
  }

  /** Throws when the stamp is further ahead of our wall clock than MAX_DRIFT_MS (desktops refuse those too). */
  observe(stamp: string): void {
    this.state = receive(this.state, parseHlc(stamp), this.now());
    this.save.run(formatHlc(this.state, SERVER_CLIENT_ID));
  }

  stamp(): string {
    this.state = tick(this.state, this.now());
    const stamp = formatHlc(this.state, SERVER_CLIENT_ID);
    this.save.run(stamp);
    return stamp;
  }

  nowIso(): string {
    return new Date(this.now()).toISOString();
  }
}
