import type { Result } from '../../src-shared/result';
import type { EventName, Events } from '../../src-shared/contract/events';
import type { MediaKind } from '../../src-shared/api';
import type { AppSettings, ProfileSettings } from '../../src-shared/contract/settings';

/**
 * What each shell provides to the core. The product implements these with electron-store and
 * safeStorage; the web host (a developer tool) with a JSON file and a 0600 file.
 */
export type { AppSettings, ProfileSettings } from '../../src-shared/contract/settings';

export const DEFAULT_APP_SETTINGS: AppSettings = {
  lastProfileId: null,
  theme: 'dark',
  defaultComparisonLayout: 'side-by-side',
  proxyQuality: '540p',
};

export const DEFAULT_PROFILE_SETTINGS: ProfileSettings = {
  cloudUrl: null,
  cloudAccount: null,
  syncEnabled: false,
  syncOnMetered: false,
};

/** Settings in two scopes: app-wide, and per profile. Reads return defaults for what was never set. */
export interface Settings {
  getApp(): AppSettings;
  setApp(patch: Partial<AppSettings>): AppSettings;
  getProfile(profileId: string): ProfileSettings;
  setProfile(profileId: string, patch: Partial<ProfileSettings>): ProfileSettings;
}

/** Secrets (cloud tokens). The product refuses to store one when it cannot encrypt it. */
export interface SecretStore {
  /** Whether secrets are protected at rest (safeStorage) or only by file permissions (web host). */
  readonly protection: 'os-keychain' | 'file-permissions';
  get(key: string): Promise<string | null>;
  set(key: string, value: string): Promise<void>;
  delete(key: string): Promise<void>;
}

/** Where the caller of a channel stands: which shell, which window. Checked by `dispatch`. */
export interface CallerInfo {
  shell: 'electron' | 'web';
}

export type EventListener = <E extends EventName>(event: E, payload: Events[E]) => void;

/** A file the shells stream to a <video> or <img>: absolute path, type and size. */
export interface MediaFile {
  path: string;
  mimeType: string;
  size: number;
}

/** The core as the shells see it. */
export interface CoreApi {
  /** Validates `payload` against the channel's schema, runs its handler, and never throws. */
  dispatch(channel: string, payload: unknown, caller: CallerInfo, bytes?: Uint8Array): Promise<Result<unknown>>;
  /** Subscribes to push events; returns the unsubscribe function. */
  onEvent(listener: EventListener): () => void;
  /** The file behind `window.api.mediaUrl(assetId, kind)`, if the current profile may see it. */
  mediaFile(assetId: string, kind: MediaKind): MediaFile | null;
  /** How many jobs are running (the desktop shell asks before quitting, and shows their progress). */
  runningJobs(): number;
  /** Unread feedback of the open profile's user (the desktop shell's Dock/taskbar badge). */
  unreadFeedbackCount(): number;
  /** The newest unread feedback and the comparison it is best seen in (a new-feedback notification opens it). */
  newestFeedback(): { exercise: string; comment: string; a: string | null; b: string | null } | null;
  /** The shell saw the network come back (or go): sync tries at once instead of waiting for its backoff. */
  networkChanged(online: boolean): void;
  /** The machine woke from sleep: sync catches up. */
  resumed(): void;
  close(): void;
}
