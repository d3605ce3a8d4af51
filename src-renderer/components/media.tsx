import { useState } from 'react';
import { mediaUrl } from '../api/client';
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

/**
 * The poster of an exercise's video, from what its summary says (`videoHasPoster`,
 * `videoDurationMs`): the poster is asked for only when it exists, so a missing one is never a
 * failed request.
 */
export function VideoPoster({
  assetId,
  hasPoster,
  durationMs,
  className = '',
}: {
  assetId: string | null;
  hasPoster: boolean;
  durationMs: number | null;
  className?: string;
}) {
  return <Poster assetId={hasPoster && assetId ? assetId : null} durationSec={assetId && durationMs !== null ? durationMs / 1000 : null} className={className} />;
}

export function DurationBadge({ seconds }: { seconds: number }) {
  return (
    <span className="duration-badge" title={`Duration ${spokenDuration(seconds)}`}>
      <span aria-hidden="true">{formatDuration(seconds)}</span>
      <span className="visually-hidden">Duration {spokenDuration(seconds)}</span>
    </span>
  );
}
