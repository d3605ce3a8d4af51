import { execFileSync, spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { JobInfo } from '../../../src-shared/contract/media';
import type { Exercise, MediaAsset } from '../../../src-shared/domain';
import { makeClipFile, makeMediaCore } from '../../support/media-session';

/**
 * Comparison export, with real ffmpeg on generated videos whose colour changes at a known moment:
 * A (320x180, 30 fps, with a tone) is red, then blue from 1.5 s; B (240x180, 25 fps, silent) is green,
 * then yellow from 1.0 s. With offsets A +0.5, B 0 the two changes meet at timeline 1.0 s, as on screen.
 */
const ffmpeg = process.env['FFMPEG_PATH'] ?? 'ffmpeg';
const ffprobe = process.env['FFPROBE_PATH'] ?? 'ffprobe';

let dir: string;
let out: string;
let files: { a: string; b: string; long: string };
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'coachframe-export-'));
  out = join(dir, 'out');
  mkdirSync(out);
  const x264 = ['-c:v', 'libx264', '-preset', 'ultrafast', '-pix_fmt', 'yuv420p'];
  files = {
    a: makeClipFile(dir, 'attempt.mp4', [
      '-f', 'lavfi', '-i', "color=c=red:s=320x180:r=30:d=3,drawbox=x=0:y=0:w=iw:h=ih:c=blue:t=fill:enable='gte(t,1.5)'",
      '-f', 'lavfi', '-i', 'sine=frequency=440:duration=3', ...x264, '-c:a', 'aac', '-shortest',
    ]),
    b: makeClipFile(dir, 'model.mp4', ['-f', 'lavfi', '-i', "color=c=green:s=240x180:r=25:d=3,drawbox=x=0:y=0:w=iw:h=ih:c=yellow:t=fill:enable='gte(t,1)'", ...x264]),
    long: makeClipFile(dir, 'long.mp4', ['-f', 'lavfi', '-i', 'testsrc2=size=320x180:rate=30:duration=20', ...x264]),
  };
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

type MediaCore = Awaited<ReturnType<typeof makeMediaCore>>;

/** A coach's exercise whose model video is A, with B and the long video posted as video notes on it. */
async function world() {
  const m = await makeMediaCore();
  const imported: Record<string, string> = {};
  for (const [key, path] of Object.entries(files)) {
    const [job] = await m.call<JobInfo[]>('assets.import', { paths: [path] });
    imported[key] = (await m.finished(job!.id)).assetId!;
  }
  const exercise = await m.call<Exercise>('exercises.create', { name: 'Serve: toss', videoAsset: imported['a'] });
  await m.call('comments.create', { exercise: exercise.id, videoAsset: imported['b'] });
  await m.call('comments.create', { exercise: exercise.id, videoAsset: imported['long'] });
  await m.idle();
  return { m, exercise: exercise.id, a: imported['a']!, b: imported['b']!, long: imported['long']! };
}

type World = Awaited<ReturnType<typeof world>>;

function request(w: World, overrides: Record<string, unknown>) {
  return {
    exercise: w.exercise, originalVideo: w.a, feedbackVideo: w.b, originalOffset: 0.5, feedbackOffset: 0,
    layout: 'side-by-side', range: null, audio: 'both', path: join(out, 'compare.mp4'), ...overrides,
  };
}

async function exportAndWait(m: MediaCore, input: object): Promise<JobInfo> {
  const job = await m.call<JobInfo>('comparisons.export', input);
  expect(job).toMatchObject({ kind: 'export', state: 'running' });
  return m.finished(job.id);
}

interface Probed {
  format: { duration: string };
  streams: { codec_type: string; codec_name: string; width?: number; height?: number; pix_fmt?: string; disposition: { default: number }; tags?: { handler_name?: string } }[];
}
const probe = (path: string): Probed => JSON.parse(execFileSync(ffprobe, ['-v', 'error', '-print_format', 'json', '-show_format', '-show_streams', path], { encoding: 'utf8' })) as Probed;

/** The colour at (x, y) of the frame shown at `at` seconds. */
function pixel(path: string, width: number, at: number, x: number, y: number): [number, number, number] {
  const raw = execFileSync(ffmpeg, ['-v', 'error', '-ss', at.toFixed(3), '-i', path, '-frames:v', '1', '-f', 'rawvideo', '-pix_fmt', 'rgb24', '-']);
  const i = (y * width + x) * 3;
  return [raw[i]!, raw[i + 1]!, raw[i + 2]!];
}

/** Names a colour roughly, from a decoded pixel (yuv420p rounding moves channels by a few). */
function colour([r, g, b]: [number, number, number]): string {
  const hi = (v: number) => v > 180;
  const lo = (v: number) => v < 70;
  if (hi(r) && lo(g) && lo(b)) return 'red';
  if (lo(r) && lo(g) && hi(b)) return 'blue';
  if (hi(r) && hi(g) && lo(b)) return 'yellow';
  if (lo(r) && g > 100 && lo(b)) return 'green';
  return `rgb(${r},${g},${b})`;
}

/** The loudest sample of one audio stream, in dB (ffmpeg reports pure silence as -91 dB). */
function peak(path: string, stream: number): number {
  // volumedetect reports on stderr.
  const { stderr } = spawnSync(ffmpeg, ['-hide_banner', '-nostats', '-i', path, '-map', `0:a:${stream}`, '-af', 'volumedetect', '-f', 'null', '-'], { encoding: 'utf8' });
  const m = /max_volume: (-?[\d.]+) dB/.exec(stderr);
  if (!m) throw new Error(`no volume for stream ${stream}: ${stderr.slice(-300)}`);
  return Number(m[1]);
}

const FRAME = 1 / 30;
const leftover = () => readdirSync(out).filter((f) => f.startsWith('.'));

describe('comparison export', () => {
  let w: World;
  beforeAll(async () => {
    w = await world();
  }, 120_000);
  afterAll(() => w?.m.dispose());

  it('side by side: both videos at one height, aligned by the offsets, the whole timeline, both sound tracks', async () => {
    const path = join(out, 'side.mp4');
    const done = await exportAndWait(w.m, request(w, { path }));
    expect(done).toMatchObject({ state: 'done', label: 'side.mp4', error: null });

    const info = probe(path);
    // The timeline runs to where the later video ends: A (3 s, offset 0.5) at 2.5, B (3 s) at 3.
    expect(Math.abs(Number(info.format.duration) - 3)).toBeLessThanOrEqual(FRAME);
    const video = info.streams.filter((s) => s.codec_type === 'video');
    expect(video).toMatchObject([{ codec_name: 'h264', width: 320 + 240, height: 180, pix_fmt: 'yuv420p' }]);
    const audio = info.streams.filter((s) => s.codec_type === 'audio');
    expect(audio.map((s) => [s.codec_name, s.disposition.default, s.tags?.handler_name])).toEqual([
      ['aac', 1, 'Original: attempt.mp4'],
      ['aac', 0, 'Feedback: model.mp4'],
    ]);
    // The original's tone is on the first track; B has no sound, so its track is silence.
    expect(peak(path, 0)).toBeGreaterThan(-30);
    expect(peak(path, 1)).toBeLessThan(-80);

    // Both colour changes land at timeline 1.0 s: A's at its 1.5 s, B's at its 1.0 s.
    expect([colour(pixel(path, 560, 0.9, 160, 90)), colour(pixel(path, 560, 0.9, 440, 90))]).toEqual(['red', 'green']);
    expect([colour(pixel(path, 560, 1.1, 160, 90)), colour(pixel(path, 560, 1.1, 440, 90))]).toEqual(['blue', 'yellow']);
    // A ends at 2.5 s and holds its last frame while B plays on.
    expect([colour(pixel(path, 560, 2.9, 160, 90)), colour(pixel(path, 560, 2.9, 440, 90))]).toEqual(['blue', 'yellow']);

    expect(w.m.events.some((e) => e.info.id === done.id && e.info.phase === 'exporting' && e.info.done > 0 && e.info.done < 1)).toBe(true);
    expect(leftover()).toEqual([]);
    // The finished file is served for download by job id (the web host's download link).
    expect(w.m.core.mediaFile(done.id, 'export')).toMatchObject({ path, mimeType: 'video/mp4' });
  });

  it('stacked: one width, a range in the original’s time, the original’s sound only', async () => {
    const path = join(out, 'stacked.mp4');
    // The original's 1.0–2.5 s is timeline 0.5–2.0 s: the changes meet 0.5 s into the file.
    const done = await exportAndWait(w.m, request(w, { path, layout: 'stacked', range: { start: 1, end: 2.5 }, audio: 'original' }));
    expect(done.state).toBe('done');
    const info = probe(path);
    expect(Math.abs(Number(info.format.duration) - 1.5)).toBeLessThanOrEqual(FRAME);
    // 320 wide: A stays 320x180, B (4:3) becomes 320x240.
    expect(info.streams.filter((s) => s.codec_type === 'video')).toMatchObject([{ width: 320, height: 420 }]);
    expect(info.streams.filter((s) => s.codec_type === 'audio')).toHaveLength(1);
    expect(peak(path, 0)).toBeGreaterThan(-30);
    expect([colour(pixel(path, 320, 0.4, 160, 90)), colour(pixel(path, 320, 0.4, 160, 300))]).toEqual(['red', 'green']);
    expect([colour(pixel(path, 320, 0.6, 160, 90)), colour(pixel(path, 320, 0.6, 160, 300))]).toEqual(['blue', 'yellow']);
  });

  it('a side that starts later holds its first frame until then (a negative offset), and the timeline grows by as much', async () => {
    const path = join(out, 'late.mp4');
    // A at −0.5: its media time 0 is timeline 0.5, so its change (1.5 s) shows at 2.0 and it ends at 3.5.
    const done = await exportAndWait(w.m, request(w, { path, originalOffset: -0.5, audio: 'original' }));
    expect(done.state).toBe('done');
    expect(Math.abs(Number(probe(path).format.duration) - 3.5)).toBeLessThanOrEqual(FRAME);
    expect(colour(pixel(path, 560, 0.2, 160, 90))).toBe('red');
    expect(colour(pixel(path, 560, 1.9, 160, 90))).toBe('red');
    expect(colour(pixel(path, 560, 2.1, 160, 90))).toBe('blue');
  });

  it.each([
    ['feedback', 1],
    ['none', 0],
  ] as const)('audio “%s” gives %i sound track(s)', async (audio, count) => {
    const path = join(out, `audio-${audio}.mp4`);
    const done = await exportAndWait(w.m, request(w, { path, audio, range: { start: 1, end: 2 } }));
    expect(done.state).toBe('done');
    const info = probe(path);
    expect(Math.abs(Number(info.format.duration) - 1)).toBeLessThanOrEqual(FRAME);
    expect(info.streams.filter((s) => s.codec_type === 'audio')).toHaveLength(count);
    // The feedback video has no sound of its own: its track is there, and silent.
    if (count === 1) expect(peak(path, 0)).toBeLessThan(-80);
  });

  it('cancel stops ffmpeg and leaves neither the file nor its temp file', async () => {
    const path = join(out, 'cancelled.mp4');
    const job = await w.m.call<JobInfo>('comparisons.export', request(w, { path, feedbackVideo: w.long, originalOffset: 0 }));
    // Wait until ffmpeg is writing its temp file beside the destination, then cancel.
    for (let i = 0; i < 2000 && leftover().length === 0; i++) await new Promise((r) => setTimeout(r, 10));
    expect(leftover()).toHaveLength(1);
    expect(await w.m.call('jobs.cancel', { id: job.id })).toEqual({ cancelled: true });
    const end = await w.m.finished(job.id);
    expect(end).toMatchObject({ state: 'cancelled', error: { code: 'cancelled' } });
    expect(existsSync(path)).toBe(false);
    expect(leftover()).toEqual([]);
    expect(w.m.core.mediaFile(job.id, 'export')).toBeNull();
  });

  it.each([
    ['a relative path', () => ({ path: 'out/compare.mp4' }), /absolute path/],
    ['a file that is not .mp4', () => ({ path: join(out, 'compare.mov') }), /\.mp4/],
    ['a folder that does not exist', () => ({ path: join(out, 'no-such-folder', 'compare.mp4') }), /does not exist/],
    ['a folder named .mp4', () => ({ path: join(dir, 'folder.mp4') }), /is a folder/],
    ['a range that ends before it starts', () => ({ range: { start: 2, end: 1 } }), /end after it starts/],
    ['a range outside both videos', () => ({ range: { start: 10, end: 12 } }), /outside both videos/],
  ])('refuses %s at once, with bad-input, starting no job', async (_what, overrides, message) => {
    mkdirSync(join(dir, 'folder.mp4'), { recursive: true });
    const before = (await w.m.call<JobInfo[]>('jobs.list', {})).length;
    await expect(w.m.call('comparisons.export', request(w, overrides()))).rejects.toMatchObject({ code: 'bad-input', message });
    expect(await w.m.call<JobInfo[]>('jobs.list', {})).toHaveLength(before);
    expect(readdirSync(out).filter((f) => /compare\.(mp4|mov)$/.test(f))).toEqual([]);
  });

  it('never writes over Coachframe’s own files', async () => {
    const media = join(w.m.store().profileDir, 'media', 'x.mp4');
    mkdirSync(join(w.m.store().profileDir, 'media'), { recursive: true });
    await expect(w.m.call('comparisons.export', request(w, { path: media }))).rejects.toMatchObject({ code: 'bad-input', message: /outside Coachframe’s own data/ });
  });

  it('suggests a new file in the profile’s exports folder, named after the exercise, and exports there', async () => {
    const { path } = await w.m.call<{ path: string }>('comparisons.exportPath', { exercise: w.exercise });
    expect(path.startsWith(join(w.m.store().profileDir, 'exports'))).toBe(true);
    expect(path).toMatch(/Serve toss – compared \d{4}-\d\d-\d\d \d\d\.\d\d\.mp4$/);
    const done = await exportAndWait(w.m, request(w, { path, range: { start: 1, end: 1.5 } }));
    expect(done.state).toBe('done');
    expect(existsSync(path)).toBe(true);
    // The next suggestion does not overwrite it.
    expect((await w.m.call<{ path: string }>('comparisons.exportPath', { exercise: w.exercise })).path).not.toBe(path);
  });
});

describe('a video that is not on this computer', () => {
  it('is refused clearly; with its proxy still here, the proxy is used', async () => {
    const w = await world();
    try {
      const store = w.m.store();
      // As sync's offload leaves it: the original's bytes are in the cloud only.
      store.db.prepare("UPDATE core_videoasset SET local_state = 'offloaded', storage_path = NULL WHERE id = ?").run(w.b);
      const path = join(out, 'offloaded.mp4');
      await expect(w.m.call('comparisons.export', request(w, { path }))).rejects.toMatchObject({
        code: 'unavailable',
        message: expect.stringContaining('“model.mp4” is not on this computer (it is in the cloud only), so the comparison cannot be exported. Download it first'),
      });
      expect(existsSync(path)).toBe(false);

      const asset = await w.m.call<MediaAsset>('assets.get', { id: w.b });
      const proxyDir = store.media.derivedDir(asset.checksumSha256!);
      mkdirSync(proxyDir, { recursive: true });
      copyFileSync(files.b, join(proxyDir, 'proxy.mp4'));
      store.assets.setDerived(w.b, null, { proxy: { path: join('derived', asset.checksumSha256!, 'proxy.mp4'), height: 180 } });
      const done = await exportAndWait(w.m, request(w, { path, range: { start: 1, end: 2 } }));
      expect(done.state).toBe('done');
      expect(probe(path).streams.find((s) => s.codec_type === 'video')).toMatchObject({ width: 560, height: 180 });
    } finally {
      w.m.dispose();
    }
  });
});
