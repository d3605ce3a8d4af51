import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, expect, it, vi } from 'vitest';
import { MAIN_BUNDLE, requireFreshBundle } from './bundles';
import * as electron from './electron-stand-in';

// The built main bundle with the 'electron' stand-in, as in wiring.test.ts, but started from an app
// folder that has no migrations: the core cannot be built.
vi.mock('electron', async () => (await import('./electron-stand-in')).electronModule);

const emptyAppDir = mkdtempSync(join(tmpdir(), 'coachframe-no-migrations-'));
afterAll(() => {
  rmSync(emptyAppDir, { recursive: true, force: true });
  rmSync(electron.userData, { recursive: true, force: true });
});

it('says in words why it cannot start, opens no window, serves nothing and exits with an error', async () => {
  requireFreshBundle(MAIN_BUNDLE);
  electron.config.appPath = emptyAppDir;
  vi.spyOn(console, 'error').mockImplementation(() => {});
  const main = (await import(/* @vite-ignore */ MAIN_BUNDLE)) as { started: Promise<void> };
  await expect(main.started).resolves.toBeUndefined();

  expect(electron.dialog.errors).toHaveLength(1);
  const [shown] = electron.dialog.errors;
  expect(shown?.title).toBe('Coachframe could not start');
  expect(shown?.content).not.toMatch(/\n\s+at /); // a message, not a stack trace
  expect(electron.app.exitCodes).toEqual([1]);
  expect(electron.BrowserWindow.instances).toEqual([]);
  expect(electron.ipcMain.handlers.size).toBe(0);
});
