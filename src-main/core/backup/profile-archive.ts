import { createHash, randomBytes } from 'node:crypto';
import { createReadStream, existsSync, linkSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, sep } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { create as createTar, extract as extractTar } from 'tar';
import { z } from 'zod';
import { CoreError, conflict } from '../errors';
import { newerSchemaError, schemaVersion, type Migration } from '../db/migrations';
import { openDatabase } from '../db/open';
import { isoNow } from '../db/time';
import type { ProfileStore } from '../store';

const FORMAT = 'coachframe-profile';
const DB_FILE = 'coachframe.db';

const Manifest = z.object({
  format: z.literal(FORMAT),
  version: z.literal(1),
  schemaVersion: z.number().int().positive(),
  userId: z.string().regex(/^[0-9a-f-]{36}$/),
  exportedAt: z.string(),
  files: z.array(z.object({ path: z.string().regex(/^(coachframe\.db|media\/[0-9a-f]{2}\/[0-9a-f]{64}|derived\/[0-9a-f]{64}\/(poster\.jpg|filmstrip\.jpg|proxy\.mp4))$/), sha256: z.string().regex(/^[0-9a-f]{64}$/), size: z.number().int().min(0) })),
});
type Manifest = z.infer<typeof Manifest>;

export interface ExportResult {
  path: string;
  bytes: number;
  files: number;
}

async function sha256Of(path: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(path, { highWaterMark: 1 << 20 })) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

/**
 * Writes a profile to one archive: a consistent database snapshot (SQLite's backup API, safe while the
 * app keeps writing), every media file, and a manifest with each file's SHA-256. Media bytes are
 * re-hashed on the way out, so a damaged file is found now rather than on the other machine. The
 * archive is written under a temporary name and renamed when complete.
 */
export async function exportProfile(store: ProfileStore, destination: string): Promise<ExportResult> {
  const staging = join(store.profileDir, 'scratch', `export-${randomBytes(6).toString('hex')}`);
  mkdirSync(join(staging, 'media'), { recursive: true });
  const temp = `${destination}.${randomBytes(4).toString('hex')}.partial`;
  try {
    await store.db.backup(join(staging, DB_FILE));
    const files: Manifest['files'] = [{ path: DB_FILE, sha256: await sha256Of(join(staging, DB_FILE)), size: statSync(join(staging, DB_FILE)).size }];
    for (const storagePath of [...store.assets.storedPaths()].sort()) {
      const source = store.media.absolute(storagePath);
      if (!existsSync(source)) throw new CoreError('conflict', `A video file is missing from this profile (${storagePath}); run “Check files” before exporting.`);
      const sha256 = await sha256Of(source);
      if (!storagePath.endsWith(sha256)) throw new CoreError('conflict', `A video file of this profile is damaged (${storagePath}); it was not exported.`);
      const name = storagePath.split(sep).join('/');
      mkdirSync(dirname(join(staging, storagePath)), { recursive: true });
      // A hard link, not a copy: the staging folder is on the same disk as the media.
      linkSync(source, join(staging, storagePath));
      files.push({ path: name, sha256, size: statSync(source).size });
      // Posters, filmstrips and proxies travel too, so the copy needs no reprocessing to look right.
      const derived = store.media.derivedDir(sha256);
      if (existsSync(derived)) {
        for (const file of readdirSync(derived).filter((f) => /^(poster\.jpg|filmstrip\.jpg|proxy\.mp4)$/.test(f)).sort()) {
          const from = join(derived, file);
          const to = join(staging, 'derived', sha256, file);
          mkdirSync(dirname(to), { recursive: true });
          linkSync(from, to);
          files.push({ path: `derived/${sha256}/${file}`, sha256: await sha256Of(from), size: statSync(from).size });
        }
      }
    }
    const manifest: Manifest = {
      format: FORMAT,
      version: 1,
      schemaVersion: schemaVersion(store.db),
      userId: store.profileUser().id,
      exportedAt: isoNow(store.now()),
      files,
    };
    writeFileSync(join(staging, 'manifest.json'), JSON.stringify(manifest, null, 2));
    await createTar({ file: temp, cwd: staging, portable: true }, ['manifest.json', ...files.map((f) => f.path)]);
    renameSync(temp, destination);
    return { path: destination, bytes: statSync(destination).size, files: files.length };
  } finally {
    rmSync(staging, { recursive: true, force: true });
    rmSync(temp, { force: true });
  }
}

/**
 * Reads an archive into a new profile folder. Everything is checked before the profile appears: the
 * manifest, every file's SHA-256 (and no file the manifest does not list), the database's integrity,
 * its schema (a newer one is refused) and its user. The copy gets a new sync client id, its pending
 * outbox re-stamped under it, so original and copy never pass for each other's replays. On any refusal
 * nothing is left behind.
 */
export async function importProfile(profilesRoot: string, archive: string, migrations: readonly Migration[]): Promise<string> {
  if (!existsSync(archive)) throw new CoreError('not-found', 'The archive to import was not found.');
  const staging = join(profilesRoot, `.importing-${randomBytes(6).toString('hex')}`);
  mkdirSync(staging);
  try {
    try {
      // Plain files and folders only: a link in an archive could point anywhere on this machine.
      await extractTar({ file: archive, cwd: staging, strict: true, preservePaths: false, filter: (_path, entry) => 'type' in entry && (entry.type === 'File' || entry.type === 'Directory') });
    } catch (error) {
      throw new CoreError('bad-input', `This is not a Coachframe profile archive, or it is damaged (${(error as Error).message}).`);
    }
    let manifest: Manifest;
    try {
      manifest = Manifest.parse(JSON.parse(readFileSync(join(staging, 'manifest.json'), 'utf8')));
    } catch {
      throw new CoreError('bad-input', 'This archive has no valid Coachframe manifest; it was not imported.');
    }
    if (manifest.schemaVersion > migrations.length) throw newerSchemaError(manifest.schemaVersion, migrations.length);

    const listed = new Set(manifest.files.map((f) => f.path));
    const present = listFiles(staging).filter((p) => p !== 'manifest.json');
    const extra = present.filter((p) => !listed.has(p));
    if (extra.length > 0) throw new CoreError('bad-input', `The archive holds files its manifest does not list (${extra.slice(0, 3).join(', ')}); it was not imported.`);
    for (const file of manifest.files) {
      const full = join(staging, file.path);
      if (!existsSync(full)) throw new CoreError('bad-input', `The archive is missing ${file.path}; it was not imported.`);
      if ((await sha256Of(full)) !== file.sha256 || statSync(full).size !== file.size) {
        throw new CoreError('bad-input', `${file.path} in the archive does not match its checksum; the archive is damaged and was not imported.`);
      }
    }

    // The database itself: its schema and user must agree with the manifest.
    const check = new BetterSqlite3(join(staging, DB_FILE), { readonly: true, fileMustExist: true });
    let userId: string;
    try {
      const version = schemaVersion(check);
      if (version > migrations.length) throw newerSchemaError(version, migrations.length);
      userId = (check.prepare('SELECT user_id FROM local_profile WHERE singleton = 1').get() as { user_id: string } | undefined)?.user_id ?? '';
    } finally {
      check.close();
    }
    if (userId !== manifest.userId) throw new CoreError('bad-input', 'The archive’s database belongs to another profile than its manifest says; it was not imported.');
    const target = join(profilesRoot, userId);
    if (existsSync(target)) throw conflict('This profile is already on this computer; remove it first to replace it with the archive.');

    // Migrate (an older archive), then give the copy its own sync identity.
    const db = openDatabase(join(staging, DB_FILE), migrations);
    try {
      const clientId = randomBytes(8).toString('hex');
      db.transaction(() => {
        db.prepare('UPDATE local_profile SET sync_client_id = ? WHERE singleton = 1').run(clientId);
        db.prepare('UPDATE sync_outbox SET client_id = ?').run(clientId);
      })();
      db.pragma('wal_checkpoint(TRUNCATE)');
    } finally {
      db.close();
    }
    rmSync(join(staging, 'manifest.json'));
    renameSync(staging, target);
    return userId;
  } finally {
    rmSync(staging, { recursive: true, force: true });
  }
}

function listFiles(root: string): string[] {
  return readdirSync(root, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile() || e.isSymbolicLink())
    .map((e) => relative(root, join(e.parentPath, e.name)).split(sep).join('/'));
}
