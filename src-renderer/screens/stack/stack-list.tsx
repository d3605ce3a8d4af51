import { memo, useCallback, useMemo, useRef, type CSSProperties } from 'react';
import type { StackItem } from '../../../src-shared/domain';
import { Avatar, StatusChip } from '../../components/chips';
import { ExerciseRow } from '../../components/exercise-row';
import { RelativeTime } from '../../components/time';
import { plural, viewingTime } from '../../lib/format';
import { useFirstRowsMark } from '../../lib/first-rows-mark';
import { useContentWidth, useCssLengths, useListKeyboard, useVirtualRows } from '../../lib/use-virtual-rows';
import { rowOffsets } from '../../lib/virtual-range';
import { useStackStore, type RosterEntry } from '../../stores/stack-store';

/** Row sizes, as the stylesheet sets them on `.stack-scroller` (a narrow window makes rows taller). */
const DEFAULT_SIZES = { 'stack-item-height': 114, 'stack-item-gap': 6, 'stack-header-height': 34, 'stack-header-gap': 10, 'stack-group-gap': 24, 'stack-empty-height': 46 };
const OVERSCAN_ROWS = 4;

interface Group {
  id: string;
  name: string;
  items: StackItem[];
  /** Index of the group's first item among all items (the keyboard's order). */
  first: number;
}

/** The list flattened into rows of known heights: a group's header, its items, or its "nothing yet". */
type FlatRow = { kind: 'header'; group: number } | { kind: 'item'; group: number; item: number } | { kind: 'empty'; group: number };

/**
 * The stack, virtualized: for a coach, one group per student in roster order (the groups arrive one by
 * one), for a student one plain list. Rows are flattened (headers, items, empty notes) with fixed
 * heights; only those in view (plus a few) are rendered, inside each group's own section and list so
 * screen readers still hear "Alex’s exercises, list, 500 items".
 */
export function StackList({ viewer, showEmptyStudents }: { viewer: 'coach' | 'student'; showEmptyStudents: boolean }) {
  const items = useStackStore((s) => s.items);
  const roster = useStackStore((s) => s.roster);
  const loadedStudents = useStackStore((s) => s.loadedStudents);
  const complete = useStackStore((s) => s.complete);
  const chosen = useStackStore((s) => s.query.student);
  const busy = useStackStore((s) => s.status === 'loading');

  const scroller = useRef<HTMLDivElement>(null);
  const list = useRef<HTMLDivElement>(null);
  const width = useContentWidth(list);
  const sizes = useCssLengths(scroller, DEFAULT_SIZES, width);

  const groups = useMemo(
    () => (viewer === 'coach' ? coachGroups(items, roster, chosen, loadedStudents, showEmptyStudents) : [{ id: 'mine', name: '', items, first: 0 }]),
    [viewer, items, roster, chosen, loadedStudents, showEmptyStudents],
  );
  const { rows, offsets, itemRow, headerRow } = useMemo(() => flatten(groups, viewer === 'coach', sizes), [groups, viewer, sizes]);
  const visible = useVirtualRows(scroller, list, offsets, OVERSCAN_ROWS);
  const itemCount = itemRow.length;

  const cellBox = useCallback((index: number) => ({ top: offsets[itemRow[index] ?? 0] ?? 0, height: sizes['stack-item-height'] }), [offsets, itemRow, sizes]);
  const focusTarget = useCallback((index: number) => list.current?.querySelector<HTMLElement>(`[data-index="${index}"] .row-link`) ?? null, []);
  const keyboard = useListKeyboard({ scroller, list, count: itemCount, columns: 1, cellBox, focusTarget });

  // The rows to render, grouped back by group (each group's header is kept while any of its rows shows).
  const shown = new Map<number, number[]>();
  const add = (row: number) => {
    const r = rows[row]!;
    let groupRows = shown.get(r.group);
    if (!groupRows) shown.set(r.group, (groupRows = []));
    if (r.kind !== 'header') groupRows.push(row);
  };
  // The range may still be the previous list's for this render (a filter just changed): clamp it.
  const end = Math.min(visible.end, rows.length);
  for (let row = visible.start; row < end; row++) add(row);
  const focusedRow = keyboard.focused !== null ? itemRow[keyboard.focused] : undefined;
  if (focusedRow !== undefined && (focusedRow < visible.start || focusedRow >= end)) add(focusedRow);
  useFirstRowsMark('stack', end > visible.start);

  const place = (row: number, height: number): CSSProperties => ({ position: 'absolute', top: offsets[row], left: 0, right: 0, height });
  const total = offsets[offsets.length - 1] ?? 0;
  const setSize = (g: Group) => (viewer === 'student' && !complete ? -1 : g.items.length);

  return (
    <div ref={scroller} className="virtual-scroller stack-scroller" data-testid="stack-scroller">
      <div ref={list} className="stack-virtual" style={{ height: total }} aria-busy={busy || undefined} {...keyboard.handlers}>
        {[...shown].map(([g, rowIndexes]) => {
          const group = groups[g]!;
          const itemsList = (
            <ul className="rows" aria-label={viewer === 'coach' ? `${group.name}’s exercises` : 'Your stack'}>
              {rowIndexes.map((row) => {
                const r = rows[row]!;
                if (r.kind !== 'item') return null;
                const item = group.items[r.item]!;
                const index = group.first + r.item;
                return (
                  <StackRow
                    key={`${item.student}:${item.exercise.id}`}
                    item={item}
                    viewer={viewer}
                    top={offsets[row] ?? 0}
                    height={sizes['stack-item-height']}
                    index={index}
                    posInSet={r.item + 1}
                    setSize={setSize(group)}
                  />
                );
              })}
            </ul>
          );
          if (viewer === 'student') return <div key={group.id}>{itemsList}</div>;
          const header = headerRow[g]!;
          // The gap that opens a group is the top of its header row.
          const headerStyle = { ...place(header, sizes['stack-header-height']), top: (offsets[header] ?? 0) + (g > 0 ? sizes['stack-group-gap'] : 0) };
          const headingId = `stack-student-${group.id}`;
          const waiting = group.items.filter((i) => i.submission?.status === 'submitted' || i.submission?.status === 'resubmitted').length;
          return (
            <section key={group.id} className="stack-group" aria-labelledby={headingId} data-testid="stack-group">
              <header className="stack-group-header" style={headerStyle}>
                <Avatar name={group.name} size="small" />
                <h2 id={headingId} className="stack-group-title">
                  {group.name}
                </h2>
                <span className="stack-group-meta">
                  {plural(group.items.length, 'exercise')}
                  {waiting > 0 && ` · ${waiting} waiting for review`}
                </span>
              </header>
              {group.items.length === 0 ? (
                <p className="stack-group-empty" style={place(header + 1, sizes['stack-empty-height'])}>
                  Nothing from {group.name} yet.
                </p>
              ) : (
                itemsList
              )}
            </section>
          );
        })}
      </div>
      <p className="list-count" aria-live="polite">
        {complete ? plural(itemCount, 'item') : `${plural(itemCount, 'item')} so far — loading the rest…`}
      </p>
    </div>
  );
}

/** A coach's groups: the roster's students loaded so far (or the one chosen), then anyone no longer on it. */
function coachGroups(items: StackItem[], roster: RosterEntry[], chosen: string | null, loaded: number, showEmpty: boolean): Group[] {
  const byStudent = new Map<string, StackItem[]>();
  for (const item of items) {
    const list = byStudent.get(item.student);
    if (list) list.push(item);
    else byStudent.set(item.student, [item]);
  }
  const students = (chosen ? roster.filter((r) => r.user.id === chosen) : roster).slice(0, Math.max(loaded, 0));
  const groups: Group[] = [];
  let first = 0;
  const push = (id: string, name: string, list: StackItem[]) => {
    groups.push({ id, name, items: list, first });
    first += list.length;
  };
  for (const r of students) {
    const list = byStudent.get(r.user.id) ?? [];
    byStudent.delete(r.user.id);
    if (showEmpty || list.length > 0) push(r.user.id, r.user.displayName, list);
  }
  // Items of someone no longer on the roster still show, under their own name.
  for (const [id, list] of byStudent) push(id, list[0]?.studentName ?? '', list);
  return groups;
}

/** Rows with their heights' prefix sums, and for each item (in keyboard order) its row. */
function flatten(groups: Group[], withHeaders: boolean, sizes: typeof DEFAULT_SIZES) {
  const rows: FlatRow[] = [];
  const heights: number[] = [];
  const itemRow: number[] = [];
  const headerRow: number[] = [];
  const itemPitch = sizes['stack-item-height'] + sizes['stack-item-gap'];
  groups.forEach((group, g) => {
    if (withHeaders) {
      headerRow.push(rows.length);
      rows.push({ kind: 'header', group: g });
      // The gap above a group belongs to its header row (none above the first).
      heights.push((g > 0 ? sizes['stack-group-gap'] : 0) + sizes['stack-header-height'] + sizes['stack-header-gap']);
    }
    if (group.items.length === 0 && withHeaders) {
      rows.push({ kind: 'empty', group: g });
      heights.push(sizes['stack-empty-height']);
    }
    group.items.forEach((_, i) => {
      itemRow.push(rows.length);
      rows.push({ kind: 'item', group: g, item: i });
      heights.push(itemPitch);
    });
  });
  return { rows, offsets: rowOffsets(heights), itemRow, headerRow };
}

interface StackRowProps {
  item: StackItem;
  viewer: 'coach' | 'student';
  top: number;
  height: number;
  index: number;
  posInSet: number;
  setSize: number;
}

/** Memoized on plain props: while scrolling, only the rows that come into view render. */
const StackRow = memo(function StackRow({ item, viewer, top, height, index, posInSet, setSize }: StackRowProps) {
  const compared = item.latestComparison;
  const byline = (
    <>
      {item.kind === 'own' ? (
        <span>{viewer === 'student' ? 'Your exercise' : `${item.studentName}’s own exercise`}</span>
      ) : (
        <span>Submitted to {item.exercise.ownerName}</span>
      )}
      {compared && (
        <span className="stack-compared" data-testid="stack-compared">
          {' · '}
          <RelativeTime iso={compared.comparedAt} prefix="Compared " />
          {compared.durationSeconds !== null && compared.durationSeconds > 0 && ` · ${viewingTime(compared.durationSeconds)}`}
        </span>
      )}
    </>
  );
  return (
    <ExerciseRow
      exercise={item.exercise}
      testId="stack-item"
      byline={byline}
      status={item.submission ? <StatusChip status={item.submission.status} /> : null}
      placement={{ style: { position: 'absolute', top, left: 0, right: 0, height }, index, posInSet, setSize }}
      route={
        // With two videos (the exercise's and the attempt), the item opens on their comparison.
        item.exercise.videoAsset && item.submission && item.submission.videoAsset !== item.exercise.videoAsset
          ? { name: 'compare', exercise: item.exercise.id, a: item.exercise.videoAsset, b: item.submission.videoAsset }
          : undefined
      }
    />
  );
});
