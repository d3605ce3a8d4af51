import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import type { Database, Statement } from 'better-sqlite3';
import { MULTIPART_MAX_PARTS, SINGLE_PUT_MAX, type PartPlan } from '../../../src-shared/cloud';
import { CloudCallError, type CloudClient } from './cloud-client';
import { hashParts, PartHasher } from './part-hasher';
import { putFileRange, type TransferOptions } from './transfer';

/**
 * Parts of a multipart upload: 16 MiB (a crash re-sends at most one), or larger when a file would
 * need more than S3's 10,000.
 */
export const PART_SIZE = 16 * 1024 * 1024;

export function partSizeFor(size: number): number {
  if (size <= SINGLE_PUT_MAX) return size;
  return Math.max(PART_SIZE, Math.ceil(size / MULTIPART_MAX_PARTS));
}

/**
 * Reads the file once and describes every part: size, MD5 (which S3 and the RADOS Gateway check on
 * arrival) and SHA-256 (which servers that support it check). The whole file's SHA-256 is not worked
 * out again here (it was at import, and hashing is most of an upload's CPU): a file sent in one PUT
 * takes it as its one part's SHA-256, and the cloud reads every object back and checks size and
 * SHA-256 before accepting it, so a file changed since import is refused there, never kept.
 */
export async function planParts(file: string, size: number, sha256: string, partSize: number, hasher?: PartHasher): Promise<PartPlan[]> {
  const whole = partSize >= size;
  const { parts, total } = hasher
    ? await hasher.hash(file, partSize, !whole)
    : await hashParts(file, partSize, !whole, createHash, createReadStream);
  if (total !== size) {
    throw new CloudCallError('The file on disk no longer matches its record (its size changed); it was not uploaded.', null, 'checksum-mismatch');
  }
  if (whole && parts.length === 1) parts[0]!.sha256 = Buffer.from(sha256, 'hex').toString('base64');
  return parts;
}

export interface UploadJob {
  sha256: string;
  size: number;
  mimeType: string;
  file: string;
}

export interface UploadOutcome {
  /** Bytes actually sent this time (0 when the cloud already had them). */
  sentBytes: number;
  /** Parts sent this time. */
  sentParts: number;
}

/**
 * Sends one file's bytes to the cloud through signed URLs, and remembers every finished part in SQLite
 * as soon as storage acknowledges it, so a crash, a sleep or a lost network resumes from the last
 * finished part. The cloud reads the object back and checks size and SHA-256 before it accepts it; a
 * mismatch starts the upload again from nothing.
 */
export class Uploader {
  private readonly sql: {
    get: Statement;
    put: Statement;
    parts: Statement;
    putPart: Statement;
    clear: Statement;
    uploaded: Statement;
    isUploaded: Statement;
  };

  private readonly hasher = new PartHasher();

  constructor(
    db: Database,
    private readonly cloud: () => CloudClient,
    private readonly transfer: TransferOptions = {},
  ) {
    this.sql = {
      get: db.prepare('SELECT upload_id, part_size FROM sync_upload WHERE sha256 = ?'),
      put: db.prepare(
        `INSERT INTO sync_upload (sha256, upload_id, size, part_size) VALUES (?, ?, ?, ?)
         ON CONFLICT (sha256) DO UPDATE SET upload_id = excluded.upload_id, size = excluded.size, part_size = excluded.part_size`,
      ),
      parts: db.prepare('SELECT number, size, md5, etag FROM sync_upload_part WHERE sha256 = ?'),
      putPart: db.prepare(
        'INSERT OR REPLACE INTO sync_upload_part (sha256, number, size, md5, etag) VALUES (?, ?, ?, ?, ?)',
      ),
      clear: db.prepare('DELETE FROM sync_upload WHERE sha256 = ?'),
      uploaded: db.prepare('INSERT OR IGNORE INTO sync_uploaded (sha256) VALUES (?)'),
      isUploaded: db.prepare('SELECT 1 FROM sync_uploaded WHERE sha256 = ?'),
    };
  }

  isUploaded(sha256: string): boolean {
    return this.sql.isUploaded.get(sha256) !== undefined;
  }

  async upload(job: UploadJob, onBytes?: (bytes: number) => void): Promise<UploadOutcome> {
    if (this.isUploaded(job.sha256)) return { sentBytes: 0, sentParts: 0 };
    for (let attempt = 1; ; attempt++) {
      try {
        return await this.attempt(job, onBytes);
      } catch (error) {
        // The cloud found other bytes than we promised, or parts we took as finished are missing:
        // forget the upload and send it all again, once.
        if (error instanceof CloudCallError && (error.code === 'checksum-mismatch' || error.code === 'not-uploaded') && attempt === 1) {
          this.sql.clear.run(job.sha256);
          continue;
        }
        throw error;
      }
    }
  }

  private async attempt(job: UploadJob, onBytes?: (bytes: number) => void): Promise<UploadOutcome> {
    const saved = this.sql.get.get(job.sha256) as { upload_id: string; part_size: number } | undefined;
    const partSize = saved?.part_size ?? partSizeFor(job.size);
    const plan = await planParts(job.file, job.size, job.sha256, partSize, this.hasher);
    const cloud = this.cloud();
    const started = await cloud.startUpload({
      sha256: job.sha256,
      size: job.size,
      mimeType: job.mimeType,
      parts: plan,
      ...(saved ? { resume: saved.upload_id } : {}),
    });
    if (started.status === 'present') {
      this.sql.clear.run(job.sha256);
      this.sql.uploaded.run(job.sha256);
      return { sentBytes: 0, sentParts: 0 };
    }
    if (started.uploadId !== saved?.upload_id) {
      // A new upload (or the old one expired on the storage side): our old part records are void.
      this.sql.clear.run(job.sha256);
      this.sql.put.run(job.sha256, started.uploadId, job.size, partSize);
    }
    const etags = new Map<number, string>();
    for (const done of started.done) etags.set(done.number, done.etag);
    if (!started.listed && started.uploadId === saved?.upload_id) {
      // The storage cannot say which parts it holds: trust our own records of finished parts whose
      // size and MD5 match the plan. Completing checks them, and the cloud's read-back checks it all.
      for (const p of this.sql.parts.all(job.sha256) as { number: number; size: number; md5: string; etag: string }[]) {
        const planned = plan[p.number - 1];
        if (planned && planned.size === p.size && planned.md5 === p.md5) etags.set(p.number, p.etag);
      }
    }
    let sentBytes = 0;
    let sentParts = 0;
    // Parts go one after another: a crash re-sends at most the part in flight. Files go side by side.
    for (const part of started.parts) {
      if (etags.has(part.number)) continue;
      const planned = plan[part.number - 1];
      if (!planned) throw new CloudCallError('The cloud signed a part we did not plan.', null, 'bad-answer');
      const etag = await putFileRange(part.request, job.file, (part.number - 1) * partSize, planned.size, { ...this.transfer, onBytes });
      this.sql.putPart.run(job.sha256, part.number, planned.size, planned.md5, etag);
      etags.set(part.number, etag);
      sentBytes += planned.size;
      sentParts++;
    }
    const missing = plan.filter((p) => !etags.has(p.number));
    if (missing.length > 0) throw new CloudCallError(`The cloud left part ${missing[0]!.number} unsigned.`, null, 'bad-answer');
    await cloud.completeUpload(
      started.uploadId,
      plan.map((p) => ({ number: p.number, etag: etags.get(p.number)! })),
      job.size,
    );
    this.sql.clear.run(job.sha256);
    this.sql.uploaded.run(job.sha256);
    return { sentBytes, sentParts };
  }
}
