/**
 * A sync pass with nothing to do (`npm run bench:sync`, part 2): it makes no S3 request, and its time
 * over 10,000 already-synced assets is ≤ 1.2 × its time over 100.
 *
 * Two worlds, each a reference cloud (own s3rver bucket) and one coach's desktop client (`makeClient`):
 * one with SMALL (100) assets, one with LARGE (10,000). The synced state is built cheaply but through
 * the engine: asset rows are written straight into the client database together with their outbox
 * mutations (the profile's own `ChangeLog`, as an import writes them) and marked uploaded
 * (`sync_uploaded`), the cloud is told their bytes are verified (`cloud_objects`), and one real pass
 * pushes the records (batches of 500) and pulls the feed to its end. Then the outbox is empty and the
 * cursor is at the end: exactly the state after a user's last sync.
 *
 * The pass timed is the one the scheduler runs, `core.sync().syncOnce()` (push, pull, background
 * downloads), in this process with the cloud. An in-process fault proxy stands in front of S3 both as
 * the cloud's endpoint and as the public endpoint of signed URLs, so every S3 request of either side
 * is counted; a second one in front of the cloud's API counts API calls during COUNT_PASSES passes,
 * after which the client signs in directly so the proxy's hop is not timed.
 * PASSES passes per world (default 300) after 20 warm-up passes, alternating worlds so both see the
 * same noise; wall time and the process's CPU time (client and cloud together) per pass. Then, as an
 * experiment, the same again with two partial indexes added to the client databases (see the doc).
 */
import { createHash, randomUUID } from 'node:crypto';
import { loadavg } from 'node:os';
import { performance } from 'node:perf_hooks';
import { startFaultProxy, type FaultProxy } from '../support/fault-proxy';
import { s3Servers, type StartedS3 } from '../support/s3-servers';
import { PASSWORD, makeClient, makeCloud, type Client } from '../support/sync-world';

const SMALL = Number(process.env['SYNC_BENCH_SMALL'] ?? 100);
const LARGE = Number(process.env['SYNC_BENCH_LARGE'] ?? 10_000);
const PASSES = Number(process.env['SYNC_BENCH_PASSES'] ?? 300);
const WARMUP = 20;
const COUNT_PASSES = 10;

const hostPort = (url: string) => {
  const u = new URL(url);
  return { host: u.hostname, port: Number(u.port || 80) };
};
const pct = (xs: number[], p: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(xs.length * p))]!;

interface World {
  assets: number;
  client: Client;
  cloudUrl: string;
  s3Proxy: FaultProxy;
  apiProxy: FaultProxy;
  apiRequests: Map<string, number>;
  wall: number[];
  cpu: number[];
  close(): Promise<void>;
}

async function world(assets: number): Promise<World> {
  const s3: StartedS3 = await s3Servers()[0]!.start();
  const s3Proxy = await startFaultProxy({ target: hostPort(s3.endpoint) });
  // Every S3 request, the cloud's own and the signed ones, goes through the proxy.
  const cloud = await makeCloud({ ...s3, endpoint: s3Proxy.url }, { publicEndpoint: s3Proxy.url });
  const apiRequests = new Map<string, number>();
  const apiProxy = await startFaultProxy({
    target: hostPort(cloud.url),
    plan: (req) => {
      const key = `${req.method} ${req.target.split('?')[0]}`;
      apiRequests.set(key, (apiRequests.get(key) ?? 0) + 1);
      return null;
    },
  });
  const client = await makeClient(`coach${assets}`, 'coach', { timeoutMs: 120_000 });
  await client.call('sync.register', { cloudUrl: apiProxy.url, password: PASSWORD });
  await client.sync();

  // Assets as an import leaves them (row + outbox mutation), bytes marked as verified on both sides.
  const store = client.core.store();
  const owner = client.id;
  const objects = cloud.db.prepare('INSERT INTO cloud_objects (owner, sha256, size, verified_at) VALUES (?, ?, ?, ?)');
  const uploaded = store.db.prepare('INSERT INTO sync_uploaded (sha256) VALUES (?)');
  const insert = store.db.prepare(
    `INSERT INTO core_videoasset (id, orig_filename, storage_path, mime_type, size_bytes, checksum_sha256, video_type, duration_sec, duration_ms,
       width, height, processing_status, created_at, updated_at, owner, local_state)
     VALUES (@id, @orig_filename, @storage_path, @mime_type, @size_bytes, @checksum_sha256, @video_type, @duration_sec, @duration_ms,
       @width, @height, 'ready', @created_at, @updated_at, @owner, 'local')`,
  );
  const seed = cloud.db.transaction(() => {
    store.write(() => {
      for (let i = 0; i < assets; i++) {
        const sha = createHash('sha256').update(`${owner}:${i}`).digest('hex');
        const at = new Date(Date.parse('2026-01-01T00:00:00Z') + i * 60_000).toISOString();
        const row = {
          id: randomUUID(), orig_filename: `session-${i}.mp4`, storage_path: `media/${sha.slice(0, 2)}/${sha}.mp4`, mime_type: 'video/mp4',
          size_bytes: 50_000_000 + i, checksum_sha256: sha, video_type: 'upload', duration_sec: 60, duration_ms: 60_000, width: 1920, height: 1080,
          created_at: at, updated_at: at, owner,
        };
        insert.run(row);
        const { id: _id, storage_path: _path, ...synced } = row;
        store.changes.upsert('videoasset', row.id, { ...synced, youtube_url: null });
        uploaded.run(sha);
        objects.run(owner, sha, row.size_bytes, at);
      }
    });
  });
  const seedStart = performance.now();
  seed();
  const pending = client.core.sync().status().pending;
  const push = await client.core.sync().syncOnce();
  if (client.core.sync().status().pending !== 0) throw new Error(`${assets}: outbox not empty after the first pass`);
  const unsynced = (store.db.prepare("SELECT count(*) AS n FROM sync_record_state WHERE state <> 'synced'").get() as { n: number }).n;
  const onCloud = (cloud.db.prepare("SELECT count(*) AS n FROM cloud_records WHERE entity = 'videoasset'").get() as { n: number }).n;
  if (unsynced !== 0 || onCloud !== assets) throw new Error(`${assets}: ${unsynced} records not synced, ${onCloud} assets on the cloud`);
  console.log(
    `world of ${assets} assets: ${pending} mutations pushed (${push?.pushed}), ${push?.pulled} records pulled, ` +
      `${push?.uploadedBytes} bytes uploaded, in ${((performance.now() - seedStart) / 1000).toFixed(1)} s; S3 requests so far ${s3Proxy.stats.requests}`,
  );
  return {
    assets,
    client,
    cloudUrl: cloud.url,
    s3Proxy,
    apiProxy,
    apiRequests,
    wall: [],
    cpu: [],
    close: async () => {
      client.dispose();
      await apiProxy.close();
      await cloud.close();
      await s3Proxy.close();
      await s3.close();
    },
  };
}

async function pass(w: World, record: boolean): Promise<void> {
  const cpu = process.cpuUsage();
  const start = performance.now();
  const result = await w.client.core.sync().syncOnce();
  const wall = performance.now() - start;
  const used = process.cpuUsage(cpu);
  if (!result || result.pushed !== 0 || result.pulled !== 0 || result.uploadedBytes !== 0) throw new Error(`${w.assets}: the pass had work to do: ${JSON.stringify(result)}`);
  if (record) {
    w.wall.push(wall);
    w.cpu.push((used.user + used.system) / 1000);
  }
}

/** PASSES timed passes per world after WARMUP, alternating worlds (and which goes first). */
async function measure(worlds: World[], label: string): Promise<void> {
  for (const w of worlds) {
    w.wall = [];
    w.cpu = [];
  }
  for (let i = 0; i < WARMUP; i++) for (const w of worlds) await pass(w, false);
  for (let i = 0; i < PASSES; i++) for (const w of i % 2 ? [...worlds].reverse() : worlds) await pass(w, true);
  console.log(`\n${label}: ${PASSES} passes each after ${WARMUP} warm-up passes, alternating`);
  for (const w of worlds) {
    console.log(
      `  ${String(w.assets).padStart(6)} assets: wall p50 ${pct(w.wall, 0.5).toFixed(2)} ms, p90 ${pct(w.wall, 0.9).toFixed(2)} ms, p99 ${pct(w.wall, 0.99).toFixed(2)} ms; ` +
        `CPU p50 ${pct(w.cpu, 0.5).toFixed(2)} ms`,
    );
  }
  const [small, large] = worlds as [World, World];
  console.log(`  wall p50 ${LARGE} ÷ ${SMALL}: ${(pct(large.wall, 0.5) / pct(small.wall, 0.5)).toFixed(2)} (bar ≤ 1.2); p90 ${(pct(large.wall, 0.9) / pct(small.wall, 0.9)).toFixed(2)}`);
  console.log(`  CPU p50 ${LARGE} ÷ ${SMALL}: ${(pct(large.cpu, 0.5) / pct(small.cpu, 0.5)).toFixed(2)}`);
}

/** `sync.status()`, which the scheduler calls as every pass starts and ends (not part of `syncOnce()`). */
function statusCost(worlds: World[]): void {
  const times = worlds.map(() => [] as number[]);
  for (let i = 0; i < 20 + PASSES; i++) {
    for (const [n, w] of worlds.entries()) {
      const start = performance.now();
      w.client.core.sync().status();
      if (i >= 20) times[n]!.push(performance.now() - start);
    }
  }
  console.log(`  sync.status() p50: ${worlds.map((w, n) => `${w.assets} assets ${pct(times[n]!, 0.5).toFixed(3)} ms`).join(', ')}`);
}

async function main() {
  const worlds = [await world(SMALL), await world(LARGE)];
  try {
    const s3Before = worlds.map((w) => w.s3Proxy.stats.requests);
    const apiCalls: string[] = [];
    // Counted through the API proxy.
    for (const w of worlds) {
      w.apiRequests.clear();
      for (let i = 0; i < COUNT_PASSES; i++) await pass(w, false);
      apiCalls.push(`${w.assets} assets: ${[...w.apiRequests].map(([k, n]) => `${k} ×${n}`).join(', ') || 'none'}`);
      // From now on straight to the cloud: the proxy's hop is not part of the pass.
      await w.client.call('sync.signIn', { cloudUrl: w.cloudUrl, username: w.client.name, password: PASSWORD });
    }
    await measure(worlds, 'as shipped');
    statusCost(worlds);
    // An experiment, not shipped: the partial indexes proposed in docs/BENCHMARKS.md, added to these
    // two client databases only, to show what they would change.
    for (const w of worlds) {
      w.client.db().exec(
        `CREATE INDEX bench_videoasset_remote ON core_videoasset(created_at) WHERE local_state = 'remote' AND checksum_sha256 IS NOT NULL;
         CREATE INDEX bench_record_state_failed ON sync_record_state(updated_at) WHERE state IN ('rejected', 'conflict');`,
      );
    }
    await measure(worlds, 'with the proposed partial indexes (experiment)');
    statusCost(worlds);
    const s3Requests = worlds.map((w, i) => w.s3Proxy.stats.requests - s3Before[i]!);
    const passes = COUNT_PASSES + 2 * (WARMUP + PASSES);
    console.log(`\nS3 requests in ${passes} nothing-to-do passes per world: ${s3Requests.join(' and ')} (bar: 0)`);
    console.log(`API calls in ${COUNT_PASSES} passes (through the proxy): ${apiCalls.join('; ')}`);
  } finally {
    for (const w of worlds) await w.close();
  }
}

const load = () => loadavg().map((l) => l.toFixed(2)).join(' ');
console.log(`load average (1/5/15 min) at start: ${load()}`);
await main();
console.log(`load average at end: ${load()}`);
