import { create } from 'zustand';
import type { ChannelOutput } from '../../src-shared/contract';
import type { StackItem } from '../../src-shared/domain';
import { call, errorMessage } from '../api/client';

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
  error: string | null;
  seq: number;

  setQuery(patch: Partial<StackQuery>): void;
  load(): Promise<void>;
  refresh(): Promise<void>;
  reset(): void;
}

const EMPTY_QUERY: StackQuery = { search: '', tag: null, student: null };

export const useStackStore = create<StackState>()((set, get) => {
  async function fetchStack(quiet: boolean): Promise<void> {
    const seq = get().seq + 1;
    set(quiet ? { seq } : { seq, status: 'loading', error: null });
    const { search, tag, student } = get().query;
    try {
      const [items, roster] = await Promise.all([
        call('stack.list', {
          ...(search.trim() ? { search: search.trim() } : {}),
          ...(tag ? { tag } : {}),
          ...(student ? { student } : {}),
        }),
        call('roster.list', {}),
      ]);
      if (get().seq === seq) set({ status: 'ready', items, roster, error: null });
    } catch (error) {
      if (get().seq === seq && !quiet) set({ status: 'error', error: errorMessage(error) });
    }
  }

  return {
    query: EMPTY_QUERY,
    status: 'idle',
    items: [],
    roster: [],
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
    reset: () => set((s) => ({ query: EMPTY_QUERY, status: 'idle', items: [], roster: [], error: null, seq: s.seq + 1 })),
  };
});
