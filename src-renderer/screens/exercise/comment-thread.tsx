import { useEffect, useRef, type Ref } from 'react';
import type { ExerciseSummary } from '../../../src-shared/domain';
import { PanelTitle } from '../../components/panel';
import { ErrorState, Skeleton } from '../../components/states';
import { seekTo } from '../../lib/video';
import { useExerciseStore, type CommentSort } from '../../stores/exercise-store';
import { CommentItem } from './comment-item';
import { Composer, type ComposerHandle } from './composer';

/** How long a comment must be on screen before it counts as read. */
const READ_AFTER_MS = 600;

interface Props {
  exercise: ExerciseSummary;
  me: string;
  video: HTMLVideoElement | null;
  composerRef: Ref<ComposerHandle>;
  /** Why this person can't comment here, if they can't. */
  cannotComment: string | null;
  isOwner: boolean;
}

export function CommentThread({ exercise, me, video, composerRef, cannotComment, isOwner }: Props) {
  const part = useExerciseStore((s) => s.comments);
  const sort = useExerciseStore((s) => s.sort);
  const setSort = useExerciseStore((s) => s.setSort);
  const newIds = useExerciseStore((s) => s.newIds);
  const refresh = useExerciseStore((s) => s.refresh);
  const submissions = useExerciseStore((s) => s.submissions.data);
  const comments = part.data;
  const listRef = useUnreadObserver(comments.filter((c) => !c.read && c.author !== me).map((c) => c.id));

  function seek(seconds: number) {
    if (!video) return;
    seekTo(video, seconds);
    video.scrollIntoView({ block: 'nearest' });
  }

  let body;
  if (part.status === 'loading' && comments.length === 0) {
    body = (
      <div className="thread-skeleton" aria-hidden="true">
        {[0, 1, 2].map((i) => (
          <div key={i} className="comment is-skeleton">
            <Skeleton className="skeleton-line w-40" />
            <Skeleton className="skeleton-line w-90" />
            <Skeleton className="skeleton-line w-60" />
          </div>
        ))}
      </div>
    );
  } else if (part.status === 'error' && comments.length === 0) {
    body = <ErrorState compact title="Feedback didn’t load" message={part.error ?? ''} onRetry={() => void refresh(['comments'])} />;
  } else if (comments.length === 0) {
    body = (
      <p className="thread-empty">
        No feedback yet.{' '}
        {cannotComment ? '' : video ? 'Pause on a moment and press M to comment on it, or write below.' : 'Write the first comment below.'}
      </p>
    );
  } else {
    body = comments.map((c) => (
      <CommentItem
        key={c.id}
        comment={c}
        isMine={c.author === me}
        isNew={newIds.includes(c.id)}
        onSeek={video && (c.atVideoAsset === null || c.atVideoAsset === exercise.videoAsset) ? seek : null}
      />
    ));
  }

  return (
    <section className="thread" aria-labelledby="feedback-title">
      <header className="thread-header">
        <PanelTitle id="feedback-title" title="Feedback" count={comments.length} />
        <SortToggle sort={sort} onChange={(s) => void setSort(s)} />
      </header>
      <div className="thread-list" ref={listRef} aria-busy={part.status === 'loading' ? true : undefined}>
        {body}
      </div>
      {cannotComment ? (
        <p className="composer-blocked">{cannotComment}</p>
      ) : (
        <Composer ref={composerRef} video={video} submissions={isOwner && exercise.ownerRole === 'coach' ? submissions : []} />
      )}
    </section>
  );
}

function SortToggle({ sort, onChange }: { sort: CommentSort; onChange(sort: CommentSort): void }) {
  const options: [CommentSort, string][] = [
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
 * Marks unread comments read once they have been on screen for a moment (and the window is
 * visible). Returns the ref for the scrolling list that holds them.
 */
function useUnreadObserver(unreadIds: readonly string[]) {
  const listRef = useRef<HTMLDivElement>(null);
  const markRead = useExerciseStore((s) => s.markRead);
  const key = unreadIds.join(',');

  useEffect(() => {
    const root = listRef.current;
    const ids = key ? key.split(',') : [];
    if (!root || ids.length === 0) return;
    const seen = new Set<string>();
    let timer: number | undefined;
    const flush = () => {
      if (document.visibilityState !== 'visible') return;
      if (seen.size) void markRead([...seen]);
      seen.clear();
    };
    const schedule = () => {
      window.clearTimeout(timer);
      timer = window.setTimeout(flush, READ_AFTER_MS);
    };
    if (typeof IntersectionObserver === 'undefined') {
      ids.forEach((id) => seen.add(id));
      schedule();
      return () => window.clearTimeout(timer);
    }
    const observer = new IntersectionObserver(
      (entries) => {
        for (const entry of entries) {
          const id = (entry.target as HTMLElement).dataset.commentId;
          if (entry.isIntersecting && id) {
            seen.add(id);
            observer.unobserve(entry.target);
          }
        }
        schedule();
      },
      { root, threshold: 0.25 },
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
