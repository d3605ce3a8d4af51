import { create } from 'zustand';
import type { MediaAsset } from '../../src-shared/domain';
import { call, errorMessage } from '../api/client';

interface AssetsState {
  search: string;
  status: 'idle' | 'loading' | 'ready' | 'error';
  items: MediaAsset[];
  error: string | null;
  seq: number;
  setSearch(search: string): void;
  load(): Promise<void>;
  refresh(): Promise<void>;
  reset(): void;
}

export const useAssetsStore = create<AssetsState>()((set, get) => {
  async function fetchAssets(quiet: boolean): Promise<void> {
    const seq = get().seq + 1;
    set(quiet ? { seq } : { seq, status: 'loading', error: null });
    const search = get().search.trim();
    try {
      const items = await call('assets.list', search ? { search } : {});
      if (get().seq === seq) set({ status: 'ready', items, error: null });
    } catch (error) {
      if (get().seq === seq && !quiet) set({ status: 'error', error: errorMessage(error) });
    }
  }

  return {
    search: '',
    status: 'idle',
    items: [],
    error: null,
    seq: 0,
    setSearch(search) {
      set({ search });
      void get().load();
    },
    load: () => fetchAssets(false),
    async refresh() {
      const { status } = get();
      if (status !== 'idle') await fetchAssets(status === 'ready');
    },
    reset: () =>
      set((s) => ({
        search: '',
        status: 'idle',
        items: [],
        error: null,
        seq: s.seq + 1,
      })),
  };
});
