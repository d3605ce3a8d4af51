import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Core } from '../../../src-main/core/core';
import { FileSecretStore, FileSettings } from '../../../src-main/web/file-settings';
import { MIGRATIONS_DIR } from '../../support/world';

/**
 * Kill the import and the recording finish at random points (SIGKILL, so no cleanup code runs) and
 * show that the next start finds no row pointing at a half or missing file and no orphan left over.
 * TRIALS defaults to 20 here; the soak script runs many more (CRASH_TRIALS=500).
 */
const TRIALS = Number(process.env['CRASH_TRIALS'] ?? 20);
const CHILD = resolve(import.meta.dirname, '../../support/crash-child.ts');
const ffmpeg = process.env['FFMPEG_PATH'] ?? 'ffmpeg';

let work: string;
let video: string;
let take: string;
beforeAll(() => {
  work = mkdtempSync(join(tmpdir(), 'coachframe-crash-'));
  video = join(work, 'source.mp4');
  execFileSync(ffmpeg, ['-hide_banner', '-loglevel', 'error', '-f', 'lavfi', '-i', 'testsrc2=size=640x360:rate=30:duration=4', '-c:v', 'libx264', '-preset', 'ultrafast', '-pix_fmt', 'yuv420p', video]);
  take = join(work, 'take.webm');
  writeFileSync(take, execFileSync(ffmpeg, ['-hide_banner', '-loglevel', 'error', '-f', 'lavfi', '-i', 'testsrc2=size=320x240:rate=20:duration=3', '-c:v', 'libvpx', '-deadline', 'realtime', '-f', 'webm', '-live', '1', 'pipe:1'], { maxBuffer: 1 << 26 }));
});
afterAll(() => rmSync(work, { recursive: true, force: true }));

/** Starts the child, waits until it has opened the profile, kills it after `delayMs`. */
function runAndKill(dataDir: string, mode: 'import' | 'record' | 'export', delayMs: number, extra: string[] = []): Promise<{ ended: 'killed' | 'finished'; ms: number }> {
  return new Promise((done, fail) => {
    let readyAt = 0;
    // Its own process group, so the kill takes its ffmpeg children too, as when the system ends the app.
    const child = spawn(process.execPath, ['--import', 'tsx', CHILD, dataDir, mode, mode === 'record' ? take : video, ...extra], {
      stdio: ['ignore', 'pipe', 'pipe'],
      detached: true,
    });
    let out = '';
    let err = '';
    let timer: NodeJS.Timeout | undefined;
    child.stdout.on('data', (d: Buffer) => {
      out += d.toString();
      if (out.includes('ready') && !timer) {
        readyAt = Date.now();
        timer = setTimeout(() => process.kill(-child.pid!, 'SIGKILL'), delayMs);
      }
    });
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      if (signal === 'SIGKILL') return done({ ended: 'killed', ms: Date.now() - readyAt });
      if (code === 0 && out.includes('finished')) return done({ ended: 'finished', ms: Date.now() - readyAt });
      fail(new Error(`child failed (${code}): ${err}`));
    });
  });
}

const sha = (path: string) => createHash('sha256').update(readFileSync(path)).digest('hex');

/** Opens the data folder as the next start would, and checks every stored byte against the database. */
async function checkAfterRestart(dataDir: string): Promise<{ assets: number; recoverable: number }> {
  const core = new Core({ dataDir, migrationsDir: MIGRATIONS_DIR, settings: new FileSettings(dataDir), secrets: new FileSecretStore(dataDir) });
  try {
    while (core.runningJobs() > 0) await new Promise((r) => setTimeout(r, 10));
    const store = core.store();
    const rows = store.db.prepare('SELECT id, storage_path, checksum_sha256, size_bytes, processing_status FROM core_videoasset').all() as {
      id: string; storage_path: string; checksum_sha256: string; size_bytes: number; processing_status: string;
    }[];
    for (const row of rows) {
      const file = store.media.absolute(row.storage_path);
      expect(existsSync(file), `asset ${row.id} points at a missing file`).toBe(true);
      expect(sha(file), `asset ${row.id} points at a half file`).toBe(row.checksum_sha256);
      expect(readFileSync(file).length).toBe(row.size_bytes);
      expect(row.processing_status).toBe('ready');
    }
    const referenced = new Set(rows.map((r) => r.storage_path));
    const media = join(store.profileDir, 'media');
    const files = existsSync(media) ? readdirSync(media, { recursive: true, withFileTypes: true }).filter((e) => e.isFile()).map((e) => join(e.parentPath, e.name).slice(store.profileDir.length + 1)) : [];
    expect(files.filter((f) => !referenced.has(f)), 'orphan or temp files in media/').toEqual([]);
    const derived = join(store.profileDir, 'derived');
    const shas = new Set(rows.map((r) => r.checksum_sha256));
    expect((existsSync(derived) ? readdirSync(derived) : []).filter((d) => !shas.has(d)), 'orphan derived files').toEqual([]);
    expect(existsSync(join(store.profileDir, 'scratch')) ? readdirSync(join(store.profileDir, 'scratch')) : []).toEqual([]);
    const recoverable = await core.dispatch('recordings.listRecoverable', {}, { shell: 'web' });
    return { assets: rows.length, recoverable: recoverable.ok ? (recoverable.value as unknown[]).length : -1 };
  } finally {
    core.close();
  }
}

describe('a crash at any moment', () => {
  it(`leaves no half file referenced and no orphan, over ${TRIALS} random kills of import and recording`, async () => {
    // How long each job takes here, uninterrupted: the kills are spread over that span.
    const span = { import: 0, record: 0 };
    for (const mode of ['import', 'record'] as const) {
      const dataDir = mkdtempSync(join(work, 'calibrate-'));
      span[mode] = (await runAndKill(dataDir, mode, 60_000)).ms;
      rmSync(dataDir, { recursive: true, force: true });
    }
    const outcomes: string[] = [];
    for (let trial = 0; trial < TRIALS; trial++) {
      const dataDir = mkdtempSync(join(work, 'trial-'));
      const mode = trial % 2 === 0 ? 'import' : 'record';
      // Spread the kills over the whole job: copy, probe, ffmpeg, rename, commit, processing.
      const delay = Math.floor(Math.random() * span[mode] * 0.95);
      const { ended } = await runAndKill(dataDir, mode, delay);
      const after = await checkAfterRestart(dataDir);
      // A recording is either an asset, or recoverable, or had not started: never both, never half.
      if (mode === 'record') expect(after.assets + after.recoverable).toBeLessThanOrEqual(1);
      outcomes.push(`${mode}@${delay}ms:${ended}:${after.assets}a/${after.recoverable}r`);
      rmSync(dataDir, { recursive: true, force: true });
    }
    // The trials must actually have interrupted work, not only killed idle processes.
    expect(outcomes.filter((o) => o.includes(':killed:')).length, outcomes.join(' ')).toBeGreaterThan(TRIALS / 2);
  }, TRIALS * 5_000 + 60_000);
});

describe('an export killed at any moment', () => {
  const EXPORT_TRIALS = Number(process.env['EXPORT_CRASH_TRIALS'] ?? 6);
  it(`leaves no temp file in the person's folder once the app opens again, over ${EXPORT_TRIALS} kills`, async () => {
    const dataDir = mkdtempSync(join(work, 'export-'));
    const folder = mkdtempSync(join(work, 'my-exports-'));
    const destination = join(folder, 'Serve compared.mp4');
    const extra = [take, destination];
    // The first run imports both videos and exports once, uninterrupted: how long an export takes here.
    const span = (await runAndKill(dataDir, 'export', 120_000, extra)).ms;
    expect(existsSync(destination)).toBe(true);
    rmSync(destination);
    const temps = () => readdirSync(folder).filter((n) => n.endsWith('.part'));
    let leftBehind = 0;
    for (let trial = 0; trial < EXPORT_TRIALS; trial++) {
      await runAndKill(dataDir, 'export', Math.floor(Math.random() * span * 0.9), extra);
      leftBehind += temps().length;
      // The next start (its first step opens the profile, before it exports again) removes them.
      const reopened = new Core({ dataDir, migrationsDir: MIGRATIONS_DIR, settings: new FileSettings(dataDir), secrets: new FileSecretStore(dataDir) });
      try {
        expect(temps()).toEqual([]);
        expect(readdirSync(join(reopened.store().profileDir, 'exports-in-progress'))).toEqual([]);
      } finally {
        reopened.close();
      }
      // What is there is a whole export or nothing: never a half file under the chosen name.
      if (existsSync(destination)) {
        const seconds = Number(execFileSync(ffmpeg.replace(/ffmpeg$/, 'ffprobe'), ['-v', 'error', '-show_entries', 'format=duration', '-of', 'csv=p=0', destination]).toString());
        expect(seconds).toBeGreaterThan(2.5);
        rmSync(destination);
      }
    }
    // The kills really did leave temp files for the sweep to find.
    expect(leftBehind).toBeGreaterThan(0);
    // Nothing of ours is removed but our own temp files.
    expect(readdirSync(folder)).toEqual([]);
  }, 180_000);
});
