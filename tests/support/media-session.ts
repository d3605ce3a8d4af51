import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { JobInfo } from '../../src-shared/contract/media';
import { makeCore } from './world';

/** A Core with one profile open, and every job event it emits. */
export async function makeMediaCore(options: { role?: 'coach' | 'student'; ffmpegPath?: string; ffprobePath?: string } = {}) {
  const { role = 'coach', ...tools } = options;
  const harness = makeCore(tools);
  const events: { event: string; info: JobInfo }[] = [];
  harness.core.onEvent((event, payload) => {
    if (event === 'job.progress' || event === 'job.done') events.push({ event, info: payload as JobInfo });
  });
  const created = await harness.core.dispatch('profiles.create', { username: 'media.user', displayName: 'Media User', role }, { shell: 'web' });
  if (!created.ok) throw new Error(created.error.message);
  const call = async <T = unknown>(channel: string, input: unknown, bytes?: Uint8Array): Promise<T> => {
    const result = await harness.core.dispatch(channel, input, { shell: 'web' }, bytes);
    if (!result.ok) throw Object.assign(new Error(`${channel}: ${result.error.code}: ${result.error.message}`), { code: result.error.code });
    return result.value as T;
  };
  /** Resolves with a job's final info once it ends. */
  const finished = (id: string) =>
    new Promise<JobInfo>((resolve) => {
      const seen = events.find((e) => e.event === 'job.done' && e.info.id === id);
      if (seen) return resolve(seen.info);
      const off = harness.core.onEvent((event, payload) => {
        if (event === 'job.done' && (payload as JobInfo).id === id) {
          off();
          resolve(payload as JobInfo);
        }
      });
    });
  /** Waits until no job is running (background processing included). */
  const idle = async (timeoutMs = 60_000) => {
    const end = Date.now() + timeoutMs;
    while (harness.core.runningJobs() > 0) {
      if (Date.now() > end) throw new Error('jobs still running');
      await new Promise((r) => setTimeout(r, 20));
    }
  };
  return { ...harness, events, call, finished, idle, store: () => harness.core.store() };
}

const ffmpeg = () => process.env['FFMPEG_PATH'] ?? 'ffmpeg';

/** Small generated videos for pipeline tests (the format matrix lives in media-fixtures). */
export function makeClipFile(dir: string, name: string, args: string[]): string {
  const out = join(dir, name);
  execFileSync(ffmpeg(), ['-hide_banner', '-loglevel', 'error', '-y', ...args, out]);
  return out;
}

export function sampleVideos() {
  const dir = mkdtempSync(join(tmpdir(), 'coachframe-media-'));
  const h264 = makeClipFile(dir, 'serve.mp4', [
    '-f', 'lavfi', '-i', 'testsrc2=size=320x180:rate=30:duration=3', '-f', 'lavfi', '-i', 'sine=duration=3',
    '-c:v', 'libx264', '-preset', 'ultrafast', '-pix_fmt', 'yuv420p', '-g', '30', '-c:a', 'aac', '-shortest',
  ]);
  const text = join(dir, 'notes.mp4');
  writeFileSync(text, 'These are my notes, not a video.\n'.repeat(20));
  const empty = join(dir, 'empty.mp4');
  writeFileSync(empty, '');
  return { dir, h264, text, empty };
}
