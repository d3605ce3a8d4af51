import { useState } from 'react';
import type { MediaAsset } from '../../src-shared/domain';
import { mediaUrl } from '../api/client';
import { DownloadNow } from './download-now';
import { AlertIcon, CloudOffIcon } from './icons';

/**
 * One video as this computer can play it: the proxy where the original needs one (or is only in the
 * cloud), else the original; a video only in the cloud shows its poster and Download now; a file that
 * will not play says why. The asset page and the exercise page both show their video through it.
 */
export function AssetPlayer({ asset, label, onVideo }: { asset: MediaAsset; label: string; onVideo(video: HTMLVideoElement | null): void }) {
  const [failedFor, setFailedFor] = useState<string | null>(null);
  const kind = asset.hasProxy ? 'proxy' : 'original';
  const src = mediaUrl(asset.id, kind);
  if (asset.localState !== 'local' && !asset.hasProxy) {
    // Only in the cloud: nothing to play yet, so nothing is asked for; the poster, if one came, and the way to get it.
    return (
      <div className="video-frame" data-testid="asset-remote">
        {asset.hasPoster && <img className="video" src={mediaUrl(asset.id, 'poster')} alt="" draggable={false} />}
        <div className="video-failed">
          <CloudOffIcon />
          <p>This video is in the cloud, not on this computer yet.</p>
          <DownloadNow asset={asset} />
        </div>
      </div>
    );
  }
  // A video that arrives from the cloud keeps its address: the player starts afresh when it lands.
  const attempt = `${src}#${asset.localState}`;
  return (
    <div className="video-frame">
      <video
        key={attempt}
        ref={onVideo}
        className="video"
        controls
        preload="metadata"
        playsInline
        src={src}
        poster={asset.hasPoster ? mediaUrl(asset.id, 'poster') : undefined}
        aria-label={`Video: ${label}`}
        data-testid="asset-video"
        data-kind={kind}
        onError={() => setFailedFor(attempt)}
        onLoadedData={() => setFailedFor(null)}
      />
      {failedFor === attempt && (
        <div className="video-failed" role="alert">
          <AlertIcon />
          <p>
            {asset.localState !== 'local'
              ? 'This video is in the cloud, not on this computer yet.'
              : asset.processingStatus === 'ready' || asset.hasProxy
                ? 'This video can’t be played here.'
                : 'This video can’t be played here yet. A playable copy is being made; it plays once that’s done.'}
          </p>
          <DownloadNow asset={asset} />
        </div>
      )}
    </div>
  );
}
