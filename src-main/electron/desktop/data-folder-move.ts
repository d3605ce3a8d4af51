import { join } from 'node:path';
import { CoreError } from '../../core/errors';
import type { LogLevel } from '../../core/logging/rotating-log';

/**
 * File → Move Data Folder…: the decisions and their order, as plain functions over injected effects,
 * so the whole flow is unit-tested; main.ts only supplies Electron's dialogs and the core.
 *
 * The move itself is the core's `moveDataFolder` (copy, verify, switch, then remove the old folder).
 * Around it: refuse while jobs run, pick, check the destination before closing anything, confirm,
 * close the core, move, record the new folder as the "switch" step, then restart the app — on success
 * and on failure alike, so that the running process never goes on with a core, a log or a window that
 * still points at the folder it had when it started.
 */

/** The buttons of the confirmation, in order: the response index is the position here. */
export const MOVE_BUTTONS = ['Move', 'Cancel'] as const;
export const MOVE_RESPONSE = 0;
export const CANCEL_MOVE_RESPONSE = 1;

/** Made inside a chosen folder that already holds other things (Documents, the root of a drive). */
export const DATA_SUBFOLDER = 'Coachframe Data';

/** A message box's text: what happened, and what it means for the person. */
export interface Notice {
  type: 'info' | 'warning' | 'error';
  message: string;
  detail: string;
}

/** Why the move cannot start now, or null when it can. Jobs write into the data folder while it is copied. */
export function moveRefusal(runningJobs: number): Notice | null {
  if (runningJobs <= 0) return null;
  const jobs = runningJobs === 1 ? '1 job is' : `${runningJobs} jobs are`;
  return {
    type: 'warning',
    message: 'The data folder cannot be moved while jobs are running.',
    detail: `${jobs} still running (imports or video processing). Wait for them to finish, or cancel them, then choose Move Data Folder… again.`,
  };
}

/**
 * Where the data goes for the folder the person picked: a new or empty folder becomes the data
 * folder; a folder that already holds something gets a `Coachframe Data` folder inside it (nothing
 * of theirs is ever mixed with the data). `entries` is the picked folder's listing, null if it does
 * not exist.
 */
export function moveTarget(picked: string, entries: readonly string[] | null): string {
  return entries === null || entries.length === 0 ? picked : join(picked, DATA_SUBFOLDER);
}

/** The confirmation, for dialog.showMessageBox. */
export function moveQuestion(from: string, to: string) {
  return {
    type: 'question' as const,
    message: `Move your data to ${to}?`,
    detail:
      `Everything in ${from} — profiles, videos and logs — is copied there and checked, and only then removed from where it is now. ` +
      'Coachframe closes your profile for the move and restarts when it is done; a large library can take a while.',
    buttons: [...MOVE_BUTTONS],
    defaultId: MOVE_RESPONSE,
    cancelId: CANCEL_MOVE_RESPONSE,
    noLink: true,
  };
}

/** What the person is told after a move, before the app restarts. */
export function movedNotice(from: string, to: string, oldFolderRemoved: boolean): Notice {
  return {
    type: oldFolderRemoved ? 'info' : 'warning',
    message: 'Data folder moved.',
    detail:
      `Your data is now in ${to}. Coachframe restarts to open it.` +
      (oldFolderRemoved ? '' : ` Some files could not be removed from ${from}; your data is safe in the new folder, and you can delete the old one yourself.`),
  };
}

/** What the person is told after a failed move: the reason, and that nothing moved. */
export function failedNotice(from: string, error: unknown): Notice {
  return {
    type: 'error',
    message: 'The data folder was not moved.',
    detail: `${failureReason(error)} Your data is still in ${from}, and Coachframe goes on using it after it restarts.`,
  };
}

/** A reason a person can act on: the core's own message, or the file system's error in words. */
export function failureReason(error: unknown): string {
  const code = (error as { code?: unknown } | null)?.code;
  if (code === 'ENOSPC') return 'The destination ran out of space.';
  if (code === 'EACCES' || code === 'EPERM' || code === 'EROFS') return 'Coachframe may not write to that folder.';
  // The core's errors carry a message written for a person.
  if (error instanceof CoreError) return error.message;
  return 'Something went wrong while moving it.';
}

export type MoveOutcome = 'busy' | 'cancelled' | 'refused' | 'moved' | 'failed';

/** The effects the flow needs; main.ts gives it Electron's and the core's. */
export interface MoveDataFolderDeps {
  /** The data folder in use. */
  from: string;
  runningJobs(): number;
  /** A folder picker; null when cancelled. */
  pickFolder(): Promise<string | null>;
  /** The names in a folder, or null when it does not exist. */
  listFolder(path: string): string[] | null;
  /** Throws (with a message for a person) when the data cannot go to `to`. */
  checkTarget(from: string, to: string): void;
  /** Shows a question; resolves with the index of the button chosen. */
  ask(question: ReturnType<typeof moveQuestion>): Promise<number>;
  tell(notice: Notice): Promise<void>;
  /** From here on nothing may use the data folder: the core is closed, calls are answered "unavailable", the log waits. */
  stopUsingData(): void;
  /** The core's moveDataFolder; `commit` records the new folder once the copy is verified. */
  move(from: string, to: string, commit: (target: string) => void): Promise<{ oldFolderRemoved: boolean }>;
  /** Records the data folder for the next start. */
  saveDataDir(dir: string): void;
  /** Starts the app again; `dataDir` is the folder in use now (the new one after a move, the old one after a failure). */
  restart(dataDir: string): void;
  log(level: LogLevel, message: string, error?: unknown): void;
}

export async function moveDataFolderFlow(deps: MoveDataFolderDeps): Promise<MoveOutcome> {
  const busy = moveRefusal(deps.runningJobs());
  if (busy) {
    await deps.tell(busy);
    return 'busy';
  }
  const picked = await deps.pickFolder();
  if (!picked) return 'cancelled';
  const to = moveTarget(picked, deps.listFolder(picked));
  try {
    // Checked while everything still runs: a wrong choice changes nothing and needs no restart.
    deps.checkTarget(deps.from, to);
  } catch (error) {
    await deps.tell({ type: 'warning', message: 'The data cannot be moved there.', detail: failureReason(error) });
    return 'refused';
  }
  if ((await deps.ask(moveQuestion(deps.from, to))) !== MOVE_RESPONSE) return 'cancelled';
  // A job may have started while the question was open (a sync download, a file opened with the app).
  const busyNow = moveRefusal(deps.runningJobs());
  if (busyNow) {
    await deps.tell(busyNow);
    return 'busy';
  }

  let outcome: MoveOutcome;
  let notice: Notice;
  let inUse = deps.from;
  try {
    deps.log('info', 'moving the data folder');
    deps.stopUsingData();
    const { oldFolderRemoved } = await deps.move(deps.from, to, (target) => {
      deps.saveDataDir(target);
      inUse = target;
    });
    deps.log(oldFolderRemoved ? 'info' : 'warn', `data folder moved${oldFolderRemoved ? '' : '; the old folder could not be removed completely'}`);
    outcome = 'moved';
    notice = movedNotice(deps.from, to, oldFolderRemoved);
  } catch (error) {
    deps.log('error', 'moving the data folder failed; the old folder stays in use', error);
    outcome = 'failed';
    notice = failedNotice(deps.from, error);
  }
  try {
    await deps.tell(notice);
  } finally {
    // The core is closed either way: a fresh start opens the folder the settings name.
    deps.restart(inUse);
  }
  return outcome;
}
