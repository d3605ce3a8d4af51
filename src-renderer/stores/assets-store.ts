import { create } from 'zustand';
import type { MediaAsset } from '../../src-shared/domain';
import { call, errorMessage } from '../api/client';

/** What a poster cell needs to know about a video, before asking for its poster. */
export interface AssetBrief {
  hasPoster: boolean;
  durationSec: number | null;
}

interface AssetsState {
  search: string;
  status: 'idle' | 'loading' | 'ready' | 'error';
  items: MediaAsset[];
  error: string | null;
  seq: number;
  /**
   * Every video this profile can see, by id: which have a poster and how long they are. Rows of
   * exercises know only a video's id; they ask for a poster only when one exists (a missing poster
   * would be a failed request, and an error in the console).
   */
  briefs: Record<string, AssetBrief>;
  briefsStatus: 'idle' | 'loading' | 'ready' | 'error';
  briefsSeq: number;
  setSearch(search: string): void;
  load(): Promise<void>;
  refresh(): Promise<void>;
  loadBriefs(): Promise<void>;
  reset(): void;
}

const durationOf = (a: MediaAsset): number | null => (a.durationMs !== null ? a.durationMs / 1000 : a.durationSec);

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
    briefs: {},
    briefsStatus: 'idle',
    briefsSeq: 0,
    setSearch(search) {
      set({ search });
      void get().load();
    },
    load: () => fetchAssets(false),
    async refresh() {
      const { status, briefsStatus } = get();
      await Promise.all([status === 'idle' ? undefined : fetchAssets(status === 'ready'), briefsStatus === 'idle' ? undefined : get().loadBriefs()]);
    },
    async loadBriefs() {
      const seq = get().briefsSeq + 1;
      set((s) => ({ briefsSeq: seq, briefsStatus: s.briefsStatus === 'ready' ? 'ready' : 'loading' }));
      try {
        const all = await call('assets.list', {});
        if (get().briefsSeq !== seq) return;
        set({ briefsStatus: 'ready', briefs: Object.fromEntries(all.map((a) => [a.id, { hasPoster: a.hasPoster, durationSec: durationOf(a) }])) });
      } catch {
        // Without briefs, rows show the neutral poster placeholder: nothing is lost.
        if (get().briefsSeq === seq && get().briefsStatus !== 'ready') set({ briefsStatus: 'error' });
      }
    },
    reset: () =>
      set((s) => ({
        search: '',
        status: 'idle',
        items: [],
        error: null,
        seq: s.seq + 1,
        briefs: {},
        briefsStatus: 'idle',
        briefsSeq: s.briefsSeq + 1,
      })),
  };
});
