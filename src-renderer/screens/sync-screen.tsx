import { useEffect, useState } from 'react';
import type { SyncStatus } from '../../src-shared/contract/sync';
import { errorMessage } from '../api/client';
import { ListPanel } from '../components/panel';
import { ProgressBar } from '../components/progress';
import { EmptyState, ErrorState, Skeleton } from '../components/states';
import { RelativeTime } from '../components/time';
import { CloudIcon } from '../components/icons';
import { formatBytes, plural, relativeTime } from '../lib/format';
import { useNow } from '../lib/use-now';
import { entityWords, shortId, syncHeadline, syncPercent, SYNC_PHASE_WORDS, useSyncStore } from '../stores/sync-store';
import { useUiStore } from '../stores/ui-store';

/** What sync is doing and waiting for, what failed and why; Pause/Resume and Sync now. */
export function SyncScreen() {
  const status = useSyncStore((s) => s.status);
  const loadError = useSyncStore((s) => s.loadError);
  const load = useSyncStore((s) => s.load);

  useEffect(() => {
    void load();
  }, [load]);

  return (
    <main className="screen" tabIndex={-1} aria-labelledby="sync-title" data-testid="sync-screen">
      <header className="screen-header">
        <h1 id="sync-title" className="screen-title">
          Sync
        </h1>
        {status && status.state !== 'off' && <SyncActions status={status} />}
      </header>
      <div className="screen-body sync-page">
        {!status && loadError ? (
          <ErrorState title="Sync status didn’t load" message={loadError} onRetry={() => void load()} />
        ) : !status ? (
          <div aria-busy="true" aria-label="Loading sync status">
            <Skeleton className="skeleton-line w-60" />
          </div>
        ) : status.state === 'off' ? (
          <NotSignedIn />
        ) : (
          <SyncDetails status={status} />
        )}
      </div>
    </main>
  );
}

function NotSignedIn() {
  const navigate = useUiStore((s) => s.navigate);
  return (
    <EmptyState
      title="Not syncing"
      icon={<CloudIcon width={32} height={32} />}
      action={
        <button type="button" className="button button-primary" onClick={() => navigate({ name: 'settings' })}>
          Set up sync in Settings
        </button>
      }
    >
      <p>Your work stays on this computer. Sign in to a cloud to share exercises and feedback, and to use this profile on another computer.</p>
    </EmptyState>
  );
}

/** Pause or Resume, and Sync now (not while paused: resuming syncs at once). */
function SyncActions({ status }: { status: SyncStatus }) {
  const syncNow = useSyncStore((s) => s.syncNow);
  const pause = useSyncStore((s) => s.pause);
  const resume = useSyncStore((s) => s.resume);
  const toast = useUiStore((s) => s.toast);
  const [busy, setBusy] = useState(false);
  const paused = status.state === 'paused';

  async function run(action: () => Promise<void>) {
    setBusy(true);
    try {
      await action();
    } catch (e) {
      toast(errorMessage(e), 'error');
    } finally {
      setBusy(false);
    }
  }

  return (
    <div className="toolbar">
      <button type="button" className="button" onClick={() => void run(paused ? resume : pause)} disabled={busy}>
        {paused ? 'Resume' : 'Pause'}
      </button>
      <button type="button" className="button button-primary" onClick={() => void run(syncNow)} disabled={busy || paused || status.state === 'syncing'}>
        Sync now
      </button>
    </div>
  );
}

function SyncDetails({ status }: { status: SyncStatus }) {
  return (
    <div className="sync-grid">
      <StatePanel status={status} />
      <AccountPanel status={status} />
      <ListPanel titleId="sync-waiting-title" title="Waiting to sync" count={status.pending} className="sync-panel">
        {status.pending === 0 ? (
          <p className="panel-empty" data-testid="sync-waiting">
            Nothing waiting. Every change here is in the cloud.
          </p>
        ) : (
          <p className="sync-waiting" data-testid="sync-waiting">
            {plural(status.pending, 'change')} on this computer {status.pending === 1 ? 'is' : 'are'} not in the cloud yet.
            {status.state === 'paused' ? ' They go when you resume.' : status.state === 'offline' ? ' They go when you’re back online.' : ''}
          </p>
        )}
      </ListPanel>
      <ListPanel titleId="sync-failures-title" title="Problems" count={status.failures.length} className="sync-panel">
        {status.failures.length === 0 ? (
          <p className="panel-empty" data-testid="sync-failures-empty">
            No problems. Nothing was refused.
          </p>
        ) : (
          <ul className="sync-failures" data-testid="sync-failures">
            {status.failures.map((f) => (
              <li key={`${f.entity}:${f.id}`} className="sync-failure">
                <span className="sync-failure-what">
                  {entityWords(f.entity)}{' '}
                  <span className="sync-id" title={f.id}>
                    {shortId(f.id)}
                  </span>
                </span>
                <span className="sync-failure-state">{f.state === 'conflict' ? 'Conflict' : 'Refused by the cloud'}</span>
                <span className="sync-failure-reason">{f.message || 'No reason was given.'}</span>
              </li>
            ))}
          </ul>
        )}
      </ListPanel>
      {status.notices.length > 0 && (
        <ListPanel titleId="sync-notices-title" title="Notices" count={status.notices.length} className="sync-panel">
          <ul className="sync-notices" data-testid="sync-notices">
            {status.notices.map((n, i) => (
              <li key={`${i}:${n}`}>{n}</li>
            ))}
          </ul>
        </ListPanel>
      )}
    </div>
  );
}

function StatePanel({ status }: { status: SyncStatus }) {
  const clock = useUiStore((s) => s.now);
  const receivedAt = useSyncStore((s) => s.receivedAt);
  const rate = useSyncStore((s) => s.rate);
  const ticked = useNow(status.retryAt !== null);
  const now = Math.max(ticked, clock, receivedAt);
  const { title, detail } = syncHeadline(status, now, (iso) => relativeTime(iso, now));
  const p = status.state === 'syncing' ? status.progress : null;
  const pct = syncPercent(status);

  return (
    <section className={`panel sync-panel sync-state is-${status.state}`} aria-labelledby="sync-state-title" data-testid="sync-state">
      <h2 id="sync-state-title" className="panel-title">
        Now
      </h2>
      <p className="sync-state-title">{title}</p>
      {status.state === 'syncing' && (
        <>
          <ProgressBar value={pct} label={title} />
          <p className="sync-state-detail">
            {p ? SYNC_PHASE_WORDS[p.phase] : 'Starting'}
            {p && p.total > 0 ? ` — ${p.done} of ${p.total} done` : ''}
            {p && p.bytesTotal > 0 ? ` · ${formatBytes(p.bytesDone)} of ${formatBytes(p.bytesTotal)}` : ''}
            {rate !== null && rate > 0 ? ` · ${formatBytes(Math.round(rate))}/s` : ''}
          </p>
        </>
      )}
      {status.state !== 'syncing' && detail && <p className={status.state === 'error' ? 'sync-state-detail is-error' : 'sync-state-detail'}>{detail}</p>}
      <p className="sync-state-last">
        {status.lastSyncedAt ? <RelativeTime iso={status.lastSyncedAt} prefix="Last synced " /> : 'Not synced yet'}
      </p>
    </section>
  );
}

function AccountPanel({ status }: { status: SyncStatus }) {
  const navigate = useUiStore((s) => s.navigate);
  return (
    <section className="panel sync-panel" aria-labelledby="sync-account-title">
      <h2 id="sync-account-title" className="panel-title">
        Account
      </h2>
      {status.account ? (
        <dl className="details" data-testid="sync-account">
          <div className="details-row">
            <dt>Cloud</dt>
            <dd>{status.account.cloudUrl}</dd>
          </div>
          <div className="details-row">
            <dt>Username</dt>
            <dd>@{status.account.username}</dd>
          </div>
        </dl>
      ) : (
        <p className="settings-quiet">Signed in.</p>
      )}
      <button type="button" className="link-button sync-manage" onClick={() => navigate({ name: 'settings' })}>
        Manage in Settings
      </button>
    </section>
  );
}
