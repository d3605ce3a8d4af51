import { createHash, randomBytes } from 'node:crypto';
import { createReadStream, createWriteStream, mkdirSync } from 'node:fs';
import { open, rename, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { CoreError } from '../errors';

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
  async ingest(source: string, options: { expectedSha256?: string; signal?: AbortSignal } = {}): Promise<StoredFile> {
    const dir = join(this.profileDir, 'media');
    mkdirSync(dir, { recursive: true });
    const temp = join(dir, `.incoming-${randomBytes(8).toString('hex')}`);
    const hash = createHash('sha256');
    let sizeBytes = 0;
    const tap = new Transform({
      transform(chunk: Buffer, _enc, done) {
        hash.update(chunk);
        sizeBytes += chunk.length;
        done(null, chunk);
      },
    });
    try {
      await pipeline(createReadStream(source), tap, createWriteStream(temp, { flags: 'wx' }), { signal: options.signal });
      const sha256 = hash.digest('hex');
      if (sizeBytes === 0) throw new CoreError('unsupported-media', 'The file is empty.');
      if (options.expectedSha256 && options.expectedSha256 !== sha256) {
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
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') throw new CoreError('not-found', 'The file to import does not exist.');
      throw error;
    }
  }

  /** Removes a stored file; the caller checks that no row still uses it. */
  async remove(storagePath: string): Promise<void> {
    await rm(this.absolute(storagePath), { force: true });
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
