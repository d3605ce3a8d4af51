import { create } from 'zustand';
import type { MediaAsset } from '../../src-shared/domain';
import { ApiError, call, errorMessage, filePath, isApiError } from '../api/client';
import { useJobsStore } from './jobs-store';

/** The most paths one assets.import call takes (the contract's limit). */
const PATHS_PER_CALL = 100;
/** The first page fills the first screen (a wide window shows ~30 posters); the rest follows in large pages. */
export const FIRST_PAGE = 120;
export const NEXT_PAGE = 1000;

interface AssetsState {
  search: string;
  /** Only videos with this tag. */
  tag: string | null;
  status: 'idle' | 'loading' | 'ready' | 'error';
  items: MediaAsset[];
  /** Whether `items` is the whole library (for the search); false while later pages are on their way. */
  complete: boolean;
  error: string | null;
  seq: number;
  /** Videos looked up one by one (a video comment's reply), by id; null when it is not visible here. */
  known: Record<string, MediaAsset | null>;
  setSearch(search: string): void;
  setTag(tag: string | null): void;
  /** The first page with the loading state (skeletons), then the rest in the background. */
  load(): Promise<void>;
  refresh(): Promise<void>;
  /**
   * Imports picked or dropped files as one batch: files the shell knows the path of in one
   * assets.import, the others' bytes one file at a time (so only one file is ever held in memory).
   */
  importFiles(files: readonly File[]): Promise<void>;
  /** Runs posters, filmstrip and proxy again for a video whose processing failed. */
  reprocess(id: string): Promise<void>;
  /** Looks a video up (once) for a view that shows it outside the library. */
  ensureKnown(id: string): Promise<void>;
  /** Videos changed: what was looked up is looked up again, quietly (a poster or proxy may have arrived). */
  refreshKnown(): Promise<void>;
  reset(): void;
}

export const useAssetsStore = create<AssetsState>()((set, get) => {
  /** One page of the current query: `limit` videos after `last`. */
  function page(limit: number, last: MediaAsset | undefined) {
    const { search, tag } = get();
    return call('assets.list', {
      limit,
      ...(search.trim() ? { search: search.trim() } : {}),
      ...(tag ? { tag } : {}),
      ...(last ? { after: { createdAt: last.createdAt, id: last.id } } : {}),
    });
  }

  /**
   * A large library arrives in pages: the first (small) one is shown at once, the others are appended
   * as they come. A quiet refresh reads every page and swaps the list once, so nothing shrinks or
   * jumps on screen meanwhile.
   */
  async function fetchAssets(quiet: boolean): Promise<void> {
    const seq = get().seq + 1;
    set(quiet ? { seq } : { seq, status: 'loading', error: null });
    try {
      let items = await page(FIRST_PAGE, undefined);
      if (get().seq !== seq) return;
      let complete = items.length < FIRST_PAGE;
      if (!quiet) set({ status: 'ready', items, complete, error: null });
      while (!complete) {
        const next = await page(NEXT_PAGE, items.at(-1));
        if (get().seq !== seq) return;
        items = items.concat(next);
        complete = next.length < NEXT_PAGE;
        if (!quiet) set({ items, complete });
      }
      if (quiet) set({ status: 'ready', items, complete, error: null });
    } catch (error) {
      if (get().seq !== seq) return;
      // A later page that failed leaves what arrived on screen; the next change or a retry reads again.
      if (!quiet && get().items.length === 0) set({ status: 'error', error: errorMessage(error) });
      else if (!quiet) set({ complete: true });
    }
  }

  const lookups = new Set<string>();

  return {
    search: '',
    tag: null,
    status: 'idle',
    items: [],
    complete: false,
    error: null,
    seq: 0,
    known: {},
    setSearch(search) {
      set({ search });
      void get().load();
    },
    setTag(tag) {
      set({ tag });
      void get().load();
    },
    load: () => fetchAssets(false),
    async refresh() {
      const { status } = get();
      if (status !== 'idle') await fetchAssets(status === 'ready');
    },

    async importFiles(files) {
      if (files.length === 0) return;
      const jobs = useJobsStore.getState();
      const batch = jobs.beginBatch(files.length);
      const withPath: { file: File; path: string }[] = [];
      const withoutPath: File[] = [];
      for (const file of files) {
        const path = filePath(file);
        if (path) withPath.push({ file, path });
        else withoutPath.push(file);
      }
      for (let i = 0; i < withPath.length; i += PATHS_PER_CALL) {
        const chunk = withPath.slice(i, i + PATHS_PER_CALL);
        try {
          const infos = await call('assets.import', { paths: chunk.map((c) => c.path) });
          for (const info of infos) jobs.addToBatch(batch, info);
        } catch (error) {
          for (const c of chunk) jobs.refuse(batch, c.file.name, error);
        }
      }
      for (const file of withoutPath) {
        jobs.setSending(batch, file.name);
        try {
          const bytes = new Uint8Array(await file.arrayBuffer());
          jobs.addToBatch(batch, await call('assets.importBytes', [{ filename: file.name }, bytes]));
        } catch (error) {
          // A file that moved or changed since it was picked can't be read: say so rather than "something went wrong".
          const unreadable = error instanceof DOMException ? new ApiError('bad-input', `“${file.name}” couldn’t be read. Is it still there?`) : error;
          jobs.refuse(batch, file.name, unreadable);
        }
      }
      jobs.setSending(batch, null);
    },

    async reprocess(id) {
      const info = await call('assets.reprocess', { id });
      useJobsStore.getState().apply(info);
      // The status moves back to pending at once: show it without waiting for the event.
      set((s) => ({ items: s.items.map((a) => (a.id === id ? { ...a, processingStatus: 'pending', processingError: null } : a)) }));
    },

    async ensureKnown(id) {
      if (id in get().known || lookups.has(id)) return;
      lookups.add(id);
      try {
        const asset = await call('assets.get', { id });
        set((s) => ({ known: { ...s.known, [id]: asset } }));
      } catch (error) {
        if (isApiError(error, 'not-found') || isApiError(error, 'forbidden')) set((s) => ({ known: { ...s.known, [id]: null } }));
      } finally {
        lookups.delete(id);
      }
    },

    async refreshKnown() {
      const ids = Object.keys(get().known).filter((id) => get().known[id] !== null);
      await Promise.all(
        ids.map(async (id) => {
          try {
            const asset = await call('assets.get', { id });
            set((s) => ({ known: { ...s.known, [id]: asset } }));
          } catch (error) {
            if (isApiError(error, 'not-found')) set((s) => ({ known: { ...s.known, [id]: null } }));
          }
        }),
      );
    },

    reset: () =>
      set((s) => ({
        search: '',
        tag: null,
        status: 'idle',
        items: [],
        complete: false,
        error: null,
        seq: s.seq + 1,
        known: {},
      })),
  };
});
