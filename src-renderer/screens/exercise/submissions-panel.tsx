import { useState } from 'react';
import type { SubmissionDetail } from '../../../src-shared/domain';
import { errorMessage } from '../../api/client';
import { Avatar, StatusChip } from '../../components/chips';
import { Modal } from '../../components/dialog';
import { ListPanel } from '../../components/panel';
import { ErrorState, Skeleton } from '../../components/states';
import { RelativeTime } from '../../components/time';
import { plural } from '../../lib/format';
import { useExerciseStore } from '../../stores/exercise-store';
import { useUiStore } from '../../stores/ui-store';
import { ChooseVideoDialog } from './choose-video-dialog';

/** Who submitted an attempt and where each stands; the exercise's coach reviews them here. */
export function SubmissionsPanel({
  isOwner,
  ownerName,
  onRecordReply,
  student,
}: {
  isOwner: boolean;
  ownerName: string;
  onRecordReply?: (submission: string) => void;
  /** A student looking at a coach's exercise: they submit, replace and withdraw their attempt here. */
  student?: string | null;
}) {
  const part = useExerciseStore((s) => s.submissions);
  const refresh = useExerciseStore((s) => s.refresh);
  const submitAttempt = useExerciseStore((s) => s.submitAttempt);
  const withdraw = useExerciseStore((s) => s.withdrawSubmission);
  const toast = useUiStore((s) => s.toast);
  const [choosing, setChoosing] = useState(false);
  const [withdrawing, setWithdrawing] = useState(false);
  const submissions = part.data;
  const own = student ? (submissions.find((s) => s.student === student) ?? null) : null;

  let body;
  if (part.status === 'loading' && submissions.length === 0) {
    body = (
      <ul className="submission-list" aria-hidden="true">
        <li className="submission is-skeleton">
          <Skeleton className="skeleton-line w-60" />
        </li>
      </ul>
    );
  } else if (part.status === 'error' && submissions.length === 0) {
    body = <ErrorState compact title="Submissions didn’t load" message={part.error ?? ''} onRetry={() => void refresh(['submissions'])} />;
  } else if (submissions.length === 0) {
    body = (
      <p className="panel-empty">
        {isOwner
          ? 'No attempts yet. When your students submit, each attempt shows here for you to review.'
          : `You haven’t submitted an attempt to ${ownerName} yet.`}
      </p>
    );
  } else {
    body = (
      <ul className="submission-list" aria-label="Submissions">
        {submissions.map((s) => (
          <SubmissionItem key={s.id} submission={s} canReview={isOwner} onRecordReply={onRecordReply} />
        ))}
      </ul>
    );
  }

  const studentActions = student && part.status === 'ready' && (
    <div className="submission-own-actions">
      <button type="button" className={own ? 'button button-small' : 'button button-primary'} onClick={() => setChoosing(true)} data-testid="submit-attempt">
        {own ? 'Replace my attempt' : 'Submit an attempt'}
      </button>
      {own && (
        <button type="button" className="button button-small button-quiet" onClick={() => setWithdrawing(true)}>
          Withdraw
        </button>
      )}
    </div>
  );

  return (
    <ListPanel titleId="submissions-title" title="Submissions" count={submissions.length} className="submissions">
      {body}
      {studentActions}
      {choosing && student && (
        <ChooseVideoDialog
          title={own ? 'Replace your attempt' : 'Submit an attempt'}
          description={own ? `${ownerName} sees the new video; the one before stays as an earlier attempt.` : `${ownerName} sees it, and your feedback with them gathers under it.`}
          confirmLabel={own ? 'Replace attempt' : 'Submit'}
          current={own?.videoAsset ?? null}
          me={student}
          onClose={() => setChoosing(false)}
          onChoose={async (video) => {
            await submitAttempt(video, own?.id ?? null);
            toast(own ? `Replaced. ${ownerName} sees your new attempt.` : `Submitted to ${ownerName}.`);
          }}
        />
      )}
      {withdrawing && own && (
        <Modal title="Withdraw your attempt?" onClose={() => setWithdrawing(false)} description={`${ownerName} will no longer see it, and the feedback on it goes with it. Your video stays in your Library.`}>
          <div className="modal-actions">
            <button type="button" className="button" onClick={() => setWithdrawing(false)} data-autofocus>
              Keep it
            </button>
            <button
              type="button"
              className="button button-danger"
              onClick={() => {
                setWithdrawing(false);
                withdraw(own.id).then(
                  () => toast('Withdrawn.'),
                  (e: unknown) => toast(errorMessage(e), 'error'),
                );
              }}
            >
              Withdraw
            </button>
          </div>
        </Modal>
      )}
    </ListPanel>
  );
}

function SubmissionItem({ submission, canReview, onRecordReply }: { submission: SubmissionDetail; canReview: boolean; onRecordReply?: (submission: string) => void }) {
  const setStatus = useExerciseStore((s) => s.setSubmissionStatus);
  const toast = useUiStore((s) => s.toast);
  const [busy, setBusy] = useState(false);
  const earlier = submission.earlierAttempts.length;

  async function review(status: 'reviewed' | 'needs_work') {
    setBusy(true);
    try {
      await setStatus(submission.id, status);
    } catch (e) {
      toast(errorMessage(e), 'error');
    } finally {
      setBusy(false);
    }
  }

  return (
    <li className="submission" data-testid="submission" aria-label={`${submission.studentName}’s submission`}>
      <Avatar name={submission.studentName} size="small" />
      <div className="submission-main">
        <span className="submission-student">{submission.studentName}</span>
        <span className="submission-meta">
          <RelativeTime iso={submission.submittedAt} prefix="Submitted " />
          {earlier > 0 && ` · ${plural(earlier, 'earlier attempt')}`}
        </span>
      </div>
      <StatusChip status={submission.status} />
      {canReview && (
        <div className="submission-actions">
          <button type="button" className="button button-small" disabled={busy || submission.status === 'reviewed'} onClick={() => void review('reviewed')}>
            Mark reviewed
          </button>
          <button type="button" className="button button-small" disabled={busy || submission.status === 'needs_work'} onClick={() => void review('needs_work')}>
            Needs work
          </button>
          {onRecordReply && (
            <button type="button" className="button button-small" onClick={() => onRecordReply(submission.id)} aria-label={`Record a video reply to ${submission.studentName}`}>
              Record reply
            </button>
          )}
        </div>
      )}
    </li>
  );
}
