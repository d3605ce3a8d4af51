import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { makeClipFile } from '../support/media-session';
import { s3Servers, type StartedS3 } from '../support/s3-servers';
import { PASSWORD, makeClient, makeCloud, makeDevice, type Client } from '../support/sync-world';

/**
 * The conflicts the sync issue names, each between two devices of one user (or two users), each
 * against the reference cloud over real HTTP, with each S3 server (the clip's bytes travel too).
 */
describe.each(s3Servers())('sync conflicts, with $name', ({ start }) => {
  let s3: StartedS3;
  let cloud: Awaited<ReturnType<typeof makeCloud>>;
  let media: string;
  const open: Client[] = [];

  beforeAll(async () => {
    s3 = await start();
    cloud = await makeCloud(s3);
    media = mkdtempSync(join(tmpdir(), 'coachframe-conflict-media-'));
  }, 60_000);
  afterEach(() => {
    for (const c of open.splice(0)) c.dispose();
  });
  afterAll(async () => {
    await cloud?.close();
    await s3?.close();
    rmSync(media, { recursive: true, force: true });
  });

  let n = 0;
  /** A coach with two devices: `one` registered the account, `two` signed in to it later. */
  async function twoDevices(role: 'coach' | 'student' = 'coach') {
    const username = `user${++n}`;
    const one = await makeClient(username, role);
    open.push(one);
    await one.call('sync.register', { cloudUrl: cloud.url, password: PASSWORD });
    await one.sync();
    const two = await makeDevice(cloud.url, username, role);
    open.push(two);
    expect(two.id).toBe(one.id);
    return { one, two };
  }
  const row = (c: Client, sql: string, ...args: unknown[]) => c.db().prepare(sql).get(...args) as Record<string, unknown> | undefined;
  const rows = (c: Client, sql: string, ...args: unknown[]) => c.db().prepare(sql).all(...args) as Record<string, unknown>[];

  it('two devices edit the same exercise: last writer wins per field, and neither device’s fields are lost', async () => {
    const { one, two } = await twoDevices();
    const ex = await one.call<{ id: string }>('exercises.create', { name: 'Serve', description: 'v1' });
    await one.sync();
    await two.sync();
    // Offline on both: one edits the description, the other (later) the name.
    await one.call('exercises.update', { id: ex.id, description: 'Toss higher' });
    await two.call('exercises.update', { id: ex.id, name: 'Kick serve' });
    await one.sync();
    await two.sync();
    await one.sync();
    for (const c of [one, two]) {
      expect(row(c, 'SELECT name, description FROM exercises_exercise WHERE id = ?', ex.id)).toEqual({ name: 'Kick serve', description: 'Toss higher' });
    }
    // The same field edited on both: the later edit stands everywhere.
    await two.call('exercises.update', { id: ex.id, description: 'from two' });
    await new Promise((r) => setTimeout(r, 5));
    await one.call('exercises.update', { id: ex.id, description: 'from one, later' });
    await two.sync();
    await one.sync();
    await two.sync();
    for (const c of [one, two]) expect(row(c, 'SELECT description FROM exercises_exercise WHERE id = ?', ex.id)).toEqual({ description: 'from one, later' });
  }, 60_000);

  it('two devices create tag “serve” offline: one tag after sync, and every link moved to it', async () => {
    const { one, two } = await twoDevices();
    const a = await one.call<{ id: string }>('exercises.create', { name: 'Flat serve' });
    const b = await two.call<{ id: string }>('exercises.create', { name: 'Slice serve' });
    const t1 = await one.call<{ id: string }>('tags.create', { name: 'serve' });
    const t2 = await two.call<{ id: string }>('tags.create', { name: 'Serve' });
    await one.call('tags.attach', { contentType: 'exercise', contentId: a.id, tag: t1.id });
    await two.call('tags.attach', { contentType: 'exercise', contentId: b.id, tag: t2.id });
    await one.sync();
    await two.sync();
    await one.sync();
    for (const c of [one, two]) {
      expect(rows(c, 'SELECT id, name FROM tags_tag')).toEqual([{ id: t1.id, name: 'serve' }]);
      expect(rows(c, "SELECT content_id FROM content_tags WHERE tag_id = ? ORDER BY content_id", t1.id).map((r) => r.content_id).sort())
        .toEqual([a.id, b.id].sort());
      expect((await c.status()).failures).toEqual([]);
      expect((await c.status()).pending).toBe(0);
    }
  }, 60_000);

  it('the same user creates “Forehand” on two devices: both kept, one renamed “Forehand (2)”, and the user is told', async () => {
    const { one, two } = await twoDevices();
    const first = await one.call<{ id: string }>('exercises.create', { name: 'Forehand' });
    const second = await two.call<{ id: string }>('exercises.create', { name: 'Forehand' });
    await one.sync();
    await two.sync();
    await one.sync();
    for (const c of [one, two]) {
      expect(rows(c, 'SELECT id, name FROM exercises_exercise ORDER BY name')).toEqual([
        { id: first.id, name: 'Forehand' },
        { id: second.id, name: 'Forehand (2)' },
      ]);
    }
    const notices = (await two.status()).notices;
    expect(notices.join('\n')).toMatch(/Forehand \(2\)/);
  }, 60_000);

  it('a record deleted on one device and edited on another: the delete wins, whichever syncs first', async () => {
    const { one, two } = await twoDevices();
    const early = await one.call<{ id: string }>('exercises.create', { name: 'Lob' });
    const late = await one.call<{ id: string }>('exercises.create', { name: 'Smash' });
    await one.sync();
    await two.sync();
    // Delete first, then the edit arrives.
    await one.call('exercises.delete', { id: early.id });
    await two.call('exercises.update', { id: early.id, description: 'still here?' });
    await one.sync();
    await two.sync();
    // Edit first, then the delete arrives.
    await two.call('exercises.update', { id: late.id, description: 'edited first' });
    await two.sync();
    await one.call('exercises.delete', { id: late.id });
    await one.sync();
    await two.sync();
    for (const c of [one, two]) expect(rows(c, 'SELECT name FROM exercises_exercise')).toEqual([]);
    // A later edit of the tombstone cannot bring it back.
    expect((await two.status()).failures).toEqual([]);
  }, 60_000);

  it('votes are per voter × comment: one vote for a student voting from two devices, one per student', async () => {
    const coach = await makeClient(`coach${++n}`, 'coach');
    open.push(coach);
    await coach.call('sync.register', { cloudUrl: cloud.url, password: PASSWORD });
    const { one, two } = await twoDevices('student');
    const other = await makeClient(`student${++n}`, 'student');
    open.push(other);
    await other.call('sync.register', { cloudUrl: cloud.url, password: PASSWORD });
    for (const s of [one, other]) {
      const invite = await coach.call<{ code: string }>('sync.createInvite');
      await s.call('sync.joinRoster', { code: invite.code });
    }
    const ex = await coach.call<{ id: string }>('exercises.create', { name: 'Volley' });
    const note = await coach.call<{ id: string }>('comments.create', { exercise: ex.id, text: 'Keep the racket up' });
    await coach.sync();
    for (const c of [one, two, other]) await c.sync();
    await one.call('votes.cast', { comment: note.id, isHelpful: true });
    await two.call('votes.cast', { comment: note.id, isHelpful: true });
    await other.call('votes.cast', { comment: note.id, isHelpful: true });
    for (const c of [one, two, other, coach, one, two]) await c.sync();
    for (const c of [coach, one, two]) {
      expect(rows(c, 'SELECT voter FROM votes_helpfulvote WHERE comment = ? ORDER BY voter', note.id).map((r) => r.voter))
        .toEqual([one.id, other.id].sort());
    }
    expect((await two.status()).failures).toEqual([]);
  }, 90_000);

  it('the same clip cut twice is one clip, by its clip_hash', async () => {
    const { one, two } = await twoDevices();
    const file = makeClipFile(media, `rally-${n}.mp4`, [
      '-f', 'lavfi', '-i', 'testsrc2=size=320x180:rate=30:duration=3', '-c:v', 'libx264', '-preset', 'ultrafast', '-pix_fmt', 'yuv420p', '-g', '15',
    ]);
    const source = await one.importVideo(file);
    await one.sync();
    await two.sync();
    await two.idle();
    expect(row(two, 'SELECT local_state FROM core_videoasset WHERE id = ?', source)).toEqual({ local_state: 'local' });
    const c1 = await one.call<{ id: string; clipHash: string }>('clips.create', { asset: source, start: 1, end: 2, mode: 'precise' });
    const c2 = await two.call<{ id: string; clipHash: string }>('clips.create', { asset: source, start: 1, end: 2, mode: 'precise' });
    await one.idle();
    await two.idle();
    expect(c1.id).not.toBe(c2.id);
    await one.sync();
    await two.sync();
    await one.sync();
    for (const c of [one, two]) {
      expect(rows(c, 'SELECT id FROM core_videoclip')).toEqual([{ id: c1.id }]);
      expect((await c.status()).failures).toEqual([]);
    }
  }, 90_000);
});
