import { execFileSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Comment, MediaAsset } from '../../../src-shared/domain';
import { Core } from '../../../src-main/core/core';
import { makeMediaCore } from '../../support/media-session';
import { MemorySecrets, MIGRATIONS_DIR } from '../../support/world';

/** What MediaRecorder produces: WebM streamed without a duration or cues, cut into ~1 s chunks. */
let take: Buffer;
beforeAll(() => {
  take = execFileSync(process.env['FFMPEG_PATH'] ?? 'ffmpeg', [
    '-hide_banner', '-loglevel', 'error', '-f', 'lavfi', '-i', 'testsrc2=size=320x240:rate=20:duration=3', '-f', 'lavfi', '-i', 'sine=duration=3',
    '-c:v', 'libvpx', '-deadline', 'realtime', '-b:v', '300k', '-c:a', 'libopus', '-f', 'webm', '-live', '1', 'pipe:1',
  ], { maxBuffer: 64 * 1024 * 1024 });
});
const chunks = (n: number) => Array.from({ length: n }, (_, i) => take.subarray(Math.floor((i * take.length) / n), Math.floor(((i + 1) * take.length) / n)));

type MediaCore = Awaited<ReturnType<typeof makeMediaCore>>;
let m: MediaCore;
afterEach(() => m?.dispose());

async function record(parts: Buffer[]): Promise<string> {
  const { id } = await m.call<{ id: string }>('recordings.start', { mimeType: 'video/webm;codecs=vp8,opus' });
  for (const [seq, part] of parts.entries()) await m.call('recordings.append', { id, seq }, new Uint8Array(part));
  return id;
}

describe('recordings', () => {
  it('streams chunks in, repairs the file into a seekable video with a duration, and posts it as a reply', async () => {
    m = await makeMediaCore();
    const exercise = await m.call<{ id: string }>('exercises.create', { name: 'Serve' });
    const id = await record(chunks(4));
    // A retried chunk is taken once; a gap is refused.
    await expect(m.call('recordings.append', { id, seq: 2 }, new Uint8Array(take.subarray(0, 10)))).resolves.toEqual({ bytes: take.length });
    await expect(m.call('recordings.append', { id, seq: 9 }, new Uint8Array(1))).rejects.toMatchObject({ code: 'bad-input' });
    const { asset, comment } = await m.call<{ asset: MediaAsset; comment: Comment }>('recordings.finish', { id, reply: { exercise: exercise.id } });
    expect(asset).toMatchObject({ videoType: 'recorded', mimeType: 'video/webm', width: 320, height: 240 });
    expect(asset.durationMs).toBeGreaterThan(2800);
    expect(comment).toMatchObject({ exercise: exercise.id, videoAsset: asset.id, text: null });
    await m.idle();
    expect(await m.call('recordings.listRecoverable', {})).toEqual([]);
  });

  it('a recording cut short by a crash is offered on the next start, and recovers into an asset', async () => {
    m = await makeMediaCore();
    const id = await record(chunks(5).slice(0, 3));
    m.core.close();
    const restarted = new Core({ dataDir: m.dataDir, migrationsDir: MIGRATIONS_DIR, settings: m.settings, secrets: new MemorySecrets(), checkOutputs: true });
    try {
      const call = async (channel: string, input: unknown) => {
        const r = await restarted.dispatch(channel, input, { shell: 'web' });
        if (!r.ok) throw new Error(r.error.message);
        return r.value;
      };
      const found = (await call('recordings.listRecoverable', {})) as { id: string; bytes: number }[];
      expect(found).toEqual([expect.objectContaining({ id, bytes: chunks(5).slice(0, 3).reduce((n, c) => n + c.length, 0) })]);
      const asset = (await call('recordings.recover', { id })) as MediaAsset;
      expect(asset).toMatchObject({ videoType: 'recorded', localState: 'local' });
      expect(asset.durationMs).toBeGreaterThan(500);
      expect(await call('recordings.listRecoverable', {})).toEqual([]);
    } finally {
      while (restarted.runningJobs() > 0) await new Promise((r) => setTimeout(r, 20));
      restarted.close();
    }
  });

  it('cancel and discard leave nothing behind', async () => {
    m = await makeMediaCore();
    const id = await record(chunks(2));
    expect(await m.call('recordings.cancel', { id })).toEqual({ cancelled: true });
    await expect(m.call('recordings.append', { id, seq: 2 }, new Uint8Array(1))).rejects.toMatchObject({ code: 'not-found' });
    expect(await m.call('recordings.listRecoverable', {})).toEqual([]);
    expect(readdirSync(join(m.store().profileDir, 'recordings'))).toEqual([]);
  });
});
