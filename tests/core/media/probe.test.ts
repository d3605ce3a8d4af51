import { chmod, copyFile, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CoreError } from '../../../src-main/core/errors';
import { classifyProbeFailure, needsPacketScan, parseProbe, probeFile, type ProbeResult } from '../../../src-main/core/media/probe';
import {
  allFixtures,
  BAD_FIXTURES,
  badFixtureNames,
  fixture,
  generated,
  GOOD_FIXTURES,
  goodFixtureNames,
  markerCorner,
  staticFfprobe,
  systemFfprobe,
  type BadReason,
  type FixtureName,
} from '../../support/media-fixtures';

const PROBES = [
  { label: 'system ffprobe (5.1)', path: systemFfprobe() },
  { label: 'ffprobe-static (4.0.2)', path: staticFfprobe() },
];

/** What a person reads for each refusal. */
const MESSAGE: Record<BadReason, RegExp> = {
  empty: /empty \(0 bytes\)/,
  damaged: /damaged or incomplete/,
  'not-a-video': /not a video/,
  picture: /picture, not a video/,
  'sound-only': /sound but no picture/,
};

async function refusal(promise: Promise<unknown>): Promise<CoreError> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error, 'expected a refusal').toBeInstanceOf(CoreError);
  return error as CoreError;
}

let paths: Record<FixtureName, string>;

beforeAll(async () => {
  const started = performance.now();
  paths = await allFixtures();
  if (generated.length) console.info(`media fixtures: generated ${generated.length} in ${Math.round(performance.now() - started)} ms`);
}, 120_000);

describe.each(PROBES)('probeFile with $label', ({ path: ffprobe }) => {
  it.each(goodFixtureNames)('reads %s as it is', async (name) => {
    const expected = GOOD_FIXTURES[name];
    const probe = await probeFile(ffprobe, paths[name]);
    const { durationMs, ...rest } = expected;
    expect(probe).toMatchObject(rest);
    expect(Math.abs(probe.durationMs - durationMs)).toBeLessThanOrEqual(50);
  });

  it.each(badFixtureNames)('refuses %s with a sentence a person understands', async (name) => {
    const error = await refusal(probeFile(ffprobe, paths[name]));
    expect(error.code).toBe('unsupported-media');
    expect(error.message).toMatch(MESSAGE[BAD_FIXTURES[name]]);
    expect(error.message).not.toMatch(/ffprobe|moov|exit code/i);
  });
});

describe('both ffprobes agree', () => {
  it.each(goodFixtureNames)('on what matters about %s', async (name) => {
    const [modern, old] = (await Promise.all(PROBES.map((p) => probeFile(p.path, paths[name])))) as [ProbeResult, ProbeResult];
    const key = (p: ProbeResult) => [p.mimeType, p.width, p.height, p.rotation, p.playableInBrowser, p.videoCodec, p.audioCodec];
    expect(key(old)).toEqual(key(modern));
    expect(Math.abs(old.durationMs - modern.durationMs)).toBeLessThanOrEqual(50);
  });
});

describe('rotation means what a player does', () => {
  // The marker fixtures have a white block in the stored frame's top-left corner; ffmpeg's autorotate
  // shows where a player puts it. Rotation is clockwise, so 90° moves top-left to top-right.
  it.each([
    ['portrait.mp4', 90, 'top-right'],
    ['portrait-270.mp4', 270, 'bottom-left'],
  ] as const)('%s is turned %i° clockwise: its top-left corner is shown at the %s', async (name, rotation, corner) => {
    expect(await markerCorner(paths[name])).toBe(corner);
    for (const { path } of PROBES) expect((await probeFile(path, paths[name])).rotation).toBe(rotation);
  });
});

describe('probeFile, when ffprobe itself fails', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'coachframe-probe-'));
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  const fakeProbe = async (name: string, script: string) => {
    const path = join(dir, name);
    await writeFile(path, `#!/bin/sh\n${script}\n`);
    await chmod(path, 0o755);
    return path;
  };

  it.skipIf(process.platform === 'win32')('reports any other ffprobe failure as ffmpeg-failed with the end of its stderr', async () => {
    const ffprobe = await fakeProbe('broken-ffprobe', 'echo "something unexpected went wrong" >&2; echo "libavformat: out of cheese" >&2; exit 3');
    const error = await refusal(probeFile(ffprobe, await fixture('normal.mp4')));
    expect(error.code).toBe('ffmpeg-failed');
    expect(error.message).toMatch(/exit code 3/);
    expect(error.message).toMatch(/out of cheese/);
  });

  it.skipIf(process.platform === 'win32')('stops a hung ffprobe after the timeout', async () => {
    const ffprobe = await fakeProbe('slow-ffprobe', 'exec sleep 30');
    const started = Date.now();
    const error = await refusal(probeFile(ffprobe, await fixture('normal.mp4'), undefined, { timeoutMs: 300 }));
    expect(error.code).toBe('ffmpeg-failed');
    expect(error.message).toMatch(/took longer/);
    expect(Date.now() - started).toBeLessThan(5000);
  });

  it.skipIf(process.platform === 'win32')('kills ffprobe when the job is cancelled', async () => {
    const ffprobe = await fakeProbe('slow-ffprobe-2', 'exec sleep 30');
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 100);
    const started = Date.now();
    const error = await refusal(probeFile(ffprobe, await fixture('normal.mp4'), controller.signal));
    expect(error.code).toBe('cancelled');
    expect(Date.now() - started).toBeLessThan(5000);
  });

  it('says ffprobe is missing when its path leads nowhere', async () => {
    const error = await refusal(probeFile(join(dir, 'no-such-ffprobe'), await fixture('normal.mp4')));
    expect(error.code).toBe('ffmpeg-missing');
    expect(error.message).toMatch(/FFPROBE_PATH/);
  });

  it('says the file is missing when it is', async () => {
    const error = await refusal(probeFile(systemFfprobe(), join(dir, 'gone.mp4')));
    expect(error.code).toBe('not-found');
  });

  it('reads a file whose name looks like an option or a protocol', async () => {
    const odd = join(dir, '-concat:x.mp4');
    await copyFile(paths['no-audio.mp4'], odd);
    expect((await probeFile(systemFfprobe(), odd)).durationMs).toBe(1000);
  });
});

// ---------------------------------------------------------------------------------------------
// Pure interpretation on hand-written JSON, shaped as each ffprobe version prints it.

const mp4Format = (extra: object = {}) => ({
  format_name: 'mov,mp4,m4a,3gp,3g2,mj2',
  duration: '2.000000',
  size: '500000',
  tags: { major_brand: 'isom' },
  ...extra,
});
const h264 = (extra: object = {}) => ({
  index: 0,
  codec_name: 'h264',
  codec_type: 'video',
  width: 1920,
  height: 1080,
  pix_fmt: 'yuv420p',
  bits_per_raw_sample: '8',
  r_frame_rate: '30/1',
  avg_frame_rate: '30/1',
  duration: '2.000000',
  sample_aspect_ratio: '1:1',
  disposition: { default: 1, attached_pic: 0 },
  ...extra,
});
const aac = { index: 1, codec_name: 'aac', codec_type: 'audio', duration: '2.000000' };
const probeOf = (video: object, format: object = mp4Format(), more: object[] = [aac]) => parseProbe({ streams: [video, ...more], format });
const refusalOf = (fn: () => unknown) => {
  try {
    fn();
  } catch (error) {
    return error as CoreError;
  }
  throw new Error('expected a refusal');
};

describe('parseProbe: rotation', () => {
  it('reads ffprobe 4.x’s rotate tag as clockwise degrees (an upright iPhone video says "90")', () => {
    const p = probeOf(h264({ tags: { rotate: '90' } }));
    expect(p).toMatchObject({ rotation: 90, width: 1080, height: 1920, codedWidth: 1920, codedHeight: 1080 });
  });

  it('reads ffprobe 5.x’s display matrix rotation as counter-clockwise: -90 is 90 clockwise', () => {
    const side = { side_data_type: 'Display Matrix', displaymatrix: '\n00000000:            0       65536           0\n00000001:       -65536           0           0\n00000002:            0           0  1073741824\n', rotation: -90 };
    expect(probeOf(h264({ side_data_list: [side] }))).toMatchObject({ rotation: 90, width: 1080, height: 1920 });
  });

  it.each([
    [90, 270],
    [-180, 180],
    [180, 180],
    [270, 90],
    [-270, 270],
    [0, 0],
    [-89.99, 90],
  ])('display matrix rotation %d is %d clockwise', (matrix, clockwise) => {
    expect(probeOf(h264({ side_data_list: [{ side_data_type: 'Display Matrix', rotation: matrix }] })).rotation).toBe(clockwise);
  });

  it('computes the angle from the printed matrix when ffprobe gives no rotation field', () => {
    const side = { side_data_type: 'Display Matrix', displaymatrix: '\n00000000:            0       65536           0\n00000001:       -65536           0           0\n00000002:            0           0  1073741824\n' };
    expect(probeOf(h264({ side_data_list: [side] })).rotation).toBe(90);
  });

  it('prefers the matrix when 4.0 prints both, and reads tags 180 and 270', () => {
    const both = h264({ tags: { rotate: '270' }, side_data_list: [{ side_data_type: 'Display Matrix', rotation: 90 }] });
    expect(probeOf(both).rotation).toBe(270);
    expect(probeOf(h264({ tags: { rotate: '180' } }))).toMatchObject({ rotation: 180, width: 1920, height: 1080 });
    expect(probeOf(h264({ tags: { rotate: '270' } }))).toMatchObject({ rotation: 270, width: 1080, height: 1920 });
  });

  it('applies the pixel aspect ratio to the displayed width', () => {
    expect(probeOf(h264({ width: 720, height: 576, sample_aspect_ratio: '16:15' }))).toMatchObject({ width: 768, height: 576, codedWidth: 720 });
  });
});

describe('parseProbe: what kind of file', () => {
  it.each([
    ['isom', 'video/mp4', 'mp4'],
    ['mp42', 'video/mp4', 'mp4'],
    ['avc1', 'video/mp4', 'mp4'],
    ['M4V ', 'video/x-m4v', 'm4v'],
    ['qt  ', 'video/quicktime', 'mov'],
    ['3gp4', 'video/3gpp', '3gp'],
    ['3g2a', 'video/3gpp2', '3g2'],
  ])('mp4 family with brand %j is %s', (brand, mimeType, container) => {
    expect(probeOf(h264(), mp4Format({ tags: { major_brand: brand } }))).toMatchObject({ mimeType, container });
  });

  it('treats a QuickTime file without brand as QuickTime', () => {
    expect(probeOf(h264(), mp4Format({ tags: {} })).mimeType).toBe('video/quicktime');
  });

  it('calls Matroska WebM only when its codecs are WebM’s', () => {
    const mkv = { format_name: 'matroska,webm', duration: '2.0' };
    const opus = { index: 1, codec_name: 'opus', codec_type: 'audio' };
    expect(probeOf(h264({ codec_name: 'vp9' }), mkv, [opus])).toMatchObject({ mimeType: 'video/webm', playableInBrowser: true });
    expect(probeOf(h264({ codec_name: 'av1' }), mkv, [])).toMatchObject({ mimeType: 'video/webm' });
    expect(probeOf(h264({ codec_name: 'vp9' }), mkv, [aac]).mimeType).toBe('video/x-matroska');
    expect(probeOf(h264(), mkv, [opus])).toMatchObject({ mimeType: 'video/x-matroska', container: 'matroska', playableInBrowser: false });
  });

  it.each([
    ['avi', 'video/x-msvideo'],
    ['mpegts', 'video/mp2t'],
    ['mpeg', 'video/mpeg'],
    ['ogg', 'video/ogg'],
  ])('format %s is %s', (format_name, mimeType) => {
    expect(probeOf(h264({ codec_name: format_name === 'ogg' ? 'theora' : 'h264' }), { format_name, duration: '2.0' }).mimeType).toBe(mimeType);
  });

  it('refuses a container it cannot store, naming it', () => {
    const error = refusalOf(() => probeOf(h264(), { format_name: 'flv', format_long_name: 'FLV (Flash Video)', duration: '2.0' }));
    expect(error.code).toBe('unsupported-media');
    expect(error.message).toMatch(/FLV \(Flash Video\)/);
  });
});

describe('parseProbe: refusals', () => {
  it.each([
    ['jpeg_pipe', 'mjpeg'],
    ['png_pipe', 'png'],
    ['image2', 'mjpeg'],
    ['webp_pipe', 'webp'],
  ])('a %s picture is a picture, not a video', (format_name, codec_name) => {
    const error = refusalOf(() => probeOf(h264({ codec_name, duration: undefined, avg_frame_rate: '0/0' }), { format_name }, []));
    expect(error).toMatchObject({ code: 'unsupported-media', message: expect.stringMatching(/picture, not a video/) });
  });

  it('a single PNG frame inside an mp4 is a picture', () => {
    expect(refusalOf(() => probeOf(h264({ codec_name: 'png', nb_frames: '1', duration: '0.04' }))).message).toMatch(/picture/);
  });

  it('a HEIC photo (an ISO-BMFF file) is a picture', () => {
    expect(refusalOf(() => probeOf(h264({ codec_name: 'hevc' }), mp4Format({ tags: { major_brand: 'heic' } }))).message).toMatch(/picture/);
  });

  it('Motion-JPEG video with a real duration is a video', () => {
    expect(probeOf(h264({ codec_name: 'mjpeg', pix_fmt: 'yuvj422p', nb_frames: '50' }), { format_name: 'avi', duration: '2.0' }).videoCodec).toBe('mjpeg');
  });

  it('sound with cover art has no video', () => {
    const cover = h264({ codec_name: 'png', disposition: { attached_pic: 1 } });
    expect(refusalOf(() => parseProbe({ streams: [aac, cover], format: mp4Format() })).message).toMatch(/sound but no picture/);
  });

  it('a file with neither picture nor sound has no video', () => {
    expect(refusalOf(() => parseProbe({ streams: [], format: mp4Format() })).message).toMatch(/no video/);
  });

  it('refuses a video whose length nobody knows', () => {
    const error = refusalOf(() => probeOf(h264({ duration: undefined }), { format_name: 'matroska,webm' }, []));
    expect(error).toMatchObject({ code: 'unsupported-media', message: expect.stringMatching(/how long/) });
    expect(refusalOf(() => probeOf(h264({ duration: '0' }), mp4Format({ duration: '0.000000' }), [])).message).toMatch(/how long/);
  });

  it('refuses an mp4 whose index promises more bytes than the file holds', () => {
    const cut = mp4Format({ size: '150000' });
    const video = h264({ bit_rate: '1983340' });
    expect(refusalOf(() => probeOf(video, cut)).message).toMatch(/damaged or incomplete/);
    expect(probeOf(video, mp4Format({ size: '520000' })).durationMs).toBe(2000);
  });

  it('answers ffmpeg-failed for JSON that is not ffprobe’s', () => {
    expect(refusalOf(() => parseProbe('nonsense')).code).toBe('ffmpeg-failed');
    expect(refusalOf(() => parseProbe(null)).code).toBe('ffmpeg-failed');
  });
});

describe('parseProbe: duration, frame rate, depth, playability', () => {
  it('takes Matroska’s DURATION tags when the format has none', () => {
    const p = probeOf(h264({ duration: undefined, tags: { DURATION: '00:01:02.500000000' } }), { format_name: 'matroska,webm' }, []);
    expect(p.durationMs).toBe(62_500);
  });

  it('computes duration and frame rate from packets for a stream without headers (MediaRecorder)', () => {
    const packets = Array.from({ length: 60 }, (_, i) => ({ stream_index: 0, pts_time: (i / 30).toFixed(6), duration_time: '0.033000' }));
    const json = { streams: [h264({ codec_name: 'vp8', duration: undefined, avg_frame_rate: '0/0', r_frame_rate: '1000/1' })], format: { format_name: 'matroska,webm' } };
    expect(needsPacketScan(json)).toBe(true);
    const p = parseProbe({ ...json, packets });
    expect(p.durationMs).toBe(2000);
    expect(p.frameRate).toBe(30);
    expect(p.variableFrameRate).toBe(true);
    expect(needsPacketScan({ ...json, packets })).toBe(false);
  });

  it('does not scan packets of a file that has a duration or is a picture', () => {
    expect(needsPacketScan({ streams: [h264()], format: mp4Format() })).toBe(false);
    expect(needsPacketScan({ streams: [h264({ codec_name: 'mjpeg', duration: undefined })], format: { format_name: 'jpeg_pipe' } })).toBe(false);
  });

  it('tells constant from variable frame rate, and interlaced from variable', () => {
    expect(probeOf(h264({ r_frame_rate: '30000/1001', avg_frame_rate: '30000/1001' }))).toMatchObject({ frameRate: 29.97, variableFrameRate: false });
    expect(probeOf(h264({ r_frame_rate: '30/1', avg_frame_rate: '29999/1000' })).variableFrameRate).toBe(false);
    expect(probeOf(h264({ r_frame_rate: '120/1', avg_frame_rate: '2975/100' })).variableFrameRate).toBe(true);
    expect(probeOf(h264({ r_frame_rate: '50/1', avg_frame_rate: '25/1', field_order: 'tt' })).variableFrameRate).toBe(false);
    expect(probeOf(h264({ avg_frame_rate: '0/0' })).frameRate).toBeNull();
  });

  it.each([
    ['yuv420p', undefined, 8],
    ['yuv420p10le', undefined, 10],
    ['yuv422p12be', undefined, 12],
    ['p010le', undefined, 10],
    ['gray', undefined, 8],
    ['rgb48le', undefined, 16],
    ['yuv420p10le', '10', 10],
  ])('pixel format %s (bits_per_raw_sample %s) is %i-bit', (pix_fmt, bits_per_raw_sample, bitDepth) => {
    expect(probeOf(h264({ pix_fmt, bits_per_raw_sample })).bitDepth).toBe(bitDepth);
  });

  it.each([
    ['h264 8-bit 4:2:0 in mp4', h264(), mp4Format(), [aac], true],
    ['full-range phone h264', h264({ pix_fmt: 'yuvj420p' }), mp4Format(), [aac], true],
    ['h264 in mov', h264(), mp4Format({ tags: { major_brand: 'qt  ' } }), [aac], true],
    ['av1 in mp4', h264({ codec_name: 'av1', bits_per_raw_sample: undefined }), mp4Format(), [aac], true],
    ['hevc', h264({ codec_name: 'hevc' }), mp4Format(), [aac], false],
    ['10-bit h264', h264({ pix_fmt: 'yuv420p10le', bits_per_raw_sample: '10' }), mp4Format(), [aac], false],
    ['4:2:2 h264', h264({ pix_fmt: 'yuv422p' }), mp4Format(), [aac], false],
    ['mpeg2 in mpeg', h264({ codec_name: 'mpeg2video' }), { format_name: 'mpeg', duration: '2' }, [], false],
    ['h264 in 3gp', h264(), mp4Format({ tags: { major_brand: '3gp5' } }), [], false],
    ['h264 with PCM sound', h264(), mp4Format({ tags: { major_brand: 'qt  ' } }), [{ codec_name: 'pcm_s16le', codec_type: 'audio' }], false],
  ] as const)('%s → playable %s', (_label, video, format, more, playable) => {
    expect(probeOf(video, format, [...more]).playableInBrowser).toBe(playable);
  });
});

describe('classifyProbeFailure', () => {
  const bytes = (...parts: (string | number[])[]) =>
    Uint8Array.from(parts.flatMap((p) => (typeof p === 'string' ? [...p].map((c) => c.charCodeAt(0)) : p)));
  const unreadable = 'x.mp4: Invalid data found when processing input';

  it('calls a file that starts like a video but cannot be read damaged', () => {
    expect(classifyProbeFailure(unreadable, bytes([0, 0, 0, 32], 'ftypisom'), 1).message).toMatch(/damaged or incomplete/);
    expect(classifyProbeFailure(unreadable, bytes([0x1a, 0x45, 0xdf, 0xa3]), 1).message).toMatch(/damaged/);
  });

  it('calls anything else that cannot be read not a video', () => {
    expect(classifyProbeFailure(unreadable, bytes('Notes for Thursday'), 1)).toMatchObject({ code: 'unsupported-media', message: expect.stringMatching(/not a video/) });
  });

  it('recognises pictures by their bytes, HEIC included', () => {
    expect(classifyProbeFailure(unreadable, bytes([0xff, 0xd8, 0xff, 0xe0]), 1).message).toMatch(/picture/);
    expect(classifyProbeFailure(unreadable, bytes([0, 0, 0, 24], 'ftypheic'), 1).message).toMatch(/picture/);
  });

  it('keeps the stderr tail for any other failure', () => {
    const error = classifyProbeFailure('x.mp4: Permission denied', bytes('ftyp'), 1);
    expect(error).toMatchObject({ code: 'ffmpeg-failed', message: expect.stringMatching(/Permission denied/) });
  });
});
