import { useEffect, useState, type ReactNode } from 'react';
import type { JobInfo } from '../../../src-shared/contract/media';
import type { Clip, MediaAsset } from '../../../src-shared/domain';
import { call, errorMessage } from '../../api/client';
import { BackButton } from '../../components/back-button';
import { ConfirmDialog } from '../../components/dialog';
import { AssetPlayer } from '../../components/asset-player';
import { AlertIcon, CheckIcon, TrashIcon } from '../../components/icons';
import { ListPanel } from '../../components/panel';
import { ProgressBar } from '../../components/progress';
import { EmptyState, ErrorState, Skeleton } from '../../components/states';
import { RelativeTime } from '../../components/time';
import { formatBytes, formatDuration, formatTimecode, percent, plural, spokenDuration } from '../../lib/format';
import { useVideoShortcuts } from '../../lib/use-video-shortcuts';
import { useAssetStore, type DeletePreview } from '../../stores/asset-store';
import { useAssetsStore } from '../../stores/assets-store';
import { phaseWords, runningJobFor, useJobsStore } from '../../stores/jobs-store';
import { useProfileStore } from '../../stores/profile-store';
import { useSyncStore } from '../../stores/sync-store';
import { routeHash, useUiStore } from '../../stores/ui-store';
import { ClipTimeline, ClipTool, useDuration, usePlayhead, withIn, withOut, type Range } from './clip-tool';

/** One video's page: player, filmstrip, clip tool, details, clips, check and delete. */
export function AssetScreen({ id }: { id: string }) {
  const open = useAssetStore((s) => s.open);
  const close = useAssetStore((s) => s.close);
  const detail = useAssetStore((s) => s.detail);
  const back = useUiStore((s) => s.back);

  useEffect(() => {
    void open(id);
    return () => close();
  }, [id, open, close]);

  const backButton = (
    <BackButton label="Library" ariaLabel="Back to the library" onClick={back} />
  );

  let content: ReactNode;
  if (detail.missing) {
    content = (
      <>
        <div className="screen-header">{backButton}</div>
        <EmptyState title="This video isn’t here">
          <p>It may have been deleted, or it belongs to someone whose videos you can’t see from this profile.</p>
          <button type="button" className="button button-primary" onClick={back}>
            Back to the library
          </button>
        </EmptyState>
      </>
    );
  } else if (detail.status === 'error' && !detail.data) {
    content = (
      <>
        <div className="screen-header">{backButton}</div>
        <ErrorState title="This video didn’t load" message={detail.error ?? ''} onRetry={() => void open(id)} />
      </>
    );
  } else if (!detail.data) {
    content = (
      <>
        <header className="exercise-header">
          <div className="exercise-header-top">{backButton}</div>
          <Skeleton className="skeleton-title" />
        </header>
        <div className="asset-body" aria-hidden="true">
          <div className="asset-main">
            <Skeleton className="video-frame" />
          </div>
          <div className="asset-side" />
        </div>
      </>
    );
  } else {
    content = <AssetPage asset={detail.data} backButton={backButton} />;
  }

  return (
    <main
      className="screen asset-page"
      tabIndex={-1}
      aria-label={detail.data ? detail.data.origFilename : 'Video'}
      aria-busy={!detail.data && !detail.missing && detail.status !== 'error' ? true : undefined}
      data-testid="asset-page"
    >
      {content}
    </main>
  );
}

function AssetPage({ asset, backButton }: { asset: MediaAsset; backButton: ReactNode }) {
  const me = useProfileStore((s) => s.current?.user.id);
  const [video, setVideo] = useState<HTMLVideoElement | null>(null);
  const [range, setRange] = useState<Range>({ in: null, out: null });
  const [deleting, setDeleting] = useState(false);
  const duration = useDuration(video, asset);
  const time = usePlayhead(video);
  const isOwner = asset.owner === me;

  useVideoShortcuts(video, {
    i: () => video && setRange((r) => withIn(r, Math.round(video.currentTime * 1000) / 1000)),
    o: () => video && setRange((r) => withOut(r, Math.round(video.currentTime * 1000) / 1000)),
  });

  return (
    <>
      <header className="exercise-header">
        <div className="exercise-header-top">
          {backButton}
          <div className="exercise-actions">
            <CheckFileButton />
            <FreeUpSpaceButton asset={asset} />
            {isOwner && (
              <button type="button" className="button button-small button-danger-quiet" onClick={() => setDeleting(true)}>
                <TrashIcon width={16} height={16} />
                Delete
              </button>
            )}
          </div>
        </div>
        <h1 id="asset-title" className="exercise-title asset-title" title={asset.origFilename}>
          {asset.origFilename}
        </h1>
        <p className="exercise-byline">
          <span>{asset.videoType === 'recorded' ? 'Recorded' : 'Imported'}</span>
          <RelativeTime iso={asset.createdAt} />
          {asset.durationMs !== null && (
            <>
              <span aria-hidden="true">·</span>
              <span>{formatDuration(asset.durationMs / 1000)}</span>
            </>
          )}
        </p>
      </header>

      <div className="asset-body">
        <div className="asset-main">
          <AssetPlayer asset={asset} label={asset.origFilename} onVideo={setVideo} />
          <ProcessingNote asset={asset} />
          <ClipTimeline asset={asset} video={video} duration={duration} time={time} range={range} />
          <ClipTool asset={asset} video={video} duration={duration} time={time} range={range} onRange={setRange} />
        </div>
        <aside className="asset-side" aria-label="About this video">
          <Details asset={asset} />
          <ValidationResult asset={asset} />
          <ClipsList />
        </aside>
      </div>
      {deleting && <DeleteDialog asset={asset} onClose={() => setDeleting(false)} />}
    </>
  );
}

/**
 * "Free up space": the original leaves this computer once the cloud holds it verified (the core refuses
 * otherwise, in words); the poster and the playable copy stay, and Download now brings it back.
 */
function FreeUpSpaceButton({ asset }: { asset: MediaAsset }) {
  const syncing = useSyncStore((s) => s.status !== null && s.status.state !== 'off');
  const refresh = useAssetStore((s) => s.refresh);
  const toast = useUiStore((s) => s.toast);
  const [asking, setAsking] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  if (!syncing || asset.localState !== 'local') return null;
  const close = () => {
    setAsking(false);
    setError(null);
  };
  const free = async () => {
    setBusy(true);
    setError(null);
    try {
      const { freedBytes } = await call('sync.offload', { assetId: asset.id });
      close();
      toast(freedBytes > 0 ? `${formatBytes(freedBytes)} freed on this computer.` : 'The original is no longer kept on this computer.');
      await refresh(['detail']);
    } catch (e) {
      // Not in the cloud yet, for one: the reason stays in the dialog.
      setError(errorMessage(e));
    } finally {
      setBusy(false);
    }
  };
  return (
    <>
      <button type="button" className="button button-small" onClick={() => setAsking(true)} data-testid="free-up-space">
        Free up space
      </button>
      {asking && (
        <ConfirmDialog
          title="Remove the original from this computer?"
          confirmLabel="Free up space"
          busyLabel="Freeing…"
          busy={busy}
          error={error}
          onConfirm={() => void free()}
          onClose={close}
        >
          <p>
            It stays in your cloud{asset.sizeBytes ? ` (${formatBytes(asset.sizeBytes)})` : ''}. Its poster and playable copy stay here, and it
            downloads again, checked, when you open it.
          </p>
        </ConfirmDialog>
      )}
    </>
  );
}

/** Posters, filmstrip and proxy: under way (with progress), or failed (with the reason and a retry). */
function ProcessingNote({ asset }: { asset: MediaAsset }) {
  const jobs = useJobsStore((s) => s.jobs);
  const order = useJobsStore((s) => s.order);
  const reprocess = useAssetsStore((s) => s.reprocess);
  const refresh = useAssetStore((s) => s.refresh);
  const toast = useUiStore((s) => s.toast);
  const job = runningJobFor(jobs, order, asset.id, ['process']);

  if (asset.processingStatus === 'failed') {
    return (
      <div className="processing-note is-failed" role="alert">
        <AlertIcon width={18} height={18} />
        <p>
          Couldn’t prepare this video for smooth playback{asset.processingError ? `: ${firstLine(asset.processingError)}` : '.'}
        </p>
        <button
          type="button"
          className="button button-small"
          onClick={() =>
            void reprocess(asset.id)
              .then(() => refresh(['detail']))
              .catch((e: unknown) => toast(errorMessage(e), 'error'))
          }
        >
          Retry
        </button>
      </div>
    );
  }
  if (asset.processingStatus === 'ready') return null;
  const pct = job && job.total > 0 ? percent(job.done, job.total) : null;
  return (
    <div className="processing-note" role="status">
      <p>{job ? `Processing… ${phaseWords(job.phase)}${pct !== null ? ` — ${pct} %` : ''}` : 'Processing…'}</p>
      <ProgressBar value={pct} label="Processing this video" />
    </div>
  );
}

const firstLine = (text: string) => (text.split('\n').find((l) => l.trim()) ?? text).trim();

const CONTAINER_NAMES: Record<string, string> = {
  'video/mp4': 'MP4',
  'video/quicktime': 'QuickTime (.mov)',
  'video/webm': 'WebM',
  'video/x-matroska': 'Matroska (.mkv)',
  'video/x-m4v': 'MPEG-4 (.m4v)',
  'video/x-msvideo': 'AVI',
  'video/mpeg': 'MPEG',
  'video/mp2t': 'MPEG transport stream',
  'video/3gpp': '3GP',
  'video/3gpp2': '3G2',
  'video/ogg': 'Ogg',
};

function Details({ asset }: { asset: MediaAsset }) {
  const duration = asset.durationMs !== null ? asset.durationMs / 1000 : asset.durationSec;
  const rows: [string, ReactNode][] = [
    ['Size', asset.sizeBytes !== null ? formatBytes(asset.sizeBytes) : '—'],
    [
      'Duration',
      duration !== null ? (
        <span title={spokenDuration(duration)} data-testid="asset-duration">
          {formatDuration(duration)}
        </span>
      ) : (
        '—'
      ),
    ],
    ['Dimensions', asset.width && asset.height ? `${asset.width} × ${asset.height}` : '—'],
    ['Format', CONTAINER_NAMES[asset.mimeType] ?? asset.mimeType],
    [asset.videoType === 'recorded' ? 'Recorded' : 'Imported', <RelativeTime key="t" iso={asset.createdAt} />],
    [
      'Checksum',
      asset.checksumSha256 ? (
        <code className="checksum" title={`SHA-256 ${asset.checksumSha256}`}>
          {asset.checksumSha256.slice(0, 12)}…
        </code>
      ) : (
        '—'
      ),
    ],
    ['Plays from', asset.hasProxy ? 'A smooth-playing copy (the original is kept)' : 'The original'],
  ];
  return (
    <section className="panel" aria-labelledby="details-title">
      <h2 id="details-title" className="panel-title">
        Details
      </h2>
      <dl className="details" data-testid="asset-details">
        {rows.map(([label, value]) => (
          <div key={label} className="details-row">
            <dt>{label}</dt>
            <dd>{value}</dd>
          </div>
        ))}
      </dl>
    </section>
  );
}

/** "Check file": re-hashes the stored file against its checksum, with progress while it runs. */
function CheckFileButton() {
  const validate = useAssetStore((s) => s.validate);
  const id = useAssetStore((s) => s.id);
  const jobs = useJobsStore((s) => s.jobs);
  const order = useJobsStore((s) => s.order);
  const [checking, setChecking] = useState(false);
  const [failure, setFailure] = useState<string | null>(null);
  const job = checking && id ? runningJobFor(jobs, order, id, ['validate']) : null;

  async function check() {
    setChecking(true);
    setFailure(null);
    try {
      const finished: JobInfo = await validate();
      if (finished.state !== 'done') setFailure(finished.error?.message ?? 'The check stopped before it finished.');
    } catch (e) {
      setFailure(errorMessage(e));
    } finally {
      setChecking(false);
    }
  }

  return (
    <>
      <button type="button" className="button button-small" onClick={() => void check()} disabled={checking} title="Check that the stored file still matches its checksum">
        <CheckIcon width={16} height={16} />
        {checking ? `Checking…${job && job.total > 0 ? ` ${percent(job.done, job.total)} %` : ''}` : 'Check file'}
      </button>
      {failure && (
        <span className="check-failure" role="alert">
          {failure}
        </span>
      )}
    </>
  );
}

function ValidationResult({ asset }: { asset: MediaAsset }) {
  if (!asset.lastValidated) return null;
  return (
    <section className={asset.isValid ? 'validation is-ok' : 'validation is-bad'} aria-label="File check" data-testid="validation-result" role="status">
      {asset.isValid ? <CheckIcon width={18} height={18} /> : <AlertIcon width={18} height={18} />}
      <div>
        <p className="validation-title">{asset.isValid ? 'The file is intact' : 'The file doesn’t match what was imported'}</p>
        <p className="validation-text">
          {asset.isValid ? 'It matches its checksum' : 'It no longer matches its checksum'} — checked <RelativeTime iso={asset.lastValidated} />.
        </p>
        {!asset.isValid && asset.validationErrors.length > 0 && (
          <ul className="validation-errors">
            {asset.validationErrors.map((e) => (
              <li key={e}>{e}</li>
            ))}
          </ul>
        )}
        {!asset.isValid && <p className="validation-text">Import the video again from its source to replace the damaged copy.</p>}
      </div>
    </section>
  );
}

function ClipsList() {
  const clips = useAssetStore((s) => s.clips);
  const refresh = useAssetStore((s) => s.refresh);
  let body;
  if (clips.status === 'loading' && clips.data.length === 0) {
    body = <Skeleton className="skeleton-line w-60" />;
  } else if (clips.status === 'error' && clips.data.length === 0) {
    body = <ErrorState compact title="Clips didn’t load" message={clips.error ?? ''} onRetry={() => void refresh(['clips'])} />;
  } else if (clips.data.length === 0) {
    body = <p className="panel-empty">No clips yet. Set In and Out under the video, then Create clip.</p>;
  } else {
    body = (
      <ul className="clip-list" aria-label="Clips">
        {clips.data.map((c) => (
          <ClipRow key={c.id} clip={c} />
        ))}
      </ul>
    );
  }
  return (
    <ListPanel titleId="clips-title" title="Clips" count={clips.data.length}>
      {body}
    </ListPanel>
  );
}

function ClipRow({ clip }: { clip: Clip }) {
  const navigate = useUiStore((s) => s.navigate);
  const label = `${formatTimecode(clip.startTime)}–${formatTimecode(clip.endTime)}`;
  const meta = [clip.mode === 'fast' ? 'Fast' : 'Precise', `${clip.duration.toFixed(1)} s`, clip.sizeBytes !== null ? formatBytes(clip.sizeBytes) : null].filter(Boolean).join(' · ');
  return (
    <li className="clip-row" data-testid="clip-row">
      {clip.clipAsset ? (
        <a
          className="clip-link"
          href={routeHash({ name: 'asset', id: clip.clipAsset })}
          onClick={(event) => {
            event.preventDefault();
            if (clip.clipAsset) navigate({ name: 'asset', id: clip.clipAsset });
          }}
        >
          Clip {label}
        </a>
      ) : (
        <span className="clip-link is-pending">Clip {label}</span>
      )}
      <span className="clip-meta">{meta}</span>
      {clip.processingStatus === 'failed' && <span className="clip-meta is-failed">{clip.processingError ?? 'Couldn’t cut it.'}</span>}
    </li>
  );
}

const USE_WORDS: Record<string, string> = {
  exercise: 'exercise',
  submission: 'submission',
  submission_attempt: 'earlier attempt',
  comment: 'comment',
  clip: 'clip',
  comparison: 'comparison',
  alignment: 'sync point',
};

/** ", with its poster and smooth-playing copy": what goes along with the file. */
function derived(asset: MediaAsset): string {
  const parts = [asset.hasPoster ? 'poster' : '', asset.hasProxy ? 'smooth-playing copy' : ''].filter(Boolean);
  return parts.length ? `, with its ${parts.join(' and ')}` : '';
}

/** What deleting removes (asked of main first), who blocks it, and the delete itself. */
function DeleteDialog({ asset, onClose }: { asset: MediaAsset; onClose(): void }) {
  const deletePreview = useAssetStore((s) => s.deletePreview);
  const deleteAsset = useAssetStore((s) => s.deleteAsset);
  const navigate = useUiStore((s) => s.navigate);
  const toast = useUiStore((s) => s.toast);
  const [preview, setPreview] = useState<DeletePreview | null>(null);
  const [loadError, setLoadError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    let alive = true;
    deletePreview()
      .then((p) => alive && setPreview(p))
      .catch((e: unknown) => alive && setLoadError(errorMessage(e)));
    return () => {
      alive = false;
    };
  }, [deletePreview]);

  async function confirm() {
    setBusy(true);
    setError(null);
    try {
      await deleteAsset();
      toast(`Deleted “${asset.origFilename}”.`);
      navigate({ name: 'library' });
    } catch (e) {
      setError(errorMessage(e));
      setBusy(false);
    }
  }

  const blocked = (preview?.blockedBy.length ?? 0) > 0;
  const removes: string[] = preview
    ? [
        `The video file${asset.sizeBytes !== null ? ` (${formatBytes(asset.sizeBytes)})` : ''}${derived(asset)}`,
        ...preview.exercises.map((e) => `The exercise “${e.name}”, with its feedback and submissions`),
        ...preview.submissions.map((s) => `Your submission to “${s.exerciseName}”`),
        ...(preview.comments > 0 ? [`${plural(preview.comments, 'comment')} that show this video`] : []),
        ...(preview.clips > 0 ? [`${plural(preview.clips, 'clip')} that use${preview.clips === 1 ? 's' : ''} this video`] : []),
      ]
    : [];

  return (
    <ConfirmDialog
      title={`Delete “${asset.origFilename}”?`}
      confirmLabel="Delete video"
      busyLabel="Deleting…"
      busy={busy}
      disabled={!preview || blocked}
      error={error}
      onConfirm={() => void confirm()}
      onClose={onClose}
    >
      <div data-testid="delete-preview">
        {!preview && !loadError && <p className="modal-description">Finding out what uses this video…</p>}
        {loadError && (
          <p className="form-error" role="alert">
            {loadError}
          </p>
        )}
        {preview && blocked && (
          <div className="delete-blocked" role="alert">
            <p>It can’t be deleted while others use it:</p>
            <ul className="delete-list">
              {preview.blockedBy.map((b) => (
                <li key={`${b.kind}-${b.id}`}>
                  {b.owner}’s {USE_WORDS[b.kind] ?? b.kind.replace(/_/g, ' ')}
                </li>
              ))}
            </ul>
          </div>
        )}
        {preview && !blocked && (
          <>
            <p className="modal-description">This removes, for good:</p>
            <ul className="delete-list">
              {removes.map((r) => (
                <li key={r}>{r}</li>
              ))}
            </ul>
          </>
        )}
      </div>
    </ConfirmDialog>
  );
}
