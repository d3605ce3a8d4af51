import { useEffect, useId, useRef, useState, type ReactNode } from 'react';
import type { CommentView } from '../../src-shared/domain';
import { FeedbackComment, type CommentActions, type CommentMode, type FeedbackEntry } from './feedback-comment';
import { PanelTitle } from './panel';
import { ErrorState, Skeleton } from './states';

export type FeedbackSort = 'oldest' | 'helpful';

/** How long a comment must be on screen before it counts as read. */
const READ_AFTER_MS = 700;
/** How much of a comment must be in view to count as seen. */
const SEEN_SHARE = 0.5;

interface Props {
  title: string;
  /** The comments, oldest first. */
  entries: readonly FeedbackEntry[];
  me: string;
  sort: FeedbackSort;
  onSort(sort: FeedbackSort): void;
  /** Which comments carry the "New" mark. */
  isNew(comment: CommentView): boolean;
  /** The comment whose moment (and drawing) the player shows. */
  shownId?: string | null;
  onSeek: ((comment: CommentView, at: number) => void) | null;
  actions: CommentActions;
  /** Called with unread comments once they have been on screen for a moment. */
  markRead(ids: readonly string[]): void;
  /** Video replies as small players, or named only. */
  playVideos?: boolean;
  /** Loading and failed states, for a screen that loads the thread on its own. */
  status?: 'idle' | 'loading' | 'ready' | 'error';
  error?: string | null;
  onRetry?(): void;
  /** What an empty thread says. */
  empty: ReactNode;
  className?: string;
  testId?: string;
  itemTestId: string;
  /** The composer (or why one can't comment), under or beside the list. */
  children: ReactNode;
}

/**
 * A feedback thread: text and video comments, newest last (or the most helpful first, if asked), each
 * with author, role and time; its moment seeks; one's own can be edited and deleted, others' marked
 * helpful. Unread comments are marked until they have been on screen for a moment, then marked read.
 */
export function FeedbackThread(props: Props) {
  const { title, entries, me, sort, onSort, isNew, shownId = null, onSeek, actions, markRead, playVideos = true, status = 'ready', error, onRetry, empty } = props;
  const titleId = useId();
  // One comment at a time is edited, or asked about before it is deleted.
  const [open, setOpen] = useState<{ id: string; mode: CommentMode } | null>(null);
  const unread = entries.filter((e) => !e.comment.read && e.comment.author !== me);
  const listRef = useSeenRead(unread.map((e) => e.comment.id), markRead);
  const sorted = sortFeedback(entries, sort);

  let body: ReactNode;
  if (status === 'loading' && entries.length === 0) {
    body = [0, 1, 2].map((i) => (
      <li key={i} className="comment is-skeleton" aria-hidden="true">
        <Skeleton className="skeleton-line w-40" />
        <Skeleton className="skeleton-line w-90" />
        <Skeleton className="skeleton-line w-60" />
      </li>
    ));
  } else if (status === 'error' && entries.length === 0) {
    body = (
      <li className="thread-state">
        <ErrorState compact title="Feedback didn’t load" message={error ?? ''} onRetry={onRetry} />
      </li>
    );
  } else if (entries.length === 0) {
    body = <li className="thread-empty">{empty}</li>;
  } else {
    body = sorted.map((entry) => (
      <FeedbackComment
        key={entry.comment.id}
        entry={entry}
        me={me}
        isNew={isNew(entry.comment)}
        shown={entry.comment.id === shownId}
        onSeek={onSeek}
        actions={actions}
        mode={open?.id === entry.comment.id ? open.mode : 'view'}
        onMode={(mode) => setOpen(mode === 'view' ? null : { id: entry.comment.id, mode })}
        playVideos={playVideos}
        testId={props.itemTestId}
      />
    ));
  }

  return (
    <section className={`thread ${props.className ?? ''}`} aria-labelledby={titleId} data-testid={props.testId}>
      <header className="thread-header">
        <PanelTitle id={titleId} title={title} count={entries.length} />
        {unread.length > 0 && (
          <span className="thread-unread" data-testid="thread-unread-count">
            {unread.length} new
          </span>
        )}
        <SortToggle sort={sort} onChange={onSort} />
      </header>
      <div className="thread-body">
        <ol className="thread-list" ref={listRef} aria-label="Comments" aria-busy={status === 'loading' ? true : undefined}>
          {body}
        </ol>
        {props.children}
      </div>
    </section>
  );
}

/** Oldest first, or the most helpful first (then oldest), as comments.list sorts them. */
export function sortFeedback<T extends { comment: Pick<CommentView, 'helpfulCount' | 'createdAt'> }>(entries: readonly T[], sort: FeedbackSort): T[] {
  const byTime = (a: T, b: T) => a.comment.createdAt.localeCompare(b.comment.createdAt);
  return [...entries].sort(sort === 'helpful' ? (a, b) => b.comment.helpfulCount - a.comment.helpfulCount || byTime(a, b) : byTime);
}

function SortToggle({ sort, onChange }: { sort: FeedbackSort; onChange(sort: FeedbackSort): void }) {
  const options: [FeedbackSort, string][] = [
    ['oldest', 'Oldest first'],
    ['helpful', 'Most helpful'],
  ];
  return (
    <div className="segmented" role="group" aria-label="Sort feedback">
      {options.map(([value, label]) => (
        <button key={value} type="button" className="segmented-button" aria-pressed={sort === value} onClick={() => onChange(value)}>
          {label}
        </button>
      ))}
    </div>
  );
}

/**
 * Marks unread comments read once they have stayed on screen (at least half in view, inside the list's
 * scrolled part and the window, with the window showing) for a moment. Returns the ref for the list.
 */
function useSeenRead(unreadIds: readonly string[], markRead: (ids: readonly string[]) => void) {
  const listRef = useRef<HTMLOListElement>(null);
  const key = unreadIds.join(',');

  useEffect(() => {
    const root = listRef.current;
    const ids = key ? key.split(',') : [];
    if (!root || ids.length === 0 || typeof IntersectionObserver === 'undefined') return;
    const visible = new Set<string>();
    let timer: number | undefined;
    const flush = () => {
      if (document.visibilityState !== 'visible' || visible.size === 0) return;
      markRead([...visible]);
    };
    const schedule = () => {
      window.clearTimeout(timer);
      timer = window.setTimeout(flush, READ_AFTER_MS);
    };
    // The viewport as root: a list scrolled out of the window (a panel below the players) is not seen,
    // and one scrolled inside its own box clips what it hides.
    const observer = new IntersectionObserver(
      (entries) => {
        for (const entry of entries) {
          const id = (entry.target as HTMLElement).dataset.commentId;
          if (!id) continue;
          if (entry.isIntersecting && entry.intersectionRatio >= SEEN_SHARE) visible.add(id);
          else visible.delete(id);
        }
        schedule();
      },
      { threshold: [0, SEEN_SHARE] },
    );
    for (const id of ids) {
      const el = root.querySelector(`[data-comment-id="${CSS.escape(id)}"]`);
      if (el) observer.observe(el);
    }
    const onVisible = () => document.visibilityState === 'visible' && schedule();
    document.addEventListener('visibilitychange', onVisible);
    return () => {
      observer.disconnect();
      window.clearTimeout(timer);
      document.removeEventListener('visibilitychange', onVisible);
    };
  }, [key, markRead]);

  return listRef;
}
