import { readdirSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it, vi } from 'vitest';
import * as electron from './electron-stand-in';
import { useLongJobs, videoToOpen } from './long-job';
import { call, emitBeforeQuit, jobs, messagesSince, startImport, startShell } from './shell-driver';

/**
 * Quitting the built shell while a job runs (quitDecision's unit tests cover the decision; this covers
 * the wiring): the question is asked, "Keep working" keeps everything running, "Quit" quits and closes
 * the core cleanly, with the job cancelled and the write-ahead log checkpointed into the database.
 */

vi.mock('electron', async () => (await import('./electron-stand-in')).electronModule);

const tools = useLongJobs();
const video = videoToOpen();

beforeAll(async () => {
  await startShell();
  const created = await call('profiles.create', { username: 'coach.ana', displayName: 'Ana', role: 'coach' });
  expect(created).toMatchObject({ ok: true });
});

afterAll(() => {
  tools.restore();
  rmSync(video.folder, { recursive: true, force: true });
  rmSync(electron.userData, { recursive: true, force: true });
});

const walFiles = () =>
  readdirSync(electron.userData, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile() && e.name.endsWith('-wal') && statSync(join(e.parentPath, e.name)).size > 0)
    .map((e) => e.name);

it('asks before quitting with a job running, and "Keep working" keeps the app and the job running', async () => {
  const job = await startImport(video.folder, video.name);
  const shown = electron.dialog.messages.length;
  const quits = electron.app.quitCalls;
  electron.dialog.answers.push(1); // Keep working

  expect(emitBeforeQuit()).toBe(true);
  await vi.waitFor(() => expect(messagesSince(shown)).toEqual(['Quit and cancel 1 running job?']));
  const question = electron.dialog.messages.at(-1)!;
  expect(question.buttons).toEqual(['Quit', 'Keep working']);

  // Give a wrongly wired answer time to quit anyway.
  await new Promise((resolve) => setTimeout(resolve, 50));
  expect(electron.app.quitCalls).toBe(quits);
  expect(await jobs()).toContainEqual(expect.objectContaining({ id: job.id, state: 'running' }));
  await expect(call('profiles.current')).resolves.toMatchObject({ ok: true, value: { user: { username: 'coach.ana' } } });
});

it('"Quit" quits: the job is cancelled and the core closes cleanly, leaving no write-ahead log', async () => {
  // A write into the profile puts pages into its WAL.
  await expect(call('tags.create', { name: 'Footwork' })).resolves.toMatchObject({ ok: true });
  expect(walFiles().length).toBeGreaterThan(0);
  const shown = electron.dialog.messages.length;
  const quits = electron.app.quitCalls;
  electron.dialog.answers.push(0); // Quit

  expect(emitBeforeQuit()).toBe(true);
  await vi.waitFor(() => expect(electron.app.quitCalls).toBe(quits + 1));
  expect(messagesSince(shown)).toEqual(['Quit and cancel 1 running job?']);

  // app.quit() starts quitting again; this time the answer stands and nothing stops it.
  expect(emitBeforeQuit()).toBe(false);
  expect(walFiles()).toEqual([]);
  expect(messagesSince(shown)).toHaveLength(1);
  // Nothing answers any more: the handlers are gone with the core.
  expect(electron.ipcMain.handlers.size).toBe(0);
});
