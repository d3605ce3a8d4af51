import { useState } from 'react';
import type { MediaAsset } from '../../src-shared/domain';
import { errorMessage } from '../api/client';
import { useNow } from '../lib/use-now';
import { useSyncStore } from '../stores/sync-store';
import { DownloadIcon } from './icons';

/** A download asked for that has not landed after this long is offered again (a failed one says nothing). */
const ASK_AGAIN_MS = 60_000;

/**
 * For a video that is only in the cloud: "Download now" (ahead of the background downloads), then
 * "Downloading…" until its bytes arrive; or why it can't come yet.
 */
export function DownloadNow({ asset }: { asset: Pick<MediaAsset, 'id' | 'localState'> }) {
  const download = useSyncStore((s) => s.download);
  const askedAt = useSyncStore((s) => s.downloadsAsked[asset.id] ?? null);
  const state = useSyncStore((s) => s.status?.state ?? null);
  const [busy, setBusy] = useState(false);
  const [note, setNote] = useState<string | null>(null);
  const now = useNow(askedAt !== null, 5000);

  if (asset.localState === 'local') return null;
  if (asset.localState === 'downloading' || askedAt !== null) {
    const slow = askedAt !== null && now - askedAt > ASK_AGAIN_MS;
    return (
      <div className="download-now">
        <p className="download-note" role="status" data-testid="download-state">
          {slow ? 'Still not here. The connection may have dropped.' : 'Downloading… It plays as soon as it’s here.'}
        </p>
        {slow && (
          <button type="button" className="button button-small" onClick={() => void start()} disabled={busy}>
            Try again
          </button>
        )}
      </div>
    );
  }

  async function start() {
    setBusy(true);
    setNote(null);
    try {
      const started = await download(asset.id);
      if (!started) setNote('Sign in to your cloud in Settings to download it.');
    } catch (e) {
      setNote(errorMessage(e));
    } finally {
      setBusy(false);
    }
  }

  return (
    <div className="download-now">
      {state === 'off' ? (
        <p className="download-note">Sign in to your cloud in Settings to download it.</p>
      ) : (
        <button type="button" className="button button-small" onClick={() => void start()} disabled={busy} data-testid="download-now">
          <DownloadIcon width={16} height={16} />
          {busy ? 'Starting…' : 'Download now'}
        </button>
      )}
      {note && (
        <p className="download-note" role="alert">
          {note}
        </p>
      )}
    </div>
  );
}
