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
});
