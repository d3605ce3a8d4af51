import { useEffect, useState, type ReactNode } from 'react';
import type { CommentView } from '../../../src-shared/domain';
import { call } from '../../api/client';
import type { CommentActions, FeedbackEntry } from '../../components/feedback-comment';
import { FeedbackThread, type FeedbackSort } from '../../components/feedback-thread';
import type { CompareEngine } from '../../lib/compare-engine';
import { isUnread, reachedMoments } from '../../lib/feedback-moments';
import { useCompareStore } from '../../stores/compare-store';

interface Props {
  engine: CompareEngine;
  /** The comments on the two videos, oldest first, each with its moment on the shared timeline. */
  entries: readonly FeedbackEntry[];
  /** The comparison's comments are still on their way. */
  loading?: boolean;
  me: string;
  /** The comment whose moment (and drawing) is shown. */
  shownId: string | null;
  onShow(comment: CommentView, at: number): void;
  /** The composer, under or beside the list (once the exercise is known). */
  children?: ReactNode;
  placement: 'beside' | 'below';
}

/**
 * The feedback on the two videos beside (or below) the players, as the exercise page shows its thread:
 * choosing a comment seeks both sides to its moment and shows its drawing. Unread feedback is marked
 * read once seen — on screen here for a moment, shown, or reached in playback.
 */
export function ThreadPanel({ engine, entries, loading = false, me, shownId, onShow, children, placement }: Props) {
  const markRead = useCompareStore((s) => s.markRead);
  const [sort, setSort] = useState<FeedbackSort>('oldest');
  useReachedRead(
    engine,
    entries.flatMap(({ comment, at }) => (at === null || !isUnread(comment, me) ? [] : [{ id: comment.id, at }])),
    markRead,
  );

  return (
    <FeedbackThread
      title="Feedback on these videos"
      entries={entries}
      status={loading ? 'loading' : 'ready'}
      me={me}
      sort={sort}
      onSort={setSort}
      isNew={(c) => isUnread(c, me)}
      shownId={shownId}
      onSeek={onShow}
      actions={compareActions}
      markRead={markRead}
      playVideos={false}
      empty="No feedback on these two videos yet. Pause on a moment, draw on it if it helps (D), and write it here."
      className={`compare-thread is-${placement}`}
      testId="compare-thread"
      itemTestId="thread-comment"
    >
      {children}
    </FeedbackThread>
  );
}

/** Changes the comparison's comments in place (a vote shows at once, before its answer). */
function patchComments(change: (comments: CommentView[]) => CommentView[]): void {
  useCompareStore.setState((s) => ({ comments: change(s.comments) }));
}

/** Edit, delete and vote on the comparison's comments; each ends with the thread reloaded as saved. */
export const compareActions: CommentActions = {
  async edit(id, text) {
    await call('comments.update', { id, text });
    await useCompareStore.getState().refreshComments();
  },
  async remove(id) {
    await call('comments.delete', { id });
    patchComments((list) => list.filter((c) => c.id !== id));
    await useCompareStore.getState().refreshComments();
  },
  async toggleHelpful(comment) {
    const on = comment.myVote !== true;
    const vote = (myVote: boolean | null, helpfulCount: number) => patchComments((list) => list.map((c) => (c.id === comment.id ? { ...c, myVote, helpfulCount } : c)));
    vote(on ? true : null, comment.helpfulCount + (on ? 1 : -1));
    try {
      await (on ? call('votes.cast', { comment: comment.id, isHelpful: true }) : call('votes.clear', { comment: comment.id }));
    } catch (error) {
      vote(comment.myVote, comment.helpfulCount);
      throw error;
    }
    await useCompareStore.getState().refreshComments();
  },
};

/** Marks unread comments read when the playhead reaches their moment, playing or stopped on it. */
function useReachedRead(engine: CompareEngine, moments: readonly { id: string; at: number }[], markRead: (ids: readonly string[]) => void) {
  const key = moments.map((m) => `${m.id}@${m.at}`).join(',');

  useEffect(() => {
    if (!key) return;
    const list = key.split(',').map((m) => {
      const [id = '', at = '0'] = m.split('@');
      return { id, at: Number(at) };
    });
    let previous = engine.getState().time;
    const check = () => {
      const now = engine.getState().time;
      const reached = reachedMoments(previous, now, list);
      previous = now;
      if (reached.length > 0 && document.visibilityState === 'visible') markRead(reached);
    };
    check();
    return engine.subscribe(check);
  }, [engine, key, markRead]);
}
