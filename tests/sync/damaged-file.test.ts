import { mkdtempSync, openSync, readSync, rmSync, writeSync, closeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeClipFile } from '../support/media-session';
import { s3Servers, type StartedS3 } from '../support/s3-servers';
import { PASSWORD, makeClient, makeCloud, type Client } from '../support/sync-world';

/**
 * A video whose file changed on disk after import (a bad sector, another program writing to it) can
 * never be sent as what its record says. Sync refuses it in words, sends everything else, and does
 * not try it again and again; the cloud never keeps the wrong bytes.
 */
describe.each(s3Servers())('a file damaged on this machine, with $name', ({ start }) => {
  let s3: StartedS3;
  let cloud: Awaited<ReturnType<typeof makeCloud>>;
  let coach: Client;
  let media: string;

  beforeAll(async () => {
    s3 = await start();
    cloud = await makeCloud(s3);
    media = mkdtempSync(join(tmpdir(), 'coachframe-damaged-'));
    coach = await makeClient('dcoach', 'coach');
  }, 60_000);
  afterAll(async () => {
    coach?.dispose();
    await cloud?.close();
    await s3?.close();
    if (media) rmSync(media, { recursive: true, force: true });
  });

  const clip = (name: string, color: string) =>
    makeClipFile(media, name, ['-f', 'lavfi', '-i', `color=c=${color}:size=320x180:rate=30:duration=1`, '-c:v', 'libx264', '-preset', 'ultrafast', '-pix_fmt', 'yuv420p']);

  it('is refused with a reason while the rest syncs, and is not sent again', async () => {
    await coach.call('sync.register', { cloudUrl: cloud.url, password: PASSWORD });
    const goodId = await coach.importVideo(clip('good.mp4', 'green'));
    const badId = await coach.importVideo(clip('bad.mp4', 'red'));
    const ex = await coach.call<{ id: string }>('exercises.create', { name: 'Serve', videoAsset: goodId });
    const { storage_path, checksum_sha256: badSha } = coach.db().prepare('SELECT storage_path, checksum_sha256 FROM core_videoasset WHERE id = ?').get(badId) as {
      storage_path: string;
      checksum_sha256: string;
    };
    // One byte flipped in place: same size, other bytes.
    const fd = openSync(coach.core.store().media.absolute(storage_path), 'r+');
    const byte = Buffer.alloc(1);
    readSync(fd, byte, 0, 1, 1000);
    byte[0] = byte[0]! ^ 0xff;
    writeSync(fd, byte, 0, 1, 1000);
    closeSync(fd);

    await coach.sync();
    const status = await coach.status();
    expect(status.pending).toBe(0);
    // The rest went through.
    expect(cloud.db.prepare('SELECT name FROM exercises_exercise WHERE id = ?').get(ex.id)).toEqual({ name: 'Serve' });
    expect(cloud.db.prepare('SELECT 1 FROM core_videoasset WHERE id = ?').get(goodId)).toBeDefined();
    // The damaged one did not, and its bytes were not kept.
    expect(cloud.db.prepare('SELECT 1 FROM core_videoasset WHERE id = ?').get(badId)).toBeUndefined();
    expect(cloud.db.prepare('SELECT 1 FROM cloud_objects WHERE sha256 = ?').get(badSha)).toBeUndefined();
    const state = coach.db().prepare("SELECT state, last_error FROM sync_record_state WHERE entity = 'videoasset' AND record_id = ?").get(badId) as {
      state: string;
      last_error: string;
    };
    expect(state.state).toBe('rejected');
    expect(state.last_error).toMatch(/no longer matches the video that was imported/);
    expect(coach.db().prepare('SELECT is_valid FROM core_videoasset WHERE id = ?').get(badId)).toEqual({ is_valid: 0 });

    // The next pass has nothing to send: the damaged file is not tried again.
    const before = cloud.db.prepare('SELECT count(*) AS n FROM cloud_objects').get();
    const pass = await coach.core.sync().syncOnce();
    expect(pass).toMatchObject({ uploadedBytes: 0, pushed: 0 });
    expect(cloud.db.prepare('SELECT count(*) AS n FROM cloud_objects').get()).toEqual(before);
  });
});
