/**
 * The arithmetic of a virtualized list: which rows a viewport shows, where each row sits, how many
 * columns a grid fits, where to scroll to reveal a row, and where arrow keys move. Pure functions, so
 * the hook (use-virtual-rows.ts) stays a thin layer over DOM measurements.
 *
 * Rows have known heights (fixed cell sizes: nothing jumps while posters load), given either as one
 * uniform height or as `offsets`, the prefix sums of the heights: offsets[i] is row i's top,
 * offsets[rowCount] the list's total height.
 */

/** Rows `start` (inclusive) to `end` (exclusive). */
export interface Range {
  start: number;
  end: number;
}

export const EMPTY_RANGE: Range = { start: 0, end: 0 };

export const sameRange = (a: Range, b: Range) => a.start === b.start && a.end === b.end;

const clamp = (value: number, min: number, max: number) => Math.max(min, Math.min(max, value));

export interface UniformViewport {
  /** Scroll position relative to the list's top (negative while the list starts below the viewport's top). */
  scrollTop: number;
  viewportHeight: number;
  rowHeight: number;
  rowCount: number;
  /** Extra rows rendered on each side, so a quick scroll shows rows rather than blank space. */
  overscan: number;
}

/** The rows of equal height that overlap the viewport, plus `overscan` on each side. */
export function visibleRange({ scrollTop, viewportHeight, rowHeight, rowCount, overscan }: UniformViewport): Range {
  if (rowCount <= 0 || rowHeight <= 0 || viewportHeight <= 0) return EMPTY_RANGE;
  const first = Math.floor(scrollTop / rowHeight);
  const last = Math.ceil((scrollTop + viewportHeight) / rowHeight); // exclusive
  const start = clamp(first - overscan, 0, rowCount);
  const end = clamp(last + overscan, 0, rowCount);
  return start < end ? { start, end } : EMPTY_RANGE;
}

/** Prefix sums of row heights: the top of each row, then the total height. */
export function rowOffsets(heights: readonly number[]): number[] {
  const offsets = new Array<number>(heights.length + 1);
  offsets[0] = 0;
  for (let i = 0; i < heights.length; i++) offsets[i + 1] = offsets[i]! + heights[i]!;
  return offsets;
}

/** Offsets of `rowCount` rows of one height (a grid's rows). */
export function uniformOffsets(rowCount: number, rowHeight: number): number[] {
  return Array.from({ length: Math.max(0, rowCount) + 1 }, (_, i) => i * rowHeight);
}

/** The first row whose bottom is below `y` (rows whose top is at or above `y` and which reach past it). */
function rowAt(offsets: readonly number[], y: number): number {
  const rowCount = offsets.length - 1;
  let lo = 0;
  let hi = rowCount; // answer in [lo, hi]
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (offsets[mid + 1]! > y) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}

/** The rows of known heights that overlap [scrollTop, scrollTop + viewportHeight), plus `overscan` on each side. */
export function visibleRangeByOffsets(offsets: readonly number[], scrollTop: number, viewportHeight: number, overscan: number): Range {
  const rowCount = offsets.length - 1;
  if (rowCount <= 0 || viewportHeight <= 0) return EMPTY_RANGE;
  const bottom = scrollTop + viewportHeight;
  if (bottom <= 0 || scrollTop >= offsets[rowCount]!) {
    // The viewport is wholly above or below the list: only the overscan nearest to it.
    return scrollTop >= offsets[rowCount]! ? { start: Math.max(0, rowCount - overscan), end: rowCount } : overscan > 0 ? { start: 0, end: Math.min(rowCount, overscan) } : EMPTY_RANGE;
  }
  const first = rowAt(offsets, Math.max(0, scrollTop));
  const last = rowAt(offsets, bottom - 1e-6) + 1; // exclusive: the row holding the viewport's last pixel
  return { start: clamp(first - overscan, 0, rowCount), end: clamp(last + overscan, 0, rowCount) };
}

export interface GridLayout {
  columns: number;
  cellWidth: number;
}

/** As many columns of at least `minCellWidth` as `width` holds (at least one), sharing the rest equally. */
export function gridLayout(width: number, minCellWidth: number, columnGap: number): GridLayout {
  if (width <= 0) return { columns: 1, cellWidth: 0 };
  const columns = Math.max(1, Math.floor((width + columnGap) / (minCellWidth + columnGap)));
  return { columns, cellWidth: (width - columnGap * (columns - 1)) / columns };
}

/** The items in grid rows `rows`. */
export const itemsInRows = (rows: Range, columns: number, itemCount: number): Range => ({
  start: Math.min(itemCount, rows.start * columns),
  end: Math.min(itemCount, rows.end * columns),
});

/**
 * The scroll position that brings [top, top + height) into view with the least movement (`margin`
 * to spare); the current one when it is already in view. Positions are relative to the list's top.
 */
export function revealScrollTop(top: number, height: number, scrollTop: number, viewportHeight: number, margin = 0): number {
  if (top - margin < scrollTop) return Math.max(0, top - margin);
  if (top + height + margin > scrollTop + viewportHeight) return Math.max(0, Math.min(top - margin, top + height + margin - viewportHeight));
  return scrollTop;
}

export type NavigationKey = 'ArrowUp' | 'ArrowDown' | 'ArrowLeft' | 'ArrowRight' | 'Home' | 'End' | 'PageUp' | 'PageDown';

const NAVIGATION_KEYS = new Set<string>(['ArrowUp', 'ArrowDown', 'ArrowLeft', 'ArrowRight', 'Home', 'End', 'PageUp', 'PageDown']);
export const isNavigationKey = (key: string): key is NavigationKey => NAVIGATION_KEYS.has(key);

/**
 * Where a key moves focus from item `index` in a list laid out in `columns` (1 for a plain list):
 * arrows by one cell (Left/Right only in a grid), PageUp/PageDown by `pageRows` rows, Home/End to the
 * ends. Stays put at the edges.
 */
export function moveIndex(index: number, key: NavigationKey, count: number, columns: number, pageRows: number): number {
  if (count <= 0) return -1;
  const step = Math.max(1, columns);
  const page = Math.max(1, pageRows) * step;
  let next = index;
  switch (key) {
    case 'ArrowLeft':
      next = columns > 1 ? index - 1 : index;
      break;
    case 'ArrowRight':
      next = columns > 1 ? index + 1 : index;
      break;
    case 'ArrowUp':
      next = index - step >= 0 ? index - step : index;
      break;
    case 'ArrowDown':
      // From the row above a short last row, Down lands on the last item rather than nowhere.
      next = index + step < count ? index + step : Math.floor(index / step) < Math.floor((count - 1) / step) ? count - 1 : index;
      break;
    case 'PageUp':
      next = index - page;
      break;
    case 'PageDown':
      next = index + page;
      break;
    case 'Home':
      next = 0;
      break;
    case 'End':
      next = count - 1;
      break;
  }
  return clamp(next, 0, count - 1);
}
