import { statSync } from 'node:fs';
import { extname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The video files Coachframe opens from the command line, the Dock and "Open With…". */
export const VIDEO_EXTENSIONS = ['.mp4', '.mov', '.m4v', '.webm', '.mkv', '.avi'] as const;

const isRegularFile = (path: string): boolean => {
  try {
    return statSync(path).isFile();
  } catch {
    return false;
  }
};

/**
 * The video files named in a command line: `argv` as Electron gives it at startup (`process.argv`) or
 * to `second-instance`. Skipped: the executable (argv[0]), flags (`--inspect`, Chromium's switches,
 * macOS's `-psn_…`), the `--` separator, and anything that is not an existing file with a video
 * extension — which also drops the app path of a development run (`electron .`). Relative paths are
 * resolved against `cwd` (the second instance's working folder, not ours); `file://` URLs are accepted.
 * Each file appears once, in the order given.
 */
export function videoPathsFromArgv(argv: readonly string[], cwd: string, isFile: (path: string) => boolean = isRegularFile): string[] {
  const found: string[] = [];
  let flagsEnded = false;
  for (const arg of argv.slice(1)) {
    if (!flagsEnded && arg === '--') {
      flagsEnded = true;
      continue;
    }
    if (!arg || (!flagsEnded && arg.startsWith('-'))) continue;
    const path = toPath(arg, cwd);
    if (!path || !isVideoPath(path) || found.includes(path) || !isFile(path)) continue;
    found.push(path);
  }
  return found;
}

export const isVideoPath = (path: string): boolean => (VIDEO_EXTENSIONS as readonly string[]).includes(extname(path).toLowerCase());

function toPath(arg: string, cwd: string): string | null {
  if (/^file:/i.test(arg)) {
    try {
      return fileURLToPath(arg);
    } catch {
      return null;
    }
  }
  // Any other URL (coachframe://, https://) is not a file.
  if (/^[a-z][a-z0-9+.-]+:\/\//i.test(arg)) return null;
  return resolve(cwd, arg);
}

export interface OpenQueueOptions {
  /** Imports into the open profile (assets.import). */
  importPaths(paths: string[]): void;
  /** Whether a profile is open now. */
  hasProfile(): boolean;
}

/**
 * Files handed to the app (command line, second instance, macOS `open-file`) wait here until they can
 * be imported: until the shell is ready and a profile is open. Nothing is dropped: a file given on the
 * profile picker is imported once the person picks or creates a profile.
 */
export function createOpenQueue({ importPaths, hasProfile }: OpenQueueOptions) {
  let pending: string[] = [];
  let ready = false;

  const flush = () => {
    if (!ready || pending.length === 0 || !hasProfile()) return;
    const paths = pending;
    pending = [];
    importPaths(paths);
  };

  return {
    /** Files to open: imported now if possible, else kept. */
    open(paths: readonly string[]) {
      for (const path of paths) if (!pending.includes(path)) pending.push(path);
      flush();
    },
    /** The shell is up (window, IPC): files kept so far may be imported. */
    ready() {
      ready = true;
      flush();
    },
    /** A profile was opened (profile.changed). */
    profileChanged() {
      flush();
    },
    pending: (): readonly string[] => pending,
  };
}
export type OpenQueue = ReturnType<typeof createOpenQueue>;

/** assets.import takes at most this many paths a call. */
export const IMPORT_BATCH = 100;

/** `paths` in batches assets.import accepts. */
export function importBatches(paths: readonly string[]): string[][] {
  const batches: string[][] = [];
  for (let i = 0; i < paths.length; i += IMPORT_BATCH) batches.push(paths.slice(i, i + IMPORT_BATCH));
  return batches;
}
