import { CloudOffIcon } from '../components/icons';

/**
 * Where sync stands. Sync arrives later: until then work is kept on this computer, said quietly.
 * States to come: synced ✓, syncing n of m (with a thin bar), paused, error.
 */
export function SyncIndicator() {
  const text = 'Offline — changes are kept on this computer';
  return (
    <div className="sync-indicator" role="status" data-testid="sync-indicator" data-state="offline" title={text}>
      <CloudOffIcon className="sync-indicator-icon" />
      <span className="sync-indicator-text">{text}</span>
    </div>
  );
}
