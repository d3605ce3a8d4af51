import { useState } from 'react';
import type { SubmissionDetail } from '../../../src-shared/domain';
import { errorMessage } from '../../api/client';
import { Avatar, StatusChip } from '../../components/chips';
import { ListPanel } from '../../components/panel';
import { ErrorState, Skeleton } from '../../components/states';
import { RelativeTime } from '../../components/time';
import { plural } from '../../lib/format';
import { useExerciseStore } from '../../stores/exercise-store';
import { useUiStore } from '../../stores/ui-store';

/** Who submitted an attempt and where each stands; the exercise's coach reviews them here. */
export function SubmissionsPanel({ isOwner, ownerName, onRecordReply }: { isOwner: boolean; ownerName: string; onRecordReply?: (submission: string) => void }) {
  const part = useExerciseStore((s) => s.submissions);
  const refresh = useExerciseStore((s) => s.refresh);
  const submissions = part.data;

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

  return (
    <ListPanel titleId="submissions-title" title="Submissions" count={submissions.length} className="submissions">
      {body}
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
