import { describe, expect, it } from 'vitest';
import type { JobInfo } from '../../../src-shared/contract/media';
import { CoreError } from '../../../src-main/core/errors';
import { JobRunner } from '../../../src-main/core/jobs/job-runner';

function runner() {
  const events: { event: string; info: JobInfo }[] = [];
  const jobs = new JobRunner((event, info) => events.push({ event, info }));
  return { jobs, events };
}
const tick = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('JobRunner', () => {
  it('throttles progress to about ten events a second per job, and always sends the last state', async () => {
    const { jobs, events } = runner();
    const { result } = jobs.start('import', 'big.mov', async (ctx) => {
      for (let i = 0; i <= 1000; i++) {
        ctx.progress('copying', i, 1000);
        if (i % 100 === 0) await tick(10);
      }
      return 'ok';
    });
    await expect(result).resolves.toBe('ok');
    const progress = events.filter((e) => e.event === 'job.progress');
    // 1001 progress calls over ~100 ms: a handful of events, not a thousand.
    expect(progress.length).toBeLessThan(6);
    expect(events.at(-1)).toMatchObject({ event: 'job.done', info: { state: 'done', done: 1000, total: 1000, phase: 'copying' } });
  });

  it('a cancelled job ends as cancelled, its work sees the abort, and its promise rejects with cancelled', async () => {
    const { jobs, events } = runner();
    let sawAbort = false;
    const { info, result } = jobs.start('process', 'clip.mp4', (ctx) =>
      new Promise((_resolve, reject) => {
        ctx.signal.addEventListener('abort', () => {
          sawAbort = true;
          reject(new Error('killed'));
        });
      }),
    );
    expect(jobs.cancel(info.id)).toBe(true);
    await expect(result).rejects.toMatchObject({ code: 'cancelled' });
    expect(sawAbort).toBe(true);
    expect(events.at(-1)?.info).toMatchObject({ state: 'cancelled', error: { code: 'cancelled' } });
    expect(jobs.cancel(info.id)).toBe(false);
  });

  it('a failed job keeps the error for people (a CoreError as it is; anything else as internal, without details)', async () => {
    const { jobs, events } = runner();
    await expect(jobs.start('clip', 'a', async () => { throw new CoreError('ffmpeg-failed', 'ffmpeg failed (exit code 1):\nInvalid data'); }).result).rejects.toThrow();
    await expect(jobs.start('clip', 'b', async () => { throw new TypeError('x is undefined'); }).result).rejects.toThrow(TypeError);
    const done = events.filter((e) => e.event === 'job.done').map((e) => e.info.error);
    expect(done).toEqual([
      { code: 'ffmpeg-failed', message: 'ffmpeg failed (exit code 1):\nInvalid data' },
      { code: 'internal', message: expect.not.stringContaining('undefined') },
    ]);
  });

  it('lists running and recently finished jobs, and counts the running ones', async () => {
    const { jobs } = runner();
    let release!: () => void;
    const blocked = jobs.start('validate', 'all', () => new Promise<void>((r) => (release = r)));
    await jobs.start('import', 'quick', async () => undefined).result;
    expect(jobs.running()).toBe(1);
    expect(jobs.list().map((j) => [j.label, j.state])).toEqual([['all', 'running'], ['quick', 'done']]);
    release();
    await blocked.result;
    expect(jobs.running()).toBe(0);
  });
});
