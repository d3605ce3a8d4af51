import { errorMessage, isApiError } from '../api/client';

/** One part of an open page (its details, a list on it), loaded on its own. */
export type Part<T> = { status: 'idle' | 'loading' | 'ready' | 'error'; data: T; error: string | null };
/** The page's main record; `missing` when it was not found (deleted, or not visible to this profile). */
export type DetailPart<T> = Part<T | null> & { missing: boolean };

export const idlePart = <T>(data: T): Part<T> => ({ status: 'idle', data, error: null });
export const idleDetail = <T>(): DetailPart<T> => ({ ...idlePart(null), missing: false });

export interface PartLoad<P extends Part<unknown>, T> {
  /** Whether the page that asked is still the one open: the latest request wins, and a late answer for another is dropped. */
  current(): boolean;
  /** A quiet reload keeps what shows while it runs, and keeps it too when it fails. */
  quiet: boolean;
  /** The part as it stands now. */
  part(): P;
  /** Writes the part. */
  setPart(update: (part: P) => P): void;
  fetch(): Promise<T>;
  /** Stores the answer (only called while the page is still current). */
  ready(data: T): void;
  /** Handles a failure itself, returning true; else the part shows the error. */
  failed?(error: unknown): boolean;
}

/** What a page store holds besides its parts: the open id, and a count bumped at each open and close. */
export interface PageState {
  id: string | null;
  seq: number;
}

/**
 * Binds a page store's parts for loadPart: `slot(key, id, seq, quiet)` reads and writes that part, and
 * is current while the page that asked (same id, same open) is still the one open.
 */
export function partSlots<S extends PageState>(set: (update: (state: S) => Partial<S>) => void, get: () => S) {
  return <K extends keyof S>(key: K, id: string, seq: number, quiet: boolean) => ({
    current: () => get().id === id && get().seq === seq,
    quiet,
    part: () => get()[key],
    setPart: (update: (part: S[K]) => S[K]) =>
      set((s) => {
        const change: Partial<S> = {};
        change[key] = update(s[key]);
        return change;
      }),
  });
}

/** Loads one part of an open page, on the "latest request wins" rule. */
export async function loadPart<P extends Part<unknown>, T>(load: PartLoad<P, T>): Promise<void> {
  if (!load.quiet) load.setPart((p) => ({ ...p, status: 'loading', error: null }));
  try {
    const data = await load.fetch();
    if (load.current()) load.ready(data);
  } catch (error) {
    if (!load.current() || load.failed?.(error)) return;
    if (!load.quiet || load.part().status !== 'ready') {
      load.setPart((p) => ({ ...p, status: 'error', error: errorMessage(error) }));
    }
  }
}

/** Loads a page's main record: one that is not found marks the part `missing`. */
export function loadDetailPart<T>(load: Omit<PartLoad<DetailPart<T>, T>, 'ready' | 'failed'>): Promise<void> {
  return loadPart({
    ...load,
    ready: (data) => load.setPart(() => ({ status: 'ready', data, error: null, missing: false })),
    failed(error) {
      if (!isApiError(error, 'not-found')) return false;
      load.setPart(() => ({ status: 'error', data: null, error: errorMessage(error), missing: true }));
      return true;
    },
  });
}
