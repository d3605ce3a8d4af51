import { afterEach, describe, expect, it } from 'vitest';
import type { StackItem } from '../../src-shared/domain';
import { expectRefusal } from '../support/records';
import { iso, makeWorld, remote, type World } from '../support/world';

/**
 * The stack is exercise × student: a student's own exercises plus the coach exercises they submitted
 * to. A student sees their own stack; a coach sees each rostered student's, as far as the coach may see.
 */

let world: World;
afterEach(() => world?.dispose());

/** dana coaches alex and sam; olga coaches carol and, here, alex too. */
async function stackWorld() {
  world = await makeWorld();
  const { users, ok, asset, core } = world;
  await core.applyRemote([remote('roster', { coach: users.olga.id, student: users.alex.id, created_at: iso() })]);
  const serve = await ok(users.coach, 'exercises.create', { name: 'Serve', videoAsset: await asset(users.coach) });
  const volley = await ok(users.coach, 'exercises.create', { name: 'Volley' });
  const backhand = await ok(users.alex, 'exercises.create', { name: 'Backhand' });
  const forehand = await ok(users.sam, 'exercises.create', { name: 'Forehand' });
  const smash = await ok(users.olga, 'exercises.create', { name: 'Smash' });
  const carolDrill = await ok(users.carol, 'exercises.create', { name: 'Carol’s drill' });
  const alexServe = await ok(users.alex, 'submissions.create', { exercise: serve.id, videoAsset: await asset(users.alex) });
  const samServe = await ok(users.sam, 'submissions.create', { exercise: serve.id, videoAsset: await asset(users.sam) });
  const alexSmash = await ok(users.alex, 'submissions.create', { exercise: smash.id, videoAsset: await asset(users.alex) });
  const ex = { serve, volley, backhand, forehand, smash, carolDrill };
  const names = new Map(Object.values(ex).map((e) => [e.id, e.name]));
  const people = new Map(Object.values(users).map((u) => [u.id, u.username]));
  /** Items as `student:exercise[:status]`, in the order the list gives them. */
  const rows = (items: StackItem[]) =>
    items.map((i) => [people.get(i.student), names.get(i.exercise.id), i.submission?.status].filter(Boolean).join(':'));
  return { ex, subs: { alexServe, samServe, alexSmash }, rows };
}

describe('stack.list', () => {
  it('a student’s stack is their own exercises plus the coach exercises they submitted to', async () => {
    const { ex, subs, rows } = await stackWorld();
    const { users, ok } = world;
    const alex = await ok(users.alex, 'stack.list', {});
    expect(rows(alex).sort()).toEqual(['alex:Backhand', 'alex:Serve:submitted', 'alex:Smash:submitted']);
    expect(alex.find((i) => i.exercise.id === ex.backhand.id)).toMatchObject({ kind: 'own', submission: null, studentName: 'Alex' });
    expect(alex.find((i) => i.exercise.id === ex.serve.id)).toMatchObject({ kind: 'submitted', submission: { id: subs.alexServe.id } });
    // Volley has no submission from alex: it is an assignment he can open, not part of his stack.
    expect(rows(await ok(users.sam, 'stack.list', {})).sort()).toEqual(['sam:Forehand', 'sam:Serve:submitted']);
    expect(rows(await ok(users.carol, 'stack.list', {}))).toEqual(['carol:Carol’s drill']);
  });

  it('shows the review status the coach set', async () => {
    const { ex, subs } = await stackWorld();
    const { users, ok } = world;
    await ok(users.coach, 'submissions.setStatus', { id: subs.alexServe.id, status: 'needs_work' });
    const item = (await ok(users.alex, 'stack.list', {})).find((i) => i.exercise.id === ex.serve.id)!;
    expect(item.submission?.status).toBe('needs_work');
    expect(item.exercise.mySubmissionStatus).toBe('needs_work');
    await ok(users.alex, 'submissions.resubmit', { id: subs.alexServe.id, videoAsset: await world.asset(users.alex) });
    const again = (await ok(users.coach, 'stack.list', { student: users.alex.id })).find((i) => i.exercise.id === ex.serve.id)!;
    expect(again.submission?.status).toBe('resubmitted');
  });

  it('a coach’s stack is grouped per rostered student and holds only what the coach may see', async () => {
    const { rows } = await stackWorld();
    const { users, ok } = world;
    const dana = rows(await ok(users.coach, 'stack.list', {}));
    // Alex's submission to olga's Smash is not dana's to see.
    expect([...dana].sort()).toEqual(['alex:Backhand', 'alex:Serve:submitted', 'sam:Forehand', 'sam:Serve:submitted']);
    const students = dana.map((r) => r.split(':')[0]);
    expect(students).toEqual([...students].sort()); // one group per student, in roster order
    const olga = rows(await ok(users.olga, 'stack.list', {}));
    expect([...olga].sort()).toEqual(['alex:Backhand', 'alex:Smash:submitted', 'carol:Carol’s drill']);
  });

  it('filters by student; a student not on the roster is forbidden', async () => {
    const { rows } = await stackWorld();
    const { users, ok, as } = world;
    expect(rows(await ok(users.coach, 'stack.list', { student: users.sam.id })).sort()).toEqual(['sam:Forehand', 'sam:Serve:submitted']);
    expectRefusal(await as(users.coach, 'stack.list', { student: users.carol.id }), 'forbidden');
    expectRefusal(await as(users.olga, 'stack.list', { student: users.sam.id }), 'forbidden');
    // A student asks only for their own.
    expect(rows(await ok(users.alex, 'stack.list', { student: users.alex.id })).length).toBe(3);
    expectRefusal(await as(users.alex, 'stack.list', { student: users.sam.id }), 'forbidden');
  });

  it('filters by tag', async () => {
    const { ex, rows } = await stackWorld();
    const { users, ok } = world;
    const footwork = await ok(users.alex, 'tags.create', { name: 'Footwork' });
    await ok(users.alex, 'tags.attach', { tag: footwork.id, contentType: 'exercise', contentId: ex.backhand.id });
    expect(rows(await ok(users.coach, 'stack.list', { tag: footwork.id }))).toEqual(['alex:Backhand']);
    await ok(users.coach, 'tags.attach', { tag: footwork.id, contentType: 'exercise', contentId: ex.serve.id });
    expect(rows(await ok(users.coach, 'stack.list', { tag: footwork.id })).sort()).toEqual(['alex:Backhand', 'alex:Serve:submitted', 'sam:Serve:submitted']);
    expect(rows(await ok(users.sam, 'stack.list', { tag: footwork.id }))).toEqual(['sam:Serve:submitted']);
    const unused = await ok(users.coach, 'tags.create', { name: 'Unused' });
    expect(await ok(users.coach, 'stack.list', { tag: unused.id })).toEqual([]);
  });

  it('searches exercise names, ignoring case', async () => {
    const { rows } = await stackWorld();
    const { users, ok } = world;
    expect(rows(await ok(users.coach, 'stack.list', { search: 'HAND' })).sort()).toEqual(['alex:Backhand', 'sam:Forehand']);
    expect(rows(await ok(users.alex, 'stack.list', { search: 'serve' }))).toEqual(['alex:Serve:submitted']);
    expect(await ok(users.coach, 'stack.list', { search: 'Smash' })).toEqual([]);
    expect(await ok(users.coach, 'stack.list', { search: '%' })).toEqual([]);
  });

  it('carries the student’s latest comparison on each item, for the student and their coach', async () => {
    const { ex, subs } = await stackWorld();
    const { users, ok } = world;
    const pair = { exercise: ex.serve.id, originalVideo: ex.serve.videoAsset!, feedbackVideo: subs.alexServe.videoAsset };
    const first = (await ok(users.alex, 'comparisons.create', pair)).comparison!;
    await ok(users.alex, 'comparisons.finish', { id: first.id, durationSeconds: 40 });
    await new Promise((r) => setTimeout(r, 5)); // a later compared_at
    const latest = (await ok(users.alex, 'comparisons.create', pair)).comparison!;
    await ok(users.alex, 'comparisons.finish', { id: latest.id, durationSeconds: 180 });
    // A coach reviewing records no session of their own: the item still shows the student's.
    await ok(users.coach, 'comparisons.create', pair);

    const compared = (items: StackItem[]) =>
      Object.fromEntries(items.map((i) => [`${i.studentName}:${i.exercise.name}`, i.latestComparison && [i.latestComparison.id, i.latestComparison.durationSeconds]]));
    expect(compared(await ok(users.alex, 'stack.list', {}))).toEqual({ 'Alex:Backhand': null, 'Alex:Serve': [latest.id, 180], 'Alex:Smash': null });
    expect(compared(await ok(users.coach, 'stack.list', {}))).toEqual({
      'Alex:Backhand': null,
      'Alex:Serve': [latest.id, 180],
      'Sam:Forehand': null,
      'Sam:Serve': null, // alex's session is his, not sam's
    });
    const item = (await ok(users.alex, 'stack.list', { search: 'serve' }))[0]!;
    expect(item.latestComparison).toMatchObject({ exercise: ex.serve.id, student: users.alex.id, originalVideo: pair.originalVideo, feedbackVideo: pair.feedbackVideo });
    expect(item.latestComparison!.comparedAt > first.comparedAt).toBe(true);
  });

  describe('unread counts', () => {
    it('a student’s item counts the feedback waiting for them, and drops when it is read', async () => {
      const { ex, subs } = await stackWorld();
      const { users, ok } = world;
      const feedback = await ok(users.coach, 'comments.create', { exercise: ex.serve.id, submission: subs.alexServe.id, text: 'Toss higher' });
      const note = await ok(users.coach, 'comments.create', { exercise: ex.serve.id, text: 'Warm up first' });
      const onBackhand = await ok(users.coach, 'comments.create', { exercise: ex.backhand.id, text: 'Nice turn' });
      const unread = async (who: 'alex' | 'sam') =>
        Object.fromEntries((await ok(users[who], 'stack.list', {})).map((i) => [i.exercise.name, i.exercise.unreadCount]));
      expect(await unread('alex')).toEqual({ Backhand: 1, Serve: 2, Smash: 0 });
      expect(await unread('sam')).toEqual({ Forehand: 0, Serve: 1 }); // the note, never alex's feedback

      await ok(users.alex, 'comments.markRead', { ids: [feedback.id, onBackhand.id] });
      expect(await unread('alex')).toEqual({ Backhand: 0, Serve: 1, Smash: 0 });
      await ok(users.alex, 'comments.markRead', { ids: [note.id] });
      expect(await unread('alex')).toEqual({ Backhand: 0, Serve: 0, Smash: 0 });
      // Reading is per person: sam still has the note waiting.
      expect(await unread('sam')).toEqual({ Forehand: 0, Serve: 1 });
      // One's own comments are never unread.
      await ok(users.alex, 'comments.create', { exercise: ex.serve.id, text: 'Thanks!' });
      expect((await unread('alex'))['Serve']).toBe(0);
    });

    it('a coach’s item counts that student’s thread, apart from the other students’', async () => {
      const { ex } = await stackWorld();
      const { users, ok } = world;
      const alexAsks = await ok(users.alex, 'comments.create', { exercise: ex.serve.id, text: 'Is my elbow right?' });
      await ok(users.alex, 'comments.create', { exercise: ex.serve.id, text: 'And my toss?' });
      await ok(users.sam, 'comments.create', { exercise: ex.serve.id, text: 'My toss drifts' });
      await ok(users.alex, 'comments.create', { exercise: ex.backhand.id, text: 'New take' });
      const unread = async () =>
        Object.fromEntries((await ok(users.coach, 'stack.list', {})).map((i) => [`${i.studentName}:${i.exercise.name}`, i.exercise.unreadCount]));
      expect(await unread()).toEqual({ 'Alex:Backhand': 1, 'Alex:Serve': 2, 'Sam:Forehand': 0, 'Sam:Serve': 1 });
      await ok(users.coach, 'comments.markRead', { ids: [alexAsks.id] });
      expect(await unread()).toEqual({ 'Alex:Backhand': 1, 'Alex:Serve': 1, 'Sam:Forehand': 0, 'Sam:Serve': 1 });
      // The assignment as a whole still shows everything waiting on it.
      expect((await ok(users.coach, 'exercises.get', { id: ex.serve.id })).unreadCount).toBe(2);
    });
  });
});
