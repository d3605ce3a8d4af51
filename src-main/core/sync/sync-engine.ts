import { rm } from 'node:fs/promises';
import { PassThrough } from 'node:stream';
import type { Statement } from 'better-sqlite3';
import { CoreError } from '../errors';
import { PUSH_MAX_MUTATIONS, type CloudMutation, type CloudRecord, type MutationResult } from '../../../src-shared/cloud';
import { CHANGED_FILE_ERROR } from '../db/repos/assets-repo';
import type { ProfileStore } from '../store';
import { applyRemote, writeRemoteRecords, type RemoteRecord } from './apply-remote';
import { CloudCallError, type CloudClient } from './cloud-client';
import { SYNC_ENTITIES, SYNC_REFERENCES, TAGGABLE, type FieldValue, type SyncEntity } from './entities';
import { getToSink } from './transfer';
import { Uploader, type UploadJob } from './uploader';

/** What one pass moved, for the status line and the tests. */
export interface SyncPass {
  pushed: number;
  pulled: number;
  uploadedBytes: number;
  uploadedParts: number;
  /** Things the user should be told (a record renamed, a record the cloud refused). */
  notices: string[];
}

export interface SyncProgress {
  phase: 'uploading' | 'pushing' | 'pulling' | 'downloading';
  /** Items done and to do in this phase (records or files). */
  done: number;
  total: number;
  bytesDone: number;
  bytesTotal: number;
}

interface OutboxRow {
  mutation_id: number;
  client_id: string;
  entity: SyncEntity;
  op: 'upsert' | 'delete';
  record_id: string;
  fields: string;
}

export interface SyncEngineOptions {
  store: ProfileStore;
  /** The profile's user: only their own assets' bytes are uploaded. */
  actorId: string;
  cloud: () => CloudClient;
  /** Records changed by sync: the shells reload what shows them. */
  onChanged?: (entities: string[]) => void;
  /** An asset's bytes arrived: make its poster, filmstrip and proxy. */
  onAssetArrived?: (assetId: string) => void;
  onProgress?: (progress: SyncProgress) => void;
  /** Files uploaded side by side (parts of one file go one after another). */
  uploadConcurrency?: number;
  pullLimit?: number;
  idleTimeoutMs?: number;
}

/**
 * One profile's sync: push the outbox in order (the bytes of its assets first), then pull what changed
 * since the cursor. Every step is idempotent: a pass cut short anywhere (a crash, a lost network) is
 * finished by the next one without losing or duplicating anything.
 */
export class SyncEngine {
  readonly uploader: Uploader;
  private readonly sql: Record<string, Statement>;
  private readonly store: ProfileStore;
  private readonly downloading = new Set<string>();

  constructor(private readonly options: SyncEngineOptions) {
    this.store = options.store;
    const db = options.store.db;
    this.uploader = new Uploader(db, options.cloud, { idleTimeoutMs: options.idleTimeoutMs });
    this.sql = {
      outbox: db.prepare('SELECT mutation_id, client_id, entity, op, record_id, fields FROM sync_outbox ORDER BY mutation_id LIMIT ?'),
      outboxCount: db.prepare('SELECT count(*) AS n FROM sync_outbox'),
      dropOutbox: db.prepare('DELETE FROM sync_outbox WHERE mutation_id = ?'),
      requeue: db.prepare('INSERT INTO sync_outbox (client_id, entity, op, record_id, fields) SELECT client_id, entity, op, record_id, fields FROM sync_outbox WHERE mutation_id = ?'),
      pendingFor: db.prepare('SELECT 1 FROM sync_outbox WHERE entity = ? AND record_id = ? LIMIT 1'),
      setState: db.prepare(
        `INSERT INTO sync_record_state (entity, record_id, state, last_error) VALUES (?, ?, ?, ?)
         ON CONFLICT (entity, record_id) DO UPDATE SET state = excluded.state, last_error = excluded.last_error,
           updated_at = strftime('%Y-%m-%dT%H:%M:%fZ', 'now')`,
      ),
      cursor: db.prepare('SELECT pull_cursor FROM sync_state WHERE singleton = 1'),
      saveCursor: db.prepare("UPDATE sync_state SET pull_cursor = ?, last_sync_at = strftime('%Y-%m-%dT%H:%M:%fZ', 'now') WHERE singleton = 1"),
      asset: db.prepare('SELECT owner, storage_path, mime_type, size_bytes, checksum_sha256, local_state FROM core_videoasset WHERE id = ?'),
      remoteAssets: db.prepare(
        "SELECT id FROM core_videoasset WHERE local_state = 'remote' AND checksum_sha256 IS NOT NULL ORDER BY created_at DESC LIMIT ?",
      ),
      setLocalFile: db.prepare("UPDATE core_videoasset SET storage_path = ?, local_state = 'local' WHERE id = ?"),
      setAssetState: db.prepare('UPDATE core_videoasset SET local_state = ? WHERE id = ?'),
    };
  }

  /** Mutations waiting to be pushed. */
  pendingCount(): number {
    return (this.sql.outboxCount!.get() as { n: number }).n;
  }

  async syncOnce(): Promise<SyncPass> {
    const pass: SyncPass = { pushed: 0, pulled: 0, uploadedBytes: 0, uploadedParts: 0, notices: [] };
    await this.push(pass);
    await this.pull(pass);
    return pass;
  }

  // --------------------------------------------------------------------------------------------- push

  async push(pass: SyncPass): Promise<void> {
    for (;;) {
      const rows = this.sql.outbox!.all(PUSH_MAX_MUTATIONS) as OutboxRow[];
      if (rows.length === 0) return;
      // A damaged file's records leave the outbox there; the batch is read again without them.
      if (await this.uploadBytesFor(rows, pass)) continue;
      // Mutations are sent under the client id they were written with (an imported profile's are
      // re-stamped), grouped in runs of one client id, in order.
      const firstOther = rows.findIndex((r) => r.client_id !== rows[0]!.client_id);
      const run = firstOther === -1 ? rows : rows.slice(0, firstOther);
      const mutations: CloudMutation[] = run.map((r) => ({
        clientId: r.client_id,
        mutationId: r.mutation_id,
        entity: r.entity,
        op: r.op,
        id: r.record_id,
        fields: JSON.parse(r.fields) as CloudMutation['fields'],
      }));
      this.options.onProgress?.({ phase: 'pushing', done: 0, total: mutations.length, bytesDone: 0, bytesTotal: 0 });
      const response = await this.options.cloud().push(run[0]!.client_id, mutations);
      if (response.results.length === 0) throw new CloudCallError('The cloud answered none of the changes sent.', null, 'bad-answer');
      const byId = new Map(run.map((r) => [r.mutation_id, r]));
      const rewritten = new Set<number>();
      const changed = new Set<string>();
      for (const result of response.results) {
        const row = byId.get(result.mutationId);
        if (!row) throw new CloudCallError('The cloud answered a change that was not sent.', null, 'bad-answer');
        await this.settle(row, result, rewritten, changed, pass);
        pass.pushed++;
      }
      if (changed.size > 0) this.options.onChanged?.([...changed]);
    }
  }

  /**
   * The bytes of every asset of ours in this batch reach the cloud before the records that name them.
   * Answers true when a file turned out damaged on this machine and its records left the outbox.
   */
  private async uploadBytesFor(rows: readonly OutboxRow[], pass: SyncPass): Promise<boolean> {
    const jobs: (UploadJob & { rows: OutboxRow[]; storagePath: string })[] = [];
    const bySha = new Map<string, (typeof jobs)[number]>();
    for (const row of rows) {
      if (row.entity !== 'videoasset' || row.op !== 'upsert') continue;
      const asset = this.sql.asset!.get(row.record_id) as
        | { owner: string; storage_path: string | null; mime_type: string; size_bytes: number | null; checksum_sha256: string | null; local_state: string }
        | undefined;
      if (!asset || asset.owner !== this.options.actorId || !asset.checksum_sha256 || !asset.storage_path || !asset.size_bytes) continue;
      if (asset.local_state !== 'local' || this.uploader.isUploaded(asset.checksum_sha256)) continue;
      const same = bySha.get(asset.checksum_sha256);
      if (same) {
        same.rows.push(row);
        continue;
      }
      const job = {
        sha256: asset.checksum_sha256,
        size: asset.size_bytes,
        mimeType: asset.mime_type,
        file: this.store.media.absolute(asset.storage_path),
        rows: [row],
        storagePath: asset.storage_path,
      };
      bySha.set(job.sha256, job);
      jobs.push(job);
    }
    if (jobs.length === 0) return false;
    const bytesTotal = jobs.reduce((n, j) => n + j.size, 0);
    let bytesDone = 0;
    let done = 0;
    let dropped = false;
    const report = () => this.options.onProgress?.({ phase: 'uploading', done, total: jobs.length, bytesDone, bytesTotal });
    report();
    let next = 0;
    const worker = async () => {
      while (next < jobs.length) {
        const job = jobs[next++]!;
        try {
          const outcome = await this.uploader.upload(job, (n) => {
            bytesDone += n;
            report();
          });
          pass.uploadedBytes += outcome.sentBytes;
          pass.uploadedParts += outcome.sentParts;
        } catch (error) {
          if (!(await this.isDamaged(error, job))) throw error;
          this.dropDamaged(job, pass);
          dropped = true;
        }
        done++;
        report();
      }
    };
    await Promise.all(Array.from({ length: Math.min(this.options.uploadConcurrency ?? 4, jobs.length) }, worker));
    return dropped;
  }

  /**
   * The cloud refused the bytes twice as not the ones promised: either the network damaged them (sent
   * again on the next pass) or the file on this machine is no longer what was imported. Only the
   * file's own SHA-256 tells which.
   */
  private async isDamaged(error: unknown, job: { sha256: string; storagePath: string }): Promise<boolean> {
    if (!(error instanceof CloudCallError) || error.code !== 'checksum-mismatch') return false;
    return (await this.store.media.hash(job.storagePath)) !== job.sha256;
  }

  /**
   * A damaged file is never sent: its records leave the outbox as refused, with the reason in the sync
   * panel and on the video (as "Check file" would say), and the rest of the work goes on.
   */
  private dropDamaged(job: { rows: OutboxRow[] }, pass: SyncPass): void {
    const reason = 'The file on this computer no longer matches the video that was imported (it changed or is damaged), so it was not sent.';
    this.store.write(() => {
      for (const row of job.rows) {
        this.sql.dropOutbox!.run(row.mutation_id);
        this.sql.setState!.run(row.entity, row.record_id, 'rejected', reason);
        this.store.assets.setValidation(row.record_id, false, this.store.time(), [CHANGED_FILE_ERROR]);
      }
    });
    pass.notices.push(`A video was not sent: ${reason}`);
    this.options.onChanged?.(['videoasset']);
  }

  private async settle(row: OutboxRow, result: MutationResult, rewritten: Set<number>, changed: Set<string>, pass: SyncPass): Promise<void> {
    const status = result.status === 'duplicate' ? result.original : result.status;
    const record = result.status === 'conflict' || result.status === 'duplicate' ? result.record : undefined;
    if (status === 'rejected') {
      if (rewritten.has(row.mutation_id)) {
        // Sent with an id the cloud had just merged away; it now names the surviving record. Send it
        // again under a new mutation id (the old one's answer is final).
        this.store.write(() => {
          this.sql.requeue!.run(row.mutation_id);
          this.sql.dropOutbox!.run(row.mutation_id);
        });
        return;
      }
      const message = result.status === 'rejected' ? result.message : 'The cloud refused this change.';
      this.store.write(() => {
        this.sql.dropOutbox!.run(row.mutation_id);
        this.sql.setState!.run(row.entity, row.record_id, 'rejected', message);
      });
      pass.notices.push(`A change to ${row.entity} ${row.record_id} was refused by the cloud: ${message}`);
      return;
    }
    if (status === 'conflict' && record) {
      const reason = result.status === 'conflict' ? result.reason : null;
      if (reason === 'merged' && record.id !== row.record_id) {
        const rows = this.remap(row.entity, row.record_id, record);
        for (const id of rows) rewritten.add(id);
      } else {
        await this.applyCloudRecords([record], changed);
      }
      if (reason === 'renamed') {
        pass.notices.push(`“${String(record.fields['name']?.value ?? '')}”: another device of yours had a ${row.entity} with the same name, so this one was renamed.`);
      }
      changed.add(row.entity);
    }
    this.store.write(() => {
      this.sql.dropOutbox!.run(row.mutation_id);
      const pending = this.sql.pendingFor!.get(row.entity, row.record_id) !== undefined;
      if (!pending) this.sql.setState!.run(row.entity, row.record_id, 'synced', null);
    });
  }

  /**
   * The cloud already had this record under another id (a tag by name, a clip by its hash…): ours
   * becomes that one. References move to the surviving id, pending mutations are rewritten to name it,
   * and what describes our copy on this machine (its file, its posters) is kept. Answers the mutation
   * ids that were rewritten.
   */
  private remap(entity: SyncEntity, fromId: string, record: CloudRecord): number[] {
    const db = this.store.db;
    const toId = record.id;
    const { table, columns } = SYNC_ENTITIES[entity];
    const rewrittenIds: number[] = [];
    this.store.write(() => {
      db.pragma('defer_foreign_keys = ON');
      const old = db.prepare(`SELECT * FROM ${table} WHERE id = ?`).get(fromId) as Record<string, FieldValue> | undefined;
      const refs = SYNC_REFERENCES[entity];
      for (const [refEntity, column] of refs) {
        const refTable = SYNC_ENTITIES[refEntity].table;
        db.prepare(`UPDATE OR IGNORE ${refTable} SET ${column} = ? WHERE ${column} = ?`).run(toId, fromId);
        db.prepare(`DELETE FROM ${refTable} WHERE ${column} = ?`).run(fromId);
      }
      const contentType = TAGGABLE[entity];
      if (contentType) {
        db.prepare('UPDATE OR IGNORE content_tags SET content_id = ? WHERE content_type = ? AND content_id = ?').run(toId, contentType, fromId);
      }
      db.prepare(`DELETE FROM ${table} WHERE id = ?`).run(fromId);
      db.prepare('DELETE FROM sync_field_clock WHERE entity = ? AND record_id = ?').run(entity, fromId);
      db.prepare('DELETE FROM sync_record_state WHERE entity = ? AND record_id = ?').run(entity, fromId);
      const exists = db.prepare(`SELECT 1 FROM ${table} WHERE id = ?`).get(toId) !== undefined;
      if (!exists && old && !record.deleted) {
        // The surviving record with our machine's own columns (file, posters, processing state).
        const row: Record<string, FieldValue> = {};
        for (const [k, v] of Object.entries(old)) if (k !== 'id' && !(columns as readonly string[]).includes(k)) row[k] = v;
        for (const [k, { value }] of Object.entries(record.fields)) row[k] = value;
        const names = Object.keys(row);
        db.prepare(`INSERT INTO ${table} (id, ${names.join(', ')}) VALUES (@id, ${names.map((n) => `@${n}`).join(', ')})`).run({ ...row, id: toId });
      }
      writeRemoteRecords(this.store, [toRemote(record)]);
      // Pending changes that name the old id now name the survivor.
      const pending = db.prepare('SELECT mutation_id, entity, record_id, fields FROM sync_outbox').all() as OutboxRow[];
      for (const p of pending) {
        let touched = p.entity === entity && p.record_id === fromId;
        const fields = JSON.parse(p.fields) as Record<string, { value: FieldValue; hlc: string }>;
        for (const [refEntity, column] of refs) {
          if (p.entity === refEntity && fields[column]?.value === fromId) {
            fields[column]!.value = toId;
            touched = true;
          }
        }
        if (contentType && p.entity === 'content_tag' && fields['content_id']?.value === fromId && fields['content_type']?.value === contentType) {
          fields['content_id']!.value = toId;
          touched = true;
        }
        if (!touched) continue;
        db.prepare('UPDATE sync_outbox SET record_id = ?, fields = ? WHERE mutation_id = ?').run(
          p.entity === entity && p.record_id === fromId ? toId : p.record_id,
          JSON.stringify(fields),
          p.mutation_id,
        );
        rewrittenIds.push(p.mutation_id);
      }
    });
    return rewrittenIds;
  }

  // --------------------------------------------------------------------------------------------- pull

  async pull(pass: SyncPass): Promise<void> {
    let cursor = (this.sql.cursor!.get() as { pull_cursor: string }).pull_cursor;
    const changed = new Set<string>();
    let batch: CloudRecord[] = [];
    for (;;) {
      const page = await this.options.cloud().pull(cursor, this.options.pullLimit);
      batch.push(...page.records);
      this.options.onProgress?.({ phase: 'pulling', done: batch.length, total: batch.length + (page.more ? 1 : 0), bytesDone: 0, bytesTotal: 0 });
      // A page may name a parent that comes on the next one: apply when the feed is drained, or in
      // large batches (which are applied with references checked at their end).
      if (!page.more || batch.length >= 5000) {
        await this.applyCloudRecords(batch, changed);
        pass.pulled += batch.length;
        batch = [];
        this.sql.saveCursor!.run(page.cursor);
      }
      cursor = page.cursor;
      if (!page.more) break;
    }
    if (changed.size > 0) this.options.onChanged?.([...changed]);
  }

  /** Applies records from the cloud; a batch the store refuses is applied one by one, and what fails is reported. */
  private async applyCloudRecords(records: readonly CloudRecord[], changed: Set<string>): Promise<void> {
    if (records.length === 0) return;
    const remote = records.map(toRemote);
    try {
      await applyRemote(this.store, remote);
    } catch {
      for (const r of remote) {
        try {
          await applyRemote(this.store, [r]);
        } catch (error) {
          this.store.write(() => this.sql.setState!.run(r.entity, r.id, 'conflict', `Could not be stored here: ${(error as Error).message}`));
        }
      }
    }
    for (const r of records) changed.add(r.entity);
  }

  // ----------------------------------------------------------------------------------------- download

  /** Assets shared with us whose bytes are not here yet, newest first. */
  remoteAssets(limit = 50): string[] {
    return (this.sql.remoteAssets!.all(limit) as { id: string }[]).map((r) => r.id);
  }

  /**
   * Fetches an asset's bytes through a signed URL into the media store: hashed while written to a
   * temporary file, renamed into place only if size and SHA-256 match the record.
   */
  async download(assetId: string, onBytes?: (bytes: number) => void): Promise<void> {
    const asset = this.sql.asset!.get(assetId) as { checksum_sha256: string | null; size_bytes: number | null; local_state: string } | undefined;
    if (!asset?.checksum_sha256 || asset.local_state === 'local' || this.downloading.has(assetId)) return;
    this.downloading.add(assetId);
    try {
      await this.fetchBytes(assetId, asset as { checksum_sha256: string; size_bytes: number | null; local_state: string }, onBytes);
    } finally {
      this.downloading.delete(assetId);
    }
  }

  private async fetchBytes(assetId: string, asset: { checksum_sha256: string; size_bytes: number | null; local_state: string }, onBytes?: (bytes: number) => void): Promise<void> {
    const signed = await this.options.cloud().download(assetId);
    if (signed.sha256 !== asset.checksum_sha256) throw new CloudCallError('The cloud offered other bytes than the record names.', null, 'checksum-mismatch');
    this.store.write(() => this.sql.setAssetState!.run('downloading', assetId));
    this.options.onChanged?.(['videoasset']);
    try {
      const pipe = new PassThrough({ highWaterMark: 1 << 20 });
      const receiving = this.store.media.receive(pipe, { expectedSha256: asset.checksum_sha256, expectedSize: asset.size_bytes ?? undefined });
      const got = getToSink(signed.request, pipe, { onBytes, idleTimeoutMs: this.options.idleTimeoutMs }).then(
        (r) => {
          pipe.end();
          return r;
        },
        (error: unknown) => {
          pipe.destroy(error as Error);
          throw error;
        },
      );
      const [file] = await Promise.all([receiving, got]);
      this.store.write(() => this.sql.setLocalFile!.run(file.storagePath, assetId));
    } catch (error) {
      // Back to what it was: only in the cloud, or offloaded from here.
      this.store.write(() => this.sql.setAssetState!.run(asset.local_state === 'offloaded' ? 'offloaded' : 'remote', assetId));
      this.options.onChanged?.(['videoasset']);
      throw error;
    }
    this.options.onChanged?.(['videoasset']);
    this.options.onAssetArrived?.(assetId);
  }
}

/**
 * Frees the disk space of an original that the cloud holds (ours, uploaded and verified; or someone
 * else's, which came from the cloud). Posters, filmstrip and proxy stay, so it still shows and plays
 * its proxy; opening the original downloads it again, verified.
 */
export async function offloadOriginal(store: ProfileStore, actorId: string, assetId: string, uploaded: (sha256: string) => boolean): Promise<{ freedBytes: number }> {
  const row = store.assets.get(assetId);
  if (!row) throw new CoreError('not-found', 'No such video.');
  if (row.local_state !== 'local' || !row.storage_path || !row.checksum_sha256) throw new CoreError('conflict', 'This video’s original is not on this computer.');
  if (row.owner === actorId && !uploaded(row.checksum_sha256)) {
    throw new CoreError('conflict', 'This video is not in the cloud yet: it stays here until sync has uploaded and verified it.');
  }
  const path = row.storage_path;
  const orphan = store.write(() => {
    store.db.prepare("UPDATE core_videoasset SET local_state = 'offloaded', storage_path = NULL WHERE id = ?").run(assetId);
    return store.assets.rowsUsingFile(path) === 0;
  });
  if (!orphan) return { freedBytes: 0 };
  const size = (await store.media.size(path)) ?? 0;
  await rm(store.media.absolute(path), { force: true });
  return { freedBytes: size };
}

export function toRemote(record: CloudRecord): RemoteRecord {
  return { entity: record.entity, op: record.deleted ? 'delete' : 'upsert', id: record.id, fields: record.fields };
}
