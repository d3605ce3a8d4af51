import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { DEFAULT_APP_SETTINGS, DEFAULT_PROFILE_SETTINGS } from '../../src-main/core/ports';
import { createSafeStorageSecrets } from '../../src-main/electron/secrets';
import { createElectronSettings } from '../../src-main/electron/settings';
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
    expect(JSON.parse(readFileSync(join(dir, 'settings.json'), 'utf8'))).toMatchObject({ windowState: state, app: {} });
    expect(() => settings.setWindowState({ ...state, width: -1 })).toThrow();
  });

  it('starts with defaults from a damaged file instead of refusing to start', () => {
    writeFileSync(join(dir, 'settings.json'), '{ not json');
    expect(createElectronSettings({ cwd: dir }).getApp()).toEqual(DEFAULT_APP_SETTINGS);
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
