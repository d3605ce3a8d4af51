import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { Core } from '../../src-main/core/core';
import { checkMoveTarget, moveDataFolder } from '../../src-main/core/data-folder';
import { makeCore, MemorySecrets, MIGRATIONS_DIR, remote, iso } from '../support/world';

const roots: string[] = [];
afterEach(() => {
  while (roots.length) rmSync(roots.pop()!, { recursive: true, force: true });
});

/** A data folder with a profile, an exercise and a stored video file, closed and ready to move. */
async function dataFolder() {
  const h = makeCore();
  roots.push(h.dataDir);
  await h.core.dispatch('profiles.create', { username: 'dana', displayName: 'Dana', role: 'coach' }, { shell: 'web' });
  await h.core.dispatch('exercises.create', { name: 'Serve' }, { shell: 'web' });
  const bytes = Buffer.from('video bytes '.repeat(5000));
  const file = join(h.dataDir, 'incoming.bin');
  writeFileSync(file, bytes);
  const me = h.core.store().profileUser();
  await h.core.applyRemote([
    remote('videoasset', {
      owner: me.id, orig_filename: 'a.mp4', mime_type: 'video/mp4', size_bytes: bytes.length, checksum_sha256: createHash('sha256').update(bytes).digest('hex'),
      youtube_url: null, video_type: 'upload', duration_sec: 1, duration_ms: 1000, width: 2, height: 2, created_at: iso(), updated_at: iso(),
    }, undefined, file),
  ]);
  while (h.core.runningJobs() > 0) await new Promise((r) => setTimeout(r, 10));
  rmSync(file);
  h.core.close();
  const snapshot = () => Object.fromEntries(readdirSync(h.dataDir, { recursive: true, withFileTypes: true }).filter((e) => e.isFile()).map((e) => {
    const p = join(e.parentPath, e.name);
    return [p.slice(h.dataDir.length), createHash('sha256').update(readFileSync(p)).digest('hex')];
  }));
  return { h, snapshot };
}

describe('moving the data folder', () => {
  it('copies and verifies everything, switches, and then removes the old folder', async () => {
    const { h, snapshot } = await dataFolder();
    const before = snapshot();
    const parent = mkdtempSync(join(tmpdir(), 'coachframe-newhome-'));
    roots.push(parent);
    const target = join(parent, 'Coachframe data');
    const progress: number[] = [];
    await moveDataFolder(h.dataDir, target, { onProgress: (done, total) => progress.push(done / total) });
    expect(existsSync(h.dataDir)).toBe(false);
    expect(progress.at(-1)).toBe(1);
    const after = Object.fromEntries(Object.entries(before).map(([k, v]) => [k, createHash('sha256').update(readFileSync(join(target, k))).digest('hex') === v]));
    expect(Object.values(after).every(Boolean)).toBe(true);
    // The app opens the moved folder with everything in it.
    const moved = new Core({ dataDir: target, migrationsDir: MIGRATIONS_DIR, settings: h.settings, secrets: new MemorySecrets() });
    try {
      const list = await moved.dispatch('exercises.list', {}, { shell: 'web' });
      expect(list).toMatchObject({ ok: true, value: { items: [{ name: 'Serve' }] } });
      const assets = await moved.dispatch('assets.list', {}, { shell: 'web' });
      expect(assets.ok && (assets.value as unknown[]).length).toBe(1);
    } finally {
      moved.close();
    }
  });

  it('a failure halfway leaves the old folder in use, untouched, and nothing at the destination', async () => {
    const { h, snapshot } = await dataFolder();
    const before = snapshot();
    const parent = mkdtempSync(join(tmpdir(), 'coachframe-newhome-'));
    roots.push(parent);
    const target = join(parent, 'data');
    let copied = 0;
    await expect(
      moveDataFolder(h.dataDir, target, {
        afterFile: () => {
          if (++copied === 2) throw new Error('disk full');
        },
      }),
    ).rejects.toThrow('disk full');
    expect(snapshot()).toEqual(before);
    expect(readdirSync(parent)).toEqual([]);
  });

  it('switches through commit after the copy is in place, and removes the old folder only after it', async () => {
    const { h } = await dataFolder();
    const parent = mkdtempSync(join(tmpdir(), 'coachframe-newhome-'));
    roots.push(parent);
    const target = join(parent, 'data');
    const seen: { target: string; copyThere: boolean; oldThere: boolean }[] = [];
    const result = await moveDataFolder(h.dataDir, target, {
      commit: (at) => void seen.push({ target: at, copyThere: existsSync(join(at, 'profiles')), oldThere: existsSync(h.dataDir) }),
    });
    expect(seen).toEqual([{ target, copyThere: true, oldThere: true }]);
    expect(result).toEqual({ oldFolderRemoved: true });
    expect(existsSync(h.dataDir)).toBe(false);
  });

  it('a commit that fails removes the copy and leaves the old folder in use, untouched', async () => {
    const { h, snapshot } = await dataFolder();
    const before = snapshot();
    const parent = mkdtempSync(join(tmpdir(), 'coachframe-newhome-'));
    roots.push(parent);
    await expect(
      moveDataFolder(h.dataDir, join(parent, 'data'), {
        commit: () => {
          throw new Error('settings could not be written');
        },
      }),
    ).rejects.toThrow('settings could not be written');
    expect(snapshot()).toEqual(before);
    expect(readdirSync(parent)).toEqual([]);
    // An empty folder that was chosen is there again, empty, as before.
    const chosen = join(parent, 'chosen');
    mkdirSync(chosen);
    await expect(moveDataFolder(h.dataDir, chosen, { commit: () => Promise.reject(new Error('no')) })).rejects.toThrow('no');
    expect(readdirSync(parent)).toEqual(['chosen']);
    expect(readdirSync(chosen)).toEqual([]);
    expect(snapshot()).toEqual(before);
  });

  it('checks a destination before anything is closed or copied', () => {
    const from = mkdtempSync(join(tmpdir(), 'coachframe-from-'));
    roots.push(from);
    const file = join(from, '..', `${from.split('/').pop()}.txt`);
    writeFileSync(file, 'x');
    roots.push(file);
    expect(() => checkMoveTarget(from, join(from, '..', 'fresh-data-folder'))).not.toThrow();
    expect(() => checkMoveTarget(from, file)).toThrow(expect.objectContaining({ code: 'bad-input', message: 'That is a file, not a folder.' }));
    expect(() => checkMoveTarget(from, 'relative/data')).toThrow(expect.objectContaining({ code: 'bad-input' }));
  });

  it.each([
    ['inside the current folder', (from: string) => join(from, 'sub')],
    ['the same folder', (from: string) => from],
    ['a folder that is not empty', () => {
      const dir = mkdtempSync(join(tmpdir(), 'coachframe-full-'));
      roots.push(dir);
      writeFileSync(join(dir, 'x.txt'), 'x');
      return dir;
    }],
    ['a folder whose parent does not exist', () => '/nonexistent/parent/data'],
  ])('refuses %s with bad-input, changing nothing', async (_what, targetOf) => {
    const { h, snapshot } = await dataFolder();
    const before = snapshot();
    await expect(moveDataFolder(h.dataDir, targetOf(h.dataDir))).rejects.toMatchObject({ code: 'bad-input' });
    expect(snapshot()).toEqual(before);
    mkdirSync(h.dataDir, { recursive: true });
  });
});
