import { randomBytes } from 'node:crypto';
import { constants, existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { access, open, rename, rm, stat } from 'node:fs/promises';
import { basename, dirname, join, relative, resolve, isAbsolute } from 'node:path';
import type { ComparisonExportInput } from '../../../src-shared/contract/comparisons';
import type { JobInfo } from '../../../src-shared/contract/media';
import type { User } from '../../../src-shared/domain';
import { CoreError, badInput } from '../errors';
import { renditionPath, type AssetRow } from '../db/repos/assets-repo';
import type { JobRunner } from '../jobs/job-runner';
import type { ProfileStore } from '../store';
import { runFfmpeg } from './ffmpeg-run';
import type { MediaTools } from './pipeline';
import { probeFile } from './probe';

/** The tallest side-by-side and the widest stacked export: larger sources are scaled down to these. */
const MAX_HEIGHT = 1080;
const MAX_WIDTH = 1920;
const MAX_FPS = 60;
const DEFAULT_FPS = 30;
const SAMPLE_RATE = 48_000;
/** Shorter than this is not a video anyone can watch (and usually a range that misses both videos). */
const MIN_DURATION = 0.1;

/** One side of the comparison as the export reads it: the file, and what ffprobe says of it. */
export interface ExportSide {
  file: string;
  /** Seconds. */
  duration: number;
  /** Display size (rotation and pixel aspect applied). */
  width: number;
  height: number;
  frameRate: number | null;
  hasAudio: boolean;
  offset: number;
  /** The track's name in players' audio menus. */
  audioName: string;
}

export interface ExportPlan {
  /** ffmpeg arguments, without the output file. */
  args: string[];
  /** Seconds. */
  duration: number;
  width: number;
  height: number;
  audioStreams: number;
}

/** Our temp files beside a destination: `.<name>.<8 hex>.part`; nothing else is ever removed by the sweep. */
const TEMP_NAME = /^\..+\.[0-9a-f]{8}\.part$/;

const even = (n: number) => Math.max(2, 2 * Math.round(n / 2));
const secs = (n: number) => n.toFixed(3);

/**
 * The ffmpeg run that renders two videos as one, aligned as the compare screen plays them: one shared
 * timeline `t`, side X showing its media time `t + offsetX` (compare-engine / sync-clock). The export
 * covers timeline `[t0, t1]`. A side whose media time is before its start shows its first frame, and
 * after its end its last frame, as a paused <video> would (tpad clones them). Both sides are brought
 * to one frame rate (the higher), one height (side by side) or width (stacked), keeping their aspect.
 */
export function planExport(sides: readonly [ExportSide, ExportSide], layout: ComparisonExportInput['layout'], t0: number, t1: number, audio: ComparisonExportInput['audio']): ExportPlan {
  const duration = t1 - t0;
  const fps = Math.min(MAX_FPS, Math.max(...sides.map((s) => s.frameRate ?? 0)) || DEFAULT_FPS);
  let sizes: [number, number][];
  if (layout === 'side-by-side') {
    const height = even(Math.min(MAX_HEIGHT, Math.max(...sides.map((s) => s.height))));
    sizes = sides.map((s) => [even((height * s.width) / s.height), height]);
  } else {
    const width = even(Math.min(MAX_WIDTH, Math.max(...sides.map((s) => s.width))));
    sizes = sides.map((s) => [width, even((width * s.height) / s.width)]);
  }

  const inputs: string[] = [];
  const graph: string[] = [];
  sides.forEach((side, i) => {
    const start = t0 + side.offset;
    // Before the video starts: hold its first frame (a negative offset, or a range reaching before 0).
    const lead = Math.max(0, -start);
    // Past its end for the whole range: read its last moment and hold it.
    const seek = Math.min(Math.max(0, start), Math.max(0, side.duration - 0.25));
    const read = Math.max(0.05, Math.min(duration - lead, side.duration - seek));
    // `file:` keeps a name that looks like an option or a protocol a plain file.
    inputs.push('-ss', secs(seek), '-t', secs(read), '-i', `file:${side.file}`);
    const [w, h] = sizes[i]!;
    graph.push(
      `[${i}:v:0]setpts=PTS-STARTPTS,fps=${fps},scale=${w}:${h},setsar=1,` +
        `tpad=start_duration=${secs(lead)}:start_mode=clone:stop_duration=${secs(duration)}:stop_mode=clone,trim=duration=${secs(duration)}[v${i}]`,
    );
  });
  graph.push(`[v0][v1]${layout === 'side-by-side' ? 'hstack' : 'vstack'}=inputs=2,format=yuv420p[v]`);

  const tracks = audio === 'both' ? [0, 1] : audio === 'original' ? [0] : audio === 'feedback' ? [1] : [];
  const samples = Math.round(duration * SAMPLE_RATE);
  for (const i of tracks) {
    const side = sides[i]!;
    if (side.hasAudio) {
      const lead = Math.round(Math.max(0, -(t0 + side.offset)) * 1000);
      graph.push(
        `[${i}:a:0]aresample=${SAMPLE_RATE},aformat=sample_fmts=fltp:channel_layouts=stereo,asetpts=PTS-STARTPTS,` +
          `adelay=${lead}|${lead},apad=whole_len=${samples},atrim=duration=${secs(duration)}[a${i}]`,
      );
    } else {
      // A video without sound still gets its track, silent: the file's tracks are the ones asked for.
      graph.push(`anullsrc=r=${SAMPLE_RATE}:cl=stereo,atrim=duration=${secs(duration)}[a${i}]`);
    }
  }

  const args = [...inputs, '-filter_complex', graph.join(';'), '-map', '[v]'];
  tracks.forEach((i, n) => {
    args.push('-map', `[a${i}]`, `-metadata:s:a:${n}`, `handler_name=${sides[i]!.audioName}`, `-disposition:a:${n}`, n === 0 ? 'default' : '0');
  });
  args.push('-c:v', 'libx264', '-preset', 'veryfast', '-crf', '20', '-pix_fmt', 'yuv420p');
  if (tracks.length > 0) args.push('-c:a', 'aac', '-b:a', '160k');
  args.push('-t', secs(duration), '-movflags', '+faststart', '-f', 'mp4');

  const [[wa, ha], [wb, hb]] = sizes as [[number, number], [number, number]];
  return {
    args,
    duration,
    width: layout === 'side-by-side' ? wa + wb : wa,
    height: layout === 'side-by-side' ? ha : ha + hb,
    audioStreams: tracks.length,
  };
}

/**
 * Comparison exports of one open profile: checks the destination, picks each side's file (original when
 * it is here, else its proxy), and runs the render as a cancellable job writing a temp file beside the
 * destination, fsynced and renamed into place only when complete. Finished files are remembered by job
 * id for the download route (`mediaUrl(jobId, 'export')`).
 *
 * The temp file lives in the person's own folder, which no sweep of ours walks; so each running export
 * notes its temp file in the profile (`exports-in-progress/`), and the next open removes the temp
 * files a killed app left behind.
 */
export class ComparisonExports {
  private readonly finished = new Map<string, string>();

  constructor(
    private readonly store: ProfileStore,
    private readonly jobs: JobRunner,
    private readonly tools: () => MediaTools,
  ) {
    this.sweepInterrupted();
  }

  private get journal(): string {
    return join(this.store.profileDir, 'exports-in-progress');
  }

  /** Removes the temp files of exports a killed app left half-written; answers them. */
  sweepInterrupted(): string[] {
    const removed: string[] = [];
    let names: string[];
    try {
      names = readdirSync(this.journal);
    } catch {
      return removed;
    }
    for (const name of names) {
      const note = join(this.journal, name);
      try {
        const { temp } = JSON.parse(readFileSync(note, 'utf8')) as { temp?: unknown };
        if (name.endsWith('.json') && typeof temp === 'string' && isAbsolute(temp) && TEMP_NAME.test(basename(temp)) && existsSync(temp)) {
          rmSync(temp, { force: true });
          removed.push(temp);
        }
      } catch {
        // An unreadable note (cut short while written) names nothing to remove.
      }
      rmSync(note, { force: true });
    }
    return removed;
  }

  private note(id: string, temp: string): string {
    mkdirSync(this.journal, { recursive: true });
    const note = join(this.journal, `${id}.json`);
    writeFileSync(`${note}.tmp`, JSON.stringify({ temp }));
    renameSync(`${note}.tmp`, note);
    return note;
  }

  /** The folder exports go to by default, inside the profile folder. */
  get folder(): string {
    return join(this.store.profileDir, 'exports');
  }

  /** A new file in the exports folder, named after the exercise and the time. */
  suggestPath(exerciseName: string): string {
    mkdirSync(this.folder, { recursive: true });
    const d = new Date(this.store.now());
    const two = (n: number) => String(n).padStart(2, '0');
    // Local time, as the person reads it; "." not ":" (which some file systems refuse).
    const stamp = `${d.getFullYear()}-${two(d.getMonth() + 1)}-${two(d.getDate())} ${two(d.getHours())}.${two(d.getMinutes())}`;
    const name = `${exerciseName.replace(/[\\/:*?"<>|\0-\x1f]/g, ' ').replace(/\s+/g, ' ').trim().slice(0, 80) || 'Comparison'} – compared ${stamp}`;
    for (let n = 1; ; n++) {
      const path = join(this.folder, `${name}${n > 1 ? ` (${n})` : ''}.mp4`);
      if (!existsSync(path)) return path;
    }
  }

  /** The file a finished export of this session wrote, if it is still known. */
  file(jobId: string): string | null {
    return this.finished.get(jobId) ?? null;
  }

  /** Checks everything it can before the job starts, so a bad request is refused at once, not as a failed job. */
  async start(actor: User, input: ComparisonExportInput): Promise<JobInfo> {
    const destination = await this.checkDestination(input.path);
    const rows = [input.originalVideo, input.feedbackVideo].map((id) => this.store.assets.getVisible(actor.id, id)!);
    if (input.range) {
      if (input.range.end <= input.range.start) throw badInput('The range must end after it starts.', 'range.end');
      // Against the durations on record (the job clamps to the probed ones): a range that misses both videos is refused now.
      const end = Math.max(...rows.map((r, i) => (r.duration_ms ?? Infinity) / 1000 - [input.originalOffset, input.feedbackOffset][i]!));
      if (input.range.end - input.originalOffset <= 0 || input.range.start - input.originalOffset >= end) {
        throw badInput('The range lies outside both videos: choose a part of the comparison to export.', 'range');
      }
    }
    const files = rows.map((row) => this.sourceOf(row)) as [string, string];

    const { info } = this.jobs.start('export', basename(destination), async (ctx) => {
      ctx.progress('checking', 0, 1);
      const probes = await Promise.all(files.map((f) => probeFile(this.tools().ffprobe, f, ctx.signal)));
      const offsets = [input.originalOffset, input.feedbackOffset];
      const sides = probes.map((p, i) => ({
        file: files[i]!,
        duration: p.durationMs / 1000,
        width: p.width,
        height: p.height,
        frameRate: p.frameRate,
        hasAudio: p.audioCodec !== null,
        offset: offsets[i]!,
        audioName: `${i === 0 ? 'Original' : 'Feedback'}: ${rows[i]!.orig_filename}`.replace(/[\r\n]/g, ' ').slice(0, 120),
      })) as [ExportSide, ExportSide];
      // The whole comparison is the screen's timeline, 0 to where the later video ends.
      const end = Math.max(...sides.map((s) => s.duration - s.offset));
      const t0 = Math.max(0, input.range ? input.range.start - input.originalOffset : 0);
      const t1 = Math.min(end, input.range ? input.range.end - input.originalOffset : end);
      if (t1 - t0 < MIN_DURATION) throw badInput('The range lies outside both videos: choose a part of the comparison to export.', 'range');

      const plan = planExport(sides, input.layout, t0, t1, input.audio);
      const temp = join(dirname(destination), `.${basename(destination)}.${randomBytes(4).toString('hex')}.part`);
      const note = this.note(ctx.id, temp);
      try {
        ctx.progress('exporting', 0, 1);
        await runFfmpeg(this.tools().ffmpeg, [...plan.args, temp], {
          signal: ctx.signal,
          durationMs: plan.duration * 1000,
          onProgress: (f) => ctx.progress('exporting', f, 1),
        });
        ctx.progress('saving', 1, 1);
        try {
          const handle = await open(temp, 'r');
          try {
            await handle.sync();
          } finally {
            await handle.close();
          }
          await rename(temp, destination);
        } catch (error) {
          // The folder went away or became read-only while ffmpeg ran: say so, not "something went wrong".
          throw new CoreError('unavailable', `The export could not be saved as “${destination}”: ${(error as Error).message}`);
        }
      } catch (error) {
        await rm(temp, { force: true });
        throw error;
      } finally {
        await rm(note, { force: true });
      }
      this.finished.set(ctx.id, destination);
      return destination;
    });
    return info;
  }

  /** The original when it is on this computer, else the proxy; neither is a clear refusal. */
  private sourceOf(row: AssetRow): string {
    if (row.local_state === 'local' && row.storage_path) return this.store.media.absolute(row.storage_path);
    const proxy = renditionPath(row.renditions, 'proxy');
    if (proxy && existsSync(this.store.media.absolute(proxy))) return this.store.media.absolute(proxy);
    throw new CoreError(
      'unavailable',
      `“${row.orig_filename}” is not on this computer${row.local_state === 'local' ? '' : ' (it is in the cloud only)'}, so the comparison cannot be exported. Download it first, then export again.`,
    );
  }

  private async checkDestination(path: string): Promise<string> {
    if (!isAbsolute(path)) throw badInput('Choose where to save the export by its full path.', 'path');
    const destination = resolve(path);
    // The profile's own files (database, media, proxies) are never overwritten by an export.
    const inProfile = relative(this.store.profileDir, destination);
    if (!inProfile.startsWith('..') && !isAbsolute(inProfile) && dirname(destination) !== this.folder) {
      throw badInput('Choose a folder outside Coachframe’s own data to save the export in.', 'path');
    }
    const folder = dirname(destination);
    const where = await stat(folder).catch(() => null);
    if (!where?.isDirectory()) throw badInput(`The folder “${folder}” does not exist.`, 'path');
    const existing = await stat(destination).catch(() => null);
    if (existing?.isDirectory()) throw badInput('That is a folder: choose a file name ending in .mp4.', 'path');
    try {
      await access(folder, constants.W_OK);
    } catch {
      throw badInput(`Coachframe cannot write to “${folder}”. Choose another folder.`, 'path');
    }
    return destination;
  }
}
