import { createHash, randomBytes } from 'node:crypto';
import { createReadStream, existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { appendFile, open, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { User } from '../../../src-shared/domain';
import { CoreError, badInput, notFound } from '../errors';
import type { AssetRow } from '../db/repos/assets-repo';
import { isoNow, newId } from '../db/time';
import type { JobRunner } from '../jobs/job-runner';
import type { ProfileStore } from '../store';
import { runFfmpeg } from './ffmpeg-run';
import type { MediaPipeline, MediaTools } from './pipeline';

interface Manifest {
  id: string;
  owner: string;
  mimeType: string;
  startedAt: string;
  /** The next chunk expected: a chunk sent twice (a retry) is taken once. */
  nextSeq: number;
  /** Set once the repaired file exists: if an asset with these bytes is stored, the recording is done. */
  repairedSha256?: string;
}

/**
 * Webcam recordings, streamed from the renderer chunk by chunk into `recordings/<id>.part` beside a
 * small manifest, so a long reply never sits whole in renderer memory and a crash loses at most the
 * last chunk. Finishing repairs the MediaRecorder file (no duration, no seek index) with ffmpeg and
 * imports it through the same path as any video. What a crash leaves is offered for recovery.
 */
export class Recordings {
  private readonly dir: string;
  /** Recordings started in this run: the others on disk were cut short and can be recovered. */
  private readonly active = new Set<string>();

  constructor(
    private readonly store: ProfileStore,
    private readonly pipeline: MediaPipeline,
    private readonly jobs: JobRunner,
    private readonly tools: () => MediaTools,
    private readonly now: () => number = Date.now,
  ) {
    this.dir = join(store.profileDir, 'recordings');
  }

  start(actor: User, mimeType: string): { id: string } {
    mkdirSync(this.dir, { recursive: true });
    const manifest: Manifest = { id: newId(), owner: actor.id, mimeType, startedAt: isoNow(this.now()), nextSeq: 0 };
    writeFileSync(this.partPath(manifest.id), new Uint8Array());
    this.writeManifest(manifest);
    this.active.add(manifest.id);
    return { id: manifest.id };
  }

  /** Appends chunk `seq`; an already-received chunk is ignored, a gap is refused. Returns the bytes held. */
  async append(actor: User, id: string, seq: number, bytes: Uint8Array): Promise<{ bytes: number }> {
    const manifest = this.activeManifest(actor, id);
    const part = this.partPath(id);
    if (seq < manifest.nextSeq) return { bytes: (await stat(part)).size };
    if (seq > manifest.nextSeq) throw badInput(`Recording chunk ${manifest.nextSeq} is missing; chunk ${seq} cannot follow it.`, 'seq');
    await appendFile(part, bytes);
    const handle = await open(part, 'r+');
    try {
      await handle.sync();
    } finally {
      await handle.close();
    }
    this.writeManifest({ ...manifest, nextSeq: seq + 1 });
    return { bytes: (await stat(part)).size };
  }

  /** Repairs and imports a recording; the part file goes only once the asset is stored. */
  async finish(actor: User, id: string): Promise<AssetRow> {
    this.activeManifest(actor, id);
    return this.importPart(actor, id);
  }

  cancel(actor: User, id: string): boolean {
    const manifest = this.readManifest(id);
    if (!manifest || manifest.owner !== actor.id) return false;
    this.remove(id);
    return true;
  }

  listRecoverable(actor: User): { id: string; startedAt: string; bytes: number }[] {
    if (!existsSync(this.dir)) return [];
    return readdirSync(this.dir)
      .filter((f) => f.endsWith('.json'))
      .map((f) => this.readManifest(f.slice(0, -'.json'.length)))
      .filter((m): m is Manifest => m !== null && m.owner === actor.id && !this.active.has(m.id))
      .filter((m) => {
        // Stopped after its asset was stored but before its part file was removed: finished, not lost.
        const done = m.repairedSha256 !== undefined && this.store.assets.findByChecksum(m.owner, m.repairedSha256) !== undefined;
        if (done) this.remove(m.id);
        return !done;
      })
      .map((m) => ({ id: m.id, startedAt: m.startedAt, bytes: existsSync(this.partPath(m.id)) ? statSize(this.partPath(m.id)) : 0 }))
      .filter((r) => r.bytes > 0)
      .sort((a, b) => a.startedAt.localeCompare(b.startedAt));
  }

  async recover(actor: User, id: string): Promise<AssetRow> {
    const manifest = this.readManifest(id);
    if (!manifest || manifest.owner !== actor.id || this.active.has(id)) throw notFound('That unfinished recording');
    return this.importPart(actor, id);
  }

  discard(actor: User, id: string): boolean {
    const manifest = this.readManifest(id);
    if (!manifest || manifest.owner !== actor.id || this.active.has(id)) return false;
    this.remove(id);
    return true;
  }

  private async importPart(actor: User, id: string): Promise<AssetRow> {
    const manifest = this.readManifest(id)!;
    const part = this.partPath(id);
    if (!existsSync(part) || statSize(part) === 0) throw new CoreError('unsupported-media', 'The recording is empty: nothing was recorded.');
    const extension = manifest.mimeType.startsWith('video/mp4') ? '.mp4' : '.webm';
    const name = `Recording ${manifest.startedAt.slice(0, 16).replace('T', ' ')}${extension}`;
    const { result } = this.jobs.start('recording', name, async (ctx) => {
      const repaired = this.store.media.scratch(extension);
      try {
        ctx.progress('repairing', 0, 1);
        // Stream copy rewrites the container with a duration and a seek index; bit-exact, so a retry
        // after a crash makes the same bytes (and so the same asset).
        const container = extension === '.mp4' ? ['-movflags', '+faststart'] : [];
        await runFfmpeg(this.tools().ffmpeg, ['-fflags', '+genpts', '-i', part, '-map', '0', '-c', 'copy', '-fflags', '+bitexact', '-map_metadata', '-1', ...container, repaired], {
          signal: ctx.signal,
        });
        this.writeManifest({ ...manifest, repairedSha256: await sha256Of(repaired) });
        const asset = await this.pipeline.importFile(actor, repaired, ctx, { videoType: 'recorded', filename: name });
        this.remove(id);
        return asset;
      } finally {
        await rm(repaired, { force: true });
      }
    });
    return result;
  }

  private activeManifest(actor: User, id: string): Manifest {
    const manifest = this.readManifest(id);
    if (!manifest || manifest.owner !== actor.id || !this.active.has(id)) throw notFound('That recording');
    return manifest;
  }

  private partPath(id: string): string {
    return join(this.dir, `${id}.part`);
  }

  private readManifest(id: string): Manifest | null {
    if (!/^[0-9a-f-]{36}$/.test(id)) return null;
    try {
      return JSON.parse(readFileSync(join(this.dir, `${id}.json`), 'utf8')) as Manifest;
    } catch {
      return null;
    }
  }

  private writeManifest(manifest: Manifest): void {
    const file = join(this.dir, `${manifest.id}.json`);
    const temp = `${file}.${randomBytes(4).toString('hex')}.tmp`;
    writeFileSync(temp, JSON.stringify(manifest), { flush: true });
    renameSync(temp, file);
  }

  private remove(id: string): void {
    this.active.delete(id);
    rmSync(this.partPath(id), { force: true });
    rmSync(join(this.dir, `${id}.json`), { force: true });
  }
}

async function sha256Of(path: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(path)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

const statSize = (path: string) => {
  try {
    return statSync(path).size;
  } catch {
    return 0;
  }
};
