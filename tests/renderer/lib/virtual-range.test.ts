import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  EMPTY_RANGE,
  gridLayout,
  itemsInRows,
  moveIndex,
  revealScrollTop,
  rowOffsets,
  uniformOffsets,
  visibleRange,
  visibleRangeByOffsets,
} from '../../../src-renderer/lib/virtual-range';

describe('visibleRange (rows of one height)', () => {
  const base = { scrollTop: 0, viewportHeight: 600, rowHeight: 100, rowCount: 10_000, overscan: 2 };

  it('at the top: the rows in view and the overscan below', () => {
    expect(visibleRange(base)).toEqual({ start: 0, end: 8 });
  });

  it('in the middle: a partly shown row at each edge counts, plus the overscan on both sides', () => {
    expect(visibleRange({ ...base, scrollTop: 5_050 })).toEqual({ start: 48, end: 59 });
  });

  it('at the end: stops at the last row', () => {
    expect(visibleRange({ ...base, scrollTop: 10_000 * 100 - 600 })).toEqual({ start: 9_992, end: 10_000 });
  });

  it('nothing for an empty list or a viewport of no height', () => {
    expect(visibleRange({ ...base, rowCount: 0 })).toEqual(EMPTY_RANGE);
    expect(visibleRange({ ...base, viewportHeight: 0 })).toEqual(EMPTY_RANGE);
  });

  it('a list shorter than the viewport is shown whole', () => {
    expect(visibleRange({ ...base, rowCount: 3 })).toEqual({ start: 0, end: 3 });
  });

  it('holds a bounded number of rows, however long the list', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 100_000 }), fc.integer({ min: 0, max: 20_000_000 }), (rowCount, scrollTop) => {
        const r = visibleRange({ ...base, rowCount, scrollTop: Math.min(scrollTop, Math.max(0, rowCount * 100 - 600)) });
        expect(r.end - r.start).toBeLessThanOrEqual(600 / 100 + 1 + 2 * 2);
        expect(r.start).toBeGreaterThanOrEqual(0);
        expect(r.end).toBeLessThanOrEqual(rowCount);
      }),
    );
  });
});

describe('visibleRangeByOffsets (rows of known, different heights)', () => {
  // A header (44), three items (120), a header (68), two items.
  const offsets = rowOffsets([44, 120, 120, 120, 68, 120, 120]);

  it('sums the heights into tops and a total', () => {
    expect(offsets).toEqual([0, 44, 164, 284, 404, 472, 592, 712]);
    expect(uniformOffsets(3, 50)).toEqual([0, 50, 100, 150]);
    expect(uniformOffsets(0, 50)).toEqual([0]);
  });

  it('finds the rows overlapping the viewport by their tops', () => {
    expect(visibleRangeByOffsets(offsets, 0, 200, 0)).toEqual({ start: 0, end: 3 });
    expect(visibleRangeByOffsets(offsets, 164, 120, 0)).toEqual({ start: 2, end: 3 }); // exactly one row
    expect(visibleRangeByOffsets(offsets, 163, 122, 0)).toEqual({ start: 1, end: 4 }); // a pixel of each neighbour
    expect(visibleRangeByOffsets(offsets, 500, 1000, 1)).toEqual({ start: 4, end: 7 });
  });

  it('copes with a viewport above the list (the list starts lower) or past its end', () => {
    expect(visibleRangeByOffsets(offsets, -50, 100, 0)).toEqual({ start: 0, end: 2 });
    expect(visibleRangeByOffsets(offsets, -500, 100, 0)).toEqual(EMPTY_RANGE);
    expect(visibleRangeByOffsets(offsets, 2_000, 100, 2)).toEqual({ start: 5, end: 7 });
    expect(visibleRangeByOffsets(rowOffsets([]), 0, 100, 2)).toEqual(EMPTY_RANGE);
  });

  it('agrees with the uniform formula when every row has the same height', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 3_000 }),
        fc.integer({ min: 1, max: 300 }),
        fc.integer({ min: 1, max: 2_000 }),
        fc.integer({ min: 0, max: 5 }),
        fc.double({ min: 0, max: 1, noNaN: true }),
        (rowCount, rowHeight, viewportHeight, overscan, at) => {
          const scrollTop = Math.floor(at * Math.max(0, rowCount * rowHeight - viewportHeight));
          expect(visibleRangeByOffsets(uniformOffsets(rowCount, rowHeight), scrollTop, viewportHeight, overscan)).toEqual(
            visibleRange({ scrollTop, viewportHeight, rowHeight, rowCount, overscan }),
          );
        },
      ),
    );
  });

  it('every row in view is in the range (mixed heights)', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 1, max: 200 }), { minLength: 1, maxLength: 400 }), fc.double({ min: 0, max: 1, noNaN: true }), (heights, at) => {
        const o = rowOffsets(heights);
        const total = o[heights.length]!;
        const scrollTop = at * total;
        const viewport = 300;
        const r = visibleRangeByOffsets(o, scrollTop, viewport, 0);
        heights.forEach((_, i) => {
          const inView = o[i]! < scrollTop + viewport && o[i + 1]! > scrollTop;
          if (inView) expect(i >= r.start && i < r.end, `row ${i}`).toBe(true);
        });
      }),
    );
  });
});

describe('gridLayout', () => {
  it('fits as many columns of the minimum width as the width holds, sharing the rest', () => {
    // 1,000 px wide, cells of at least 220 with 14 px gaps: 4 columns of 239.5.
    expect(gridLayout(1_000, 220, 14)).toEqual({ columns: 4, cellWidth: 239.5 });
    expect(gridLayout(220 * 3 + 14 * 2, 220, 14)).toEqual({ columns: 3, cellWidth: 220 });
    expect(gridLayout(220 * 3 + 14 * 2 - 1, 220, 14).columns).toBe(2);
  });

  it('keeps one column when the window is narrower than a cell, and none collapses to zero width', () => {
    expect(gridLayout(150, 220, 14)).toEqual({ columns: 1, cellWidth: 150 });
    expect(gridLayout(0, 220, 14).columns).toBe(1);
  });

  it('maps grid rows to items, the last row short', () => {
    expect(itemsInRows({ start: 2, end: 5 }, 4, 100)).toEqual({ start: 8, end: 20 });
    expect(itemsInRows({ start: 24, end: 26 }, 4, 98)).toEqual({ start: 96, end: 98 });
  });
});

describe('revealScrollTop', () => {
  it('leaves the scroll alone when the row is in view', () => {
    expect(revealScrollTop(300, 100, 200, 500)).toBe(200);
  });
  it('scrolls up just enough for a row above, down just enough for a row below', () => {
    expect(revealScrollTop(100, 100, 200, 500)).toBe(100);
    expect(revealScrollTop(650, 100, 200, 500)).toBe(250);
    expect(revealScrollTop(650, 100, 200, 500, 8)).toBe(258);
  });
  it('shows the top of a row taller than the viewport, and never scrolls above 0', () => {
    expect(revealScrollTop(1_000, 800, 0, 500)).toBe(1_000);
    expect(revealScrollTop(0, 100, 50, 500, 8)).toBe(0);
  });
});

describe('moveIndex (keyboard)', () => {
  it('in a list: up and down by one, left and right do nothing, ends stay put', () => {
    expect(moveIndex(5, 'ArrowDown', 10, 1, 4)).toBe(6);
    expect(moveIndex(5, 'ArrowUp', 10, 1, 4)).toBe(4);
    expect(moveIndex(5, 'ArrowLeft', 10, 1, 4)).toBe(5);
    expect(moveIndex(0, 'ArrowUp', 10, 1, 4)).toBe(0);
    expect(moveIndex(9, 'ArrowDown', 10, 1, 4)).toBe(9);
  });

  it('in a grid: left/right by one cell, up/down by a row, into a short last row from above', () => {
    // 4 columns, 10 items: the last row holds 8 and 9.
    expect(moveIndex(5, 'ArrowRight', 10, 4, 2)).toBe(6);
    expect(moveIndex(4, 'ArrowLeft', 10, 4, 2)).toBe(3);
    expect(moveIndex(1, 'ArrowDown', 10, 4, 2)).toBe(5);
    expect(moveIndex(6, 'ArrowDown', 10, 4, 2)).toBe(9);
    expect(moveIndex(9, 'ArrowDown', 10, 4, 2)).toBe(9);
    expect(moveIndex(9, 'ArrowUp', 10, 4, 2)).toBe(5);
    expect(moveIndex(2, 'ArrowUp', 10, 4, 2)).toBe(2);
  });

  it('pages by whole rows and jumps to the ends', () => {
    expect(moveIndex(50, 'PageDown', 10_000, 4, 3)).toBe(62);
    expect(moveIndex(5, 'PageUp', 10_000, 4, 3)).toBe(0);
    expect(moveIndex(9_990, 'PageDown', 10_000, 4, 3)).toBe(9_999);
    expect(moveIndex(500, 'Home', 10_000, 4, 3)).toBe(0);
    expect(moveIndex(5, 'End', 10_000, 4, 3)).toBe(9_999);
    expect(moveIndex(0, 'End', 0, 1, 1)).toBe(-1);
  });
});
