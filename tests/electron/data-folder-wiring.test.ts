import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it, vi } from 'vitest';
import { SETTINGS_VERSION } from '../../src-main/electron/settings-migrations';
import * as electron from './electron-stand-in';
import { useLongJobs, videoToOpen } from './long-job';
import { call, clickMenu, emitBeforeQuit, jobs, messagesSince, startImport, startShell } from './shell-driver';

/**
 * File → Move Data Folder… in the built shell: it starts on the folder its settings name (where an
 * earlier move put the data), refuses while a job runs and when the folder cannot take the data, and
 * otherwise moves the data, records the new folder and restarts the app on it.
 */

vi.mock('electron', async () => (await import('./electron-stand-in')).electronModule);

const tools = useLongJobs();
const video = videoToOpen();
const roots = [mkdtempSync(join(tmpdir(), 'coachframe-chosen-')), mkdtempSync(join(tmpdir(), 'coachframe-newhome-'))];
const [chosenRoot, newHome] = roots as [string, string];
/** Where an earlier move put the data: the shell starts here, not in userData. */
const chosen = join(chosenRoot, 'Coachframe Data');
const settingsFile = () => JSON.parse(readFileSync(join(electron.userData, 'settings.json'), 'utf8')) as Record<string, unknown>;
const logText = (dataDir: string) => readdirSync(join(dataDir, 'logs')).map((f) => readFileSync(join(dataDir, 'logs', f), 'utf8')).join('');

let profileId = '';

beforeAll(async () => {
  writeFileSync(join(electron.userData, 'settings.json'), JSON.stringify({ settingsVersion: SETTINGS_VERSION, app: {}, profiles: {}, dataDir: chosen }));
  await startShell();
  const created = await call<{ user: { id: string } }>('profiles.create', { username: 'coach.lee', displayName: 'Lee', role: 'coach' });
  if (!created.ok) throw new Error(created.error.message);
  profileId = (created.value as { user: { id: string } }).user.id;
  await expect(call('tags.create', { name: 'Serve' })).resolves.toMatchObject({ ok: true });
});

afterAll(() => {
  tools.restore();
  for (const dir of [...roots, video.folder, electron.userData]) rmSync(dir, { recursive: true, force: true });
});

it('starts on the data folder its settings name, and logs there', () => {
  expect(readdirSync(join(chosen, 'profiles'))).toContain(profileId);
  expect(logText(chosen)).toContain('Coachframe 0.0.0-test starting');
  expect(existsSync(join(electron.userData, 'profiles'))).toBe(false);
});

it('refuses to move while a job runs, before any folder picker, and changes nothing', async () => {
  const job = await startImport(video.folder, video.name);
  const shown = electron.dialog.messages.length;
  const pickers = electron.dialog.fileDialogs.length;
  clickMenu('Move Data Folder…');
  await vi.waitFor(() => expect(messagesSince(shown)).toEqual(['The data folder cannot be moved while jobs are running.']));
  expect(electron.dialog.messages.at(-1)?.detail).toMatch(/1 job is still running/);
  expect(electron.dialog.fileDialogs.length).toBe(pickers);

  await expect(call('jobs.cancel', { id: job.id })).resolves.toMatchObject({ ok: true });
  await expect.poll(async () => (await jobs()).filter((j) => j.state === 'running'), { timeout: 10_000 }).toEqual([]);
});

it('refuses a folder that cannot take the data while the app goes on as it was', async () => {
  const shown = electron.dialog.messages.length;
  // The current data folder itself holds things, so the data would go into a subfolder of itself.
  electron.dialog.pick = [chosen];
  clickMenu('Move Data Folder…');
  await vi.waitFor(() => expect(messagesSince(shown)).toEqual(['The data cannot be moved there.']));
  expect(electron.dialog.messages.at(-1)?.detail).toBe('The new folder cannot be inside the current data folder.');
  expect(electron.app.relaunchCalls).toBe(0);
  await expect(call('profiles.current')).resolves.toMatchObject({ ok: true, value: { user: { id: profileId } } });
});

it('does nothing when the move is not confirmed', async () => {
  const shown = electron.dialog.messages.length;
  electron.dialog.pick = [newHome];
  electron.dialog.answers.push(1); // Cancel
  clickMenu('Move Data Folder…');
  await vi.waitFor(() => expect(messagesSince(shown)).toEqual([`Move your data to ${newHome}?`]));
  await new Promise((resolve) => setTimeout(resolve, 50));
  expect(messagesSince(shown)).toHaveLength(1);
  expect(readdirSync(newHome)).toEqual([]);
  expect(electron.app.relaunchCalls).toBe(0);
});

it('moves the data after confirmation, records the new folder, and restarts on it', async () => {
  const shown = electron.dialog.messages.length;
  const picked = join(newHome, 'picked');
  mkdirSync(picked);
  electron.dialog.pick = [picked];
  electron.dialog.answers.push(0, 0); // Move, then OK
  clickMenu('Move Data Folder…');
  await vi.waitFor(() => expect(electron.app.relaunchCalls).toBe(1), { timeout: 10_000 });

  expect(messagesSince(shown)).toEqual([`Move your data to ${picked}?`, 'Data folder moved.']);
  expect(electron.app.exitCodes).toEqual([0]);
  // Relaunch is asked for before exiting: Electron starts the new instance when this one exits.
  expect(electron.log.indexOf('app.relaunch')).toBeLessThan(electron.log.indexOf('app.exit(0)'));
  expect(settingsFile().dataDir).toBe(picked);
  expect(existsSync(chosen)).toBe(false);
  expect(readdirSync(join(picked, 'profiles'))).toContain(profileId);
  // The log moved with the data and goes on there, with the lines written during the move.
  expect(logText(picked)).toMatch(/Coachframe 0.0.0-test starting[^]*moving the data folder[^]*data folder moved[^]*restarting after moving/);
  // Until the process is gone, the window's calls are answered, not run against a closed core.
  await expect(call('profiles.current')).resolves.toMatchObject({ ok: false, error: { code: 'unavailable' } });
});

it('does not let a quit interrupt the app between the move and its restart', () => {
  expect(emitBeforeQuit()).toBe(true);
});
