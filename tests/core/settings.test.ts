import { afterEach, describe, expect, it } from 'vitest';
import { Core } from '../../src-main/core/core';
import { makeCore, MemorySecrets, MIGRATIONS_DIR } from '../support/world';

let h: ReturnType<typeof makeCore>;
afterEach(() => h?.dispose());
const web = { shell: 'web' as const };

describe('settings channels', () => {
  it('show defaults before any profile, and say how secrets are kept', async () => {
    h = makeCore();
    expect(await h.core.dispatch('settings.get', {}, web)).toEqual({
      ok: true,
      value: {
        app: { lastProfileId: null, theme: 'dark', defaultComparisonLayout: 'side-by-side', proxyQuality: '540p' },
        profile: null,
        secretsProtection: 'file-permissions',
        dataDir: h.dataDir,
      },
    });
  });

  it('change app settings at once and profile settings once a profile is open; both persist', async () => {
    h = makeCore();
    expect(await h.core.dispatch('settings.set', { profile: { syncEnabled: true } }, web)).toMatchObject({ ok: false, error: { code: 'no-profile' } });
    await h.core.dispatch('settings.set', { app: { theme: 'light', defaultComparisonLayout: 'stacked' } }, web);
    const created = await h.core.dispatch('profiles.create', { username: 'dana', displayName: 'Dana', role: 'coach' }, web);
    expect(created.ok).toBe(true);
    const set = await h.core.dispatch('settings.set', { profile: { cloudUrl: 'https://cloud.coachframe.test', syncEnabled: true } }, web);
    expect(set).toMatchObject({ ok: true, value: { app: { theme: 'light', defaultComparisonLayout: 'stacked' }, profile: { cloudUrl: 'https://cloud.coachframe.test', syncEnabled: true, syncOnMetered: false } } });
    // A new start reads the same values.
    h.core.close();
    const again = new Core({ dataDir: h.dataDir, migrationsDir: MIGRATIONS_DIR, settings: h.settings, secrets: new MemorySecrets() });
    try {
      expect(await again.dispatch('settings.get', {}, web)).toMatchObject({ ok: true, value: { app: { theme: 'light' }, profile: { syncEnabled: true } } });
    } finally {
      again.close();
    }
  });

  it.each([
    [{ profile: { cloudUrl: 'ftp://x.test' } }, 'profile.cloudUrl'],
    [{ profile: { cloudUrl: 'not a url' } }, 'profile.cloudUrl'],
    [{ app: { theme: 'neon' } }, 'app.theme'],
    [{ app: { lastProfileId: '0b6a3b8e-3c1d-4e4e-9f55-0d7d4c4a1d11' } }, null],
  ])('refuse %o with bad-input naming the field (a profile is chosen by switching, not by a setting)', async (payload, path) => {
    h = makeCore();
    await h.core.dispatch('profiles.create', { username: 'dana', displayName: 'Dana', role: 'coach' }, web);
    const before = await h.core.dispatch('settings.get', {}, web);
    const result = await h.core.dispatch('settings.set', payload, web);
    if (path) expect(result).toMatchObject({ ok: false, error: { code: 'bad-input', issues: expect.arrayContaining([expect.objectContaining({ path })]) } });
    else expect(await h.core.dispatch('settings.get', {}, web)).toEqual(before);
    expect(await h.core.dispatch('settings.get', {}, web)).toEqual(before);
  });
});
