import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { GetObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seededRandom, startFaultProxy, type Fault, type FaultProxy } from '../support/fault-proxy';
import { makeClipFile } from '../support/media-session';
import { s3ClientConfig, s3Servers, type StartedS3 } from '../support/s3-servers';
import { PASSWORD, makeClient, makeCloud, type Client } from '../support/sync-world';

const SEED = Number(process.env['FAULT_SEED'] ?? 20261124);
const sha256 = (data: Buffer) => createHash('sha256').update(data).digest('hex');

/**
 * A fault-injecting proxy in front of the cloud API and in front of S3 (the signed URLs point at it):
 * resets mid-body, stalls, truncated answers, 500s and 429s (some after the server acted), flipped
 * bytes. Sync must still converge, accept no object with a wrong checksum, and duplicate nothing.
 * The seed is printed on failure; FAULT_SEED=<n> replays a run.
 */
describe.each(s3Servers())('sync through a faulty network, with $name', ({ start }) => {
  let s3: StartedS3;
  let s3Proxy: FaultProxy;
  let apiProxy: FaultProxy;
  let cloud: Awaited<ReturnType<typeof makeCloud>>;
  let coach: Client;
  let student: Client;
  let media: string;

  beforeAll(async () => {
    s3 = await start();
    const target = new URL(s3.endpoint);
    s3Proxy = await startFaultProxy({ target: { host: target.hostname, port: Number(target.port) } });
    cloud = await makeCloud(s3, { publicEndpoint: s3Proxy.url });
    const api = new URL(cloud.url);
    apiProxy = await startFaultProxy({ target: { host: api.hostname, port: Number(api.port) } });
    media = mkdtempSync(join(tmpdir(), 'coachframe-faults-'));
    coach = await makeClient('fcoach', 'coach', { timeoutMs: 1500 });
    student = await makeClient('fstudent', 'student', { timeoutMs: 1500 });
  }, 60_000);
  afterAll(async () => {
    coach?.dispose();
    student?.dispose();
    await apiProxy?.close();
    await cloud?.close();
    await s3Proxy?.close();
    await s3?.close();
    rmSync(media, { recursive: true, force: true });
  });

  /** Calls that meet a fault are simply tried again, as a person would press the button again. */
  async function retry<T>(fn: () => Promise<T>, tries = 30): Promise<T> {
    for (let i = 1; ; i++) {
      try {
        return await fn();
      } catch (error) {
        if (i >= tries) throw error;
      }
    }
  }
  async function syncUntil(done: () => boolean, label: string) {
    for (let pass = 0; pass < 80; pass++) {
      for (const c of [coach, student]) await c.sync().catch(() => undefined);
      if (done()) return pass;
    }
    throw new Error(`${label}: no convergence after 80 passes (seed ${SEED}); faults: ${JSON.stringify(apiProxy.stats.faults)} / ${JSON.stringify(s3Proxy.stats.faults)}`);
  }

  it('converges, verifies every byte, and duplicates nothing', async () => {
    const noise = (name: string, seconds: number) =>
      makeClipFile(media, name, ['-f', 'lavfi', '-i', `nullsrc=s=640x360:r=30:d=${seconds},geq=random(1)*255:128:128`, '-c:v', 'libx264', '-preset', 'ultrafast', '-qp', '0', '-pix_fmt', 'yuv420p']);
    const small = (name: string, color: string) =>
      makeClipFile(media, name, ['-f', 'lavfi', '-i', `color=c=${color}:size=320x180:rate=30:duration=1`, '-c:v', 'libx264', '-preset', 'ultrafast', '-pix_fmt', 'yuv420p']);
    // Set up while the network is healthy: accounts and the roster.
    await coach.call('sync.register', { cloudUrl: apiProxy.url, password: PASSWORD });
    await student.call('sync.register', { cloudUrl: apiProxy.url, password: PASSWORD });
    const invite = await coach.call<{ code: string }>('sync.createInvite');
    await student.call('sync.joinRoster', { code: invite.code });

    // Work made offline on both sides, then synced through faults on every connection.
    const model = noise('model.mp4', 7); // about 75 MB: a multipart upload of five parts
    const modelId = await coach.importVideo(model);
    const ex = await coach.call<{ id: string }>('exercises.create', { name: 'Serve', videoAsset: modelId });
    for (let i = 0; i < 5; i++) await coach.call('comments.create', { exercise: ex.id, text: `note ${i}` });
    apiProxy.setFaults({ seed: SEED, rate: 0.3 });
    // Few requests go to storage (a handful of parts and files): the first PUT is cut mid-body, the
    // next PUT is stored but its answer lost, the first download has a byte flipped; then random.
    const rnd = seededRandom(SEED + 1);
    const later: Fault[] = [{ kind: 'stall', ms: 400 }, { kind: 'truncate', afterBodyBytes: 2000 }, { kind: 'reset-response', afterBodyBytes: 100 }, { kind: 'status', status: 503 }];
    let puts = 0;
    let gets = 0;
    s3Proxy.setFaults((req): Fault | null => {
      if (req.method === 'PUT' && ++puts <= 2) return puts === 1 ? { kind: 'reset-request', afterBodyBytes: 100_000 } : { kind: 'status', status: 500, reachServer: true };
      if (req.method === 'GET' && ++gets === 1) return { kind: 'flip', offset: 5000 };
      return rnd() < 0.4 ? later[Math.floor(rnd() * later.length)]! : null;
    });
    await syncUntil(() => student.db().prepare('SELECT count(*) AS n FROM exercises_exercise').get() !== undefined &&
      (student.db().prepare("SELECT local_state FROM core_videoasset WHERE id = ?").get(modelId) as { local_state?: string } | undefined)?.local_state === 'local' &&
      coach.core.sync().status().pending === 0, 'exercise to the student');

    const attemptId = await student.importVideo(small('attempt.mp4', 'red'));
    const submission = await retry(() => student.call<{ id: string }>('submissions.create', { exercise: ex.id, videoAsset: attemptId }));
    await syncUntil(() => coach.db().prepare('SELECT 1 FROM submissions_submission WHERE id = ?').get(submission.id) !== undefined, 'attempt to the coach');
    const replyId = await coach.importVideo(small('reply.mp4', 'green'));
    const reply = await coach.call<{ id: string }>('comments.create', { exercise: ex.id, submission: submission.id, videoAsset: replyId, text: 'Elbow up' });
    await syncUntil(
      () =>
        (student.db().prepare('SELECT local_state FROM core_videoasset WHERE id = ?').get(replyId) as { local_state?: string } | undefined)?.local_state === 'local' &&
        coach.core.sync().status().pending === 0 &&
        student.core.sync().status().pending === 0 &&
        (coach.db().prepare('SELECT local_state FROM core_videoasset WHERE id = ?').get(attemptId) as { local_state?: string } | undefined)?.local_state === 'local',
      'reply to the student',
    );
    apiProxy.setFaults(null);
    s3Proxy.setFaults(null);

    // The faults really happened, of many kinds, on both connections.
    const kinds = (p: FaultProxy) => Object.entries(p.stats.faults).filter(([, n]) => n > 0).map(([k]) => k);
    expect(kinds(apiProxy).length, JSON.stringify(apiProxy.stats.faults)).toBeGreaterThanOrEqual(4);
    expect(kinds(s3Proxy).length, `${s3Proxy.stats.requests} requests: ${JSON.stringify(s3Proxy.stats.faults)}`).toBeGreaterThanOrEqual(2);

    // Every object the cloud accepted has exactly the bytes its key names.
    const direct = new S3Client(s3ClientConfig(s3));
    const objects = cloud.db.prepare('SELECT owner, sha256, size FROM cloud_objects').all() as { owner: string; sha256: string; size: number }[];
    expect(objects.length).toBe(3);
    for (const o of objects) {
      const got = await direct.send(new GetObjectCommand({ Bucket: s3.bucket, Key: `users/${o.owner}/media/${o.sha256}` }));
      const body = Buffer.from(await got.Body!.transformToByteArray());
      expect(sha256(body)).toBe(o.sha256);
      expect(body.length).toBe(o.size);
    }
    direct.destroy();
    // What each side holds is verified and the same.
    for (const [c, id, file] of [[student, modelId, model], [coach, attemptId, join(media, 'attempt.mp4')], [student, replyId, join(media, 'reply.mp4')]] as const) {
      const row = c.db().prepare('SELECT storage_path FROM core_videoasset WHERE id = ?').get(id) as { storage_path: string };
      expect(sha256(readFileSync(c.core.store().media.absolute(row.storage_path)))).toBe(sha256(readFileSync(file)));
    }
    // Nothing duplicated: one record per thing made, on the cloud and on both sides.
    for (const db of [cloud.db, coach.db(), student.db()]) {
      expect(db.prepare("SELECT count(*) AS n FROM exercises_exercise WHERE name LIKE 'Serve%'").get()).toEqual({ n: 1 });
      expect(db.prepare('SELECT count(*) AS n FROM comments_videocomment').get()).toEqual({ n: 6 });
      expect(db.prepare('SELECT count(*) AS n FROM submissions_submission').get()).toEqual({ n: 1 });
    }
    expect(student.db().prepare('SELECT text FROM comments_videocomment WHERE id = ?').get(reply.id)).toEqual({ text: 'Elbow up' });
    for (const c of [coach, student]) expect(c.core.sync().status().failures).toEqual([]);
  }, 300_000);
});
