import { describe, expect, it } from 'vitest';
import type { SubmissionDetail } from '../../../src-shared/domain';
import { commentSubmission, commentsForPair, reachedMoments } from '../../../src-renderer/lib/feedback-moments';
import { commentView, summary, uuid } from '../fake-api';

const T = '2025-11-20T10:00:00.000Z';
const coach = uuid();
const student = uuid();
const model = uuid();
const attempt = uuid();
const earlier = uuid();
const reply = uuid();
const other = uuid();
const submission: SubmissionDetail = {
  id: uuid(), student, exercise: uuid(), videoAsset: attempt, submittedAt: T, status: 'submitted', updatedAt: T,
  studentName: 'Sam Patel', earlierAttempts: [{ id: uuid(), videoAsset: earlier, submittedAt: T }],
};
const exercise = summary({ createdBy: coach, ownerRole: 'coach', videoAsset: model });

describe('which thread a comment made on a comparison joins', () => {
  it('the coach’s comment goes to the student whose attempt is on screen, pinned side or not', () => {
    const base = { exercise, me: coach, submissions: [submission], comments: [] };
    expect(commentSubmission({ ...base, pinned: attempt, other: model })).toBe(submission.id);
    expect(commentSubmission({ ...base, pinned: model, other: attempt })).toBe(submission.id);
    expect(commentSubmission({ ...base, pinned: earlier, other: model })).toBe(submission.id);
  });

  it('the coach’s comment on two videos of no student is a note to all her students', () => {
    expect(commentSubmission({ exercise, me: coach, submissions: [submission], comments: [], pinned: model, other: other })).toBeNull();
  });

  it('a coach’s video reply belongs to the thread it was posted in', () => {
    const comments = [commentView({ videoAsset: reply, submission: submission.id })];
    expect(commentSubmission({ exercise, me: coach, submissions: [], comments, pinned: reply, other: model })).toBe(submission.id);
  });

  it('a student’s comment goes to their own submission; on their own exercise there is none', () => {
    expect(commentSubmission({ exercise, me: student, submissions: [submission], comments: [], pinned: model, other: attempt })).toBe(submission.id);
    const own = summary({ createdBy: student, ownerRole: 'student' });
    expect(commentSubmission({ exercise: own, me: student, submissions: [], comments: [], pinned: model, other: attempt })).toBeNull();
  });
});

describe('the feedback beside two videos', () => {
  it('holds comments pinned to either video, their thread, and general notes — not moments of other videos', () => {
    const onAttempt = commentView({ atSeconds: 1, atVideoAsset: attempt, submission: submission.id });
    const onModel = commentView({ atSeconds: 1.2, atVideoAsset: model });
    const inThread = commentView({ submission: submission.id });
    const note = commentView();
    const elsewhere = commentView({ atSeconds: 2, atVideoAsset: other, submission: submission.id });
    const otherThread = commentView({ submission: uuid() });
    const all = [onAttempt, onModel, inThread, note, elsewhere, otherThread];
    expect(commentsForPair(all, model, attempt, [submission])).toEqual([onAttempt, onModel, inThread, note]);
  });
});

describe('moments reached by the playhead', () => {
  const moments = [
    { id: 'a', at: 1 },
    { id: 'b', at: 1.5 },
    { id: 'c', at: 3 },
  ];

  it('counts the moments played through and the one the playhead rests on', () => {
    expect(reachedMoments(0.98, 1.02, moments)).toEqual(['a']);
    expect(reachedMoments(0.9, 1.6, moments)).toEqual(['a', 'b']);
    expect(reachedMoments(3.02, 3.02, moments)).toEqual(['c']);
  });

  it('does not count what a seek jumps over, or a move backwards', () => {
    expect(reachedMoments(0, 2.5, moments)).toEqual([]);
    expect(reachedMoments(1.6, 0.9, moments)).toEqual([]);
  });
});
