import { useMemo, useState } from 'react';
import type { JobInfo } from '../../src-shared/contract/media';
import { errorMessage } from '../api/client';
import { AlertIcon, ChevronIcon, CloseIcon } from '../components/icons';
import { ProgressBar } from '../components/progress';
import { percent, plural } from '../lib/format';
import { useAssetsStore } from '../stores/assets-store';
import { jobTitle, phaseWords, trayRows, useJobsStore, type TrayRow } from '../stores/jobs-store';
import { useUiStore } from '../stores/ui-store';

/** Running imports, processing, clips and recordings, with progress and Cancel; failures until dismissed. */
export function JobsTray() {
  const jobs = useJobsStore((s) => s.jobs);
  const order = useJobsStore((s) => s.order);
  const dismissed = useJobsStore((s) => s.dismissed);
  const batches = useJobsStore((s) => s.batches);
  const rows = useMemo(() => trayRows({ jobs, order, dismissed, batches }), [jobs, order, dismissed, batches]);
  const [collapsed, setCollapsed] = useState(false);

  if (rows.length === 0) return null;
  const failed = rows.filter((r) => r.type === 'failed').length;
  const running = rows.length - failed;
  const summary = [running ? `${plural(running, 'job')} running` : '', failed ? `${failed} failed` : ''].filter(Boolean).join(' · ');

  return (
    <section className={collapsed ? 'jobs-tray is-collapsed' : 'jobs-tray'} aria-label="Jobs" data-testid="jobs-tray">
      <header className="jobs-tray-header">
        <span className="jobs-tray-summary" aria-live="polite">
          {summary}
        </span>
        <button
          type="button"
          className="icon-button"
          aria-expanded={!collapsed}
          aria-label={collapsed ? 'Show jobs' : 'Hide jobs'}
          title={collapsed ? 'Show jobs' : 'Hide jobs'}
          onClick={() => setCollapsed(!collapsed)}
        >
          <ChevronIcon className={collapsed ? 'chevron is-up' : 'chevron'} width={18} height={18} />
        </button>
      </header>
      {!collapsed && (
        <ul className="jobs-tray-list">
          {rows.map((row) => (
            <li key={row.key} className={row.type === 'failed' ? 'job-row is-failed' : 'job-row'} data-testid="job-row" data-state={row.type === 'failed' ? 'failed' : 'running'}>
              <JobRow row={row} />
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

function JobRow({ row }: { row: TrayRow }) {
  const cancel = useJobsStore((s) => s.cancel);
  const cancelBatch = useJobsStore((s) => s.cancelBatch);
  const dismiss = useJobsStore((s) => s.dismiss);

  if (row.type === 'failed') return <FailedRow job={row.job} onDismiss={() => dismiss(row.job.id)} />;

  const pct = percent(row.fraction, 1);
  const title = row.type === 'batch' ? `Importing ${row.position} of ${row.total} — ${pct} %` : jobTitle(row.job);
  const detail = row.type === 'batch' ? [row.phase, row.current].filter(Boolean).join(' · ') : `${phaseWords(row.job.phase)} — ${pct} %`;
  const cancellable = row.type === 'batch' || row.cancellable;
  return (
    <>
      <div className="job-text">
        <span className="job-title" title={title}>
          {title}
        </span>
        <span className="job-detail" title={detail}>
          {detail}
        </span>
      </div>
      {cancellable && (
        <button
          type="button"
          className="button button-small button-quiet job-cancel"
          onClick={() => void (row.type === 'batch' ? cancelBatch(row.batchId) : cancel(row.job.id))}
          aria-label={`Cancel: ${title}`}
        >
          Cancel
        </button>
      )}
      <ProgressBar className="job-progress" value={pct} label={title} />
    </>
  );
}

const FAILED_TITLE: Record<JobInfo['kind'], (label: string) => string> = {
  import: (label) => `Couldn’t import ${label}`,
  process: (label) => `Couldn’t prepare ${label}`,
  validate: (label) => `Couldn’t check ${label}`,
  clip: (label) => `Couldn’t cut a clip of ${label}`,
  recording: () => 'Couldn’t save your recording',
  export: (label) => `Couldn’t export ${label}`,
};

function FailedRow({ job, onDismiss }: { job: JobInfo; onDismiss(): void }) {
  const reprocess = useAssetsStore((s) => s.reprocess);
  const toast = useUiStore((s) => s.toast);
  const title = FAILED_TITLE[job.kind](job.label);
  const canRetry = job.kind === 'process' && job.assetId !== null;

  async function retry() {
    if (!job.assetId) return;
    try {
      await reprocess(job.assetId);
      onDismiss();
    } catch (e) {
      toast(errorMessage(e), 'error');
    }
  }

  return (
    <>
      <AlertIcon className="job-failed-icon" width={18} height={18} />
      <div className="job-text">
        <span className="job-title">{title}</span>
        <span className="job-error" role="alert">
          {job.error?.message ?? 'It stopped before it finished.'}
        </span>
        {canRetry && (
          <button type="button" className="link-button job-retry" onClick={() => void retry()}>
            Try again
          </button>
        )}
      </div>
      <button type="button" className="icon-button job-dismiss" aria-label={`Dismiss: ${title}`} title="Dismiss" onClick={onDismiss}>
        <CloseIcon width={16} height={16} />
      </button>
    </>
  );
}
