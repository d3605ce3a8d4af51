import { useEffect, useState } from 'react';
import { mediaUrl } from '../api/client';
import { useAssetsStore } from '../stores/assets-store';
import { formatDuration, spokenDuration } from '../lib/format';
import { FilmIcon } from './icons';

/**
 * A 16:9 poster frame: the asset's poster when there is one, a quiet placeholder otherwise or when
 * it fails to load. Decorative: the row or cell it sits in carries the name.
 */
export function Poster({ assetId, durationSec, className = '' }: { assetId: string | null; durationSec?: number | null; className?: string }) {
  const [failedFor, setFailedFor] = useState<string | null>(null);
  const [loadedFor, setLoadedFor] = useState<string | null>(null);
  const showImage = assetId !== null && failedFor !== assetId;
  return (
    <div className={`poster ${className}`}>
      {showImage ? (
        <img
          className={loadedFor === assetId ? 'poster-img is-loaded' : 'poster-img'}
          src={mediaUrl(assetId, 'poster')}
          alt=""
          loading="lazy"
          decoding="async"
          draggable={false}
          onLoad={() => setLoadedFor(assetId)}
          onError={() => setFailedFor(assetId)}
        />
      ) : (
        <span className="poster-fallback">
          <FilmIcon width={28} height={28} />
        </span>
      )}
      {durationSec != null && <DurationBadge seconds={durationSec} />}
    </div>
  );
}

/** The poster of a video known only by id (an exercise's video): asked for only when it exists. */
export function VideoPoster({ assetId, className = '' }: { assetId: string | null; className?: string }) {
  const brief = useAssetsStore((s) => (assetId ? s.briefs[assetId] : undefined));
  const briefsStatus = useAssetsStore((s) => s.briefsStatus);
  const loadBriefs = useAssetsStore((s) => s.loadBriefs);

  useEffect(() => {
    if (assetId && briefsStatus === 'idle') void loadBriefs();
  }, [assetId, briefsStatus, loadBriefs]);

  return <Poster assetId={brief?.hasPoster && assetId ? assetId : null} durationSec={brief?.durationSec ?? null} className={className} />;
}

export function DurationBadge({ seconds }: { seconds: number }) {
  return (
    <span className="duration-badge" title={`Duration ${spokenDuration(seconds)}`}>
      <span aria-hidden="true">{formatDuration(seconds)}</span>
      <span className="visually-hidden">Duration {spokenDuration(seconds)}</span>
    </span>
  );
}
