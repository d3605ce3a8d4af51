import type { Database, Statement } from 'better-sqlite3';
import type { Comment, CommentView, Drawing, Vote } from '../../../../src-shared/domain';
import type { Role } from '../../../../src-shared/primitives';
import { commentVisible } from '../visibility';

export interface CommentRow {
  id: string;
  exercise: string;
  author: string;
  text: string | null;
  video_asset: string | null;
  submission: string | null;
  at_seconds: number | null;
  at_video_asset: string | null;
  drawing: string | null;
  created_at: string;
  updated_at: string;
}
interface CommentViewRow extends CommentRow {
  author_name: string;
  author_role: Role;
  helpful_count: number;
  my_vote: 0 | 1 | null;
  is_read: 0 | 1;
}

export const toComment = (r: CommentRow): Comment => ({
  id: r.id,
  exercise: r.exercise,
  author: r.author,
  text: r.text,
  videoAsset: r.video_asset,
  submission: r.submission,
  atSeconds: r.at_seconds,
  atVideoAsset: r.at_video_asset,
  drawing: r.drawing === null ? null : (JSON.parse(r.drawing) as Drawing),
  createdAt: r.created_at,
  updatedAt: r.updated_at,
});

export interface CommentListFilter {
  actor: string;
  exercise: string;
  submission: string | null;
}

export class CommentsRepo {
  private readonly byId: Statement<[string], CommentRow>;
  private readonly visibleById: Statement<[{ actor: string; id: string }], CommentRow>;
  private readonly listStmt: Statement<[CommentListFilter], CommentViewRow>;
  private readonly insertStmt: Statement<[CommentRow]>;
  private readonly updateStmt: Statement<[CommentRow]>;
  private readonly deleteStmt: Statement<[string]>;
  private readonly markReadStmt: Statement<[string, string, string]>;
  private readonly threadCountsStmt: Statement<[{ actor: string; exercise: string; submission: string }], { total: number; unread: number }>;
  private readonly newestUnreadStmt: Statement;
  private readonly unreadStmt: Statement<[{ actor: string }], { unread: number }>;

  constructor(db: Database) {
    this.byId = db.prepare('SELECT * FROM comments_videocomment WHERE id = ?');
    this.visibleById = db.prepare(
      `SELECT c.* FROM comments_videocomment c JOIN exercises_exercise e ON e.id = c.exercise
        WHERE c.id = @id AND ${commentVisible('c', 'e')}`,
    );
    this.listStmt = db.prepare(
      `SELECT c.*, u.display_name AS author_name, u.role AS author_role,
              (SELECT count(*) FROM votes_helpfulvote v WHERE v.comment = c.id AND v.is_helpful = 1) AS helpful_count,
              (SELECT v.is_helpful FROM votes_helpfulvote v WHERE v.comment = c.id AND v.voter = @actor) AS my_vote,
              (c.author = @actor OR EXISTS (SELECT 1 FROM feedback_read fr WHERE fr.user = @actor AND fr.comment = c.id)) AS is_read
         FROM comments_videocomment c
         JOIN exercises_exercise e ON e.id = c.exercise
         JOIN auth_user u ON u.id = c.author
        WHERE c.exercise = @exercise AND ${commentVisible('c', 'e')}
          AND (@submission IS NULL OR c.submission = @submission OR c.submission IS NULL)
        ORDER BY c.created_at, c.rowid`,
    );
    this.insertStmt = db.prepare(
      `INSERT INTO comments_videocomment (id, exercise, author, text, video_asset, submission, at_seconds, at_video_asset,
         drawing, created_at, updated_at)
       VALUES (@id, @exercise, @author, @text, @video_asset, @submission, @at_seconds, @at_video_asset, @drawing,
         @created_at, @updated_at)`,
    );
    this.updateStmt = db.prepare(
      'UPDATE comments_videocomment SET text = @text, drawing = @drawing, updated_at = @updated_at WHERE id = @id',
    );
    this.deleteStmt = db.prepare('DELETE FROM comments_videocomment WHERE id = ?');
    this.markReadStmt = db.prepare('INSERT OR IGNORE INTO feedback_read (user, comment, read_at) VALUES (?, ?, ?)');
    this.threadCountsStmt = db.prepare(
      `SELECT count(*) AS total,
              coalesce(sum(c.author <> @actor AND NOT EXISTS (SELECT 1 FROM feedback_read fr WHERE fr.user = @actor AND fr.comment = c.id)), 0) AS unread
         FROM comments_videocomment c JOIN exercises_exercise e ON e.id = c.exercise
        WHERE c.exercise = @exercise AND (c.submission IS NULL OR c.submission = @submission) AND ${commentVisible('c', 'e')}`,
    );
    this.newestUnreadStmt = db.prepare(
      `SELECT c.exercise AS exercise, c.id AS comment, c.video_asset AS reply, c.at_video_asset AS moment, e.video_asset AS model,
              (SELECT s.video_asset FROM submissions_submission s WHERE s.id = c.submission) AS attempt
         FROM comments_videocomment c JOIN exercises_exercise e ON e.id = c.exercise
        WHERE c.author <> @actor AND ${commentVisible('c', 'e')}
          AND NOT EXISTS (SELECT 1 FROM feedback_read fr WHERE fr.user = @actor AND fr.comment = c.id)
        ORDER BY c.created_at DESC LIMIT 1`,
    );
    this.unreadStmt = db.prepare(
      `SELECT count(*) AS unread FROM comments_videocomment c JOIN exercises_exercise e ON e.id = c.exercise
        WHERE c.author <> @actor AND ${commentVisible('c', 'e')}
          AND NOT EXISTS (SELECT 1 FROM feedback_read fr WHERE fr.user = @actor AND fr.comment = c.id)`,
    );
  }

  get(id: string): CommentRow | undefined {
    return this.byId.get(id);
  }
  getVisible(actor: string, id: string): CommentRow | undefined {
    return this.visibleById.get({ actor, id });
  }
  list(filter: CommentListFilter): CommentView[] {
    return this.listStmt.all(filter).map((r) => ({
      ...toComment(r),
      authorName: r.author_name,
      authorRole: r.author_role,
      helpfulCount: r.helpful_count,
      myVote: r.my_vote === null ? null : r.my_vote === 1,
      read: r.is_read === 1,
    }));
  }
  insert(row: CommentRow): void {
    this.insertStmt.run(row);
  }
  update(row: CommentRow): void {
    this.updateStmt.run(row);
  }
  delete(id: string): void {
    this.deleteStmt.run(id);
  }
  /** The comments of one submission's thread (with the owner's notes) that @actor sees, and how many are unread. */
  threadCounts(actor: string, exercise: string, submission: string): { total: number; unread: number } {
    return this.threadCountsStmt.get({ actor, exercise, submission })!;
  }
  /** Comments @actor sees, did not write and has not read: the app's unread-feedback badge. */
  /**
   * The newest feedback the actor has not read, with the two videos it is best seen between: a video
   * reply against the attempt (or the exercise's video) it answers; a moment in a video against the
   * exercise's video. Null when everything is read.
   */
  newestUnread(actor: string): { exercise: string; comment: string; a: string | null; b: string | null } | null {
    const row = this.newestUnreadStmt.get({ actor }) as
      | { exercise: string; comment: string; reply: string | null; moment: string | null; model: string | null; attempt: string | null }
      | undefined;
    if (!row) return null;
    const first = row.attempt ?? row.model;
    const second = row.reply ?? (row.moment && row.moment !== first ? row.moment : null);
    return { exercise: row.exercise, comment: row.comment, a: second && first && first !== second ? first : null, b: second && first && first !== second ? second : null };
  }

  unreadCount(actor: string): number {
    return this.unreadStmt.get({ actor })!.unread;
  }
  /** Returns whether the marker is new. */
  markRead(user: string, comment: string, at: string): boolean {
    return this.markReadStmt.run(user, comment, at).changes === 1;
  }
}

interface VoteRow {
  id: string;
  voter: string;
  comment: string;
  is_helpful: 0 | 1;
  voted_at: string;
}
export const toVote = (r: VoteRow): Vote => ({
  id: r.id,
  voter: r.voter,
  comment: r.comment,
  isHelpful: r.is_helpful === 1,
  votedAt: r.voted_at,
});

export class VotesRepo {
  private readonly byVoterComment: Statement<[string, string], VoteRow>;
  private readonly insertStmt: Statement<[VoteRow]>;
  private readonly updateStmt: Statement<[VoteRow]>;
  private readonly deleteStmt: Statement<[string]>;

  constructor(db: Database) {
    this.byVoterComment = db.prepare('SELECT * FROM votes_helpfulvote WHERE voter = ? AND comment = ?');
    this.insertStmt = db.prepare(
      'INSERT INTO votes_helpfulvote (id, voter, comment, is_helpful, voted_at) VALUES (@id, @voter, @comment, @is_helpful, @voted_at)',
    );
    this.updateStmt = db.prepare('UPDATE votes_helpfulvote SET is_helpful = @is_helpful, voted_at = @voted_at WHERE id = @id');
    this.deleteStmt = db.prepare('DELETE FROM votes_helpfulvote WHERE id = ?');
  }

  find(voter: string, comment: string): Vote | undefined {
    const row = this.byVoterComment.get(voter, comment);
    return row && toVote(row);
  }
  insert(vote: Vote): void {
    this.insertStmt.run({ id: vote.id, voter: vote.voter, comment: vote.comment, is_helpful: vote.isHelpful ? 1 : 0, voted_at: vote.votedAt });
  }
  update(vote: Vote): void {
    this.updateStmt.run({ id: vote.id, voter: vote.voter, comment: vote.comment, is_helpful: vote.isHelpful ? 1 : 0, voted_at: vote.votedAt });
  }
  delete(id: string): void {
    this.deleteStmt.run(id);
  }
}
