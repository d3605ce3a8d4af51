import { useEffect, useState } from 'react';
import type { MediaAsset } from '../../src-shared/domain';
import { mediaUrl } from '../api/client';
import { AlertIcon } from './icons';
import { Skeleton } from './states';
import { useAssetsStore } from '../stores/assets-store';

/** A video reply in the thread: a small player, once the video is known (so it plays its proxy when it has one). */
export function CommentVideo({ assetId, author }: { assetId: string; author: string }) {
  const known = useAssetsStore((s) => s.known[assetId]);
  const ensureKnown = useAssetsStore((s) => s.ensureKnown);

  useEffect(() => {
    if (known === undefined) void ensureKnown(assetId);
  }, [assetId, known, ensureKnown]);

  if (known === undefined) return <Skeleton className="comment-video" />;
  if (known === null) return <p className="comment-text is-muted">This video reply isn’t available on this computer.</p>;
  return <CommentVideoPlayer asset={known} author={author} />;
}

function CommentVideoPlayer({ asset, author }: { asset: MediaAsset; author: string }) {
  // The kind is chosen once, so a proxy finished later doesn't restart a reply being watched;
  // an original that won't play switches to the proxy when there is one.
  const [kind, setKind] = useState<'original' | 'proxy'>(asset.hasProxy ? 'proxy' : 'original');
  const [failed, setFailed] = useState(false);
  return (
    <div className="comment-video">
      <video
        key={kind}
        className="comment-video-player"
        controls
        preload="metadata"
        playsInline
        src={mediaUrl(asset.id, kind)}
        poster={asset.hasPoster ? mediaUrl(asset.id, 'poster') : undefined}
        aria-label={`Video reply from ${author}`}
        data-testid="comment-video"
        onError={() => {
          if (kind === 'original' && asset.hasProxy) setKind('proxy');
          else setFailed(true);
        }}
        onLoadedData={() => setFailed(false)}
      />
      {failed && (
        <div className="video-failed is-small" role="alert">
          <AlertIcon width={18} height={18} />
          <p>{asset.processingStatus === 'ready' ? 'This reply can’t be played here.' : 'This reply is still being prepared.'}</p>
        </div>
      )}
    </div>
  );
}
