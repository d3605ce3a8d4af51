import { z } from 'zod';
import { Role, Sha256Hex, Uuid } from './primitives';

/**
 * The cloud contract (docs/cloud-api.md), one set of schemas for both sides: the desktop's sync client
 * validates every answer with them, the reference cloud every request. Paths are under `/api`; bodies
 * are JSON; every request but health and the two auth calls carries `Authorization: Bearer <token>`.
 */
export const CLOUD_API_VERSION = 1;

export const CloudErrorCode = z.enum([
  'bad-request',
  'unauthorized',
  'forbidden',
  'not-found',
  /** Signing in a local profile to an account with another id: merging identities is out of scope. */
  'identity-mismatch',
  'username-taken',
  'too-large',
  'rate-limited',
  /** The bytes stored do not have the size or SHA-256 the upload promised; nothing was kept. */
  'checksum-mismatch',
  /** A part or object the call refers to is not in storage (yet). */
  'not-uploaded',
  'server-error',
]);
export type CloudErrorCode = z.infer<typeof CloudErrorCode>;
/** Every non-2xx answer. 429 also carries `Retry-After` (seconds). */
export const CloudError = z.object({ error: z.object({ code: CloudErrorCode, message: z.string() }) });
export type CloudError = z.infer<typeof CloudError>;

// ---------------------------------------------------------------------------------------------- health
export const HealthResponse = z.object({ ok: z.literal(true), api: z.number().int(), time: z.string() });

// ------------------------------------------------------------------------------------------------ auth
const Username = z.string().trim().min(1).max(150);
const Password = z.string().min(8, 'must be at least 8 characters').max(200);
export const CloudUser = z.object({ id: Uuid, username: Username, displayName: z.string().max(150), role: Role });
export type CloudUser = z.infer<typeof CloudUser>;

/** A profile made offline registers with its own UUID, so nothing it made needs a new id. */
export const RegisterRequest = z.object({
  id: Uuid,
  username: Username,
  displayName: z.string().trim().min(1).max(150),
  role: Role,
  password: Password,
});
/**
 * Token sign-in. `profileId` is the local profile signing in: when it is not the account's id, the
 * answer is 403 `identity-mismatch` (a new device signs in without one and gets the account's id).
 */
export const TokenRequest = z.object({ username: Username, password: Password, profileId: Uuid.optional() });
export const AuthResponse = z.object({ token: z.string().min(20), user: CloudUser });
export type AuthResponse = z.infer<typeof AuthResponse>;

// ---------------------------------------------------------------------------------------------- roster
export const InviteCode = z.string().regex(/^[A-Z0-9]{4}-[A-Z0-9]{4}$/, 'must look like ABCD-1234');
/** `POST /api/roster/invites` (coach) → a code to give a student. */
export const InviteResponse = z.object({ code: InviteCode, expiresAt: z.string() });
/** `POST /api/roster/join` (student). The roster row then comes down through pull like any record. */
export const JoinRequest = z.object({ code: InviteCode });
export const JoinResponse = z.object({ coach: CloudUser, rosterId: Uuid });

// -------------------------------------------------------------------------------------- records & sync
/** Entities that sync; their columns are listed in src-main/core/sync/entities.ts. */
export const SYNC_ENTITY_NAMES = [
  'user',
  'roster',
  'videoasset',
  'clip',
  'exercise',
  'submission',
  'submission_attempt',
  'comparison',
  'alignment',
  'comment',
  'tag',
  'content_tag',
  'vote',
] as const;
export const SyncEntityName = z.enum(SYNC_ENTITY_NAMES);
export type SyncEntityName = z.infer<typeof SyncEntityName>;

export const ClientId = z.string().regex(/^[0-9a-f]{16}$/, 'must be 16 lowercase hex characters');
export const HlcStamp = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z-[0-9a-f]{4}-[0-9a-f]{16}$/, 'must be a clock stamp');
export const FieldValue = z.union([z.string().max(100_000), z.number().finite(), z.null()]);
export const FieldStamp = z.object({ value: FieldValue, hlc: HlcStamp });
/** Synced columns by name; a delete carries one field, `_deleted`, with its clock stamp. */
export const Fields = z.record(z.string().regex(/^(_deleted|[a-z][a-z0-9_]{0,39})$/), FieldStamp);

/** One local change. `mutationId` increases per client; the server applies each exactly once, in order. */
export const CloudMutation = z.object({
  clientId: ClientId,
  mutationId: z.number().int().positive(),
  entity: SyncEntityName,
  op: z.enum(['upsert', 'delete']),
  id: Uuid,
  fields: Fields,
});
export type CloudMutation = z.infer<typeof CloudMutation>;

/** A record as the server holds it: every synced field with the stamp of its last write. */
export const CloudRecord = z.object({
  entity: SyncEntityName,
  id: Uuid,
  /** A tombstone: the record was deleted; deletes win over later edits. */
  deleted: z.boolean(),
  fields: Fields,
});
export type CloudRecord = z.infer<typeof CloudRecord>;

export const PUSH_MAX_MUTATIONS = 500;
export const PushRequest = z.object({ clientId: ClientId, mutations: z.array(CloudMutation).min(1).max(PUSH_MAX_MUTATIONS) });

/**
 * Why a mutation did not apply as sent, and what the client does:
 *  - `deleted`: the record has a tombstone; the client deletes its copy;
 *  - `renamed`: the name was taken (same user, two devices); the server kept both and renamed this one;
 *  - `merged`: the same thing already exists under another id (a tag by name, a clip by clip_hash,
 *    a vote by voter × comment, an asset by owner × bytes); the client moves its references to `record`;
 *  - `stale`: the fields sent were older than the server's; `record` is what stands.
 */
export const ConflictReason = z.enum(['deleted', 'renamed', 'merged', 'stale']);
export const MutationResult = z.discriminatedUnion('status', [
  z.object({ mutationId: z.number().int(), status: z.literal('applied') }),
  z.object({ mutationId: z.number().int(), status: z.literal('conflict'), reason: ConflictReason, record: CloudRecord }),
  z.object({ mutationId: z.number().int(), status: z.literal('rejected'), code: CloudErrorCode, message: z.string() }),
  /** Already applied before (a retry): `original` is the first answer, unchanged. */
  z.object({
    mutationId: z.number().int(),
    status: z.literal('duplicate'),
    original: z.enum(['applied', 'conflict', 'rejected']),
    record: CloudRecord.optional(),
  }),
]);
export type MutationResult = z.infer<typeof MutationResult>;
/**
 * One result per mutation, in order. A client's mutation ids increase (gaps allowed): an id above the
 * client's last is applied; an id at or below it answers `duplicate` with the first answer, or is
 * rejected when the server never saw it (it arrived out of order, after a later one).
 */
export const PushResponse = z.object({ results: z.array(MutationResult) });
export type PushResponse = z.infer<typeof PushResponse>;

/** `GET /api/sync/pull?cursor=<cursor>&limit=<n>`: records visible to the caller changed since the cursor. */
export const PullResponse = z.object({
  records: z.array(CloudRecord),
  /** Opaque; pass it back. An empty cursor (or none) starts from the beginning. */
  cursor: z.string().max(100),
  /** More changes are waiting: pull again at once. */
  more: z.boolean(),
});
export type PullResponse = z.infer<typeof PullResponse>;
export const PULL_MAX_LIMIT = 1000;

// ----------------------------------------------------------------------------------------------- media
/** S3's limits for multipart uploads, and the part size the client uses. */
export const MULTIPART_MIN_PART = 5 * 1024 * 1024;
export const MULTIPART_MAX_PARTS = 10_000;
/**
 * Files at most this size go in one PUT: fewer round trips for the clips and replies most files are
 * (measured against rclone, which sends files under 200 MiB whole).
 */
export const SINGLE_PUT_MAX = 64 * 1024 * 1024;

const Base64Md5 = z.string().regex(/^[A-Za-z0-9+/]{22}==$/, 'must be a base64 MD5');
const Base64Sha256 = z.string().regex(/^[A-Za-z0-9+/]{43}=$/, 'must be a base64 SHA-256');
export const PartPlan = z.object({
  number: z.number().int().min(1).max(MULTIPART_MAX_PARTS),
  size: z.number().int().positive(),
  md5: Base64Md5,
  sha256: Base64Sha256,
});
export type PartPlan = z.infer<typeof PartPlan>;

/**
 * `POST /api/media/uploads`: the caller's bytes, described. One part means one PUT; more mean a
 * multipart upload (every part but the last at least 5 MiB). `resume` names an upload this client
 * started earlier; its finished parts are kept and fresh URLs signed for the rest.
 */
export const UploadStartRequest = z.object({
  sha256: Sha256Hex,
  size: z.number().int().positive(),
  mimeType: z.string().max(100),
  parts: z.array(PartPlan).min(1).max(MULTIPART_MAX_PARTS),
  resume: Uuid.optional(),
});
export type UploadStartRequest = z.infer<typeof UploadStartRequest>;

/** A presigned request: send exactly these headers (they are signed) with the part's bytes. */
export const SignedRequest = z.object({
  method: z.enum(['PUT', 'GET']),
  url: z.string().url(),
  headers: z.record(z.string(), z.string()),
});
export type SignedRequest = z.infer<typeof SignedRequest>;

export const UploadStartResponse = z.discriminatedUnion('status', [
  /** The caller's own prefix already holds these bytes, verified: nothing to send. */
  z.object({ status: z.literal('present') }),
  z.object({
    status: z.literal('upload'),
    uploadId: Uuid,
    /** Parts the storage already holds for this upload (number and ETag), when resuming. */
    done: z.array(z.object({ number: z.number().int(), etag: z.string() })),
    /**
     * False when the storage cannot list an upload's parts: `done` is then empty and the client may
     * skip the parts it recorded as finished (completing checks them, and the read-back checks all).
     */
    listed: z.boolean().default(true),
    /** A signed PUT for every part not done. */
    parts: z.array(z.object({ number: z.number().int(), request: SignedRequest })),
    expiresAt: z.string(),
  }),
]);
export type UploadStartResponse = z.infer<typeof UploadStartResponse>;

/**
 * `POST /api/media/uploads/<uploadId>/complete` with each part's ETag. The cloud completes the upload,
 * reads the object back and checks its size and SHA-256; only then are the bytes accepted. A mismatch
 * deletes the object and answers 409 `checksum-mismatch`: start again.
 */
export const UploadCompleteRequest = z.object({
  parts: z.array(z.object({ number: z.number().int().min(1), etag: z.string().max(200) })),
});
export const UploadCompleteResponse = z.object({ status: z.literal('verified'), sha256: Sha256Hex, size: z.number().int() });

/** `GET /api/media/<assetId>/download`: a signed GET for bytes the caller may see. */
export const DownloadResponse = z.object({ request: SignedRequest, sha256: Sha256Hex, size: z.number().int(), expiresAt: z.string() });
export type DownloadResponse = z.infer<typeof DownloadResponse>;

/** Where the cloud keeps an owner's bytes: content-addressed under the owner's prefix. */
export const mediaKey = (owner: string, sha256: string) => `users/${owner}/media/${sha256}`;
