import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { CommentView } from '../../../src-shared/domain';
import { useCompareStore } from '../../../src-renderer/stores/compare-store';
import { commentView, installFakeApi, settle, summary, uuid } from '../fake-api';

const state = () => useCompareStore.getState();

beforeEach(() => state().close());
afterEach(() => vi.unstubAllGlobals());

async function openWith(comments: CommentView[]) {
  const exercise = summary();
  let listed = comments;
  const created = commentView({ exercise: exercise.id, text: 'Watch the elbow', atSeconds: 1, atVideoAsset: uuid() });
  const fake = installFakeApi({
    'comments.create': () => {
      listed = [...listed, created];
      return created;
    },
    'exercises.get': () => exercise,
    'comparisons.create': () => ({ comparison: null, alignment: null }),
    'assets.get': () => {
      throw new Error('not needed');
    },
    'comments.list': () => listed,
    'submissions.list': () => [],
    'comments.markRead': ({ ids }) => ({ marked: ids.length }),
  });
  await state().open(exercise.id, uuid(), uuid());
  return { exercise, fake, created };
}

describe('feedback on the comparison', () => {
  it('marks a comment read once, however often it is seen, and shows it read at once', async () => {
    const unread = commentView({ read: false });
    const { fake } = await openWith([unread, commentView()]);
    const marking = state().markRead([unread.id]);
    expect(state().comments.find((c) => c.id === unread.id)?.read).toBe(true);
    await marking;
    await state().markRead([unread.id, unread.id]);
    expect(fake.callsTo('comments.markRead')).toEqual([{ ids: [unread.id] }]);
  });

  it('keeps a comment read while the list catches up with the mark', async () => {
    const unread = commentView({ read: false });
    await openWith([unread]);
    await state().markRead([unread.id]);
    // A reload answered before main recorded the read still shows it read.
    await state().refreshComments();
    expect(state().comments[0]?.read).toBe(true);
  });

  it('posts a comment on the exercise and reloads the thread with it', async () => {
    const { exercise, fake, created } = await openWith([]);
    await state().addComment({ text: 'Watch the elbow', atSeconds: 1, atVideoAsset: created.atVideoAsset, drawing: null, submission: null, videoAsset: null });
    await settle();
    expect(fake.callsTo('comments.create')).toEqual([expect.objectContaining({ exercise: exercise.id, text: 'Watch the elbow', atSeconds: 1 })]);
    expect(state().comments.map((c) => c.text)).toEqual(['Watch the elbow']);
  });
});

describe('the two videos on the comparison', () => {
  it('follow a download landing: a side that was only in the cloud becomes playable without reopening', async () => {
    const [a, b] = [uuid(), uuid()];
    let bState: 'remote' | 'local' = 'remote';
    const video = (id: string, localState: 'remote' | 'local') => ({ id, localState, hasProxy: false, frameRate: 30 });
    installFakeApi({
      'exercises.get': () => summary(),
      'comparisons.create': () => ({ comparison: null, alignment: null }),
      'assets.get': ({ id }) => (id === a ? video(a, 'local') : video(b, bState)) as never,
      'comments.list': () => [],
      'submissions.list': () => [],
    });
    await state().open(uuid(), a, b);
    expect(state().assets.map((x) => x?.localState)).toEqual(['local', 'remote']);
    bState = 'local';
    // What live-updates calls on data.changed for videos.
    await state().refreshAssets();
    expect(state().assets.map((x) => x?.localState)).toEqual(['local', 'local']);
  });

  it('keeps what a side showed when reading it again fails', async () => {
    const [a, b] = [uuid(), uuid()];
    let fail = false;
    installFakeApi({
      'exercises.get': () => summary(),
      'comparisons.create': () => ({ comparison: null, alignment: null }),
      'assets.get': ({ id }) => {
        if (fail) throw new Error('gone for a moment');
        return { id, localState: 'local', hasProxy: false, frameRate: 30 } as never;
      },
      'comments.list': () => [],
      'submissions.list': () => [],
    });
    await state().open(uuid(), a, b);
    fail = true;
    await state().refreshAssets();
    expect(state().assets.map((x) => x?.id)).toEqual([a, b]);
  });
});

describe('one comparison after another', () => {
  function fakeWorld() {
    const exercise = summary();
    let sessions = 0;
    const fake = installFakeApi({
      'exercises.get': () => exercise,
      'comparisons.create': () => ({ comparison: { id: `session-${++sessions}` }, alignment: null }) as never,
      'comparisons.finish': () => ({}) as never,
      'assets.get': () => {
        throw new Error('not needed');
      },
      'comments.list': () => [],
      'submissions.list': () => [],
    });
    return { exercise, fake };
  }

  it('the screen leaving the first pair neither closes the second nor ends its session', async () => {
    const { exercise, fake } = fakeWorld();
    const [a, b, c] = [uuid(), uuid(), uuid()];
    await state().open(exercise.id, a, b);
    expect(state().sessionId).toBe('session-1');
    // The route changes: the second pair opens before the first screen's cleanup runs.
    const opening = state().open(exercise.id, a, c);
    state().close(`${exercise.id}:${a}:${b}`);
    void state().finish('session-1', 42);
    await opening;
    await settle();
    expect(state().key).toBe(`${exercise.id}:${a}:${c}`);
    expect(state().status).toBe('ready');
    expect(state().sessionId).toBe('session-2');
    expect(fake.callsTo('comparisons.finish')).toEqual([{ id: 'session-1', durationSeconds: 42 }]);
  });

  it('closing the pair on display forgets it; a session left before it opened ends with nothing viewed', async () => {
    const { exercise, fake } = fakeWorld();
    const [a, b] = [uuid(), uuid()];
    const opening = state().open(exercise.id, a, b);
    state().close(`${exercise.id}:${a}:${b}`);
    await opening;
    await settle();
    expect(state().key).toBeNull();
    expect(fake.callsTo('comparisons.finish')).toEqual([{ id: 'session-1', durationSeconds: 0 }]);
  });
});
