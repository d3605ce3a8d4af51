/**
 * The seed's "AUV Testing Requirements", by their names. Each drives the app as its users would
 * (channels, as each user) and checks the store refuses what the services must never let through.
 * Clip cutting (ffmpeg) belongs to the media issue: clips arrive here the way sync delivers them.
 */
import { randomUUID } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { PROCESSING_TRANSITIONS, VIDEO_MIME_TYPES, type ProcessingStatus } from '../../src-shared/primitives';
import type { User } from '../../src-shared/domain';
import type { ClipRow } from '../../src-main/core/db/repos/clips-repo';
import { iso, makeWorld, remote, remoteAsset, type World } from '../support/world';
import {
  clipHash, constraintError, expectRefusal, filesUnder, insertRow, remoteClip, rowCounts, sha256Hex, sqlAssetRow, sqlClipRow,
} from '../support/records';

let world: World | undefined;
const temps: string[] = [];
afterEach(() => {
  world?.dispose();
  world = undefined;
  for (const dir of temps.splice(0)) rmSync(dir, { recursive: true, force: true });
});

async function setup(): Promise<World> {
  world = await makeWorld();
  return world;
}

/** A file of video-ish bytes outside the profile, as sync would have downloaded it. */
function bytesFile(content: string): { path: string; bytes: Buffer } {
  const dir = mkdtempSync(join(tmpdir(), 'coachframe-bytes-'));
  temps.push(dir);
  const bytes = Buffer.from(content.repeat(64));
  const path = join(dir, 'download.mp4');
  writeFileSync(path, bytes);
  return { path, bytes };
}

/** An asset owned by `owner` whose record carries the given checksum (several users may hold the same bytes). */
async function assetWithChecksum(w: World, owner: User, checksum: string): Promise<string> {
  const record = remoteAsset(owner.id);
  record.fields['checksum_sha256']!.value = checksum;
  await w.core.applyRemote([record]);
  return record.id;
}

const checksumOf = (w: World, assetId: string) => w.store.assets.get(assetId)!.checksum_sha256!;

describe('VideoAsset', () => {
  it('test_video_asset_creation_with_valid_mime_type', async () => {
    const w = await setup();
    const { core, ok, users, store, count } = w;
    for (const mime of VIDEO_MIME_TYPES) {
      const record = remoteAsset(users.alex.id, `take-${mime.replace('/', '-')}`);
      record.fields['mime_type']!.value = mime;
      await core.applyRemote([record]);
      expect(await ok(users.alex, 'assets.get', { id: record.id })).toMatchObject({ mimeType: mime, owner: users.alex.id, processingStatus: 'pending' });
    }
    expect((await ok(users.alex, 'assets.list', {})).map((a) => a.mimeType).sort()).toEqual([...VIDEO_MIME_TYPES].sort());

    // Anything that is not one of the video types is refused, whichever way it comes in.
    for (const mime of ['image/png', 'audio/mpeg', 'application/octet-stream', 'text/plain', 'VIDEO/MP4', 'video/', 'video/mp4; codecs=avc1']) {
      const before = count('core_videoasset');
      const record = remoteAsset(users.alex.id, 'not-a-video');
      record.fields['mime_type']!.value = mime;
      await expect(core.applyRemote([record]), mime).rejects.toThrow();
      constraintError(() => insertRow(store.db, 'core_videoasset', sqlAssetRow(users.alex.id, { mime_type: mime })));
      expect(count('core_videoasset')).toBe(before);
    }
    expect(await ok(users.alex, 'assets.list', {})).toHaveLength(VIDEO_MIME_TYPES.length);
  });

  it('test_video_asset_checksum_validation', async () => {
    const w = await setup();
    const { core, ok, as, users, store } = w;
    const media = join(store.profileDir, 'media');
    const { path, bytes } = bytesFile('not really h264, but bytes all the same;');

    // Bytes that do not match the record's checksum are refused: no row, no file.
    const wrong = remoteAsset(users.coach.id, 'serve.mp4');
    wrong.fields['checksum_sha256']!.value = sha256Hex('some other bytes');
    wrong.fields['size_bytes']!.value = bytes.length;
    wrong.file = path;
    const before = rowCounts(store.db);
    await expect(core.applyRemote([wrong])).rejects.toMatchObject({ code: 'conflict', message: expect.stringMatching(/checksum/) });
    expect(rowCounts(store.db)).toEqual(before);
    expect(filesUnder(media)).toEqual([]);
    expectRefusal(await as(users.coach, 'assets.get', { id: wrong.id }), 'not-found');

    // The same bytes with their real checksum are stored, and what is on disk hashes to the record.
    const right = remoteAsset(users.coach.id, 'serve.mp4');
    right.fields['checksum_sha256']!.value = sha256Hex(bytes);
    right.fields['size_bytes']!.value = bytes.length;
    right.file = path;
    await core.applyRemote([right]);
    const stored = await ok(users.coach, 'assets.get', { id: right.id });
    expect(stored).toMatchObject({ checksumSha256: sha256Hex(bytes), sizeBytes: bytes.length, localState: 'local' });
    const file = core.mediaFile(right.id, 'original');
    expect(file).not.toBeNull();
    expect(file!.path.startsWith(media)).toBe(true);
    expect(sha256Hex(readFileSync(file!.path))).toBe(stored.checksumSha256);
    expect(filesUnder(media)).toHaveLength(1);

    // Bytes taken in for a batch that then fails are not kept either.
    const other = bytesFile('a second video, never committed;');
    const orphan = remoteAsset(users.coach.id, 'orphan.mp4');
    orphan.fields['checksum_sha256']!.value = sha256Hex(other.bytes);
    orphan.fields['size_bytes']!.value = other.bytes.length;
    orphan.file = other.path;
    const broken = remote('exercise', { name: 'x', description: null, video_asset: null, created_by: randomUUID(), created_at: iso(), updated_at: iso() });
    const beforeBatch = rowCounts(store.db);
    await expect(core.applyRemote([orphan, broken])).rejects.toThrow();
    expect(rowCounts(store.db)).toEqual(beforeBatch);
    expect(filesUnder(media)).toHaveLength(1);

    // A checksum that is not 64 lowercase hex characters never reaches the table.
    for (const bad of ['abc', sha256Hex('x').toUpperCase(), `${sha256Hex('x')}0`, 'g'.repeat(64)]) {
      const record = remoteAsset(users.coach.id);
      record.fields['checksum_sha256']!.value = bad;
      await expect(core.applyRemote([record]), bad).rejects.toThrow();
      constraintError(() => insertRow(store.db, 'core_videoasset', sqlAssetRow(users.coach.id, { checksum_sha256: bad })));
    }
    expect(rowCounts(store.db)).toEqual(beforeBatch);
  });

  it('test_video_asset_processing_status_transitions', async () => {
    const w = await setup();
    const { core, ok, users, store, asset } = w;
    const id = await asset(users.alex);
    const status = async () => (await ok(users.alex, 'assets.get', { id })).processingStatus;
    const set = (to: string, assetId = id) =>
      store.db.prepare('UPDATE core_videoasset SET processing_status = ? WHERE id = ?').run(to, assetId);

    // A new asset waits for the pipeline; it moves pending → processing → failed → (retry) pending → processing → ready.
    expect(await status()).toBe('pending');
    constraintError(() => set('ready'));
    expect(await status()).toBe('pending');
    for (const step of ['processing', 'failed', 'pending', 'processing', 'ready'] as const) {
      set(step);
      expect(await status()).toBe(step);
    }
    // Ready is final, and an unknown status is never stored.
    for (const to of ['pending', 'processing', 'failed', 'done']) constraintError(() => set(to));
    expect(await status()).toBe('ready');

    // Every pair of statuses, for assets and clips alike, follows the one transition table.
    const path: Record<ProcessingStatus, ProcessingStatus[]> = {
      pending: [], processing: ['processing'], ready: ['processing', 'ready'], failed: ['processing', 'failed'],
    };
    const statuses = Object.keys(PROCESSING_TRANSITIONS) as ProcessingStatus[];
    for (const table of ['core_videoasset', 'core_videoclip'] as const) {
      for (const from of statuses) {
        for (const to of statuses.filter((s) => s !== from)) {
          const row = sqlAssetRow(users.alex.id);
          insertRow(store.db, 'core_videoasset', row);
          let target = row['id'] as string;
          if (table === 'core_videoclip') {
            const clip = sqlClipRow(users.alex.id, target, row['checksum_sha256'] as string);
            insertRow(store.db, 'core_videoclip', clip);
            target = clip['id'] as string;
          }
          const update = store.db.prepare(`UPDATE ${table} SET processing_status = ? WHERE id = ?`);
          for (const step of path[from]) update.run(step, target);
          const legal = PROCESSING_TRANSITIONS[from].includes(to);
          if (legal) update.run(to, target);
          else constraintError(() => update.run(to, target));
          const now = (store.db.prepare(`SELECT processing_status AS s FROM ${table} WHERE id = ?`).get(target) as { s: string }).s;
          expect(now, `${table}: ${from} → ${to}`).toBe(legal ? to : from);
        }
      }
    }

    // The status describes this machine's pipeline: sync cannot set it.
    await expect(core.applyRemote([remote('videoasset', { processing_status: 'pending' }, id)])).rejects.toMatchObject({ code: 'bad-input' });
    expect(await status()).toBe('ready');
  });
});

describe('Clip', () => {
  it('test_clip_idempotency_same_time_range', async () => {
    const w = await setup();
    const { core, ok, users, store, count } = w;
    // Alex and Sam each imported the same bytes: two assets, one checksum.
    const checksum = sha256Hex('the same match footage');
    const alexVideo = await assetWithChecksum(w, users.alex, checksum);
    const samVideo = await assetWithChecksum(w, users.sam, checksum);

    const first = remoteClip(w, users.alex.id, alexVideo, 1, 2.5);
    await core.applyRemote([first]);
    const hash = clipHash(checksum, 1, 2.5, 'fast');
    expect((await ok(users.alex, 'clips.list', {})).map((c) => c.clipHash)).toEqual([hash]);

    // The same cut of the same bytes is the same clip, whoever makes it and however the times are written.
    for (const again of [
      remoteClip(w, users.sam.id, samVideo, 1, 2.5),
      remoteClip(w, users.alex.id, alexVideo, 1, 2.5),
      remoteClip(w, users.alex.id, alexVideo, 1.0004, 2.4996),
    ]) {
      await expect(core.applyRemote([again])).rejects.toThrow();
    }
    constraintError(() => insertRow(store.db, 'core_videoclip', sqlClipRow(users.sam.id, samVideo, checksum, { start_time: 1, end_time: 2.5 })));
    expect(count('core_videoclip')).toBe(1);
    expect(store.clips.findByHash(hash)).toMatchObject({ id: first.id, owner: users.alex.id });
    expect(await ok(users.sam, 'clips.list', {})).toEqual([]);

    // Receiving the same clip record again changes nothing.
    expect(await core.applyRemote([first])).toMatchObject({ applied: 0, skippedFields: Object.keys(first.fields).length });
    expect(count('core_videoclip')).toBe(1);

    // Another range or another mode is another clip.
    await core.applyRemote([remoteClip(w, users.sam.id, samVideo, 1, 2.6), remoteClip(w, users.sam.id, samVideo, 1, 2.5, { mode: 'precise' })]);
    expect(count('core_videoclip')).toBe(3);
    expect((await ok(users.sam, 'clips.list', {})).map((c) => [c.startTime, c.endTime, c.mode])).toEqual([
      [1, 2.5, 'precise'],
      [1, 2.6, 'fast'],
    ]);
  });

  it('test_clip_duration_calculation', async () => {
    const w = await setup();
    const { core, ok, users, store, asset, count } = w;
    const source = await asset(users.alex);
    const checksum = checksumOf(w, source);

    // Durations are end − start, exactly as floating point computes them.
    for (const [start, end] of [[0.1, 0.3], [0, 4], [12.345, 3599.999]] as const) {
      await core.applyRemote([remoteClip(w, users.alex.id, source, start, end)]);
    }
    const clips = await ok(users.alex, 'clips.list', { originalVideo: source });
    expect(clips).toHaveLength(3);
    for (const clip of clips) expect(clip.duration).toBeCloseTo(clip.endTime - clip.startTime, 9);
    expect(clips.map((c) => c.duration)).toEqual([expect.closeTo(4, 9), expect.closeTo(0.2, 9), expect.closeTo(3587.654, 9)]);

    // A duration that disagrees with the range is refused, as are empty and reversed ranges.
    for (const [start, end, duration] of [[5, 6, 1.5], [5, 6, 0.999], [5, 5, 0], [6, 5, -1], [6, 5, 1]] as const) {
      const before = rowCounts(store.db);
      await expect(core.applyRemote([remoteClip(w, users.alex.id, source, start, end, { duration })]), `${start}-${end}/${duration}`).rejects.toThrow();
      expect(rowCounts(store.db)).toEqual(before);
      const row = sqlClipRow(users.alex.id, source, checksum, { start_time: start, end_time: end, duration });
      constraintError(() => store.clips.insert({
        ...row, clip_asset: null, storage_path: null, size_bytes: null, processing_status: 'pending', processing_error: null, processed_at: null,
      } as ClipRow));
    }
    expect(count('core_videoclip')).toBe(3);
  });

  it('test_clip_hash_uniqueness', async () => {
    const w = await setup();
    const { core, ok, users, store, asset, count } = w;
    const source = await asset(users.alex);
    const checksum = checksumOf(w, source);
    await core.applyRemote([remoteClip(w, users.alex.id, source, 0, 1), remoteClip(w, users.alex.id, source, 1, 2)]);
    const hashes = (await ok(users.alex, 'clips.list', {})).map((c) => c.clipHash);
    expect(hashes).toEqual([clipHash(checksum, 0, 1, 'fast'), clipHash(checksum, 1, 2, 'fast')]);
    expect(new Set(hashes).size).toBe(2);

    // A second row with a taken hash is refused, even for a different range (the hash is the identity).
    const taken = hashes[0]!;
    const before = rowCounts(store.db);
    expect(constraintError(() => insertRow(store.db, 'core_videoclip', sqlClipRow(users.alex.id, source, checksum, { start_time: 7, end_time: 8, clip_hash: taken }))))
      .toBe('SQLITE_CONSTRAINT_UNIQUE');
    await expect(core.applyRemote([remoteClip(w, users.sam.id, await asset(users.sam), 3, 4, { hash: taken })])).rejects.toThrow();
    // A hash is 64 lowercase hex characters.
    constraintError(() => insertRow(store.db, 'core_videoclip', sqlClipRow(users.alex.id, source, checksum, { start_time: 9, end_time: 10, clip_hash: taken.toUpperCase() })));
    constraintError(() => insertRow(store.db, 'core_videoclip', sqlClipRow(users.alex.id, source, checksum, { start_time: 9, end_time: 10, clip_hash: 'abc' })));
    expect(count('core_videoclip')).toBe(2);
    expect(rowCounts(store.db).core_videoclip).toBe(before['core_videoclip']);
  });
});

describe('Exercise', () => {
  it('test_exercise_user_ownership', async () => {
    const w = await setup();
    const { ok, as, users, store, count } = w;
    const ex = await ok(users.alex, 'exercises.create', { name: 'Backhand', description: 'slice, low' });
    expect(ex.createdBy).toBe(users.alex.id);
    expect((await ok(users.alex, 'exercises.get', { id: ex.id })).ownerName).toBe('Alex');

    // The coach sees it (Alex is on her roster) but only Alex changes it; an unrelated coach cannot even see it.
    expect((await ok(users.coach, 'exercises.get', { id: ex.id })).createdBy).toBe(users.alex.id);
    expectRefusal(await as(users.coach, 'exercises.update', { id: ex.id, name: 'Mine now' }), 'forbidden');
    expectRefusal(await as(users.coach, 'exercises.delete', { id: ex.id }), 'forbidden');
    expectRefusal(await as(users.sam, 'exercises.update', { id: ex.id, name: 'Mine now' }), 'not-found');
    expectRefusal(await as(users.olga, 'exercises.delete', { id: ex.id }), 'not-found');
    expect((await ok(users.alex, 'exercises.update', { id: ex.id, name: 'Backhand slice' })).createdBy).toBe(users.alex.id);
    expect((await ok(users.alex, 'exercises.get', { id: ex.id })).name).toBe('Backhand slice');

    // In the store, an exercise always has a creator who exists.
    const row = { id: randomUUID(), name: 'Orphan', created_at: iso(), updated_at: iso() };
    expect(constraintError(() => insertRow(store.db, 'exercises_exercise', { ...row, created_by: randomUUID() }))).toBe('SQLITE_CONSTRAINT_FOREIGNKEY');
    expect(constraintError(() => insertRow(store.db, 'exercises_exercise', { ...row, created_by: null }))).toBe('SQLITE_CONSTRAINT_NOTNULL');
    expect(count('exercises_exercise')).toBe(1);
    // …and goes with them.
    store.db.prepare('DELETE FROM auth_user WHERE id = ?').run(users.alex.id);
    expect(count('exercises_exercise')).toBe(0);
  });

  it('test_exercise_name_uniqueness_per_user', async () => {
    const w = await setup();
    const { ok, as, users, store, count } = w;
    const backhand = await ok(users.alex, 'exercises.create', { name: 'Backhand' });
    const serve = await ok(users.alex, 'exercises.create', { name: 'Serve' });

    for (const name of ['Backhand', 'backhand', 'BACKHAND', '  Backhand  ']) {
      const message = expectRefusal(await as(users.alex, 'exercises.create', { name }), 'conflict');
      expect(message).toContain('Backhand');
    }
    expectRefusal(await as(users.alex, 'exercises.update', { id: serve.id, name: 'backHand' }), 'conflict');
    expect((await ok(users.alex, 'exercises.get', { id: serve.id })).name).toBe('Serve');
    // Renaming an exercise to another spelling of its own name is fine; other people may use the name.
    expect((await ok(users.alex, 'exercises.update', { id: backhand.id, name: 'BackHand' })).name).toBe('BackHand');
    expect((await ok(users.sam, 'exercises.create', { name: 'Backhand' })).createdBy).toBe(users.sam.id);

    // 1–140 characters, after trimming.
    expectRefusal(await as(users.alex, 'exercises.create', { name: '' }), 'bad-input');
    expectRefusal(await as(users.alex, 'exercises.create', { name: '    ' }), 'bad-input');
    expectRefusal(await as(users.alex, 'exercises.create', { name: 'x'.repeat(141) }), 'bad-input');
    expect((await ok(users.alex, 'exercises.create', { name: 'x'.repeat(140) })).name).toHaveLength(140);
    expect(count('exercises_exercise')).toBe(4);

    // The store says the same.
    const row = (name: string) => ({ id: randomUUID(), name, created_by: users.alex.id, created_at: iso(), updated_at: iso() });
    expect(constraintError(() => insertRow(store.db, 'exercises_exercise', row('SERVE')))).toBe('SQLITE_CONSTRAINT_UNIQUE');
    constraintError(() => insertRow(store.db, 'exercises_exercise', row('')));
    constraintError(() => insertRow(store.db, 'exercises_exercise', row('y'.repeat(141))));
    constraintError(() => insertRow(store.db, 'exercises_exercise', row(' padded ')));
    expect(count('exercises_exercise')).toBe(4);
  });

  it('test_exercise_video_asset_relationship', async () => {
    const w = await setup();
    const { ok, as, users, store, asset, count } = w;
    const model = await asset(users.coach, 'model-serve.mp4');
    const ex = await ok(users.coach, 'exercises.create', { name: 'Serve', videoAsset: model });
    expect(ex.videoAsset).toBe(model);

    // The model video is visible to whoever sees the exercise, and only to them.
    for (const student of [users.alex, users.sam]) {
      expect((await ok(student, 'exercises.get', { id: ex.id })).videoAsset).toBe(model);
      expect((await ok(student, 'assets.get', { id: model })).origFilename).toBe('model-serve.mp4');
    }
    expectRefusal(await as(users.carol, 'assets.get', { id: model }), 'not-found');

    // An exercise's video must be one the creator can see.
    const carols = await asset(users.carol);
    expectRefusal(await as(users.alex, 'exercises.create', { name: 'Borrowed', videoAsset: carols }), 'not-found');
    expectRefusal(await as(users.alex, 'exercises.create', { name: 'Ghost', videoAsset: randomUUID() }), 'not-found');
    const own = await ok(users.alex, 'exercises.create', { name: 'Footwork' });
    expectRefusal(await as(users.alex, 'exercises.update', { id: own.id, videoAsset: carols }), 'not-found');
    expect((await ok(users.alex, 'exercises.get', { id: own.id })).videoAsset).toBeNull();
    expect(constraintError(() =>
      insertRow(store.db, 'exercises_exercise', { id: randomUUID(), name: 'Dangling', video_asset: randomUUID(), created_by: users.alex.id, created_at: iso(), updated_at: iso() }),
    )).toBe('SQLITE_CONSTRAINT_FOREIGNKEY');

    // The video can be swapped and removed; deleting the video takes the exercise along (the seed's cascade).
    const second = await asset(users.coach, 'model-2.mp4');
    expect((await ok(users.coach, 'exercises.update', { id: ex.id, videoAsset: second })).videoAsset).toBe(second);
    expect((await ok(users.coach, 'exercises.update', { id: ex.id, videoAsset: null })).videoAsset).toBeNull();
    await ok(users.coach, 'exercises.update', { id: ex.id, videoAsset: model });
    const preview = await ok(users.coach, 'assets.deletePreview', { id: model });
    expect(preview.exercises).toEqual([{ id: ex.id, name: 'Serve' }]);
    await ok(users.coach, 'assets.delete', { id: model });
    expectRefusal(await as(users.alex, 'exercises.get', { id: ex.id }), 'not-found');
    expect(count('exercises_exercise')).toBe(1);
  });
});

describe('Comment', () => {
  it('test_comment_exercise_association', async () => {
    const w = await setup();
    const { ok, as, users, store, count, asset } = w;
    const footwork = await ok(users.alex, 'exercises.create', { name: 'Footwork' });
    const serve = await ok(users.alex, 'exercises.create', { name: 'Serve' });
    const fromCoach = await ok(users.coach, 'comments.create', { exercise: footwork.id, text: 'Split step earlier.' });
    const fromAlex = await ok(users.alex, 'comments.create', { exercise: footwork.id, text: 'Like this?' });
    expect([fromCoach.exercise, fromAlex.exercise]).toEqual([footwork.id, footwork.id]);

    const thread = await ok(users.alex, 'comments.list', { exercise: footwork.id });
    expect(thread.map((c) => c.text).sort()).toEqual(['Like this?', 'Split step earlier.']);
    expect(await ok(users.alex, 'comments.list', { exercise: serve.id })).toEqual([]);
    expect((await ok(users.coach, 'exercises.get', { id: footwork.id })).commentCount).toBe(2);
    expect((await ok(users.coach, 'exercises.get', { id: serve.id })).commentCount).toBe(0);

    // A comment needs an exercise its author can see.
    const before = count('comments_videocomment');
    expectRefusal(await as(users.alex, 'comments.create', { exercise: randomUUID(), text: 'hello?' }), 'not-found');
    expectRefusal(await as(users.olga, 'comments.create', { exercise: footwork.id, text: 'drive-by' }), 'not-found');
    expectRefusal(await as(users.sam, 'comments.create', { exercise: footwork.id, text: 'drive-by' }), 'not-found');
    expect(count('comments_videocomment')).toBe(before);
    expect(constraintError(() =>
      insertRow(store.db, 'comments_videocomment', { id: randomUUID(), exercise: randomUUID(), author: users.alex.id, text: 'x', created_at: iso(), updated_at: iso() }),
    )).toBe('SQLITE_CONSTRAINT_FOREIGNKEY');

    // Feedback on a submission stays with that submission's exercise.
    const assignment = await ok(users.coach, 'exercises.create', { name: 'Volley' });
    const other = await ok(users.coach, 'exercises.create', { name: 'Lob' });
    const sub = await ok(users.alex, 'submissions.create', { exercise: assignment.id, videoAsset: await asset(users.alex) });
    expectRefusal(await as(users.coach, 'comments.create', { exercise: other.id, submission: sub.id, text: 'wrong thread' }), 'not-found');
    expect(constraintError(() =>
      insertRow(store.db, 'comments_videocomment', { id: randomUUID(), exercise: other.id, author: users.coach.id, text: 'x', submission: sub.id, created_at: iso(), updated_at: iso() }),
    )).toBe('SQLITE_CONSTRAINT_TRIGGER');

    // Comments go with their exercise.
    await ok(users.alex, 'exercises.delete', { id: footwork.id });
    expect(count('comments_videocomment')).toBe(before - 2);
  });

  it('test_comment_author_association', async () => {
    const w = await setup();
    const { ok, as, users, store, count } = w;
    const ex = await ok(users.alex, 'exercises.create', { name: 'Backhand' });
    const note = await ok(users.coach, 'comments.create', { exercise: ex.id, text: 'Turn the shoulders.' });
    expect(note.author).toBe(users.coach.id);
    const [view] = await ok(users.alex, 'comments.list', { exercise: ex.id });
    expect(view).toMatchObject({ author: users.coach.id, authorName: 'Dana', authorRole: 'coach' });

    // Only the author edits or deletes; others are told why, and the comment stays as it was.
    expectRefusal(await as(users.alex, 'comments.update', { id: note.id, text: 'I rewrote your note' }), 'forbidden');
    expectRefusal(await as(users.alex, 'comments.delete', { id: note.id }), 'forbidden');
    expectRefusal(await as(users.sam, 'comments.delete', { id: note.id }), 'not-found');
    expect((await ok(users.alex, 'comments.list', { exercise: ex.id }))[0]!.text).toBe('Turn the shoulders.');
    expect((await ok(users.coach, 'comments.update', { id: note.id, text: 'Turn the shoulders early.' })).text).toBe('Turn the shoulders early.');
    // Nobody rates their own comment.
    expectRefusal(await as(users.coach, 'votes.cast', { comment: note.id, isHelpful: true }), 'forbidden');
    expect((await ok(users.alex, 'votes.cast', { comment: note.id, isHelpful: true })).voter).toBe(users.alex.id);

    // In the store, an author always exists, and their comments (with the votes on them) go with them:
    // Olga starts coaching Alex too, comments, and later leaves.
    expect(constraintError(() =>
      insertRow(store.db, 'comments_videocomment', { id: randomUUID(), exercise: ex.id, author: randomUUID(), text: 'x', created_at: iso(), updated_at: iso() }),
    )).toBe('SQLITE_CONSTRAINT_FOREIGNKEY');
    await w.core.applyRemote([remote('roster', { coach: users.olga.id, student: users.alex.id, created_at: iso() })]);
    const olgas = await ok(users.olga, 'comments.create', { exercise: ex.id, text: 'Second opinion: fine as is.' });
    await ok(users.alex, 'votes.cast', { comment: olgas.id, isHelpful: false });
    expect([count('comments_videocomment'), count('votes_helpfulvote')]).toEqual([2, 2]);
    store.db.prepare('DELETE FROM auth_user WHERE id = ?').run(users.olga.id);
    expect((await ok(users.alex, 'comments.list', { exercise: ex.id })).map((c) => c.text)).toEqual(['Turn the shoulders early.']);
    expect([count('comments_videocomment'), count('votes_helpfulvote')]).toEqual([1, 1]);
  });

  it('test_comment_video_asset_relationship', async () => {
    const w = await setup();
    const { ok, as, users, store, asset, count } = w;
    const attempt = await asset(users.alex, 'alex-serve.mp4');
    const ex = await ok(users.alex, 'exercises.create', { name: 'Serve', videoAsset: attempt });
    const reply = await asset(users.coach, 'dana-demo.mp4');

    // A reply can be a video alone; whoever sees the comment can play its video.
    const comment = await ok(users.coach, 'comments.create', { exercise: ex.id, videoAsset: reply });
    expect(comment).toMatchObject({ text: null, videoAsset: reply });
    expect((await ok(users.alex, 'assets.get', { id: reply })).origFilename).toBe('dana-demo.mp4');
    expectRefusal(await as(users.sam, 'assets.get', { id: reply }), 'not-found');

    // A moment defaults to the exercise's video and must lie inside it.
    const pinned = await ok(users.coach, 'comments.create', { exercise: ex.id, text: 'Toss here', atSeconds: 4.5 });
    expect(pinned).toMatchObject({ atSeconds: 4.5, atVideoAsset: attempt });
    const before = rowCounts(store.db);
    expectRefusal(await as(users.coach, 'comments.create', { exercise: ex.id, text: 'After the end', atSeconds: 10.5 }), 'bad-input');
    expectRefusal(await as(users.coach, 'comments.create', { exercise: ex.id }), 'bad-input');
    expectRefusal(await as(users.alex, 'comments.create', { exercise: ex.id, videoAsset: await asset(users.carol) }), 'not-found');
    expectRefusal(await as(users.alex, 'comments.create', { exercise: ex.id, videoAsset: randomUUID() }), 'not-found');
    expect(rowCounts(store.db).comments_videocomment).toBe(before['comments_videocomment']);
    expect(constraintError(() =>
      insertRow(store.db, 'comments_videocomment', { id: randomUUID(), exercise: ex.id, author: users.coach.id, video_asset: randomUUID(), created_at: iso(), updated_at: iso() }),
    )).toBe('SQLITE_CONSTRAINT_FOREIGNKEY');

    // Deleting the reply video removes the reply (and only it); the file-less text comment stays.
    const preview = await ok(users.coach, 'assets.deletePreview', { id: reply });
    expect(preview).toMatchObject({ comments: 1, blockedBy: [] });
    await ok(users.coach, 'assets.delete', { id: reply });
    expect((await ok(users.alex, 'comments.list', { exercise: ex.id })).map((c) => c.id)).toEqual([pinned.id]);
    expectRefusal(await as(users.alex, 'assets.get', { id: reply }), 'not-found');
    expect((await ok(users.alex, 'assets.get', { id: attempt })).id).toBe(attempt);
    expect(count('comments_videocomment')).toBe(1);
  });
});

describe('AUV workflows', () => {
  it('test_upload_reply_compare_workflow', async () => {
    const w = await setup();
    const { ok, as, users } = w;
    const { coach, alex, sam } = users;
    // The coach publishes an assignment with a model video; Alex has recorded his attempt.
    const model = await w.asset(coach, 'model.mp4');
    const serve = await ok(coach, 'exercises.create', { name: 'Kick serve', description: 'Brush up the back of the ball', videoAsset: model });
    const attempt = await w.asset(alex, 'alex-kick-serve.mp4');
    expect((await ok(alex, 'exercises.list', {})).items.map((e) => e.name)).toContain('Kick serve');

    // Upload: Alex submits; the coach sees the submission, Sam does not.
    const sub = await ok(alex, 'submissions.create', { exercise: serve.id, videoAsset: attempt });
    expect(sub).toMatchObject({ status: 'submitted', student: alex.id, videoAsset: attempt });
    expect((await ok(coach, 'submissions.list', { exercise: serve.id })).map((s) => [s.studentName, s.videoAsset])).toEqual([['Alex', attempt]]);
    expect(await ok(sam, 'submissions.list', { exercise: serve.id })).toEqual([]);
    expect((await ok(coach, 'assets.get', { id: attempt })).origFilename).toBe('alex-kick-serve.mp4');

    // Reply: a time-coded comment on Alex's attempt, private to Alex and the coach.
    const reply = await ok(coach, 'comments.create', {
      exercise: serve.id, submission: sub.id, text: 'Toss is behind you here', atSeconds: 3.2, atVideoAsset: attempt,
    });
    await ok(coach, 'submissions.setStatus', { id: sub.id, status: 'needs_work' });
    const alexThread = await ok(alex, 'comments.list', { exercise: serve.id });
    expect(alexThread.map((c) => [c.text, c.atSeconds, c.atVideoAsset, c.read])).toEqual([['Toss is behind you here', 3.2, attempt, false]]);
    expect((await ok(alex, 'exercises.get', { id: serve.id })).mySubmissionStatus).toBe('needs_work');
    expect(await ok(sam, 'comments.list', { exercise: serve.id })).toEqual([]);
    expect((await ok(alex, 'exercises.get', { id: serve.id })).unreadCount).toBe(1);
    await ok(alex, 'comments.markRead', { ids: [reply.id] });
    expect((await ok(alex, 'exercises.get', { id: serve.id })).unreadCount).toBe(0);

    // Compare: Alex opens model vs attempt (nobody aligned them yet), watches for 42 s.
    const opened = await ok(alex, 'comparisons.create', { exercise: serve.id, originalVideo: model, feedbackVideo: attempt });
    expect(opened.alignment).toBeNull();
    expect(opened.comparison).toMatchObject({ student: alex.id, originalVideo: model, feedbackVideo: attempt, durationSeconds: null });
    const finished = await ok(alex, 'comparisons.finish', { id: opened.comparison!.id, durationSeconds: 42 });
    expect(finished.durationSeconds).toBe(42);
    // Only Alex finishes his session: the coach sees it but may not change it; Sam does not even see it.
    expectRefusal(await as(coach, 'comparisons.finish', { id: opened.comparison!.id, durationSeconds: 1 }), 'forbidden');
    expectRefusal(await as(sam, 'comparisons.finish', { id: opened.comparison!.id, durationSeconds: 1 }), 'not-found');

    // The coach sees that session, and a comparison the coach opens records none of her own.
    const sessions = await ok(coach, 'comparisons.list', { exercise: serve.id });
    expect(sessions.map((s) => [s.student, s.durationSeconds])).toEqual([[alex.id, 42]]);
    expect((await ok(coach, 'comparisons.create', { exercise: serve.id, originalVideo: model, feedbackVideo: attempt })).comparison).toBeNull();
    expect(await ok(sam, 'comparisons.list', {})).toEqual([]);
    expectRefusal(await as(sam, 'comparisons.create', { exercise: serve.id, originalVideo: model, feedbackVideo: attempt }), 'not-found');

    // The coach aligns the pair once; Alex's next comparison opens aligned.
    const aligned = await ok(coach, 'comparisons.align', { exercise: serve.id, originalVideo: model, feedbackVideo: attempt, originalOffset: 0.4, feedbackOffset: -1.25 });
    expect(aligned.setBy).toBe(coach.id);
    const again = await ok(alex, 'comparisons.create', { exercise: serve.id, originalVideo: model, feedbackVideo: attempt });
    expect(again.alignment).toMatchObject({ originalOffset: 0.4, feedbackOffset: -1.25, setBy: coach.id });
    expect(again.comparison).toMatchObject({ originalOffset: 0.4, feedbackOffset: -1.25 });
    await ok(alex, 'comparisons.finish', { id: again.comparison!.id, durationSeconds: 15 });
    expect((await ok(coach, 'comparisons.list', { student: alex.id })).map((s) => s.durationSeconds).sort()).toEqual([15, 42]);
  });

  it('test_video_clip_creation_from_asset', async () => {
    const w = await setup();
    const { core, ok, as, users, store, asset, count } = w;
    const { coach, alex, sam } = users;
    const match = await asset(coach, 'match.mp4');
    const checksum = checksumOf(w, match);

    // The coach cuts a moment out of her match video; the clip's own bytes are an asset of their own.
    const clipBytes = await asset(coach, 'match 0:12–0:15.mp4');
    const clip = remoteClip(w, coach.id, match, 12, 15, { clipAsset: clipBytes, mode: 'precise' });
    await core.applyRemote([clip]);
    const [listed] = await ok(coach, 'clips.list', { originalVideo: match });
    expect(listed).toMatchObject({
      id: clip.id, originalVideo: match, clipAsset: clipBytes, owner: coach.id, mode: 'precise',
      startTime: 12, endTime: 15, duration: 3, clipHash: clipHash(checksum, 12, 15, 'precise'), processingStatus: 'pending',
    });
    expect(await ok(coach, 'clips.list', { originalVideo: clipBytes })).toEqual([]);

    // Nobody else sees it, until the coach uses the clip as a reply on Alex's exercise: then Alex
    // sees the reply's video, the clip, and the footage it was cut from; Sam still sees none of it.
    expect(await ok(alex, 'clips.list', {})).toEqual([]);
    expectRefusal(await as(alex, 'assets.get', { id: match }), 'not-found');
    const ex = await ok(alex, 'exercises.create', { name: 'Return of serve' });
    await ok(coach, 'comments.create', { exercise: ex.id, text: 'Watch her split step', videoAsset: clipBytes });
    expect((await ok(alex, 'clips.list', {})).map((c) => c.id)).toEqual([clip.id]);
    expect((await ok(alex, 'assets.get', { id: match })).origFilename).toBe('match.mp4');
    expect(await ok(sam, 'clips.list', {})).toEqual([]);
    expectRefusal(await as(sam, 'assets.get', { id: clipBytes }), 'not-found');

    // A clip is always cut from an asset that exists, and goes when its source goes.
    const before = count('core_videoclip');
    await expect(core.applyRemote([remoteClip(w, coach.id, randomUUID(), 0, 1)])).rejects.toThrow();
    expect(constraintError(() => insertRow(store.db, 'core_videoclip', sqlClipRow(coach.id, randomUUID(), checksum, { start_time: 0, end_time: 1 }))))
      .toBe('SQLITE_CONSTRAINT_FOREIGNKEY');
    expect(count('core_videoclip')).toBe(before);
    store.db.prepare('DELETE FROM core_videoasset WHERE id = ?').run(match);
    expect(count('core_videoclip')).toBe(0);
    expect(await ok(coach, 'clips.list', {})).toEqual([]);
  });

  it('test_exercise_comment_association', async () => {
    const w = await setup();
    const { ok, as, users, asset, count } = w;
    const { coach, alex, sam } = users;
    const volley = await ok(coach, 'exercises.create', { name: 'Volley' });
    const note = await ok(coach, 'comments.create', { exercise: volley.id, text: 'Everyone: short backswing.' });
    expect(note.submission).toBeNull();

    // Before submitting, a student reads the coach's note but cannot post.
    expect((await ok(alex, 'comments.list', { exercise: volley.id })).map((c) => c.text)).toEqual(['Everyone: short backswing.']);
    expectRefusal(await as(alex, 'comments.create', { exercise: volley.id, text: 'Question' }), 'forbidden');

    const alexSub = await ok(alex, 'submissions.create', { exercise: volley.id, videoAsset: await asset(alex) });
    const samSub = await ok(sam, 'submissions.create', { exercise: volley.id, videoAsset: await asset(sam) });
    // A student's comment belongs to their own submission; feedback stays between them and the coach.
    const question = await ok(alex, 'comments.create', { exercise: volley.id, text: 'Too short?' });
    expect(question.submission).toBe(alexSub.id);
    expectRefusal(await as(alex, 'comments.create', { exercise: volley.id, submission: samSub.id, text: 'Nice one Sam' }), 'forbidden');
    const answer = await ok(coach, 'comments.create', { exercise: volley.id, submission: alexSub.id, text: 'Just right.' });
    await ok(coach, 'comments.create', { exercise: volley.id, submission: samSub.id, text: 'Step in, Sam.' });

    // (Sorted: these comments are made within the same millisecond, so their order is not the point.)
    const texts = async (u: User) => (await ok(u, 'comments.list', { exercise: volley.id })).map((c) => c.text).sort();
    expect(await texts(alex)).toEqual(['Everyone: short backswing.', 'Just right.', 'Too short?']);
    expect(await texts(sam)).toEqual(['Everyone: short backswing.', 'Step in, Sam.']);
    expect(await texts(coach)).toHaveLength(4);
    expect((await ok(alex, 'exercises.get', { id: volley.id })).commentCount).toBe(3);
    expect((await ok(sam, 'exercises.get', { id: volley.id })).commentCount).toBe(2);
    expect((await ok(coach, 'comments.list', { exercise: volley.id, submission: samSub.id })).map((c) => c.text).sort())
      .toEqual(['Everyone: short backswing.', 'Step in, Sam.']);
    expect((await ok(alex, 'exercises.get', { id: volley.id })).unreadCount).toBe(2);

    // Helpful votes hang off the comments of the exercise.
    await ok(alex, 'votes.cast', { comment: answer.id, isHelpful: true });
    await ok(sam, 'votes.cast', { comment: note.id, isHelpful: true });
    await ok(alex, 'votes.cast', { comment: note.id, isHelpful: true });
    const byHelp = await ok(alex, 'comments.list', { exercise: volley.id, sort: 'helpful' });
    expect(byHelp.map((c) => [c.text, c.helpfulCount, c.myVote])).toEqual([
      ['Everyone: short backswing.', 2, true], ['Just right.', 1, true], ['Too short?', 0, null],
    ]);

    // Deleting the exercise takes its whole thread along: comments, votes, submissions.
    await ok(coach, 'exercises.delete', { id: volley.id });
    expect([count('comments_videocomment'), count('votes_helpfulvote'), count('submissions_submission')]).toEqual([0, 0, 0]);
    expectRefusal(await as(alex, 'comments.list', { exercise: volley.id }), 'not-found');
  });

  it('test_user_exercise_stack_consistency', async () => {
    const w = await setup();
    const { ok, as, users, asset } = w;
    const { coach, alex, sam } = users;
    // What the stack must be: Alex's own exercises, and the coach exercises he has a submission on (current video).
    const own = new Set<string>();
    const submitted = new Map<string, string>();
    const check = async (step: string) => {
      const expected = [...own, ...submitted.keys()].sort();
      for (const viewer of [alex, coach]) {
        const stack = await ok(viewer, 'stack.list', viewer === coach ? { student: alex.id } : {});
        expect(stack.map((i) => i.exercise.id).sort(), `${step}, as ${viewer.username}`).toEqual(expected);
        for (const item of stack) {
          expect(item.student).toBe(alex.id);
          if (own.has(item.exercise.id)) expect(item).toMatchObject({ kind: 'own', submission: null });
          else expect(item).toMatchObject({ kind: 'submitted', submission: { student: alex.id, videoAsset: submitted.get(item.exercise.id) } });
        }
      }
      // The same facts, read through the other channels.
      const owned = (await ok(alex, 'exercises.list', { owner: alex.id })).items.map((e) => e.id);
      expect(owned.sort(), step).toEqual([...own].sort());
    };
    await check('empty');

    const footwork = await ok(alex, 'exercises.create', { name: 'Footwork' });
    own.add(footwork.id);
    await check('own exercise created');
    const serve = await ok(coach, 'exercises.create', { name: 'Serve' });
    const volley = await ok(coach, 'exercises.create', { name: 'Volley' });
    await check('coach assignments created, not yet submitted');

    const v1 = await asset(alex, 'serve-1.mp4');
    await ok(alex, 'submissions.create', { exercise: serve.id, videoAsset: v1 });
    submitted.set(serve.id, v1);
    await check('submitted');
    const volleySub = await ok(alex, 'submissions.create', { exercise: volley.id, videoAsset: await asset(alex) });
    submitted.set(volley.id, volleySub.videoAsset);
    // Sam's work never shows in Alex's stack.
    await ok(sam, 'submissions.create', { exercise: serve.id, videoAsset: await asset(sam) });
    await ok(sam, 'exercises.create', { name: 'Footwork' });
    await check('second submission, and Sam working too');
    expectRefusal(await as(alex, 'stack.list', { student: sam.id }), 'forbidden');
    expectRefusal(await as(users.olga, 'stack.list', { student: alex.id }), 'forbidden');

    // Resubmitting replaces the video in the stack; the earlier attempt is kept and listed.
    const sub = (await ok(alex, 'submissions.list', { exercise: serve.id }))[0]!;
    const v2 = await asset(alex, 'serve-2.mp4');
    expect((await ok(alex, 'submissions.resubmit', { id: sub.id, videoAsset: v2 })).status).toBe('resubmitted');
    submitted.set(serve.id, v2);
    await check('resubmitted');
    const [detail] = await ok(coach, 'submissions.list', { exercise: serve.id }).then((l) => l.filter((s) => s.student === alex.id));
    expect(detail!.earlierAttempts.map((a) => a.videoAsset)).toEqual([v1]);
    expect((await ok(alex, 'assets.list', {})).map((a) => a.id)).toEqual(expect.arrayContaining([v1, v2]));
    // Going back to an earlier take, and forth again, keeps working and keeps every take listed once.
    await ok(alex, 'submissions.resubmit', { id: sub.id, videoAsset: v1 });
    await ok(alex, 'submissions.resubmit', { id: sub.id, videoAsset: v2 });
    submitted.set(serve.id, v2);
    await check('resubmitted back and forth');
    const [afterFlips] = (await ok(alex, 'submissions.list', { exercise: serve.id }));
    expect(afterFlips!.videoAsset).toBe(v2);
    expect(afterFlips!.earlierAttempts.map((a) => a.videoAsset).sort()).toEqual([v1, v2].sort());

    // Withdrawing a submission, deleting an own exercise, and the coach deleting an assignment.
    await ok(alex, 'submissions.delete', { id: sub.id });
    submitted.delete(serve.id);
    await check('submission withdrawn');
    expect((await ok(alex, 'assets.list', {})).map((a) => a.id)).toEqual(expect.arrayContaining([v1, v2]));
    await ok(alex, 'exercises.delete', { id: footwork.id });
    own.delete(footwork.id);
    await check('own exercise deleted');
    await ok(coach, 'exercises.delete', { id: volley.id });
    submitted.delete(volley.id);
    await check('assignment deleted by the coach');
    expect(own.size + submitted.size).toBe(0);
  });
});

describe('AUV data integrity', () => {
  it('test_cascade_deletion_on_video_asset', async () => {
    const w = await setup();
    const { core, ok, as, users, store, asset, count } = w;
    const { coach, alex } = users;
    const media = join(store.profileDir, 'media');
    // The coach's footage, with its bytes on this machine, used everywhere in her own records.
    const { path, bytes } = bytesFile('coach footage;');
    const footage = remoteAsset(coach.id, 'footage.mp4');
    footage.fields['checksum_sha256']!.value = sha256Hex(bytes);
    footage.fields['size_bytes']!.value = bytes.length;
    footage.file = path;
    await core.applyRemote([footage]);
    const video = footage.id;
    const lesson = await ok(coach, 'exercises.create', { name: 'Lesson', videoAsset: video });
    const onAlex = await ok(alex, 'exercises.create', { name: 'Forehand' });
    await ok(coach, 'comments.create', { exercise: onAlex.id, videoAsset: video, text: 'Like this' });
    await core.applyRemote([remoteClip(w, coach.id, video, 1, 2)]);
    const tag = await ok(coach, 'tags.create', { name: 'Footage' });
    await ok(coach, 'tags.attach', { tag: tag.id, contentType: 'videoasset', contentId: video });
    expect(filesUnder(media)).toHaveLength(1);

    // The preview names everything a delete would take along.
    const preview = await ok(coach, 'assets.deletePreview', { id: video });
    expect(preview).toMatchObject({ exercises: [{ id: lesson.id, name: 'Lesson' }], comments: 1, clips: 1, blockedBy: [] });

    // While another user's record uses it (Alex compares against the lesson video), it cannot go.
    const attempt = await asset(alex);
    await ok(alex, 'submissions.create', { exercise: lesson.id, videoAsset: attempt });
    const session = await ok(alex, 'comparisons.create', { exercise: lesson.id, originalVideo: video, feedbackVideo: attempt });
    const blocked = await ok(coach, 'assets.deletePreview', { id: video });
    expect(blocked.blockedBy).toEqual([{ kind: 'comparison', id: session.comparison!.id, owner: 'Alex' }]);
    const before = rowCounts(store.db);
    expect(expectRefusal(await as(coach, 'assets.delete', { id: video }), 'conflict')).toContain('Alex');
    expect(rowCounts(store.db)).toEqual(before);
    expect(filesUnder(media)).toHaveLength(1);
    expectRefusal(await as(alex, 'assets.delete', { id: video }), 'forbidden');

    // Alex deletes his attempt (his submission and session go with it); now the coach's delete takes
    // the exercise, the comment, the clip, the tag link and the file.
    expect((await ok(alex, 'assets.deletePreview', { id: attempt })).submissions).toEqual([{ id: expect.any(String), exerciseName: 'Lesson' }]);
    await ok(alex, 'assets.delete', { id: attempt });
    expect(await ok(alex, 'comparisons.list', {})).toEqual([]);
    expect((await ok(coach, 'assets.deletePreview', { id: video })).blockedBy).toEqual([]);
    await ok(coach, 'assets.delete', { id: video });
    expectRefusal(await as(coach, 'assets.get', { id: video }), 'not-found');
    expectRefusal(await as(coach, 'exercises.get', { id: lesson.id }), 'not-found');
    expect(await ok(alex, 'comments.list', { exercise: onAlex.id })).toEqual([]);
    expect(await ok(coach, 'clips.list', {})).toEqual([]);
    expect((await ok(coach, 'tags.list', {})).find((t) => t.id === tag.id)?.usage).toBe(0);
    expect([count('submissions_submission'), count('content_tags'), count('core_videoclip')]).toEqual([0, 0, 0]);
    expect(filesUnder(media)).toEqual([]);
    // The rest is untouched.
    expect((await ok(alex, 'exercises.get', { id: onAlex.id })).name).toBe('Forehand');

    // Two users holding the same bytes share one file, which goes with the last of them.
    const shared = bytesFile('shared;');
    const records = [coach, alex].map((owner) => {
      const r = remoteAsset(owner.id, 'shared.mp4');
      r.fields['checksum_sha256']!.value = sha256Hex(shared.bytes);
      r.fields['size_bytes']!.value = shared.bytes.length;
      r.file = shared.path;
      return r;
    });
    await core.applyRemote(records);
    expect(filesUnder(media)).toHaveLength(1);
    await ok(coach, 'assets.delete', { id: records[0]!.id });
    expect(filesUnder(media)).toHaveLength(1);
    await ok(alex, 'assets.delete', { id: records[1]!.id });
    expect(filesUnder(media)).toEqual([]);
  });

  it('test_foreign_key_constraint_enforcement', async () => {
    const w = await setup();
    const { core, as, users, store, asset } = w;
    const { coach, alex } = users;
    expect(store.db.pragma('foreign_keys', { simple: true })).toBe(1);
    const video = await asset(alex);
    const ex = (await w.ok(coach, 'exercises.create', { name: 'Serve', videoAsset: await asset(coach) }));
    const sub = await w.ok(alex, 'submissions.create', { exercise: ex.id, videoAsset: video });
    const comment = await w.ok(coach, 'comments.create', { exercise: ex.id, submission: sub.id, text: 'ok' });
    const tag = await w.ok(coach, 'tags.create', { name: 'serve' });
    const ghost = randomUUID();
    const t = iso();

    // Every reference in the store points at a row that exists.
    const dangling: [string, Record<string, unknown>][] = [
      ['coaching_roster', { id: randomUUID(), coach: ghost, student: alex.id }],
      ['core_videoasset', sqlAssetRow(ghost)],
      ['core_videoclip', sqlClipRow(alex.id, ghost, sha256Hex('x'))],
      ['core_videoclip', sqlClipRow(ghost, video, checksumOf(w, video))],
      ['core_videoclip', { ...sqlClipRow(alex.id, video, checksumOf(w, video), { start_time: 3, end_time: 4 }), clip_asset: ghost }],
      ['exercises_exercise', { id: randomUUID(), name: 'x', created_by: ghost, created_at: t, updated_at: t }],
      ['exercises_exercise', { id: randomUUID(), name: 'x', created_by: alex.id, video_asset: ghost, created_at: t, updated_at: t }],
      ['submissions_submission', { id: randomUUID(), student: alex.id, exercise: ghost, video_asset: video }],
      ['submissions_submission', { id: randomUUID(), student: users.sam.id, exercise: ex.id, video_asset: ghost }],
      ['submission_attempts', { id: randomUUID(), submission: ghost, video_asset: video, submitted_at: t }],
      ['submission_attempts', { id: randomUUID(), submission: sub.id, video_asset: ghost, submitted_at: t }],
      ['comparisons_comparison', { id: randomUUID(), student: alex.id, exercise: ex.id, original_video: ghost, feedback_video: video }],
      ['comparisons_comparison', { id: randomUUID(), student: ghost, exercise: ex.id, original_video: ex.videoAsset, feedback_video: video }],
      ['comparison_alignment', { id: randomUUID(), exercise: ghost, original_video: ex.videoAsset, feedback_video: video, set_by: coach.id }],
      ['comments_videocomment', { id: randomUUID(), exercise: ex.id, author: coach.id, text: 'x', submission: ghost }],
      ['comments_videocomment', { id: randomUUID(), exercise: ex.id, author: coach.id, text: 'x', at_seconds: 1, at_video_asset: ghost }],
      ['feedback_read', { user: alex.id, comment: ghost, read_at: t }],
      ['content_tags', { id: randomUUID(), content_type: 'exercise', content_id: ex.id, tag_id: ghost }],
      ['votes_helpfulvote', { id: randomUUID(), voter: alex.id, comment: ghost, is_helpful: 1 }],
      ['votes_helpfulvote', { id: randomUUID(), voter: ghost, comment: comment.id, is_helpful: 1 }],
    ];
    const before = rowCounts(store.db);
    for (const [table, row] of dangling) {
      const code = constraintError(() => insertRow(store.db, table, row));
      // For the roster, submissions and comments a trigger that looks the reference up may speak first.
      const expected = ['coaching_roster', 'submissions_submission', 'comments_videocomment'].includes(table)
        ? ['SQLITE_CONSTRAINT_FOREIGNKEY', 'SQLITE_CONSTRAINT_TRIGGER']
        : ['SQLITE_CONSTRAINT_FOREIGNKEY'];
      expect(expected, `${table} ${JSON.stringify(row)}: ${code}`).toContain(code);
    }
    expect(rowCounts(store.db)).toEqual(before);

    // The services say "not found" for a reference to nothing, and write nothing.
    expectRefusal(await as(alex, 'submissions.create', { exercise: ghost, videoAsset: video }), 'not-found');
    expectRefusal(await as(alex, 'submissions.create', { exercise: ex.id, videoAsset: ghost }), 'not-found');
    expectRefusal(await as(coach, 'comments.create', { exercise: ex.id, text: 'x', submission: ghost }), 'not-found');
    expectRefusal(await as(coach, 'tags.attach', { tag: ghost, contentType: 'exercise', contentId: ex.id }), 'not-found');
    expectRefusal(await as(coach, 'tags.attach', { tag: tag.id, contentType: 'exercise', contentId: ghost }), 'not-found');
    expectRefusal(await as(alex, 'votes.cast', { comment: ghost, isHelpful: true }), 'not-found');
    expectRefusal(await as(alex, 'comparisons.create', { exercise: ex.id, originalVideo: ghost, feedbackVideo: video }), 'not-found');
    expect(rowCounts(store.db)).toEqual(before);

    // A batch from the cloud with one dangling reference is refused whole.
    const good = remote('exercise', { name: 'Fine', description: null, video_asset: null, created_by: alex.id, created_at: t, updated_at: t });
    const bad = remote('comment', { exercise: ghost, author: coach.id, text: 'x', video_asset: null, submission: null, at_seconds: null, at_video_asset: null, drawing: null, created_at: t, updated_at: t });
    await expect(core.applyRemote([good, bad])).rejects.toThrow();
    expect(rowCounts(store.db)).toEqual(before);
  });

  it('test_unique_constraint_enforcement', async () => {
    const w = await setup();
    const { users, store, asset } = w;
    const { coach, alex } = users;
    const video = await asset(alex);
    const checksum = checksumOf(w, video);
    const ex = await w.ok(coach, 'exercises.create', { name: 'Serve', videoAsset: await asset(coach) });
    const sub = await w.ok(alex, 'submissions.create', { exercise: ex.id, videoAsset: video });
    const other = await asset(alex);
    await w.ok(alex, 'submissions.resubmit', { id: sub.id, videoAsset: other });
    const comment = await w.ok(coach, 'comments.create', { exercise: ex.id, text: 'ok' });
    await w.ok(alex, 'votes.cast', { comment: comment.id, isHelpful: true });
    const tag = await w.ok(coach, 'tags.create', { name: 'Serve' });
    await w.ok(coach, 'tags.attach', { tag: tag.id, contentType: 'exercise', contentId: ex.id });
    await w.ok(coach, 'comparisons.align', { exercise: ex.id, originalVideo: ex.videoAsset!, feedbackVideo: other, originalOffset: 0, feedbackOffset: 1 });
    const clip = sqlClipRow(alex.id, video, checksum);
    insertRow(store.db, 'core_videoclip', clip);
    const roster = store.db.prepare('SELECT coach, student FROM coaching_roster LIMIT 1').get() as { coach: string; student: string };
    const t = iso();

    // Each pair: a second row repeating what must be unique.
    const duplicates: [string, Record<string, unknown>][] = [
      ['auth_user', { id: randomUUID(), username: 'ALEX', display_name: 'Another Alex', role: 'student' }],
      ['coaching_roster', { id: randomUUID(), ...roster }],
      ['core_videoasset', sqlAssetRow(alex.id, { checksum_sha256: checksum })],
      ['core_videoclip', { ...sqlClipRow(alex.id, video, checksum, { start_time: 5, end_time: 6 }), clip_hash: clip['clip_hash'] }],
      ['exercises_exercise', { id: randomUUID(), name: 'serve', created_by: coach.id, created_at: t, updated_at: t }],
      ['submissions_submission', { id: randomUUID(), student: alex.id, exercise: ex.id, video_asset: video }],
      ['submission_attempts', { id: randomUUID(), submission: sub.id, video_asset: video, submitted_at: t }],
      ['comparison_alignment', { id: randomUUID(), exercise: ex.id, original_video: ex.videoAsset, feedback_video: other, set_by: alex.id }],
      ['feedback_read', { user: alex.id, comment: comment.id, read_at: t }],
      ['tags_tag', { id: randomUUID(), name: 'SERVE' }],
      ['content_tags', { id: randomUUID(), content_type: 'exercise', content_id: ex.id, tag_id: tag.id }],
      ['votes_helpfulvote', { id: randomUUID(), voter: alex.id, comment: comment.id, is_helpful: 0 }],
      ['local_profile', { singleton: 1, user_id: coach.id, sync_client_id: 'cd'.repeat(8) }],
    ];
    store.db.prepare('INSERT INTO feedback_read (user, comment, read_at) VALUES (?, ?, ?)').run(alex.id, comment.id, t);
    const before = rowCounts(store.db);
    for (const [table, row] of duplicates) {
      const code = constraintError(() => insertRow(store.db, table, row));
      expect(['SQLITE_CONSTRAINT_UNIQUE', 'SQLITE_CONSTRAINT_PRIMARYKEY'], `${table}: ${code}`).toContain(code);
    }
    expect(rowCounts(store.db)).toEqual(before);
    // Primary keys too: a second row with a taken id.
    constraintError(() => insertRow(store.db, 'exercises_exercise', { id: ex.id, name: 'Other', created_by: alex.id, created_at: t, updated_at: t }));
    expect(rowCounts(store.db)).toEqual(before);
  });
});
