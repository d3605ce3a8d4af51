import { spawn } from 'node:child_process';
import { CoreError } from '../errors';

export interface FfmpegRunOptions {
  signal?: AbortSignal;
  /** The output's expected duration, to turn ffmpeg's `out_time` into a fraction. */
  durationMs?: number | null;
  onProgress?: (fraction: number) => void;
}

const STDERR_TAIL = 4000;

/**
 * Runs ffmpeg as a child process (not through fluent-ffmpeg: we need the raw `-progress` stream, a
 * SIGKILL on cancel and the stderr tail, and a plain spawn gives all three in a few lines). Progress
 * comes from ffmpeg's own `-progress pipe:1` output. On failure the tail of stderr is in the error, for
 * `processing_error`; on abort the process is killed and the promise rejects with `cancelled`. The
 * caller removes its own output files.
 */
export function runFfmpeg(ffmpeg: string, args: readonly string[], options: FfmpegRunOptions = {}): Promise<void> {
  const { signal, durationMs, onProgress } = options;
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(new CoreError('cancelled', 'Cancelled.'));
    const child = spawn(ffmpeg, ['-hide_banner', '-nostdin', '-y', '-progress', 'pipe:1', '-nostats', ...args], {
      stdio: ['ignore', 'pipe', 'pipe'],
      windowsHide: true,
    });
    let stderr = '';
    let pending = '';
    child.stderr.setEncoding('utf8');
    child.stderr.on('data', (chunk: string) => {
      stderr = (stderr + chunk).slice(-STDERR_TAIL);
    });
    child.stdout.setEncoding('utf8');
    child.stdout.on('data', (chunk: string) => {
      pending += chunk;
      const lines = pending.split('\n');
      pending = lines.pop() ?? '';
      for (const line of lines) {
        // out_time_us (and the misnamed out_time_ms, also microseconds) say how far the output is.
        const m = /^out_time_(?:us|ms)=(\d+)/.exec(line);
        if (m && durationMs && onProgress) onProgress(Math.min(1, Number(m[1]) / 1000 / durationMs));
      }
    });
    const abort = () => child.kill('SIGKILL');
    signal?.addEventListener('abort', abort, { once: true });
    child.on('error', (error) => {
      signal?.removeEventListener('abort', abort);
      reject(
        (error as NodeJS.ErrnoException).code === 'ENOENT'
          ? new CoreError('ffmpeg-missing', `ffmpeg could not be started (${ffmpeg}). Install ffmpeg, or set FFMPEG_PATH.`)
          : new CoreError('ffmpeg-failed', `ffmpeg could not be started: ${error.message}`),
      );
    });
    child.on('close', (code, killedBy) => {
      signal?.removeEventListener('abort', abort);
      if (signal?.aborted) return reject(new CoreError('cancelled', 'Cancelled.'));
      if (code === 0) {
        onProgress?.(1);
        return resolve();
      }
      reject(new CoreError('ffmpeg-failed', ffmpegFailure(stderr, code, killedBy)));
    });
  });
}

/** A message for a person, ending with the lines of stderr that say what went wrong. */
export function ffmpegFailure(stderr: string, code: number | null, signal: NodeJS.Signals | null): string {
  const tail = stderr.trim().split('\n').slice(-6).join('\n');
  const how = signal ? `was stopped (${signal})` : `failed (exit code ${code})`;
  return `ffmpeg ${how}${tail ? `:\n${tail}` : '.'}`;
}
