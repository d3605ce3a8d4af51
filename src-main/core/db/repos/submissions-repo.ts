import type { Database, Statement } from 'better-sqlite3';
import type { Submission, SubmissionAttempt, SubmissionDetail } from '../../../../src-shared/domain';
import type { SubmissionStatus } from '../../../../src-shared/primitives';
import { submissionVisible } from '../visibility';

export interface SubmissionRow {
  id: string;
  student: string;
  exercise: string;
  video_asset: string;
  submitted_at: string;
  status: SubmissionStatus;
  updated_at: string;
}
interface AttemptRow {
  id: string;
  submission: string;
  video_asset: string;
  submitted_at: string;
}

export const toSubmission = (r: SubmissionRow): Submission => ({
  id: r.id,
  student: r.student,
  exercise: r.exercise,
  videoAsset: r.video_asset,
  submittedAt: r.submitted_at,
  status: r.status,
  updatedAt: r.updated_at,
});
const toAttempt = (r: AttemptRow): SubmissionAttempt => ({ id: r.id, videoAsset: r.video_asset, submittedAt: r.submitted_at });

export class SubmissionsRepo {
  private readonly byId: Statement<[string], SubmissionRow>;
  private readonly byStudentExercise: Statement<[string, string], SubmissionRow>;
  private readonly byStudentStmt: Statement<[string], SubmissionRow>;
  private readonly listStmt: Statement<[{ actor: string; exercise: string }], SubmissionRow & { student_name: string }>;
  private readonly attemptsStmt: Statement<[string], AttemptRow>;
  private readonly insertStmt: Statement<[SubmissionRow]>;
  private readonly updateStmt: Statement<[SubmissionRow]>;
  private readonly deleteStmt: Statement<[string]>;
  private readonly insertAttemptStmt: Statement<[AttemptRow]>;

  constructor(db: Database) {
    this.byId = db.prepare('SELECT * FROM submissions_submission WHERE id = ?');
    this.byStudentExercise = db.prepare('SELECT * FROM submissions_submission WHERE student = ? AND exercise = ?');
    this.byStudentStmt = db.prepare('SELECT * FROM submissions_submission WHERE student = ?');
    this.listStmt = db.prepare(
      `SELECT s.*, u.display_name AS student_name FROM submissions_submission s
         JOIN exercises_exercise e ON e.id = s.exercise JOIN auth_user u ON u.id = s.student
        WHERE s.exercise = @exercise AND ${submissionVisible('s', 'e')}
        ORDER BY s.submitted_at DESC`,
    );
    this.attemptsStmt = db.prepare('SELECT * FROM submission_attempts WHERE submission = ? ORDER BY submitted_at DESC');
    this.insertStmt = db.prepare(
      `INSERT INTO submissions_submission (id, student, exercise, video_asset, submitted_at, status, updated_at)
       VALUES (@id, @student, @exercise, @video_asset, @submitted_at, @status, @updated_at)`,
    );
    this.updateStmt = db.prepare(
      `UPDATE submissions_submission SET video_asset = @video_asset, submitted_at = @submitted_at, status = @status,
         updated_at = @updated_at WHERE id = @id`,
    );
    this.deleteStmt = db.prepare('DELETE FROM submissions_submission WHERE id = ?');
    this.insertAttemptStmt = db.prepare(
      // A video already kept as an earlier attempt (the student went back to it) is kept once.
      `INSERT INTO submission_attempts (id, submission, video_asset, submitted_at) VALUES (@id, @submission, @video_asset, @submitted_at)
       ON CONFLICT (submission, video_asset) DO NOTHING`,
    );
  }

  get(id: string): SubmissionRow | undefined {
    return this.byId.get(id);
  }
  find(student: string, exercise: string): SubmissionRow | undefined {
    return this.byStudentExercise.get(student, exercise);
  }
  byStudent(student: string): SubmissionRow[] {
    return this.byStudentStmt.all(student);
  }
  listVisible(actor: string, exercise: string): SubmissionDetail[] {
    return this.listStmt.all({ actor, exercise }).map((r) => ({
      ...toSubmission(r),
      studentName: r.student_name,
      earlierAttempts: this.attemptsStmt.all(r.id).map(toAttempt),
    }));
  }
  insert(row: SubmissionRow): void {
    this.insertStmt.run(row);
  }
  update(row: SubmissionRow): void {
    this.updateStmt.run(row);
  }
  delete(id: string): void {
    this.deleteStmt.run(id);
  }
  /** Returns whether the attempt is new (false when that video was already an earlier attempt). */
  insertAttempt(row: AttemptRow): boolean {
    return this.insertAttemptStmt.run(row).changes === 1;
  }
}
