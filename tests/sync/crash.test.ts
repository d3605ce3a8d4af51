import { spawn } from 'node:child_process';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { s3Servers, type StartedS3 } from '../support/s3-servers';
import { makeCloud } from '../support/sync-world';
import { PART_SIZE } from '../../src-main/core/sync/uploader';

/**
 * Kill the syncing process with SIGKILL at random points and start it again: it converges with
 * nothing lost and nothing applied twice, and a large upload resumes rather than restarts. Against
 * s3rver SYNC_CRASH_TRIALS times (50 by default; `npm run soak:sync` runs hundreds) and against the
 * RADOS Gateway SYNC_CRASH_TRIALS_RGW times (20 by default: its PUTs are slower, and the kills land in
 * the same places — what differs is how a real S3 answers a resumed or abandoned upload).
 */
const TRIALS: Record<string, number> = {
  s3rver: Number(process.env['SYNC_CRASH_TRIALS'] ?? 50),
  rgw: Number(process.env['SYNC_CRASH_TRIALS_RGW'] ?? process.env['SYNC_CRASH_TRIALS'] ?? 20),
};
const CHILD = resolve(import.meta.dirname, '../support/sync-crash-child.ts');
const ffmpeg = process.env['FFMPEG_PATH'] ?? 'ffmpeg';

interface Run {
  ended: 'killed' | 'finished';
  out: string;
  /** From "ready" to the end (ms). */
  ms: number;
}

function runChild(args: string[], killAfterMs: number | null, env: Record<string, string> = {}): Promise<Run> {
  return new Promise((done, fail) => {
    const child = spawn(process.execPath, ['--import', 'tsx', CHILD, ...args], { stdio: ['ignore', 'pipe', 'pipe'], detached: true, env: { ...process.env, ...env } });
    let out = '';
    let err = '';
    let timer: NodeJS.Timeout | undefined;
    let readyAt = 0;
    const kill = () => {
      try {
        process.kill(-child.pid!, 'SIGKILL');
      } catch {
        /* already gone */
      }
    };
    child.stdout.on('data', (d: Buffer) => {
      out += d.toString();
      if (!readyAt && out.includes('ready')) readyAt = Date.now();
      if (killAfterMs !== null && out.includes('ready') && !timer) timer = setTimeout(kill, killAfterMs);
    });
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      const ms = readyAt ? Date.now() - readyAt : 0;
      if (signal === 'SIGKILL') return done({ ended: 'killed', out, ms });
      if (code === 0) return done({ ended: 'finished', out, ms });
      fail(new Error(`child failed (${code}): ${err}\n${out}`));
    });
  });
}

describe.each(s3Servers())('sync killed at random points, with $name', ({ name, start }) => {
  let s3: StartedS3;
  let cloud: Awaited<ReturnType<typeof makeCloud>>;
  let work: string;
  const trials = TRIALS[name] ?? 20;

  beforeAll(async () => {
    s3 = await start();
    cloud = await makeCloud(s3);
    work = mkdtempSync(join(tmpdir(), 'coachframe-sync-crash-'));
  }, 60_000);
  afterAll(async () => {
    await cloud?.close();
    await s3?.close();
    if (work) rmSync(work, { recursive: true, force: true });
  });

  const profileId = (dataDir: string): string =>
    readdirSync(join(dataDir, 'profiles')).filter((n) => /^[0-9a-f-]{36}$/.test(n))[0]!;
  const dbFile = (dataDir: string) => join(dataDir, 'profiles', profileId(dataDir), 'coachframe.db');

  /** What the client holds and what the cloud holds for it, to compare. */
  function compare(dataDir: string) {
    const id = profileId(dataDir);
    const local = new Database(dbFile(dataDir), { readonly: true });
    const server = cloud.db;
    const localEx = local.prepare('SELECT id, name FROM exercises_exercise ORDER BY id').all();
    const serverEx = server.prepare('SELECT id, name FROM exercises_exercise WHERE created_by = ? ORDER BY id').all(id);
    const localComments = local.prepare('SELECT id, text FROM comments_videocomment ORDER BY id').all();
    const serverComments = server.prepare('SELECT id, text FROM comments_videocomment WHERE author = ? ORDER BY id').all(id);
    const localAssets = local.prepare('SELECT checksum_sha256 AS sha FROM core_videoasset ORDER BY 1').all();
    const serverObjects = server.prepare('SELECT sha256 AS sha FROM cloud_objects WHERE owner = ? ORDER BY 1').all(id);
    const outbox = (local.prepare('SELECT count(*) AS n FROM sync_outbox').get() as { n: number }).n;
    const failures = local.prepare("SELECT entity, last_error FROM sync_record_state WHERE state <> 'synced'").all();
    local.close();
    return { id, localEx, serverEx, localComments, serverComments, localAssets, serverObjects, outbox, failures };
  }

  it(`converges after ${trials} kills, with nothing lost and nothing duplicated`, async () => {
    const dataDir = join(work, 'records');
    expect((await runChild([dataDir, cloud.url, 'setup', 'crash.records'], null)).ended).toBe('finished');
    // How long one run takes on this machine now: kills are spread over that span, so most land
    // mid-run whether the machine is fast or loaded. Early kills hit the local writes, later ones
    // the push or the pull.
    const span = Math.max(50, (await runChild([dataDir, cloud.url, 'work'], null)).ms);
    let killed = 0;
    for (let trial = 0; trial < trials; trial++) {
      const run = await runChild([dataDir, cloud.url, 'work'], Math.floor(Math.random() * span * 0.8));
      if (run.ended === 'killed') killed++;
    }
    const last = await runChild([dataDir, cloud.url, 'finish'], null);
    expect(last.out).toContain('converged');
    const seen = compare(dataDir);
    expect(seen.outbox).toBe(0);
    expect(seen.failures).toEqual([]);
    // Every record written survived the kills, reached the cloud once, and nothing else did.
    expect(seen.localEx.length).toBeGreaterThan(0);
    expect(seen.serverEx).toEqual(seen.localEx);
    expect(seen.serverComments).toEqual(seen.localComments);
    expect(seen.serverEx.every((e) => !/\(\d+\)$/.test((e as { name: string }).name))).toBe(true);
    // Most runs really were cut short.
    expect(killed).toBeGreaterThan(trials / 2);
  }, 600_000);

  it('a large upload killed halfway resumes from its last finished part', async () => {
    const dataDir = join(work, 'large');
    const file = join(work, 'large.mp4');
    // Noise does not compress: about 85 MiB, six parts.
    execFileSync(ffmpeg, ['-hide_banner', '-loglevel', 'error', '-y', '-f', 'lavfi', '-i', 'nullsrc=s=640x360:r=30:d=8,geq=random(1)*255:128:128',
      '-c:v', 'libx264', '-preset', 'ultrafast', '-qp', '0', '-pix_fmt', 'yuv420p', file]);
    expect((await runChild([dataDir, cloud.url, 'setup', 'crash.large'], null)).ended).toBe('finished');
    // Killed the moment two parts are recorded as finished.
    const first = await runChild([dataDir, cloud.url, 'work', file], null, { KILL_AFTER_PARTS: '2' });
    const db = new Database(dbFile(dataDir), { readonly: true });
    const partsBefore = (db.prepare('SELECT count(*) AS n FROM sync_upload_part').get() as { n: number }).n;
    db.close();
    expect(first.ended).toBe('killed');
    expect(partsBefore).toBeGreaterThanOrEqual(2);
    const second = await runChild([dataDir, cloud.url, 'finish'], null);
    expect(second.out).toContain('converged');
    const sent = Number(/parts (\d+)\n(?![\s\S]*parts)/.exec(second.out)?.[1] ?? NaN);
    const size = statSync(file).size;
    const total = Math.ceil(size / PART_SIZE);
    expect(total).toBeGreaterThanOrEqual(4);
    // Only what was not finished before the kill is sent again: at most the part that was in flight.
    expect(sent).toBeLessThanOrEqual(total - partsBefore);
    const seen = compare(dataDir);
    expect(seen.serverObjects).toEqual(seen.localAssets);
    expect(seen.outbox).toBe(0);
  }, 300_000);
});
