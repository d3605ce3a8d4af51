import { describe, expect, it } from 'vitest';
import { sideThreadPlacement } from '../../../src-renderer/screens/compare/compare-screen';

/** The comparison's room at a window size, as the screen measures it (sidebar, padding, tools, one-row transport). */
const room = (width: number, height: number, controls = 76) => ({
  width: width - 224 - 32,
  height,
  header: 34,
  controls,
  tools: 40,
  gap: 8,
  threadBelow: Math.min(168, 0.28 * height),
  threadBeside: Math.max(280, Math.min(0.26 * width, 380)),
});

describe('where side by side puts the thread', () => {
  it('below the players on laptop screens: two 16:9 pictures are bound by the width', () => {
    expect(sideThreadPlacement(room(1280, 720 - 14))).toBe('below');
    expect(sideThreadPlacement(room(1366, 768 - 14))).toBe('below');
    expect(sideThreadPlacement(room(1280, 600 - 14))).toBe('below');
    expect(sideThreadPlacement(room(1024, 640 - 14, 118))).toBe('below');
  });

  it('beside them when the height is short (a small screen with the jobs tray open): the pictures are larger there', () => {
    expect(sideThreadPlacement(room(1280, 440))).toBe('beside');
    expect(sideThreadPlacement(room(1920, 520))).toBe('beside');
  });
});
