import { execFile } from 'node:child_process';
import { open, stat } from 'node:fs/promises';
import { resolve } from 'node:path';
import { z } from 'zod';
import type { VIDEO_MIME_TYPES } from '../../../src-shared/primitives';
import { CoreError, notFound } from '../errors';

export type VideoMimeType = (typeof VIDEO_MIME_TYPES)[number];
export type Rotation = 0 | 90 | 180 | 270;

/** What a video file is, read by ffprobe and interpreted by `parseProbe`. */
export interface ProbeResult {
  /** From what the file is (container, brand, codecs), never from its name. */
  mimeType: VideoMimeType;
  /** Short container name: mp4, m4v, mov, 3gp, 3g2, webm, matroska, avi, mpegts, mpeg, ogg. */
  container: string;
  videoCodec: string;
  audioCodec: string | null;
  durationMs: number;
  /** The size a player shows: pixel aspect ratio and rotation applied (1920x1080 turned 90° is 1080x1920). */
  width: number;
  height: number;
  /** The size of the frames as stored, before rotation (not ffprobe's macroblock-padded `coded_width`). */
  codedWidth: number;
  codedHeight: number;
  /** Degrees the stored frame is turned CLOCKWISE for display; a portrait phone video is 90. */
  rotation: Rotation;
  frameRate: number | null;
  variableFrameRate: boolean;
  pixelFormat: string;
  bitDepth: number;
  /** Chromium decodes it as it is (else the player needs a proxy). */
  playableInBrowser: boolean;
}

export interface ProbeOptions {
  /** How long one ffprobe run may take before it is killed. */
  timeoutMs?: number;
}

// Messages are for the person importing; the code says what kind of refusal it is.
const PICTURE = 'This is a picture, not a video. Choose a video file (MP4, MOV, WebM …).';
const SOUND_ONLY = 'This file has sound but no picture. Choose a video file.';
const NO_VIDEO = 'There is no video in this file.';
const NOT_A_VIDEO = 'This file is not a video Coachframe can read.';
const DAMAGED =
  'The file is damaged or incomplete (it may not have finished copying or downloading). Copy it again from where it came from and retry.';
const NO_DURATION =
  'Coachframe could not tell how long this video is, so it cannot import it. The file may be damaged or still being written.';
const NO_SIZE = 'Coachframe could not read the picture size of this video. The file may be damaged.';

const refuse = (message: string) => new CoreError('unsupported-media', message);

const STDERR_TAIL = 1000;

/**
 * Runs ffprobe on a file and interprets its answer with `parseProbe`. ffprobe runs as a plain child
 * process (execFile: one short run whose whole output we need, with a timeout and abort built in).
 * Works with ffprobe 4.0 (ffprobe-static) and 5.x+. A file without a duration in its headers (a
 * MediaRecorder webm) gets a second, demux-only pass over its packet timestamps.
 */
export async function probeFile(ffprobe: string, file: string, signal?: AbortSignal, options: ProbeOptions = {}): Promise<ProbeResult> {
  if (signal?.aborted) throw cancelled();
  const path = resolve(file);
  let head: Uint8Array;
  try {
    const info = await stat(path);
    if (info.isDirectory()) throw refuse('This is a folder, not a video file.');
    if (info.size === 0) throw refuse('The file is empty (0 bytes): it is not a video.');
    head = await readHead(path, 512);
  } catch (error) {
    if (error instanceof CoreError) throw error;
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') throw notFound('The video file');
    throw new CoreError('unsupported-media', `Coachframe cannot read this file: ${(error as Error).message}`);
  }

  const timeoutMs = options.timeoutMs ?? 30_000;
  // `file:` keeps a name that starts with "-" or looks like a protocol ("concat:…") a plain file.
  const input = `file:${path}`;
  let json = await runFfprobe(ffprobe, ['-v', 'error', '-print_format', 'json', '-show_format', '-show_streams', '-i', input], {
    signal,
    timeoutMs,
    head,
  });
  if (needsPacketScan(json)) {
    const scan = await runFfprobe(
      ffprobe,
      ['-v', 'error', '-print_format', 'json', '-show_entries', 'packet=stream_index,pts_time,duration_time', '-i', input],
      { signal, timeoutMs: Math.max(timeoutMs, 120_000), head, maxBuffer: 512 * 1024 * 1024 },
    );
    const packets = (scan as { packets?: unknown }).packets;
    json = { ...(json as object), packets: Array.isArray(packets) ? packets : [] };
  }
  return parseProbe(json);
}

/**
 * Everything the app believes about a file, decided from ffprobe's JSON (`-show_format -show_streams`,
 * optionally with `packets`) of ffprobe 4.0 or 5.x+. Pure, so each decision has a unit test.
 * Throws CoreError('unsupported-media') with a sentence for a person when the file is not an importable video.
 */
export function parseProbe(json: unknown): ProbeResult {
  const parsed = ProbeJson.safeParse(json);
  if (!parsed.success) throw new CoreError('ffmpeg-failed', 'ffprobe gave an answer Coachframe could not read.');
  const { streams, format, packets } = parsed.data;
  const formatNames = (format.format_name ?? '').split(',').filter(Boolean);
  const brand = majorBrand(format);
  if (isPictureFormat(formatNames, brand)) throw refuse(PICTURE);

  const video = streams.find(isRealVideo);
  if (!video) throw refuse(streams.some((s) => s.codec_type === 'audio') ? SOUND_ONLY : NO_VIDEO);
  const audioStreams = streams.filter((s) => s.codec_type === 'audio');
  const videoCodec = video.codec_name ?? 'unknown';
  const audioCodec = audioStreams[0]?.codec_name ?? null;

  const durationSec = headerDurationSec(format, streams) ?? packetDurationSec(packets);
  if (IMAGE_CODECS.has(videoCodec) && (durationSec === null || (num(video.nb_frames) ?? 2) <= 1)) throw refuse(PICTURE);

  const kind = containerOf(formatNames, brand, videoCodec, audioStreams.map((s) => s.codec_name ?? ''));
  if (!kind) {
    throw refuse(`Coachframe cannot import ${format.format_long_name ?? format.format_name ?? 'this kind of'} files. Convert it to MP4 first.`);
  }
  if (durationSec === null || durationSec <= 0) throw refuse(NO_DURATION);
  if (MOV_FAMILY.has(kind.container) && missingSampleData(format, streams, durationSec)) throw refuse(DAMAGED);

  const codedWidth = video.width ?? 0;
  const codedHeight = video.height ?? 0;
  if (codedWidth <= 0 || codedHeight <= 0) throw refuse(NO_SIZE);
  const rotation = rotationOf(video);
  const sar = rational(video.sample_aspect_ratio, ':');
  const shownWidth = sar && sar !== 1 ? Math.max(1, Math.round(codedWidth * sar)) : codedWidth;
  const turned = rotation === 90 || rotation === 270;

  const pixelFormat = video.pix_fmt ?? 'unknown';
  const bitDepth = bitDepthOf(video, pixelFormat);
  const frameRate = roundRate(rational(video.avg_frame_rate) ?? packetFrameRate(packets, video.index));
  const realRate = rational(video.r_frame_rate);
  return {
    mimeType: kind.mimeType,
    container: kind.container,
    videoCodec,
    audioCodec,
    durationMs: Math.round(durationSec * 1000),
    width: turned ? codedHeight : shownWidth,
    height: turned ? shownWidth : codedHeight,
    codedWidth,
    codedHeight,
    rotation,
    frameRate,
    variableFrameRate: isVariableRate(realRate, frameRate, video.field_order),
    pixelFormat,
    bitDepth,
    playableInBrowser: isPlayable(kind.container, videoCodec, pixelFormat, bitDepth, audioCodec),
  };
}

/** True when the headers carry no duration, so only the packet timestamps can say how long the file is. */
export function needsPacketScan(json: unknown): boolean {
  const parsed = ProbeJson.safeParse(json);
  if (!parsed.success) return false;
  const { streams, format, packets } = parsed.data;
  if (packets) return false;
  if (isPictureFormat((format.format_name ?? '').split(','), majorBrand(format))) return false;
  const video = streams.find(isRealVideo);
  return !!video && !IMAGE_CODECS.has(video.codec_name ?? '') && headerDurationSec(format, streams) === null;
}

/**
 * Why ffprobe could not open a file, from its stderr and the file's first bytes. ffprobe guesses the
 * demuxer from the extension, so a text file named .mp4 and a cut-off .mp4 both say "moov atom not
 * found"; the bytes tell them apart: a file that starts like a video container is damaged, anything
 * else is not a video.
 */
export function classifyProbeFailure(stderr: string, head: Uint8Array, exitCode: number | null): CoreError {
  const looksLike = sniff(head);
  if (looksLike === 'picture') return refuse(PICTURE);
  if (UNREADABLE.test(stderr)) return refuse(looksLike === 'video' ? DAMAGED : NOT_A_VIDEO);
  return new CoreError('ffmpeg-failed', `ffprobe could not read this file (exit code ${exitCode ?? '?'}): ${tail(stderr) || 'no message'}`);
}

// ---------------------------------------------------------------------------------------------
// ffprobe's JSON. Every field is optional and a field of an unexpected type reads as absent: the
// shapes differ between 4.0 and 5.x+ (numbers printed as strings, fields added and moved).

const lenient = <T extends z.ZodType>(schema: T) => schema.optional().catch(undefined);
const NumLike = lenient(z.union([z.number(), z.string()]));
const Str = lenient(z.string());
const Dict = lenient(z.record(z.string(), z.unknown()));

const SideData = z.looseObject({ side_data_type: Str, displaymatrix: Str, rotation: NumLike });
const Stream = z.looseObject({
  index: lenient(z.number()),
  codec_name: Str,
  codec_type: Str,
  width: lenient(z.number()),
  height: lenient(z.number()),
  sample_aspect_ratio: Str,
  pix_fmt: Str,
  field_order: Str,
  bits_per_raw_sample: NumLike,
  r_frame_rate: Str,
  avg_frame_rate: Str,
  duration: NumLike,
  nb_frames: NumLike,
  bit_rate: NumLike,
  disposition: Dict,
  tags: Dict,
  side_data_list: lenient(z.array(z.unknown())),
});
const Format = z.looseObject({ format_name: Str, format_long_name: Str, duration: NumLike, size: NumLike, tags: Dict });
const Packet = z.looseObject({ stream_index: lenient(z.number()), pts_time: NumLike, duration_time: NumLike });
const ProbeJson = z.looseObject({
  streams: z.array(z.unknown()).catch([]).transform((list) => keepValid(Stream, list)),
  format: Format.catch({}),
  packets: lenient(z.array(z.unknown())).transform((list) => (list ? keepValid(Packet, list) : undefined)),
});
function keepValid<T extends z.ZodType>(schema: T, list: readonly unknown[]): z.infer<T>[] {
  return list.flatMap((item) => {
    const r = schema.safeParse(item);
    return r.success ? [r.data as z.infer<T>] : [];
  });
}
type StreamJson = z.infer<typeof Stream>;
type FormatJson = z.infer<typeof Format>;
type PacketJson = z.infer<typeof Packet>;

function num(value: unknown): number | null {
  const n = typeof value === 'number' ? value : typeof value === 'string' && value.trim() !== '' ? Number(value) : NaN;
  return Number.isFinite(n) ? n : null;
}

/** "30000/1001" → 29.97…; "0/0" and "N/A" → null. */
function rational(value: string | undefined, separator = '/'): number | null {
  if (!value) return null;
  const [a, b] = value.split(separator).map(Number);
  if (a === undefined || b === undefined || !Number.isFinite(a) || !Number.isFinite(b) || a <= 0 || b <= 0) return null;
  return a / b;
}

const roundRate = (rate: number | null) => (rate === null ? null : Math.round(rate * 1000) / 1000);

// --- what kind of file -------------------------------------------------------------------------

const HEIF_BRANDS = new Set(['heic', 'heix', 'heim', 'heis', 'hevc', 'hevx', 'mif1', 'msf1', 'avif', 'avis']);
const IMAGE_CODECS = new Set(['mjpeg', 'png', 'apng', 'bmp', 'gif', 'webp', 'tiff', 'jpeg2000', 'jpegls', 'qoi', 'ppm', 'pgm', 'pam', 'targa', 'sgi', 'dpx', 'exr']);
const PICTURE_FORMATS = new Set(['image2', 'image2pipe', 'gif', 'apng', 'webp', 'png', 'bmp', 'tiff']);
const MOV_FAMILY = new Set(['mp4', 'm4v', 'mov', '3gp', '3g2']);

function majorBrand(format: FormatJson): string | null {
  const brand = format.tags?.['major_brand'];
  return typeof brand === 'string' && brand.trim() !== '' ? brand.trim() : null;
}

function isPictureFormat(formatNames: readonly string[], brand: string | null): boolean {
  if (formatNames.some((n) => PICTURE_FORMATS.has(n) || n.endsWith('_pipe'))) return true;
  // HEIC/AVIF photos are ISO-BMFF files (ffprobe 6.1+ opens them with the mp4 demuxer).
  return formatNames.includes('mov') && brand !== null && HEIF_BRANDS.has(brand.toLowerCase());
}

/** A picture track, not a video: cover art in an m4a, or a still image marked as such. */
function isRealVideo(stream: StreamJson): boolean {
  if (stream.codec_type !== 'video') return false;
  return num(stream.disposition?.['attached_pic']) !== 1 && num(stream.disposition?.['still_image']) !== 1;
}

const WEBM_VIDEO = new Set(['vp8', 'vp9', 'av1']);
const WEBM_AUDIO = new Set(['opus', 'vorbis']);

function containerOf(
  formatNames: readonly string[],
  brand: string | null,
  videoCodec: string,
  audioCodecs: readonly string[],
): { container: string; mimeType: VideoMimeType } | null {
  const has = (name: string) => formatNames.includes(name);
  if (has('mov') || has('mp4')) {
    // Old QuickTime files have no ftyp box, hence no brand.
    if (brand === null || brand === 'qt') return { container: 'mov', mimeType: 'video/quicktime' };
    if (brand.startsWith('M4V')) return { container: 'm4v', mimeType: 'video/x-m4v' };
    if (brand.startsWith('3g2')) return { container: '3g2', mimeType: 'video/3gpp2' };
    if (brand.startsWith('3g')) return { container: '3gp', mimeType: 'video/3gpp' };
    return { container: 'mp4', mimeType: 'video/mp4' };
  }
  if (has('matroska') || has('webm')) {
    // ffprobe names both "matroska,webm"; WebM is Matroska restricted to these codecs.
    return WEBM_VIDEO.has(videoCodec) && audioCodecs.every((c) => WEBM_AUDIO.has(c))
      ? { container: 'webm', mimeType: 'video/webm' }
      : { container: 'matroska', mimeType: 'video/x-matroska' };
  }
  if (has('avi')) return { container: 'avi', mimeType: 'video/x-msvideo' };
  if (has('mpegts')) return { container: 'mpegts', mimeType: 'video/mp2t' };
  if (has('mpeg') || has('mpegvideo')) return { container: 'mpeg', mimeType: 'video/mpeg' };
  if (has('ogg')) return { container: 'ogg', mimeType: 'video/ogg' };
  return null;
}

// --- duration -----------------------------------------------------------------------------------

function headerDurationSec(format: FormatJson, streams: readonly StreamJson[]): number | null {
  const fromFormat = num(format.duration);
  if (fromFormat !== null && fromFormat > 0) return fromFormat;
  let best: number | null = null;
  for (const s of streams) {
    // Matroska keeps per-stream durations in a DURATION tag ("00:00:01.007000000").
    const d = num(s.duration) ?? clockSeconds(s.tags?.['DURATION'] ?? s.tags?.['duration']);
    if (d !== null && d > 0 && (best === null || d > best)) best = d;
  }
  return best;
}

function clockSeconds(value: unknown): number | null {
  if (typeof value !== 'string') return null;
  const m = /^(\d+):(\d{2}):(\d{2}(?:\.\d+)?)$/.exec(value.trim());
  return m ? Number(m[1]) * 3600 + Number(m[2]) * 60 + Number(m[3]) : null;
}

/** From the first packet's start to the last packet's end, over all streams (as ffmpeg's own duration). */
function packetDurationSec(packets: readonly PacketJson[] | undefined): number | null {
  if (!packets?.length) return null;
  let start = Infinity;
  let end = -Infinity;
  for (const p of packets) {
    const pts = num(p.pts_time);
    if (pts === null) continue;
    start = Math.min(start, pts);
    end = Math.max(end, pts + (num(p.duration_time) ?? 0));
  }
  return end > start ? end - start : null;
}

function packetFrameRate(packets: readonly PacketJson[] | undefined, videoIndex: number | undefined): number | null {
  if (!packets?.length || videoIndex === undefined) return null;
  const times = packets.filter((p) => p.stream_index === videoIndex).map((p) => num(p.pts_time)).filter((t): t is number => t !== null);
  if (times.length < 2) return null;
  const span = Math.max(...times) - Math.min(...times);
  return span > 0 ? (times.length - 1) / span : null;
}

/**
 * An mp4/mov whose index lists more sample bytes than the file holds was cut off: ffprobe reads the
 * index at the front (faststart) happily, but the frames are not there. ffmpeg computes each stream's
 * bit_rate from the index's sample sizes, so declared bytes = Σ bit_rate × duration / 8.
 */
function missingSampleData(format: FormatJson, streams: readonly StreamJson[], durationSec: number): boolean {
  const size = num(format.size);
  if (size === null || size <= 0) return false;
  let declared = 0;
  for (const s of streams) {
    const rate = num(s.bit_rate);
    if (rate !== null && rate > 0) declared += (rate * (num(s.duration) ?? durationSec)) / 8;
  }
  return declared > size * 1.1 + 64 * 1024;
}

// --- rotation -----------------------------------------------------------------------------------

/**
 * Clockwise degrees to turn the stored frame for display. ffprobe 4.x gives a `rotate` tag that is
 * already clockwise ("90" for a portrait iPhone video). 5.x+ drops the tag and gives the display
 * matrix's `rotation`, which is av_display_rotation_get's COUNTER-clockwise angle ("-90" for the same
 * file), so it is negated. Checked against ffmpeg's own autorotate on real files (see probe.test.ts).
 * 4.0 prints both; the matrix wins, being what players (Chromium included) apply.
 */
function rotationOf(stream: StreamJson): Rotation {
  for (const raw of stream.side_data_list ?? []) {
    const side = SideData.safeParse(raw);
    if (!side.success || side.data.side_data_type !== 'Display Matrix') continue;
    const counterClockwise = num(side.data.rotation) ?? matrixRotation(side.data.displaymatrix);
    if (counterClockwise !== null) return quarterTurns(-counterClockwise);
  }
  const tag = num(stream.tags?.['rotate']);
  return tag === null ? 0 : quarterTurns(tag);
}

/** av_display_rotation_get on ffprobe's printed matrix (rows "00000000: a b u"), for a side data without `rotation`. */
function matrixRotation(text: string | undefined): number | null {
  if (!text) return null;
  const rows = text
    .split('\n')
    .map((line) => line.split(':')[1]?.trim().split(/\s+/).map(Number))
    .filter((row): row is number[] => !!row && row.length >= 3);
  const [a, b] = rows[0] ?? [];
  const [c, d] = rows[1] ?? [];
  if (a === undefined || b === undefined || c === undefined || d === undefined) return null;
  if (Math.hypot(a, c) === 0 || Math.hypot(b, d) === 0) return null;
  return (-Math.atan2(b / Math.hypot(b, d), a / Math.hypot(a, c)) * 180) / Math.PI;
}

function quarterTurns(degrees: number): Rotation {
  const turns = (((Math.round(degrees / 90) % 4) + 4) % 4) as 0 | 1 | 2 | 3;
  return ([0, 90, 180, 270] as const)[turns];
}

// --- decodability ---------------------------------------------------------------------------------

function bitDepthOf(stream: StreamJson, pixelFormat: string): number {
  const raw = num(stream.bits_per_raw_sample);
  if (raw !== null && raw >= 8 && raw <= 16) return raw;
  const m = /(\d+)(?:le|be)$/.exec(pixelFormat);
  if (!m) return 8;
  const n = Number(m[1]);
  if (n >= 9 && n <= 16) return n; // yuv420p10le, p010le, gray12le …
  if (/^(?:rgb|bgr)a?(?:48|64)/.test(pixelFormat)) return 16;
  if (/^[yv]210/.test(pixelFormat)) return 10;
  return 8;
}

const CHROMIUM_420_8BIT = new Set(['yuv420p', 'yuvj420p', 'nv12']);
const MP4_PLAYABLE = { video: new Set(['h264', 'vp9', 'av1']), audio: new Set(['aac', 'mp3', 'opus', 'flac']) };
const CHROMIUM_PLAYS: Record<string, { video: ReadonlySet<string>; audio: ReadonlySet<string> }> = {
  mp4: MP4_PLAYABLE,
  m4v: MP4_PLAYABLE,
  mov: MP4_PLAYABLE,
  webm: { video: WEBM_VIDEO, audio: WEBM_AUDIO },
};

/**
 * What Chromium decodes in software everywhere: H.264, VP8, VP9, AV1 at 8-bit 4:2:0 in MP4/MOV/WebM,
 * with AAC/MP3/Opus/FLAC (MP4) or Opus/Vorbis (WebM) sound. HEVC (hardware-only, not on every machine),
 * 10-bit, 4:4:4, MPEG-2/4 part 2 and other containers (mkv, avi, ts, 3gp) need a proxy.
 */
function isPlayable(container: string, videoCodec: string, pixelFormat: string, bitDepth: number, audioCodec: string | null): boolean {
  const rule = CHROMIUM_PLAYS[container];
  if (!rule || !rule.video.has(videoCodec)) return false;
  if (!CHROMIUM_420_8BIT.has(pixelFormat) || bitDepth !== 8) return false;
  return audioCodec === null || rule.audio.has(audioCodec);
}

/**
 * r_frame_rate is the rate every timestamp fits ("the least common multiple"), avg_frame_rate what the
 * frames actually average: a constant-rate file has both equal. Interlaced video counts fields, so r is
 * twice avg there without being variable.
 */
function isVariableRate(realRate: number | null, averageRate: number | null, fieldOrder: string | undefined): boolean {
  if (realRate === null || averageRate === null) return false;
  const interlaced = fieldOrder !== undefined && fieldOrder !== 'progressive' && fieldOrder !== 'unknown';
  if (interlaced && Math.abs(realRate / averageRate - 2) < 0.02) return false;
  return Math.abs(realRate - averageRate) / Math.max(realRate, averageRate) > 0.02;
}

// --- running ffprobe ----------------------------------------------------------------------------

const UNREADABLE =
  /Invalid data found when processing input|moov atom not found|could not find codec parameters|EBML header parsing failed|End of file|Operation not permitted on truncated|unspecified size/i;

const cancelled = () => new CoreError('cancelled', 'Cancelled.');

function tail(stderr: string): string {
  return stderr.trim().slice(-STDERR_TAIL);
}

function runFfprobe(
  ffprobe: string,
  args: string[],
  options: { signal?: AbortSignal; timeoutMs: number; head: Uint8Array; maxBuffer?: number },
): Promise<unknown> {
  return new Promise((resolvePromise, reject) => {
    if (options.signal?.aborted) return reject(cancelled());
    execFile(
      ffprobe,
      args,
      {
        encoding: 'utf8',
        timeout: options.timeoutMs,
        killSignal: 'SIGKILL',
        maxBuffer: options.maxBuffer ?? 64 * 1024 * 1024,
        windowsHide: true,
        ...(options.signal ? { signal: options.signal } : {}),
      },
      (error, stdout, stderr) => {
        if (options.signal?.aborted) return reject(cancelled());
        if (error) {
          const e = error as NodeJS.ErrnoException & { code?: string | number; killed?: boolean; signal?: string | null };
          if (e.code === 'ENOENT') {
            return reject(new CoreError('ffmpeg-missing', `ffprobe could not be started: ${ffprobe} does not exist. Install ffmpeg, or set FFPROBE_PATH.`));
          }
          if (e.code === 'EACCES') {
            return reject(new CoreError('ffmpeg-missing', `ffprobe could not be started: ${ffprobe} is not a program this system can run. Install ffmpeg, or set FFPROBE_PATH.`));
          }
          if (e.code === 'ERR_CHILD_PROCESS_STDIO_MAXBUFFER') {
            return reject(new CoreError('ffmpeg-failed', 'ffprobe printed more than Coachframe expected for this file.'));
          }
          if (e.killed && typeof e.code !== 'number') {
            return reject(
              new CoreError('ffmpeg-failed', `ffprobe took longer than ${Math.round(options.timeoutMs / 1000)} s to read this file and was stopped. ${tail(stderr)}`.trim()),
            );
          }
          if (typeof e.code === 'number') return reject(classifyProbeFailure(stderr, options.head, e.code));
          return reject(new CoreError('ffmpeg-failed', `ffprobe stopped (${e.signal ?? e.message}) while reading this file. ${tail(stderr)}`.trim()));
        }
        try {
          resolvePromise(JSON.parse(stdout) as unknown);
        } catch {
          reject(new CoreError('ffmpeg-failed', `ffprobe gave an answer Coachframe could not read. ${tail(stderr)}`.trim()));
        }
      },
    );
  });
}

async function readHead(path: string, bytes: number): Promise<Uint8Array> {
  const handle = await open(path, 'r');
  try {
    const buffer = Buffer.alloc(bytes);
    const { bytesRead } = await handle.read(buffer, 0, bytes, 0);
    return buffer.subarray(0, bytesRead);
  } finally {
    await handle.close();
  }
}

const ascii = (head: Uint8Array, from: number, to: number) => String.fromCharCode(...head.subarray(from, to));
const startsWith = (head: Uint8Array, bytes: readonly number[], at = 0) => bytes.every((b, i) => head[at + i] === b);

/** What the first bytes say the file is, whatever its name. */
function sniff(head: Uint8Array): 'video' | 'picture' | null {
  const box = ascii(head, 4, 8);
  if (box === 'ftyp') return HEIF_BRANDS.has(ascii(head, 8, 12).toLowerCase()) ? 'picture' : 'video';
  if (['moov', 'mdat', 'free', 'wide', 'skip', 'pnot'].includes(box)) return 'video'; // QuickTime without ftyp
  if (startsWith(head, [0x1a, 0x45, 0xdf, 0xa3])) return 'video'; // EBML: Matroska/WebM
  if (ascii(head, 0, 4) === 'RIFF') return ascii(head, 8, 12) === 'WEBP' ? 'picture' : ascii(head, 8, 11) === 'AVI' ? 'video' : null;
  if (ascii(head, 0, 4) === 'OggS' || ascii(head, 0, 3) === 'FLV') return 'video';
  if (startsWith(head, [0x00, 0x00, 0x01, 0xba]) || startsWith(head, [0x00, 0x00, 0x01, 0xb3])) return 'video'; // MPEG-PS / MPEG video
  if (head[0] === 0x47 && head.length > 376 && head[188] === 0x47 && head[376] === 0x47) return 'video'; // MPEG-TS sync bytes
  if (startsWith(head, [0x30, 0x26, 0xb2, 0x75])) return 'video'; // ASF/WMV
  if (startsWith(head, [0xff, 0xd8, 0xff]) || startsWith(head, [0x89, 0x50, 0x4e, 0x47]) || ascii(head, 0, 4) === 'GIF8') return 'picture';
  if (ascii(head, 0, 4) === 'II*\0' || ascii(head, 0, 4) === 'MM\0*') return 'picture';
  return null;
}
