import type { ComponentType, SVGProps } from 'react';
import type { SyncStatus } from '../../src-shared/contract/sync';
import { errorMessage } from '../api/client';
import { AlertIcon, ArrowUpIcon, CloudCheckIcon, CloudIcon, CloudOffIcon, PauseIcon, SyncIcon } from '../components/icons';
import { ProgressBar } from '../components/progress';
import { plural, relativeTime } from '../lib/format';
import { useNow } from '../lib/use-now';
import { syncHeadline, syncPercent, useSyncStore } from '../stores/sync-store';
import { routeHash, useUiStore } from '../stores/ui-store';

const ICONS: Record<SyncStatus['state'], ComponentType<SVGProps<SVGSVGElement>>> = {
  off: CloudIcon,
  idle: CloudCheckIcon,
  syncing: SyncIcon,
  offline: CloudOffIcon,
  paused: PauseIcon,
  error: AlertIcon,
};

/**
 * Where sync stands, always in the sidebar's foot: quiet when all is well, numbers while it works,
 * the next try when offline, a Retry when it failed. It opens the sync panel.
 */
export function SyncIndicator() {
  const status = useSyncStore((s) => s.status);
  const loadError = useSyncStore((s) => s.loadError);
  const receivedAt = useSyncStore((s) => s.receivedAt);
  const syncNow = useSyncStore((s) => s.syncNow);
  const clock = useUiStore((s) => s.now);
  const route = useUiStore((s) => s.route);
  const navigate = useUiStore((s) => s.navigate);
  const toast = useUiStore((s) => s.toast);
  const counting = status?.retryAt != null;
  const ticked = useNow(counting);
  const now = Math.max(ticked, clock, receivedAt);

  const state = status?.state ?? 'off';
  const Icon = ICONS[state];
  const { title, detail } = status
    ? syncHeadline(status, now, (iso) => relativeTime(iso, now))
    : { title: loadError ? 'Sync status unavailable' : 'Checking sync…', detail: '' };
  const pending = status && status.state !== 'off' ? status.pending : 0;
  const pct = status ? syncPercent(status) : null;
  const pendingWords = `${plural(pending, 'change')} waiting`;
  // Numbers that tick (bytes, a countdown) are shown but not announced; the title and the count are.
  const ticking = state === 'syncing' || state === 'offline';

  return (
    <div className={`sync-indicator is-${state}`} data-testid="sync-indicator" data-state={state} data-pending={pending}>
      <a
        href={routeHash({ name: 'sync' })}
        className="sync-indicator-main"
        aria-current={route.name === 'sync' ? 'page' : undefined}
        title={[title, detail, pending > 0 ? pendingWords : ''].filter(Boolean).join('\n')}
        onClick={(event) => {
          event.preventDefault();
          navigate({ name: 'sync' });
        }}
      >
        <Icon className="sync-indicator-icon" />
        <span className="sync-indicator-body">
          <span className="sync-indicator-line">
            <span className="sync-indicator-text" role="status" aria-live="polite">
              {title}
              {state === 'error' ? <span className="visually-hidden">: {detail}</span> : null}
              {pending > 0 && <span className="visually-hidden">, {pendingWords}</span>}
              <span className="visually-hidden">. Open the sync panel.</span>
            </span>
            {pending > 0 && (
              <span className="sync-badge" data-testid="sync-pending" aria-hidden="true">
                <ArrowUpIcon className="sync-badge-arrow" width={10} height={10} strokeWidth={2.6} />
                {pending > 99 ? '99+' : pending}
              </span>
            )}
          </span>
          {detail && (
            <span className="sync-indicator-detail" aria-hidden={ticking || state === 'error' ? true : undefined}>
              {detail}
            </span>
          )}
        </span>
      </a>
      {state === 'syncing' && <ProgressBar className="sync-indicator-progress" value={pct} label={title} />}
      {state === 'error' && (
        <button type="button" className="button button-small sync-indicator-retry" onClick={() => void syncNow().catch((e: unknown) => toast(errorMessage(e), 'error'))}>
          Retry
        </button>
      )}
    </div>
  );
}
