import { randomBytes, randomUUID } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { RemoteRecord } from '../../src-main/core/sync/apply-remote';
import type { FieldValue, SyncEntity } from '../../src-main/core/sync/entities';
import { expectRefusal, filesUnder, rowCounts, sha256Hex } from '../support/records';
import { iso, makeWorld, remote, remoteAsset, remoteUser, type World } from '../support/world';

/**
 * applyRemote is the one path for what comes from the cloud: it never writes outbox rows, keeps the
 * newest value of each field by its clock, commits a batch whole or not at all, and takes media bytes
 * only when they match their checksum.
 */

let world: World;
afterEach(() => world?.dispose());

/** A clock stamp from another machine at wall time `ms`. */
const stampAt = (ms: number, client = 'c0ffeec0ffeec0ff') => `${new Date(ms).toISOString()}-0000-${client}`;
/** A remote upsert of `fields`, every field stamped `hlc`. */
const upsertAt = (entity: SyncEntity, id: string, hlc: string, fields: Record<string, FieldValue>): RemoteRecord => ({
  entity, op: 'upsert', id, fields: Object.fromEntries(Object.entries(fields).map(([k, value]) => [k, { value, hlc }])),
});
const remoteDelete = (entity: SyncEntity, id: string): RemoteRecord => ({ entity, op: 'delete', id, fields: {} });

/** A file of random bytes in the test's data folder (outside the profile), with its SHA-256. */
function videoFile(w: World, size = 4096) {
  const bytes = randomBytes(size);
  const path = join(w.dataDir, `incoming-${randomUUID()}.mp4`);
  writeFileSync(path, bytes);
  return { path, bytes, sha256: sha256Hex(bytes) };
}
/** A media asset record that brings its bytes along. */
const assetWithBytes = (owner: string, file: { path: string; bytes: Buffer; sha256: string }, checksum = file.sha256, id = randomUUID()) =>
  remote(
    'videoasset',
    {
      owner, orig_filename: 'take.mp4', mime_type: 'video/mp4', size_bytes: file.bytes.length, checksum_sha256: checksum, youtube_url: null,
      video_type: 'upload', duration_sec: 3, duration_ms: 3000, width: 640, height: 360, created_at: iso(), updated_at: iso(),
    },
    id,
    file.path,
  );
const mediaFiles = (w: World) => filesUnder(join(w.store.profileDir, 'media'));
const assetRow = (w: World, id: string) =>
  w.store.db.prepare('SELECT storage_path, local_state FROM core_videoasset WHERE id = ?').get(id) as { storage_path: string | null; local_state: string } | undefined;

describe('applyRemote', () => {
  it('writes other users’ records without a single outbox row', async () => {
    world = await makeWorld();
    const { users, count, core, ok } = world;
    const outbox = count('sync_outbox');
    const pending = count('sync_record_state');
    const video = remoteAsset(users.alex.id);
    const exercise = remote('exercise', { name: 'Backhand', description: null, video_asset: video.id, created_by: users.alex.id, created_at: iso(), updated_at: iso() });
    const comment = remote('comment', {
      exercise: exercise.id, author: users.alex.id, text: 'First try', video_asset: null, submission: null, at_seconds: null, at_video_asset: null,
      drawing: null, created_at: iso(1), updated_at: iso(1),
    });
    const tag = remote('tag', { name: 'Footwork', created_at: iso() });
    const link = remote('content_tag', { content_type: 'exercise', content_id: exercise.id, tag_id: tag.id, created_at: iso() });
    const newcomer = remoteUser('nina', 'student');
    const result = await core.applyRemote([video, exercise, comment, tag, link, newcomer]);
    expect(result).toEqual({ applied: 6, skippedFields: 0 });
    expect(count('sync_outbox')).toBe(outbox);
    expect(count('sync_record_state')).toBe(pending);
    // The coach sees it all, as alex made it.
    const [item] = (await ok(users.coach, 'exercises.list', { owner: users.alex.id })).items;
    expect(item).toMatchObject({ id: exercise.id, name: 'Backhand', commentCount: 1, unreadCount: 1, tags: [{ name: 'Footwork' }] });
  });

  describe('last writer wins, per field', () => {
    it('an older remote stamp leaves a newer local edit; a newer one replaces only its own fields', async () => {
      world = await makeWorld();
      const { users, core, ok } = world;
      const ex = await ok(users.coach, 'exercises.create', { name: 'Serve', description: 'Toss high' });
      const editedAt = Date.now();

      // An edit made elsewhere a minute before ours, to both fields: ours stays.
      const stale = await core.applyRemote([upsertAt('exercise', ex.id, stampAt(editedAt - 60_000), { name: 'Old serve', description: 'Old toss' })]);
      expect(stale.skippedFields).toBe(2);
      expect(await ok(users.coach, 'exercises.get', { id: ex.id })).toMatchObject({ name: 'Serve', description: 'Toss high' });

      // An edit made elsewhere after ours, to the description only: it wins; the name is untouched.
      const fresh = await core.applyRemote([upsertAt('exercise', ex.id, stampAt(Date.now() + 1000), { description: 'Toss in front' })]);
      expect(fresh).toEqual({ applied: 1, skippedFields: 0 });
      expect(await ok(users.coach, 'exercises.get', { id: ex.id })).toMatchObject({ name: 'Serve', description: 'Toss in front', videoAsset: null });

      // One record, two fields, two clocks: each field is decided on its own.
      await ok(users.coach, 'exercises.update', { id: ex.id, name: 'First serve' });
      const mixed = await core.applyRemote([
        { entity: 'exercise', op: 'upsert', id: ex.id, fields: {
          name: { value: 'Remote serve', hlc: stampAt(editedAt) },
          description: { value: 'Remote toss', hlc: stampAt(Date.now() + 2000) },
        } },
      ]);
      expect(mixed.skippedFields).toBe(1);
      expect(await ok(users.coach, 'exercises.get', { id: ex.id })).toMatchObject({ name: 'First serve', description: 'Remote toss' });
    });

    it('a local edit after a remote one wins over a replay of that remote stamp', async () => {
      world = await makeWorld();
      const { users, core, ok } = world;
      const ex = await ok(users.coach, 'exercises.create', { name: 'Lob' });
      const stamp = stampAt(Date.now() + 500);
      await core.applyRemote([upsertAt('exercise', ex.id, stamp, { description: 'From the tablet' })]);
      // Our next edit sorts after what we have seen, even though the remote clock was ahead of ours.
      await ok(users.coach, 'exercises.update', { id: ex.id, description: 'From the laptop' });
      const replay = await core.applyRemote([upsertAt('exercise', ex.id, stamp, { description: 'From the tablet' })]);
      expect(replay.skippedFields).toBe(1);
      expect((await ok(users.coach, 'exercises.get', { id: ex.id })).description).toBe('From the laptop');
    });
  });

  it('a remote delete cascades as a local one does', async () => {
    world = await makeWorld();
    const { users, core, ok, count, asset } = world;
    const model = await asset(users.coach);
    const serve = await ok(users.coach, 'exercises.create', { name: 'Serve', videoAsset: model });
    const take = await asset(users.alex);
    const sub = await ok(users.alex, 'submissions.create', { exercise: serve.id, videoAsset: take });
    const feedback = await ok(users.coach, 'comments.create', { exercise: serve.id, submission: sub.id, text: 'Good rhythm' });
    await ok(users.alex, 'votes.cast', { comment: feedback.id, isHelpful: true });
    await ok(users.alex, 'comments.markRead', { ids: [feedback.id] });
    const tag = await ok(users.coach, 'tags.create', { name: 'Serve' });
    await ok(users.coach, 'tags.attach', { tag: tag.id, contentType: 'exercise', contentId: serve.id });
    await ok(users.alex, 'comparisons.create', { exercise: serve.id, originalVideo: model, feedbackVideo: take });
    const backhand = await ok(users.alex, 'exercises.create', { name: 'Backhand' });

    await core.applyRemote([remoteDelete('exercise', serve.id)]);
    expectRefusal(await world.as(users.alex, 'exercises.get', { id: serve.id }), 'not-found');
    for (const table of ['submissions_submission', 'comments_videocomment', 'votes_helpfulvote', 'feedback_read', 'content_tags', 'comparisons_comparison']) {
      expect(count(table), table).toBe(0);
    }
    // What was not on the exercise stays: alex's own exercise, both videos, the tag itself.
    expect((await ok(users.alex, 'stack.list', {})).map((i) => i.exercise.id)).toEqual([backhand.id]);
    expect((await ok(users.alex, 'assets.get', { id: take })).id).toBe(take);
    expect((await ok(users.coach, 'tags.list', {})).map((t) => [t.name, t.usage])).toEqual([['Serve', 0]]);

    // A user deleted elsewhere takes their records along, and leaves the roster.
    await core.applyRemote([remoteDelete('user', users.alex.id)]);
    expect((await ok(users.coach, 'roster.list', {})).map((r) => r.user.username)).toEqual(['sam']);
    expect((await ok(users.coach, 'exercises.list', {})).items).toEqual([]);
    expect(count('core_videoasset')).toBe(1); // dana's model video
  });

  describe('one batch, one transaction', () => {
    it('a batch with one invalid record writes nothing', async () => {
      world = await makeWorld();
      const { users, core, store } = world;
      const before = rowCounts(store.db);
      const newcomer = remoteUser('nina', 'student');
      const exercise = remote('exercise', { name: 'Drop shot', description: null, video_asset: null, created_by: users.alex.id, created_at: iso(), updated_at: iso() });
      // A comment with neither text nor video breaks a rule of the store.
      const empty = remote('comment', {
        exercise: exercise.id, author: users.alex.id, text: null, video_asset: null, submission: null, at_seconds: null, at_video_asset: null,
        drawing: null, created_at: iso(), updated_at: iso(),
      });
      await expect(core.applyRemote([newcomer, exercise, empty])).rejects.toThrow();
      expect(rowCounts(store.db)).toEqual(before);
      // The same batch without the bad record goes in whole.
      await core.applyRemote([newcomer, exercise]);
      expect(rowCounts(store.db)).toMatchObject({ auth_user: before['auth_user']! + 1, exercises_exercise: 1 });
    });

    it('an unknown entity or field refuses the batch before anything is written', async () => {
      world = await makeWorld();
      const { core, store } = world;
      const before = rowCounts(store.db);
      const ok = remoteUser('nina', 'student');
      const extraField = remote('tag', { name: 'Spin', created_at: iso(), storage_path: 'media/x' });
      await expect(core.applyRemote([ok, extraField])).rejects.toThrow(/not synced fields storage_path/);
      await expect(core.applyRemote([ok, { ...remote('tag', { name: 'Spin' }), entity: 'secrets' as SyncEntity }])).rejects.toThrow(/Unknown entity/);
      expect(rowCounts(store.db)).toEqual(before);
    });

    it('bytes taken in for a batch that fails are not kept', async () => {
      world = await makeWorld();
      const { users, core, store } = world;
      const before = rowCounts(store.db);
      const file = videoFile(world);
      const orphan = remote('exercise', { name: 'x', description: null, video_asset: null, created_by: randomUUID(), created_at: iso(), updated_at: iso() });
      await expect(core.applyRemote([assetWithBytes(users.alex.id, file), orphan])).rejects.toThrow();
      expect(rowCounts(store.db)).toEqual(before);
      expect(mediaFiles(world)).toEqual([]);
    });
  });

  describe('media bytes', () => {
    it('bytes matching their checksum are stored content-addressed in the profile’s media folder', async () => {
      world = await makeWorld();
      const { users, core, ok } = world;
      const file = videoFile(world);
      const record = assetWithBytes(users.coach.id, file);
      await core.applyRemote([record]);
      const row = assetRow(world, record.id)!;
      expect(row).toEqual({ storage_path: join('media', file.sha256.slice(0, 2), file.sha256), local_state: 'local' });
      expect(mediaFiles(world)).toEqual([join(file.sha256.slice(0, 2), file.sha256)]);
      expect((await ok(users.coach, 'assets.get', { id: record.id })).localState).toBe('local');
      // What the player is given is exactly those bytes.
      const media = core.mediaFile(record.id, 'original')!;
      expect(media.path.startsWith(join(world.store.profileDir, 'media'))).toBe(true);
      expect(readFileSync(media.path).equals(file.bytes)).toBe(true);
      expect(media.size).toBe(file.bytes.length);
    });

    it('bytes that do not match their checksum are refused: no file, no row', async () => {
      world = await makeWorld();
      const { users, core, count } = world;
      const assets = count('core_videoasset');
      const file = videoFile(world);
      const record = assetWithBytes(users.alex.id, file, sha256Hex('other bytes'));
      await expect(core.applyRemote([record])).rejects.toThrow(/checksum/);
      expect(count('core_videoasset')).toBe(assets);
      expect(assetRow(world, record.id)).toBeUndefined();
      // Not even a half-copied temporary file is left behind.
      expect(mediaFiles(world)).toEqual([]);
    });

    it('bytes whose size differs from the record are refused: no file, no row, a clear error', async () => {
      world = await makeWorld();
      const { users, core, count } = world;
      const assets = count('core_videoasset');
      const file = videoFile(world);
      const record = assetWithBytes(users.alex.id, file);
      record.fields['size_bytes']!.value = file.bytes.length + 1;
      await expect(core.applyRemote([record])).rejects.toMatchObject({ code: 'bad-input', message: expect.stringMatching(/bytes/) });
      expect(count('core_videoasset')).toBe(assets);
      expect(mediaFiles(world)).toEqual([]);
    });

    it('a record that breaks a rule of the store is refused with a clear, coded error', async () => {
      world = await makeWorld();
      const { users, core } = world;
      const bad = remote('exercise', { name: '', description: null, video_asset: null, created_by: users.alex.id, created_at: iso(), updated_at: iso() });
      await expect(core.applyRemote([bad])).rejects.toMatchObject({ code: 'bad-input', message: expect.stringMatching(/nothing from its batch was written/) });
    });

    it('two users’ assets of the same bytes share one file, removed with the last row using it', async () => {
      world = await makeWorld();
      const { users, core, ok } = world;
      const file = videoFile(world);
      const danas = assetWithBytes(users.coach.id, file);
      const alexs = assetWithBytes(users.alex.id, file);
      await core.applyRemote([danas, alexs]);
      const path = assetRow(world, danas.id)!.storage_path!;
      expect(assetRow(world, alexs.id)!.storage_path).toBe(path);
      expect(mediaFiles(world)).toHaveLength(1);

      await ok(users.alex, 'assets.delete', { id: alexs.id });
      expect(existsSync(world.store.media.absolute(path))).toBe(true);
      expect(readFileSync(core.mediaFile(danas.id, 'original')!.path).equals(file.bytes)).toBe(true);

      await ok(users.coach, 'assets.delete', { id: danas.id });
      expect(existsSync(world.store.media.absolute(path))).toBe(false);
      expect(mediaFiles(world)).toEqual([]);
    });

    it('a remote delete of the last asset using a file removes the file', async () => {
      world = await makeWorld();
      const { users, core } = world;
      const file = videoFile(world);
      const first = assetWithBytes(users.alex.id, file);
      const second = assetWithBytes(users.sam.id, file);
      await core.applyRemote([first, second]);
      await core.applyRemote([remoteDelete('videoasset', first.id)]);
      expect(mediaFiles(world)).toHaveLength(1);
      await core.applyRemote([remoteDelete('videoasset', second.id)]);
      expect(mediaFiles(world)).toEqual([]);
    });

    it('a record without bytes is remote until they arrive', async () => {
      world = await makeWorld();
      const { users, core, ok } = world;
      const file = videoFile(world);
      const record = assetWithBytes(users.coach.id, file);
      const withoutBytes: RemoteRecord = { ...record, file: undefined };
      delete withoutBytes.file;
      await core.applyRemote([withoutBytes]);
      expect(assetRow(world, record.id)).toEqual({ storage_path: null, local_state: 'remote' });
      expect((await ok(users.coach, 'assets.get', { id: record.id })).localState).toBe('remote');
      expect(core.mediaFile(record.id, 'original')).toBeNull();
      expect(mediaFiles(world)).toEqual([]);

      // The same record again, now with its bytes: the video becomes playable here.
      await core.applyRemote([record]);
      expect(assetRow(world, record.id)).toMatchObject({ local_state: 'local' });
      expect(readFileSync(core.mediaFile(record.id, 'original')!.path).equals(file.bytes)).toBe(true);
    });
  });
});

