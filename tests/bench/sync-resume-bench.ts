/**
 * A ~1 GB upload killed halfway re-sends at most one part after restart (`npm run bench:sync`, part 3).
 *
 * The desktop client runs in a process of its own (`tests/support/sync-crash-child.ts`, as the crash
 * test uses it): `setup` makes and registers a coach's profile; `work` imports the file and syncs, and
 * SIGKILLs itself the moment KILL_AFTER_PARTS parts are recorded as finished (half of them); `finish`
 * starts again and syncs until nothing is left, printing the parts it sent.
 *
 * The file: SYNC_BENCH_RESUME_MB (default 1024) MB of lossless H.264 noise (incompressible), made by
 * encoding 2 s once (`nullsrc … geq=random(1)*255:128:128 -c:v libx264 -preset ultrafast -qp 0`) and
 * joining copies with `-c copy`. It lives in the temp folder ($TMPDIR) and is deleted at the end.
 *
 * A fault proxy (forwarding only) stands in front of S3 as the public endpoint of the signed URLs, so
 * every part PUT of either run is seen: a part is "re-sent" when its PUT started in both runs. Two kills
 * per server: the child's own, right after half the parts are recorded (between two parts), and one
 * from outside 20 ms into the next part's PUT (mid-part: that part must go again, and only it). Against
 * s3rver (which cannot list parts: the client trusts its own records) and, with RGW_ENDPOINT set, Ceph's
 * RADOS Gateway (the cloud lists the parts storage holds).
 */
import { execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import Database from 'better-sqlite3';
import { PART_SIZE } from '../../src-main/core/sync/uploader';
import { startFaultProxy } from '../support/fault-proxy';
import { s3Servers } from '../support/s3-servers';
import { makeCloud } from '../support/sync-world';
import { reclaimRgwSpace, requireRgwSpace } from './rgw-space';

const TARGET_BYTES = Number(process.env['SYNC_BENCH_RESUME_MB'] ?? 1024) * 1e6;
const CHILD = resolve(import.meta.dirname, '../support/sync-crash-child.ts');
const ffmpeg = process.env['FFMPEG_PATH'] ?? 'ffmpeg';

/** Runs the crash child to its end (or its own SIGKILL); answers how it ended and what it printed. */
let running: ReturnType<typeof spawn> | null = null;
function child(args: string[], env: Record<string, string> = {}): Promise<{ killed: boolean; out: string; err: string; ms: number }> {
  const start = performance.now();
  return new Promise((done, fail) => {
    const p = spawn(process.execPath, ['--import', 'tsx', CHILD, ...args], { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, ...env } });
    running = p;
    let out = '';
    let err = '';
    p.stdout.on('data', (d: Buffer) => (out += d.toString()));
    p.stderr.on('data', (d: Buffer) => (err += d.toString()));
    p.on('close', (code, signal) => {
      const ms = performance.now() - start;
      if (signal === 'SIGKILL') done({ killed: true, out, err, ms });
      else if (code === 0) done({ killed: false, out, err, ms });
      else fail(new Error(`child ${args[2]} failed (${code ?? signal}): ${err}\n${out}`));
    });
  });
}

/** Lossless noise: 2 s encoded once, then joined until the file is about `bytes` long. */
function noiseVideo(dir: string, bytes: number): string {
  const piece = join(dir, 'noise-2s.mp4');
  execFileSync(ffmpeg, ['-hide_banner', '-loglevel', 'error', '-y', '-f', 'lavfi', '-i', 'nullsrc=s=1280x720:r=30:d=2,geq=random(1)*255:128:128',
    '-c:v', 'libx264', '-preset', 'ultrafast', '-qp', '0', '-pix_fmt', 'yuv420p', piece]);
  const copies = Math.max(1, Math.round(bytes / statSync(piece).size));
  const list = join(dir, 'noise.txt');
  writeFileSync(list, Array.from({ length: copies }, () => `file '${piece}'`).join('\n'));
  const out = join(dir, 'noise.mp4');
  execFileSync(ffmpeg, ['-hide_banner', '-loglevel', 'error', '-y', '-f', 'concat', '-safe', '0', '-i', list, '-c', 'copy', out]);
  rmSync(piece);
  return out;
}

const dbFile = (dataDir: string) => {
  const profile = readdirSync(join(dataDir, 'profiles')).find((n) => /^[0-9a-f-]{36}$/.test(n))!;
  return join(dataDir, 'profiles', profile, 'coachframe.db');
};

async function main() {
  const work = mkdtempSync(join(tmpdir(), 'coachframe-bench-resume-'));
  const rows: string[] = [];
  let failed = false;
  try {
    const madeAt = performance.now();
    const file = noiseVideo(work, TARGET_BYTES);
    const size = statSync(file).size;
    const total = Math.ceil(size / PART_SIZE);
    const killAfter = Math.floor(total / 2);
    console.log(`noise video: ${(size / 1e6).toFixed(0)} MB (${total} parts of 8 MiB), made in ${((performance.now() - madeAt) / 1000).toFixed(1)} s; kill after ${killAfter} parts`);

    for (const server of s3Servers())
      for (const kill of ['after a part', 'mid-part'] as const) {
      if (server.name === 'rgw') requireRgwSpace(3 * size);
      const s3 = await server.start();
      // Which part numbers' PUTs started, in the run that is killed and in the one after it.
      const started: Set<number>[] = [new Set(), new Set()];
      let phase = 0;
      const proxy = await startFaultProxy({
        target: { host: new URL(s3.endpoint).hostname, port: Number(new URL(s3.endpoint).port) },
        plan: (req) => {
          const part = /[?&]partNumber=(\d+)/.exec(req.target);
          if (req.method === 'PUT' && part) {
            started[phase]!.add(Number(part[1]));
            // Mid-part: killed from outside 20 ms into the part after the first half.
            const victim = running;
            if (kill === 'mid-part' && phase === 0 && Number(part[1]) === killAfter + 1) setTimeout(() => victim?.kill('SIGKILL'), 20);
          }
          return null;
        },
      });
      const cloud = await makeCloud(s3, { publicEndpoint: proxy.url });
      const dataDir = join(work, `client-${server.name}`);
      try {
        await child([dataDir, cloud.url, 'setup', `resume.${server.name}`]);
        const first = await child([dataDir, cloud.url, 'work', file], kill === 'after a part' ? { KILL_AFTER_PARTS: String(killAfter) } : {});
        if (!first.killed) throw new Error(`${server.name}: the first run was not killed:\n${first.out}`);
        const db = new Database(dbFile(dataDir), { readonly: true });
        const recorded = (db.prepare('SELECT count(*) AS n FROM sync_upload_part').get() as { n: number }).n;
        db.close();
        phase = 1;
        const second = await child([dataDir, cloud.url, 'finish']);
        if (!second.out.includes('converged')) throw new Error(`${server.name}: did not converge:\n${second.out}`);
        const sent = Number([...second.out.matchAll(/parts (\d+)/g)].pop()?.[1] ?? NaN);
        const resent = [...started[1]!].filter((n) => started[0]!.has(n)).sort((a, b) => a - b);
        const verified = cloud.db.prepare('SELECT size FROM cloud_objects').all() as { size: number }[];
        if (verified.length !== 1 || verified[0]!.size !== size) throw new Error(`${server.name}: the cloud verified ${JSON.stringify(verified)}`);
        // The proxy's count is the truth: the child's "parts" only counts passes that ended well.
        const ok = resent.length <= 1 && started[1]!.size <= total - recorded;
        const failures = [...new Set(second.err.split('\n').filter((l) => l.startsWith('pass failed')))];
        failed ||= !ok;
        const line =
          `${server.name}, killed ${kill}: ${total} parts; killed with ${recorded} recorded (${started[0]!.size} PUTs started); after restart ${sent} parts counted by the child ` +
          `(${total - recorded} missing), ${started[1]!.size} PUTs started; re-sent: ${resent.length} (${resent.join(', ') || 'none'}) — ${ok ? 'bar met' : 'BAR NOT MET'}; ` +
          `restart to verified ${(second.ms / 1000).toFixed(1)} s` +
          (failures.length > 0 ? `; passes that failed after restart: ${failures.join(' | ')}` : '');
        rows.push(line);
        console.log(line);
      } finally {
        await cloud.close();
        await proxy.close();
        await s3.close();
        if (server.name === 'rgw') reclaimRgwSpace();
        rmSync(dataDir, { recursive: true, force: true });
      }
      }
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
  console.log(`\n${rows.join('\n')}`);
  if (failed) process.exitCode = 1;
}

const load = () => loadavg().map((l) => l.toFixed(2)).join(' ');
console.log(`load average (1/5/15 min) at start: ${load()}`);
await main();
console.log(`load average at end: ${load()}`);
