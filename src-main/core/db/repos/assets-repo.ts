import type { Database, Statement } from 'better-sqlite3';
import type { MediaAsset } from '../../../../src-shared/domain';
import { assetVisible } from '../visibility';

export interface AssetRow {
  id: string;
  owner: string;
  orig_filename: string;
  storage_path: string | null;
  mime_type: MediaAsset['mimeType'];
  size_bytes: number | null;
  checksum_sha256: string | null;
  poster_path: string | null;
  renditions: string;
  youtube_url: string | null;
  video_type: MediaAsset['videoType'];
  duration_sec: number | null;
  duration_ms: number | null;
  width: number | null;
  height: number | null;
  processing_status: MediaAsset['processingStatus'];
  processing_error: string | null;
  processed_at: string | null;
  is_valid: 0 | 1;
  last_validated: string | null;
  validation_errors: string;
  access_count: number;
  last_accessed: string | null;
  local_state: MediaAsset['localState'];
  created_at: string;
  updated_at: string;
}

/** The columns a new asset is inserted with; the rest take their defaults. */
export type NewAssetRow = Pick<
  AssetRow,
  | 'id' | 'owner' | 'orig_filename' | 'storage_path' | 'mime_type' | 'size_bytes' | 'checksum_sha256' | 'youtube_url'
  | 'video_type' | 'duration_sec' | 'duration_ms' | 'width' | 'height' | 'processing_status' | 'local_state'
  | 'created_at' | 'updated_at'
>;

/** The path of a derived file recorded in an asset's renditions, if it was made. */
export function renditionPath(renditions: string, name: string): string | null {
  const parsed = JSON.parse(renditions) as Record<string, { path?: unknown } | undefined>;
  const path = parsed[name]?.path;
  return typeof path === 'string' ? path : null;
}

/** What a check of a stored file says when its bytes are not the ones its checksum names. */
export const CHANGED_FILE_ERROR = 'The file no longer matches its checksum: it changed or is damaged.';

type Renditions = Record<string, { path?: unknown; frameRate?: unknown; variableFrameRate?: unknown } | undefined>;

/**
 * The frame rate the comparison can step by before a side has played: the probed one, for a video
 * whose frames come at one rate. A variable-rate video has none (the player measures it in play).
 */
function steadyFrameRate(renditions: Renditions): number | null {
  const original = renditions['original'];
  const rate = original?.frameRate;
  return typeof rate === 'number' && rate > 0 && rate <= 1000 && original?.variableFrameRate !== true ? rate : null;
}

export const toAsset = (r: AssetRow): MediaAsset => {
  const renditions = JSON.parse(r.renditions) as Renditions;
  return {
    id: r.id,
    owner: r.owner,
    origFilename: r.orig_filename,
    mimeType: r.mime_type,
    sizeBytes: r.size_bytes,
    checksumSha256: r.checksum_sha256,
    hasPoster: r.poster_path !== null,
    hasFilmstrip: typeof renditions['filmstrip']?.path === 'string',
    hasProxy: typeof renditions['proxy']?.path === 'string',
    frameRate: steadyFrameRate(renditions),
    youtubeUrl: r.youtube_url,
    videoType: r.video_type,
    durationSec: r.duration_sec,
    durationMs: r.duration_ms,
    width: r.width,
    height: r.height,
    processingStatus: r.processing_status,
    processingError: r.processing_error,
    processedAt: r.processed_at,
    isValid: r.is_valid === 1,
    lastValidated: r.last_validated,
    validationErrors: JSON.parse(r.validation_errors) as string[],
    localState: r.local_state,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
  };
};

export interface AssetFilter {
  actor: string;
  like: string | null;
  tag: string | null;
  /** Keyset cursor: the last row of the previous page. */
  afterCreatedAt: string | null;
  afterId: string | null;
  limit: number;
}

export interface AssetUse {
  kind: 'exercise' | 'submission' | 'attempt' | 'comment' | 'clip' | 'comparison';
  id: string;
  owner: string;
  ownerName: string;
}

export class AssetsRepo {
  private readonly byId: Statement<[string], AssetRow>;
  private readonly byOwnerChecksum: Statement<[string, string], AssetRow>;
  private readonly visibleById: Statement<[{ actor: string; id: string }], AssetRow>;
  private readonly insertStmt: Statement<[NewAssetRow]>;
  private readonly deleteStmt: Statement<[string]>;
  private readonly sharingFile: Statement<[string], { n: number }>;
  private readonly usesStmt: Statement<[{ id: string }], AssetUse>;
  private readonly removedStmt: Statement<[{ id: string }], AssetUse>;
  private readonly listStmt: Statement<[AssetFilter], AssetRow>;
  private readonly statusStmt: Statement<[{ id: string; status: string; error: string | null; at: string | null }]>;
  private readonly derivedStmt: Statement<[{ id: string; poster: string | null; renditions: string }]>;
  private readonly validationStmt: Statement<[{ id: string; valid: 0 | 1; at: string; errors: string }]>;
  private readonly storedPathsStmt: Statement<[], string>;
  private readonly unfinishedStmt: Statement<[], AssetRow>;
  private readonly ownedLocalStmt: Statement<[string], AssetRow>;

  constructor(db: Database) {
    this.byId = db.prepare('SELECT * FROM core_videoasset WHERE id = ?');
    this.byOwnerChecksum = db.prepare('SELECT * FROM core_videoasset WHERE owner = ? AND checksum_sha256 = ?');
    this.visibleById = db.prepare(`SELECT * FROM core_videoasset a WHERE a.id = @id AND ${assetVisible('a')}`);
    this.insertStmt = db.prepare(
      `INSERT INTO core_videoasset (id, owner, orig_filename, storage_path, mime_type, size_bytes, checksum_sha256,
         youtube_url, video_type, duration_sec, duration_ms, width, height, processing_status, local_state, created_at, updated_at)
       VALUES (@id, @owner, @orig_filename, @storage_path, @mime_type, @size_bytes, @checksum_sha256, @youtube_url,
         @video_type, @duration_sec, @duration_ms, @width, @height, @processing_status, @local_state, @created_at, @updated_at)`,
    );
    this.deleteStmt = db.prepare('DELETE FROM core_videoasset WHERE id = ?');
    this.sharingFile = db.prepare('SELECT count(*) AS n FROM core_videoasset WHERE storage_path = ?');
    // Every record that points at an asset, with its owner: what a delete would take along, and
    // (where the owner is someone else) what forbids it.
    this.usesStmt = db.prepare(
      `SELECT 'exercise' AS kind, e.id, e.created_by AS owner, u.display_name AS ownerName
         FROM exercises_exercise e JOIN auth_user u ON u.id = e.created_by WHERE e.video_asset = @id
       UNION ALL
       SELECT 'submission', s.id, s.student, u.display_name FROM submissions_submission s JOIN auth_user u ON u.id = s.student WHERE s.video_asset = @id
       UNION ALL
       SELECT 'attempt', t.id, s.student, u.display_name FROM submission_attempts t
         JOIN submissions_submission s ON s.id = t.submission JOIN auth_user u ON u.id = s.student WHERE t.video_asset = @id
       UNION ALL
       SELECT 'comment', c.id, c.author, u.display_name FROM comments_videocomment c JOIN auth_user u ON u.id = c.author
        WHERE c.video_asset = @id OR c.at_video_asset = @id
       UNION ALL
       SELECT 'clip', k.id, k.owner, u.display_name FROM core_videoclip k JOIN auth_user u ON u.id = k.owner
        WHERE k.original_video = @id OR k.clip_asset = @id
       UNION ALL
       SELECT 'comparison', c.id, c.student, u.display_name FROM comparisons_comparison c JOIN auth_user u ON u.id = c.student
        WHERE c.original_video = @id OR c.feedback_video = @id`,
    );
    // Everything deleting the asset removes, following the cascades: an exercise whose video it is takes
    // its submissions and comments along; a submission takes the comments on it.
    this.removedStmt = db.prepare(
      `WITH ex(id) AS (SELECT id FROM exercises_exercise WHERE video_asset = @id),
            sub(id) AS (SELECT id FROM submissions_submission WHERE video_asset = @id OR exercise IN ex),
            com(id) AS (SELECT id FROM comments_videocomment
                         WHERE video_asset = @id OR at_video_asset = @id OR exercise IN ex OR submission IN sub)
       SELECT 'exercise' AS kind, e.id, e.created_by AS owner, u.display_name AS ownerName
         FROM exercises_exercise e JOIN auth_user u ON u.id = e.created_by WHERE e.id IN ex
       UNION ALL
       SELECT 'submission', s.id, s.student, u.display_name FROM submissions_submission s JOIN auth_user u ON u.id = s.student WHERE s.id IN sub
       UNION ALL
       SELECT 'comment', c.id, c.author, u.display_name FROM comments_videocomment c JOIN auth_user u ON u.id = c.author WHERE c.id IN com
       UNION ALL
       SELECT 'clip', k.id, k.owner, u.display_name FROM core_videoclip k JOIN auth_user u ON u.id = k.owner
        WHERE k.original_video = @id OR k.clip_asset = @id`,
    );
    this.statusStmt = db.prepare(
      `UPDATE core_videoasset SET processing_status = @status, processing_error = @error,
         processed_at = coalesce(@at, processed_at) WHERE id = @id`,
    );
    this.derivedStmt = db.prepare('UPDATE core_videoasset SET poster_path = @poster, renditions = @renditions WHERE id = @id');
    this.validationStmt = db.prepare(
      'UPDATE core_videoasset SET is_valid = @valid, last_validated = @at, validation_errors = @errors WHERE id = @id',
    );
    this.storedPathsStmt = db
      .prepare<[], string>(
        `SELECT storage_path FROM core_videoasset WHERE storage_path IS NOT NULL
         UNION SELECT storage_path FROM core_videoclip WHERE storage_path IS NOT NULL`,
      )
      .pluck();
    this.unfinishedStmt = db.prepare("SELECT * FROM core_videoasset WHERE processing_status IN ('pending', 'processing') AND local_state = 'local'");
    this.ownedLocalStmt = db.prepare("SELECT * FROM core_videoasset WHERE owner = ? AND local_state = 'local' ORDER BY created_at");
    this.listStmt = db.prepare(
      `SELECT a.* FROM core_videoasset a
        WHERE ${assetVisible('a')}
          AND (@like IS NULL OR a.orig_filename LIKE @like ESCAPE '\\')
          AND (@tag IS NULL OR EXISTS (SELECT 1 FROM content_tags ct
                WHERE ct.tag_id = @tag AND ct.content_type = 'videoasset' AND ct.content_id = a.id))
          AND (@afterCreatedAt IS NULL OR a.created_at < @afterCreatedAt OR (a.created_at = @afterCreatedAt AND a.id < @afterId))
        ORDER BY a.created_at DESC, a.id DESC
        LIMIT @limit`,
    );
  }

  get(id: string): AssetRow | undefined {
    return this.byId.get(id);
  }
  findByChecksum(owner: string, sha256: string): AssetRow | undefined {
    return this.byOwnerChecksum.get(owner, sha256);
  }
  getVisible(actor: string, id: string): AssetRow | undefined {
    return this.visibleById.get({ actor, id });
  }
  insert(row: NewAssetRow): void {
    this.insertStmt.run(row);
  }
  delete(id: string): void {
    this.deleteStmt.run(id);
  }
  /** How many asset rows still use a stored file (two users' assets may share one). */
  rowsUsingFile(storagePath: string): number {
    return this.sharingFile.get(storagePath)!.n;
  }
  uses(id: string): AssetUse[] {
    return this.usesStmt.all({ id });
  }
  /** The exercises, submissions, comments and clips a delete of the asset removes, cascades included. */
  removedBy(id: string): AssetUse[] {
    return this.removedStmt.all({ id });
  }
  /** Moves processing_status (the trigger refuses an illegal step) and records the error or the time. */
  setStatus(id: string, status: AssetRow['processing_status'], error: string | null = null, at: string | null = null): void {
    this.statusStmt.run({ id, status, error, at });
  }
  setDerived(id: string, poster: string | null, renditions: object): void {
    this.derivedStmt.run({ id, poster, renditions: JSON.stringify(renditions) });
  }
  setValidation(id: string, valid: boolean, at: string, errors: string[]): void {
    this.validationStmt.run({ id, valid: valid ? 1 : 0, at, errors: JSON.stringify(errors) });
  }
  /** Every stored file a row points at: what a sweep must keep. */
  storedPaths(): Set<string> {
    return new Set(this.storedPathsStmt.all());
  }
  /** Assets whose processing never finished (the app stopped in between). */
  unfinished(): AssetRow[] {
    return this.unfinishedStmt.all();
  }
  ownedLocal(owner: string): AssetRow[] {
    return this.ownedLocalStmt.all(owner);
  }
  list(filter: AssetFilter): AssetRow[] {
    return this.listStmt.all(filter);
  }
}
