import { useEffect, useRef, useState } from 'react';
import { call } from '../api/client';
import { ExerciseRow, ExerciseRowSkeleton } from '../components/exercise-row';
import { ExercisesIcon, PlusIcon } from '../components/icons';
import { EmptyState, ErrorState } from '../components/states';
import { SearchField, TagFilter } from '../components/toolbar';
import { plural } from '../lib/format';
import { useExercisesStore } from '../stores/exercises-store';
import { useUiStore } from '../stores/ui-store';
import { ExerciseFormDialog } from './exercise-form-dialog';

const SKELETON_ROWS = 6;

export function ExercisesScreen() {
  const status = useExercisesStore((s) => s.status);
  const items = useExercisesStore((s) => s.items);
  const error = useExercisesStore((s) => s.error);
  const query = useExercisesStore((s) => s.query);
  const setQuery = useExercisesStore((s) => s.setQuery);
  const load = useExercisesStore((s) => s.load);
  const refresh = useExercisesStore((s) => s.refresh);
  const navigate = useUiStore((s) => s.navigate);
  const [creating, setCreating] = useState(false);

  useEffect(() => {
    // First visit loads; coming back shows what is known at once and refreshes it quietly.
    if (useExercisesStore.getState().status === 'idle') void load();
    else void refresh();
  }, [load, refresh]);

  const filtered = query.search.trim() !== '' || query.tag !== null;
  const newButton = (
    <button type="button" className="button button-primary" onClick={() => setCreating(true)}>
      <PlusIcon width={18} height={18} />
      New exercise
    </button>
  );

  let body;
  if ((status === 'loading' || status === 'idle') && items.length === 0) {
    body = (
      <ul className="rows" aria-label="Loading exercises" aria-busy="true">
        {Array.from({ length: SKELETON_ROWS }, (_, i) => (
          <ExerciseRowSkeleton key={i} />
        ))}
      </ul>
    );
  } else if (status === 'error' && items.length === 0) {
    body = <ErrorState title="Your exercises didn’t load" message={error ?? ''} onRetry={() => void load()} />;
  } else if (items.length === 0 && filtered) {
    body = (
      <EmptyState title="No exercises match">
        <p>Try other words, or another tag.</p>
        <button type="button" className="button" onClick={() => setQuery({ search: '', tag: null })}>
          Clear search and filter
        </button>
      </EmptyState>
    );
  } else if (items.length === 0) {
    body = (
      <EmptyState title="No exercises yet" icon={<ExercisesIcon width={40} height={40} />} action={newButton}>
        <p>An exercise is one thing to practise: a name, what to look for, and later a model video. Feedback and attempts gather around it.</p>
      </EmptyState>
    );
  } else {
    body = <ExerciseList />;
  }

  return (
    <main className="screen" tabIndex={-1} aria-labelledby="exercises-title">
      <header className="screen-header">
        <h1 id="exercises-title" className="screen-title">
          Exercises
        </h1>
        <div className="toolbar" role="search">
          <SearchField label="Search exercises" value={query.search} onSearch={(search) => setQuery({ search })} />
          <TagFilter value={query.tag} onChange={(tag) => setQuery({ tag })} />
          {newButton}
        </div>
      </header>
      <div className="screen-body">{body}</div>
      {creating && (
        <ExerciseFormDialog
          title="New exercise"
          submitLabel="Create exercise"
          onClose={() => setCreating(false)}
          onSubmit={async (values) => {
            const exercise = await call('exercises.create', values);
            setCreating(false);
            void refresh();
            navigate({ name: 'exercise', id: exercise.id });
          }}
        />
      )}
    </main>
  );
}

function ExerciseList() {
  const items = useExercisesStore((s) => s.items);
  const status = useExercisesStore((s) => s.status);
  const nextCursor = useExercisesStore((s) => s.nextCursor);
  const loadingMore = useExercisesStore((s) => s.loadingMore);
  const loadMoreError = useExercisesStore((s) => s.loadMoreError);
  const loadMore = useExercisesStore((s) => s.loadMore);
  const sentinel = useRef<HTMLDivElement>(null);

  // Infinite scroll: the next page loads as the end of the list comes into view.
  useEffect(() => {
    const el = sentinel.current;
    if (!el || !nextCursor || loadMoreError || typeof IntersectionObserver === 'undefined') return;
    const observer = new IntersectionObserver((entries) => {
      if (entries.some((e) => e.isIntersecting)) void loadMore();
    }, { rootMargin: '400px' });
    observer.observe(el);
    return () => observer.disconnect();
  }, [nextCursor, loadMoreError, loadMore]);

  return (
    <>
      <ul className="rows" aria-label="Exercises" aria-busy={status === 'loading' ? true : undefined}>
        {items.map((e) => (
          <ExerciseRow key={e.id} exercise={e} />
        ))}
        {loadingMore && <ExerciseRowSkeleton />}
      </ul>
      <div ref={sentinel} className="list-end">
        {loadMoreError ? (
          <ErrorState compact title="More exercises didn’t load" message={loadMoreError} onRetry={() => void loadMore()} />
        ) : nextCursor ? (
          <button type="button" className="button button-quiet" onClick={() => void loadMore()} disabled={loadingMore}>
            {loadingMore ? 'Loading…' : 'Load more'}
          </button>
        ) : (
          <p className="list-count">{plural(items.length, 'exercise')}</p>
        )}
      </div>
    </>
  );
}
