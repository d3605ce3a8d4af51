/** Where the main window was: its normal (not maximized) bounds, whether it was maximized, and on which display. */
export interface WindowState {
  x: number;
  y: number;
  width: number;
  height: number;
  maximized: boolean;
  /** The display it was on (Electron's display id), to come back on the same screen when it is still there. */
  displayId?: number;
}

export interface Rect {
  x: number;
  y: number;
  width: number;
  height: number;
}

export interface DisplayArea {
  id: number;
  /** The display minus taskbar, Dock and menu bar. */
  workArea: Rect;
}

export interface RestoredBounds {
  /** Absent: let the OS place (center) the window. */
  x?: number;
  y?: number;
  width: number;
  height: number;
  maximized: boolean;
}

export const DEFAULT_WINDOW_SIZE = { width: 1280, height: 820 } as const;
export const MIN_WINDOW_SIZE = { width: 960, height: 600 } as const;

const overlap = (a: Rect, b: Rect): number =>
  Math.max(0, Math.min(a.x + a.width, b.x + b.width) - Math.max(a.x, b.x)) * Math.max(0, Math.min(a.y + a.height, b.y + b.height) - Math.max(a.y, b.y));

const isFiniteRect = (r: Partial<Rect> | null | undefined): r is Rect =>
  !!r && [r.x, r.y, r.width, r.height].every((n) => typeof n === 'number' && Number.isFinite(n)) && r.width! > 0 && r.height! > 0;

/**
 * The bounds to open the window with, from what was saved and the displays there are now
 * (`displays[0]` is the primary). The window comes back where it was when that place is still on a
 * screen; a display that was unplugged or changed resolution never leaves it off-screen or larger than
 * the work area: it moves to the display it overlaps most (its saved display when nothing overlaps and
 * that display still exists, else the primary), shrunk to fit and pulled inside the work area.
 */
export function restoreBounds(saved: WindowState | null | undefined, displays: readonly DisplayArea[]): RestoredBounds {
  const primary = displays[0];
  if (!primary) return { ...DEFAULT_WINDOW_SIZE, maximized: false };
  if (!isFiniteRect(saved)) return { ...fit(DEFAULT_WINDOW_SIZE, primary.workArea), maximized: false };

  let target: DisplayArea | undefined;
  let best = 0;
  for (const display of displays) {
    const area = overlap(saved, display.workArea);
    if (area > best) [best, target] = [area, display];
  }
  const onScreen = target !== undefined;
  target ??= displays.find((d) => d.id === saved.displayId) ?? primary;
  const work = target.workArea;
  const size = fit(saved, work);
  const maximized = saved.maximized === true;
  if (!onScreen) {
    // Nothing of it is visible any more: center it on the display it goes to.
    return { x: work.x + Math.round((work.width - size.width) / 2), y: work.y + Math.round((work.height - size.height) / 2), ...size, maximized };
  }
  return {
    x: clamp(Math.round(saved.x), work.x, work.x + work.width - size.width),
    y: clamp(Math.round(saved.y), work.y, work.y + work.height - size.height),
    ...size,
    maximized,
  };
}

/** A size at least the minimum (where the work area allows) and at most the work area. */
function fit(size: { width: number; height: number }, work: Rect): { width: number; height: number } {
  return {
    width: Math.round(clamp(size.width, Math.min(MIN_WINDOW_SIZE.width, work.width), work.width)),
    height: Math.round(clamp(size.height, Math.min(MIN_WINDOW_SIZE.height, work.height), work.height)),
  };
}

const clamp = (n: number, min: number, max: number): number => Math.min(Math.max(n, min), Math.max(min, max));

/** A saved value read back from the settings file, or null when it is not a window state. */
export function parseWindowState(value: unknown): WindowState | null {
  if (typeof value !== 'object' || value === null) return null;
  const v = value as Partial<WindowState>;
  const { maximized, displayId } = v;
  if (!isFiniteRect(v) || typeof maximized !== 'boolean') return null;
  return { x: v.x, y: v.y, width: v.width, height: v.height, maximized, ...(typeof displayId === 'number' ? { displayId } : {}) };
}

/** Calls `fn` once `ms` after the last call; `flush` runs a pending call now (on close), `cancel` drops it. */
export function debounce(fn: () => void, ms: number) {
  let timer: ReturnType<typeof setTimeout> | null = null;
  const run = () => {
    timer = null;
    fn();
  };
  return {
    call() {
      if (timer) clearTimeout(timer);
      timer = setTimeout(run, ms);
    },
    flush() {
      if (!timer) return;
      clearTimeout(timer);
      run();
    },
    cancel() {
      if (timer) clearTimeout(timer);
      timer = null;
    },
  };
}
