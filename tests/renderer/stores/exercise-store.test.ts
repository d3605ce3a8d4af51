import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { useExerciseStore } from '../../../src-renderer/stores/exercise-store';
import { commentView, installFakeApi, Refusal, summary } from '../fake-api';

const state = () => useExerciseStore.getState();

beforeEach(() => state().close());
afterEach(() => vi.unstubAllGlobals());

function openWith(comments = [commentView()], handlers: Parameters<typeof installFakeApi>[0] = {}) {
  const exercise = summary();
  const fake = installFakeApi({
    'exercises.get': () => exercise,
    'comments.list': () => comments,
    'submissions.list': () => [],
    ...handlers,
  });
  return { exercise, fake };
}

describe('the open exercise', () => {
  it('loads the exercise, its feedback and its submissions together', async () => {
    const { exercise } = openWith();
    await state().open(exercise.id);
    expect(state().detail).toMatchObject({ status: 'ready', data: { id: exercise.id } });
    expect(state().comments.status).toBe('ready');
    expect(state().submissions.status).toBe('ready');
  });

  it('says the exercise is not here when it was deleted or is not visible', async () => {
    installFakeApi({
      'exercises.get': () => {
        throw new Refusal({ code: 'not-found', message: 'That exercise was not found.' });
      },
      'comments.list': () => [],
      'submissions.list': () => [],
    });
    await state().open('00000000-0000-4000-8000-00000000dead');
    expect(state().detail).toMatchObject({ missing: true, data: null });
  });

  it('shows a helpful vote at once and counts it', async () => {
    const comment = commentView({ helpfulCount: 2 });
    const { exercise, fake } = openWith([comment], { 'votes.cast': (input) => ({ id: comment.id, voter: comment.author, comment: input.comment, isHelpful: true, votedAt: comment.createdAt }) });
    await state().open(exercise.id);
    const voting = state().toggleHelpful(comment);
    expect(state().comments.data[0]).toMatchObject({ myVote: true, helpfulCount: 3 });
    await voting;
    expect(fake.callsTo('votes.cast')).toEqual([{ comment: comment.id, isHelpful: true }]);
  });

  it('takes a refused vote back and says why', async () => {
    const comment = commentView({ helpfulCount: 1, myVote: true });
    const { exercise } = openWith([comment], {
      'votes.clear': () => {
        throw new Refusal({ code: 'offline', message: 'Your vote couldn’t be saved.' });
      },
    });
    await state().open(exercise.id);
    await expect(state().toggleHelpful(comment)).rejects.toMatchObject({ message: 'Your vote couldn’t be saved.' });
    expect(state().comments.data[0]).toMatchObject({ myVote: true, helpfulCount: 1 });
  });

  it('marks each unread comment read once, however often it is seen', async () => {
    const unread = commentView({ read: false });
    const { exercise, fake } = openWith([unread], { 'comments.markRead': (input) => ({ marked: input.ids.length }) });
    await state().open(exercise.id);
    await state().markRead([unread.id]);
    await state().markRead([unread.id]);
    expect(fake.callsTo('comments.markRead')).toEqual([{ ids: [unread.id] }]);
  });

  it('keeps the "New" mark on comments that were unread when the page opened, after they are read', async () => {
    const unread = commentView({ read: false });
    let comments = [unread];
    const { exercise } = openWith([], { 'comments.list': () => comments });
    await state().open(exercise.id);
    comments = [{ ...unread, read: true }];
    await state().refresh(['comments']);
    expect(state().newIds).toEqual([unread.id]);
  });

  it('drops a late answer for an exercise that is no longer open', async () => {
    const first = summary({ name: 'First' });
    const second = summary({ name: 'Second' });
    let release: () => void = () => undefined;
    installFakeApi({
      'exercises.get': (input) =>
        input.id === first.id ? new Promise<typeof first>((r) => (release = () => r(first))) : second,
      'comments.list': () => [],
      'submissions.list': () => [],
    });
    const opening = state().open(first.id);
    await state().open(second.id);
    release();
    await opening;
    expect(state().detail.data?.name).toBe('Second');
  });
});
