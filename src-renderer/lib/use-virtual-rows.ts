import { useCallback, useLayoutEffect, useRef, useState, type KeyboardEvent, type RefObject } from 'react';
import { EMPTY_RANGE, isNavigationKey, moveIndex, revealScrollTop, sameRange, visibleRangeByOffsets, type Range } from './virtual-range';

/**
 * The DOM side of a virtualized list. `scroller` is the element that scrolls; `list` the element the
 * rows are positioned in (anywhere inside the scroller). `offsets` are the rows' tops and the total
 * height (virtual-range.ts). Re-renders only when the range of rows to show changes, not on every
 * scroll event.
 */
export function useVirtualRows(scroller: RefObject<HTMLElement | null>, list: RefObject<HTMLElement | null>, offsets: readonly number[], overscan: number) {
  const [range, setRange] = useState<Range>(EMPTY_RANGE);

  // A layout effect: the first frame already shows rows, and a new layout (columns, filter) never flashes.
  useLayoutEffect(() => {
    const el = scroller.current;
    const listEl = list.current;
    if (!el || !listEl) return;
    const measure = () => {
      const next = visibleRangeByOffsets(offsets, el.scrollTop - listTop(el, listEl), el.clientHeight, overscan);
      setRange((prev) => (sameRange(prev, next) ? prev : next));
    };
    measure();
    el.addEventListener('scroll', measure, { passive: true });
    const observer = typeof ResizeObserver === 'undefined' ? null : new ResizeObserver(measure);
    observer?.observe(el);
    return () => {
      el.removeEventListener('scroll', measure);
      observer?.disconnect();
    };
  }, [scroller, list, offsets, overscan]);

  return range;
}

/** Where the list's top is in the scroller's content (the scroller is the rows' offset parent or an ancestor of it). */
function listTop(scroller: HTMLElement, list: HTMLElement): number {
  return list.getBoundingClientRect().top - scroller.getBoundingClientRect().top + scroller.scrollTop;
}

/** An element's content width, kept up to date (a grid recomputes its columns when the window resizes). */
export function useContentWidth(ref: RefObject<HTMLElement | null>): number {
  const [width, setWidth] = useState(0);
  useLayoutEffect(() => {
    const el = ref.current;
    if (!el) return;
    const read = () => setWidth(el.clientWidth);
    read();
    if (typeof ResizeObserver === 'undefined') return;
    const observer = new ResizeObserver(read);
    observer.observe(el);
    return () => observer.disconnect();
  }, [ref]);
  return width;
}

interface KeyboardOptions {
  scroller: RefObject<HTMLElement | null>;
  list: RefObject<HTMLElement | null>;
  count: number;
  columns: number;
  /** Top and height of item `index`'s cell, relative to the list's top. */
  cellBox(index: number): { top: number; height: number };
  /** The element inside item `index` that takes focus (its link), once it is rendered. */
  focusTarget(index: number): HTMLElement | null;
}

/**
 * Arrow keys, Home/End and PageUp/PageDown between a virtualized list's items. The focused item stays
 * rendered while focus is inside it (`focused`, for the list to keep in the DOM even when scrolled out
 * of view), so focus is never dropped when rows recycle; moving focus scrolls the item into view first.
 */
export function useListKeyboard({ scroller, list, count, columns, cellBox, focusTarget }: KeyboardOptions) {
  const [focused, setFocused] = useState<number | null>(null);
  const pending = useRef<number | null>(null);

  // After the render that mounts the target item, move focus to it.
  useLayoutEffect(() => {
    if (pending.current === null) return;
    const target = focusTarget(pending.current);
    if (target) {
      pending.current = null;
      target.focus({ preventScroll: true });
    }
  });

  const focusIndex = useCallback(
    (index: number) => {
      const el = scroller.current;
      const listEl = list.current;
      if (!el || !listEl || index < 0 || index >= count) return;
      const top = listTop(el, listEl);
      const box = cellBox(index);
      const next = revealScrollTop(box.top + top, box.height, el.scrollTop, el.clientHeight, 8);
      if (next !== el.scrollTop) el.scrollTo({ top: next });
      pending.current = index;
      setFocused(index);
      const target = focusTarget(index);
      if (target) {
        pending.current = null;
        target.focus({ preventScroll: true });
      }
    },
    [scroller, list, count, cellBox, focusTarget],
  );

  const onKeyDown = useCallback(
    (event: KeyboardEvent<HTMLElement>) => {
      if (!isNavigationKey(event.key) || event.altKey || event.ctrlKey || event.metaKey || event.shiftKey) return;
      const from = indexOf(event.target);
      if (from === null) return;
      const el = scroller.current;
      const rowHeight = Math.max(1, cellBox(from).height);
      const pageRows = el ? Math.max(1, Math.floor(el.clientHeight / rowHeight) - 1) : 1;
      const to = moveIndex(from, event.key, count, columns, pageRows);
      event.preventDefault();
      if (to !== from) focusIndex(to);
    },
    [scroller, cellBox, count, columns, focusIndex],
  );

  const onFocus = useCallback((event: { target: EventTarget }) => {
    const index = indexOf(event.target);
    if (index !== null) setFocused(index);
  }, []);

  const onBlur = useCallback((event: { relatedTarget: EventTarget | null; currentTarget: EventTarget }) => {
    const next = event.relatedTarget;
    // Focus left the list (not moved to another of its items): no item needs to stay rendered.
    if (!(next instanceof Node) || !(event.currentTarget as Node).contains(next)) setFocused(null);
  }, []);

  return { focused: focused !== null && focused < count ? focused : null, focusIndex, handlers: { onKeyDown, onFocus, onBlur } };
}

/** The item index of the element an event came from (items carry data-index). */
function indexOf(target: EventTarget | null): number | null {
  if (!(target instanceof Element)) return null;
  const item = target.closest<HTMLElement>('[data-index]');
  const index = item ? Number(item.dataset['index']) : NaN;
  return Number.isInteger(index) ? index : null;
}

/**
 * Lengths a stylesheet sets as custom properties on `ref` (e.g. `--stack-item-height: 114px`), read
 * again when `key` changes (the width: a media query may have changed them). CSS owns the sizes; the
 * list only reads them, so rows are placed exactly where the stylesheet draws them.
 */
export function useCssLengths<K extends string>(ref: RefObject<HTMLElement | null>, fallback: Record<K, number>, key: unknown): Record<K, number> {
  const [values, setValues] = useState(fallback);
  const defaults = useRef(fallback);
  useLayoutEffect(() => {
    const el = ref.current;
    if (!el) return;
    const style = getComputedStyle(el);
    const next = { ...defaults.current };
    for (const name of Object.keys(next) as K[]) {
      const value = parseFloat(style.getPropertyValue(`--${name}`));
      if (Number.isFinite(value)) next[name] = value;
    }
    setValues((prev) => ((Object.keys(next) as K[]).every((name) => prev[name] === next[name]) ? prev : next));
  }, [ref, key]);
  return values;
}
