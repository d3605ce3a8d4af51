import { create } from 'zustand';
import type { ChannelOutput } from '../../src-shared/contract';
import type { Tag } from '../../src-shared/domain';
import { call, errorMessage, isApiError } from '../api/client';

export type TagWithUsage = ChannelOutput<'tags.list'>[number];

interface TagsState {
  status: 'idle' | 'loading' | 'ready' | 'error';
  tags: TagWithUsage[];
  error: string | null;
  seq: number;
  load(): Promise<void>;
  /** Reloads quietly (no loading state), after a change. */
  refresh(): Promise<void>;
  /** Creates a tag, or finds the one another window created under the same name meanwhile. */
  ensure(name: string): Promise<Tag>;
  reset(): void;
}

const byName = (a: TagWithUsage, b: TagWithUsage) => a.name.localeCompare(b.name, undefined, { sensitivity: 'base' });

export const useTagsStore = create<TagsState>()((set, get) => {
  async function fetchTags(quiet: boolean): Promise<void> {
    const seq = get().seq + 1;
    set(quiet ? { seq } : { seq, status: 'loading', error: null });
    try {
      const tags = await call('tags.list', {});
      if (get().seq === seq) set({ status: 'ready', tags: [...tags].sort(byName), error: null });
    } catch (error) {
      if (get().seq === seq && !quiet) set({ status: 'error', error: errorMessage(error) });
    }
  }

  return {
    status: 'idle',
    tags: [],
    error: null,
    seq: 0,
    load: () => fetchTags(false),
    refresh: () => fetchTags(get().status === 'ready'),

    async ensure(name) {
      const wanted = name.trim();
      const known = get().tags.find((t) => t.name.localeCompare(wanted, undefined, { sensitivity: 'base' }) === 0);
      if (known) return known;
      try {
        const tag = await call('tags.create', { name: wanted });
        set((s) => ({ tags: [...s.tags, { ...tag, usage: 0 }].sort(byName) }));
        return tag;
      } catch (error) {
        if (!isApiError(error, 'conflict')) throw error;
        const found = (await call('tags.list', { prefix: wanted })).find(
          (t) => t.name.localeCompare(wanted, undefined, { sensitivity: 'base' }) === 0,
        );
        if (!found) throw error;
        void get().refresh();
        return found;
      }
    },

    reset: () => set((s) => ({ status: 'idle', tags: [], error: null, seq: s.seq + 1 })),
  };
});
