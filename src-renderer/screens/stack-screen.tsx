import { useEffect } from 'react';
import type { StackItem } from '../../src-shared/domain';
import { Avatar, StatusChip } from '../components/chips';
import { ExerciseRow, ExerciseRowSkeleton } from '../components/exercise-row';
import { StackIcon } from '../components/icons';
import { EmptyState, ErrorState } from '../components/states';
import { SearchField, TagFilter } from '../components/toolbar';
import { plural } from '../lib/format';
import { useProfileStore } from '../stores/profile-store';
import { useStackStore, type RosterEntry } from '../stores/stack-store';
import { useUiStore } from '../stores/ui-store';

/**
 * The stack: a student's own exercises and the coach exercises they submitted to; for a coach, the
 * same for each student on the roster, grouped by student.
 */
export function StackScreen() {
  const profile = useProfileStore((s) => s.current);
  const status = useStackStore((s) => s.status);
  const items = useStackStore((s) => s.items);
  const roster = useStackStore((s) => s.roster);
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

  let body;
  if ((status === 'loading' || status === 'idle') && items.length === 0) {
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
    body = (
      <EmptyState title="Nothing matches">
        <p>Try other words, another tag or another student.</p>
        <button type="button" className="button" onClick={() => setQuery({ search: '', tag: null, student: null })}>
          Clear search and filters
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
  } else if (isCoach) {
    body = <CoachStack items={items} roster={roster} showEmptyStudents={!filtered} />;
  } else {
    body = (
      <ul className="rows" aria-label="Your stack" aria-busy={status === 'loading' ? true : undefined}>
        {items.map((item) => (
          <StackRow key={`${item.student}:${item.exercise.id}`} item={item} viewer="student" />
        ))}
      </ul>
    );
  }

  return (
    <main className="screen" tabIndex={-1} aria-labelledby="stack-title">
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
      <div className="screen-body">{body}</div>
    </main>
  );
}

function CoachStack({ items, roster, showEmptyStudents }: { items: StackItem[]; roster: RosterEntry[]; showEmptyStudents: boolean }) {
  const groups = roster
    .map((r) => ({ student: r.user, items: items.filter((i) => i.student === r.user.id) }))
    .filter((g) => showEmptyStudents || g.items.length > 0);
  // Items of someone no longer on the roster still show, under their own name.
  const known = new Set(roster.map((r) => r.user.id));
  const strays = new Map<string, StackItem[]>();
  for (const item of items) if (!known.has(item.student)) strays.set(item.student, [...(strays.get(item.student) ?? []), item]);

  return (
    <div className="stack-groups">
      {groups.map((g) => (
        <StudentGroup key={g.student.id} id={g.student.id} name={g.student.displayName} items={g.items} />
      ))}
      {[...strays].map(([id, list]) => (
        <StudentGroup key={id} id={id} name={list[0]?.studentName ?? ''} items={list} />
      ))}
    </div>
  );
}

function StudentGroup({ id, name, items }: { id: string; name: string; items: StackItem[] }) {
  const headingId = `stack-student-${id}`;
  const waiting = items.filter((i) => i.submission?.status === 'submitted' || i.submission?.status === 'resubmitted').length;
  return (
    <section className="stack-group" aria-labelledby={headingId} data-testid="stack-group">
      <header className="stack-group-header">
        <Avatar name={name} size="small" />
        <h2 id={headingId} className="stack-group-title">
          {name}
        </h2>
        <span className="stack-group-meta">
          {plural(items.length, 'exercise')}
          {waiting > 0 && ` · ${waiting} waiting for review`}
        </span>
      </header>
      {items.length === 0 ? (
        <p className="stack-group-empty">Nothing from {name} yet.</p>
      ) : (
        <ul className="rows" aria-label={`${name}’s exercises`}>
          {items.map((item) => (
            <StackRow key={item.exercise.id} item={item} viewer="coach" />
          ))}
        </ul>
      )}
    </section>
  );
}

function StackRow({ item, viewer }: { item: StackItem; viewer: 'coach' | 'student' }) {
  const byline =
    item.kind === 'own' ? (
      <span>{viewer === 'student' ? 'Your exercise' : `${item.studentName}’s own exercise`}</span>
    ) : (
      <span>Submitted to {item.exercise.ownerName}</span>
    );
  return (
    <ExerciseRow
      exercise={item.exercise}
      testId="stack-item"
      byline={byline}
      status={item.submission ? <StatusChip status={item.submission.status} /> : null}
      route={
        // With two videos (the exercise's and the attempt), the item opens on their comparison.
        item.exercise.videoAsset && item.submission && item.submission.videoAsset !== item.exercise.videoAsset
          ? { name: 'compare', exercise: item.exercise.id, a: item.exercise.videoAsset, b: item.submission.videoAsset }
          : undefined
      }
    />
  );
}
