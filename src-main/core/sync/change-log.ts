import type { Database, Statement } from 'better-sqlite3';
import { formatHlc, parseHlc, receive, tick, type HlcState } from './hlc';
import { SYNC_ENTITIES, type FieldValue, type SyncEntity } from './entities';

/**
 * Records every local change for the sync engine, in the caller's transaction: one outbox mutation
 * with a clock stamp per changed field, the per-field clocks, and the record's sync state. A change
 * and its outbox row commit together or not at all.
 */
export class ChangeLog {
  readonly clientId: string;
  private state: HlcState;
  private readonly insertOutbox: Statement;
  private readonly upsertClock: Statement;
  private readonly markPending: Statement;
  private readonly saveClock: Statement;

  constructor(
    private readonly db: Database,
    private readonly now: () => number = Date.now,
  ) {
    const profile = db.prepare('SELECT sync_client_id, hlc_last FROM local_profile WHERE singleton = 1').get() as
      | { sync_client_id: string; hlc_last: string }
      | undefined;
    if (!profile) throw new Error('change log: this database has no local profile');
    this.clientId = profile.sync_client_id;
    this.state = profile.hlc_last ? parseHlc(profile.hlc_last) : { millis: 0, counter: 0 };
    this.insertOutbox = db.prepare(
      'INSERT INTO sync_outbox (client_id, entity, op, record_id, fields) VALUES (?, ?, ?, ?, ?)',
    );
    this.upsertClock = db.prepare(
      `INSERT INTO sync_field_clock (entity, record_id, field, hlc) VALUES (?, ?, ?, ?)
       ON CONFLICT (entity, record_id, field) DO UPDATE SET hlc = excluded.hlc`,
    );
    this.markPending = db.prepare(
      `INSERT INTO sync_record_state (entity, record_id, state) VALUES (?, ?, 'pending')
       ON CONFLICT (entity, record_id) DO UPDATE SET state = 'pending', last_error = NULL,
         updated_at = strftime('%Y-%m-%dT%H:%M:%fZ', 'now')`,
    );
    this.saveClock = db.prepare('UPDATE local_profile SET hlc_last = ? WHERE singleton = 1');
  }

  /** Records the given columns of a record as written now. Unsynced columns are dropped. */
  upsert(entity: SyncEntity, id: string, values: Record<string, unknown>): void {
    this.assertInTransaction();
    const synced: readonly string[] = SYNC_ENTITIES[entity].columns;
    const stamp = this.nextStamp();
    const fields: Record<string, { value: FieldValue; hlc: string }> = {};
    for (const [column, value] of Object.entries(values)) {
      if (!synced.includes(column)) continue;
      fields[column] = { value: value as FieldValue, hlc: stamp };
      this.upsertClock.run(entity, id, column, stamp);
    }
    if (Object.keys(fields).length === 0) return;
    this.insertOutbox.run(this.clientId, entity, 'upsert', id, JSON.stringify(fields));
    this.markPending.run(entity, id);
  }

  delete(entity: SyncEntity, id: string): void {
    this.assertInTransaction();
    const stamp = this.nextStamp();
    this.insertOutbox.run(this.clientId, entity, 'delete', id, JSON.stringify({ _deleted: { value: 1, hlc: stamp } }));
    this.markPending.run(entity, id);
  }

  /** Moves our clock past a stamp that came from elsewhere, so our next change sorts after it. */
  observe(stamp: string): void {
    this.state = receive(this.state, parseHlc(stamp), this.now());
    this.saveClock.run(formatHlc(this.state, this.clientId));
  }

  private nextStamp(): string {
    this.state = tick(this.state, this.now());
    const stamp = formatHlc(this.state, this.clientId);
    this.saveClock.run(stamp);
    return stamp;
  }

  private assertInTransaction(): void {
    if (!this.db.inTransaction) throw new Error('change log: a change must be recorded inside its write transaction');
  }
}
