import { useEffect } from 'react';
import { ExerciseRowSkeleton } from '../components/exercise-row';
import { StackIcon } from '../components/icons';
import { EmptyState, ErrorState } from '../components/states';
import { SearchField, TagFilter, useTagName } from '../components/toolbar';
import { useProfileStore } from '../stores/profile-store';
import { useStackStore } from '../stores/stack-store';
import { useUiStore } from '../stores/ui-store';
import { StackList } from './stack/stack-list';

/**
 * The stack: a student's own exercises and the coach exercises they submitted to; for a coach, the
 * same for each student on the roster, grouped by student.
 */
export function StackScreen() {
  const profile = useProfileStore((s) => s.current);
  const status = useStackStore((s) => s.status);
  const items = useStackStore((s) => s.items);
  const roster = useStackStore((s) => s.roster);
  const complete = useStackStore((s) => s.complete);
  const error = useStackStore((s) => s.error);
  const query = useStackStore((s) => s.query);
  const setQuery = useStackStore((s) => s.setQuery);
  const load = useStackStore((s) => s.load);
  const refresh = useStackStore((s) => s.refresh);
  const navigate = useUiStore((s) => s.navigate);
  const isCoach = profile?.user.role === 'coach';

  useEffect(() => {
    if (useStackStore.getState().status === 'idle') void load();
    else void refresh();
  }, [load, refresh]);

  const filtered = query.search.trim() !== '' || query.tag !== null || query.student !== null;
  const tagName = useTagName(query.tag);

  let body;
  let virtual = false;
  // While a coach's later groups load, an empty first answer is not yet "nothing".
  if ((status === 'loading' || status === 'idle' || (!complete && status !== 'error')) && items.length === 0) {
    body = (
      <ul className="rows" aria-label="Loading your stack" aria-busy="true">
        {Array.from({ length: 4 }, (_, i) => (
          <ExerciseRowSkeleton key={i} />
        ))}
      </ul>
    );
  } else if (status === 'error' && items.length === 0) {
    body = <ErrorState title="Your stack didn’t load" message={error ?? ''} onRetry={() => void load()} />;
  } else if (items.length === 0 && filtered) {
    const text = query.search.trim();
    const onlyTag = query.tag !== null && !text && query.student === null;
    body = (
      <EmptyState title="Nothing matches">
        <p data-testid="stack-no-match">
          {onlyTag
            ? `Nothing in the stack is tagged “${tagName}”.`
            : text && query.tag === null && query.student === null
              ? `No exercise in the stack has “${text}” in its name.`
              : 'Try other words, another tag or another student.'}
        </p>
        <button type="button" className="button" onClick={() => setQuery({ search: '', tag: null, student: null })}>
          {onlyTag ? 'Clear filter' : text && query.tag === null && query.student === null ? 'Clear search' : 'Clear search and filters'}
        </button>
      </EmptyState>
    );
  } else if (isCoach && roster.length === 0) {
    body = (
      <EmptyState title="No students yet" icon={<StackIcon width={40} height={40} />}>
        <p>When students join you, their exercises and attempts gather here, one group per student. Meanwhile, set up your exercises.</p>
        <button type="button" className="button button-primary" onClick={() => navigate({ name: 'exercises' })}>
          Go to exercises
        </button>
      </EmptyState>
    );
  } else if (!isCoach && items.length === 0) {
    body = (
      <EmptyState title="Your stack is empty" icon={<StackIcon width={40} height={40} />}>
        <p>Your stack holds your own exercises and the ones you have submitted an attempt to. Start with an exercise.</p>
        <button type="button" className="button button-primary" onClick={() => navigate({ name: 'exercises' })}>
          Go to exercises
        </button>
      </EmptyState>
    );
  } else {
    virtual = true;
    body = <StackList viewer={isCoach ? 'coach' : 'student'} showEmptyStudents={!filtered} />;
  }

  return (
    <main className={virtual ? 'screen has-virtual-list' : 'screen'} tabIndex={-1} aria-labelledby="stack-title">
      <header className="screen-header">
        <h1 id="stack-title" className="screen-title">
          Stack
        </h1>
        <div className="toolbar" role="search">
          <SearchField label="Search the stack" value={query.search} onSearch={(search) => setQuery({ search })} />
          <TagFilter value={query.tag} onChange={(tag) => setQuery({ tag })} />
          {isCoach && roster.length > 0 && (
            <select className="input select" aria-label="Filter by student" value={query.student ?? ''} onChange={(e) => setQuery({ student: e.target.value || null })}>
              <option value="">All students</option>
              {roster.map((r) => (
                <option key={r.user.id} value={r.user.id}>
                  {r.user.displayName}
                </option>
              ))}
            </select>
          )}
        </div>
      </header>
      <div className={virtual ? 'screen-body virtual-body' : 'screen-body'}>{body}</div>
    </main>
  );
}
