import type { CommentView, ExerciseSummary, SubmissionDetail } from '../../src-shared/domain';

/**
 * The submission a comment made on a comparison belongs to, as the exercise page decides it: only a
 * coach's exercise has submissions. Its coach addresses the student whose attempt (or earlier attempt,
 * or the video reply made for them) is on screen — the pinned side first, then the other — and with no
 * student's video on screen writes a note to all her students (null). A student's comment always goes
 * to their own submission.
 */
export function commentSubmission(input: {
  exercise: Pick<ExerciseSummary, 'createdBy' | 'ownerRole'>;
  me: string;
  submissions: readonly SubmissionDetail[];
  comments: readonly CommentView[];
  /** The video the comment is pinned to, then the other side's. */
  pinned: string;
  other: string;
}): string | null {
  const { exercise, me, submissions, comments, pinned, other } = input;
  if (exercise.ownerRole !== 'coach') return null;
  if (exercise.createdBy !== me) return submissions.find((s) => s.student === me)?.id ?? null;
  for (const video of [pinned, other]) {
    const found = submissionOfVideo(video, submissions, comments);
    if (found) return found;
  }
  return null;
}

/** The submission a video belongs to: a student's attempt (current or earlier), or a reply in its thread. */
export function submissionOfVideo(video: string, submissions: readonly SubmissionDetail[], comments: readonly CommentView[]): string | null {
  const attempt = submissions.find((s) => s.videoAsset === video || s.earlierAttempts.some((a) => a.videoAsset === video));
  if (attempt) return attempt.id;
  return comments.find((c) => c.videoAsset === video && c.submission !== null)?.submission ?? null;
}

/**
 * The feedback that belongs beside two videos: comments pinned to a moment of either, the video
 * replies that are either, and the rest of the conversation they are part of (the submissions either
 * video belongs to, or the exercise's general notes), oldest first as listed.
 */
export function commentsForPair(comments: readonly CommentView[], a: string, b: string, submissions: readonly SubmissionDetail[]): CommentView[] {
  const videos = new Set([a, b]);
  const threads = new Set([a, b].map((v) => submissionOfVideo(v, submissions, comments)).filter((s): s is string => s !== null));
  return comments.filter((c) => {
    if (c.atVideoAsset !== null) return videos.has(c.atVideoAsset);
    if (c.videoAsset !== null && videos.has(c.videoAsset)) return true;
    return c.submission === null ? c.videoAsset === null : threads.has(c.submission);
  });
}

/** Whether a comment still waits to be read by `me` (one's own comments never do). */
export const isUnread = (c: Pick<CommentView, 'read' | 'author'>, me: string) => !c.read && c.author !== me;

/** Moves of the playhead longer than this are seeks, not playback: what they skip was not seen. */
const PLAYED_STEP = 1;

/**
 * The moments the playhead showed in moving from `previous` to `now` (timeline seconds): those it
 * played through (a forward move no longer than a second), and the one it rests on, within `near`.
 */
export function reachedMoments(previous: number, now: number, moments: readonly { id: string; at: number }[], near = 0.05): string[] {
  const played = now > previous && now - previous <= PLAYED_STEP;
  return moments.filter(({ at }) => Math.abs(now - at) <= near || (played && at > previous && at <= now)).map((m) => m.id);
}
