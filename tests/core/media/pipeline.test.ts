import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { copyFileSync, existsSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { JobInfo } from '../../../src-shared/contract/media';
import type { Clip, MediaAsset } from '../../../src-shared/domain';
import { fixture, GOOD_FIXTURES, markerCorner } from '../../support/media-fixtures';
import { makeClipFile, makeMediaCore, sampleVideos } from '../../support/media-session';
import { iso, remote } from '../../support/world';

let videos: ReturnType<typeof sampleVideos>;
beforeAll(() => {
  videos = sampleVideos();
});
afterAll(() => rmSync(videos.dir, { recursive: true, force: true }));

type MediaCore = Awaited<ReturnType<typeof makeMediaCore>>;
let m: MediaCore;
afterEach(() => m?.dispose());

const sha = (path: string) => createHash('sha256').update(readFileSync(path)).digest('hex');

async function importOne(path: string): Promise<JobInfo> {
  const [job] = await m.call<JobInfo[]>('assets.import', { paths: [path] });
  return m.finished(job!.id);
}

/** Every file under the profile's media folder, relative to it. */
function storedFiles(): string[] {
  const media = join(m.store().profileDir, 'media');
  if (!existsSync(media)) return [];
  return readdirSync(media, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => join(e.parentPath, e.name).slice(media.length + 1));
}

describe('import', () => {
  it('stores the bytes once under their checksum, probes them, and makes a poster and filmstrip in the background', async () => {
    m = await makeMediaCore();
    const done = await importOne(videos.h264);
    expect(done).toMatchObject({ kind: 'import', state: 'done', label: 'serve.mp4' });
    await m.idle();
    const asset = await m.call<MediaAsset>('assets.get', { id: done.assetId });
    expect(asset).toMatchObject({
      origFilename: 'serve.mp4', mimeType: 'video/mp4', checksumSha256: sha(videos.h264), width: 320, height: 180, durationSec: 3,
      processingStatus: 'ready', hasPoster: true, hasFilmstrip: true, hasProxy: false, frameRate: 30, localState: 'local', videoType: 'upload',
    });
    expect(asset.durationMs).toBeGreaterThan(2900);
    expect(asset.processedAt).not.toBeNull();
    expect(storedFiles()).toEqual([join(asset.checksumSha256!.slice(0, 2), asset.checksumSha256!)]);
    // The poster is a real JPEG, served for the asset.
    const poster = m.core.mediaFile(asset.id, 'poster')!;
    expect(readFileSync(poster.path).subarray(0, 2)).toEqual(Buffer.from([0xff, 0xd8]));
    // Progress went through copying, with numbers, and processing reported its steps.
    expect(m.events.some((e) => e.info.kind === 'import' && e.info.phase === 'copying')).toBe(true);
    expect(m.events.filter((e) => e.info.kind === 'process' && e.event === 'job.done').map((e) => e.info.state)).toEqual(['done']);
  });

  it('the same bytes imported twice are one asset, and one file', async () => {
    m = await makeMediaCore();
    const first = await importOne(videos.h264);
    const copy = join(videos.dir, 'serve-copy.mp4');
    copyFileSync(videos.h264, copy);
    const second = await importOne(copy);
    expect(second.assetId).toBe(first.assetId);
    await m.idle();
    expect(await m.call<MediaAsset[]>('assets.list', {})).toHaveLength(1);
    expect(storedFiles()).toHaveLength(1);
  });

  it.each([
    ['text renamed .mp4', () => videos.text],
    ['a zero-byte file', () => videos.empty],
  ])('refuses %s with a clear error, leaving no row and no file', async (_name, file) => {
    m = await makeMediaCore();
    const done = await importOne(file());
    expect(done.state).toBe('failed');
    expect(done.error?.code).toBe('unsupported-media');
    expect(done.error?.message).toMatch(/video|empty/i);
    expect(await m.call<MediaAsset[]>('assets.list', {})).toEqual([]);
    expect(storedFiles()).toEqual([]);
  });

  it('imports bytes sent over the byte channel (the web host’s picker) the same way', async () => {
    m = await makeMediaCore();
    const job = await m.call<JobInfo>('assets.importBytes', { filename: 'From browser.mp4' }, new Uint8Array(readFileSync(videos.h264)));
    const done = await m.finished(job.id);
    expect(done.state).toBe('done');
    const asset = await m.call<MediaAsset>('assets.get', { id: done.assetId });
    expect(asset).toMatchObject({ origFilename: 'From browser.mp4', checksumSha256: sha(videos.h264) });
    expect(readdirSync(m.store().profileDir)).not.toContain('scratch-left-behind');
    await m.idle();
  });

  it('makes a proxy for what the renderer cannot play (HEVC), and serves it', async () => {
    m = await makeMediaCore();
    const hevc = makeClipFile(videos.dir, 'phone.mov', [
      '-f', 'lavfi', '-i', 'testsrc2=size=320x240:rate=30:duration=2', '-c:v', 'libx265', '-preset', 'ultrafast', '-x265-params', 'log-level=error', '-tag:v', 'hvc1',
    ]);
    const done = await importOne(hevc);
    await m.idle();
    const asset = await m.call<MediaAsset>('assets.get', { id: done.assetId });
    expect(asset).toMatchObject({ mimeType: 'video/quicktime', hasProxy: true, processingStatus: 'ready' });
    const proxy = m.core.mediaFile(asset.id, 'proxy')!;
    expect(proxy.mimeType).toBe('video/mp4');
    expect(existsSync(proxy.path)).toBe(true);
  });

  it('a variable-frame-rate video’s proxy keeps every frame at its own time (none shown early, none added)', async () => {
    m = await makeMediaCore();
    const source = await fixture('vfr.mp4');
    const done = await importOne(source);
    await m.idle();
    const asset = await m.call<MediaAsset>('assets.get', { id: done.assetId });
    // No one frame rate to step by before it plays: the player measures it.
    expect(asset).toMatchObject({ hasProxy: true, processingStatus: 'ready', frameRate: null });
    const frameTimes = (file: string) =>
      execFileSync(process.env['FFPROBE_PATH'] ?? 'ffprobe', ['-v', 'error', '-select_streams', 'v:0', '-show_entries', 'frame=pts_time', '-of', 'csv=p=0', file], { encoding: 'utf8' })
        .split('\n')
        .filter((l) => l.trim() !== '')
        .map((l) => Math.round(Number(l) * 1000));
    const original = frameTimes(source);
    // The fixture really is variable: its gaps are not all one frame long.
    expect(new Set(original.slice(1).map((t, i) => t - original[i]!)).size).toBeGreaterThan(1);
    expect(frameTimes(m.core.mediaFile(asset.id, 'proxy')!.path)).toEqual(original);
  });

  it.each([['540p', 540], ['720p', 720]] as const)('the proxy follows the proxy-quality setting (%s)', async (quality, height) => {
    m = await makeMediaCore();
    m.settings.setApp({ proxyQuality: quality });
    const tall = makeClipFile(videos.dir, `tall-${quality}.mov`, [
      '-f', 'lavfi', '-i', 'testsrc2=size=1280x960:rate=30:duration=1', '-c:v', 'libx265', '-preset', 'ultrafast', '-x265-params', 'log-level=error', '-tag:v', 'hvc1',
    ]);
    const done = await importOne(tall);
    await m.idle();
    const proxy = m.core.mediaFile(done.assetId!, 'proxy')!;
    const probed = execFileSync(process.env['FFPROBE_PATH'] ?? 'ffprobe', ['-v', 'error', '-select_streams', 'v:0', '-show_entries', 'stream=height', '-of', 'csv=p=0', proxy.path], { encoding: 'utf8' });
    expect(Number(probed.trim())).toBe(height);
  });

  it('a job cancelled mid-copy leaves no row and no file', async () => {
    m = await makeMediaCore();
    const [job] = await m.call<JobInfo[]>('assets.import', { paths: [videos.h264] });
    await m.call('jobs.cancel', { id: job!.id });
    const done = await m.finished(job!.id);
    expect(done.state).toBe('cancelled');
    await m.idle();
    expect(await m.call<MediaAsset[]>('assets.list', {})).toEqual([]);
    expect(storedFiles()).toEqual([]);
  });
});

describe('when things go wrong', () => {
  it('synced bytes are probed before processing: a playable video gets a poster and no needless proxy', async () => {
    m = await makeMediaCore();
    const me = m.store().profileUser();
    const record = remote('videoasset', {
      owner: me.id, orig_filename: 'synced.mp4', mime_type: 'video/mp4', size_bytes: statSync(videos.h264).size, checksum_sha256: sha(videos.h264),
      youtube_url: null, video_type: 'upload', duration_sec: 3, duration_ms: 3000, width: 320, height: 180, created_at: iso(), updated_at: iso(),
    }, undefined, videos.h264);
    await m.core.applyRemote([record]);
    await m.idle();
    expect(await m.call<MediaAsset>('assets.get', { id: record.id })).toMatchObject({ processingStatus: 'ready', hasPoster: true, hasFilmstrip: true, hasProxy: false });
  });

  it('a record that promises more seconds than the stream holds still gets its filmstrip (seeks past the end made no picture)', async () => {
    m = await makeMediaCore();
    const me = m.store().profileUser();
    // A browser's recording is often like this: its record says 9 s, the frames end at 3 s.
    const record = remote('videoasset', {
      owner: me.id, orig_filename: 'recorded.mp4', mime_type: 'video/mp4', size_bytes: statSync(videos.h264).size, checksum_sha256: sha(videos.h264),
      youtube_url: null, video_type: 'recorded', duration_sec: 9, duration_ms: 9000, width: 320, height: 180, created_at: iso(), updated_at: iso(),
    }, undefined, videos.h264);
    await m.core.applyRemote([record]);
    await m.idle();
    expect(await m.call<MediaAsset>('assets.get', { id: record.id })).toMatchObject({ processingStatus: 'ready', hasPoster: true, hasFilmstrip: true });
  });

  it('bytes ffmpeg cannot read fail processing with ffmpeg’s own words in processing_error; a retry works once they are readable', async () => {
    m = await makeMediaCore();
    // Synced bytes are taken on their record's word (their checksum is verified, not their content).
    const garbage = join(videos.dir, 'garbage.mp4');
    writeFileSync(garbage, 'not a video at all, though the cloud said it was');
    const me = m.store().profileUser();
    const record = remote('videoasset', {
      owner: me.id, orig_filename: 'synced.mp4', mime_type: 'video/mp4', size_bytes: statSync(garbage).size, checksum_sha256: sha(garbage),
      youtube_url: null, video_type: 'upload', duration_sec: 3, duration_ms: 3000, width: 320, height: 180, created_at: iso(), updated_at: iso(),
    }, undefined, garbage);
    await m.core.applyRemote([record]);
    await m.idle();
    const failed = await m.call<MediaAsset>('assets.get', { id: record.id });
    expect(failed.processingStatus).toBe('failed');
    expect(failed.processingError).toMatch(/ffmpeg failed[\s\S]*Invalid data/);
    expect(failed.processedAt).not.toBeNull();
    // The bytes become readable (repaired by hand here); Retry processes them.
    copyFileSync(videos.h264, m.core.mediaFile(record.id, 'original')!.path);
    const again = await m.call<JobInfo>('assets.reprocess', { id: record.id });
    expect((await m.finished(again.id)).state).toBe('done');
    expect(await m.call<MediaAsset>('assets.get', { id: record.id })).toMatchObject({ processingStatus: 'ready', processingError: null, hasPoster: true });
  });

  it('without ffmpeg an import fails in words that say what to install, and nothing is kept', async () => {
    m = await makeMediaCore({ ffmpegPath: '/nonexistent/ffmpeg', ffprobePath: '/nonexistent/ffprobe' });
    const done = await importOne(videos.h264);
    expect(done.state).toBe('failed');
    expect(done.error).toMatchObject({ code: 'ffmpeg-missing', message: expect.stringMatching(/ffmpeg|ffprobe/) });
    expect(await m.call<MediaAsset[]>('assets.list', {})).toEqual([]);
    expect(storedFiles()).toEqual([]);
  });
});

describe('phone videos', () => {
  it('a portrait phone video gets its displayed size and an upright poster', async () => {
    m = await makeMediaCore();
    const done = await importOne(await fixture('portrait.mp4'));
    await m.idle();
    const asset = await m.call<MediaAsset>('assets.get', { id: done.assetId });
    expect(asset).toMatchObject({ width: 360, height: 640, processingStatus: 'ready', hasPoster: true });
    // The fixture's marker sits top-left in the stored frame; turned 90° clockwise for display it is top-right.
    expect(await markerCorner(m.core.mediaFile(asset.id, 'poster')!.path)).toBe('top-right');
  });

  it.each(['vfr.mp4', 'hevc.mov', 'no-audio.mp4', 'odd-size.mp4', 'ten-bit.mkv', 'legacy.avi', 'recorder.webm'] as const)('%s imports and gets a playable rendition', async (name) => {
    m = await makeMediaCore();
    const done = await importOne(await fixture(name));
    expect(done.state, done.error?.message).toBe('done');
    await m.idle();
    const asset = await m.call<MediaAsset>('assets.get', { id: done.assetId });
    expect(asset.processingStatus, asset.processingError ?? '').toBe('ready');
    expect(Math.abs(asset.durationMs! - GOOD_FIXTURES[name].durationMs)).toBeLessThan(100);
    expect(asset.hasProxy).toBe(!GOOD_FIXTURES[name].playableInBrowser || GOOD_FIXTURES[name].variableFrameRate === true);
  });

  it.each(['truncated.mp4', 'truncated-moov-at-end.mp4', 'picture-jpeg.mp4', 'picture-png.mp4', 'audio-only.m4a'] as const)('%s is refused: clear error, no row, no file', async (name) => {
    m = await makeMediaCore();
    const done = await importOne(await fixture(name));
    expect(done.state).toBe('failed');
    expect(done.error?.code).toBe('unsupported-media');
    expect(await m.call<MediaAsset[]>('assets.list', {})).toEqual([]);
    expect(storedFiles()).toEqual([]);
  });
});

describe('validate', () => {
  it('re-hashes the stored file: a changed file is marked invalid with a reason', async () => {
    m = await makeMediaCore();
    const done = await importOne(videos.h264);
    await m.idle();
    let job = await m.call<JobInfo>('assets.validate', { id: done.assetId });
    await m.finished(job.id);
    expect(await m.call<MediaAsset>('assets.get', { id: done.assetId })).toMatchObject({ isValid: true, validationErrors: [] });

    const stored = m.core.mediaFile(done.assetId!, 'original')!.path;
    const bytes = readFileSync(stored);
    bytes[bytes.length - 1] = bytes[bytes.length - 1]! ^ 0xff;
    rmSync(stored);
    (await import('node:fs')).writeFileSync(stored, bytes);
    job = await m.call<JobInfo>('assets.validate', {});
    await m.finished(job.id);
    const after = await m.call<MediaAsset>('assets.get', { id: done.assetId });
    expect(after.isValid).toBe(false);
    expect(after.validationErrors[0]).toMatch(/checksum/);
    expect(after.lastValidated).not.toBeNull();
  });
});

describe('clips', () => {
  it('a fast clip becomes an asset of its own; the same request twice, even at once, is one clip', async () => {
    m = await makeMediaCore();
    const done = await importOne(videos.h264);
    await m.idle();
    const request = { asset: done.assetId, start: 0.5, end: 2, mode: 'fast' };
    const [a, b] = await Promise.all([m.call<Clip>('clips.create', request), m.call<Clip>('clips.create', request)]);
    expect(a.id).toBe(b.id);
    const again = await m.call<Clip>('clips.create', request);
    expect(again.id).toBe(a.id);
    const source = await m.call<MediaAsset>('assets.get', { id: done.assetId });
    expect(a.clipHash).toBe(createHash('sha256').update(`${source.checksumSha256}:500:2000:fast`).digest('hex'));
    expect(a).toMatchObject({ startTime: 0.5, endTime: 2, duration: 1.5, processingStatus: 'ready', originalVideo: done.assetId });
    const own = await m.call<MediaAsset>('assets.get', { id: a.clipAsset });
    expect(own.checksumSha256).toBe(sha(m.core.mediaFile(own.id, 'original')!.path));
    expect(own.durationMs).toBeGreaterThan(1000);
    expect(await m.call<Clip[]>('clips.list', { originalVideo: done.assetId })).toHaveLength(1);
    await m.idle();
  });

  it('a precise clip is re-encoded to the frame', async () => {
    m = await makeMediaCore();
    const done = await importOne(videos.h264);
    const clip = await m.call<Clip>('clips.create', { asset: done.assetId, start: 1, end: 2, mode: 'precise' });
    const own = await m.call<MediaAsset>('assets.get', { id: clip.clipAsset });
    expect(Math.abs(own.durationMs! - 1000)).toBeLessThan(70);
    await m.idle();
  });

  it.each([
    [{ start: 2, end: 1 }, /end after it starts/],
    [{ start: 1, end: 1 }, /end after it starts/],
    [{ start: 1, end: 30 }, /ends after the video/],
  ])('refuses a bad range %o with bad-input, and makes nothing', async (range, message) => {
    m = await makeMediaCore();
    const done = await importOne(videos.h264);
    await m.idle();
    await expect(m.call('clips.create', { asset: done.assetId, mode: 'fast', ...range })).rejects.toMatchObject({ code: 'bad-input', message });
    expect(await m.call<Clip[]>('clips.list', {})).toEqual([]);
    expect(await m.call<MediaAsset[]>('assets.list', {})).toHaveLength(1);
  });
});
