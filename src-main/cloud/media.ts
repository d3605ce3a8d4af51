import { randomUUID } from 'node:crypto';
import type { z } from 'zod';
import {
  MULTIPART_MIN_PART,
  SINGLE_PUT_MAX,
  mediaKey,
  type CloudUser,
  type DownloadResponse,
  type PartPlan,
  type UploadCompleteRequest,
  type UploadCompleteResponse,
  type UploadStartRequest,
  type UploadStartResponse,
} from '../../src-shared/cloud';
import { HttpError } from './http';
import type { CloudContext } from './context';

interface UploadRow {
  id: string;
  owner: string;
  sha256: string;
  size: number;
  mime: string;
  s3_upload_id: string | null;
  parts: string;
}

const b64ToHex = (b64: string) => Buffer.from(b64, 'base64').toString('hex');

/** Part numbers 1..n without gaps, sizes adding up, every part but the last at least S3's minimum. */
function checkPlan(body: UploadStartRequest): PartPlan[] {
  const parts = [...body.parts].sort((a, b) => a.number - b.number);
  parts.forEach((p, i) => {
    if (p.number !== i + 1) throw new HttpError('bad-request', 'parts: numbers must run 1, 2, 3, … without gaps or repeats.');
  });
  const total = parts.reduce((sum, p) => sum + p.size, 0);
  if (total !== body.size) throw new HttpError('bad-request', `parts: their sizes add up to ${total} bytes, not the ${body.size} promised.`);
  if (parts.length === 1 && body.size > SINGLE_PUT_MAX) {
    throw new HttpError('bad-request', `A file over ${SINGLE_PUT_MAX / (1024 * 1024)} MiB must be sent in parts.`);
  }
  if (parts.length > 1 && parts.slice(0, -1).some((p) => p.size < MULTIPART_MIN_PART)) {
    throw new HttpError('bad-request', `parts: every part but the last must be at least ${MULTIPART_MIN_PART / (1024 * 1024)} MiB.`);
  }
  // One part is the whole file: its SHA-256 must be the file's (a cheap early check; read-back is the real one).
  if (parts.length === 1 && b64ToHex(parts[0]!.sha256) !== body.sha256) {
    throw new HttpError('bad-request', 'parts: the only part’s sha256 must be the file’s.');
  }
  return parts;
}

/**
 * `POST /api/media/uploads`. Bytes live at `mediaKey(owner, sha256)`; only the caller's own prefix
 * counts as present (another user's copy of the same bytes is theirs, not the caller's to reference).
 */
export async function startUpload(ctx: CloudContext, actor: CloudUser, body: UploadStartRequest): Promise<UploadStartResponse> {
  const plan = checkPlan(body);
  if (ctx.db.prepare('SELECT 1 FROM cloud_objects WHERE owner = ? AND sha256 = ?').get(actor.id, body.sha256)) return { status: 'present' };
  const key = mediaKey(actor.id, body.sha256);
  const planJson = JSON.stringify(plan);

  if (body.resume) {
    const row = ctx.db.prepare('SELECT * FROM cloud_uploads WHERE id = ? AND owner = ? AND sha256 = ?').get(body.resume, actor.id, body.sha256) as
      | UploadRow
      | undefined;
    // The same plan only: parts of another size would not fit the ones storage holds.
    if (row && row.parts === planJson && row.size === body.size) {
      if (row.s3_upload_id === null) return signAll(ctx, row.id, key, body.mimeType, null, plan, []);
      const stored = await ctx.storage.listParts(key, row.s3_upload_id);
      // A storage that cannot list parts: sign them all again (a part sent twice just replaces itself).
      if (stored === 'unsupported') return signAll(ctx, row.id, key, body.mimeType, row.s3_upload_id, plan, [], false);
      if (stored !== null) {
        const done = stored.filter((s) => plan.some((p) => p.number === s.number && p.size === s.size));
        return signAll(ctx, row.id, key, body.mimeType, row.s3_upload_id, plan, done.map((d) => ({ number: d.number, etag: d.etag })));
      }
      // Storage forgot the upload (aborted or expired): start over under a new id.
      ctx.db.prepare('DELETE FROM cloud_uploads WHERE id = ?').run(row.id);
    }
  }

  const s3UploadId = plan.length > 1 ? await ctx.storage.createMultipart(key, body.mimeType) : null;
  const id = randomUUID();
  ctx.db
    .prepare('INSERT INTO cloud_uploads (id, owner, sha256, size, mime, s3_upload_id, parts, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)')
    .run(id, actor.id, body.sha256, body.size, body.mimeType, s3UploadId, planJson, new Date(ctx.now()).toISOString());
  return signAll(ctx, id, key, body.mimeType, s3UploadId, plan, []);
}

async function signAll(
  ctx: CloudContext,
  uploadId: string,
  key: string,
  mime: string,
  s3UploadId: string | null,
  plan: PartPlan[],
  done: { number: number; etag: string }[],
  /** False when storage could not list the upload's parts (`done` is then empty, not known). */
  listed = true,
): Promise<UploadStartResponse> {
  const seconds = ctx.signedUrlSeconds;
  const todo = plan.filter((p) => !done.some((d) => d.number === p.number));
  const parts = await Promise.all(
    todo.map(async (p) => ({
      number: p.number,
      request:
        s3UploadId === null
          ? await ctx.storage.presignPut(key, mime, p, seconds, ctx.now())
          : await ctx.storage.presignPart(key, s3UploadId, p.number, p, seconds, ctx.now()),
    })),
  );
  return { status: 'upload', uploadId, done, listed, parts, expiresAt: new Date(ctx.now() + seconds * 1000).toISOString() };
}

/**
 * `POST /api/media/uploads/<id>/complete`: completes a multipart upload, then reads the object back
 * and hashes it. Only bytes of the promised size and SHA-256 are accepted; anything else is deleted.
 */
export async function completeUpload(
  ctx: CloudContext,
  actor: CloudUser,
  uploadId: string,
  body: z.output<typeof UploadCompleteRequest>,
): Promise<z.output<typeof UploadCompleteResponse>> {
  const row = ctx.db.prepare('SELECT * FROM cloud_uploads WHERE id = ? AND owner = ?').get(uploadId, actor.id) as UploadRow | undefined;
  if (!row) throw new HttpError('not-found', 'No such upload: start it again.');
  const key = mediaKey(row.owner, row.sha256);
  const plan = JSON.parse(row.parts) as PartPlan[];

  if (row.s3_upload_id !== null) {
    const sent = [...body.parts].sort((a, b) => a.number - b.number);
    if (sent.length !== plan.length || sent.some((p, i) => p.number !== plan[i]!.number)) {
      throw new HttpError('bad-request', `parts: list the ETag of each of the ${plan.length} parts, numbered 1 to ${plan.length}.`);
    }
    try {
      await ctx.storage.completeMultipart(
        key,
        row.s3_upload_id,
        sent.map((p, i) => ({ number: p.number, etag: p.etag, sha256: plan[i]!.sha256 })),
      );
    } catch (error) {
      const name = (error as { name?: string }).name ?? '';
      // A retry after a lost answer finds the upload completed already: the read-back below decides.
      if (name !== 'NoSuchUpload' && name !== 'NoSuchKey') {
        if (name === 'InvalidPart' || name === 'InvalidPartOrder' || name === 'EntityTooSmall' || name === 'InvalidRequest' || name === 'BadDigest') {
          throw new HttpError('not-uploaded', `Storage refused to assemble the parts (${name}): upload the missing parts, then complete again.`);
        }
        throw error;
      }
    }
  }

  const stored = await ctx.storage.readBack(key);
  if (!stored) throw new HttpError('not-uploaded', 'Storage holds no bytes for this upload yet: send them, then complete again.');
  if (stored.sha256 !== row.sha256 || stored.size !== row.size) {
    await ctx.storage.deleteObject(key);
    ctx.db.prepare('DELETE FROM cloud_uploads WHERE id = ?').run(row.id);
    throw new HttpError(
      'checksum-mismatch',
      `Storage holds ${stored.size} bytes with another SHA-256 than the ${row.size} bytes promised; they were deleted. Start the upload again.`,
    );
  }
  ctx.db.transaction(() => {
    ctx.db
      .prepare('INSERT INTO cloud_objects (owner, sha256, size, verified_at) VALUES (?, ?, ?, ?) ON CONFLICT (owner, sha256) DO NOTHING')
      .run(row.owner, row.sha256, row.size, new Date(ctx.now()).toISOString());
    ctx.db.prepare('DELETE FROM cloud_uploads WHERE id = ?').run(row.id);
  })();
  return { status: 'verified', sha256: row.sha256, size: row.size };
}

/** `GET /api/media/<assetId>/download`: 404 alike for unknown, invisible and not-yet-uploaded assets. */
export async function download(ctx: CloudContext, actor: CloudUser, assetId: string): Promise<DownloadResponse> {
  const notFound = new HttpError('not-found', 'No such video, or not one you can see.');
  if (!ctx.visibility.sees(actor.id, 'videoasset', assetId)) throw notFound;
  const asset = ctx.db.prepare('SELECT owner, checksum_sha256 FROM core_videoasset WHERE id = ?').get(assetId) as
    | { owner: string; checksum_sha256: string | null }
    | undefined;
  if (!asset?.checksum_sha256) throw notFound;
  const object = ctx.db.prepare('SELECT size FROM cloud_objects WHERE owner = ? AND sha256 = ?').get(asset.owner, asset.checksum_sha256) as
    | { size: number }
    | undefined;
  if (!object) throw notFound;
  const seconds = ctx.signedUrlSeconds;
  const request = await ctx.storage.presignGet(mediaKey(asset.owner, asset.checksum_sha256), seconds, ctx.now());
  return { request, sha256: asset.checksum_sha256, size: object.size, expiresAt: new Date(ctx.now() + seconds * 1000).toISOString() };
}
