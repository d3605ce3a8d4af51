import { isAbsolute, join } from 'node:path';
import { app } from 'electron';
import Store, { type Schema } from 'electron-store';
import {
  DEFAULT_APP_SETTINGS,
  DEFAULT_PROFILE_SETTINGS,
  type AppSettings,
  type ProfileSettings,
  type Settings,
} from '../core/ports';
import { parseWindowState, type WindowState } from './desktop/window-state';
import { prepareSettingsFile, SETTINGS_VERSION, type SettingsFileState } from './settings-migrations';

/**
 * The product's settings, in `settings.json` under the user-data folder (electron-store, written
 * atomically). Two scopes: `app` and `profiles[<profileId>]`. The file holds only what was changed;
 * reads fill in the defaults from ports.ts, so a setting added in a later version simply appears with
 * its default. Its shape has a version (`settingsVersion`); settings-migrations.ts brings an older file
 * forward before the store opens it.
 */
interface SettingsFile {
  settingsVersion: number;
  app: Partial<AppSettings>;
  profiles: Record<string, Partial<ProfileSettings>>;
  /**
   * Where each window was, restored on the next start (only `main` so far). The shell's alone: it is
   * not in the shared AppSettings (the web host has no windows) and no channel reads or writes it.
   */
  windows?: Partial<Record<WindowName, WindowState>>;
  /**
   * The data folder, when it was moved away from the default (File → Move Data Folder…). App-wide and
   * the shell's alone, like `windows`: no channel may write it, since pointing the app at another folder
   * without moving the data would only make the data look lost.
   */
  dataDir?: string;
}

export type WindowName = 'main';

/** Lists every member of union `T`, or fails to compile: a theme added to ports.ts must be added here. */
const allOf =
  <T>() =>
  <const A extends readonly T[]>(values: A & ([Exclude<T, A[number]>] extends [never] ? unknown : never)): A =>
    values;

// Unknown keys are tolerated on read (a newer version may have written them; `pick` drops them) and
// refused on write (`checkKeys`), so the schema only checks the types of the keys we know.
const APP_SETTINGS_SCHEMA = {
  type: 'object',
  properties: {
    lastProfileId: { type: ['string', 'null'] },
    theme: { enum: allOf<AppSettings['theme']>()(['dark', 'light', 'system']) },
    defaultComparisonLayout: {
      enum: allOf<AppSettings['defaultComparisonLayout']>()(['side-by-side', 'stacked', 'overlay', 'wipe']),
    },
    proxyQuality: { enum: allOf<AppSettings['proxyQuality']>()(['540p', '720p']) },
  } satisfies Record<keyof AppSettings, object>,
} as const;

const PROFILE_SETTINGS_SCHEMA = {
  type: 'object',
  properties: {
    cloudUrl: { type: ['string', 'null'] },
    cloudAccount: { type: ['string', 'null'] },
    syncEnabled: { type: 'boolean' },
    syncOnMetered: { type: 'boolean' },
  } satisfies Record<keyof ProfileSettings, object>,
} as const;

const WINDOW_STATE_SCHEMA = {
  type: 'object',
  properties: {
    x: { type: 'number' },
    y: { type: 'number' },
    width: { type: 'number', exclusiveMinimum: 0 },
    height: { type: 'number', exclusiveMinimum: 0 },
    maximized: { type: 'boolean' },
    displayId: { type: 'number' },
  } satisfies Record<keyof WindowState, object>,
  required: ['x', 'y', 'width', 'height', 'maximized'],
} as const;

const SCHEMA: Schema<SettingsFile> = {
  settingsVersion: { type: 'integer', minimum: 0 },
  app: APP_SETTINGS_SCHEMA,
  profiles: { type: 'object', additionalProperties: PROFILE_SETTINGS_SCHEMA },
  windows: { type: 'object', additionalProperties: WINDOW_STATE_SCHEMA },
  dataDir: { type: 'string', minLength: 1 },
};

/** Profile ids are UUIDs; anything else (an empty string, `__proto__`) never becomes a key in the file. */
const PROFILE_ID = /^[A-Za-z0-9][A-Za-z0-9_-]{0,127}$/;

export interface ElectronSettingsOptions {
  /** Folder of the file; defaults to the user-data folder. Tests point it at a temp folder. */
  cwd?: string;
  /** The clock that names a file set aside as unreadable. */
  now?: () => number;
}

/** The shared settings, plus what only the desktop shell keeps. */
export interface ElectronSettings extends Settings {
  /** What opening the file found: migrated, from a newer version, set aside as unreadable… (for the log). */
  readonly opened: SettingsFileState;
  getWindowState(window?: WindowName): WindowState | null;
  setWindowState(state: WindowState, window?: WindowName): void;
  /** The data folder chosen by a move, or null for the default. */
  getDataDir(): string | null;
  setDataDir(dir: string): void;
}

export function createElectronSettings(options: ElectronSettingsOptions = {}): ElectronSettings {
  // electron-store's own default folder, which it takes from Electron when no cwd is given.
  const cwd = options.cwd ?? app.getPath('userData');
  const opened = prepareSettingsFile(join(cwd, 'settings.json'), options.now);
  const store = new Store<SettingsFile>({
    name: 'settings',
    cwd,
    schema: SCHEMA,
    // A file of a newer version keeps its own settingsVersion: defaults only fill what is missing.
    defaults: { settingsVersion: SETTINGS_VERSION, app: {}, profiles: {} },
    // Profile ids as keys, never dot paths.
    accessPropertiesByDotNotation: false,
    // A damaged file must not keep the app from starting: it is replaced by defaults.
    clearInvalidConfig: true,
  });

  const profileEntry = (profileId: string): Partial<ProfileSettings> => {
    checkProfileId(profileId);
    const profiles = store.get('profiles');
    return Object.hasOwn(profiles, profileId) ? (profiles[profileId] ?? {}) : {};
  };

  const getApp = (): AppSettings => ({ ...DEFAULT_APP_SETTINGS, ...pick(store.get('app'), DEFAULT_APP_SETTINGS) });
  const getProfile = (profileId: string): ProfileSettings => ({
    ...DEFAULT_PROFILE_SETTINGS,
    ...pick(profileEntry(profileId), DEFAULT_PROFILE_SETTINGS),
  });

  return {
    opened,
    getApp,
    setApp(patch) {
      checkKeys(patch, DEFAULT_APP_SETTINGS, 'app setting');
      // The schema check happens in set(): an invalid value throws and nothing is written.
      store.set('app', { ...store.get('app'), ...patch });
      return getApp();
    },
    getProfile,
    setProfile(profileId, patch) {
      checkKeys(patch, DEFAULT_PROFILE_SETTINGS, 'profile setting');
      const next = { ...profileEntry(profileId), ...patch };
      store.set('profiles', { ...store.get('profiles'), [profileId]: next });
      return getProfile(profileId);
    },
    getWindowState: (window = 'main') => parseWindowState(store.get('windows')?.[window]),
    setWindowState(state, window = 'main') {
      store.set('windows', { ...store.get('windows'), [window]: state });
    },
    getDataDir() {
      const dir = store.get('dataDir');
      // Only a full path counts: anything else (a hand edit) falls back to the default folder.
      return typeof dir === 'string' && isAbsolute(dir) ? dir : null;
    },
    setDataDir(dir) {
      if (!isAbsolute(dir)) throw new Error('The data folder must be a full path.');
      store.set('dataDir', dir);
    },
  };
}

function checkProfileId(profileId: string): void {
  if (!PROFILE_ID.test(profileId)) throw new Error(`Not a profile id: ${JSON.stringify(profileId)}`);
}

/** Refuses keys the settings do not have: a typo must not be stored silently and read back as the default. */
function checkKeys(patch: object, known: object, what: string): void {
  for (const key of Object.keys(patch)) {
    if (!Object.hasOwn(known, key)) throw new Error(`Unknown ${what}: ${key}`);
  }
}

/** The known keys of `stored` (a file written by another version may hold others). */
function pick<T extends object>(stored: Partial<T> | undefined, known: T): Partial<T> {
  const result: Partial<T> = {};
  if (!stored) return result;
  for (const key of Object.keys(known) as (keyof T)[]) {
    if (Object.hasOwn(stored, key) && stored[key] !== undefined) result[key] = stored[key];
  }
  return result;
}
