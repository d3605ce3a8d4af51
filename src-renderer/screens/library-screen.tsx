import { useEffect, useRef, useState, type DragEvent } from 'react';
import { errorMessage } from '../api/client';
import { LibraryIcon, RecordIcon, UploadIcon } from '../components/icons';
import { EmptyState, ErrorState, Skeleton } from '../components/states';
import { SearchField, TagFilter, useTagName } from '../components/toolbar';
import { useAssetsStore } from '../stores/assets-store';
import { useUiStore } from '../stores/ui-store';
import { AssetGrid } from './library/asset-grid';
import { RecorderDialog } from './recorder/recorder-dialog';

/** What the picker offers: videos by MIME type, plus containers some systems don't label as video. */
export const VIDEO_ACCEPT = 'video/*,.mov,.mkv,.avi';

export function LibraryScreen() {
  const status = useAssetsStore((s) => s.status);
  const items = useAssetsStore((s) => s.items);
  const error = useAssetsStore((s) => s.error);
  const search = useAssetsStore((s) => s.search);
  const setSearch = useAssetsStore((s) => s.setSearch);
  const tag = useAssetsStore((s) => s.tag);
  const setTag = useAssetsStore((s) => s.setTag);
  const complete = useAssetsStore((s) => s.complete);
  const tagName = useTagName(tag);
  const load = useAssetsStore((s) => s.load);
  const refresh = useAssetsStore((s) => s.refresh);
  const importFiles = useAssetsStore((s) => s.importFiles);
  const toast = useUiStore((s) => s.toast);
  const [recording, setRecording] = useState(false);
  const drop = useFileDrop((files) => startImport(files));

  useEffect(() => {
    if (useAssetsStore.getState().status === 'idle') void load();
    else void refresh();
  }, [load, refresh]);

  function startImport(files: readonly File[]) {
    if (files.length === 0) return;
    importFiles(files).catch((e: unknown) => toast(errorMessage(e), 'error'));
  }

  const importButton = <ImportButton onFiles={startImport} />;

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
  } else if (items.length === 0 && (search.trim() || tag)) {
    const text = search.trim();
    body = (
      <EmptyState title="No videos match">
        <p data-testid="library-no-match">
          {tag && text
            ? `No video tagged “${tagName}” has “${text}” in its name.`
            : tag
              ? `No video is tagged “${tagName}”.`
              : `No video’s name contains “${text}”.`}
        </p>
        <div className="empty-actions-row">
          {tag && (
            <button type="button" className="button" onClick={() => setTag(null)}>
              Clear filter
            </button>
          )}
          {text && (
            <button type="button" className="button" onClick={() => setSearch('')}>
              Clear search
            </button>
          )}
        </div>
      </EmptyState>
    );
  } else if (items.length === 0) {
    body = (
      <EmptyState
        title="Import your first video"
        icon={<LibraryIcon width={40} height={40} />}
        action={
          <div className="empty-actions">
            {importButton}
            <div className="drop-hint">
              <UploadIcon />
              <span>or drop videos anywhere here</span>
            </div>
          </div>
        }
      >
        <p>Your videos live here: model videos for exercises, attempts to submit, replies. Phone and camera files (.mp4, .mov, .mkv) all work.</p>
      </EmptyState>
    );
  } else {
    body = <AssetGrid items={items} busy={status === 'loading'} complete={complete} />;
  }
  const virtual = items.length > 0;

  return (
    <main className={virtual ? 'screen library-screen has-virtual-list' : 'screen library-screen'} tabIndex={-1} aria-labelledby="library-title" {...drop.handlers}>
      <header className="screen-header">
        <h1 id="library-title" className="screen-title">
          Library
        </h1>
        <div className="toolbar">
          <div role="search" className="toolbar-group">
            <SearchField label="Search videos" value={search} onSearch={setSearch} />
            <TagFilter value={tag} onChange={setTag} />
          </div>
          <button type="button" className="button" onClick={() => setRecording(true)}>
            <RecordIcon width={16} height={16} />
            Record video
          </button>
          {items.length > 0 && importButton}
        </div>
      </header>
      <div className={virtual ? 'screen-body virtual-body' : 'screen-body'}>{body}</div>
      {drop.over && (
        <div className="drop-overlay" aria-hidden="true" data-testid="drop-overlay">
          <div className="drop-overlay-box">
            <UploadIcon width={36} height={36} />
            <p className="drop-overlay-title">Drop to import</p>
            <p className="drop-overlay-text">Each video is copied into your library and checked.</p>
          </div>
        </div>
      )}
      {recording && (
        <RecorderDialog
          title="Record video"
          reply={null}
          onClose={() => setRecording(false)}
          onSaved={() => {
            setRecording(false);
            toast('Your recording is in your library.');
          }}
        />
      )}
    </main>
  );
}

/** A button that opens the file picker: a label around a hidden file input, so it works by keyboard too. */
export function ImportButton({ onFiles, label = 'Import videos', primary = true }: { onFiles(files: File[]): void; label?: string; primary?: boolean }) {
  return (
    <label className={primary ? 'button button-primary file-button' : 'button file-button'}>
      <input
        type="file"
        className="visually-hidden"
        multiple
        accept={VIDEO_ACCEPT}
        data-testid="import-input"
        onChange={(e) => {
          const files = [...(e.target.files ?? [])];
          // Cleared, so picking the same file again is a new pick.
          e.target.value = '';
          onFiles(files);
        }}
      />
      <UploadIcon width={16} height={16} />
      {label}
    </label>
  );
}

/** Drop files anywhere on the screen: an overlay says what a drop will do while files hover. */
function useFileDrop(onFiles: (files: File[]) => void) {
  const [over, setOver] = useState(false);
  const depth = useRef(0);
  const hasFiles = (event: DragEvent) => event.dataTransfer.types.includes('Files');

  return {
    over,
    handlers: {
      onDragEnter(event: DragEvent) {
        if (!hasFiles(event)) return;
        event.preventDefault();
        depth.current += 1;
        setOver(true);
      },
      onDragOver(event: DragEvent) {
        if (!hasFiles(event)) return;
        event.preventDefault();
        event.dataTransfer.dropEffect = 'copy';
      },
      onDragLeave(event: DragEvent) {
        if (!hasFiles(event)) return;
        depth.current = Math.max(0, depth.current - 1);
        if (depth.current === 0) setOver(false);
      },
      onDrop(event: DragEvent) {
        if (!hasFiles(event)) return;
        event.preventDefault();
        depth.current = 0;
        setOver(false);
        onFiles([...event.dataTransfer.files]);
      },
    },
  };
}
