import type { Database, Statement } from 'better-sqlite3';
import type { Clip } from '../../../../src-shared/domain';
import { clipVisible } from '../visibility';

export interface ClipRow {
  id: string;
  owner: string;
  original_video: string;
  clip_asset: string | null;
  clip_hash: string;
  mode: Clip['mode'];
  start_time: number;
  end_time: number;
  duration: number;
  storage_path: string | null;
  size_bytes: number | null;
  processing_status: Clip['processingStatus'];
  processing_error: string | null;
  processed_at: string | null;
  created_at: string;
  updated_at: string;
}

export const toClip = (r: ClipRow): Clip => ({
  id: r.id,
  owner: r.owner,
  originalVideo: r.original_video,
  clipAsset: r.clip_asset,
  clipHash: r.clip_hash,
  mode: r.mode,
  startTime: r.start_time,
  endTime: r.end_time,
  duration: r.duration,
  sizeBytes: r.size_bytes,
  processingStatus: r.processing_status,
  processingError: r.processing_error,
  processedAt: r.processed_at,
  createdAt: r.created_at,
  updatedAt: r.updated_at,
});

export class ClipsRepo {
  private readonly byId: Statement<[string], ClipRow>;
  private readonly byHash: Statement<[string], ClipRow>;
  private readonly visibleById: Statement<[{ actor: string; id: string }], ClipRow>;
  private readonly insertStmt: Statement<[ClipRow]>;
  private readonly deleteStmt: Statement<[string]>;
  private readonly listStmt: Statement<[{ actor: string; original: string | null }], ClipRow>;

  constructor(db: Database) {
    this.byId = db.prepare('SELECT * FROM core_videoclip WHERE id = ?');
    this.byHash = db.prepare('SELECT * FROM core_videoclip WHERE clip_hash = ?');
    this.visibleById = db.prepare(`SELECT k.* FROM core_videoclip k WHERE k.id = @id AND ${clipVisible('k')}`);
    this.insertStmt = db.prepare(
      `INSERT INTO core_videoclip (id, owner, original_video, clip_asset, clip_hash, mode, start_time, end_time, duration,
         storage_path, size_bytes, processing_status, processing_error, processed_at, created_at, updated_at)
       VALUES (@id, @owner, @original_video, @clip_asset, @clip_hash, @mode, @start_time, @end_time, @duration,
         @storage_path, @size_bytes, @processing_status, @processing_error, @processed_at, @created_at, @updated_at)`,
    );
    this.deleteStmt = db.prepare('DELETE FROM core_videoclip WHERE id = ?');
    this.listStmt = db.prepare(
      `SELECT k.* FROM core_videoclip k WHERE ${clipVisible('k')} AND (@original IS NULL OR k.original_video = @original)
        ORDER BY k.original_video, k.start_time, k.end_time LIMIT 1000`,
    );
  }

  get(id: string): ClipRow | undefined {
    return this.byId.get(id);
  }
  getVisible(actor: string, id: string): ClipRow | undefined {
    return this.visibleById.get({ actor, id });
  }
  findByHash(hash: string): ClipRow | undefined {
    return this.byHash.get(hash);
  }
  insert(row: ClipRow): void {
    this.insertStmt.run(row);
  }
  delete(id: string): void {
    this.deleteStmt.run(id);
  }
  list(actor: string, original: string | null): Clip[] {
    return this.listStmt.all({ actor, original }).map(toClip);
  }
}
