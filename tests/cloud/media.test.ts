import { randomUUID } from 'node:crypto';
import { HeadObjectCommand } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DownloadResponse, UploadCompleteResponse, UploadStartResponse, mediaKey } from '../../src-shared/cloud';
import {
  Device,
  backendNames,
  bytes,
  joinCoach,
  partBytes,
  planFor,
  registerUser,
  sendSigned,
  stamp,
  startBackend,
  startTcpProxy,
  startTestCloud,
  youtubeAsset,
  type Api,
  type Backend,
  type TestCloud,
  type TestUser,
} from './support';

const MiB = 1024 * 1024;

it('runs against Ceph RGW in CI', () => {
});

async function uploadWhole(api: Api, user: TestUser, data: Buffer, partSize = data.length) {
  const plan = planFor(data, partSize);
  const started = UploadStartResponse.parse((await api.post('/api/media/uploads', plan, user.token)).body);
  if (started.status !== 'upload') return { plan, started, completed: null };
  const etags = [];
  for (const part of started.parts) {
    const res = await sendSigned(part.request, partBytes(data, partSize, part.number));
    expect(res.status).toBe(200);
    etags.push({ number: part.number, etag: res.headers.get('etag') ?? '' });
  }
  const completed = await api.post(`/api/media/uploads/${started.uploadId}/complete`, { parts: etags }, user.token);
  return { plan, started, completed };
}

const objectExists = async (backend: Backend, key: string) => {
  try {
    await backend.client.send(new HeadObjectCommand({ Bucket: backend.s3.bucket, Key: key }));
    return true;
  } catch {
    return false;
  }
};

describe.each(backendNames())('media against %s', (name) => {
  let backend: Backend;
  let proxy: Awaited<ReturnType<typeof startTcpProxy>>;
  let cloud: TestCloud;
  beforeAll(async () => {
    backend = await startBackend(name);
    // Clients reach storage through a forwarder under another host:port: signed URLs must name it.
    proxy = await startTcpProxy(backend.s3.endpoint);
    cloud = await startTestCloud(backend, { s3: { ...backend.s3, publicEndpoint: proxy.endpoint } });
  });
  afterAll(async () => {
    await cloud?.close();
    await proxy?.close();
    await backend?.close();
  });

  it('takes one signed PUT, verifies it by reading it back, then calls the bytes present for their owner only', async () => {
    const coach = await registerUser(cloud.api, 'coach');
    const data = bytes(300 * 1024, 1);
    const { plan, started, completed } = await uploadWhole(cloud.api, coach, data);
    if (started.status !== 'upload') throw new Error('expected an upload');
    expect(started.parts).toHaveLength(1);
    const signed = started.parts[0]!.request;
    expect(new URL(signed.url).host).toBe(new URL(proxy.endpoint).host);
    expect(signed.headers).toMatchObject({ 'content-md5': plan.parts[0]!.md5, 'x-amz-checksum-sha256': plan.parts[0]!.sha256 });
    expect(new URL(signed.url).searchParams.get('X-Amz-SignedHeaders')).toMatch(/content-md5.*x-amz-checksum-sha256/);
    expect(completed!.status).toBe(200);
    expect(UploadCompleteResponse.parse(completed!.body)).toEqual({ status: 'verified', sha256: plan.sha256, size: data.length });

    expect((await cloud.api.post('/api/media/uploads', plan, coach.token)).body).toEqual({ status: 'present' });
    const other = await registerUser(cloud.api, 'coach');
    const theirs = await cloud.api.post('/api/media/uploads', plan, other.token);
    expect(theirs.body.status).toBe('upload');
    expect(theirs.body.parts[0].request.url).toContain(encodeURI(mediaKey(other.id, plan.sha256)));
  });

  it('refuses a plan that does not add up', async () => {
    const coach = await registerUser(cloud.api, 'coach');
    const plan = planFor(bytes(11 * MiB, 2), 5 * MiB);
    const gap = await cloud.api.post('/api/media/uploads', { ...plan, parts: [plan.parts[0], plan.parts[2]] }, coach.token);
    expect(gap.status).toBe(400);
    const wrongSize = await cloud.api.post('/api/media/uploads', { ...plan, size: plan.size + 1 }, coach.token);
    expect(wrongSize.status).toBe(400);
    const small = planFor(bytes(6 * MiB, 2), 1 * MiB);
    expect((await cloud.api.post('/api/media/uploads', small, coach.token)).body.error.message).toMatch(/at least 5 MiB/);
  });

  it('uploads ~11 MiB in 5 MiB parts, resumes keeping the parts done, and serves the exact bytes to those who may see them', async () => {
    const coach = await registerUser(cloud.api, 'coach');
    const student = await registerUser(cloud.api, 'student');
    const stranger = await registerUser(cloud.api, 'student');
    await joinCoach(cloud.api, coach, student);
    const data = bytes(11 * MiB + 12345, 3);
    const plan = planFor(data, 5 * MiB);
    const first = UploadStartResponse.parse((await cloud.api.post('/api/media/uploads', plan, coach.token)).body);
    if (first.status !== 'upload') throw new Error('expected an upload');
    expect(first.parts.map((p) => p.number)).toEqual([1, 2, 3]);
    // Two parts make it before the connection drops.
    for (const part of first.parts.slice(0, 2)) expect((await sendSigned(part.request, partBytes(data, 5 * MiB, part.number))).status).toBe(200);

    const resumed = UploadStartResponse.parse((await cloud.api.post('/api/media/uploads', { ...plan, resume: first.uploadId }, coach.token)).body);
    if (resumed.status !== 'upload') throw new Error('expected an upload');
    expect(resumed.uploadId).toBe(first.uploadId);
    let parts: { number: number; etag: string }[];
    if (backend.listsParts) {
      expect(resumed.done.map((d) => d.number)).toEqual([1, 2]);
      expect(resumed.parts.map((p) => p.number)).toEqual([3]);
      const last = await sendSigned(resumed.parts[0]!.request, partBytes(data, 5 * MiB, 3));
      expect(last.status).toBe(200);
      parts = [...resumed.done, { number: 3, etag: last.headers.get('etag') ?? '' }];
    } else {
      // No ListParts (s3rver): every part is signed again, and sending one twice replaces it.
      expect(resumed.done).toEqual([]);
      expect(resumed.parts.map((p) => p.number)).toEqual([1, 2, 3]);
      parts = [];
      for (const part of resumed.parts) {
        const res = await sendSigned(part.request, partBytes(data, 5 * MiB, part.number));
        expect(res.status).toBe(200);
        parts.push({ number: part.number, etag: res.headers.get('etag') ?? '' });
      }
    }
    const completed = await cloud.api.post(`/api/media/uploads/${first.uploadId}/complete`, { parts }, coach.token);
    expect(completed.status).toBe(200);
    expect(completed.body).toEqual({ status: 'verified', sha256: plan.sha256, size: data.length });

    // The asset's record, then an exercise using it: the student may download, a stranger may not.
    const device = new Device(cloud.api, coach);
    const assetId = randomUUID();
    const asset = { ...youtubeAsset(coach.id), video_type: 'upload', youtube_url: null, checksum_sha256: plan.sha256, size_bytes: data.length };
    expect((await device.upsert('videoasset', assetId, asset, stamp(1))).status).toBe('applied');
    const exercise = { name: 'Big video', description: null, video_asset: assetId, created_by: coach.id, created_at: '2026-01-01T00:00:00.000Z', updated_at: '2026-01-01T00:00:00.000Z' };
    expect((await device.upsert('exercise', randomUUID(), exercise, stamp(2))).status).toBe('applied');

    const forStranger = await cloud.api.get(`/api/media/${assetId}/download`, stranger.token);
    expect(forStranger.status).toBe(404);
    expect((await cloud.api.get(`/api/media/${randomUUID()}/download`, student.token)).status).toBe(404);
    const forStudent = await cloud.api.get(`/api/media/${assetId}/download`, student.token);
    expect(forStudent.status).toBe(200);
    const download = DownloadResponse.parse(forStudent.body);
    expect(download).toMatchObject({ sha256: plan.sha256, size: data.length });
    const got = await sendSigned(download.request);
    expect(got.status).toBe(200);
    expect(Buffer.from(await got.arrayBuffer()).equals(data)).toBe(true);
  });

  it('starts a new upload when storage has forgotten the one being resumed (or, unable to list, signs every part again)', async () => {
    const coach = await registerUser(cloud.api, 'coach');
    const data = bytes(10 * MiB + 1, 4);
    const plan = planFor(data, 5 * MiB);
    const first = (await cloud.api.post('/api/media/uploads', plan, coach.token)).body;
    if (!backend.listsParts) {
      // s3rver can neither list nor abort a multipart upload: the cloud says it could not list, and
      // signs every part again under the same upload (the client then skips the parts it recorded).
      const resumed = (await cloud.api.post('/api/media/uploads', { ...plan, resume: first.uploadId }, coach.token)).body;
      expect(resumed).toMatchObject({ status: 'upload', uploadId: first.uploadId, listed: false, done: [] });
      expect(resumed.parts).toHaveLength(3);
      return;
    }
    const s3UploadId = cloud.cloud.db.prepare('SELECT s3_upload_id FROM cloud_uploads WHERE id = ?').pluck().get(first.uploadId) as string;
    const { AbortMultipartUploadCommand } = await import('@aws-sdk/client-s3');
    await backend.client.send(new AbortMultipartUploadCommand({ Bucket: backend.s3.bucket, Key: mediaKey(coach.id, plan.sha256), UploadId: s3UploadId }));
    const again = (await cloud.api.post('/api/media/uploads', { ...plan, resume: first.uploadId }, coach.token)).body;
    expect(again.status).toBe('upload');
    expect(again.uploadId).not.toBe(first.uploadId);
    expect(again.parts).toHaveLength(3);
  });

  it('never keeps a part whose bytes do not match its signed Content-MD5', async () => {
    const coach = await registerUser(cloud.api, 'coach');
    const data = bytes(10 * MiB + 7, 5);
    const plan = planFor(data, 5 * MiB);
    const started = (await cloud.api.post('/api/media/uploads', plan, coach.token)).body;
    const corrupt = Buffer.from(partBytes(data, 5 * MiB, 1));
    corrupt.writeUInt8(corrupt.readUInt8(1000) ^ 0xff, 1000);
    const res = await sendSigned(started.parts[0].request, corrupt);
    if (backend.verifiesContentMd5) {
      // Real S3 (RGW here) refuses the part itself.
      expect(res.status).toBe(400);
      expect(await res.text()).toMatch(/BadDigest/);
      return;
    }
    // s3rver stores anything: the read-back at completion is what catches it.
    expect(res.status).toBe(200);
    const etags = [{ number: 1, etag: res.headers.get('etag') ?? '' }];
    for (const part of started.parts.slice(1)) {
      const ok = await sendSigned(part.request, partBytes(data, 5 * MiB, part.number));
      etags.push({ number: part.number, etag: ok.headers.get('etag') ?? '' });
    }
    const completed = await cloud.api.post(`/api/media/uploads/${started.uploadId}/complete`, { parts: etags }, coach.token);
    expect(completed.status).toBe(409);
    expect(completed.body.error.code).toBe('checksum-mismatch');
  });

  it('deletes a completed object whose bytes are not the ones promised (checksum-mismatch)', async () => {
    const coach = await registerUser(cloud.api, 'coach');
    const promised = bytes(10 * MiB + 99, 6);
    const actual = bytes(10 * MiB + 99, 7);
    // A plan whose parts describe other bytes than the file hash: every part passes storage's checks.
    const plan = { ...planFor(actual, 5 * MiB), sha256: planFor(promised).sha256 };
    const started = (await cloud.api.post('/api/media/uploads', plan, coach.token)).body;
    const etags = [];
    for (const part of started.parts) {
      const res = await sendSigned(part.request, partBytes(actual, 5 * MiB, part.number));
      expect(res.status).toBe(200);
      etags.push({ number: part.number, etag: res.headers.get('etag') ?? '' });
    }
    const completed = await cloud.api.post(`/api/media/uploads/${started.uploadId}/complete`, { parts: etags }, coach.token);
    expect(completed.status).toBe(409);
    expect(completed.body.error.code).toBe('checksum-mismatch');
    expect(await objectExists(backend, mediaKey(coach.id, plan.sha256))).toBe(false);
    expect((await cloud.api.post('/api/media/uploads', plan, coach.token)).body.status).toBe('upload');
  });

  it('answers not-uploaded when completing a PUT that never arrived', async () => {
    const coach = await registerUser(cloud.api, 'coach');
    const plan = planFor(bytes(1000, 8));
    const started = (await cloud.api.post('/api/media/uploads', plan, coach.token)).body;
    const completed = await cloud.api.post(`/api/media/uploads/${started.uploadId}/complete`, { parts: [] }, coach.token);
    expect(completed.status).toBe(409);
    expect(completed.body.error.code).toBe('not-uploaded');
    const other = await registerUser(cloud.api, 'coach');
    expect((await cloud.api.post(`/api/media/uploads/${started.uploadId}/complete`, { parts: [] }, other.token)).status).toBe(404);
  });
});
