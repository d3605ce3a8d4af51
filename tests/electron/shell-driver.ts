import { expect } from 'vitest';
import { MAIN_BUNDLE, requireFreshBundle } from './bundles';
import * as electron from './electron-stand-in';

/**
 * Drives the built main bundle under the 'electron' stand-in the way a person and the renderer would:
 * calls over IPC from the app's own frame, menu clicks, a second launch. The test file must have
 * mocked 'electron' with the stand-in (`vi.mock` is hoisted per file) before calling `startShell`.
 */

export const APP = 'app://coachframe';

/** Loads the bundle and waits until the shell is up; fails if startup failed. */
export async function startShell(): Promise<void> {
  requireFreshBundle(MAIN_BUNDLE);
  const main = (await import(/* @vite-ignore */ MAIN_BUNDLE)) as { started: Promise<void> };
  await main.started;
  expect(electron.dialog.errors).toEqual([]);
  expect(electron.app.exitCodes).toEqual([]);
}

type Envelope = { ok: true; value: unknown } | { ok: false; error: { code: string; message: string } };

/** A channel call from the app's own window. */
export async function call<T = unknown>(channel: string, payload: unknown = {}): Promise<Envelope & { value?: T }> {
  const handler = electron.ipcMain.handlers.get(`cf:${channel}`) as ((event: unknown, payload: unknown) => Promise<Envelope>) | undefined;
  if (!handler) throw new Error(`no handler for cf:${channel}`);
  return handler({ senderFrame: { url: `${APP}/` } }, payload) as Promise<Envelope & { value?: T }>;
}

interface MenuItem {
  label?: string;
  submenu?: MenuItem[];
  click?: () => void;
}
const flatten = (items: MenuItem[]): MenuItem[] => items.flatMap((i) => [i, ...flatten(i.submenu ?? [])]);

/** Clicks the application menu's item labelled `label`. */
export function clickMenu(label: string): void {
  const template = (electron.Menu.applicationMenu as { template: MenuItem[] } | null)?.template;
  const item = flatten(template ?? []).find((i) => i.label === label);
  if (!item?.click) throw new Error(`no menu item "${label}"`);
  item.click();
}

export interface JobSummary {
  id: string;
  label: string;
  state: string;
}

export async function jobs(): Promise<JobSummary[]> {
  const result = await call<JobSummary[]>('jobs.list');
  if (!result.ok) throw new Error(result.error.message);
  return result.value as JobSummary[];
}

/** Hands `name` in `folder` to the running app as a second launch would, and waits until its import runs. */
export async function startImport(folder: string, name: string): Promise<JobSummary> {
  electron.app.emit('second-instance', {}, ['coachframe', name], folder);
  let running: JobSummary | undefined;
  await expect
    .poll(async () => (running = (await jobs()).find((j) => j.label === name && j.state === 'running')), { timeout: 10_000 })
    .toBeDefined();
  return running!;
}

/** Message boxes shown since `from`, by their message. */
export const messagesSince = (from: number): string[] => electron.dialog.messages.slice(from).map((m) => m.message);

/** A `before-quit` as Electron emits it; returns whether the shell stopped the quit. */
export function emitBeforeQuit(): boolean {
  let prevented = false;
  electron.app.emit('before-quit', { preventDefault: () => (prevented = true) });
  return prevented;
}
