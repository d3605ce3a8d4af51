import { useEffect, useState } from 'react';
import type { MediaAsset } from '../../../src-shared/domain';
import { call, mediaUrl, subscribe } from '../../api/client';
import { AssetPlayer } from '../../components/asset-player';
import { AlertIcon, FilmIcon } from '../../components/icons';

/**
 * The exercise's video as this computer holds it: loaded, and loaded again when videos change (a
 * download landing, a proxy finishing). null until the first answer, or when it cannot be seen.
 */
function useVideoAsset(assetId: string | null): { id: string; asset: MediaAsset | null } | null {
  const [state, setState] = useState<{ id: string; asset: MediaAsset | null } | null>(null);
  useEffect(() => {
    if (!assetId) return undefined;
    let live = true;
    const load = () =>
      call('assets.get', { id: assetId }).then(
        (asset) => live && setState({ id: assetId, asset }),
        () => live && setState({ id: assetId, asset: null }),
      );
    void load();
    const off = subscribe('data.changed', ({ entities }) => {
      if (entities.includes('videoasset')) void load();
    });
    return () => {
      live = false;
      off();
    };
  }, [assetId]);
  return state && state.id === assetId ? state : null;
}

/**
 * The exercise's video, as large as the column allows, played as the asset page plays it (proxy where
 * needed; Download now when it is only in the cloud); or an honest placeholder.
 */
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
  const loaded = useVideoAsset(assetId);

  if (!assetId) {
    return (
      <div className="video-frame is-empty" role="img" aria-label="No video yet">
        <FilmIcon width={40} height={40} />
        <p className="video-empty-title">No video yet</p>
        <p className="video-empty-text">This exercise has no video to watch.</p>
      </div>
    );
  }
  if (loaded?.asset) return <AssetPlayer asset={loaded.asset} label={title} onVideo={onVideo} />;
  // Until it answers, the poster holds the frame: no jump when it plays.
  return (
    <div className="video-frame" aria-busy={loaded === null ? true : undefined}>
      {hasPoster && <img className="video" src={mediaUrl(assetId, 'poster')} alt="" draggable={false} />}
      {loaded && (
        <div className="video-failed" role="alert">
          <AlertIcon />
          <p>This video isn’t available on this computer.</p>
        </div>
      )}
    </div>
  );
}
