import { afterEach, describe, expect, it } from 'vitest';
import { makeCore, makeWorld, type World } from '../support/world';

let world: World | undefined;
afterEach(() => world?.dispose());

describe('Core.unreadFeedbackCount (the Dock/taskbar badge)', () => {
  it('is 0 without a profile', () => {
    const h = makeCore();
    try {
      expect(h.core.unreadFeedbackCount()).toBe(0);
    } finally {
      h.dispose();
    }
  });

  it('counts the comments the profile’s user sees, did not write and has not read', async () => {
    world = await makeWorld();
    const { users, ok, asset, core } = world;
    expect(core.unreadFeedbackCount()).toBe(0);
    const serve = await ok(users.coach, 'exercises.create', { name: 'Serve', videoAsset: await asset(users.coach) });
    const alexSub = await ok(users.alex, 'submissions.create', { exercise: serve.id, videoAsset: await asset(users.alex) });
    await ok(users.sam, 'submissions.create', { exercise: serve.id, videoAsset: await asset(users.sam) });
    const question = await ok(users.alex, 'comments.create', { exercise: serve.id, submission: alexSub.id, text: 'Elbow?' });
    await ok(users.sam, 'comments.create', { exercise: serve.id, text: 'Toss?' });
    // The coach's own comments are never unread for the coach.
    await ok(users.coach, 'comments.create', { exercise: serve.id, submission: alexSub.id, text: 'Higher' });
    // Another coach's world is invisible to this profile's user.
    const lob = await ok(users.olga, 'exercises.create', { name: 'Lob' });
    await ok(users.olga, 'comments.create', { exercise: lob.id, text: 'Watch the wrist' });

    expect(core.unreadFeedbackCount()).toBe(2);
    await ok(users.coach, 'comments.markRead', { ids: [question.id] });
    expect(core.unreadFeedbackCount()).toBe(1);
  });

  it('names the newest unread feedback and the two videos it is best seen between (the notification opens them)', async () => {
    world = await makeWorld();
    const { users, ok, asset, core } = world;
    expect(core.newestFeedback()).toBeNull();
    const model = await asset(users.coach);
    const serve = await ok(users.coach, 'exercises.create', { name: 'Serve', videoAsset: model });
    const take = await asset(users.alex);
    const sub = await ok(users.alex, 'submissions.create', { exercise: serve.id, videoAsset: take });
    // A note at a moment of the attempt: seen against the exercise's video.
    const note = await ok(users.alex, 'comments.create', { exercise: serve.id, submission: sub.id, text: 'Here?', atSeconds: 1.5, atVideoAsset: take });
    expect(core.newestFeedback()).toEqual({ exercise: serve.id, comment: note.id, a: null, b: null });
    // A video reply on the submission, newer: seen against the attempt it answers.
    await new Promise((r) => setTimeout(r, 5));
    const clip = await asset(users.alex);
    const reply = await ok(users.alex, 'comments.create', { exercise: serve.id, submission: sub.id, videoAsset: clip });
    expect(core.newestFeedback()).toEqual({ exercise: serve.id, comment: reply.id, a: take, b: clip });
    await ok(users.coach, 'comments.markRead', { ids: [reply.id, note.id] });
    expect(core.newestFeedback()).toBeNull();
  });
});
