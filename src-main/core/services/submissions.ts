import { badInput, conflict, forbidden, notFound } from '../errors';
import { toSubmission, type SubmissionRow } from '../db/repos/submissions-repo';
import { newId } from '../db/time';
import type { ProfileStore } from '../store';
import { visibleExercise } from './exercises';
import type { DomainHandlers } from './handlers';

function ownVideo(store: ProfileStore, actor: string, assetId: string): void {
  const asset = store.assets.get(assetId);
  if (!asset || asset.owner !== actor) throw notFound('That video in your library');
}

/** The submission if the actor may see it (its student or the exercise's owner). */
function visibleSubmission(store: ProfileStore, actor: string, id: string): { sub: SubmissionRow; exerciseOwner: string } {
  const sub = store.submissions.get(id);
  const exercise = sub && store.exercises.get(sub.exercise);
  if (!sub || !exercise || (sub.student !== actor && exercise.created_by !== actor)) throw notFound('That submission');
  return { sub, exerciseOwner: exercise.created_by };
}

export const submissionHandlers: DomainHandlers<
  'submissions.list' | 'submissions.create' | 'submissions.resubmit' | 'submissions.setStatus' | 'submissions.delete'
> = {
  'submissions.list': (input, { store, actor }) => {
    visibleExercise(store, actor.id, input.exercise);
    return store.submissions.listVisible(actor.id, input.exercise);
  },

  'submissions.create': (input, s) => {
    const { store, actor } = s;
    const exercise = visibleExercise(store, actor.id, input.exercise);
    if (actor.role !== 'student') throw forbidden('Only students submit attempts.');
    if (exercise.owner_role !== 'coach') throw badInput('You can submit only to a coach’s exercise.', 'exercise');
    ownVideo(store, actor.id, input.videoAsset);
    if (store.submissions.find(actor.id, input.exercise)) {
      throw conflict('You already submitted to this exercise. Resubmit to replace your video.');
    }
    const now = store.time();
    const row: SubmissionRow = {
      id: newId(),
      student: actor.id,
      exercise: input.exercise,
      video_asset: input.videoAsset,
      submitted_at: now,
      status: 'submitted',
      updated_at: now,
    };
    store.write(() => {
      store.submissions.insert(row);
      store.changes.upsert('submission', row.id, { ...row });
    });
    s.changed('submission', 'exercise');
    return toSubmission(row);
  },

  'submissions.resubmit': (input, s) => {
    const { store, actor } = s;
    const { sub } = visibleSubmission(store, actor.id, input.id);
    if (sub.student !== actor.id) throw forbidden('Only the student who submitted can resubmit.');
    ownVideo(store, actor.id, input.videoAsset);
    if (sub.video_asset === input.videoAsset) throw badInput('That video is already your current attempt.', 'videoAsset');
    const now = store.time();
    const next: SubmissionRow = { ...sub, video_asset: input.videoAsset, submitted_at: now, status: 'resubmitted', updated_at: now };
    const attempt = { id: newId(), submission: sub.id, video_asset: sub.video_asset, submitted_at: sub.submitted_at };
    store.write(() => {
      const kept = store.submissions.insertAttempt(attempt);
      store.submissions.update(next);
      if (kept) store.changes.upsert('submission_attempt', attempt.id, { ...attempt });
      store.changes.upsert('submission', sub.id, {
        video_asset: next.video_asset,
        submitted_at: next.submitted_at,
        status: next.status,
        updated_at: next.updated_at,
      });
    });
    s.changed('submission', 'exercise');
    return toSubmission(next);
  },

  'submissions.setStatus': (input, s) => {
    const { store, actor } = s;
    const { sub, exerciseOwner } = visibleSubmission(store, actor.id, input.id);
    if (exerciseOwner !== actor.id) throw forbidden('Only the exercise’s coach can review a submission.');
    const next: SubmissionRow = { ...sub, status: input.status, updated_at: store.time() };
    store.write(() => {
      store.submissions.update(next);
      store.changes.upsert('submission', sub.id, { status: next.status, updated_at: next.updated_at });
    });
    s.changed('submission', 'exercise');
    return toSubmission(next);
  },

  'submissions.delete': (input, s) => {
    const { store, actor } = s;
    const { sub } = visibleSubmission(store, actor.id, input.id);
    if (sub.student !== actor.id) throw forbidden('Only the student who submitted can withdraw a submission.');
    store.write(() => {
      store.submissions.delete(sub.id);
      store.changes.delete('submission', sub.id);
    });
    s.changed('submission', 'exercise', 'comment');
    return { deleted: true as const };
  },
};
