import type { Statement } from 'better-sqlite3';
import { CoreError } from '../errors';
import type { ProfileStore } from '../store';
import { SYNC_ENTITIES, SYNC_ORDER, isSyncEntity, type FieldValue, type SyncEntity } from './entities';

/** A record as it comes from the cloud (or the demo): the same shape the outbox pushes. */
export interface RemoteRecord {
  entity: SyncEntity;
  op: 'upsert' | 'delete';
  id: string;
  fields: Record<string, { value: FieldValue; hlc: string }>;
  /** For a media asset whose bytes came along: a file to take in, verified against the checksum. */
  file?: string;
}

export interface ApplyResult {
  applied: number;
  /** Fields left as they were because our own write was newer (last writer wins, per field). */
  skippedFields: number;
}

/**
 * The one path for writes that come from elsewhere: other users' records, the roster, deletes. It
 * writes no outbox rows (these are not our changes), keeps the newest value of every field by its
 * clock, and takes media bytes only through the verified media store under the remote asset's id.
 * The whole batch commits together.
 */
export async function applyRemote(store: ProfileStore, records: readonly RemoteRecord[]): Promise<ApplyResult> {
  for (const r of records) {
    if (!isSyncEntity(r.entity)) throw new CoreError('bad-input', `Unknown entity “${String(r.entity)}”.`);
    const allowed: readonly string[] = SYNC_ENTITIES[r.entity].columns;
    const unknown = Object.keys(r.fields).filter((f) => !allowed.includes(f));
    if (r.op === 'upsert' && unknown.length > 0) throw new CoreError('bad-input', `${r.entity}: not synced fields ${unknown.join(', ')}.`);
  }

  // Bytes first, outside the transaction: hashing a large file must not hold the write lock. A
  // mismatch refuses the whole batch before anything is written.
  const stored = new Map<string, string>();
  for (const r of records) {
    if (r.entity !== 'videoasset' || r.op !== 'upsert' || !r.file) continue;
    const expected = r.fields['checksum_sha256']?.value;
    if (typeof expected !== 'string') throw new CoreError('bad-input', 'A media asset with bytes needs its checksum.');
    const file = await store.media.ingest(r.file, { expectedSha256: expected });
    const size = r.fields['size_bytes']?.value;
    if (size !== undefined && size !== file.sizeBytes) {
      // The bytes are right by their hash, so the record is wrong: refuse it rather than store a lie.
      if (store.assets.rowsUsingFile(file.storagePath) === 0) await store.media.remove(file.storagePath);
      for (const path of stored.values()) if (store.assets.rowsUsingFile(path) === 0) await store.media.remove(path);
      throw new CoreError('bad-input', `The media record says ${String(size)} bytes; its file has ${file.sizeBytes}. Nothing was stored.`);
    }
    stored.set(r.id, file.storagePath);
  }

  let result: WriteResult;
  try {
    result = store.write(() => writeRemoteRecords(store, records, stored));
  } catch (error) {
    // Bytes taken in for a batch that did not commit belong to nothing: remove them again.
    for (const path of stored.values()) if (store.assets.rowsUsingFile(path) === 0) await store.media.remove(path);
    throw asRefusal(error);
  }
  for (const path of result.released) if (store.assets.rowsUsingFile(path) === 0) await store.media.remove(path);
  return { applied: result.applied, skippedFields: result.skippedFields };
}

interface WriteResult {
  applied: number;
  skippedFields: number;
  /** Files no longer used by a deleted asset, to remove once the transaction has committed. */
  released: string[];
}

const ORDER = new Map(SYNC_ORDER.map((entity, i) => [entity, i]));
function inApplyOrder(records: readonly RemoteRecord[]): RemoteRecord[] {
  const rank = (r: RemoteRecord) => (r.op === 'delete' ? 100 : 0) + (ORDER.get(r.entity) ?? 99);
  return records.map((r, i) => ({ r, i })).sort((x, y) => rank(x.r) - rank(y.r) || x.i - y.i).map((x) => x.r);
}

/**
 * Writes remote records in the caller's transaction (last writer wins per field, no outbox rows).
 * `stored` maps asset ids to bytes already taken into the media store for them.
 */
export function writeRemoteRecords(store: ProfileStore, records: readonly RemoteRecord[], stored: ReadonlyMap<string, string> = new Map()): WriteResult {
  const cache = new Map<string, Statement>();
  const sql = (text: string): Statement => {
    let stmt = cache.get(text);
    if (!stmt) cache.set(text, (stmt = store.db.prepare(text)));
    return stmt;
  };
  let applied = 0;
  let skippedFields = 0;
  const released: string[] = [];
  // References are checked when the batch commits, not row by row: a batch may hold a child before
  // its parent. Parents go first anyway (triggers look their parents up), deletes last.
  store.db.pragma('defer_foreign_keys = ON');
  for (const r of inApplyOrder(records)) {
    const { table } = SYNC_ENTITIES[r.entity];
    if (r.op === 'delete') {
      if (r.entity === 'videoasset') {
        const path = store.assets.get(r.id)?.storage_path;
        if (path) released.push(path);
      }
      sql(`DELETE FROM ${table} WHERE id = ?`).run(r.id);
      sql('DELETE FROM sync_field_clock WHERE entity = ? AND record_id = ?').run(r.entity, r.id);
      applied++;
      continue;
    }
    const newer: Record<string, FieldValue> = {};
    for (const [field, { value, hlc }] of Object.entries(r.fields)) {
      const local = (sql('SELECT hlc FROM sync_field_clock WHERE entity = ? AND record_id = ? AND field = ?').get(r.entity, r.id, field) as
        | { hlc: string }
        | undefined)?.hlc;
      if (local !== undefined && local >= hlc) {
        skippedFields++;
        continue;
      }
      newer[field] = value;
      sql(
        `INSERT INTO sync_field_clock (entity, record_id, field, hlc) VALUES (?, ?, ?, ?)
         ON CONFLICT (entity, record_id, field) DO UPDATE SET hlc = excluded.hlc`,
      ).run(r.entity, r.id, field, hlc);
      store.changes.observe(hlc);
    }
    const exists = sql(`SELECT 1 FROM ${table} WHERE id = ?`).get(r.id) !== undefined;
    if (r.entity === 'videoasset' && !exists) {
      const path = stored.get(r.id) ?? null;
      newer['storage_path'] = path;
      newer['local_state'] = path ? 'local' : 'remote';
    } else if (r.entity === 'videoasset' && stored.has(r.id)) {
      newer['storage_path'] = stored.get(r.id)!;
      newer['local_state'] = 'local';
    }
    const columns = Object.keys(newer);
    if (columns.length === 0) continue;
    if (exists) {
      sql(`UPDATE ${table} SET ${columns.map((c) => `${c} = @${c}`).join(', ')} WHERE id = @id`).run({ ...newer, id: r.id });
    } else {
      sql(`INSERT INTO ${table} (id, ${columns.join(', ')}) VALUES (@id, ${columns.map((c) => `@${c}`).join(', ')})`).run({
        ...newer,
        id: r.id,
      });
    }
    applied++;
  }
  return { applied, skippedFields, released };
}

/** A record the store's rules refuse becomes a clear, coded error naming the rule (the batch wrote nothing). */
function asRefusal(error: unknown): unknown {
  const code = (error as { code?: unknown }).code;
  if (typeof code !== 'string' || !code.startsWith('SQLITE_CONSTRAINT')) return error;
  return new CoreError('bad-input', `A record from the cloud breaks a rule of the local store (${(error as Error).message}); nothing from its batch was written.`);
}
