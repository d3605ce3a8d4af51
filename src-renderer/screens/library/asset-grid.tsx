import { memo, useCallback, useMemo, useRef, useState } from 'react';
import type { MediaAsset } from '../../../src-shared/domain';
import { errorMessage } from '../../api/client';
import { RelativeTime } from '../../components/time';
import { formatBytes, percent, plural } from '../../lib/format';
import { useFirstRowsMark } from '../../lib/first-rows-mark';
import { useContentWidth, useListKeyboard, useVirtualRows } from '../../lib/use-virtual-rows';
import { gridLayout, itemsInRows, uniformOffsets } from '../../lib/virtual-range';
import { useAssetsStore } from '../../stores/assets-store';
import { runningJobFor, useJobsStore } from '../../stores/jobs-store';
import { routeHash, useUiStore } from '../../stores/ui-store';
import { ScrubPoster, useFilmstripScrub } from './scrub-poster';

/** Cell geometry; the CSS of `.asset-grid.is-virtual` gives the text block exactly CELL_TEXT pixels. */
const MIN_CELL_WIDTH = 220;
const COLUMN_GAP = 14;
const ROW_GAP = 18;
const CELL_TEXT = 50;
const POSTER_ASPECT = 9 / 16;
/** Rows rendered beyond the viewport on each side. */
const OVERSCAN_ROWS = 2;

/**
 * The library's posters as a virtualized grid: only the rows in view (and a couple more) are in the
 * DOM, at fixed sizes computed from the width (the columns follow the window), inside a scroller
 * whose height is the whole library's.
 */
export function AssetGrid({ items, busy, complete }: { items: MediaAsset[]; busy: boolean; complete: boolean }) {
  const scroller = useRef<HTMLDivElement>(null);
  const list = useRef<HTMLUListElement>(null);
  const width = useContentWidth(list);
  const { columns, cellWidth } = gridLayout(width, MIN_CELL_WIDTH, COLUMN_GAP);
  const cellHeight = Math.round(cellWidth * POSTER_ASPECT) + CELL_TEXT;
  const pitch = cellHeight + ROW_GAP;
  const rowCount = Math.ceil(items.length / columns);
  const offsets = useMemo(() => uniformOffsets(rowCount, pitch), [rowCount, pitch]);
  const rows = useVirtualRows(scroller, list, offsets, OVERSCAN_ROWS);

  const cellBox = useCallback((index: number) => ({ top: Math.floor(index / columns) * pitch, height: cellHeight }), [columns, pitch, cellHeight]);
  const focusTarget = useCallback((index: number) => list.current?.querySelector<HTMLElement>(`[data-index="${index}"] .asset-link`) ?? null, []);
  const keyboard = useListKeyboard({ scroller, list, count: items.length, columns, cellBox, focusTarget });

  const shown = itemsInRows(rows, columns, items.length);
  const indices: number[] = [];
  for (let i = shown.start; i < shown.end; i++) indices.push(i);
  // The focused cell stays in the DOM when scrolled away, so focus is never dropped.
  if (keyboard.focused !== null && (keyboard.focused < shown.start || keyboard.focused >= shown.end)) indices.push(keyboard.focused);
  useFirstRowsMark('library', shown.end > shown.start);


  return (
    <div ref={scroller} className="virtual-scroller" data-testid="library-scroller">
      <ul
        ref={list}
        className="asset-grid is-virtual"
        aria-label="Videos"
        aria-busy={busy || undefined}
        style={{ height: Math.max(0, rowCount * pitch - ROW_GAP) }}
        data-columns={columns}
        {...keyboard.handlers}
      >
        {width > 0 &&
          indices.map((i) => {
            const asset = items[i]!;
            return (
              <AssetCell
                key={asset.id}
                asset={asset}
                index={i}
                setSize={complete ? items.length : -1}
                top={Math.floor(i / columns) * pitch}
                left={(i % columns) * (cellWidth + COLUMN_GAP)}
                width={cellWidth}
                height={cellHeight}
              />
            );
          })}
      </ul>
      <p className="list-count" aria-live="polite">
        {complete ? plural(items.length, 'video') : `${plural(items.length, 'video')} so far — loading the rest…`}
      </p>
    </div>
  );
}

interface CellProps {
  asset: MediaAsset;
  index: number;
  setSize: number;
  top: number;
  left: number;
  width: number;
  height: number;
}

/** Memoized on plain props: while scrolling, only the cells that come into view render. */
const AssetCell = memo(function AssetCell({ asset, index, setSize, top, left, width, height }: CellProps) {
  const navigate = useUiStore((s) => s.navigate);
  const reprocess = useAssetsStore((s) => s.reprocess);
  const toast = useUiStore((s) => s.toast);
  const working = asset.processingStatus === 'pending' || asset.processingStatus === 'processing';
  // Only a cell that is processing follows the jobs (a scroll through the library re-renders nothing else).
  const job = useJobsStore((s) => (working ? runningJobFor(s.jobs, s.order, asset.id, ['process']) : null));
  const [retrying, setRetrying] = useState(false);
  const route = { name: 'asset' as const, id: asset.id };
  const scrub = useFilmstripScrub(asset.hasFilmstrip);

  async function retry() {
    setRetrying(true);
    try {
      await reprocess(asset.id);
    } catch (e) {
      toast(errorMessage(e), 'error');
    } finally {
      setRetrying(false);
    }
  }

  return (
    <li
      className="asset-cell"
      style={{ position: 'absolute', top, left, width, height }}
      data-index={index}
      aria-posinset={index + 1}
      aria-setsize={setSize}
      data-testid="asset-cell"
      data-asset-id={asset.id}
      data-status={asset.processingStatus}
      {...scrub.handlers}
    >
      <ScrubPoster asset={asset} frame={scrub.frame} posterRef={scrub.poster}>
        {working && (
          <span className="processing-badge" data-testid="processing-badge">
            Processing…{job && job.total > 0 ? ` ${percent(job.done, job.total)} %` : ''}
          </span>
        )}
        {asset.processingStatus === 'failed' && (
          <span className="processing-badge processing-failed" data-testid="processing-badge" title={asset.processingError ?? undefined}>
            Couldn’t process
          </span>
        )}
      </ScrubPoster>
      <a
        className="asset-link"
        href={routeHash(route)}
        title={asset.origFilename}
        onClick={(event) => {
          event.preventDefault();
          navigate(route);
        }}
      >
        {asset.origFilename}
      </a>
      <div className="asset-meta">
        <RelativeTime iso={asset.createdAt} prefix="Added " />
        {asset.sizeBytes !== null && <span> · {formatBytes(asset.sizeBytes)}</span>}
        {asset.videoType === 'recorded' && <span> · Recorded</span>}
      </div>
      {asset.processingStatus === 'failed' && (
        <button type="button" className="button button-small asset-retry" onClick={() => void retry()} disabled={retrying}>
          {retrying ? 'Retrying…' : 'Retry'}
        </button>
      )}
    </li>
  );
});
