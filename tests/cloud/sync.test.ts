import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PullResponse, PushResponse } from '../../src-shared/cloud';
import {
  Device,
  bytes,
  joinCoach,
  planFor,
  pullAll,
  registerUser,
  sendSigned,
  stamp,
  startBackend,
  startTestCloud,
  youtubeAsset,
  type Backend,
  type TestCloud,
  type TestUser,
} from './support';

let backend: Backend;
let cloud: TestCloud;
beforeAll(async () => {
  backend = await startBackend('s3rver');
  cloud = await startTestCloud(backend);
});
afterAll(async () => {
  await cloud?.close();
  await backend?.close();
});

const exercise = (owner: string, name: string, extra: Record<string, string | null> = {}) => ({
  name,
  description: null,
  video_asset: null,
  created_by: owner,
  created_at: '2026-01-01T00:00:00.000Z',
  updated_at: '2026-01-01T00:00:00.000Z',
  ...extra,
});

describe('push: exactly once', () => {
  it('answers a replay with duplicate and the first answer, and refuses ids that arrive late', async () => {
    const coach = await registerUser(cloud.api, 'coach');
    const device = new Device(cloud.api, coach);
    const first = device.mutation('exercise', randomUUID(), Object.fromEntries(Object.entries(exercise(coach.id, 'Serve')).map(([k, v]) => [k, { value: v, hlc: stamp(1) }])));
    const results = PushResponse.parse({ results: await device.push(first) }).results;
    expect(results).toEqual([{ mutationId: first.mutationId, status: 'applied' }]);

    // The answer was lost; the client sends the same mutation again.
    expect(await device.push(first)).toEqual([{ mutationId: first.mutationId, status: 'duplicate', original: 'applied' }]);
    const seq = cloud.cloud.db.prepare("SELECT seq FROM cloud_records WHERE id = ?").pluck().get(first.id);

    // A conflict's replay carries the same record.
    const clash = device.mutation('exercise', randomUUID(), Object.fromEntries(Object.entries(exercise(coach.id, 'Serve')).map(([k, v]) => [k, { value: v, hlc: stamp(2) }])));
    const [renamed] = await device.push(clash);
    expect(renamed.status).toBe('conflict');
    const [again] = await device.push(clash);
    expect(again).toEqual({ mutationId: clash.mutationId, status: 'duplicate', original: 'conflict', record: renamed.record });
    expect(cloud.cloud.db.prepare("SELECT COUNT(*) FROM exercises_exercise WHERE created_by = ?").pluck().get(coach.id)).toBe(2);
    expect(cloud.cloud.db.prepare("SELECT seq FROM cloud_records WHERE id = ?").pluck().get(first.id)).toBe(seq);

    // Ids increase per client; one the server never saw, below the last, arrived out of order.
    const late = { ...first, mutationId: 1, id: randomUUID() };
    const skipped = device.mutation('tag', randomUUID(), { name: { value: 'late-tag', hlc: stamp(3) }, created_at: { value: '2026-01-01T00:00:00.000Z', hlc: stamp(3) } });
    skipped.mutationId += 10;
    expect((await device.push(skipped))[0].status).toBe('applied');
    const outOfOrder = { ...late, mutationId: skipped.mutationId - 5 };
    const [refused] = await device.push(outOfOrder);
    expect(refused).toMatchObject({ status: 'rejected', code: 'bad-request' });
  });

  it('gives a client id to the first account that pushes with it', async () => {
    const a = await registerUser(cloud.api, 'coach');
    const b = await registerUser(cloud.api, 'coach');
    const da = new Device(cloud.api, a);
    await da.upsert('tag', randomUUID(), { name: `owned-${a.id}`, created_at: '2026-01-01T00:00:00.000Z' }, stamp(1));
    const db = new Device(cloud.api, b, da.clientId);
    const [result] = await db.push(db.mutation('tag', randomUUID(), { name: { value: 'x', hlc: stamp(1) } }));
    expect(result).toMatchObject({ status: 'rejected', code: 'forbidden' });
  });
});

describe('push: who may write what', () => {
  let coach: TestUser;
  let student: TestUser;
  let other: TestUser;
  let exerciseId: string;
  let submissionId: string;
  beforeAll(async () => {
    coach = await registerUser(cloud.api, 'coach');
    student = await registerUser(cloud.api, 'student');
    other = await registerUser(cloud.api, 'student');
    await joinCoach(cloud.api, coach, student);
    await joinCoach(cloud.api, coach, other);
    const cd = new Device(cloud.api, coach);
    exerciseId = randomUUID();
    expect((await cd.upsert('exercise', exerciseId, exercise(coach.id, 'Backhand'), stamp(1))).status).toBe('applied');
    const sd = new Device(cloud.api, student);
    const assetId = randomUUID();
    expect((await sd.upsert('videoasset', assetId, youtubeAsset(student.id), stamp(1))).status).toBe('applied');
    submissionId = randomUUID();
    const sub = { student: student.id, exercise: exerciseId, video_asset: assetId, submitted_at: '2026-01-02T00:00:00.000Z', status: 'submitted', updated_at: '2026-01-02T00:00:00.000Z' };
    expect((await sd.upsert('submission', submissionId, sub, stamp(2))).status).toBe('applied');
  });

  it('refuses records made in another user’s name, edits of others’ records, and roster rows', async () => {
    const sd = new Device(cloud.api, student);
    const results = await sd.push(
      sd.mutation('exercise', randomUUID(), Object.fromEntries(Object.entries(exercise(coach.id, 'Forged')).map(([k, v]) => [k, { value: v, hlc: stamp(5) }]))),
      sd.mutation('exercise', exerciseId, { name: { value: 'Hijacked', hlc: stamp(6) } }),
      sd.mutation('exercise', exerciseId, { deleted: { value: 1, hlc: stamp(6) } }, 'delete'),
      sd.mutation('roster', randomUUID(), { coach: { value: coach.id, hlc: stamp(6) }, student: { value: student.id, hlc: stamp(6) } }),
      sd.mutation('user', coach.id, { display_name: { value: 'Evil', hlc: stamp(6) } }),
    );
    expect(results.map((r) => [r.status, r.code])).toEqual([
      ['rejected', 'forbidden'],
      ['rejected', 'forbidden'],
      ['rejected', 'forbidden'],
      ['rejected', 'forbidden'],
      ['rejected', 'forbidden'],
    ]);
    const od = new Device(cloud.api, other);
    // Another student may not even point at the submission's video.
    const [comment] = await od.push(
      od.mutation('comment', randomUUID(), {
        exercise: { value: exerciseId, hlc: stamp(7) },
        author: { value: other.id, hlc: stamp(7) },
        text: { value: 'nice', hlc: stamp(7) },
        submission: { value: submissionId, hlc: stamp(7) },
      }),
    );
    expect(comment).toMatchObject({ status: 'rejected', code: 'forbidden' });
  });

  it('lets the exercise’s coach set a submission’s status, and nothing else of it', async () => {
    const cd = new Device(cloud.api, coach);
    const [review] = await cd.push(cd.mutation('submission', submissionId, { status: { value: 'reviewed', hlc: stamp(10) }, updated_at: { value: '2026-01-03T00:00:00.000Z', hlc: stamp(10) } }));
    expect(review.status).toBe('applied');
    const [other] = await cd.push(cd.mutation('submission', submissionId, { video_asset: { value: null, hlc: stamp(11) } }));
    expect(other).toMatchObject({ status: 'rejected', code: 'forbidden' });
    const [bad] = await cd.push(cd.mutation('submission', submissionId, { status: { value: 'excellent', hlc: stamp(12) } }));
    expect(bad).toMatchObject({ status: 'rejected', code: 'bad-request' });
    expect(bad.message).toMatch(/CHECK constraint/);
  });
});

describe('push: conflicts', () => {
  it('merges concurrent edits per field, last writer wins, and answers stale when nothing sent is newer', async () => {
    const coach = await registerUser(cloud.api, 'coach');
    const laptop = new Device(cloud.api, coach, 'a000000000000001');
    const desktop = new Device(cloud.api, coach, 'b000000000000002');
    const id = randomUUID();
    await laptop.upsert('exercise', id, exercise(coach.id, 'Volley', { description: 'v1' }), stamp(1, laptop.clientId));
    expect((await laptop.upsert('exercise', id, { name: 'Volley drill' }, stamp(20, laptop.clientId))).status).toBe('applied');
    // The desktop edited offline: an older rename (loses) and a newer description (wins).
    const [mixed] = await desktop.push(
      desktop.mutation('exercise', id, { name: { value: 'Volleys', hlc: stamp(10, desktop.clientId) }, description: { value: 'v2', hlc: stamp(30, desktop.clientId) } }),
    );
    expect(mixed.status).toBe('applied');
    const [stale] = await desktop.push(desktop.mutation('exercise', id, { name: { value: 'Old', hlc: stamp(5, desktop.clientId) } }));
    expect(stale).toMatchObject({ status: 'conflict', reason: 'stale' });
    expect(stale.record.fields.name.value).toBe('Volley drill');
    const { records } = await pullAll(cloud.api, coach);
    const stored = records.find((r) => r.id === id);
    expect(stored.fields.name).toEqual({ value: 'Volley drill', hlc: stamp(20, laptop.clientId) });
    expect(stored.fields.description).toEqual({ value: 'v2', hlc: stamp(30, desktop.clientId) });
    expect(cloud.cloud.db.prepare('SELECT name, description FROM exercises_exercise WHERE id = ?').get(id)).toEqual({ name: 'Volley drill', description: 'v2' });
  });

  it('keeps a tombstone that wins over a later edit', async () => {
    const coach = await registerUser(cloud.api, 'coach');
    const device = new Device(cloud.api, coach);
    const id = randomUUID();
    await device.upsert('exercise', id, exercise(coach.id, 'Lob'), stamp(1));
    expect((await device.remove('exercise', id, stamp(5))).status).toBe('applied');
    const [late] = await device.push(device.mutation('exercise', id, { name: { value: 'Lob 2', hlc: stamp(50) } }));
    expect(late).toMatchObject({ status: 'conflict', reason: 'deleted', record: { id, deleted: true } });
    expect(late.record.fields.name.value).toBe('Lob');
    expect(cloud.cloud.db.prepare('SELECT COUNT(*) FROM exercises_exercise WHERE id = ?').pluck().get(id)).toBe(0);
  });

  it('renames a second “Forehand” of the same owner to “Forehand (2)”, then “(3)”, by the server clock', async () => {
    const coach = await registerUser(cloud.api, 'coach');
    const a = new Device(cloud.api, coach);
    const b = new Device(cloud.api, coach);
    const c = new Device(cloud.api, coach);
    expect((await a.upsert('exercise', randomUUID(), exercise(coach.id, 'Forehand'), stamp(1, a.clientId))).status).toBe('applied');
    const second = await b.upsert('exercise', randomUUID(), exercise(coach.id, 'forehand'), stamp(2, b.clientId));
    expect(second).toMatchObject({ status: 'conflict', reason: 'renamed' });
    expect(second.record.fields.name.value).toBe('forehand (2)');
    expect(second.record.fields.name.hlc > stamp(2, b.clientId)).toBe(true);
    expect(second.record.fields.name.hlc).toMatch(/-0000000000000000$/);
    const third = await c.upsert('exercise', randomUUID(), exercise(coach.id, 'Forehand'), stamp(3, c.clientId));
    expect(third.record.fields.name.value).toBe('Forehand (3)');
    // Another coach's "Forehand" is no clash.
    const other = await registerUser(cloud.api, 'coach');
    expect((await new Device(cloud.api, other).upsert('exercise', randomUUID(), exercise(other.id, 'Forehand'), stamp(4))).status).toBe('applied');
  });

  it('merges a tag by name and a clip by clip_hash into the existing record', async () => {
    const coach = await registerUser(cloud.api, 'coach');
    const a = new Device(cloud.api, coach);
    const b = new Device(cloud.api, coach);
    const tagId = randomUUID();
    expect((await a.upsert('tag', tagId, { name: 'Footwork', created_at: '2026-01-01T00:00:00.000Z' }, stamp(1))).status).toBe('applied');
    const tag = await b.upsert('tag', randomUUID(), { name: 'footwork', created_at: '2026-01-01T00:00:00.000Z' }, stamp(2));
    expect(tag).toMatchObject({ status: 'conflict', reason: 'merged', record: { entity: 'tag', id: tagId } });

    const assetId = randomUUID();
    await a.upsert('videoasset', assetId, youtubeAsset(coach.id), stamp(1));
    const clip = (id: string) => ({
      owner: coach.id,
      original_video: assetId,
      clip_asset: null,
      clip_hash: 'c'.repeat(64),
      mode: 'fast',
      start_time: 1,
      end_time: 3,
      duration: 2,
      size_bytes: null,
      created_at: '2026-01-01T00:00:00.000Z',
      updated_at: '2026-01-01T00:00:00.000Z',
      ...(id ? {} : {}),
    });
    const clipId = randomUUID();
    expect((await a.upsert('clip', clipId, clip(clipId), stamp(3))).status).toBe('applied');
    const merged = await b.upsert('clip', randomUUID(), clip('x'), stamp(4));
    expect(merged).toMatchObject({ status: 'conflict', reason: 'merged', record: { entity: 'clip', id: clipId } });
    expect(cloud.cloud.db.prepare("SELECT COUNT(*) FROM core_videoclip WHERE clip_hash = ?").pluck().get('c'.repeat(64))).toBe(1);
  });

  it('refuses a video’s record until its bytes are uploaded and verified', async () => {
    const coach = await registerUser(cloud.api, 'coach');
    const device = new Device(cloud.api, coach);
    const data = bytes(64 * 1024, 7);
    const plan = planFor(data);
    const asset = { ...youtubeAsset(coach.id), video_type: 'upload', youtube_url: null, checksum_sha256: plan.sha256, size_bytes: data.length };
    const id = randomUUID();
    const before = await device.upsert('videoasset', id, asset, stamp(1));
    expect(before).toMatchObject({ status: 'rejected', code: 'not-uploaded' });

    const started = await cloud.api.post('/api/media/uploads', plan, coach.token);
    expect((await sendSigned(started.body.parts[0].request, data)).status).toBe(200);
    expect((await cloud.api.post(`/api/media/uploads/${started.body.uploadId}/complete`, { parts: [] }, coach.token)).status).toBe(200);
    expect((await device.upsert('videoasset', id, asset, stamp(2))).status).toBe('applied');
    expect(cloud.cloud.db.prepare('SELECT local_state FROM core_videoasset WHERE id = ?').pluck().get(id)).toBe('remote');
  });
});

describe('pull: visibility', () => {
  let coach: TestUser;
  let s1: TestUser;
  let s2: TestUser;
  let stranger: TestUser;
  let exerciseId: string;
  let sub1: string;
  let attempt1: string;
  beforeAll(async () => {
    coach = await registerUser(cloud.api, 'coach');
    s1 = await registerUser(cloud.api, 'student');
    s2 = await registerUser(cloud.api, 'student');
    stranger = await registerUser(cloud.api, 'coach');
    await joinCoach(cloud.api, coach, s1);
    await joinCoach(cloud.api, coach, s2);
    const cd = new Device(cloud.api, coach);
    const video = randomUUID();
    await cd.upsert('videoasset', video, youtubeAsset(coach.id, 10), stamp(1));
    exerciseId = randomUUID();
    await cd.upsert('exercise', exerciseId, exercise(coach.id, 'Smash', { video_asset: video }), stamp(1));
    const d1 = new Device(cloud.api, s1);
    const a1 = randomUUID();
    await d1.upsert('videoasset', a1, youtubeAsset(s1.id, 11), stamp(2));
    sub1 = randomUUID();
    const sub = { student: s1.id, exercise: exerciseId, video_asset: a1, submitted_at: '2026-01-02T00:00:00.000Z', status: 'submitted', updated_at: '2026-01-02T00:00:00.000Z' };
    expect((await d1.upsert('submission', sub1, sub, stamp(3))).status).toBe('applied');
    attempt1 = randomUUID();
    expect((await d1.upsert('submission_attempt', attempt1, { submission: sub1, video_asset: a1, submitted_at: '2026-01-02T00:00:00.000Z' }, stamp(3))).status).toBe('applied');
  });

  it('shows a student the coach’s exercise but never another student’s submission', async () => {
    const seen2 = await pullAll(cloud.api, s2);
    PullResponse.parse({ records: seen2.records, cursor: seen2.cursor, more: false });
    const ids2 = seen2.records.map((r) => r.id);
    expect(ids2).toContain(exerciseId);
    expect(ids2).not.toContain(sub1);
    expect(ids2).not.toContain(attempt1);
    const seen1 = (await pullAll(cloud.api, s1)).records.map((r) => r.id);
    expect(seen1).toEqual(expect.arrayContaining([exerciseId, sub1, attempt1]));
    const seenCoach = (await pullAll(cloud.api, coach)).records.map((r) => r.id);
    expect(seenCoach).toEqual(expect.arrayContaining([exerciseId, sub1, attempt1]));
    const seenStranger = (await pullAll(cloud.api, stranger)).records.map((r) => r.id);
    expect(seenStranger).not.toContain(exerciseId);
    expect(seenStranger).not.toContain(coach.id);
  });

  it('sends the coach’s records to a student who joins later, past their cursor', async () => {
    const late = await registerUser(cloud.api, 'student');
    const before = await pullAll(cloud.api, late);
    // Tags are everyone's; nothing else of anyone else's arrives before joining.
    expect(before.records.filter((r) => r.entity !== 'tag').map((r) => r.id)).toEqual([late.id]);
    const again = await cloud.api.get(`/api/sync/pull?cursor=${before.cursor}`, late.token);
    expect(again.body).toEqual({ records: [], cursor: before.cursor, more: false });

    await joinCoach(cloud.api, coach, late);
    const after = await pullAll(cloud.api, late, before.cursor);
    const ids = after.records.map((r) => r.id);
    expect(ids).toEqual(expect.arrayContaining([coach.id, exerciseId]));
    expect(ids).not.toContain(sub1);
    // Dependencies first: the coach's user row and the exercise's video come before the exercise.
    expect(ids.indexOf(coach.id)).toBeLessThan(ids.indexOf(exerciseId));
  });

  it('pages with limit, cursor and more', async () => {
    const first = await cloud.api.get('/api/sync/pull?limit=2', coach.token);
    expect(first.body.records).toHaveLength(2);
    expect(first.body.more).toBe(true);
    const rest = await pullAll(cloud.api, coach, first.body.cursor);
    const all = await pullAll(cloud.api, coach);
    expect([...first.body.records, ...rest.records].map((r) => r.id)).toEqual(all.records.map((r) => r.id));
    expect((await cloud.api.get('/api/sync/pull?limit=5000', coach.token)).status).toBe(400);
    expect((await cloud.api.get('/api/sync/pull?cursor=abc', coach.token)).status).toBe(400);
  });

  it('sends a tombstone, and those of what it cascaded to, to whoever could see them', async () => {
    const cursors = {
      s1: (await pullAll(cloud.api, s1)).cursor,
      s2: (await pullAll(cloud.api, s2)).cursor,
      stranger: (await pullAll(cloud.api, stranger)).cursor,
    };
    const cd = new Device(cloud.api, coach);
    expect((await cd.remove('exercise', exerciseId, stamp(100))).status).toBe('applied');

    const got1 = (await pullAll(cloud.api, s1, cursors.s1)).records;
    expect(got1.filter((r) => r.deleted).map((r) => r.id)).toEqual(expect.arrayContaining([exerciseId, sub1, attempt1]));
    const got2 = (await pullAll(cloud.api, s2, cursors.s2)).records;
    expect(got2.filter((r) => r.deleted).map((r) => r.id)).toEqual([exerciseId]);
    const got3 = (await pullAll(cloud.api, stranger, cursors.stranger)).records;
    expect(got3).toEqual([]);
    // The cascade reached the mirror too.
    expect(cloud.cloud.db.prepare('SELECT COUNT(*) FROM submissions_submission WHERE id = ?').pluck().get(sub1)).toBe(0);
  });
});
