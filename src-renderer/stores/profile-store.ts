import { create } from 'zustand';
import type { ChannelInput } from '../../src-shared/contract';
import type { Profile } from '../../src-shared/domain';
import { call, errorMessage } from '../api/client';
import { resetProfileData } from './reset';

interface ProfileState {
  status: 'loading' | 'ready' | 'error';
  /** The open profile; null before one is created or chosen. */
  current: Profile | null;
  /** Every profile on this computer. */
  profiles: Profile[];
  error: string | null;

  load(): Promise<void>;
  refreshList(): Promise<void>;
  /** Creates and opens a profile; throws an ApiError (with field issues) for the form to show. */
  create(input: ChannelInput<'profiles.create'>): Promise<Profile>;
  /** Another computer of an existing cloud account: makes its profile here and opens it. */
  signInNewProfile(input: ChannelInput<'sync.signInNewProfile'>): Promise<Profile>;
  switchTo(id: string): Promise<void>;
  /** The open profile changed (here, in another window, or by the host). */
  applyCurrent(profile: Profile | null): void;
}

export const useProfileStore = create<ProfileState>()((set, get) => ({
  status: 'loading',
  current: null,
  profiles: [],
  error: null,

  async load() {
    set({ status: 'loading', error: null });
    try {
      const [current, profiles] = await Promise.all([call('profiles.current', {}), call('profiles.list', {})]);
      get().applyCurrent(current);
      set({ status: 'ready', profiles });
    } catch (error) {
      set({ status: 'error', error: errorMessage(error) });
    }
  },

  async refreshList() {
    try {
      set({ profiles: await call('profiles.list', {}) });
    } catch {
      // The list is refreshed again on the next change; what is shown stays true enough meanwhile.
    }
  },

  async create(input) {
    const profile = await call('profiles.create', input);
    get().applyCurrent(profile);
    set((s) => ({ profiles: s.profiles.some((p) => p.user.id === profile.user.id) ? s.profiles : [...s.profiles, profile] }));
    void get().refreshList();
    return profile;
  },

  async signInNewProfile(input) {
    const profile = await call('sync.signInNewProfile', input);
    get().applyCurrent(profile);
    void get().refreshList();
    return profile;
  },

  async switchTo(id) {
    const profile = await call('profiles.switch', { id });
    get().applyCurrent(profile);
  },

  applyCurrent(profile) {
    const before = get().current?.user.id ?? null;
    const after = profile?.user.id ?? null;
    // The first answer at launch opens the profile where the address points; a later change of
    // profile starts over, since everything loaded belongs to the profile it was loaded for.
    const isChange = before !== after && (before !== null || get().status === 'ready');
    set({ current: profile, status: 'ready' });
    if (isChange) resetProfileData();
  },
}));
