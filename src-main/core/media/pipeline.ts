import { createHash } from 'node:crypto';
import { rm, stat } from 'node:fs/promises';
import { basename } from 'node:path';
import type { JobInfo } from '../../../src-shared/contract/media';
import type { User } from '../../../src-shared/domain';
import { CoreError, badInput, conflict, notFound } from '../errors';
import { CHANGED_FILE_ERROR, type AssetRow, type NewAssetRow } from '../db/repos/assets-repo';
import { toClip, type ClipRow } from '../db/repos/clips-repo';
import { newId } from '../db/time';
import type { JobContext, JobRunner } from '../jobs/job-runner';
import type { ProfileStore } from '../store';
import { runFfmpeg } from './ffmpeg-run';
import { probeFile, type ProbeResult } from './probe';

export interface MediaTools {
  ffmpeg: string;
  ffprobe: string;
}

const POSTER_WIDTH = 640;
const FILMSTRIP_FRAMES = 10;
const FILMSTRIP_WIDTH = 160;

export interface Renditions {
  /** What the original is, from ffprobe: the player and the proxy decision read it. */
  original?: Pick<ProbeResult, 'container' | 'videoCodec' | 'audioCodec' | 'rotation' | 'frameRate' | 'variableFrameRate' | 'pixelFormat' | 'playableInBrowser'>;
  poster?: { path: string; width: number };
  filmstrip?: { path: string; frames: number; frameWidth: number };
  proxy?: { path: string; height: number };
}

export interface ImportOptions {
  videoType?: 'upload' | 'recorded';
  /** The name shown for the asset (defaults to the file's own name). */
  filename?: string;
}

/**
 * The media engine of one open profile: import (probe, hash while copying, row), background processing
 * (poster, filmstrip, proxy), validation and clips. Every ffmpeg run is a job; every file lands by
 * temp-then-rename; a row is written only for bytes that are fully stored.
 */
export class MediaPipeline {
  /** Clips being cut, by clip_hash: a second identical request waits for the first. */
  private readonly cutting = new Map<string, Promise<ClipRow>>();

  constructor(
    private readonly store: ProfileStore,
    private readonly jobs: JobRunner,
    private readonly tools: () => MediaTools,
    private readonly changed: (...entities: string[]) => void,
    /** The proxy's height, from the app's proxy-quality setting, read when a proxy is made. */
    private readonly proxyHeight: () => number = () => 540,
  ) {}

  /** Finishes what the last run left: sweeps orphans, then processes assets that never finished. */
  resume(): void {
    this.store.media.sweep(this.store.assets.storedPaths());
    for (const row of this.store.assets.unfinished()) {
      // A crash mid-processing leaves 'processing': step it back so the pipeline may run it again.
      if (row.processing_status === 'processing') {
        this.store.write(() => {
          this.store.assets.setStatus(row.id, 'failed', 'Processing was interrupted.');
          this.store.assets.setStatus(row.id, 'pending');
        });
      }
      this.process(row.id);
    }
  }

  /** Imports files by path, each its own job; returns their infos at once. */
  importPaths(actor: User, paths: readonly string[]): JobInfo[] {
    return paths.map((path) => this.jobs.start('import', basename(path), (ctx) => this.importFile(actor, path, ctx)).info);
  }

  /** Imports one file as a job and returns the job and its result. */
  startImport(actor: User, path: string, options: ImportOptions & { removeSource?: boolean } = {}) {
    return this.jobs.start('import', options.filename ?? basename(path), async (ctx) => {
      try {
        return await this.importFile(actor, path, ctx, options);
      } finally {
        if (options.removeSource) await rm(path, { force: true });
      }
    });
  }

  /**
   * One import: refuse what is not a video before copying anything, then hash while copying into the
   * content-addressed folder, then write the row (or return the owner's existing asset for the same
   * bytes). Processing follows in the background.
   */
  async importFile(actor: User, path: string, ctx: JobContext, options: ImportOptions = {}): Promise<AssetRow> {
    const { ffprobe } = this.tools();
    ctx.progress('checking', 0, 1);
    let size: number;
    try {
      size = (await stat(path)).size;
    } catch {
      throw notFound('The file to import');
    }
    if (size === 0) throw new CoreError('unsupported-media', `“${options.filename ?? basename(path)}” is empty (0 bytes): it is not a video.`);
    const probe = await probeFile(ffprobe, path, ctx.signal);

    ctx.progress('copying', 0, size);
    const file = await this.store.media.ingest(path, { signal: ctx.signal, onBytes: (n) => ctx.progress('copying', n, size) });
    const existing = this.store.assets.findByChecksum(actor.id, file.sha256);
    if (existing) {
      ctx.setAsset(existing.id);
      return existing;
    }
    const now = this.store.time();
    const row: NewAssetRow = {
      id: newId(),
      owner: actor.id,
      orig_filename: (options.filename ?? basename(path)).slice(0, 255),
      storage_path: file.storagePath,
      mime_type: probe.mimeType,
      size_bytes: file.sizeBytes,
      checksum_sha256: file.sha256,
      youtube_url: null,
      video_type: options.videoType ?? 'upload',
      duration_sec: Math.round(probe.durationMs / 1000),
      duration_ms: Math.round(probe.durationMs),
      width: probe.width,
      height: probe.height,
      processing_status: 'pending',
      local_state: 'local',
      created_at: now,
      updated_at: now,
    };
    try {
      this.store.write(() => {
        this.store.assets.insert(row);
        this.store.assets.setDerived(row.id, null, { original: originalOf(probe) } satisfies Renditions);
        this.store.changes.upsert('videoasset', row.id, { ...row });
      });
    } catch (error) {
      if (this.store.assets.rowsUsingFile(file.storagePath) === 0) await this.store.media.remove(file.storagePath);
      throw error;
    }
    ctx.setAsset(row.id);
    this.changed('videoasset');
    this.process(row.id);
    return this.store.assets.get(row.id)!;
  }

  /** Poster, filmstrip and (when needed) a proxy, as a background job. */
  process(assetId: string): { info: JobInfo; result: Promise<void> } {
    const asset = this.store.assets.get(assetId);
    return this.jobs.start('process', asset?.orig_filename ?? 'video', async (ctx) => {
      ctx.setAsset(assetId);
      const row = this.store.assets.get(assetId);
      if (!row || !row.storage_path || !row.checksum_sha256) throw notFound('That video');
      this.store.write(() => this.store.assets.setStatus(assetId, 'processing'));
      this.changed('videoasset');
      try {
        await this.makeRenditions(row, ctx);
        this.store.write(() => this.store.assets.setStatus(assetId, 'ready', null, this.store.time()));
      } catch (error) {
        const cancelled = error instanceof CoreError && error.code === 'cancelled';
        const message = error instanceof Error ? error.message : String(error);
        // A cancelled run can be started again; a failed one says why, in the ffmpeg's own words.
        this.store.write(() => {
          this.store.assets.setStatus(assetId, 'failed', cancelled ? 'Processing was cancelled.' : message, this.store.time());
        });
        throw error;
      } finally {
        this.changed('videoasset');
      }
    });
  }

  /** failed → pending, then process again. */
  reprocess(actor: User, assetId: string): JobInfo {
    const row = this.ownedLocal(actor, assetId);
    if (row.processing_status !== 'failed') throw conflict('This video is not waiting for a retry.');
    this.store.write(() => this.store.assets.setStatus(assetId, 'pending'));
    return this.process(assetId).info;
  }

  /** Re-hashes stored files: the seed's invariant that a checksum matches its file, checked for real. */
  validate(actor: User, assetId?: string): JobInfo {
    const targets = assetId ? [this.visibleLocal(actor, assetId)] : this.store.assets.ownedLocal(actor.id);
    const total = targets.reduce((sum, a) => sum + (a.size_bytes ?? 0), 0);
    const label = assetId ? targets[0]!.orig_filename : `${targets.length} videos`;
    return this.jobs.start('validate', label, async (ctx) => {
      let before = 0;
      for (const asset of targets) {
        const actual = await this.store.media.hash(asset.storage_path!, ctx.signal, (n) => ctx.progress('checking', before + n, total));
        before += asset.size_bytes ?? 0;
        const errors =
          actual === null ? ['The file is missing from the media folder.'] : actual !== asset.checksum_sha256 ? [CHANGED_FILE_ERROR] : [];
        this.store.write(() => this.store.assets.setValidation(asset.id, errors.length === 0, this.store.time(), errors));
      }
      this.changed('videoasset');
    }).info;
  }

  /**
   * Cuts a clip. The same cut of the same bytes is one clip (clip_hash), also when two requests race:
   * the second waits for the first. Fast mode copies streams from the nearest keyframe; precise mode
   * re-encodes for frame-accurate ends. The clip's bytes become an asset of their own.
   */
  async createClip(actor: User, input: { asset: string; start: number; end: number; mode: 'fast' | 'precise' }) {
    const source = this.visibleLocal(actor, input.asset);
    if (input.end <= input.start) throw badInput('The clip must end after it starts.', 'end');
    const durationS = (source.duration_ms ?? 0) / 1000;
    if (source.duration_ms !== null && input.end > durationS + 0.001) {
      throw badInput(`The clip ends after the video does (${durationS.toFixed(2)} s).`, 'end');
    }
    const startMs = Math.round(input.start * 1000);
    const endMs = Math.round(input.end * 1000);
    const clipHash = createHash('sha256').update(`${source.checksum_sha256}:${startMs}:${endMs}:${input.mode}`, 'utf8').digest('hex');

    const existing = this.store.clips.findByHash(clipHash);
    if (existing) return toClip(this.visibleClip(actor, existing));
    let inFlight = this.cutting.get(clipHash);
    if (!inFlight) {
      inFlight = this.cut(actor, source, startMs, endMs, input.mode, clipHash).finally(() => this.cutting.delete(clipHash));
      this.cutting.set(clipHash, inFlight);
    }
    return toClip(this.visibleClip(actor, await inFlight));
  }

  private async cut(actor: User, source: AssetRow, startMs: number, endMs: number, mode: 'fast' | 'precise', clipHash: string): Promise<ClipRow> {
    const { ffmpeg } = this.tools();
    const label = `${source.orig_filename} ${formatTime(startMs)}–${formatTime(endMs)}`;
    const { result } = this.jobs.start('clip', label, async (ctx) => {
      const out = this.store.media.scratch('.mp4');
      try {
        const seconds = (ms: number) => (ms / 1000).toFixed(3);
        const codec =
          mode === 'fast'
            ? ['-c', 'copy', '-avoid_negative_ts', 'make_zero']
            : ['-c:v', 'libx264', '-preset', 'veryfast', '-crf', '18', '-pix_fmt', 'yuv420p', '-c:a', 'aac', '-b:a', '160k'];
        ctx.progress('cutting', 0, 1);
        await runFfmpeg(
          ffmpeg,
          ['-ss', seconds(startMs), '-i', this.store.media.absolute(source.storage_path!), '-t', seconds(endMs - startMs), '-map', '0:v:0', '-map', '0:a?', ...codec, '-movflags', '+faststart', out],
          { signal: ctx.signal, durationMs: endMs - startMs, onProgress: (f) => ctx.progress('cutting', f, 1) },
        );
        const clipName = `${basename(source.orig_filename).replace(/\.[^.]+$/, '')} (clip ${formatTime(startMs)}–${formatTime(endMs)}).mp4`;
        const asset = await this.importFile(actor, out, ctx, { filename: clipName });
        const now = this.store.time();
        const row: ClipRow = {
          id: newId(),
          owner: actor.id,
          original_video: source.id,
          clip_asset: asset.id,
          clip_hash: clipHash,
          mode,
          start_time: startMs / 1000,
          end_time: endMs / 1000,
          duration: (endMs - startMs) / 1000,
          storage_path: asset.storage_path,
          size_bytes: asset.size_bytes,
          processing_status: 'ready',
          processing_error: null,
          processed_at: now,
          created_at: now,
          updated_at: now,
        };
        this.store.write(() => {
          this.store.clips.insert(row);
          this.store.changes.upsert('clip', row.id, { ...row });
        });
        this.changed('clip', 'videoasset');
        return row;
      } finally {
        await rm(out, { force: true });
      }
    });
    return result;
  }

  private async makeRenditions(row: AssetRow, ctx: JobContext): Promise<void> {
    const { ffmpeg } = this.tools();
    const sha = row.checksum_sha256!;
    const source = this.store.media.absolute(row.storage_path!);
    const renditions = JSON.parse(row.renditions) as Renditions;
    if (!renditions.original) {
      // Bytes that arrived by sync were never probed here: learn what they are before deciding on a
      // proxy. If ffprobe cannot read them, ffmpeg's own steps below say why in processing_error.
      try {
        renditions.original = originalOf(await probeFile(this.tools().ffprobe, source, ctx.signal));
      } catch (error) {
        if (error instanceof CoreError && error.code === 'cancelled') throw error;
      }
    }
    const durationMs = row.duration_ms ?? 0;
    const needsProxy = proxyNeeded(renditions.original, row);
    const steps = needsProxy ? 3 : 2;

    ctx.progress('poster', 0, steps);
    const posterPath = await this.makePoster(row, ctx);

    ctx.progress('filmstrip', 1, steps);
    const strip = await this.makeFilmstrip(ffmpeg, source, durationMs, ctx);
    const stripPath = await this.store.media.placeDerived(strip, sha, 'filmstrip.jpg');
    renditions.poster = { path: posterPath, width: POSTER_WIDTH };
    renditions.filmstrip = { path: stripPath, frames: FILMSTRIP_FRAMES, frameWidth: FILMSTRIP_WIDTH };
    this.store.write(() => this.store.assets.setDerived(row.id, posterPath, renditions));
    this.changed('videoasset');

    if (needsProxy) {
      // A proxy plays where the original cannot (HEVC, 10-bit, odd containers) and seeks to any frame
      // quickly: H.264 4:2:0 with a keyframe every 15 frames. Every source frame keeps its own time
      // (`-fps_mode passthrough`, ffmpeg 5.1+): left to itself, ffmpeg makes an MP4 constant-rate and
      // fills a variable-rate source's gaps with the frame *after* the gap, showing it a frame early —
      // and the comparison steps and aligns by each frame's time.
      const height = this.proxyHeight();
      const proxy = await this.render(
        ffmpeg,
        ['-i', source, '-map', '0:v:0', '-map', '0:a?', '-vf', `scale=-2:'trunc(min(${height},ih)/2)*2'`, '-fps_mode', 'passthrough', '-c:v', 'libx264', '-preset', 'veryfast', '-crf', '23',
          '-pix_fmt', 'yuv420p', '-g', '15', '-c:a', 'aac', '-b:a', '128k', '-movflags', '+faststart'],
        '.mp4',
        ctx,
        (f) => ctx.progress('proxy', 2 + f, steps),
        durationMs,
      );
      renditions.proxy = { path: await this.store.media.placeDerived(proxy, sha, 'proxy.mp4'), height };
      this.store.write(() => this.store.assets.setDerived(row.id, posterPath, renditions));
    }
    ctx.progress('done', steps, steps);
  }

  /** Makes (or remakes) an asset's poster alone, as a job: the same step processing runs. */
  renderPoster(assetId: string): Promise<string> {
    const row = this.store.assets.get(assetId);
    if (!row?.storage_path || !row.checksum_sha256) throw notFound('That video');
    return this.jobs.start('process', row.orig_filename, (ctx) => this.makePoster(row, ctx)).result;
  }

  /** The poster comes from a moment in, not the first frame (often black); ffmpeg applies rotation itself. */
  private async makePoster(row: AssetRow, ctx: JobContext): Promise<string> {
    const posterAt = Math.min((row.duration_ms ?? 0) * 0.1, 3000) / 1000;
    const poster = await this.render(
      this.tools().ffmpeg,
      ['-ss', posterAt.toFixed(3), '-i', this.store.media.absolute(row.storage_path!), '-frames:v', '1', '-vf', `scale='min(${POSTER_WIDTH},iw)':-2`, '-q:v', '3'],
      '.jpg',
      ctx,
    );
    return this.store.media.placeDerived(poster, row.checksum_sha256!, 'poster.jpg');
  }

  /** Runs ffmpeg into a scratch file and returns it; the scratch file is removed if ffmpeg fails. */
  /**
   * Ten frames side by side. One seek per frame rather than decoding the whole video (an hour-long
   * file costs ten seeks); a file that seeks badly (a browser's recording, a duration that promises
   * more than the stream holds) gets one decoding pass instead.
   */
  private async makeFilmstrip(ffmpeg: string, source: string, durationMs: number, ctx: JobContext): Promise<string> {
    const seconds = durationMs / 1000;
    const at = Array.from({ length: FILMSTRIP_FRAMES }, (_, i) => (((i + 0.5) * seconds) / FILMSTRIP_FRAMES).toFixed(3));
    const inputs = at.flatMap((t) => ['-ss', t, '-i', source]);
    const scaled = at.map((_, i) => `[${i}:v:0]scale=${FILMSTRIP_WIDTH}:-2,setsar=1[f${i}]`).join(';');
    try {
      return await this.render(
        ffmpeg,
        [...inputs, '-filter_complex', `${scaled};${at.map((_, i) => `[f${i}]`).join('')}hstack=inputs=${FILMSTRIP_FRAMES}[strip]`, '-map', '[strip]', '-frames:v', '1', '-q:v', '5'],
        '.jpg',
        ctx,
      );
    } catch (error) {
      if (error instanceof CoreError && error.code === 'cancelled') throw error;
      const rate = seconds > 0 ? FILMSTRIP_FRAMES / seconds : 1;
      return this.render(
        ffmpeg,
        ['-i', source, '-map', '0:v:0', '-vf', `fps=${rate.toFixed(6)},scale=${FILMSTRIP_WIDTH}:-2,setsar=1,tile=${FILMSTRIP_FRAMES}x1`, '-frames:v', '1', '-q:v', '5'],
        '.jpg',
        ctx,
      );
    }
  }

  private async render(ffmpeg: string, args: string[], extension: string, ctx: JobContext, onProgress?: (f: number) => void, durationMs?: number): Promise<string> {
    const out = this.store.media.scratch(extension);
    try {
      await runFfmpeg(ffmpeg, [...args, out], { signal: ctx.signal, durationMs: durationMs ?? null, ...(onProgress ? { onProgress } : {}) });
      // ffmpeg ends well yet writes nothing when no frame came out (a seek past the last one).
      if (((await stat(out).catch(() => null))?.size ?? 0) === 0) throw new CoreError('ffmpeg-failed', 'ffmpeg made no picture from this video.');
      return out;
    } catch (error) {
      await rm(out, { force: true });
      throw error;
    }
  }

  private visibleLocal(actor: User, assetId: string): AssetRow {
    const row = this.store.assets.getVisible(actor.id, assetId);
    if (!row) throw notFound('That video');
    if (row.local_state !== 'local' || !row.storage_path) throw new CoreError('unavailable', 'This video’s file is not on this computer yet.');
    return row;
  }

  private ownedLocal(actor: User, assetId: string): AssetRow {
    const row = this.visibleLocal(actor, assetId);
    if (row.owner !== actor.id) throw new CoreError('forbidden', 'Only the person who added this video can do that.');
    return row;
  }

  private visibleClip(actor: User, clip: ClipRow): ClipRow {
    if (clip.owner === actor.id || this.store.clips.getVisible(actor.id, clip.id)) return clip;
    throw conflict('This exact cut already exists in someone else’s library.');
  }
}

function originalOf(p: ProbeResult): NonNullable<Renditions['original']> {
  return {
    container: p.container,
    videoCodec: p.videoCodec,
    audioCodec: p.audioCodec,
    rotation: p.rotation,
    frameRate: p.frameRate,
    variableFrameRate: p.variableFrameRate,
    pixelFormat: p.pixelFormat,
    playableInBrowser: p.playableInBrowser,
  };
}

/** A proxy when the renderer cannot decode the original, or it is large or hard to seek. */
export function proxyNeeded(original: Renditions['original'], row: Pick<AssetRow, 'height' | 'width' | 'mime_type'>): boolean {
  if (!original) return true;
  if (!original.playableInBrowser) return true;
  if (Math.min(row.width ?? 0, row.height ?? 0) > 1080) return true;
  return original.variableFrameRate;
}

const formatTime = (ms: number) => {
  const s = Math.floor(ms / 1000);
  return `${Math.floor(s / 60)}:${String(s % 60).padStart(2, '0')}.${String(Math.floor((ms % 1000) / 100))}`;
};

