import { create } from 'zustand';
import type { ChannelInput, ChannelOutput } from '../../src-shared/contract';
import type { SyncStatus } from '../../src-shared/contract/sync';
import { call, errorMessage } from '../api/client';
import { formatBytes, percent } from '../lib/format';

export type SyncInvite = ChannelOutput<'sync.createInvite'>;
export type JoinedCoach = ChannelOutput<'sync.joinRoster'>['coach'];

/** How fast bytes move, smoothed over the last few samples. */
interface RateSample {
  phase: NonNullable<SyncStatus['progress']>['phase'];
  bytesDone: number;
  at: number;
}

interface SyncState {
  /** What the indicator shows; null until the first answer. */
  status: SyncStatus | null;
  /** Why the status could not be read, in words (the indicator then says so quietly). */
  loadError: string | null;
  /** Bytes a second while a transfer runs; null when unknown. */
  rate: number | null;
  /** When the status arrived (a countdown starts from it). */
  receivedAt: number;
  /** Assets a download was asked for this session, and when (their pages say "Downloading…" at once). */
  downloadsAsked: Record<string, number>;

  load(): Promise<void>;
  /** A `sync.status` event from main. */
  apply(status: SyncStatus, at?: number): void;
  /** Sync now / Retry. */
  syncNow(): Promise<void>;
  pause(): Promise<void>;
  resume(): Promise<void>;
  register(input: ChannelInput<'sync.register'>): Promise<SyncStatus>;
  signIn(input: ChannelInput<'sync.signIn'>): Promise<SyncStatus>;
  signOut(): Promise<SyncStatus>;
  createInvite(): Promise<SyncInvite>;
  joinRoster(code: string): Promise<JoinedCoach>;
  /** Fetches a video that is only in the cloud; resolves with whether a download started. */
  download(assetId: string): Promise<boolean>;
  reset(): void;
}

/** Weight of the newest sample in the smoothed rate. */
const RATE_SMOOTHING = 0.3;

export const useSyncStore = create<SyncState>()((set, get) => {
  /** Counts `sync.status` events: an answer that crossed an event is older than it, and is dropped. */
  let events = 0;
  let sample: RateSample | null = null;

  /** Runs a channel that answers with the status; the answer is kept unless an event came meanwhile. */
  async function act(run: () => Promise<SyncStatus>): Promise<SyncStatus> {
    const before = events;
    const status = await run();
    if (events === before) take(status, Date.now());
    return status;
  }

  function take(status: SyncStatus, at: number): void {
    const progress = status.state === 'syncing' ? status.progress : null;
    let rate = get().rate;
    if (!progress || progress.bytesTotal <= 0) {
      sample = null;
      rate = null;
    } else if (sample && sample.phase === progress.phase && progress.bytesDone >= sample.bytesDone && at > sample.at) {
      const seconds = (at - sample.at) / 1000;
      if (seconds >= 0.2) {
        const now = (progress.bytesDone - sample.bytesDone) / seconds;
        rate = rate === null ? now : rate * (1 - RATE_SMOOTHING) + now * RATE_SMOOTHING;
        sample = { phase: progress.phase, bytesDone: progress.bytesDone, at };
      }
    } else {
      sample = { phase: progress.phase, bytesDone: progress.bytesDone, at };
      rate = null;
    }
    set({ status, rate, loadError: null, receivedAt: at });
  }

  return {
    status: null,
    loadError: null,
    rate: null,
    receivedAt: 0,
    downloadsAsked: {},

    async load() {
      const before = events;
      try {
        const status = await call('sync.status', {});
        if (events === before) take(status, Date.now());
      } catch (error) {
        set({ loadError: errorMessage(error) });
      }
    },

    apply(status, at = Date.now()) {
      events++;
      take(status, at);
    },

    async syncNow() {
      await act(() => call('sync.now', {}));
    },
    async pause() {
      await act(() => call('sync.pause', {}));
    },
    async resume() {
      await act(() => call('sync.resume', {}));
    },
    register: (input) => act(() => call('sync.register', input)),
    signIn: (input) => act(() => call('sync.signIn', input)),
    signOut: () => act(() => call('sync.signOut', {})),
    createInvite: () => call('sync.createInvite', {}),

    async joinRoster(code) {
      const { coach } = await call('sync.joinRoster', { code });
      return coach;
    },

    async download(assetId) {
      const { started } = await call('sync.download', { assetId });
      if (started) set((s) => ({ downloadsAsked: { ...s.downloadsAsked, [assetId]: Date.now() } }));
      return started;
    },

    reset() {
      events++;
      sample = null;
      set({ status: null, loadError: null, rate: null, downloadsAsked: {} });
    },
  };
});

/** What each phase is called. */
export const SYNC_PHASE_WORDS: Record<NonNullable<SyncStatus['progress']>['phase'], string> = {
  uploading: 'Uploading videos',
  pushing: 'Sending changes',
  pulling: 'Receiving changes',
  downloading: 'Downloading videos',
};

/** The record kinds sync speaks of, as a person would name them. */
const ENTITY_WORDS: Record<string, string> = {
  exercise: 'Exercise',
  comment: 'Comment',
  submission: 'Submission',
  submission_attempt: 'Attempt',
  videoasset: 'Video',
  clip: 'Clip',
  tag: 'Tag',
  content_tag: 'Tag on an item',
  vote: 'Vote',
  comparison: 'Comparison',
  alignment: 'Sync point',
  user: 'Person',
  roster: 'Roster',
};

export function entityWords(entity: string): string {
  return ENTITY_WORDS[entity] ?? entity.charAt(0).toUpperCase() + entity.slice(1).replace(/_/g, ' ');
}

/** The first block of an id: enough to tell two apart in a list, never the whole UUID. */
export const shortId = (id: string) => id.split('-')[0] ?? id.slice(0, 8);

/** "in 40 s", "in 3 min", or "now" — when the next automatic try is due. */
export function retryWords(retryAt: number, now: number): string {
  const seconds = Math.ceil((retryAt - now) / 1000);
  if (seconds <= 0) return 'now';
  if (seconds < 60) return `in ${seconds} s`;
  return `in ${Math.ceil(seconds / 60)} min`;
}

/** What the indicator and the panel say about sync: a short title, and a line of detail. */
export function syncHeadline(status: SyncStatus, now: number, relative: (iso: string) => string): { title: string; detail: string } {
  switch (status.state) {
    case 'off':
      return { title: 'Not syncing — work stays on this computer', detail: '' };
    case 'idle':
      return status.lastSyncedAt ? { title: `Synced · ${relative(status.lastSyncedAt)}`, detail: '' } : { title: 'Signed in — first sync soon', detail: '' };
    case 'syncing': {
      const p = status.progress;
      if (!p) return { title: 'Syncing…', detail: '' };
      const title = p.total > 0 ? `Syncing ${Math.min(p.done + 1, p.total)} of ${p.total}` : 'Syncing…';
      const bytes = p.bytesTotal > 0 ? ` · ${formatBytes(p.bytesDone)} of ${formatBytes(p.bytesTotal)}` : '';
      return { title, detail: `${SYNC_PHASE_WORDS[p.phase]}${bytes}` };
    }
    case 'offline':
      return { title: 'Offline — will sync when back', detail: status.retryAt !== null ? `Next try ${retryWords(status.retryAt, now)}` : '' };
    case 'paused':
      return { title: 'Sync paused', detail: 'Changes wait on this computer' };
    case 'error':
      return { title: 'Couldn’t sync', detail: status.error ?? 'Something went wrong.' };
  }
}

/** 0..100 for the thin bar while syncing; null when the amount is unknown. */
export function syncPercent(status: SyncStatus): number | null {
  const p = status.state === 'syncing' ? status.progress : null;
  if (!p) return null;
  if (p.bytesTotal > 0) return percent(p.bytesDone, p.bytesTotal);
  if (p.total > 0) return percent(p.done, p.total);
  return null;
}
