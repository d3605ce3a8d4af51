import type { Database, Statement } from 'better-sqlite3';
import type { Alignment, Comparison } from '../../../../src-shared/domain';
import { exerciseVisible } from '../visibility';

export interface ComparisonRow {
  id: string;
  student: string;
  exercise: string;
  original_video: string;
  feedback_video: string;
  compared_at: string;
  duration_seconds: number | null;
  original_offset: number;
  feedback_offset: number;
}
export interface AlignmentRow {
  id: string;
  exercise: string;
  original_video: string;
  feedback_video: string;
  original_offset: number;
  feedback_offset: number;
  set_by: string;
  created_at: string;
  updated_at: string;
}

export const toComparison = (r: ComparisonRow): Comparison => ({
  id: r.id,
  student: r.student,
  exercise: r.exercise,
  originalVideo: r.original_video,
  feedbackVideo: r.feedback_video,
  originalOffset: r.original_offset,
  feedbackOffset: r.feedback_offset,
  comparedAt: r.compared_at,
  durationSeconds: r.duration_seconds,
});
export const toAlignment = (r: AlignmentRow): Alignment => ({
  exercise: r.exercise,
  originalVideo: r.original_video,
  feedbackVideo: r.feedback_video,
  originalOffset: r.original_offset,
  feedbackOffset: r.feedback_offset,
  setBy: r.set_by,
  updatedAt: r.updated_at,
});

/**
 * Session `c` (on exercise `e`) is visible to @actor: a student sees their own sessions; a coach sees
 * the sessions of their students on exercises the coach can see.
 */
const comparisonVisible = `(c.student = @actor
  OR (EXISTS (SELECT 1 FROM coaching_roster r WHERE r.coach = @actor AND r.student = c.student) AND ${exerciseVisible('e')}))`;

export class ComparisonsRepo {
  private readonly byId: Statement<[string], ComparisonRow>;
  private readonly visibleById: Statement<[{ actor: string; id: string }], ComparisonRow>;
  private readonly listStmt: Statement<[{ actor: string; exercise: string | null; student: string | null }], ComparisonRow>;
  private readonly insertStmt: Statement<[ComparisonRow]>;
  private readonly finishStmt: Statement<[{ id: string; duration_seconds: number }]>;
  private readonly alignmentStmt: Statement<[string, string, string], AlignmentRow>;
  private readonly insertAlignmentStmt: Statement<[AlignmentRow]>;
  private readonly updateAlignmentStmt: Statement<[AlignmentRow]>;
  private readonly videoOfExercise: Statement<[{ exercise: string; asset: string }], { found: 1 }>;
  private readonly latestStmt: Statement<[string], ComparisonRow>;

  constructor(db: Database) {
    this.byId = db.prepare('SELECT * FROM comparisons_comparison WHERE id = ?');
    this.visibleById = db.prepare(
      `SELECT c.* FROM comparisons_comparison c JOIN exercises_exercise e ON e.id = c.exercise WHERE c.id = @id AND ${comparisonVisible}`,
    );
    this.listStmt = db.prepare(
      `SELECT c.* FROM comparisons_comparison c JOIN exercises_exercise e ON e.id = c.exercise
        WHERE ${comparisonVisible}
          AND (@exercise IS NULL OR c.exercise = @exercise)
          AND (@student IS NULL OR c.student = @student)
        ORDER BY c.compared_at DESC LIMIT 500`,
    );
    this.insertStmt = db.prepare(
      `INSERT INTO comparisons_comparison (id, student, exercise, original_video, feedback_video, compared_at,
         duration_seconds, original_offset, feedback_offset)
       VALUES (@id, @student, @exercise, @original_video, @feedback_video, @compared_at, @duration_seconds,
         @original_offset, @feedback_offset)`,
    );
    this.finishStmt = db.prepare('UPDATE comparisons_comparison SET duration_seconds = @duration_seconds WHERE id = @id');
    this.alignmentStmt = db.prepare(
      'SELECT * FROM comparison_alignment WHERE exercise = ? AND original_video = ? AND feedback_video = ?',
    );
    this.insertAlignmentStmt = db.prepare(
      `INSERT INTO comparison_alignment (id, exercise, original_video, feedback_video, original_offset, feedback_offset,
         set_by, created_at, updated_at)
       VALUES (@id, @exercise, @original_video, @feedback_video, @original_offset, @feedback_offset, @set_by,
         @created_at, @updated_at)`,
    );
    this.videoOfExercise = db.prepare(
      `SELECT 1 AS found WHERE
         EXISTS (SELECT 1 FROM exercises_exercise WHERE id = @exercise AND video_asset = @asset)
         OR EXISTS (SELECT 1 FROM submissions_submission WHERE exercise = @exercise AND video_asset = @asset)
         OR EXISTS (SELECT 1 FROM submission_attempts t JOIN submissions_submission s ON s.id = t.submission
                     WHERE s.exercise = @exercise AND t.video_asset = @asset)
         OR EXISTS (SELECT 1 FROM comments_videocomment WHERE exercise = @exercise AND video_asset = @asset)`,
    );
    // One row per exercise: SQLite takes a bare column's value from the row that holds the max()
    // (https://sqlite.org/lang_select.html#bareagg). Walks idx_comparisons_comparison_student.
    this.latestStmt = db.prepare(
      `SELECT c.*, max(c.compared_at) AS latest FROM comparisons_comparison c WHERE c.student = ? GROUP BY c.exercise`,
    );
    this.updateAlignmentStmt = db.prepare(
      `UPDATE comparison_alignment SET original_offset = @original_offset, feedback_offset = @feedback_offset,
         set_by = @set_by, updated_at = @updated_at WHERE id = @id`,
    );
  }

  /** Whether a video belongs to an exercise: its model video, an attempt (current or earlier), a reply. */
  isVideoOf(exercise: string, asset: string): boolean {
    return this.videoOfExercise.get({ exercise, asset }) !== undefined;
  }
  get(id: string): ComparisonRow | undefined {
    return this.byId.get(id);
  }
  /** The session if @actor may see it (the same rule as `list`). */
  getVisible(actor: string, id: string): ComparisonRow | undefined {
    return this.visibleById.get({ actor, id });
  }
  list(actor: string, exercise: string | null, student: string | null): Comparison[] {
    return this.listStmt.all({ actor, exercise, student }).map(toComparison);
  }
  /**
   * A student's latest session on each exercise they compared on, by exercise id. No visibility check:
   * the caller pairs it with stack items the actor may see, whose sessions the actor may see too.
   */
  latestByExercise(student: string): Map<string, Comparison> {
    return new Map(this.latestStmt.all(student).map((r) => [r.exercise, toComparison(r)]));
  }
  insert(row: ComparisonRow): void {
    this.insertStmt.run(row);
  }
  finish(id: string, durationSeconds: number): void {
    this.finishStmt.run({ id, duration_seconds: durationSeconds });
  }
  alignment(exercise: string, original: string, feedback: string): AlignmentRow | undefined {
    return this.alignmentStmt.get(exercise, original, feedback);
  }
  insertAlignment(row: AlignmentRow): void {
    this.insertAlignmentStmt.run(row);
  }
  updateAlignment(row: AlignmentRow): void {
    this.updateAlignmentStmt.run(row);
  }
}
