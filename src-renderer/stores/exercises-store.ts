import { create } from 'zustand';
import type { ExerciseSummary } from '../../src-shared/domain';
import { call, errorMessage } from '../api/client';

export const PAGE_SIZE = 50;
/** The channel's largest page: a quiet refresh reloads what is shown in one call, up to this. */
const MAX_PAGE = 200;

export interface ExercisesQuery {
  search: string;
  tag: string | null;
}

interface ExercisesState {
  query: ExercisesQuery;
  status: 'idle' | 'loading' | 'ready' | 'error';
  items: ExerciseSummary[];
  nextCursor: string | null;
  error: string | null;
  loadingMore: boolean;
  loadMoreError: string | null;
  seq: number;

  setQuery(patch: Partial<ExercisesQuery>): void;
  /** The first page, with the loading state (skeletons). */
  load(): Promise<void>;
  loadMore(): Promise<void>;
  /** Reloads what is shown without a loading state, after a change. */
  refresh(): Promise<void>;
  reset(): void;
}

const EMPTY_QUERY: ExercisesQuery = { search: '', tag: null };

const listInput = (query: ExercisesQuery, limit: number, cursor?: string) => ({
  limit,
  ...(query.search.trim() ? { search: query.search.trim() } : {}),
  ...(query.tag ? { tag: query.tag } : {}),
  ...(cursor ? { cursor } : {}),
});

/** The list as it is before anything loads, and again after a reset. */
const idleList = () => ({
  query: EMPTY_QUERY,
  status: 'idle' as const,
  items: [],
  nextCursor: null,
  error: null,
  loadingMore: false,
  loadMoreError: null,
});

export const useExercisesStore = create<ExercisesState>()((set, get) => {
  async function fetchFirst(limit: number, quiet: boolean): Promise<void> {
    const seq = get().seq + 1;
    set(quiet ? { seq } : { seq, status: 'loading', error: null, loadMoreError: null });
    try {
      const page = await call('exercises.list', listInput(get().query, limit));
      if (get().seq !== seq) return;
      set({ status: 'ready', items: page.items, nextCursor: page.nextCursor, error: null, loadingMore: false });
    } catch (error) {
      if (get().seq !== seq) return;
      // A failed quiet refresh keeps what is on screen; the next change or a retry tries again.
      if (!quiet) set({ status: 'error', error: errorMessage(error) });
    }
  }

  return {
    ...idleList(),
    seq: 0,

    setQuery(patch) {
      set((s) => ({ query: { ...s.query, ...patch } }));
      void get().load();
    },

    load: () => fetchFirst(PAGE_SIZE, false),

    async loadMore() {
      const { nextCursor, loadingMore, status, seq } = get();
      if (!nextCursor || loadingMore || status !== 'ready') return;
      set({ loadingMore: true, loadMoreError: null });
      try {
        const page = await call('exercises.list', listInput(get().query, PAGE_SIZE, nextCursor));
        if (get().seq !== seq) return;
        const known = new Set(get().items.map((e) => e.id));
        set((s) => ({
          items: [...s.items, ...page.items.filter((e) => !known.has(e.id))],
          nextCursor: page.nextCursor,
          loadingMore: false,
        }));
      } catch (error) {
        if (get().seq === seq) set({ loadingMore: false, loadMoreError: errorMessage(error) });
      }
    },

    async refresh() {
      const { status, items } = get();
      if (status === 'idle') return;
      if (status !== 'ready') return get().load();
      await fetchFirst(Math.min(MAX_PAGE, Math.max(PAGE_SIZE, items.length)), true);
    },

    // A new sequence number drops answers still on their way for the list that was reset.
    reset: () => set((s) => ({ ...idleList(), seq: s.seq + 1 })),
  };
});
