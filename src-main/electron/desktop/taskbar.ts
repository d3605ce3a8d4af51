import type { JobInfo } from '../../../src-shared/contract/media';

type JobProgress = Pick<JobInfo, 'id' | 'state' | 'done' | 'total'>;

/**
 * The taskbar/Dock progress for `jobs`: the mean fraction done of the running ones (a job without a
 * known total counts as not started), or -1 — which removes the bar — when none is running.
 */
export function taskbarProgress(jobs: Iterable<JobProgress>): number {
  let running = 0;
  let sum = 0;
  for (const job of jobs) {
    if (job.state !== 'running') continue;
    running++;
    sum += job.total > 0 ? Math.min(Math.max(job.done / job.total, 0), 1) : 0;
  }
  return running === 0 ? -1 : sum / running;
}

/** The jobs known from job.progress and job.done events: a finished job leaves the list. */
export function createJobTracker() {
  const jobs = new Map<string, JobProgress>();
  return {
    update(job: JobProgress): number {
      if (job.state === 'running') jobs.set(job.id, job);
      else jobs.delete(job.id);
      return taskbarProgress(jobs.values());
    },
    progress: (): number => taskbarProgress(jobs.values()),
  };
}

/** Where the unread-feedback badge is shown: macOS's Dock and Linux launchers (Unity); Windows has no count badge. */
export const showsBadgeCount = (platform: NodeJS.Platform): boolean => platform === 'darwin' || platform === 'linux';

/**
 * Whether new feedback deserves an OS notification: only when the unread count grows (sync brought
 * something), not when it falls (the user read it) or at start (the badge already shows it).
 */
export function feedbackNotice(previous: number | null, next: number): { title: string; body: string } | null {
  if (previous === null || next <= previous) return null;
  const added = next - previous;
  return { title: 'New feedback', body: added === 1 ? 'You have new feedback on your work.' : `You have ${added} new pieces of feedback.` };
}
