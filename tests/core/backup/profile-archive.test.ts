import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { create as createTar, extract as extractTar } from 'tar';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { JobInfo } from '../../../src-shared/contract/media';
import type { ExerciseSummary, MediaAsset, Profile } from '../../../src-shared/domain';
import { makeMediaCore, sampleVideos } from '../../support/media-session';
import { makeCore } from '../../support/world';

let videos: ReturnType<typeof sampleVideos>;
beforeAll(() => {
  videos = sampleVideos();
});
const cleanups: (() => void)[] = [];
afterEach(() => {
  while (cleanups.length) cleanups.pop()!();
});

/** A coach's profile with an imported video, an exercise using it, a comment: exported to an archive. */
async function exported() {
  const m = await makeMediaCore();
  cleanups.push(m.dispose);
  const [job] = await m.call<JobInfo[]>('assets.import', { paths: [videos.h264] });
  const asset = (await m.finished(job!.id)).assetId!;
  await m.idle();
  const exercise = await m.call<{ id: string }>('exercises.create', { name: 'Serve', videoAsset: asset });
  await m.call('comments.create', { exercise: exercise.id, text: 'Toss higher' });
  const me = (await m.call<Profile>('profiles.current', {})).user;
  const out = mkdtempSync(join(tmpdir(), 'coachframe-archive-'));
  cleanups.push(() => rmSync(out, { recursive: true, force: true }));
  const archive = join(out, 'dana.coachframe');
  const result = await m.call<{ path: string; files: number; bytes: number }>('profiles.export', { id: me.id, path: archive });
  const clientId = (m.store().db.prepare('SELECT sync_client_id FROM local_profile').get() as { sync_client_id: string }).sync_client_id;
  return { m, me, asset, exercise, archive, out, result, clientId };
}

/** Another machine: a fresh data folder. */
function otherMachine() {
  const h = makeCore();
  cleanups.push(h.dispose);
  const call = async <T>(channel: string, input: unknown) => {
    const r = await h.core.dispatch(channel, input, { shell: 'web' });
    if (!r.ok) throw Object.assign(new Error(r.error.message), { code: r.error.code });
    return r.value as T;
  };
  return { ...h, call };
}

describe('profile export and import', () => {
  it('round trip: the other machine gets the same records and verified bytes, under a new sync client id', async () => {
    const { me, asset, archive, result, clientId } = await exported();
    // The database, the video, its poster and its filmstrip.
    expect(result).toMatchObject({ path: archive, files: 4 });
    expect(existsSync(archive)).toBe(true);
    expect(readdirSync(join(archive, '..')).filter((f) => f.includes('.partial'))).toEqual([]);

    const other = otherMachine();
    const imported = await other.call<Profile>('profiles.import', { path: archive });
    expect(imported.user).toEqual(me);
    await other.call('profiles.switch', { id: me.id });
    const list = await other.call<{ items: ExerciseSummary[] }>('exercises.list', {});
    expect(list.items.map((e) => [e.name, e.commentCount])).toEqual([['Serve', 1]]);
    const copy = await other.call<MediaAsset>('assets.get', { id: asset });
    const file = other.core.mediaFile(asset, 'original')!;
    expect(existsSync(other.core.mediaFile(asset, 'poster')!.path)).toBe(true);
    expect(execFileSync('sha256sum', [file.path], { encoding: 'utf8' }).split(' ')[0]).toBe(copy.checksumSha256);
    // A new identity for sync, and the pending changes stamped with it.
    const db = other.core.store().db;
    const newId = (db.prepare('SELECT sync_client_id FROM local_profile').get() as { sync_client_id: string }).sync_client_id;
    expect(newId).toMatch(/^[0-9a-f]{16}$/);
    expect(newId).not.toBe(clientId);
    expect(db.prepare('SELECT DISTINCT client_id FROM sync_outbox').pluck().all()).toEqual([newId]);
  });

  it('refuses a profile already on this computer, changing nothing', async () => {
    const { m, archive } = await exported();
    const before = readdirSync(join(m.dataDir, 'profiles'));
    await expect(m.call('profiles.import', { path: archive })).rejects.toMatchObject({ code: 'conflict' });
    expect(readdirSync(join(m.dataDir, 'profiles'))).toEqual(before);
  });

  /** Unpacks the archive, lets `change` tamper with it, and packs it again. */
  async function tampered(archive: string, out: string, change: (dir: string) => void): Promise<string> {
    const dir = join(out, 'unpacked');
    mkdirSync(dir);
    await extractTar({ file: archive, cwd: dir });
    change(dir);
    const bad = join(out, 'tampered.coachframe');
    await createTar({ file: bad, cwd: dir }, readdirSync(dir));
    return bad;
  }

  it('refuses an archive whose bytes do not match their checksum, leaving no profile and no staging folder', async () => {
    const { archive, out } = await exported();
    const bad = await tampered(archive, out, (dir) => {
      const media = join(dir, 'media');
      const [prefix] = readdirSync(media);
      const [name] = readdirSync(join(media, prefix!));
      const file = join(media, prefix!, name!);
      const bytes = readFileSync(file);
      bytes[100] = bytes[100]! ^ 0xff;
      writeFileSync(file, bytes);
    });
    const other = otherMachine();
    await expect(other.call('profiles.import', { path: bad })).rejects.toMatchObject({ code: 'bad-input', message: expect.stringMatching(/checksum/) });
    expect(readdirSync(join(other.dataDir, 'profiles'))).toEqual([]);
  });

  it('refuses an archive from a newer app, leaving nothing behind', async () => {
    const { archive, out } = await exported();
    const bad = await tampered(archive, out, (dir) => {
      const manifest = JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8'));
      manifest.schemaVersion = 99;
      writeFileSync(join(dir, 'manifest.json'), JSON.stringify(manifest));
    });
    const other = otherMachine();
    await expect(other.call('profiles.import', { path: bad })).rejects.toMatchObject({ code: 'unavailable', message: expect.stringMatching(/newer version/) });
    expect(readdirSync(join(other.dataDir, 'profiles'))).toEqual([]);

  });

  it('refuses an archive with a file its manifest does not list, and one that is not an archive', async () => {
    const { archive, out } = await exported();
    const bad = await tampered(archive, out, (dir) => writeFileSync(join(dir, 'extra.sh'), 'echo hi'));
    const other = otherMachine();
    await expect(other.call('profiles.import', { path: bad })).rejects.toMatchObject({ code: 'bad-input', message: expect.stringMatching(/does not list/) });
    const junk = join(out, 'junk.coachframe');
    writeFileSync(junk, 'not a tar file');
    await expect(other.call('profiles.import', { path: junk })).rejects.toMatchObject({ code: 'bad-input' });
    expect(readdirSync(join(other.dataDir, 'profiles'))).toEqual([]);
  });

  it('a database with a newer schema inside a consistent archive is refused', async () => {
    const { archive, out } = await exported();
    const bad = await tampered(archive, out, (dir) => {
      const db = new BetterSqlite3(join(dir, 'coachframe.db'));
      db.pragma('user_version = 99');
      db.close();
      // Keep the manifest honest about the file, so only the schema check can refuse it.
      const manifest = JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8'));
      const bytes = readFileSync(join(dir, 'coachframe.db'));
      manifest.files[0].sha256 = execFileSync('sha256sum', [join(dir, 'coachframe.db')], { encoding: 'utf8' }).split(' ')[0];
      manifest.files[0].size = bytes.length;
      writeFileSync(join(dir, 'manifest.json'), JSON.stringify(manifest));
    });
    const other = otherMachine();
    await expect(other.call('profiles.import', { path: bad })).rejects.toMatchObject({ code: 'unavailable', message: expect.stringMatching(/newer version/) });
    expect(readdirSync(join(other.dataDir, 'profiles'))).toEqual([]);
  });
});
