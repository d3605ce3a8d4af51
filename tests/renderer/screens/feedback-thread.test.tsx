import { renderToStaticMarkup } from 'react-dom/server';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { CommentView } from '../../../src-shared/domain';
import { FeedbackComment, type CommentActions, type CommentMode, type FeedbackEntry } from '../../../src-renderer/components/feedback-comment';
import { FeedbackThread, sortFeedback, type FeedbackSort } from '../../../src-renderer/components/feedback-thread';
import { compareActions } from '../../../src-renderer/screens/compare/thread-panel';
import { useCompareStore } from '../../../src-renderer/stores/compare-store';
import { commentView, deferred, installFakeApi, Refusal, settle, summary, uuid, type FakeHandlers } from '../fake-api';

const me = uuid();
const coach = uuid();
const state = () => useCompareStore.getState();

beforeEach(() => state().close());
afterEach(() => vi.unstubAllGlobals());

const entry = (comment: CommentView, at: number | null = null): FeedbackEntry => ({ comment, at, where: null, aspect: 16 / 9 });
const untouched: CommentActions = {
  edit: () => Promise.reject(new Error('not asked')),
  remove: () => Promise.reject(new Error('not asked')),
  toggleHelpful: () => Promise.reject(new Error('not asked')),
};

/** The thread as the person sees it, and each comment's markup by its id, in the order shown. */
function renderThread(comments: CommentView[], sort: FeedbackSort = 'oldest') {
  const html = renderToStaticMarkup(
    <FeedbackThread title="Feedback" entries={comments.map((c) => entry(c))} me={me} sort={sort} onSort={() => {}} isNew={() => false} onSeek={null} actions={untouched} markRead={() => {}} empty="Nothing yet" itemTestId="comment">
      <p>composer</p>
    </FeedbackThread>,
  );
  const items = [...html.matchAll(/<li[^>]*data-comment-id="([^"]+)"[^>]*>([\s\S]*?)<\/li>/g)].map((m) => ({ id: m[1]!, html: m[2]! }));
  return { html, items, item: (c: CommentView) => items.find((i) => i.id === c.id)?.html ?? '' };
}

function renderComment(comment: CommentView, mode: CommentMode): string {
  return renderToStaticMarkup(<FeedbackComment entry={entry(comment)} me={me} isNew={false} shown={false} onSeek={null} actions={untouched} mode={mode} onMode={() => {}} playVideos={false} testId="comment" />);
}

/** A comparison open on these comments; comments.list answers what `list` last set (or `more` changed). */
async function openComparison(comments: CommentView[], more: (list: (next: CommentView[]) => void) => FakeHandlers = () => ({})) {
  let listed = comments;
  const list = (next: CommentView[]) => {
    listed = next;
  };
  const fake = installFakeApi({
    ...more(list),
    'exercises.get': () => summary(),
    'comparisons.create': () => ({ comparison: null, alignment: null }),
    'assets.get': () => {
      throw new Refusal({ code: 'not-found', message: 'not needed' });
    },
    'comments.list': () => listed,
    'submissions.list': () => [],
    'comments.update': ({ id, text }) => {
      listed = listed.map((c) => (c.id === id ? { ...c, text: text ?? null, updatedAt: '2025-11-20T10:05:00.000Z' } : c));
      return listed.find((c) => c.id === id)!;
    },
    'comments.delete': ({ id }) => {
      listed = listed.filter((c) => c.id !== id);
      return { deleted: true as const };
    },
  });
  await state().open(uuid(), uuid(), uuid());
  return { fake, list };
}

describe('the feedback thread (exercise page and comparison)', () => {
  it('offers Edit and Delete on your own comments and Helpful on others’, with the count', () => {
    const mine = commentView({ author: me, authorName: 'Dana Reyes', authorRole: 'coach', text: 'Contact further in front.', helpfulCount: 2 });
    const theirs = commentView({ author: coach, text: 'Thanks, I will try.', helpfulCount: 1, myVote: true });
    const { item } = renderThread([mine, theirs]);

    expect(item(mine)).toContain('>Edit</button>');
    expect(item(mine)).toContain('>Delete</button>');
    expect(item(mine)).not.toContain('Helpful</button>');
    expect(item(mine)).toContain('2 people found this helpful');
    expect(item(mine)).toContain('>You<');

    expect(item(theirs)).not.toContain('>Edit</button>');
    expect(item(theirs)).not.toContain('>Delete</button>');
    expect(item(theirs)).toMatch(/<button[^>]*aria-pressed="true"[^>]*>.*Helpful<\/button>/);
    expect(item(theirs)).toMatch(/data-testid="helpful-count">1</);
  });

  it('opens the edit form on your own comment, never on someone else’s', () => {
    const mine = commentView({ author: me, text: 'Contact further in front.' });
    const theirs = commentView({ author: coach, text: 'Thanks, I will try.' });
    expect(renderComment(mine, 'edit')).toMatch(/<textarea[^>]*aria-label="Edit your comment"[^>]*>Contact further in front\.<\/textarea>/);
    for (const mode of ['edit', 'delete'] as const) {
      const shown = renderComment(theirs, mode);
      expect(shown).not.toContain('Edit your comment');
      expect(shown).not.toContain('Delete this comment?');
      expect(shown).toContain('Thanks, I will try.');
    }
  });

  it('asks before deleting your own comment', () => {
    const mine = commentView({ author: me, text: 'Contact further in front.' });
    expect(renderComment(mine, 'view')).not.toContain('Delete this comment?');
    const asking = renderComment(mine, 'delete');
    expect(asking).toContain('Delete this comment?');
    expect(asking).toContain('It disappears for everyone who can see it.');
    expect(asking).toMatch(/>Cancel<\/button>/);
    expect(asking).toMatch(/>Delete comment<\/button>/);
  });

  it('lists the oldest first, or the most helpful first (the oldest of equals first) when asked', () => {
    const first = commentView({ createdAt: '2025-11-20T09:00:00.000Z', helpfulCount: 0 });
    const second = commentView({ createdAt: '2025-11-20T09:30:00.000Z', helpfulCount: 3 });
    const third = commentView({ createdAt: '2025-11-20T10:00:00.000Z', helpfulCount: 1 });
    const fourth = commentView({ createdAt: '2025-11-20T10:30:00.000Z', helpfulCount: 3 });
    const given = [third, first, fourth, second];
    expect(renderThread(given, 'oldest').items.map((i) => i.id)).toEqual([first, second, third, fourth].map((c) => c.id));
    expect(renderThread(given, 'helpful').items.map((i) => i.id)).toEqual([second, fourth, third, first].map((c) => c.id));
    expect(renderThread(given, 'helpful').html).toMatch(/aria-pressed="true"[^>]*>Most helpful</);
    expect(sortFeedback(given.map((c) => entry(c)), 'helpful').map((e) => e.comment.id)).toEqual([second, fourth, third, first].map((c) => c.id));
  });

  it('shows a moment as a chip that names its video, and none for a comment without one', () => {
    const pinned = commentView({ atSeconds: 1, drawing: { shapes: [{ kind: 'arrow', from: [0.1, 0.1], to: [0.5, 0.5], color: '#ffd400' }] } });
    const html = renderToStaticMarkup(
      <FeedbackComment entry={{ comment: pinned, at: 1.5, where: 'Sam’s attempt', aspect: 16 / 9 }} me={me} isNew shown={false} onSeek={() => {}} actions={untouched} mode="view" onMode={() => {}} playVideos={false} testId="thread-comment" />,
    );
    expect(html).toContain('aria-label="Show this moment: 0:01.50 on Sam’s attempt, with its drawing"');
    expect(html).toContain('Drawing: an arrow');
    expect(html).toContain('data-testid="unread-mark"');
    expect(renderComment(commentView(), 'view')).not.toContain('thread-moment');
  });
});

describe('edit, delete and helpful in the comparison', () => {
  it('saves an edit of your own comment through comments.update and shows the saved text', async () => {
    const mine = commentView({ author: me, text: 'Contact further in front.' });
    const { fake } = await openComparison([mine]);
    await compareActions.edit(mine.id, 'Contact a ball further in front.');
    expect(fake.callsTo('comments.update')).toEqual([{ id: mine.id, text: 'Contact a ball further in front.' }]);
    expect(state().comments.map((c) => c.text)).toEqual(['Contact a ball further in front.']);
    expect(state().comments[0]?.updatedAt).not.toBe(state().comments[0]?.createdAt);
  });

  it('deletes a comment through comments.delete: it leaves the thread', async () => {
    const mine = commentView({ author: me, text: 'Contact further in front.' });
    const theirs = commentView({ author: coach, text: 'Thanks, I will try.' });
    const { fake } = await openComparison([mine, theirs]);
    await compareActions.remove(mine.id);
    expect(fake.callsTo('comments.delete')).toEqual([{ id: mine.id }]);
    expect(state().comments.map((c) => c.text)).toEqual(['Thanks, I will try.']);
  });

  it('shows a helpful vote with its count at once, before it is saved', async () => {
    const theirs = commentView({ author: coach, text: 'Thanks, I will try.', helpfulCount: 1 });
    const answer = deferred<void>();
    const { fake } = await openComparison([theirs], (list) => ({
      'votes.cast': async ({ comment, isHelpful }) => {
        await answer.promise;
        list([{ ...theirs, myVote: true, helpfulCount: 2 }]);
        return { id: uuid(), comment, voter: me, isHelpful, votedAt: '2025-11-20T10:06:00.000Z' };
      },
    }));
    const casting = compareActions.toggleHelpful(state().comments[0]!);
    await settle();
    expect(state().comments[0]).toMatchObject({ myVote: true, helpfulCount: 2 });
    expect(renderThread(state().comments).item(theirs)).toMatch(/aria-pressed="true"[\s\S]*data-testid="helpful-count">2</);
    answer.resolve();
    await casting;
    expect(fake.callsTo('votes.cast')).toEqual([{ comment: theirs.id, isHelpful: true }]);
    expect(state().comments[0]).toMatchObject({ myVote: true, helpfulCount: 2 });
  });

  it('clears your vote through votes.clear', async () => {
    const theirs = commentView({ author: coach, helpfulCount: 2, myVote: true });
    const { fake } = await openComparison([theirs], (list) => ({
      'votes.clear': () => {
        list([{ ...theirs, myVote: null, helpfulCount: 1 }]);
        return { cleared: true };
      },
    }));
    await compareActions.toggleHelpful(state().comments[0]!);
    expect(fake.callsTo('votes.clear')).toEqual([{ comment: theirs.id }]);
    expect(state().comments[0]).toMatchObject({ myVote: null, helpfulCount: 1 });
  });

  it('takes a vote back when it could not be saved, and says why', async () => {
    const theirs = commentView({ author: coach, helpfulCount: 0 });
    await openComparison([theirs], () => ({
      'votes.cast': () => {
        throw new Refusal({ code: 'offline', message: 'Your vote couldn’t be saved.' });
      },
    }));
    await expect(compareActions.toggleHelpful(state().comments[0]!)).rejects.toThrow('Your vote couldn’t be saved.');
    await settle();
    expect(state().comments[0]).toMatchObject({ myVote: null, helpfulCount: 0 });
  });
});
