import { useState } from 'react';
import { errorMessage } from '../api/client';
import { RecordIcon } from '../components/icons';
import { exactTime, formatBytes } from '../lib/format';
import { useRecordingsStore, type RecoverableRecording } from '../stores/recordings-store';
import { useUiStore } from '../stores/ui-store';

/** How a recording's start reads in the banner: "24 Nov 2025, 14:05". */
function when(iso: string): string {
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? 'earlier' : date.toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'short' });
}

/** Takes cut short by a crash, offered calmly: recover them into the library, or let them go. */
export function RecoveryBanner() {
  const recoverable = useRecordingsStore((s) => s.recoverable);
  if (recoverable.length === 0) return null;
  return (
    <div className="banners">
      {recoverable.slice(0, 3).map((r) => (
        <RecoveryRow key={r.id} recording={r} />
      ))}
    </div>
  );
}

function RecoveryRow({ recording }: { recording: RecoverableRecording }) {
  const busy = useRecordingsStore((s) => s.busy);
  const recover = useRecordingsStore((s) => s.recover);
  const discard = useRecordingsStore((s) => s.discard);
  const toast = useUiStore((s) => s.toast);
  const navigate = useUiStore((s) => s.navigate);
  const [confirmDiscard, setConfirmDiscard] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const working = busy === recording.id;

  async function doRecover() {
    setError(null);
    try {
      const asset = await recover(recording.id);
      toast('Your recording was recovered. It’s in your library.');
      navigate({ name: 'asset', id: asset.id });
    } catch (e) {
      setError(errorMessage(e));
    }
  }

  async function doDiscard() {
    setError(null);
    try {
      await discard(recording.id);
    } catch (e) {
      setError(errorMessage(e));
    }
  }

  return (
    <div className="banner" role="region" aria-label="Unfinished recording" data-testid="recovery-banner">
      <RecordIcon className="banner-icon" />
      <p className="banner-text">
        An unfinished recording from{' '}
        <time dateTime={recording.startedAt} title={exactTime(recording.startedAt)}>
          {when(recording.startedAt)}
        </time>{' '}
        was found ({formatBytes(recording.bytes)} saved).
        {error && (
          <span className="banner-error" role="alert">
            {' '}
            {error}
          </span>
        )}
      </p>
      <div className="banner-actions">
        {confirmDiscard ? (
          <>
            <span className="banner-confirm">Throw it away for good?</span>
            <button type="button" className="button button-small" onClick={() => setConfirmDiscard(false)} disabled={working}>
              Keep it
            </button>
            <button type="button" className="button button-small button-danger" onClick={() => void doDiscard()} disabled={working}>
              Discard
            </button>
          </>
        ) : (
          <>
            <button type="button" className="button button-small button-primary" onClick={() => void doRecover()} disabled={working}>
              {working ? 'Recovering…' : 'Recover'}
            </button>
            <button type="button" className="button button-small button-quiet" onClick={() => setConfirmDiscard(true)} disabled={working}>
              Discard
            </button>
          </>
        )}
      </div>
    </div>
  );
}
