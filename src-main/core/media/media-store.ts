import { createHash, randomBytes } from 'node:crypto';
import { createReadStream, createWriteStream, existsSync, mkdirSync, readdirSync, rmSync } from 'node:fs';
import { open, rename, rm, stat } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { Transform, Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { CoreError } from '../errors';

const TEMP_PREFIX = '.incoming-';

export interface StoredFile {
  sha256: string;
  sizeBytes: number;
  /** Relative to the profile folder, e.g. `media/ab/ab12…`. Content-addressed: same bytes, same path. */
  storagePath: string;
}

/**
 * A profile's content-addressed media folder. Every byte that enters is hashed as it is copied, lands
 * under a temporary name in the same folder, is fsynced, and only then renamed into place: a crash
 * never leaves a half file at a path the database could point to.
 */
export class MediaStore {
  constructor(private readonly profileDir: string) {}

  absolute(storagePath: string): string {
    return join(this.profileDir, storagePath);
  }

  /**
   * Copies `source` in, computing its SHA-256 on the way. With `expectedSha256`, a mismatch is refused
   * and nothing is kept. Importing bytes already stored costs one read and leaves one file.
   */
  async ingest(
    source: string,
    options: { expectedSha256?: string; signal?: AbortSignal; onBytes?: (copied: number) => void } = {},
  ): Promise<StoredFile> {
    try {
      // 1 MiB reads: a large import is one pass at disk speed rather than many small syscalls.
      return await this.receive(createReadStream(source, { highWaterMark: 1 << 20 }), options);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') throw new CoreError('not-found', 'The file to import does not exist.');
      throw error;
    }
  }

  /**
   * Takes bytes from a stream (a file, a download): hashed while written to a temporary name, checked
   * against `expectedSha256` and `expectedSize` when given, fsynced, and only then renamed into place.
   */
  async receive(
    source: NodeJS.ReadableStream,
    options: { expectedSha256?: string; expectedSize?: number; signal?: AbortSignal; onBytes?: (copied: number) => void } = {},
  ): Promise<StoredFile> {
    const dir = join(this.profileDir, 'media');
    mkdirSync(dir, { recursive: true });
    const temp = join(dir, `${TEMP_PREFIX}${randomBytes(8).toString('hex')}`);
    const hash = createHash('sha256');
    let sizeBytes = 0;
    const tap = new Transform({
      transform(chunk: Buffer, _enc, done) {
        hash.update(chunk);
        sizeBytes += chunk.length;
        options.onBytes?.(sizeBytes);
        done(null, chunk);
      },
    });
    try {
      await pipeline(source, tap, createWriteStream(temp, { flags: 'wx', highWaterMark: 1 << 20 }), { signal: options.signal });
      const sha256 = hash.digest('hex');
      if (sizeBytes === 0) throw new CoreError('unsupported-media', 'The file is empty.');
      if ((options.expectedSha256 && options.expectedSha256 !== sha256) || (options.expectedSize !== undefined && options.expectedSize !== sizeBytes)) {
        throw new CoreError('conflict', 'The file does not match its checksum; it was not stored.');
      }
      await fsyncFile(temp);
      const storagePath = join('media', sha256.slice(0, 2), sha256);
      const final = this.absolute(storagePath);
      mkdirSync(join(dir, sha256.slice(0, 2)), { recursive: true });
      // Same name means same bytes: the rename replaces a file with an identical one.
      await rename(temp, final);
      await fsyncDir(join(dir, sha256.slice(0, 2)));
      return { sha256, sizeBytes, storagePath };
    } catch (error) {
      await rm(temp, { force: true });
      throw error;
    }
  }

  /** Removes a stored file and what was derived from it; the caller checks that no row still uses it. */
  async remove(storagePath: string): Promise<void> {
    await rm(this.absolute(storagePath), { force: true });
    const sha = basename(storagePath);
    if (/^[0-9a-f]{64}$/.test(sha)) await rm(this.derivedDir(sha), { recursive: true, force: true });
  }

  /** Where posters, filmstrips and proxies made from the bytes with this checksum live (shared by their rows). */
  derivedDir(sha256: string): string {
    return join(this.profileDir, 'derived', sha256);
  }

  /** A fresh temporary path in the profile's scratch folder, removed by the caller (or by the next sweep). */
  scratch(extension: string): string {
    const dir = join(this.profileDir, 'scratch');
    mkdirSync(dir, { recursive: true });
    return join(dir, `${randomBytes(8).toString('hex')}${extension}`);
  }

  /**
   * Moves a finished scratch file (a poster, a proxy) into the derived folder of `sha256` under `name`
   * by rename, so a reader never sees half of one. Not fsynced: derived files are caches rebuilt from
   * the original (a power cut can at worst lose one, and the player falls back to the poster
   * placeholder until it is made again); the originals, which are not replaceable, are fsynced.
   * Returns the path relative to the profile folder.
   */
  async placeDerived(scratchFile: string, sha256: string, name: string): Promise<string> {
    const dir = this.derivedDir(sha256);
    mkdirSync(dir, { recursive: true });
    await rename(scratchFile, join(dir, name));
    return join('derived', sha256, name);
  }

  /** SHA-256 of a stored file, read once; null when the file is missing. */
  async hash(storagePath: string, signal?: AbortSignal, onBytes?: (read: number) => void): Promise<string | null> {
    const hash = createHash('sha256');
    let read = 0;
    try {
      await pipeline(
        createReadStream(this.absolute(storagePath)),
        new Writable({
          write(chunk: Buffer, _enc, done) {
            hash.update(chunk);
            read += chunk.length;
            onBytes?.(read);
            done();
          },
        }),
        { signal },
      );
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
      throw error;
    }
    return hash.digest('hex');
  }

  /**
   * Removes what a crash can leave behind: half-copied temp files, scratch files, and stored files or
   * derived folders that no row refers to. Run when a profile opens, before any job starts.
   */
  sweep(referenced: ReadonlySet<string>): { removed: string[] } {
    const removed: string[] = [];
    const media = join(this.profileDir, 'media');
    if (existsSync(media)) {
      for (const entry of readdirSync(media, { withFileTypes: true })) {
        const full = join(media, entry.name);
        if (entry.isFile() && entry.name.startsWith(TEMP_PREFIX)) {
          rmSync(full, { force: true });
          removed.push(full);
        } else if (entry.isDirectory()) {
          for (const file of readdirSync(full)) {
            const storagePath = join('media', entry.name, file);
            if (!referenced.has(storagePath)) {
              rmSync(join(full, file), { force: true });
              rmSync(this.derivedDir(file), { recursive: true, force: true });
              removed.push(storagePath);
            }
          }
        }
      }
    }
    const derived = join(this.profileDir, 'derived');
    if (existsSync(derived)) {
      const shas = new Set([...referenced].map((p) => basename(p)));
      for (const sha of readdirSync(derived)) {
        if (!shas.has(sha)) {
          rmSync(join(derived, sha), { recursive: true, force: true });
          removed.push(join('derived', sha));
        }
      }
    }
    rmSync(join(this.profileDir, 'scratch'), { recursive: true, force: true });
    return { removed };
  }

  async size(storagePath: string): Promise<number | null> {
    try {
      return (await stat(this.absolute(storagePath))).size;
    } catch {
      return null;
    }
  }
}

async function fsyncFile(path: string): Promise<void> {
  const handle = await open(path, 'r+');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}

async function fsyncDir(path: string): Promise<void> {
  // Directory fsync makes the rename durable on POSIX; Windows cannot open a directory for it.
  if (process.platform === 'win32') return;
  const handle = await open(path, 'r');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}
