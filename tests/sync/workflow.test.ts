import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeClipFile } from '../support/media-session';
import { s3Servers, type StartedS3 } from '../support/s3-servers';
import { PASSWORD, makeClient, makeCloud, type Client } from '../support/sync-world';

const sha256 = (file: string) => createHash('sha256').update(readFileSync(file)).digest('hex');

/**
 * The seed's upload → reply → compare workflow across the network: a coach and a student on two
 * machines (separate databases and media folders) against one cloud, with each server's S3.
 */
describe.each(s3Servers())('two clients against the reference cloud and $name', ({ start }) => {
  let s3: StartedS3;
  let cloud: Awaited<ReturnType<typeof makeCloud>>;
  let dana: Client;
  let alex: Client;
  let media: string;

  beforeAll(async () => {
    s3 = await start();
    cloud = await makeCloud(s3);
    media = mkdtempSync(join(tmpdir(), 'coachframe-sync-media-'));
    dana = await makeClient('dana', 'coach');
    alex = await makeClient('alex', 'student');
  }, 60_000);

  afterAll(async () => {
    dana?.dispose();
    alex?.dispose();
    await cloud?.close();
    await s3?.close();
    rmSync(media, { recursive: true, force: true });
  });

  const video = (name: string, seconds: number, color: string) =>
    makeClipFile(media, name, [
      '-f', 'lavfi', '-i', `color=c=${color}:size=320x180:rate=30:duration=${seconds}`, '-f', 'lavfi', '-i', `sine=frequency=440:duration=${seconds}`,
      '-c:v', 'libx264', '-preset', 'ultrafast', '-pix_fmt', 'yuv420p', '-c:a', 'aac', '-shortest',
    ]);

  it('registers both profiles with their own ids and puts the student on the coach’s roster', async () => {
    expect((await dana.status()).state).toBe('off');
    const registered = await dana.call<{ state: string; account: { username: string } }>('sync.register', { cloudUrl: cloud.url, password: PASSWORD });
    expect(registered.account.username).toBe('dana');
    await alex.call('sync.register', { cloudUrl: cloud.url, password: PASSWORD });
    await dana.sync();
    await alex.sync();
    const invite = await dana.call<{ code: string }>('sync.createInvite');
    const joined = await alex.call<{ coach: { id: string } }>('sync.joinRoster', { code: invite.code.toLowerCase() });
    expect(joined.coach.id).toBe(dana.id);
    await alex.sync();
    await dana.sync();
    // The roster came down to both, as a record like any other.
    for (const c of [dana, alex]) {
      expect(c.db().prepare('SELECT coach, student FROM coaching_roster').all()).toEqual([{ coach: dana.id, student: alex.id }]);
    }
    expect((await dana.status()).pending).toBe(0);
  }, 60_000);

  it('carries an exercise with its model video from coach to student, bytes verified', async () => {
    const model = video('model.mp4', 2, 'blue');
    const modelId = await dana.importVideo(model);
    const ex = await dana.call<{ id: string }>('exercises.create', { name: 'Serve', description: 'Toss high', videoAsset: modelId });
    await dana.sync();
    expect((await dana.status()).pending).toBe(0);
    await alex.sync();
    const listed = await alex.call<{ items: { id: string; name: string }[] }>('exercises.list', {});
    expect(listed.items.map((e) => e.name)).toContain('Serve');
    const row = alex.db().prepare('SELECT local_state, storage_path, checksum_sha256 FROM core_videoasset WHERE id = ?').get(modelId) as {
      local_state: string; storage_path: string; checksum_sha256: string;
    };
    // Downloaded in the background, verified, and the same bytes.
    expect(row.local_state).toBe('local');
    expect(sha256(alex.core.store().media.absolute(row.storage_path))).toBe(sha256(model));
    expect(row.checksum_sha256).toBe(sha256(model));
    expect(ex.id).toBeTruthy();
  }, 120_000);

  it('the student’s attempt reaches the coach, the coach’s video reply reaches the student, who compares', async () => {
    const serve = (alex.db().prepare("SELECT id, video_asset FROM exercises_exercise WHERE name = 'Serve'").get() as { id: string; video_asset: string });
    const attempt = video('attempt.mp4', 2, 'red');
    const attemptId = await alex.importVideo(attempt);
    const submission = await alex.call<{ id: string }>('submissions.create', { exercise: serve.id, videoAsset: attemptId });
    await alex.sync();
    await dana.sync();
    const seen = dana.db().prepare('SELECT student, video_asset, status FROM submissions_submission WHERE id = ?').get(submission.id);
    expect(seen).toEqual({ student: alex.id, video_asset: attemptId, status: 'submitted' });
    expect((dana.db().prepare('SELECT local_state FROM core_videoasset WHERE id = ?').get(attemptId) as { local_state: string }).local_state).toBe('local');

    // The coach replies with a video pinned at a moment of the attempt, with a drawing, and reviews.
    const reply = video('reply.mp4', 3, 'green');
    const replyId = await dana.importVideo(reply);
    const drawing = { shapes: [{ kind: 'arrow', from: [0.2, 0.3], to: [0.5, 0.6], color: '#ffcc00' }] };
    const comment = await dana.call<{ id: string }>('comments.create', {
      exercise: serve.id, submission: submission.id, videoAsset: replyId, text: 'Watch your elbow', atSeconds: 1.2, atVideoAsset: attemptId, drawing,
    });
    await dana.call('submissions.setStatus', { id: submission.id, status: 'needs_work' });
    await dana.sync();
    await alex.sync();

    const got = alex.db().prepare('SELECT author, text, video_asset, at_seconds, at_video_asset FROM comments_videocomment WHERE id = ?').get(comment.id);
    expect(got).toEqual({ author: dana.id, text: 'Watch your elbow', video_asset: replyId, at_seconds: 1.2, at_video_asset: attemptId });
    const replyRow = alex.db().prepare('SELECT local_state, storage_path FROM core_videoasset WHERE id = ?').get(replyId) as { local_state: string; storage_path: string };
    expect(replyRow.local_state).toBe('local');
    expect(sha256(alex.core.store().media.absolute(replyRow.storage_path))).toBe(sha256(reply));
    expect((alex.db().prepare('SELECT status FROM submissions_submission WHERE id = ?').get(submission.id) as { status: string }).status).toBe('needs_work');

    // The student compares the attempt with the reply, and marks it helpful; both reach the coach.
    await alex.call('comparisons.align', { exercise: serve.id, originalVideo: attemptId, feedbackVideo: replyId, originalOffset: 0.5, feedbackOffset: 0 });
    await alex.call('votes.cast', { comment: comment.id, isHelpful: true });
    await alex.sync();
    await dana.sync();
    expect(dana.db().prepare('SELECT voter, is_helpful FROM votes_helpfulvote WHERE comment = ?').all(comment.id)).toEqual([{ voter: alex.id, is_helpful: 1 }]);
    expect(dana.db().prepare('SELECT original_offset, feedback_offset, set_by FROM comparison_alignment WHERE exercise = ?').all(serve.id))
      .toEqual([{ original_offset: 0.5, feedback_offset: 0, set_by: alex.id }]);
    // The drawing arrived as the coach drew it.
    expect(JSON.parse((alex.db().prepare('SELECT drawing FROM comments_videocomment WHERE id = ?').get(comment.id) as { drawing: string }).drawing)).toEqual(drawing);
    for (const c of [dana, alex]) expect((await c.status()).failures, c.name).toEqual([]);
  }, 180_000);

  it('an original the cloud holds can be offloaded; opening it downloads it again, verified', async () => {
    const model = alex.db().prepare("SELECT v.id, v.storage_path, v.size_bytes, v.checksum_sha256 FROM exercises_exercise e JOIN core_videoasset v ON v.id = e.video_asset WHERE e.name = 'Serve'").get() as {
      id: string; storage_path: string; size_bytes: number; checksum_sha256: string;
    };
    const file = alex.core.store().media.absolute(model.storage_path);
    await alex.idle();
    const poster = alex.core.mediaFile(model.id, 'poster');
    expect(poster).not.toBeNull();
    const freed = await alex.call<{ freedBytes: number }>('sync.offload', { assetId: model.id });
    expect(freed.freedBytes).toBe(model.size_bytes);
    expect(existsSync(file)).toBe(false);
    expect(alex.db().prepare('SELECT local_state, storage_path FROM core_videoasset WHERE id = ?').get(model.id)).toEqual({ local_state: 'offloaded', storage_path: null });
    // The poster stays; the original is not there, and asking for it starts the download.
    expect(existsSync(alex.core.mediaFile(model.id, 'poster')!.path)).toBe(true);
    expect(alex.core.mediaFile(model.id, 'original')).toBeNull();
    for (let i = 0; i < 200 && alex.db().prepare('SELECT local_state FROM core_videoasset WHERE id = ?').pluck().get(model.id) !== 'local'; i++) {
      await new Promise((r) => setTimeout(r, 25));
    }
    const back = alex.core.mediaFile(model.id, 'original');
    expect(back).not.toBeNull();
    expect(sha256(back!.path)).toBe(model.checksum_sha256);

    // The coach's own video that is not in the cloud yet cannot be offloaded.
    const fresh = await dana.importVideo(video('fresh.mp4', 1, 'yellow'));
    await expect(dana.call('sync.offload', { assetId: fresh })).rejects.toThrow(/not in the cloud yet/);
    await dana.call('exercises.create', { name: 'Fresh', videoAsset: fresh });
    await dana.sync();
    expect((await dana.call<{ freedBytes: number }>('sync.offload', { assetId: fresh })).freedBytes).toBeGreaterThan(0);
  }, 60_000);

  it('a pass with nothing to do sends nothing and changes nothing', async () => {
    await alex.sync();
    const before = alex.db().prepare('SELECT pull_cursor FROM sync_state').get();
    await alex.sync();
    expect(alex.db().prepare('SELECT pull_cursor FROM sync_state').get()).toEqual(before);
    expect((await alex.status()).pending).toBe(0);
  }, 30_000);
});
