import { useEffect, useState } from 'react';
import type { MediaAsset } from '../../../src-shared/domain';
import { call, errorMessage, mediaUrl } from '../../api/client';
import { Modal } from '../../components/dialog';
import { formatDuration } from '../../lib/format';
import { useUiStore } from '../../stores/ui-store';

interface Props {
  title: string;
  description: string;
  confirmLabel: string;
  /** The video in use now, not offered again. */
  current: string | null;
  me: string;
  onClose(): void;
  onChoose(videoAsset: string): Promise<void>;
}

/**
 * Picks one of the user's own videos on this computer — a student's attempt, a coach's model video —
 * with posters so they can see which take is which. New takes come from the Library (import or record).
 */
export function ChooseVideoDialog({ title, description, confirmLabel, current, me, onClose, onChoose }: Props) {
  const navigate = useUiStore((s) => s.navigate);
  const [videos, setVideos] = useState<MediaAsset[] | null>(null);
  const [loadError, setLoadError] = useState<string | null>(null);
  const [chosen, setChosen] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    let alive = true;
    call('assets.list', {}).then(
      (all) => {
        if (!alive) return;
        const mine = all.filter((a) => a.owner === me && a.localState === 'local' && a.id !== current && a.processingStatus !== 'failed');
        setVideos(mine);
        setChosen(mine[0]?.id ?? null);
      },
      (e: unknown) => alive && setLoadError(errorMessage(e)),
    );
    return () => {
      alive = false;
    };
  }, [me, current]);

  async function submit() {
    if (!chosen) return;
    setBusy(true);
    setError(null);
    try {
      await onChoose(chosen);
      onClose();
    } catch (e) {
      setError(errorMessage(e));
      setBusy(false);
    }
  }

  let body;
  if (loadError) {
    body = (
      <p className="field-error" role="alert">
        Your videos didn’t load: {loadError}
      </p>
    );
  } else if (!videos) {
    body = <p className="panel-empty">Loading your videos…</p>;
  } else if (videos.length === 0) {
    body = (
      <div className="panel-empty">
        <p>You have no video here to submit yet. Import or record one in your Library, then come back.</p>
        <button type="button" className="button" onClick={() => navigate({ name: 'library' })}>
          Open the Library
        </button>
      </div>
    );
  } else {
    body = (
      <fieldset className="attempt-choices">
        <legend className="visually-hidden">Your videos</legend>
        {videos.map((v) => (
          <label key={v.id} className={chosen === v.id ? 'attempt-choice is-chosen' : 'attempt-choice'} data-testid="video-choice">
            <input type="radio" name="attempt" value={v.id} checked={chosen === v.id} onChange={() => setChosen(v.id)} />
            <span className="attempt-poster">{v.hasPoster && <img src={mediaUrl(v.id, 'poster')} alt="" draggable={false} />}</span>
            <span className="attempt-name">{v.origFilename}</span>
            <span className="attempt-meta">{v.durationMs ? formatDuration(v.durationMs / 1000) : ''}</span>
          </label>
        ))}
      </fieldset>
    );
  }

  return (
    <Modal title={title} onClose={onClose} size="medium" description={description}>
      {body}
      {error && (
        <p className="field-error" role="alert">
          {error}
        </p>
      )}
      <div className="modal-actions">
        <button type="button" className="button" onClick={onClose} disabled={busy}>
          Cancel
        </button>
        <button type="button" className="button button-primary" onClick={() => void submit()} disabled={!chosen || busy} data-testid="choose-video-confirm">
          {busy ? 'Saving…' : confirmLabel}
        </button>
      </div>
    </Modal>
  );
}
