import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it, vi } from 'vitest';
import * as electron from './electron-stand-in';
import { call, clickMenu, messagesSince, startShell } from './shell-driver';

/**
 * File → Move Data Folder… failing in the built shell. The failure injected is the last step before
 * the old folder would go: the new location cannot be recorded (settings.json has become a folder, so
 * electron-store can neither read nor write it). The copy is removed, the old folder keeps every file,
 * the person is told, and the app restarts on the old folder.
 */

vi.mock('electron', async () => (await import('./electron-stand-in')).electronModule);

const newHome = mkdtempSync(join(tmpdir(), 'coachframe-newhome-'));
const dataDir = join(electron.userData, 'profiles');
const files = (dir: string) => readdirSync(dir, { recursive: true, withFileTypes: true }).filter((e) => e.isFile()).map((e) => join(e.parentPath, e.name).slice(dir.length)).sort();

beforeAll(async () => {
  await startShell();
  await expect(call('profiles.create', { username: 'coach.mo', displayName: 'Mo', role: 'coach' })).resolves.toMatchObject({ ok: true });
  await expect(call('tags.create', { name: 'Volley' })).resolves.toMatchObject({ ok: true });
});

afterAll(() => {
  rmSync(newHome, { recursive: true, force: true });
  rmSync(electron.userData, { recursive: true, force: true });
});

it('a move that cannot be recorded leaves the old folder in use, with all its files, and says so', async () => {
  const shown = electron.dialog.messages.length;
  electron.dialog.pick = [newHome];
  electron.dialog.answers.push(0, 0); // Move, then OK
  rmSync(join(electron.userData, 'settings.json'));
  mkdirSync(join(electron.userData, 'settings.json'));

  clickMenu('Move Data Folder…');
  await vi.waitFor(() => expect(electron.app.relaunchCalls).toBe(1), { timeout: 10_000 });

  expect(messagesSince(shown)).toEqual([`Move your data to ${newHome}?`, 'The data folder was not moved.']);
  expect(electron.dialog.messages.at(-1)?.detail).toContain(`Your data is still in ${dataDir}, and Coachframe goes on using it after it restarts.`);
  expect(electron.dialog.messages.at(-1)?.type).toBe('error');
  expect(electron.app.exitCodes).toEqual([0]);
  // Nothing at the destination; the old folder whole, its database closed cleanly (no WAL left).
  expect(readdirSync(newHome)).toEqual([]);
  const kept = files(dataDir);
  expect(kept.some((f) => f.endsWith('.db'))).toBe(true);
  expect(kept.filter((f) => f.endsWith('-wal'))).toEqual([]);
  // The log stays in the old folder and tells what happened.
  const log = readdirSync(join(dataDir, 'logs')).map((f) => readFileSync(join(dataDir, 'logs', f), 'utf8')).join('');
  expect(log).toMatch(/moving the data folder[^]*moving the data folder failed; the old folder stays in use[^]*restarting after moving/);
});
