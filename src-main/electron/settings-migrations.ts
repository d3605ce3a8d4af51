import { randomBytes } from 'node:crypto';
import { closeSync, fsyncSync, openSync, readFileSync, renameSync, rmSync, writeSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { parseWindowState } from './desktop/window-state';

/**
 * The shape of `settings.json` has a version of its own, `settingsVersion`, and the file is migrated
 * forward by our own ordered functions before electron-store opens it.
 *
 * Not electron-store's `migrations` option, for three reasons: its README says the feature has known
 * bugs and no support; its steps are keyed by the *app* version (a pre-release such as 0.2.0-beta.1 or
 * a forgotten version bump silently skips a step, and the conf 15 it uses records a lower version when an
 * older app opens the file, so a later upgrade runs steps again on already migrated data); and it runs
 * after the file has been read against the schema, where a value of the old shape can already count as
 * a schema violation, which `clearInvalidConfig` answers by dropping every setting. Here the steps see
 * the raw JSON, in order, and the result is written atomically in one go.
 */

/** The shape version this build reads and writes. It equals the number of migrations below. */
export const SETTINGS_VERSION = 1;

export type SettingsData = Record<string, unknown>;

const isRecord = (value: unknown): value is SettingsData => typeof value === 'object' && value !== null && !Array.isArray(value);

/**
 * `MIGRATIONS[n]` takes the file from version n to n + 1. Version 0 is every file written before the
 * file had a version. Each step is pure and tolerant: the file may have been edited by hand, so a step
 * reshapes what it recognises and drops what it cannot make valid, rather than failing.
 */
const MIGRATIONS: readonly ((data: SettingsData) => SettingsData)[] = [
  // 0 → 1: window bounds per window. The one `windowState` (the main window's) becomes `windows.main`,
  // so a second kind of window gets its own place without another change of shape.
  (data) => {
    const { windowState, ...rest } = data;
    const main = parseWindowState(windowState);
    const windows = isRecord(rest.windows) ? rest.windows : {};
    const usable = main !== null && main.width > 0 && main.height > 0;
    return usable ? { ...rest, windows: { ...windows, main } } : rest;
  },
];

if (MIGRATIONS.length !== SETTINGS_VERSION) throw new Error('SETTINGS_VERSION must equal the number of settings migrations');

/** The version a file says it has: 0 when it says none (or nonsense), since every step is tolerant. */
export function settingsVersionOf(data: SettingsData): number {
  const version = data.settingsVersion;
  return typeof version === 'number' && Number.isInteger(version) && version >= 0 ? version : 0;
}

export type MigrationResult =
  | { kind: 'current'; data: SettingsData }
  | { kind: 'migrated'; from: number; data: SettingsData }
  /** Written by a newer version of the app: left exactly as it is. */
  | { kind: 'newer'; version: number; data: SettingsData };

/** The pure part: `data` brought to SETTINGS_VERSION, or left alone when it is already there or newer. */
export function migrateSettingsData(data: SettingsData): MigrationResult {
  const from = settingsVersionOf(data);
  if (from > SETTINGS_VERSION) return { kind: 'newer', version: from, data };
  if (from === SETTINGS_VERSION) return { kind: 'current', data };
  let next = data;
  for (let version = from; version < SETTINGS_VERSION; version++) next = MIGRATIONS[version]!(next);
  return { kind: 'migrated', from, data: { ...next, settingsVersion: SETTINGS_VERSION } };
}

/** What opening the file found and did, for the log. */
export type SettingsFileState =
  | { kind: 'absent' }
  | { kind: 'current' }
  | { kind: 'migrated'; from: number; to: number }
  | { kind: 'newer'; version: number }
  /** Not JSON, not an object, or a migration failed: set aside under `keptAs`, and the app starts from defaults. */
  | { kind: 'unreadable'; keptAs: string };

/**
 * Brings the settings file at `file` to this build's shape before electron-store opens it. Never
 * throws for a file's content: an unreadable file is renamed aside (kept for a bug report, never
 * deleted) and the app starts with defaults. A settings folder that cannot be read or written at all
 * (permissions) throws, which stops startup with a message: the app could not keep anything there.
 */
export function prepareSettingsFile(file: string, now: () => number = Date.now): SettingsFileState {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { kind: 'absent' };
    throw error;
  }
  let result: MigrationResult;
  try {
    const parsed: unknown = JSON.parse(text);
    if (!isRecord(parsed)) throw new Error('not an object');
    result = migrateSettingsData(parsed);
  } catch {
    return { kind: 'unreadable', keptAs: setAside(file, now()) };
  }
  if (result.kind === 'current') return { kind: 'current' };
  if (result.kind === 'newer') return { kind: 'newer', version: result.version };
  writeAtomic(file, `${JSON.stringify(result.data, null, '\t')}\n`);
  return { kind: 'migrated', from: result.from, to: SETTINGS_VERSION };
}

function setAside(file: string, time: number): string {
  const stamp = new Date(time).toISOString().replace(/[:.]/g, '-');
  const kept = join(dirname(file), `${basename(file, '.json')}.unreadable-${stamp}.json`);
  renameSync(file, kept);
  return kept;
}

/** Temp file in the same folder, fsynced, renamed over the old one: a crash leaves the old or the new file, never half of one. */
function writeAtomic(file: string, text: string): void {
  const temp = join(dirname(file), `.${basename(file)}.${randomBytes(4).toString('hex')}.tmp`);
  try {
    const fd = openSync(temp, 'w', 0o600);
    try {
      writeSync(fd, text);
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    renameSync(temp, file);
  } catch (error) {
    rmSync(temp, { force: true });
    throw error;
  }
}
