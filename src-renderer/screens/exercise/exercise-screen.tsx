import { useEffect, useRef, useState, type ReactNode } from 'react';
import type { ExerciseSummary } from '../../../src-shared/domain';
import { errorMessage } from '../../api/client';
import { BackButton } from '../../components/back-button';
import { ConfirmDialog } from '../../components/dialog';
import { EditIcon, RecordIcon, TrashIcon } from '../../components/icons';
import { RoleBadge } from '../../components/chips';
import { EmptyState, ErrorState, Skeleton } from '../../components/states';
import { RelativeTime } from '../../components/time';
import { plural } from '../../lib/format';
import { useVideoShortcuts } from '../../lib/use-video-shortcuts';
import { useExerciseStore } from '../../stores/exercise-store';
import { useProfileStore } from '../../stores/profile-store';
import { useUiStore } from '../../stores/ui-store';
import { ExerciseFormDialog } from '../exercise-form-dialog';
import { RecorderDialog, type ReplyTarget } from '../recorder/recorder-dialog';
import { CommentThread } from './comment-thread';
import { CompareButton } from './compare-picker';
import type { ComposerHandle } from './composer';
import { ChooseVideoDialog } from './choose-video-dialog';
import { SubmissionsPanel } from './submissions-panel';
import { TagsEditor } from './tags-editor';
import { VideoArea } from './video-area';

export function ExerciseScreen({ id }: { id: string }) {
  const open = useExerciseStore((s) => s.open);
  const close = useExerciseStore((s) => s.close);
  const detail = useExerciseStore((s) => s.detail);
  const backTo = useUiStore((s) => s.backTo);
  const back = useUiStore((s) => s.back);

  useEffect(() => {
    void open(id);
    return () => close();
  }, [id, open, close]);

  const backLabel = backTo === 'stack' ? 'Stack' : 'Exercises';
  const backButton = (
    <BackButton label={backLabel} ariaLabel={`Back to ${backLabel.toLowerCase()}`} onClick={back} />
  );

  let content: ReactNode;
  let label: { 'aria-label': string } | { 'aria-labelledby': string };
  // The page layout (video and thread) while loading and loaded; a plain screen for a message.
  let pageLayout = true;
  if (detail.missing) {
    label = { 'aria-label': 'Exercise not found' };
    pageLayout = false;
    content = (
      <>
        <div className="screen-header">{backButton}</div>
        <EmptyState title="This exercise isn’t here">
          <p>It may have been deleted, or it belongs to someone whose work you can’t see from this profile.</p>
          <button type="button" className="button button-primary" onClick={back}>
            Back to {backLabel.toLowerCase()}
          </button>
        </EmptyState>
      </>
    );
  } else if (detail.status === 'error' && !detail.data) {
    label = { 'aria-label': 'Exercise' };
    pageLayout = false;
    content = (
      <>
        <div className="screen-header">{backButton}</div>
        <ErrorState title="This exercise didn’t load" message={detail.error ?? ''} onRetry={() => void open(id)} />
      </>
    );
  } else if (!detail.data) {
    label = { 'aria-label': 'Loading exercise' };
    content = <ExerciseSkeleton backButton={backButton} />;
  } else {
    label = { 'aria-labelledby': 'exercise-title' };
    content = <ExercisePage exercise={detail.data} backButton={backButton} />;
  }

  // One <main> for every state, so focus placed on it survives the page loading.
  return (
    <main
      className={pageLayout ? 'screen exercise-page' : 'screen'}
      tabIndex={-1} {...label} aria-busy={!detail.data && !detail.missing && detail.status !== 'error' ? true : undefined} data-testid="exercise-page">
      {content}
    </main>
  );
}

function ExercisePage({ exercise, backButton }: { exercise: ExerciseSummary; backButton: ReactNode }) {
  const me = useProfileStore((s) => s.current?.user);
  const submissions = useExerciseStore((s) => s.submissions);
  const update = useExerciseStore((s) => s.update);
  const deleteExercise = useExerciseStore((s) => s.deleteExercise);
  const back = useUiStore((s) => s.back);
  const toast = useUiStore((s) => s.toast);
  const [video, setVideo] = useState<HTMLVideoElement | null>(null);
  const [editing, setEditing] = useState(false);
  const [choosingVideo, setChoosingVideo] = useState(false);
  const [confirmDelete, setConfirmDelete] = useState(false);
  const [deleting, setDeleting] = useState(false);
  const [deleteError, setDeleteError] = useState<string | null>(null);
  const composer = useRef<ComposerHandle>(null);
  const [recordingFor, setRecordingFor] = useState<ReplyTarget | null>(null);
  const refresh = useExerciseStore((s) => s.refresh);

  const isOwner = me?.id === exercise.createdBy;
  const isCoachExercise = exercise.ownerRole === 'coach';
  const hasOwnSubmission = submissions.data.some((s) => s.student === me?.id);
  const cannotComment =
    isCoachExercise && !isOwner && submissions.status === 'ready' && !hasOwnSubmission
      ? `Submit an attempt first: your feedback with ${exercise.ownerName} belongs to your submission.`
      : null;

  useVideoShortcuts(video, { m: () => composer.current?.commentAtMoment() });

  /**
   * Where a video reply goes: on a student's own exercise, the exercise; a student on a coach's
   * exercise replies in their own submission's thread; the coach to the submission she replies on
   * (or, from the header, to whom she picks in the recorder).
   */
  function replyTarget(submission: string | null = null): ReplyTarget {
    if (!isCoachExercise) return { exercise: exercise.id, submission: null };
    if (isOwner) return { exercise: exercise.id, submission };
    return { exercise: exercise.id, submission: submissions.data.find((s) => s.student === me?.id)?.id ?? null };
  }

  async function remove() {
    setDeleting(true);
    setDeleteError(null);
    try {
      await deleteExercise();
      toast(`Deleted “${exercise.name}”.`);
      back();
    } catch (e) {
      setDeleteError(errorMessage(e));
      setDeleting(false);
    }
  }

  return (
    <>
      <header className="exercise-header">
        <div className="exercise-header-top">
          {backButton}
          <div className="exercise-actions">
            <CompareButton exercise={exercise} me={me?.id ?? ''} />
            {!cannotComment && (
              <button type="button" className="button button-small" onClick={() => setRecordingFor(replyTarget())} data-testid="record-reply">
                <RecordIcon width={16} height={16} />
                Record reply
              </button>
            )}
            {isOwner && (
              <button type="button" className="button button-small" onClick={() => setChoosingVideo(true)} data-testid="choose-model-video">
                {exercise.videoAsset ? 'Change video' : 'Choose video'}
              </button>
            )}
            {isOwner && (
              <button type="button" className="button button-small" onClick={() => setEditing(true)}>
                <EditIcon width={16} height={16} />
                Edit details
              </button>
            )}
            {isOwner && (
              <button type="button" className="button button-small button-danger-quiet" onClick={() => setConfirmDelete(true)}>
                <TrashIcon width={16} height={16} />
                Delete exercise
              </button>
            )}
          </div>
        </div>
        <h1 id="exercise-title" className="exercise-title">
          {exercise.name}
        </h1>
        <p className="exercise-byline">
          <span>{isOwner ? 'Yours' : exercise.ownerName}</span>
          {!isOwner && <RoleBadge role={exercise.ownerRole} />}
          <span aria-hidden="true">·</span>
          <RelativeTime iso={exercise.createdAt} prefix="created " />
          <span aria-hidden="true">·</span>
          <span>
            last activity <RelativeTime iso={exercise.lastActivity} />
          </span>
        </p>
        {exercise.description && <p className="exercise-description">{exercise.description}</p>}
        <TagsEditor tags={exercise.tags} editable={isOwner} />
      </header>

      <div className="exercise-body">
        <div className="exercise-main">
          <VideoArea assetId={exercise.videoAsset} hasPoster={exercise.videoHasPoster} title={exercise.name} onVideo={setVideo} />
          {isCoachExercise && (
            <SubmissionsPanel
              isOwner={isOwner}
              ownerName={exercise.ownerName}
              onRecordReply={isOwner ? (id) => setRecordingFor(replyTarget(id)) : undefined}
              student={isCoachExercise && !isOwner && me?.role === 'student' ? me.id : null}
            />
          )}
        </div>
        <CommentThread exercise={exercise} me={me?.id ?? ''} video={video} composerRef={composer} cannotComment={cannotComment} isOwner={isOwner} />
      </div>

      {choosingVideo && me && (
        <ChooseVideoDialog
          title={exercise.videoAsset ? 'Change the exercise’s video' : 'Choose the exercise’s video'}
          description={isCoachExercise ? 'Your students see it as the model to compare their attempts with.' : 'The video this exercise is about.'}
          confirmLabel="Use this video"
          current={exercise.videoAsset}
          me={me.id}
          onClose={() => setChoosingVideo(false)}
          onChoose={(videoAsset) => update({ videoAsset })}
        />
      )}
      {recordingFor && (
        <RecorderDialog
          title="Record reply"
          reply={recordingFor}
          audiences={isOwner && isCoachExercise ? submissions.data.map((s) => ({ id: s.id, name: s.studentName })) : []}
          onClose={() => setRecordingFor(null)}
          onSaved={() => {
            setRecordingFor(null);
            toast('Your video reply was posted.');
            void refresh(['comments', 'detail']);
          }}
        />
      )}
      {editing && (
        <ExerciseFormDialog
          title="Edit exercise"
          submitLabel="Save"
          initial={{ name: exercise.name, description: exercise.description }}
          onClose={() => setEditing(false)}
          onSubmit={async (values) => {
            await update(values);
            setEditing(false);
          }}
        />
      )}
      {confirmDelete && (
        <ConfirmDialog
          title="Delete this exercise?"
          description={`“${exercise.name}” goes, with its ${plural(exercise.commentCount, 'comment')}${
            exercise.submissionCount ? ` and ${plural(exercise.submissionCount, 'submission')}` : ''
          }. This can’t be undone.`}
          confirmLabel="Delete exercise"
          busy={deleting}
          error={deleteError}
          onConfirm={() => void remove()}
          onClose={() => setConfirmDelete(false)}
        />
      )}
    </>
  );
}

function ExerciseSkeleton({ backButton }: { backButton: ReactNode }) {
  return (
    <>
      <header className="exercise-header">
        <div className="exercise-header-top">{backButton}</div>
        <Skeleton className="skeleton-title" />
        <Skeleton className="skeleton-line w-30" />
      </header>
      <div className="exercise-body" aria-hidden="true">
        <div className="exercise-main">
          <Skeleton className="video-frame" />
        </div>
        <div className="thread">
          <div className="thread-list" />
        </div>
      </div>
    </>
  );
}
