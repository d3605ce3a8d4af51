import { createHash, randomBytes } from 'node:crypto';
import { createReadStream, existsSync, mkdirSync, readdirSync, renameSync, rmSync, statSync } from 'node:fs';
import { copyFile, open } from 'node:fs/promises';
import { basename, dirname, isAbsolute, join, relative, resolve, sep } from 'node:path';
import { CoreError, badInput } from './errors';

export interface MoveOptions {
  signal?: AbortSignal;
  onProgress?: (copiedBytes: number, totalBytes: number) => void;
  /** Tests only: called after each file is copied, to inject a failure halfway. */
  afterFile?: (relativePath: string) => void;
  /**
   * The switch: called once the copy is complete, verified and in place at `to`, before the old folder
   * is removed. The caller records the new location here. If it throws, the copy is removed again and
   * the old folder stays in use, as after any other failure.
   */
  commit?: (target: string) => void | Promise<void>;
}

export interface MoveResult {
  /** False when the old folder could not be removed completely: the data is moved, leftovers remain. */
  oldFolderRemoved: boolean;
}

async function sha256Of(path: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(path, { highWaterMark: 1 << 20 })) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

function filesUnder(root: string): string[] {
  return readdirSync(root, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => relative(root, join(e.parentPath, e.name)));
}

/**
 * Moves the data folder (every profile, its database and media, the settings file of the web host)
 * safely: copy everything to a temporary folder beside the destination, verify each copy's SHA-256
 * against its source, fsync, rename into place, and only then remove the old folder. The caller closes
 * the core first and switches to the new folder after this returns; a failure at any point before the
 * rename leaves the old folder as it was and nothing at the destination.
 */
export async function moveDataFolder(from: string, to: string, options: MoveOptions = {}): Promise<MoveResult> {
  checkMoveTarget(from, to);
  const source = resolve(from);
  const target = resolve(to);
  const files = filesUnder(source);
  const total = files.reduce((sum, f) => sum + statSync(join(source, f)).size, 0);
  const temp = join(dirname(target), `.${basename(target)}.moving-${randomBytes(4).toString('hex')}`);
  // An empty folder the person chose is given back as it was if the move does not happen.
  const targetExisted = existsSync(target);
  let copied = 0;
  try {
    for (const file of files) {
      if (options.signal?.aborted) throw new CoreError('cancelled', 'Moving the data folder was cancelled; nothing changed.');
      const from = join(source, file);
      const dest = join(temp, file);
      mkdirSync(dirname(dest), { recursive: true });
      await copyFile(from, dest);
      // Verified against the source, not trusted: a copy that differs stops the move.
      if ((await sha256Of(dest)) !== (await sha256Of(from))) {
        throw new CoreError('conflict', `Copying ${file} gave different bytes; the data folder was not moved.`);
      }
      const handle = await open(dest, 'r');
      await handle.sync();
      await handle.close();
      copied += statSync(from).size;
      options.onProgress?.(copied, total);
      options.afterFile?.(file);
    }
    if (existsSync(target)) rmSync(target, { recursive: true });
    mkdirSync(temp, { recursive: true });
    renameSync(temp, target);
  } catch (error) {
    rmSync(temp, { recursive: true, force: true });
    throw error;
  }
  try {
    await options.commit?.(target);
  } catch (error) {
    // Not switched: the old folder is still the one in use, so the copy goes.
    rmSync(target, { recursive: true, force: true });
    if (targetExisted) mkdirSync(target);
    throw error;
  }
  // The copy is complete, verified and in use: only now does the old folder go. A file that cannot be
  // removed (held open by another program) no longer matters to the data, so it is reported, not thrown.
  try {
    rmSync(source, { recursive: true, force: true, maxRetries: 3 });
    return { oldFolderRemoved: true };
  } catch {
    return { oldFolderRemoved: false };
  }
}

/**
 * Throws a bad-input CoreError when `to` cannot receive the data folder at `from`: checked before
 * anything is closed or copied, so a shell can refuse a wrong choice while the app goes on as it was.
 */
export function checkMoveTarget(from: string, to: string): void {
  const source = resolve(from);
  const target = resolve(to);
  if (!isAbsolute(to)) throw badInput('Choose a folder by its full path.', 'path');
  if (source === target) throw badInput('That is already the data folder.', 'path');
  if (target.startsWith(source + sep)) throw badInput('The new folder cannot be inside the current data folder.', 'path');
  if (existsSync(target) && !statSync(target).isDirectory()) throw badInput('That is a file, not a folder.', 'path');
  if (existsSync(target) && readdirSync(target).length > 0) throw badInput('Choose an empty folder (or a new one) for the data.', 'path');
  if (!existsSync(dirname(target))) throw badInput('The folder that would hold the data does not exist.', 'path');
}
