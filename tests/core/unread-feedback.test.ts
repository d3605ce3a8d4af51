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
});
