import type { JobInfo } from '../../../src-shared/contract/media';
import { CoreError } from '../errors';
import { isoNow, newId } from '../db/time';

export type JobKind = JobInfo['kind'];

/** What a running job may do: see whether it was cancelled, and say how far it is. */
export interface JobContext {
  readonly id: string;
  readonly signal: AbortSignal;
  progress(phase: string, done: number, total: number): void;
  /** Names the asset the job works on, once it is known. */
  setAsset(assetId: string): void;
}

const PROGRESS_INTERVAL_MS = 100;
/** Finished jobs stay listed for a while, so a tray opened late still shows what happened. */
const KEEP_FINISHED = 50;

interface Entry {
  info: JobInfo;
  controller: AbortController;
  lastSent: number;
  pending: ReturnType<typeof setTimeout> | null;
}

/**
 * Long work as jobs: each has an id, an AbortSignal, and progress events throttled to about ten a second
 * (`{jobId, phase, done, total}` in the shape of JobInfo). A job's failure is a result, not a crash:
 * `run` resolves with the job's value or rejects with its error, and the job's final state is emitted.
 */
export class JobRunner {
  private readonly jobs = new Map<string, Entry>();

  constructor(
    private readonly emit: (event: 'job.progress' | 'job.done', info: JobInfo) => void,
    private readonly now: () => number = Date.now,
    /** Where a job's unexpected failure (not a CoreError, not a cancel) is written, with its stack. */
    private readonly log: (message: string, error: unknown) => void = () => undefined,
  ) {}

  /** Starts a job; returns its info at once and the promise of its result. */
  start<T>(kind: JobKind, label: string, work: (ctx: JobContext) => Promise<T>): { info: JobInfo; result: Promise<T> } {
    const entry: Entry = {
      info: { id: newId(), kind, label, phase: 'starting', done: 0, total: 1, state: 'running', error: null, assetId: null, startedAt: isoNow(this.now()) },
      controller: new AbortController(),
      lastSent: 0,
      pending: null,
    };
    this.jobs.set(entry.info.id, entry);
    this.trim();
    const ctx: JobContext = {
      id: entry.info.id,
      signal: entry.controller.signal,
      progress: (phase, done, total) => {
        entry.info = { ...entry.info, phase, done, total };
        this.sendProgress(entry);
      },
      setAsset: (assetId) => {
        entry.info = { ...entry.info, assetId };
      },
    };
    const result = (async () => {
      try {
        const value = await work(ctx);
        this.finish(entry, 'done', null);
        return value;
      } catch (error) {
        const cancelled = entry.controller.signal.aborted;
        const shape =
          error instanceof CoreError
            ? { code: error.code, message: error.message }
            : cancelled
              ? { code: 'cancelled' as const, message: 'Cancelled.' }
              : { code: 'internal' as const, message: 'Something went wrong on our side; nothing was kept.' };
        if (!(error instanceof CoreError) && !cancelled) this.log(`job ${kind} “${label}” failed unexpectedly`, error);
        this.finish(entry, cancelled ? 'cancelled' : 'failed', shape);
        throw error instanceof CoreError ? error : cancelled ? new CoreError('cancelled', 'Cancelled.') : error;
      }
    })();
    // Nobody may be awaiting a background job: its failure is reported by event, never as an unhandled rejection.
    result.catch(() => undefined);
    this.emit('job.progress', entry.info);
    return { info: entry.info, result };
  }

  list(): JobInfo[] {
    return [...this.jobs.values()].map((e) => e.info);
  }

  cancel(id: string): boolean {
    const entry = this.jobs.get(id);
    if (!entry || entry.info.state !== 'running') return false;
    entry.controller.abort(new CoreError('cancelled', 'Cancelled.'));
    return true;
  }

  /** Cancels every running job (profile switch, quit) and waits for none of them. */
  cancelAll(): void {
    for (const entry of this.jobs.values()) if (entry.info.state === 'running') entry.controller.abort(new CoreError('cancelled', 'Cancelled.'));
  }

  running(): number {
    return [...this.jobs.values()].filter((e) => e.info.state === 'running').length;
  }

  private sendProgress(entry: Entry): void {
    const wait = entry.lastSent + PROGRESS_INTERVAL_MS - this.now();
    if (wait <= 0) {
      entry.lastSent = this.now();
      this.emit('job.progress', entry.info);
    } else if (!entry.pending) {
      entry.pending = setTimeout(() => {
        entry.pending = null;
        if (entry.info.state !== 'running') return;
        entry.lastSent = this.now();
        this.emit('job.progress', entry.info);
      }, wait);
      entry.pending.unref?.();
    }
  }

  private finish(entry: Entry, state: JobInfo['state'], error: JobInfo['error']): void {
    if (entry.pending) clearTimeout(entry.pending);
    entry.pending = null;
    entry.info = { ...entry.info, state, error, done: state === 'done' ? entry.info.total : entry.info.done };
    this.emit('job.done', entry.info);
  }

  private trim(): void {
    const finished = [...this.jobs.values()].filter((e) => e.info.state !== 'running');
    for (const entry of finished.slice(0, Math.max(0, finished.length - KEEP_FINISHED))) this.jobs.delete(entry.info.id);
  }
}
