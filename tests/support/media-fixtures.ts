import { execFile, execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { chmod, mkdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import type { ProbeResult } from '../../src-main/core/media/probe';

/**
 * Real media for the media tests, generated with the ffmpeg on PATH (or FFMPEG_PATH; recipes need
 * ffmpeg 5.1+ with libx264, libx265, libvpx, libopus and libmp3lame, as Debian's has).
 *
 * Each fixture is made once and kept in a folder under the OS temp dir whose name is a hash of this
 * file's text and the ffmpeg version: every test file and every later run reuses it, and editing a
 * recipe (or changing ffmpeg) makes a fresh set. Files are written to a temp name and renamed, so test
 * files generating in parallel never see half a fixture. Fixtures are read-only: copy one to change it.
 */

const run = promisify(execFile);

export const testFfmpeg = (): string => process.env['FFMPEG_PATH'] || 'ffmpeg';
/** The system's ffprobe (Debian: 5.1). */
export const systemFfprobe = (): string => process.env['FFPROBE_PATH'] || 'ffprobe';
/** ffprobe-static's bundled ffprobe 4.0.2, the one the packaged app uses. */
export const staticFfprobe = (): string => (createRequire(import.meta.url)('ffprobe-static') as { path: string }).path;

/** What probing a good fixture must find (durationMs within ±50 ms). */
export type FixtureFacts = Pick<
  ProbeResult,
  | 'mimeType'
  | 'container'
  | 'videoCodec'
  | 'audioCodec'
  | 'durationMs'
  | 'width'
  | 'height'
  | 'codedWidth'
  | 'codedHeight'
  | 'rotation'
  | 'variableFrameRate'
  | 'bitDepth'
  | 'playableInBrowser'
>;

/** Why a bad fixture must be refused. */
export type BadReason = 'empty' | 'damaged' | 'not-a-video' | 'picture' | 'sound-only';

const facts = (f: Partial<FixtureFacts> & Pick<FixtureFacts, 'durationMs'>): FixtureFacts => ({
  mimeType: 'video/mp4',
  container: 'mp4',
  videoCodec: 'h264',
  audioCodec: 'aac',
  width: 640,
  height: 360,
  codedWidth: 640,
  codedHeight: 360,
  rotation: 0,
  variableFrameRate: false,
  bitDepth: 8,
  playableInBrowser: true,
  ...f,
});

export const GOOD_FIXTURES = {
  'normal.mp4': facts({ durationMs: 2000 }),
  /** A phone held upright: frames stored 640x360 and turned 90° clockwise for display. */
  'portrait.mp4': facts({ durationMs: 2000, width: 360, height: 640, rotation: 90 }),
  /** Upright the other way (turned 270° clockwise). */
  'portrait-270.mp4': facts({ durationMs: 2000, width: 360, height: 640, rotation: 270 }),
  /** Frames dropped unevenly: 26 frames over 1.93 s with 30 fps timestamps. */
  'vfr.mp4': facts({ durationMs: 1933, audioCodec: null, variableFrameRate: true }),
  /** iPhone-style HEVC ('hvc1') in a QuickTime file: Chromium cannot decode it without hardware. */
  'hevc.mov': facts({ durationMs: 1000, mimeType: 'video/quicktime', container: 'mov', videoCodec: 'hevc', playableInBrowser: false }),
  'no-audio.mp4': facts({ durationMs: 1000, audioCodec: null }),
  /** 641x359 cannot be 4:2:0, so it is 4:4:4, which Chromium does not decode. */
  'odd-size.mp4': facts({ durationMs: 1000, audioCodec: null, width: 641, height: 359, codedWidth: 641, codedHeight: 359, playableInBrowser: false }),
  /** Like MediaRecorder's output: VP8/Opus written as a stream, so no duration and no cues. */
  'recorder.webm': facts({ durationMs: 2000, mimeType: 'video/webm', container: 'webm', videoCodec: 'vp8', audioCodec: 'opus', width: 320, height: 240, codedWidth: 320, codedHeight: 240 }),
  'ten-bit.mkv': facts({ durationMs: 1000, mimeType: 'video/x-matroska', container: 'matroska', audioCodec: 'opus', width: 320, height: 240, codedWidth: 320, codedHeight: 240, bitDepth: 10, playableInBrowser: false }),
  'legacy.avi': facts({ durationMs: 1000, mimeType: 'video/x-msvideo', container: 'avi', videoCodec: 'mpeg4', audioCodec: 'mp3', width: 320, height: 240, codedWidth: 320, codedHeight: 240, playableInBrowser: false }),
  'camcorder.ts': facts({ durationMs: 1000, mimeType: 'video/mp2t', container: 'mpegts', width: 320, height: 240, codedWidth: 320, codedHeight: 240, playableInBrowser: false }),
} satisfies Record<string, FixtureFacts>;

export const BAD_FIXTURES = {
  'empty.mp4': 'empty',
  /** The first 30% of normal.mp4: its index (at the front) is whole, most frames are missing. */
  'truncated.mp4': 'damaged',
  /** The first 30% of a file whose index is at the end: ffprobe finds no index at all. */
  'truncated-moov-at-end.mp4': 'damaged',
  'text.mp4': 'not-a-video',
  'picture-jpeg.mp4': 'picture',
  'picture-png.mp4': 'picture',
  'audio-only.m4a': 'sound-only',
  /** Music with cover art: the art is a "video" stream marked attached_pic, not a video. */
  'audio-with-cover.m4a': 'sound-only',
} satisfies Record<string, BadReason>;

export type GoodFixture = keyof typeof GOOD_FIXTURES;
export type BadFixture = keyof typeof BAD_FIXTURES;
export type FixtureName = GoodFixture | BadFixture;

export const goodFixtureNames = Object.keys(GOOD_FIXTURES) as GoodFixture[];
export const badFixtureNames = Object.keys(BAD_FIXTURES) as BadFixture[];

// ---------------------------------------------------------------------------------------------

interface Make {
  ffmpeg(args: readonly string[]): Promise<void>;
  /** ffmpeg writing to its stdout (`pipe:1`), the way MediaRecorder streams: nothing is patched afterwards. */
  ffmpegToPipe(args: readonly string[]): Promise<Buffer>;
  fixture(name: FixtureName): Promise<string>;
  /** A scratch path in the cache folder for intermediate files. */
  scratch(name: string): string;
}

const testsrc = (size: string, seconds: number, rate = 30) => ['-f', 'lavfi', '-i', `testsrc2=size=${size}:rate=${rate}:duration=${seconds}`];
const sine = (seconds: number) => ['-f', 'lavfi', '-i', `sine=frequency=440:sample_rate=48000:duration=${seconds}`];
const x264 = ['-c:v', 'libx264', '-preset', 'ultrafast', '-g', '15'];
/**
 * A dark frame with a white block in the stored frame's top-left corner: after the player turns it,
 * where the block lands shows which way it was turned (see `markerCorner`).
 */
const markerSource = (seconds: number) => [
  '-f', 'lavfi', '-i', `color=c=0x303030:size=640x360:rate=30:duration=${seconds},drawbox=x=0:y=0:w=160:h=120:color=white:t=fill,drawbox=x='t*200':y=200:w=40:h=40:color=red:t=fill`,
];

async function truncate(source: string, out: string, fraction: number) {
  const bytes = await readFile(source);
  await writeFile(out, bytes.subarray(0, Math.floor(bytes.length * fraction)));
}

/** Where a clockwise turn moves the stored frame's top-left corner. */
const CORNER_AFTER: Record<0 | 90 | 180 | 270, Corner> = { 0: 'top-left', 90: 'top-right', 180: 'bottom-right', 270: 'bottom-left' };

/**
 * Writes rotation metadata with a stream copy, then checks by looking at pixels (ffmpeg's own
 * autorotate) which way it came out: ffmpeg 5.1 writes `-metadata:s:v:0 rotate=N` as N degrees
 * COUNTER-clockwise (4.x meant clockwise), and 6.1+ has `-display_rotation` (counter-clockwise) instead.
 */
async function rotated(make: Make, base: string, out: string, clockwise: 90 | 270) {
  const attempts = [
    ['-i', base, '-map', '0', '-c', 'copy', '-metadata:s:v:0', `rotate=${360 - clockwise}`, '-f', 'mp4', out],
    ['-i', base, '-map', '0', '-c', 'copy', '-metadata:s:v:0', `rotate=${clockwise}`, '-f', 'mp4', out],
    ['-display_rotation:v:0', String(360 - clockwise), '-i', base, '-map', '0', '-c', 'copy', '-f', 'mp4', out],
  ];
  const tried: string[] = [];
  for (const args of attempts) {
    try {
      await make.ffmpeg(args);
    } catch (error) {
      tried.push(`${args.join(' ')} → ${(error as Error).message.split('\n')[0]}`);
      continue;
    }
    const corner = await markerCorner(out);
    if (corner === CORNER_AFTER[clockwise] && (await reportedRotation(out))) return;
    tried.push(`${args.join(' ')} → marker at ${corner}`);
  }
  throw new Error(`could not write a ${clockwise}° rotation with ${testFfmpeg()}:\n${tried.join('\n')}`);
}

/** ffprobe (the system's) reports some rotation: a 4.x `rotate` tag or a display matrix. */
async function reportedRotation(file: string): Promise<boolean> {
  const { stdout } = await run(systemFfprobe(), ['-v', 'error', '-print_format', 'json', '-show_streams', '-select_streams', 'v:0', file]);
  const stream = (JSON.parse(stdout) as { streams: { tags?: { rotate?: string }; side_data_list?: { rotation?: number }[] }[] }).streams[0];
  return !!stream && (!!Number(stream.tags?.rotate) || (stream.side_data_list ?? []).some((s) => !!Number(s.rotation)));
}

const RECIPES: Record<FixtureName, (out: string, make: Make) => Promise<void>> = {
  'normal.mp4': (out, m) =>
    m.ffmpeg([...testsrc('640x360', 2), ...sine(2), ...x264, '-pix_fmt', 'yuv420p', '-c:a', 'aac', '-shortest', '-movflags', '+faststart', '-f', 'mp4', out]),
  'portrait.mp4': async (out, m) => {
    const base = m.scratch('marker-base.mp4');
    await m.ffmpeg([...markerSource(2), ...sine(2), ...x264, '-pix_fmt', 'yuv420p', '-c:a', 'aac', '-shortest', '-f', 'mp4', base]);
    await rotated(m, base, out, 90);
  },
  'portrait-270.mp4': async (out, m) => {
    const base = m.scratch('marker-base-270.mp4');
    await m.ffmpeg([...markerSource(2), ...sine(2), ...x264, '-pix_fmt', 'yuv420p', '-c:a', 'aac', '-shortest', '-f', 'mp4', base]);
    await rotated(m, base, out, 270);
  },
  'vfr.mp4': (out, m) =>
    m.ffmpeg([
      ...testsrc('640x360', 2),
      // Keep every third frame and every seventh: uneven gaps, timestamps still on the 30 fps grid.
      '-vf', "select='not(mod(n\\,3))+eq(mod(n\\,7)\\,1)'", '-fps_mode', 'vfr',
      ...x264, '-pix_fmt', 'yuv420p', '-f', 'mp4', out,
    ]),
  'hevc.mov': (out, m) =>
    m.ffmpeg([
      ...testsrc('640x360', 1), ...sine(1),
      '-c:v', 'libx265', '-preset', 'ultrafast', '-x265-params', 'log-level=error', '-tag:v', 'hvc1', '-pix_fmt', 'yuv420p',
      '-c:a', 'aac', '-shortest', '-f', 'mov', out,
    ]),
  'no-audio.mp4': (out, m) => m.ffmpeg([...testsrc('640x360', 1), ...x264, '-pix_fmt', 'yuv420p', '-an', '-f', 'mp4', out]),
  // testsrc2 rounds sizes to even numbers; testsrc does not.
  'odd-size.mp4': (out, m) =>
    m.ffmpeg(['-f', 'lavfi', '-i', 'testsrc=size=641x359:rate=30:duration=1', ...x264, '-pix_fmt', 'yuv444p', '-f', 'mp4', out]),
  'recorder.webm': async (out, m) => {
    const bytes = await m.ffmpegToPipe([
      ...testsrc('320x240', 2), ...sine(2),
      '-c:v', 'libvpx', '-deadline', 'realtime', '-cpu-used', '8', '-b:v', '300k', '-c:a', 'libopus', '-shortest', '-f', 'webm', 'pipe:1',
    ]);
    await writeFile(out, bytes);
  },
  'ten-bit.mkv': (out, m) =>
    m.ffmpeg([...testsrc('320x240', 1), ...sine(1), ...x264, '-pix_fmt', 'yuv420p10le', '-c:a', 'libopus', '-shortest', '-f', 'matroska', out]),
  'legacy.avi': (out, m) =>
    m.ffmpeg([...testsrc('320x240', 1), ...sine(1), '-c:v', 'mpeg4', '-q:v', '5', '-c:a', 'libmp3lame', '-shortest', '-f', 'avi', out]),
  'camcorder.ts': (out, m) =>
    m.ffmpeg([...testsrc('320x240', 1), ...sine(1), ...x264, '-pix_fmt', 'yuv420p', '-c:a', 'aac', '-shortest', '-f', 'mpegts', out]),

  'empty.mp4': (out) => writeFile(out, ''),
  'truncated.mp4': async (out, m) => truncate(await m.fixture('normal.mp4'), out, 0.3),
  'truncated-moov-at-end.mp4': async (out, m) => {
    const whole = m.scratch('moov-at-end.mp4');
    await m.ffmpeg(['-i', await m.fixture('normal.mp4'), '-c', 'copy', '-f', 'mp4', whole]);
    await truncate(whole, out, 0.3);
  },
  'text.mp4': (out) => writeFile(out, 'Notes for Thursday’s lesson:\n- keep the elbow up\n- film from the side\n'.repeat(20)),
  'picture-jpeg.mp4': (out, m) =>
    m.ffmpeg([...testsrc('320x180', 1), '-frames:v', '1', '-c:v', 'mjpeg', '-pix_fmt', 'yuvj420p', '-f', 'image2', '-update', '1', out]),
  'picture-png.mp4': (out, m) => m.ffmpeg([...testsrc('320x180', 1), '-frames:v', '1', '-c:v', 'png', '-f', 'image2', '-update', '1', out]),
  'audio-only.m4a': (out, m) => m.ffmpeg([...sine(1), '-c:a', 'aac', '-f', 'ipod', out]),
  'audio-with-cover.m4a': async (out, m) => {
    const cover = m.scratch('cover.png');
    await m.ffmpeg([...testsrc('160x160', 1), '-frames:v', '1', '-c:v', 'png', '-f', 'image2', '-update', '1', cover]);
    await m.ffmpeg([...sine(1), '-i', cover, '-map', '0:a', '-map', '1:v', '-c:a', 'aac', '-c:v', 'png', '-disposition:v:0', 'attached_pic', '-f', 'mp4', out]);
  },
};

// ---------------------------------------------------------------------------------------------

let cacheDir: string | undefined;
const made = new Map<FixtureName, Promise<string>>();
/** The fixtures this process generated (empty when all came from the cache). */
export const generated: FixtureName[] = [];

function fixturesDir(): string {
  if (cacheDir) return cacheDir;
  const version = execFileSync(testFfmpeg(), ['-hide_banner', '-version'], { encoding: 'utf8' }).split('\n')[0] ?? '';
  const recipes = readFileSync(fileURLToPath(import.meta.url), 'utf8');
  const key = createHash('sha256').update(version).update(recipes).digest('hex').slice(0, 16);
  cacheDir = join(tmpdir(), 'coachframe-media-fixtures', key);
  return cacheDir;
}

const exists = (path: string) => stat(path).then(() => true, () => false);

/** The path of a fixture, generating it (and what it is made from) the first time. */
export function fixture(name: FixtureName): Promise<string> {
  let promise = made.get(name);
  if (!promise) {
    promise = generate(name);
    made.set(name, promise);
    promise.catch(() => made.delete(name));
  }
  return promise;
}

/** Every fixture, two at a time (the machines have two cores). */
export async function allFixtures(): Promise<Record<FixtureName, string>> {
  const names = [...goodFixtureNames, ...badFixtureNames];
  const paths = {} as Record<FixtureName, string>;
  let next = 0;
  await Promise.all(
    [0, 1].map(async () => {
      while (next < names.length) {
        const name = names[next++]!;
        paths[name] = await fixture(name);
      }
    }),
  );
  return paths;
}

async function generate(name: FixtureName): Promise<string> {
  const dir = fixturesDir();
  const path = join(dir, name);
  if (await exists(path)) return path;
  await mkdir(dir, { recursive: true });
  const unique = `${process.pid}-${Math.random().toString(36).slice(2)}`;
  const scratches: string[] = [];
  const make: Make = {
    ffmpeg: async (args) => {
      await run(testFfmpeg(), ['-hide_banner', '-nostdin', '-loglevel', 'error', '-y', ...args]);
    },
    ffmpegToPipe: async (args) => {
      const { stdout } = await run(testFfmpeg(), ['-hide_banner', '-nostdin', '-loglevel', 'error', '-y', ...args], {
        encoding: 'buffer',
        maxBuffer: 64 * 1024 * 1024,
      });
      return stdout;
    },
    fixture,
    scratch: (file) => {
      const p = join(dir, `.scratch-${unique}-${file}`);
      scratches.push(p);
      return p;
    },
  };
  const temp = join(dir, `.tmp-${unique}-${name}`);
  try {
    await RECIPES[name](temp, make);
    await chmod(temp, 0o444);
    await rename(temp, path);
  } finally {
    await Promise.all([temp, ...scratches].map((p) => rm(p, { force: true })));
  }
  generated.push(name);
  return path;
}

// ---------------------------------------------------------------------------------------------

export type Corner = 'top-left' | 'top-right' | 'bottom-left' | 'bottom-right';

/**
 * Which corner of the first frame, as ffmpeg displays it (autorotate on), holds the white block the
 * marker fixtures carry in their stored top-left corner. Also works on posters made from them.
 */
export async function markerCorner(file: string): Promise<Corner> {
  const { stdout } = await run(
    testFfmpeg(),
    ['-hide_banner', '-nostdin', '-loglevel', 'error', '-i', file, '-frames:v', '1', '-vf', 'scale=32:32', '-f', 'rawvideo', '-pix_fmt', 'gray', 'pipe:1'],
    { encoding: 'buffer' },
  );
  const mean = (x0: number, y0: number) => {
    let sum = 0;
    for (let y = y0; y < y0 + 6; y++) for (let x = x0; x < x0 + 6; x++) sum += stdout[y * 32 + x] ?? 0;
    return sum / 36;
  };
  const corners: [Corner, number][] = [
    ['top-left', mean(0, 0)],
    ['top-right', mean(26, 0)],
    ['bottom-left', mean(0, 26)],
    ['bottom-right', mean(26, 26)],
  ];
  corners.sort((a, b) => b[1] - a[1]);
  return corners[0]![0];
}
