import { useEffect, useRef, type ReactNode } from 'react';
import type { CommentView } from '../../../src-shared/domain';
import { Avatar, RoleBadge } from '../../components/chips';
import { ClockIcon } from '../../components/icons';
import { RelativeTime } from '../../components/time';
import type { CompareEngine } from '../../lib/compare-engine';
import { describeDrawing } from '../../lib/drawing-geometry';
import { isUnread, reachedMoments } from '../../lib/feedback-moments';
import { formatTimecode } from '../../lib/format';

/** How long a comment must be on screen before it counts as read. */
const READ_AFTER_MS = 800;

export interface ThreadMoment {
  comment: CommentView;
  /** Where the comment's moment is on the shared timeline, or null when it has none here. */
  at: number | null;
  /** The name of the side the moment is on. */
  sideName: string | null;
  /** That side's frame aspect ratio (width / height), for the drawing's angles. */
  aspect: number;
}

interface Props {
  engine: CompareEngine;
  items: readonly ThreadMoment[];
  me: string;
  /** The comment whose moment (and drawing) is shown. */
  shownId: string | null;
  onShow(comment: CommentView, at: number): void;
  markRead(ids: readonly string[]): void;
  /** The composer, under the list. */
  children: ReactNode;
  placement: 'beside' | 'below';
}

/**
 * The feedback on the two videos beside (or below) the players: newest last, each with its moment on
 * the shared timeline; choosing one seeks both sides there and shows its drawing. Unread feedback is
 * marked until it is seen — on screen here for a moment, shown, or reached in playback — and then
 * marked read once.
 */
export function ThreadPanel({ engine, items, me, shownId, onShow, markRead, children, placement }: Props) {
  const unread = items.filter((i) => isUnread(i.comment, me));
  const listRef = useVisibleRead(unread.map((i) => i.comment.id), markRead);
  useReachedRead(
    engine,
    unread.flatMap((i) => (i.at === null ? [] : [{ id: i.comment.id, at: i.at }])),
    markRead,
  );

  return (
    <section className={`compare-thread is-${placement}`} aria-labelledby="compare-thread-title" data-testid="compare-thread">
      <header className="compare-thread-header">
        <h2 id="compare-thread-title" className="panel-title">
          Feedback on these videos
        </h2>
        {items.length > 0 && <span className="panel-count">{items.length}</span>}
        {unread.length > 0 && (
          <span className="compare-thread-unread" data-testid="thread-unread-count">
            {unread.length} new
          </span>
        )}
      </header>
      <div className="compare-thread-body">
        <ol className="compare-thread-list" ref={listRef} aria-label="Comments">
          {items.length === 0 ? (
            <li className="thread-empty">No feedback on these two videos yet. Pause on a moment, draw on it if it helps (D), and write it here.</li>
          ) : (
            items.map((item) => <ThreadItem key={item.comment.id} item={item} me={me} shown={item.comment.id === shownId} onShow={onShow} />)
          )}
        </ol>
        {children}
      </div>
    </section>
  );
}

function ThreadItem({ item, me, shown, onShow }: { item: ThreadMoment; me: string; shown: boolean; onShow(comment: CommentView, at: number): void }) {
  const { comment, at, sideName, aspect } = item;
  const mine = comment.author === me;
  const unread = isUnread(comment, me);
  const show = at === null ? null : () => onShow(comment, at);
  const classes = ['compare-comment', unread ? 'is-unread' : '', shown ? 'is-shown' : '', show ? 'is-seekable' : ''].filter(Boolean).join(' ');
  return (
    <li
      className={classes}
      data-testid="thread-comment"
      data-comment-id={comment.id}
      data-unread={unread ? 'true' : undefined}
      aria-current={shown ? 'true' : undefined}
      // The whole item is a target for the pointer; the moment's button is the one for the keyboard.
      onClick={(e) => {
        if (show && !(e.target instanceof HTMLElement && e.target.closest('button, a'))) show();
      }}
    >
      <div className="comment-header">
        <Avatar name={comment.authorName} size="small" />
        <span className="comment-author">{mine ? 'You' : comment.authorName}</span>
        <RoleBadge role={comment.authorRole} />
        {unread && (
          <span className="new-mark" data-testid="unread-mark">
            New<span className="visually-hidden">, unread</span>
          </span>
        )}
        <span className="comment-time">
          <RelativeTime iso={comment.createdAt} />
        </span>
      </div>
      {at !== null && show && (
        <button type="button" className="timestamp-chip" onClick={show} aria-label={`Show this moment: ${formatTimecode(at)}${sideName ? ` on ${sideName}` : ''}${comment.drawing ? ', with its drawing' : ''}`} data-testid="thread-moment">
          <ClockIcon width={14} height={14} />
          {formatTimecode(at)}
          {sideName && <span className="compare-comment-side">· {sideName}</span>}
        </button>
      )}
      {comment.text && <p className="comment-text">{comment.text}</p>}
      {!comment.text && comment.videoAsset && <p className="comment-note">Video reply</p>}
      {comment.drawing && comment.drawing.shapes.length > 0 && (
        <p className="comment-note">
          Drawing: {describeDrawing(comment.drawing.shapes, aspect)}
        </p>
      )}
    </li>
  );
}

/**
 * Marks unread comments read once they have been on screen (in the list's visible part, inside the
 * window, with the window showing) for a moment. Returns the ref for the list.
 */
function useVisibleRead(unreadIds: readonly string[], markRead: (ids: readonly string[]) => void) {
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
    // The viewport as root: a list scrolled out of the window (the panel below the players) is not seen.
    const observer = new IntersectionObserver(
      (entries) => {
        for (const entry of entries) {
          const id = (entry.target as HTMLElement).dataset.commentId;
          if (!id) continue;
          if (entry.isIntersecting) visible.add(id);
          else visible.delete(id);
        }
        schedule();
      },
      { threshold: 0.6 },
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
