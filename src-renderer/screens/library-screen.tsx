import { useEffect } from 'react';
import type { MediaAsset } from '../../src-shared/domain';
import { LibraryIcon, UploadIcon } from '../components/icons';
import { Poster } from '../components/media';
import { EmptyState, ErrorState, Skeleton } from '../components/states';
import { RelativeTime } from '../components/time';
import { SearchField } from '../components/toolbar';
import { plural } from '../lib/format';
import { useAssetsStore } from '../stores/assets-store';

const PROCESSING_LABEL: Record<MediaAsset['processingStatus'], string | null> = {
  pending: 'Waiting to process',
  processing: 'Processing…',
  ready: null,
  failed: 'Couldn’t process',
};

export function LibraryScreen() {
  const status = useAssetsStore((s) => s.status);
  const items = useAssetsStore((s) => s.items);
  const error = useAssetsStore((s) => s.error);
  const search = useAssetsStore((s) => s.search);
  const setSearch = useAssetsStore((s) => s.setSearch);
  const load = useAssetsStore((s) => s.load);
  const refresh = useAssetsStore((s) => s.refresh);

  useEffect(() => {
    if (useAssetsStore.getState().status === 'idle') void load();
    else void refresh();
  }, [load, refresh]);

  let body;
  if ((status === 'loading' || status === 'idle') && items.length === 0) {
    body = (
      <ul className="asset-grid" aria-label="Loading your library" aria-busy="true">
        {Array.from({ length: 8 }, (_, i) => (
          <li key={i} className="asset-cell is-skeleton" aria-hidden="true">
            <Skeleton className="poster" />
            <Skeleton className="skeleton-line w-60" />
          </li>
        ))}
      </ul>
    );
  } else if (status === 'error' && items.length === 0) {
    body = <ErrorState title="Your library didn’t load" message={error ?? ''} onRetry={() => void load()} />;
  } else if (items.length === 0 && search.trim()) {
    body = (
      <EmptyState title="No videos match">
        <p>No video’s name contains “{search.trim()}”.</p>
        <button type="button" className="button" onClick={() => setSearch('')}>
          Clear search
        </button>
      </EmptyState>
    );
  } else if (items.length === 0) {
    body = (
      <EmptyState
        title="Your library is empty"
        icon={<LibraryIcon width={40} height={40} />}
        action={
          <div className="drop-hint">
            <UploadIcon />
            <span>Drop videos here</span>
            <span className="drop-hint-note">Coming soon</span>
          </div>
        }
      >
        <p>Your videos will live here: model videos for exercises, attempts to submit, replies. Importing arrives with the media pipeline.</p>
      </EmptyState>
    );
  } else {
    body = (
      <>
        <ul className="asset-grid" aria-label="Videos" aria-busy={status === 'loading' ? true : undefined}>
          {items.map((asset) => (
            <AssetCell key={asset.id} asset={asset} />
          ))}
        </ul>
        <p className="list-count">{plural(items.length, 'video')}</p>
      </>
    );
  }

  return (
    <main className="screen" tabIndex={-1} aria-labelledby="library-title">
      <header className="screen-header">
        <h1 id="library-title" className="screen-title">
          Library
        </h1>
        <div className="toolbar" role="search">
          <SearchField label="Search videos" value={search} onSearch={setSearch} />
        </div>
      </header>
      <div className="screen-body">{body}</div>
    </main>
  );
}

function AssetCell({ asset }: { asset: MediaAsset }) {
  const processing = PROCESSING_LABEL[asset.processingStatus];
  const duration = asset.durationMs !== null ? asset.durationMs / 1000 : asset.durationSec;
  return (
    <li className="asset-cell" data-testid="asset-cell">
      <div className="asset-poster">
        <Poster assetId={asset.hasPoster ? asset.id : null} durationSec={duration} />
        {processing && <span className={`processing-badge processing-${asset.processingStatus}`}>{processing}</span>}
      </div>
      <div className="asset-name" title={asset.origFilename}>
        {asset.origFilename}
      </div>
      <div className="asset-meta">
        <RelativeTime iso={asset.createdAt} prefix="Added " />
      </div>
    </li>
  );
}
