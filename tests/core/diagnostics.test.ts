import { afterEach, describe, expect, it } from 'vitest';
import { homedir } from 'node:os';
import { Core } from '../../src-main/core/core';
import { diagnosticsText } from '../../src-main/core/diagnostics';
import { makeCore, MemorySecrets, MemorySettings, MIGRATIONS_DIR } from '../support/world';

const electron = { shell: 'electron' as const };
let dispose: (() => void) | undefined;
afterEach(() => dispose?.());

describe('app.diagnostics', () => {
  it('works without a profile and gives versions, settings and the last log lines', async () => {
    const h = makeCore();
    dispose = h.dispose;
    const result = await h.core.dispatch('app.diagnostics', {}, electron);
    expect(result).toMatchObject({ ok: true, value: { text: expect.stringContaining('## Versions') } });
    const text = (result as { value: { text: string } }).value.text;
    expect(text).toContain(`node: ${process.versions.node}`);
    expect(text).toMatch(/ffmpeg: /);
    expect(text).toContain('"theme": "dark"');
  });

  it('never contains a secret, whether stored, in settings or in the log', async () => {
    const secrets = new MemorySecrets();
    const settings = new MemorySettings();
    const { mkdtempSync, rmSync } = await import('node:fs');
    const { join } = await import('node:path');
    const { tmpdir } = await import('node:os');
    const dataDir = mkdtempSync(join(tmpdir(), 'coachframe-diag-'));
    const logLines = [
      '2026-03-01T10:00:00.000Z WARN  sync refused token=tok_SUPERSECRET_123 for coach@club.example',
      `2026-03-01T10:00:01.000Z WARN  could not read ${join(homedir(), 'Videos', 'serve.mp4')}`,
    ];
    const core = new Core({ dataDir, migrationsDir: MIGRATIONS_DIR, settings, secrets, versions: { app: '1.2.3', electron: '45.0.0' }, logTail: (n) => logLines.slice(-n) });
    dispose = () => {
      core.close();
      rmSync(dataDir, { recursive: true, force: true });
    };
    const created = await core.dispatch('profiles.create', { username: 'kim', displayName: 'Kim', role: 'coach' }, electron);
    expect(created.ok).toBe(true);
    await secrets.set('cloud-token:kim', 'tok_SUPERSECRET_123');
    await core.dispatch('settings.set', { profile: { cloudUrl: 'https://cloud.example', cloudAccount: 'coach@club.example', syncEnabled: true } }, electron);

    const result = await core.dispatch('app.diagnostics', {}, electron);
    if (!result.ok) throw new Error(result.error.message);
    const { text } = result.value as { text: string };
    expect(text).toContain('app: 1.2.3');
    expect(text).toContain('electron: 45.0.0');
    expect(text).toContain('"syncEnabled": true');
    expect(text).toContain('sync refused');
    for (const leak of ['SUPERSECRET', 'coach@club.example', homedir()]) expect(text).not.toContain(leak);
  });

  it('redacts the whole text, whatever its parts', () => {
    const text = diagnosticsText({
      versions: { app: '1.0.0', electron: null },
      settings: { profile: { cloudAccount: 'a@b.example', apiKey: 'k-1234' } },
      logLines: ['Authorization: Bearer abc'],
      now: 0,
      home: '/home/kim',
    });
    expect(text).toContain('electron: unknown');
    for (const leak of ['a@b.example', 'k-1234', 'Bearer abc']) expect(text).not.toContain(leak);
  });
});
