import { create } from 'zustand';
import type { ChannelOutput } from '../../src-shared/contract';
import type { StackItem } from '../../src-shared/domain';
import { call, errorMessage } from '../api/client';
import { useProfileStore } from './profile-store';

export type RosterEntry = ChannelOutput<'roster.list'>[number];

export interface StackQuery {
  search: string;
  tag: string | null;
  /** A coach may narrow the stack to one student. */
  student: string | null;
}

interface StackState {
  query: StackQuery;
  status: 'idle' | 'loading' | 'ready' | 'error';
  items: StackItem[];
  /** A coach's students (a student's coaches): the group headers. */
  roster: RosterEntry[];
  /**
   * A coach's stack arrives one student at a time, in roster order: how many of the roster's students
   * (or of the one asked for) are in `items` so far.
   */
  loadedStudents: number;
  /** Whether `items` is the whole stack for the query. */
  complete: boolean;
  error: string | null;
  seq: number;

  setQuery(patch: Partial<StackQuery>): void;
  load(): Promise<void>;
  refresh(): Promise<void>;
  reset(): void;
}

const EMPTY_QUERY: StackQuery = { search: '', tag: null, student: null };

export const useStackStore = create<StackState>()((set, get) => {
  /**
   * A student's stack is one call. A coach's is one call per student, in roster order, so the first
   * group shows while the others load (10,000 items take the core half a second); a quiet refresh reads
   * them all and swaps the list once.
   */
  async function fetchStack(quiet: boolean): Promise<void> {
    const seq = get().seq + 1;
    set(quiet ? { seq } : { seq, status: 'loading', error: null });
    const { search, tag, student } = get().query;
    const filters = { ...(search.trim() ? { search: search.trim() } : {}), ...(tag ? { tag } : {}) };
    const isCoach = useProfileStore.getState().current?.user.role === 'coach';
    try {
      if (!isCoach) {
        const [items, roster] = await Promise.all([call('stack.list', { ...filters, ...(student ? { student } : {}) }), call('roster.list', {})]);
        if (get().seq === seq) set({ status: 'ready', items, roster, loadedStudents: 1, complete: true, error: null });
        return;
      }
      const roster = await call('roster.list', {});
      if (get().seq !== seq) return;
      const students = student ? [student] : roster.map((r) => r.user.id);
      let items: StackItem[] = [];
      if (students.length === 0) {
        set({ status: 'ready', roster, items, loadedStudents: 0, complete: true, error: null });
        return;
      }
      for (const [i, id] of students.entries()) {
        const part = await call('stack.list', { ...filters, student: id });
        if (get().seq !== seq) return;
        items = items.concat(part);
        // What was on screen stays until the first group of the new answer replaces it.
        if (!quiet) set({ status: 'ready', items, roster, loadedStudents: i + 1, complete: i === students.length - 1, error: null });
      }
      if (quiet) set({ status: 'ready', items, roster, loadedStudents: students.length, complete: true, error: null });
    } catch (error) {
      if (get().seq !== seq || quiet) return;
      if (get().items.length === 0) set({ status: 'error', error: errorMessage(error), complete: true });
      else set({ status: 'ready', complete: true, error: errorMessage(error) });
    }
  }

  return {
    query: EMPTY_QUERY,
    status: 'idle',
    items: [],
    roster: [],
    loadedStudents: 0,
    complete: false,
    error: null,
    seq: 0,

    setQuery(patch) {
      set((s) => ({ query: { ...s.query, ...patch } }));
      void get().load();
    },
    load: () => fetchStack(false),
    async refresh() {
      const { status } = get();
      if (status === 'idle') return;
      await fetchStack(status === 'ready');
    },
    reset: () =>
      set((s) => ({ query: EMPTY_QUERY, status: 'idle', items: [], roster: [], loadedStudents: 0, complete: false, error: null, seq: s.seq + 1 })),
  };
});
