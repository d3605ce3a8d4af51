import { afterEach, describe, expect, it, vi } from 'vitest';
import { debounce, DEFAULT_WINDOW_SIZE, parseWindowState, restoreBounds, type DisplayArea } from '../../../src-main/electron/desktop/window-state';

const laptop: DisplayArea = { id: 1, workArea: { x: 0, y: 25, width: 1440, height: 875 } };
const monitor: DisplayArea = { id: 2, workArea: { x: 1440, y: 0, width: 2560, height: 1400 } };
const left: DisplayArea = { id: 3, workArea: { x: -1920, y: 0, width: 1920, height: 1040 } };

describe('restoreBounds', () => {
  it('opens at the default size, centered by the OS, the first time', () => {
    expect(restoreBounds(null, [laptop, monitor])).toEqual({ ...DEFAULT_WINDOW_SIZE, maximized: false });
    expect(restoreBounds(undefined, [])).toEqual({ ...DEFAULT_WINDOW_SIZE, maximized: false });
  });

  it('comes back where it was, maximized or not, when that place is still on a screen', () => {
    const saved = { x: 1600, y: 100, width: 1600, height: 1000, maximized: true, displayId: 2 };
    expect(restoreBounds(saved, [laptop, monitor])).toEqual({ x: 1600, y: 100, width: 1600, height: 1000, maximized: true });
    expect(restoreBounds({ ...saved, x: -1800, y: 50, height: 900, displayId: 3 }, [laptop, left])).toMatchObject({ x: -1800, y: 50, height: 900 });
  });

  it('moves a window whose display was unplugged onto one that is there, centered', () => {
    const saved = { x: 1600, y: 100, width: 1200, height: 800, maximized: false, displayId: 2 };
    expect(restoreBounds(saved, [laptop])).toEqual({ x: 120, y: 63, width: 1200, height: 800, maximized: false });
  });

  it('shrinks a window larger than its display and pulls a half-visible one inside the work area', () => {
    const tooBig = { x: 0, y: 0, width: 2500, height: 1400, maximized: false, displayId: 2 };
    expect(restoreBounds(tooBig, [laptop])).toEqual({ x: 0, y: 25, width: 1440, height: 875, maximized: false });
    const hanging = { x: 1000, y: 700, width: 1000, height: 700, maximized: false };
    expect(restoreBounds(hanging, [laptop])).toEqual({ x: 440, y: 200, width: 1000, height: 700, maximized: false });
    // Behind the macOS menu bar (y < work area): moved down so the title bar can be grabbed.
    expect(restoreBounds({ x: 10, y: 0, width: 1000, height: 700, maximized: false }, [laptop])).toMatchObject({ y: 25 });
  });

  it('goes to the display it overlaps most', () => {
    const straddling = { x: 1300, y: 100, width: 1000, height: 700, maximized: false, displayId: 1 };
    expect(restoreBounds(straddling, [laptop, monitor])).toMatchObject({ x: 1440, y: 100 });
  });

  it('keeps the minimum size where the display allows it', () => {
    expect(restoreBounds({ x: 10, y: 30, width: 200, height: 100, maximized: false }, [laptop])).toMatchObject({ width: 960, height: 600 });
    const tiny: DisplayArea = { id: 9, workArea: { x: 0, y: 0, width: 800, height: 500 } };
    expect(restoreBounds({ x: 0, y: 0, width: 1280, height: 820, maximized: false }, [tiny])).toEqual({ x: 0, y: 0, width: 800, height: 500, maximized: false });
  });

  it('ignores a damaged saved state', () => {
    for (const bad of [{ x: Number.NaN, y: 0, width: 100, height: 100, maximized: false }, { x: 0, y: 0, width: 0, height: 100, maximized: false }]) {
      expect(restoreBounds(bad, [laptop])).toEqual({ ...DEFAULT_WINDOW_SIZE, maximized: false });
    }
    expect(parseWindowState({ x: 1, y: 2, width: 3, height: 4 })).toBeNull();
    expect(parseWindowState('big')).toBeNull();
    expect(parseWindowState({ x: 1, y: 2, width: 3, height: 4, maximized: true, displayId: 7, extra: 1 })).toEqual({ x: 1, y: 2, width: 3, height: 4, maximized: true, displayId: 7 });
  });
});

describe('debounce', () => {
  afterEach(() => vi.useRealTimers());

  it('saves once after moving stops, and at once on close', () => {
    vi.useFakeTimers();
    const save = vi.fn();
    const saveSoon = debounce(save, 500);
    for (let i = 0; i < 10; i++) {
      saveSoon.call();
      vi.advanceTimersByTime(100);
    }
    expect(save).not.toHaveBeenCalled();
    vi.advanceTimersByTime(500);
    expect(save).toHaveBeenCalledOnce();
    saveSoon.call();
    saveSoon.flush();
    expect(save).toHaveBeenCalledTimes(2);
    vi.advanceTimersByTime(1000);
    expect(save).toHaveBeenCalledTimes(2);
  });
});
