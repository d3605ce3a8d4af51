import type { Ref } from 'react';
import type { CommentView, ExerciseSummary } from '../../../src-shared/domain';
import type { FeedbackEntry } from '../../components/feedback-comment';
import { FeedbackThread } from '../../components/feedback-thread';
import { seekTo } from '../../lib/video';
import { useExerciseStore } from '../../stores/exercise-store';
import { Composer, type ComposerHandle } from './composer';

interface Props {
  exercise: ExerciseSummary;
  me: string;
  video: HTMLVideoElement | null;
  composerRef: Ref<ComposerHandle>;
  /** Why this person can't comment here, if they can't. */
  cannotComment: string | null;
  isOwner: boolean;
}

/** The exercise's feedback beside its video: a comment's moment seeks the video when it is this one. */
export function CommentThread({ exercise, me, video, composerRef, cannotComment, isOwner }: Props) {
  const part = useExerciseStore((s) => s.comments);
  const sort = useExerciseStore((s) => s.sort);
  const setSort = useExerciseStore((s) => s.setSort);
  const newIds = useExerciseStore((s) => s.newIds);
  const refresh = useExerciseStore((s) => s.refresh);
  const markRead = useExerciseStore((s) => s.markRead);
  const editComment = useExerciseStore((s) => s.editComment);
  const deleteComment = useExerciseStore((s) => s.deleteComment);
  const toggleHelpful = useExerciseStore((s) => s.toggleHelpful);
  const submissions = useExerciseStore((s) => s.submissions.data);
  const aspect = 16 / 9;

  const entries: FeedbackEntry[] = part.data.map((c) => ({
    comment: c,
    at: c.atSeconds,
    where: null,
    // A moment in another video (an attempt, a reply) is seen in the comparison, not here.
    elsewhere: c.atVideoAsset !== null && c.atVideoAsset !== exercise.videoAsset,
    aspect,
  }));

  function seek(_comment: CommentView, seconds: number) {
    if (!video) return;
    seekTo(video, seconds);
    video.scrollIntoView({ block: 'nearest' });
  }

  return (
    <FeedbackThread
      title="Feedback"
      entries={entries}
      me={me}
      sort={sort}
      onSort={(s) => void setSort(s)}
      isNew={(c) => newIds.includes(c.id)}
      onSeek={video ? seek : null}
      actions={{ edit: editComment, remove: deleteComment, toggleHelpful }}
      markRead={markRead}
      status={part.status}
      error={part.error}
      onRetry={() => void refresh(['comments'])}
      empty={<>No feedback yet. {cannotComment ? '' : video ? 'Pause on a moment and press M to comment on it, or write below.' : 'Write the first comment below.'}</>}
      itemTestId="comment"
    >
      {cannotComment ? (
        <p className="composer-blocked">{cannotComment}</p>
      ) : (
        <Composer ref={composerRef} video={video} submissions={isOwner && exercise.ownerRole === 'coach' ? submissions : []} />
      )}
    </FeedbackThread>
  );
}
