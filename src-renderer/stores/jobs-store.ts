import { create } from 'zustand';
import type { JobInfo } from '../../src-shared/contract/media';
import { call, errorMessage, isApiError } from '../api/client';

/**
 * Files the user imported together: the tray shows them as one row ("Importing 2 of 5 — 41 %")
 * rather than five. A batch knows its size before any job exists, since bytes are sent one file at a
 * time (the web host) and each job starts only once its file has arrived.
 */
export interface ImportBatch {
  id: number;
  /** Files in the batch. */
  total: number;
  /** Jobs started for it so far. */
  jobIds: string[];
  /** Files refused before a job could start (counted as finished; each shows as a failed row). */
  refused: number;
  /** The file whose bytes are being read and sent right now, if any. */
  sending: string | null;
}

interface JobsState {
  /** Every job seen this session, by id (finished ones are kept a while, so a late waiter still finds them). */
  jobs: Record<string, JobInfo>;
  /** Ids in the order the jobs started. */
  order: string[];
  /** Failed jobs the user has dismissed. */
  dismissed: string[];
  batches: ImportBatch[];
  nextBatchId: number;
  nextLocalId: number;

  /** Loads what main is already working on (a window opened late, a reload). */
  load(): Promise<void>;
  /** A job moved or ended (from job.progress / job.done, or a channel's answer). */
  apply(info: JobInfo): void;
  cancel(id: string): Promise<void>;
  cancelBatch(batchId: number): Promise<void>;
  dismiss(id: string): void;
  /** Resolves with the job once it has ended (done, failed or cancelled). */
  waitFor(id: string): Promise<JobInfo>;

  beginBatch(total: number): number;
  addToBatch(batchId: number, info: JobInfo): void;
  setSending(batchId: number, filename: string | null): void;
  /** A file of the batch was refused before a job started: it shows as a failed row with the reason. */
  refuse(batchId: number, filename: string, error: unknown): void;
  reset(): void;
}

/** Finished jobs kept beyond the running and failed ones. */
const KEEP_FINISHED = 100;

const isRunning = (job: JobInfo | undefined) => job?.state === 'running';
const isFinished = (job: JobInfo | undefined) => job !== undefined && job.state !== 'running';

type Waiter = (job: JobInfo) => void;

export const useJobsStore = create<JobsState>()((set, get) => {
  // Promises waiting for a job's end live outside the state: they are not something the UI shows.
  const waiters = new Map<string, Waiter[]>();

  function settleWaiters(job: JobInfo): void {
    const list = waiters.get(job.id);
    if (!list) return;
    waiters.delete(job.id);
    for (const resolve of list) resolve(job);
  }

  /** Batches whose every file has finished leave the tray. */
  function withoutFinishedBatches(batches: ImportBatch[], jobs: Record<string, JobInfo>): ImportBatch[] {
    const open = batches.filter((b) => b.sending !== null || b.refused + b.jobIds.filter((id) => isFinished(jobs[id])).length < b.total);
    return open.length === batches.length ? batches : open;
  }

  function prune(jobs: Record<string, JobInfo>, order: string[], dismissed: string[], batches: ImportBatch[]) {
    const inBatch = new Set(batches.flatMap((b) => b.jobIds));
    const shown = (id: string) => isRunning(jobs[id]) || (jobs[id]?.state === 'failed' && !dismissed.includes(id)) || inBatch.has(id);
    const finished = order.filter((id) => !shown(id));
    if (finished.length <= KEEP_FINISHED) return { jobs, order, dismissed };
    const drop = new Set(finished.slice(0, finished.length - KEEP_FINISHED));
    const kept = { ...jobs };
    for (const id of drop) delete kept[id];
    return { jobs: kept, order: order.filter((id) => !drop.has(id)), dismissed: dismissed.filter((id) => !drop.has(id)) };
  }

  function merge(info: JobInfo): void {
    set((s) => {
      const known = s.jobs[info.id];
      // Events and answers can cross: a finished job never goes back to running.
      if (known && isFinished(known) && info.state === 'running') return s;
      const jobs = { ...s.jobs, [info.id]: info };
      const order = known ? s.order : [...s.order, info.id];
      const batches = withoutFinishedBatches(s.batches, jobs);
      return { ...prune(jobs, order, s.dismissed, batches), batches };
    });
    if (isFinished(info)) settleWaiters(info);
  }

  return {
    jobs: {},
    order: [],
    dismissed: [],
    batches: [],
    nextBatchId: 1,
    nextLocalId: 1,

    async load() {
      try {
        const list = await call('jobs.list', {});
        const sorted = [...list].sort((a, b) => a.startedAt.localeCompare(b.startedAt));
        for (const info of sorted) merge(info);
      } catch {
        // The tray fills from events as jobs move; a failed first look leaves it to them.
      }
    },

    apply: merge,

    async cancel(id) {
      try {
        await call('jobs.cancel', { id });
      } catch {
        // A job that ended meanwhile can't be cancelled; its end arrives as an event.
      }
    },

    async cancelBatch(batchId) {
      const batch = get().batches.find((b) => b.id === batchId);
      if (!batch) return;
      await Promise.all(batch.jobIds.filter((id) => isRunning(get().jobs[id])).map((id) => get().cancel(id)));
    },

    dismiss(id) {
      set((s) => ({ dismissed: s.dismissed.includes(id) ? s.dismissed : [...s.dismissed, id] }));
    },

    waitFor(id) {
      const known = get().jobs[id];
      if (known && isFinished(known)) return Promise.resolve(known);
      return new Promise<JobInfo>((resolve) => {
        waiters.set(id, [...(waiters.get(id) ?? []), resolve]);
      });
    },

    beginBatch(total) {
      const id = get().nextBatchId;
      set((s) => ({ nextBatchId: id + 1, batches: [...s.batches, { id, total, jobIds: [], refused: 0, sending: null }] }));
      return id;
    },

    addToBatch(batchId, info) {
      set((s) => ({ batches: s.batches.map((b) => (b.id === batchId && !b.jobIds.includes(info.id) ? { ...b, jobIds: [...b.jobIds, info.id] } : b)) }));
      merge(info);
    },

    setSending(batchId, filename) {
      set((s) => {
        const batches = s.batches.map((b) => (b.id === batchId ? { ...b, sending: filename } : b));
        return { batches: withoutFinishedBatches(batches, s.jobs) };
      });
    },

    refuse(batchId, filename, error) {
      const localId = get().nextLocalId;
      const message = isApiError(error, 'too-large') ? `“${filename}” is too large to import this way.` : errorMessage(error);
      const info: JobInfo = {
        id: `local-${localId}`,
        kind: 'import',
        label: filename,
        phase: 'starting',
        done: 0,
        total: 1,
        state: 'failed',
        error: { code: isApiError(error) ? error.code : 'internal', message },
        assetId: null,
        startedAt: new Date().toISOString(),
      };
      set((s) => ({ nextLocalId: localId + 1, batches: s.batches.map((b) => (b.id === batchId ? { ...b, refused: b.refused + 1 } : b)) }));
      merge(info);
    },

    reset() {
      waiters.clear();
      set({ jobs: {}, order: [], dismissed: [], batches: [] });
    },
  };
});

/** What each phase is called in the tray. */
const PHASE_WORDS: Record<string, string> = {
  starting: 'Starting',
  checking: 'Checking',
  copying: 'Copying',
  poster: 'Making poster',
  filmstrip: 'Making filmstrip',
  proxy: 'Making proxy',
  cutting: 'Cutting',
  repairing: 'Repairing recording',
  done: 'Finishing',
  reading: 'Reading file',
  exporting: 'Exporting',
  saving: 'Saving',
};

export function phaseWords(phase: string): string {
  return PHASE_WORDS[phase] ?? phase.charAt(0).toUpperCase() + phase.slice(1);
}

/** What a job is doing, in a few words: "Importing forehand.mp4". */
export function jobTitle(job: Pick<JobInfo, 'kind' | 'label'>): string {
  switch (job.kind) {
    case 'import':
      return `Importing ${job.label}`;
    case 'process':
      return `Preparing ${job.label}`;
    case 'validate':
      return `Checking ${job.label}`;
    case 'clip':
      return `Cutting a clip of ${job.label}`;
    case 'recording':
      return 'Saving your recording';
    case 'export':
      return `Exporting ${job.label}`;
  }
}

/** How far a job is, 0..1. */
export function jobFraction(job: JobInfo): number {
  if (job.state !== 'running') return 1;
  return job.total > 0 ? Math.max(0, Math.min(1, job.done / job.total)) : 0;
}

export type TrayRow =
  | { type: 'batch'; key: string; batchId: number; position: number; total: number; fraction: number; current: string; phase: string }
  | { type: 'job'; key: string; job: JobInfo; fraction: number; cancellable: boolean }
  | { type: 'failed'; key: string; job: JobInfo };

/**
 * The tray's rows: each import batch of several files as one row, then each other running job, then
 * the failed ones (until dismissed). Finished and cancelled jobs leave the tray.
 */
export function trayRows(state: Pick<JobsState, 'jobs' | 'order' | 'dismissed' | 'batches'>): TrayRow[] {
  const rows: TrayRow[] = [];
  const grouped = new Set<string>();
  for (const batch of state.batches) {
    if (batch.total < 2) continue;
    const jobs = batch.jobIds.map((id) => state.jobs[id]).filter((j): j is JobInfo => j !== undefined);
    jobs.forEach((j) => grouped.add(j.id));
    const finished = batch.refused + jobs.filter(isFinished).length;
    const running = jobs.find(isRunning);
    const progress = batch.refused + jobs.reduce((sum, j) => sum + (isFinished(j) ? 1 : jobFraction(j)), 0);
    rows.push({
      type: 'batch',
      key: `batch-${batch.id}`,
      batchId: batch.id,
      position: Math.min(batch.total, finished + 1),
      total: batch.total,
      fraction: Math.min(1, progress / batch.total),
      current: running?.label ?? batch.sending ?? '',
      phase: running ? phaseWords(running.phase) : batch.sending ? 'Reading file' : 'Starting',
    });
  }
  for (const batch of state.batches) {
    // A single file being read and sent has no job yet: it still shows, so nothing seems stuck.
    if (batch.total === 1 && batch.sending && batch.jobIds.length === 0) {
      rows.push({
        type: 'job',
        key: `batch-${batch.id}`,
        job: { id: `batch-${batch.id}`, kind: 'import', label: batch.sending, phase: 'reading', done: 0, total: 1, state: 'running', error: null, assetId: null, startedAt: '' },
        fraction: 0,
        cancellable: false,
      });
    }
  }
  for (const id of state.order) {
    const job = state.jobs[id];
    if (job?.state === 'running' && !grouped.has(id)) rows.push({ type: 'job', key: id, job, fraction: jobFraction(job), cancellable: true });
  }
  for (const id of state.order) {
    const job = state.jobs[id];
    if (job?.state === 'failed' && !state.dismissed.includes(id)) rows.push({ type: 'failed', key: id, job });
  }
  return rows;
}

/** The running clip job cutting from this video, if any (its label starts with the video's name). */
export function runningClipJob(jobs: Record<string, JobInfo>, order: readonly string[], filename: string): JobInfo | null {
  for (let i = order.length - 1; i >= 0; i--) {
    const job = jobs[order[i] ?? ''];
    if (job?.kind === 'clip' && job.state === 'running' && job.label.startsWith(`${filename} `)) return job;
  }
  return null;
}

/** The running job working on this asset (processing, checking), if any. */
export function runningJobFor(jobs: Record<string, JobInfo>, order: readonly string[], assetId: string, kinds: readonly JobInfo['kind'][]): JobInfo | null {
  for (let i = order.length - 1; i >= 0; i--) {
    const job = jobs[order[i] ?? ''];
    if (job?.state === 'running' && job.assetId === assetId && kinds.includes(job.kind)) return job;
  }
  return null;
}
