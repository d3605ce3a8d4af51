import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { DEFAULT_APP_SETTINGS, DEFAULT_PROFILE_SETTINGS } from '../../src-main/core/ports';
import { createSafeStorageSecrets } from '../../src-main/electron/secrets';
import { createElectronSettings } from '../../src-main/electron/settings';
import { migrateSettingsData, SETTINGS_VERSION } from '../../src-main/electron/settings-migrations';
import { safeStorage, userData } from './electron-stand-in';

// electron-store asks Electron for the user-data folder and app version when it is constructed.
vi.mock('electron', async () => (await import('./electron-stand-in')).electronModule);

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'coachframe-settings-'));
});
afterEach(() => {
  rmSync(dir, { recursive: true, force: true });
  rmSync(userData, { recursive: true, force: true });
});

const PROFILE_A = '7f1d3c2e-5b7a-4d7e-9a51-3a1c2b9e8f00';
const PROFILE_B = 'a3c1e9d2-0b4f-4c6e-8d2a-6e5f4a3b2c1d';

describe('electron-store settings', () => {
  it('reads defaults before anything is set, and keeps what is set across instances', () => {
    const settings = createElectronSettings({ cwd: dir });
    expect(settings.getApp()).toEqual(DEFAULT_APP_SETTINGS);
    expect(settings.setApp({ theme: 'light' })).toEqual({ ...DEFAULT_APP_SETTINGS, theme: 'light' });
    expect(createElectronSettings({ cwd: dir }).getApp().theme).toBe('light');
  });

  it('keeps each profile’s settings apart', () => {
    const settings = createElectronSettings({ cwd: dir });
    settings.setProfile(PROFILE_A, { syncEnabled: true, cloudUrl: 'https://cloud.example' });
    expect(settings.getProfile(PROFILE_A)).toEqual({ ...DEFAULT_PROFILE_SETTINGS, syncEnabled: true, cloudUrl: 'https://cloud.example' });
    expect(settings.getProfile(PROFILE_B)).toEqual(DEFAULT_PROFILE_SETTINGS);
  });

  it('refuses unknown keys, invalid values and odd profile ids, writing nothing', () => {
    const settings = createElectronSettings({ cwd: dir });
    expect(() => settings.setApp({ colour: 'red' } as never)).toThrow(/Unknown app setting/);
    expect(() => settings.setApp({ theme: 'neon' } as never)).toThrow();
    expect(() => settings.setProfile('__proto__', { syncEnabled: true })).toThrow(/profile id/);
    expect(settings.getApp()).toEqual(DEFAULT_APP_SETTINGS);
  });

  it('keeps the window state in the shell’s own key, apart from the shared app settings', () => {
    const settings = createElectronSettings({ cwd: dir });
    expect(settings.getWindowState()).toBeNull();
    const state = { x: 10, y: 20, width: 1300, height: 900, maximized: true, displayId: 2 };
    settings.setWindowState(state);
    expect(createElectronSettings({ cwd: dir }).getWindowState()).toEqual(state);
    expect(settings.getApp()).toEqual(DEFAULT_APP_SETTINGS);
    expect(JSON.parse(readFileSync(join(dir, 'settings.json'), 'utf8'))).toMatchObject({ windows: { main: state }, app: {} });
    expect(() => settings.setWindowState({ ...state, width: -1 })).toThrow();
  });

  it('starts with defaults from a damaged file instead of refusing to start', () => {
    writeFileSync(join(dir, 'settings.json'), '{ not json');
    expect(createElectronSettings({ cwd: dir }).getApp()).toEqual(DEFAULT_APP_SETTINGS);
  });
});

describe('the data folder setting', () => {
  it('is unset (the default folder) until a move records one, and then survives a restart', () => {
    const settings = createElectronSettings({ cwd: dir });
    expect(settings.getDataDir()).toBeNull();
    settings.setDataDir('/Volumes/Media/Coachframe Data');
    expect(createElectronSettings({ cwd: dir }).getDataDir()).toBe('/Volumes/Media/Coachframe Data');
    // The shell's own key, like the window state: not an app setting any channel could change.
    expect(settings.getApp()).toEqual(DEFAULT_APP_SETTINGS);
  });

  it('refuses a relative path, and ignores one written into the file by hand', () => {
    const settings = createElectronSettings({ cwd: dir });
    expect(() => settings.setDataDir('data')).toThrow(/full path/);
    writeFileSync(join(dir, 'settings.json'), JSON.stringify({ settingsVersion: SETTINGS_VERSION, app: {}, profiles: {}, dataDir: 'data' }));
    expect(createElectronSettings({ cwd: dir }).getDataDir()).toBeNull();
  });
});

const settingsFile = () => JSON.parse(readFileSync(join(dir, 'settings.json'), 'utf8')) as Record<string, unknown>;
const windowState = { x: 40, y: 30, width: 1400, height: 900, maximized: false, displayId: 7 };

describe('settings migrations', () => {
  it('brings a file from before settings had a version (the shape of every release so far) to the current one', () => {
    // Written by 0.1.0: no settingsVersion, the one window's bounds under `windowState`.
    const old = {
      app: { theme: 'light', lastProfileId: PROFILE_A },
      profiles: { [PROFILE_A]: { cloudUrl: 'https://cloud.example', syncEnabled: true } },
      windowState,
    };
    writeFileSync(join(dir, 'settings.json'), JSON.stringify(old));
    const settings = createElectronSettings({ cwd: dir });
    expect(settings.opened).toEqual({ kind: 'migrated', from: 0, to: SETTINGS_VERSION });
    // Nothing the person chose is lost.
    expect(settings.getApp()).toEqual({ ...DEFAULT_APP_SETTINGS, theme: 'light', lastProfileId: PROFILE_A });
    expect(settings.getProfile(PROFILE_A)).toEqual({ ...DEFAULT_PROFILE_SETTINGS, cloudUrl: 'https://cloud.example', syncEnabled: true });
    expect(settings.getWindowState()).toEqual(windowState);
    // And the file now has the new shape, once: opening it again migrates nothing.
    const file = settingsFile();
    expect(file).toMatchObject({ settingsVersion: SETTINGS_VERSION, windows: { main: windowState } });
    expect(file).not.toHaveProperty('windowState');
    expect(createElectronSettings({ cwd: dir }).opened).toEqual({ kind: 'current' });
  });

  it('drops an old window state it cannot make valid, keeping every other setting', () => {
    for (const broken of ['wide', { ...windowState, width: -5 }, { x: 1 }]) {
      const result = migrateSettingsData({ app: { theme: 'system' }, windowState: broken });
      expect(result).toEqual({ kind: 'migrated', from: 0, data: { app: { theme: 'system' }, settingsVersion: SETTINGS_VERSION } });
    }
  });

  it('writes the version into a new file, so the next version knows what it reads', () => {
    const settings = createElectronSettings({ cwd: dir });
    expect(settings.opened).toEqual({ kind: 'absent' });
    settings.setApp({ theme: 'light' });
    expect(settingsFile().settingsVersion).toBe(SETTINGS_VERSION);
  });

  it('leaves a file from a newer version alone: not migrated, its version and unknown keys kept, read with defaults', () => {
    const newer = {
      settingsVersion: SETTINGS_VERSION + 5,
      app: { theme: 'light', accentColour: 'teal' },
      profiles: {},
      windows: { main: windowState },
      futureFeature: { enabled: true },
    };
    writeFileSync(join(dir, 'settings.json'), JSON.stringify(newer));
    const settings = createElectronSettings({ cwd: dir });
    expect(settings.opened).toEqual({ kind: 'newer', version: SETTINGS_VERSION + 5 });
    expect(settingsFile()).toEqual(newer);
    // What this version knows is read; what it does not know has its default.
    expect(settings.getApp()).toEqual({ ...DEFAULT_APP_SETTINGS, theme: 'light' });
    expect(settings.getWindowState()).toEqual(windowState);
    // Writing a setting keeps the newer version's keys and version: going back to it loses nothing.
    settings.setApp({ proxyQuality: '720p' });
    expect(settingsFile()).toEqual({ ...newer, app: { ...newer.app, proxyQuality: '720p' } });
  });

  it.each([
    ['not JSON', '{ "app": { "theme": '],
    ['JSON but not an object', '["dark"]'],
    ['empty', ''],
  ])('sets a file that is %s aside, kept for a bug report, and starts with defaults', (_what, text) => {
    writeFileSync(join(dir, 'settings.json'), text);
    const settings = createElectronSettings({ cwd: dir, now: () => Date.UTC(2026, 10, 24, 12, 0, 0) });
    expect(settings.opened).toEqual({ kind: 'unreadable', keptAs: join(dir, 'settings.unreadable-2026-11-24T12-00-00-000Z.json') });
    expect(readFileSync(join(dir, 'settings.unreadable-2026-11-24T12-00-00-000Z.json'), 'utf8')).toBe(text);
    expect(settings.getApp()).toEqual(DEFAULT_APP_SETTINGS);
    expect(settings.setApp({ theme: 'light' }).theme).toBe('light');
    expect(readdirSync(dir).sort()).toEqual(['settings.json', 'settings.unreadable-2026-11-24T12-00-00-000Z.json']);
  });

  it('starts with defaults from a file whose values this version rejects, instead of refusing to start', () => {
    writeFileSync(join(dir, 'settings.json'), JSON.stringify({ settingsVersion: SETTINGS_VERSION, app: { theme: 42 }, profiles: 'none' }));
    const settings = createElectronSettings({ cwd: dir });
    expect(settings.getApp()).toEqual(DEFAULT_APP_SETTINGS);
    expect(settings.getProfile(PROFILE_A)).toEqual(DEFAULT_PROFILE_SETTINGS);
  });

  it('treats a version that is not a whole number as a file from before versions, since every step is tolerant', () => {
    for (const settingsVersion of ['1', -1, 0.5, null]) {
      expect(migrateSettingsData({ settingsVersion, app: {} })).toMatchObject({ kind: 'migrated', from: 0, data: { settingsVersion: SETTINGS_VERSION } });
    }
  });
});

describe('safeStorage secrets', () => {
  const secretsFile = () => readFileSync(join(dir, 'secrets.json'), 'utf8');

  it('stores only ciphertext, and reads it back', async () => {
    const secrets = createSafeStorageSecrets({ safeStorage, platform: 'linux', cwd: dir });
    expect(secrets.protection).toBe('os-keychain');
    await secrets.set(`cloud-token:${PROFILE_A}`, 'tok-123');
    expect(secretsFile()).not.toContain('tok-123');
    expect(JSON.parse(secretsFile()).secrets[`cloud-token:${PROFILE_A}`]).toEqual(expect.any(String));
    expect(await secrets.get(`cloud-token:${PROFILE_A}`)).toBe('tok-123');
    await secrets.delete(`cloud-token:${PROFILE_A}`);
    expect(await secrets.get(`cloud-token:${PROFILE_A}`)).toBeNull();
  });

  it('refuses to store a secret when the OS cannot encrypt it, rather than writing plain text', async () => {
    const unavailable = { ...safeStorage, isEncryptionAvailable: () => false };
    const secrets = createSafeStorageSecrets({ safeStorage: unavailable, platform: 'win32', cwd: dir });
    await expect(secrets.set('cloud-token', 'tok-123')).rejects.toMatchObject({ code: 'unavailable' });

    // Linux without a keyring "encrypts" with a key built into Chromium: that is refused too.
    const basicText = { ...safeStorage, getSelectedStorageBackend: () => 'basic_text' as const };
    const linux = createSafeStorageSecrets({ safeStorage: basicText, platform: 'linux', cwd: dir });
    await expect(linux.set('cloud-token', 'tok-123')).rejects.toThrow(/secure storage/);
    expect(secretsFile()).not.toContain('tok-123');
    expect(JSON.parse(secretsFile()).secrets).toEqual({});
  });

  it('never writes or logs the secret: not on refusal, not on a failed decryption, not in its error', async () => {
    const logged: unknown[][] = [];
    for (const level of ['log', 'info', 'warn', 'error', 'debug'] as const) {
      vi.spyOn(console, level).mockImplementation((...args: unknown[]) => void logged.push(args));
    }
    const secret = 'tok-VERY-SECRET-42';
    const refusing = createSafeStorageSecrets({ safeStorage: { ...safeStorage, isEncryptionAvailable: () => false }, platform: 'darwin', cwd: dir });
    const refusal = await refusing.set('cloud-token', secret).catch((error: unknown) => error);
    expect(refusal).toMatchObject({ code: 'unavailable' });
    expect(JSON.stringify(refusal) + String(refusal) + (refusal as Error).stack).not.toContain(secret);

    // Stored by this machine, then unreadable (another OS user's keychain): null, and the log says which key only.
    const secrets = createSafeStorageSecrets({ safeStorage, platform: 'linux', cwd: dir });
    await secrets.set('cloud-token', secret);
    const broken = createSafeStorageSecrets({
      safeStorage: { ...safeStorage, decryptString: () => { throw new Error('Error while decrypting the ciphertext provided to safeStorage.decryptString.'); } },
      platform: 'linux',
      cwd: dir,
    });
    expect(await broken.get('cloud-token')).toBeNull();

    expect(secretsFile()).not.toContain(secret);
    const everythingLogged = logged.map((args) => args.map((a) => (a instanceof Error ? `${a.message} ${a.stack}` : String(a))).join(' ')).join('\n');
    expect(everythingLogged).not.toContain(secret);
    expect(everythingLogged).toContain('cloud-token');
    vi.restoreAllMocks();
  });
});
