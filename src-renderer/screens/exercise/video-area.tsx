import { useState } from 'react';
import { mediaUrl } from '../../api/client';
import { AlertIcon, FilmIcon } from '../../components/icons';

/** The exercise's video, as large as the column allows; or an honest placeholder. */
export function VideoArea({
  assetId,
  hasPoster,
  title,
  onVideo,
}: {
  assetId: string | null;
  /** Whether the video has a poster (the exercise summary's `videoHasPoster`). */
  hasPoster: boolean;
  title: string;
  onVideo(video: HTMLVideoElement | null): void;
}) {
  const [failedFor, setFailedFor] = useState<string | null>(null);

  if (!assetId) {
    return (
      <div className="video-frame is-empty" role="img" aria-label="No video yet">
        <FilmIcon width={40} height={40} />
        <p className="video-empty-title">No video yet</p>
        <p className="video-empty-text">This exercise has no video to watch.</p>
      </div>
    );
  }

  return (
    <div className="video-frame">
      <video
        key={assetId}
        ref={onVideo}
        className="video"
        controls
        preload="metadata"
        playsInline
        src={mediaUrl(assetId, 'original')}
        poster={hasPoster ? mediaUrl(assetId, 'poster') : undefined}
        aria-label={`Video: ${title}`}
        onError={() => setFailedFor(assetId)}
        onLoadedData={() => setFailedFor(null)}
      />
      {failedFor === assetId && (
        <div className="video-failed" role="alert">
          <AlertIcon />
          <p>This video can’t be played here. It may still be on its way to this computer.</p>
        </div>
      )}
    </div>
  );
}
