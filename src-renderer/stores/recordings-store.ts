import { create } from 'zustand';
import type { ChannelOutput } from '../../src-shared/contract';
import type { MediaAsset } from '../../src-shared/domain';
import { call } from '../api/client';
import { useAssetsStore } from './assets-store';

export type RecoverableRecording = ChannelOutput<'recordings.listRecoverable'>[number];

interface RecordingsState {
  /** Takes cut short by a crash, found when the profile opened: each is offered for recovery. */
  recoverable: RecoverableRecording[];
  /** The one being recovered or discarded. */
  busy: string | null;
  loadRecoverable(): Promise<void>;
  /** Repairs and imports it: it appears in the library. */
  recover(id: string): Promise<MediaAsset>;
  discard(id: string): Promise<void>;
  reset(): void;
}

export const useRecordingsStore = create<RecordingsState>()((set) => ({
  recoverable: [],
  busy: null,

  async loadRecoverable() {
    try {
      set({ recoverable: await call('recordings.listRecoverable', {}) });
    } catch {
      // Nothing to offer is the safe reading: the takes stay on disk and are offered next time.
    }
  },

  async recover(id) {
    set({ busy: id });
    try {
      const asset = await call('recordings.recover', { id });
      set((s) => ({ recoverable: s.recoverable.filter((r) => r.id !== id) }));
      void useAssetsStore.getState().refresh();
      return asset;
    } finally {
      set({ busy: null });
    }
  },

  async discard(id) {
    set({ busy: id });
    try {
      await call('recordings.discard', { id });
      set((s) => ({ recoverable: s.recoverable.filter((r) => r.id !== id) }));
    } finally {
      set({ busy: null });
    }
  },

  reset: () => set({ recoverable: [], busy: null }),
}));
