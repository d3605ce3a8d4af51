import type { Database, Statement } from 'better-sqlite3';
import type { Exercise, ExerciseSummary } from '../../../../src-shared/domain';
import type { Role, SubmissionStatus } from '../../../../src-shared/primitives';
import { commentVisible, exerciseVisible, submissionVisible } from '../visibility';

export interface ExerciseRow {
  id: string;
  name: string;
  description: string | null;
  video_asset: string | null;
  created_by: string;
  created_at: string;
  updated_at: string;
}

export interface VisibleExerciseRow extends ExerciseRow {
  owner_role: Role;
}

export interface SummaryRow extends ExerciseRow {
  video_has_poster: 0 | 1;
  video_duration_ms: number | null;
  owner_name: string;
  owner_role: Role;
  comment_count: number;
  unread_count: number;
  submission_count: number;
  my_status: SubmissionStatus | null;
  last_activity: string;
}

export const toExercise = (r: ExerciseRow): Exercise => ({
  id: r.id,
  name: r.name,
  description: r.description,
  videoAsset: r.video_asset,
  createdBy: r.created_by,
  createdAt: r.created_at,
  updatedAt: r.updated_at,
});

export interface ExerciseFilter {
  actor: string;
  owner: string | null;
  tag: string | null;
  like: string | null;
  /** Keyset cursor: the last row of the previous page. */
  afterCreatedAt: string | null;
  afterId: string | null;
  limit: number;
}

/** What a list row shows; computed only for the rows of the page. */
const SUMMARY_COLUMNS = `
  e.*, u.display_name AS owner_name, u.role AS owner_role,
  (SELECT v.poster_path IS NOT NULL FROM core_videoasset v WHERE v.id = e.video_asset) AS video_has_poster,
  (SELECT v.duration_ms FROM core_videoasset v WHERE v.id = e.video_asset) AS video_duration_ms,
  (SELECT count(*) FROM comments_videocomment c WHERE c.exercise = e.id AND ${commentVisible('c', 'e')}) AS comment_count,
  (SELECT count(*) FROM comments_videocomment c WHERE c.exercise = e.id AND c.author <> @actor AND ${commentVisible('c', 'e')}
      AND NOT EXISTS (SELECT 1 FROM feedback_read fr WHERE fr.user = @actor AND fr.comment = c.id)) AS unread_count,
  (SELECT count(*) FROM submissions_submission s WHERE s.exercise = e.id AND ${submissionVisible('s', 'e')}) AS submission_count,
  (SELECT status FROM submissions_submission s WHERE s.exercise = e.id AND s.student = @actor) AS my_status,
  max(e.updated_at,
      coalesce((SELECT max(c.created_at) FROM comments_videocomment c WHERE c.exercise = e.id AND ${commentVisible('c', 'e')}), ''),
      coalesce((SELECT max(s.updated_at) FROM submissions_submission s WHERE s.exercise = e.id AND ${submissionVisible('s', 'e')}), '')
  ) AS last_activity`;

/** One page of the exercises visible to @actor, newest first; exported for the benchmark's bare-SQL run. */
export const LIST_EXERCISES_SQL = `SELECT ${SUMMARY_COLUMNS} FROM exercises_exercise e JOIN auth_user u ON u.id = e.created_by
  WHERE ${exerciseVisible('e')}
    AND (@owner IS NULL OR e.created_by = @owner)
    AND (@tag IS NULL OR EXISTS (SELECT 1 FROM content_tags ct
          WHERE ct.tag_id = @tag AND ct.content_type = 'exercise' AND ct.content_id = e.id))
    AND (@like IS NULL OR e.name LIKE @like ESCAPE '\\' OR e.description LIKE @like ESCAPE '\\')
    AND (@afterCreatedAt IS NULL OR (e.created_at, e.id) < (@afterCreatedAt, @afterId))
  ORDER BY e.created_at DESC, e.id DESC
  LIMIT @limit`;

export class ExercisesRepo {
  private readonly byId: Statement<[string], ExerciseRow>;
  private readonly byOwnerName: Statement<[string, string], ExerciseRow>;
  private readonly ownedIds: Statement<[string], string>;
  private readonly visibleSummary: Statement<[{ actor: string; id: string }], SummaryRow>;
  private readonly visibleRow: Statement<[{ actor: string; id: string }], VisibleExerciseRow>;
  private readonly listStmt: Statement<[ExerciseFilter], SummaryRow>;
  private readonly insertStmt: Statement<[ExerciseRow]>;
  private readonly updateStmt: Statement<[ExerciseRow]>;
  private readonly deleteStmt: Statement<[string]>;

  constructor(db: Database) {
    this.byId = db.prepare('SELECT * FROM exercises_exercise WHERE id = ?');
    this.byOwnerName = db.prepare('SELECT * FROM exercises_exercise WHERE created_by = ? AND name = ?');
    this.ownedIds = db.prepare<[string], string>('SELECT id FROM exercises_exercise WHERE created_by = ?').pluck();
    this.visibleSummary = db.prepare(
      `SELECT ${SUMMARY_COLUMNS} FROM exercises_exercise e JOIN auth_user u ON u.id = e.created_by
        WHERE e.id = @id AND ${exerciseVisible('e')}`,
    );
    this.listStmt = db.prepare(LIST_EXERCISES_SQL);
    this.visibleRow = db.prepare(
      `SELECT e.*, u.role AS owner_role FROM exercises_exercise e JOIN auth_user u ON u.id = e.created_by
        WHERE e.id = @id AND ${exerciseVisible('e')}`,
    );
    this.insertStmt = db.prepare(
      `INSERT INTO exercises_exercise (id, name, description, video_asset, created_by, created_at, updated_at)
       VALUES (@id, @name, @description, @video_asset, @created_by, @created_at, @updated_at)`,
    );
    this.updateStmt = db.prepare(
      `UPDATE exercises_exercise SET name = @name, description = @description, video_asset = @video_asset,
         updated_at = @updated_at WHERE id = @id`,
    );
    this.deleteStmt = db.prepare('DELETE FROM exercises_exercise WHERE id = ?');
  }

  get(id: string): ExerciseRow | undefined {
    return this.byId.get(id);
  }
  findByName(owner: string, name: string): ExerciseRow | undefined {
    return this.byOwnerName.get(owner, name);
  }
  idsOwnedBy(owner: string): string[] {
    return this.ownedIds.all(owner);
  }
  /** The exercise and its owner's role if @actor may see it: the cheap check before a write. */
  getVisible(actor: string, id: string): VisibleExerciseRow | undefined {
    return this.visibleRow.get({ actor, id });
  }
  summary(actor: string, id: string): SummaryRow | undefined {
    return this.visibleSummary.get({ actor, id });
  }
  list(filter: ExerciseFilter): SummaryRow[] {
    return this.listStmt.all(filter);
  }
  insert(row: ExerciseRow): void {
    this.insertStmt.run(row);
  }
  update(row: ExerciseRow): void {
    this.updateStmt.run(row);
  }
  delete(id: string): void {
    this.deleteStmt.run(id);
  }
}

// Written out field by field, not spread from toExercise: spreading a row object was a quarter of the
// list's time and most of its garbage (tests/bench/store-bench.ts).
export const toSummary = (r: SummaryRow, tags: ExerciseSummary['tags']): ExerciseSummary => ({
  id: r.id,
  name: r.name,
  description: r.description,
  videoAsset: r.video_asset,
  createdBy: r.created_by,
  createdAt: r.created_at,
  updatedAt: r.updated_at,
  videoHasPoster: r.video_has_poster === 1,
  videoDurationMs: r.video_duration_ms,
  ownerName: r.owner_name,
  ownerRole: r.owner_role,
  tags,
  commentCount: r.comment_count,
  unreadCount: r.unread_count,
  submissionCount: r.submission_count,
  mySubmissionStatus: r.my_status,
  lastActivity: r.last_activity,
});
