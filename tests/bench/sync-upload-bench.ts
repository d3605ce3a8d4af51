/**
 * Upload throughput against rclone (`npm run bench:sync`, part 1), on Ceph's RADOS Gateway.
 *
 * SYNC_BENCH_FILES files (default 20) of SYNC_BENCH_FILE_MIB MiB (default 50) of random bytes go to RGW
 * through the reference cloud's signed URLs, exactly as the desktop client sends them: the `Uploader`
 * (plan: MD5 per part, and SHA-256 per part of a multipart upload — a file sent in one PUT carries
 * the SHA-256 it was imported with; 16 MiB parts, files ≤ 64 MiB in one PUT; Content-MD5 on every PUT;
 * each finished part recorded in SQLite), four files side by side as `SyncEngine.uploadBytesFor` runs
 * them, parts of one file one after another. The reference is `rclone copy` of the same folder to a
 * fresh bucket on the same RGW with rclone's default settings (4 transfers, single PUT with Content-MD5
 * under its 200 MiB cutoff).
 *
 * The cloud reads every object back and hashes it when an upload is completed; rclone has no such
 * step. So "ours" is timed with the completion calls held back (the `CloudClient` wrapper records them
 * and answers at once) and the held-back completions (the read-backs) are then run four at a time and
 * timed on their own. A third run does it all in line, as the engine does, for the end-to-end figure.
 * Order per round: ours (PUTs), rclone, ours (in line); BENCH_RUNS rounds (default 3); medians.
 *
 * Needs RGW_ENDPOINT (e.g. http://127.0.0.1:7480, keys RGW_ACCESS_KEY/RGW_SECRET_KEY or TESTKEY/TESTSECRET)
 * and Debian's rclone (`apt-get install -y rclone`). Run with SYNC_BENCH_WIRE=1 to first send one
 * round of each through the fault proxy and print what went over the wire (request counts, headers),
 * and with SYNC_BENCH_DIAG=1 to time the planning pass and the bare PUTs at several part sizes.
 */
import { execFile, execFileSync } from 'node:child_process';
import { promisify } from 'node:util';
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { createReadStream, mkdirSync, mkdtempSync, openSync, closeSync, writeSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import type { Database } from 'better-sqlite3';
import { loadMigrations } from '../../src-main/core/db/migrations';
import { openDatabase } from '../../src-main/core/db/open';
import { CloudClient } from '../../src-main/core/sync/cloud-client';
import { putFileRange } from '../../src-main/core/sync/transfer';
import { PART_SIZE, Uploader, planParts, type UploadJob } from '../../src-main/core/sync/uploader';
import { Storage } from '../../src-main/cloud/storage';
import type { PartPlan } from '../../src-shared/cloud';
import { startFaultProxy, type RequestInfo } from '../support/fault-proxy';
import { s3Servers, type S3Server } from '../support/s3-servers';
import { MIGRATIONS_DIR } from '../support/world';
import { reclaimRgwSpace, requireRgwSpace } from './rgw-space';
import { PASSWORD, makeCloud } from '../support/sync-world';

const RUNS = Number(process.env['BENCH_RUNS'] ?? 3);
const FILES = Number(process.env['SYNC_BENCH_FILES'] ?? 20);
const MIB = 1024 * 1024;
const FILE_BYTES = Math.round(Number(process.env['SYNC_BENCH_FILE_MIB'] ?? 50) * MIB);
/** As `SyncEngine`'s default `uploadConcurrency`. */
const CONCURRENCY = Number(process.env['SYNC_BENCH_CONCURRENCY'] ?? 4);
const RCLONE = process.env['RCLONE_PATH'] ?? 'rclone';
const run = promisify(execFile);

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const mibps = (ms: number) => (FILES * FILE_BYTES) / MIB / (ms / 1000);

/** Runs `fn` over `items`, `n` at a time, the way `SyncEngine.uploadBytesFor` runs its workers. */
async function pool<T>(items: readonly T[], n: number, fn: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < items.length) await fn(items[next++]!);
  };
  await Promise.all(Array.from({ length: Math.min(n, items.length) }, worker));
}

/** A CloudClient that can hold completion calls back (answering at once) and times the ones it makes. */
class BenchClient extends CloudClient {
  held: { uploadId: string; parts: { number: number; etag: string }[] }[] = [];
  completeMs: number[] = [];
  constructor(
    options: ConstructorParameters<typeof CloudClient>[0],
    private readonly hold: boolean,
  ) {
    super(options);
  }
  override async completeUpload(uploadId: string, parts: readonly { number: number; etag: string }[]) {
    if (this.hold) {
      this.held.push({ uploadId, parts: [...parts] });
      return { status: 'verified' as const, sha256: '', size: 0 };
    }
    const start = performance.now();
    const answer = await super.completeUpload(uploadId, parts);
    this.completeMs.push(performance.now() - start);
    return answer;
  }
  /** The held-back completions, `n` at a time; answers their wall time. */
  async completeHeld(n: number): Promise<number> {
    const start = performance.now();
    await pool(this.held, n, async (h) => {
      const answer = await super.completeUpload(h.uploadId, h.parts);
      if (answer.status !== 'verified') throw new Error('completion not verified');
    });
    return performance.now() - start;
  }
}

/** Random files, written once, with their SHA-256. */
function makeFiles(dir: string): UploadJob[] {
  const jobs: UploadJob[] = [];
  for (let i = 0; i < FILES; i++) {
    const file = join(dir, `noise-${String(i).padStart(2, '0')}.bin`);
    const hash = createHash('sha256');
    const fd = openSync(file, 'w');
    for (let left = FILE_BYTES; left > 0; ) {
      const chunk = randomBytes(Math.min(left, 4 * MIB));
      hash.update(chunk);
      writeSync(fd, chunk);
      left -= chunk.length;
    }
    closeSync(fd);
    jobs.push({ sha256: hash.digest('hex'), size: FILE_BYTES, mimeType: 'video/mp4', file });
  }
  return jobs;
}

interface OursResult {
  /** From the first start call to the last byte acknowledged (completions held back), or end to end. */
  ms: number;
  /** Held back: the completions (read-backs) run afterwards, four at a time. In line: the sum of their call times. */
  completeMs: number;
  requests?: number;
}

/** One upload of every file through a fresh cloud (own bucket) and a fresh client database. */
async function ours(rgw: S3Server, jobs: readonly UploadJob[], hold: boolean, wire?: (req: RequestInfo) => void): Promise<OursResult> {
  const s3 = await rgw.start();
  const proxy = wire ? await startFaultProxy({ target: hostPort(s3.endpoint), plan: (req) => (wire(req), null) }) : null;
  const cloud = await makeCloud(s3, proxy ? { publicEndpoint: proxy.url } : {});
  const dir = mkdtempSync(join(tmpdir(), 'coachframe-bench-upload-'));
  let db: Database | null = null;
  try {
    db = openDatabase(join(dir, 'client.db'), loadMigrations(MIGRATIONS_DIR));
    const anonymous = new CloudClient({ baseUrl: cloud.url });
    const auth = await anonymous.register({ id: randomUUID(), username: `bench${Date.now().toString(36)}`, displayName: 'Bench', role: 'coach', password: PASSWORD });
    const client = new BenchClient({ baseUrl: cloud.url, token: auth.token, timeoutMs: 300_000 }, hold);
    const uploader = new Uploader(db, () => client, { idleTimeoutMs: 60_000 });
    const start = performance.now();
    await pool(jobs, CONCURRENCY, async (job) => {
      const outcome = await uploader.upload(job);
      if (outcome.sentBytes !== job.size) throw new Error(`sent ${outcome.sentBytes} of ${job.size} bytes`);
    });
    const ms = performance.now() - start;
    const completeMs = hold ? await client.completeHeld(CONCURRENCY) : client.completeMs.reduce((a, b) => a + b, 0);
    const verified = (cloud.db.prepare('SELECT count(*) AS n FROM cloud_objects').get() as { n: number }).n;
    if (verified !== jobs.length) throw new Error(`the cloud verified ${verified} of ${jobs.length} files`);
    return { ms, completeMs, requests: proxy?.stats.requests };
  } finally {
    db?.close();
    await cloud.close();
    await proxy?.close();
    await s3.close();
    reclaimRgwSpace();
    rmSync(dir, { recursive: true, force: true });
  }
}

const hostPort = (url: string) => {
  const u = new URL(url);
  return { host: u.hostname, port: Number(u.port || 80) };
};

/** `rclone copy` of the folder to a fresh bucket on the same RGW, default settings; the bucket is deleted afterwards. */
async function rclone(rgw: S3Server, dir: string, wire?: (req: RequestInfo) => void): Promise<{ ms: number; requests?: number }> {
  const s3 = await rgw.start();
  const proxy = wire ? await startFaultProxy({ target: hostPort(s3.endpoint), plan: (req) => (wire(req), null) }) : null;
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    RCLONE_CONFIG: join(dir, 'no-rclone.conf'),
    RCLONE_CONFIG_RGW_TYPE: 's3',
    RCLONE_CONFIG_RGW_PROVIDER: 'Ceph',
    RCLONE_CONFIG_RGW_ENDPOINT: proxy ? proxy.url : s3.endpoint,
    RCLONE_CONFIG_RGW_ACCESS_KEY_ID: s3.accessKeyId,
    RCLONE_CONFIG_RGW_SECRET_ACCESS_KEY: s3.secretAccessKey,
    RCLONE_CONFIG_RGW_FORCE_PATH_STYLE: 'true',
  };
  // rclone fails with LoadCustomCABundleError when AWS_CA_BUNDLE is set (see ../shared/TOOLCHAIN.md).
  delete env['AWS_CA_BUNDLE'];
  try {
    const start = performance.now();
    // Asynchronous: the fault proxy of the wire check runs in this process.
    await run(RCLONE, ['copy', '--include', 'noise-*.bin', dir, `rgw:${s3.bucket}`], { env });
    const ms = performance.now() - start;
    const { stdout: listed } = await run(RCLONE, ['size', '--json', `rgw:${s3.bucket}`], { env, encoding: 'utf8' });
    const { count, bytes } = JSON.parse(listed) as { count: number; bytes: number };
    if (count !== FILES || bytes !== FILES * FILE_BYTES) throw new Error(`rclone stored ${count} files, ${bytes} bytes`);
    return { ms, requests: proxy?.stats.requests };
  } finally {
    await proxy?.close();
    await s3.close();
    reclaimRgwSpace();
  }
}

/**
 * Where our time goes (SYNC_BENCH_DIAG=1): the planning pass alone (read + MD5 + SHA-256 per part +
 * the file's SHA-256), and the bytes alone sent with the client's own `putFileRange` to URLs signed by
 * the cloud's `Storage`, plans made beforehand: in 8 MiB parts (as shipped), in 25 MiB parts, and as
 * one PUT per file (as rclone sends 50 MB). Four files side by side, parts of a file one after another.
 */
async function diagnose(rgw: S3Server, jobs: readonly UploadJob[]): Promise<void> {
  const time = async (fn: () => Promise<void>) => {
    const cpu = process.cpuUsage();
    const start = performance.now();
    await fn();
    const used = process.cpuUsage(cpu);
    return { ms: performance.now() - start, cpuMs: (used.user + used.system) / 1000 };
  };
  const plans = new Map<string, PartPlan[]>();
  const planned = await time(() => pool(jobs, CONCURRENCY, async (j) => void plans.set(j.file, await planParts(j.file, j.size, j.sha256, PART_SIZE))));
  console.log(`  planning as shipped (read, MD5 + SHA-256 per part, the file's SHA-256), 4 files side by side: ${(planned.ms / 1000).toFixed(2)} s wall, ${(planned.cpuMs / 1000).toFixed(2)} s CPU`);
  // What a plan of Content-MD5s alone would cost (RGW ignores x-amz-checksum-sha256; the read-back checks the SHA-256).
  const md5Only = await time(() =>
    pool(jobs, CONCURRENCY, async (j) => {
      let md5 = createHash('md5');
      let inPart = 0;
      for await (const chunk of createReadStream(j.file, { highWaterMark: MIB })) {
        for (let buf = chunk as Buffer; buf.length > 0; ) {
          const take = Math.min(buf.length, PART_SIZE - inPart);
          md5.update(buf.subarray(0, take));
          inPart += take;
          buf = buf.subarray(take);
          if (inPart === PART_SIZE) {
            md5.digest();
            md5 = createHash('md5');
            inPart = 0;
          }
        }
      }
      md5.digest();
    }),
  );
  console.log(`  planning with Content-MD5s only: ${(md5Only.ms / 1000).toFixed(2)} s wall, ${(md5Only.cpuMs / 1000).toFixed(2)} s CPU`);
  for (const partSize of [PART_SIZE, 16 * MIB, 25 * MIB, FILE_BYTES]) {
    const byFile = new Map<string, PartPlan[]>();
    await pool(jobs, CONCURRENCY, async (j) => void byFile.set(j.file, await planParts(j.file, j.size, j.sha256, partSize)));
    const s3 = await rgw.start();
    const storage = await Storage.open({ ...s3 });
    try {
      const sent = await time(() =>
        pool(jobs, CONCURRENCY, async (j) => {
          const plan = byFile.get(j.file)!;
          const key = `diag/${j.sha256}`;
          if (plan.length === 1) {
            await putFileRange(await storage.presignPut(key, j.mimeType, plan[0]!, 900, Date.now()), j.file, 0, j.size, { idleTimeoutMs: 60_000 });
            return;
          }
          const uploadId = await storage.createMultipart(key, j.mimeType);
          const etags: { number: number; etag: string; sha256: string }[] = [];
          for (const part of plan) {
            const signed = await storage.presignPart(key, uploadId, part.number, part, 900, Date.now());
            etags.push({ number: part.number, etag: await putFileRange(signed, j.file, (part.number - 1) * partSize, part.size, { idleTimeoutMs: 60_000 }), sha256: part.sha256 });
          }
          await storage.completeMultipart(key, uploadId, etags);
        }),
      );
      const label = partSize === FILE_BYTES ? 'one PUT per file' : `${partSize / MIB} MiB parts`;
      console.log(`  bytes only, ${label}: ${(sent.ms / 1000).toFixed(2)} s = ${mibps(sent.ms).toFixed(0)} MiB/s (${(sent.cpuMs / 1000).toFixed(2)} s CPU in this process)`);
    } finally {
      storage.close();
      await s3.close();
      reclaimRgwSpace();
    }
  }
}

/** One round of each through the fault proxy: what went over the wire. */
async function wireCheck(rgw: S3Server, jobs: readonly UploadJob[], dir: string): Promise<void> {
  const summarize = (label: string) => {
    const seen = new Map<string, { n: number; md5: number }>();
    return {
      wire: (req: RequestInfo) => {
        const kind = `${req.method} ${/[?&]partNumber=/.test(req.target) ? 'part' : /[?&]uploads/.test(req.target) ? 'create-multipart' : /[?&]uploadId=/.test(req.target) ? 'complete/list' : 'object'}`;
        const s = seen.get(kind) ?? { n: 0, md5: 0 };
        s.n++;
        if (req.headers['content-md5']) s.md5++;
        seen.set(kind, s);
      },
      print: () => console.log(`  ${label}: ${[...seen].map(([k, s]) => `${k} ×${s.n} (Content-MD5 on ${s.md5})`).join(', ')}`),
    };
  };
  console.log('wire check (through the fault proxy, not timed):');
  const o = summarize('ours, PUTs through signed URLs');
  await ours(rgw, jobs, false, o.wire);
  o.print();
  const r = summarize('rclone copy');
  await rclone(rgw, dir, r.wire);
  r.print();
}

async function main() {
  const rgw = s3Servers().find((s) => s.name === 'rgw');
  if (!rgw) throw new Error('RGW_ENDPOINT is not set: start ../shared/s3/rgw-start and set RGW_ENDPOINT=http://127.0.0.1:7480.');
  execFileSync(RCLONE, ['version'], { stdio: 'ignore' });
  // One run's bytes at a time are on RGW (each run's bucket is deleted and its space reclaimed after it).
  requireRgwSpace(3 * FILES * FILE_BYTES);
  const dir = mkdtempSync(join(tmpdir(), 'coachframe-bench-upload-files-'));
  mkdirSync(dir, { recursive: true });
  try {
    console.log(`writing ${FILES} × ${FILE_BYTES / MIB} MiB of random bytes…`);
    const jobs = makeFiles(dir);
    if (process.env['SYNC_BENCH_WIRE'] === '1') await wireCheck(rgw, jobs, dir);
    if (process.env['SYNC_BENCH_DIAG'] === '1') {
      console.log('where the time goes (not part of the figures below):');
      await diagnose(rgw, jobs);
    }
    const puts: number[] = [];
    const readBacks: number[] = [];
    const ref: number[] = [];
    const inline: number[] = [];
    const inlineComplete: number[] = [];
    for (let run = 0; run < RUNS; run++) {
      const a = await ours(rgw, jobs, true);
      puts.push(a.ms);
      readBacks.push(a.completeMs);
      const b = await rclone(rgw, dir);
      ref.push(b.ms);
      const c = await ours(rgw, jobs, false);
      inline.push(c.ms);
      inlineComplete.push(c.completeMs);
      console.log(
        `run ${run + 1}: ours ${(a.ms / 1000).toFixed(2)} s (${mibps(a.ms).toFixed(0)} MiB/s) + read-back ${(a.completeMs / 1000).toFixed(2)} s | ` +
          `rclone ${(b.ms / 1000).toFixed(2)} s (${mibps(b.ms).toFixed(0)} MiB/s) | ours in line ${(c.ms / 1000).toFixed(2)} s (${mibps(c.ms).toFixed(0)} MiB/s; completions Σ ${(c.completeMs / 1000).toFixed(2)} s)`,
      );
    }
    const m = { puts: median(puts), ref: median(ref), inline: median(inline) };
    console.log(`\n${FILES} × ${FILE_BYTES / MIB} MiB to RGW, medians of ${RUNS}, concurrency ${CONCURRENCY}:`);
    console.log(`  ours (start + PUTs, completions held back) ${(m.puts / 1000).toFixed(2)} s = ${mibps(m.puts).toFixed(0)} MiB/s`);
    console.log(`  rclone copy                                ${(m.ref / 1000).toFixed(2)} s = ${mibps(m.ref).toFixed(0)} MiB/s`);
    console.log(`  throughput ours ÷ rclone: ${(m.ref / m.puts).toFixed(2)} (bar ≥ 1.0)`);
    console.log(`  cloud read-back of the ${FILES} files (completions, ${CONCURRENCY} at a time): ${(median(readBacks) / 1000).toFixed(2)} s`);
    console.log(`  ours end to end, completions in line: ${(m.inline / 1000).toFixed(2)} s = ${mibps(m.inline).toFixed(0)} MiB/s (Σ completion calls ${(median(inlineComplete) / 1000).toFixed(2)} s)`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const load = () => loadavg().map((l) => l.toFixed(2)).join(' ');
console.log(`load average (1/5/15 min) at start: ${load()}`);
await main();
console.log(`load average at end: ${load()}`);
