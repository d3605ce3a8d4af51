import { create } from 'zustand';
import type { ChannelCallInput, ChannelOutput } from '../../src-shared/contract';
import { call, errorMessage } from '../api/client';

export type SettingsView = ChannelOutput<'settings.get'>;
export type SettingsPatch = ChannelCallInput<'settings.set'>;

interface SettingsState {
  status: 'idle' | 'loading' | 'ready' | 'error';
  /** Why the settings did not load, in words. */
  error: string | null;
  view: SettingsView | null;
  /** Changes on their way to the channel. */
  pending: number;
  /** The last change was kept (shown as a small "Saved"). */
  saved: boolean;
  /** Why the last change was not kept, in words. */
  saveError: string | null;

  load(): Promise<void>;
  /** Shows the change at once and saves it; on failure, puts the old values back and rethrows. */
  save(patch: SettingsPatch): Promise<SettingsView>;
  /** Forgets the last "Saved" / error note. */
  clearNote(): void;
}

function applyPatch(view: SettingsView, patch: SettingsPatch): SettingsView {
  return {
    ...view,
    app: { ...view.app, ...patch.app },
    profile: view.profile && patch.profile ? { ...view.profile, ...patch.profile } : view.profile,
  };
}

export const useSettingsStore = create<SettingsState>()((set, get) => ({
  status: 'idle',
  error: null,
  view: null,
  pending: 0,
  saved: false,
  saveError: null,

  async load() {
    set({ status: get().view ? 'ready' : 'loading', error: null });
    try {
      const view = await call('settings.get', {});
      set({ status: 'ready', view });
    } catch (error) {
      set({ status: get().view ? 'ready' : 'error', error: errorMessage(error) });
    }
  },

  async save(patch) {
    const before = get().view;
    if (before) set({ view: applyPatch(before, patch) });
    set((s) => ({ pending: s.pending + 1, saved: false, saveError: null }));
    try {
      const view = await call('settings.set', patch);
      set((s) => ({ view, pending: s.pending - 1, saved: s.pending === 1 }));
      return view;
    } catch (error) {
      set((s) => ({ view: before ?? s.view, pending: s.pending - 1, saveError: errorMessage(error) }));
      throw error;
    }
  },

  clearNote: () => set({ saved: false, saveError: null }),
}));
