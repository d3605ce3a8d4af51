import { describe, expect, it } from 'vitest';
import {
  angleDegrees,
  circleRadii,
  circleRadius,
  containRect,
  describeDrawing,
  formatAngle,
  isNegligible,
  thinStroke,
  toFramePoint,
  type Point,
} from '../../../src-renderer/lib/drawing-geometry';

const WIDE = 16 / 9;

/** A point given in frame pixels, as a normalized point of a frame `w` × `h`. */
const norm = (x: number, y: number, w = 1600, h = 900): Point => [x / w, y / h];

describe('the angle measure', () => {
  it('measures a right angle as 90°, whichever way it opens', () => {
    expect(angleDegrees([0.2, 0.5], [0.5, 0.5], [0.5, 0.1], WIDE)).toBeCloseTo(90, 9);
    expect(angleDegrees([0.8, 0.5], [0.5, 0.5], [0.5, 0.9], WIDE)).toBeCloseTo(90, 9);
  });

  it('measures straight and folded arms as 180° and 0°', () => {
    expect(angleDegrees([0.1, 0.5], [0.5, 0.5], [0.9, 0.5], WIDE)).toBeCloseTo(180, 9);
    expect(angleDegrees([0.9, 0.5], [0.5, 0.5], [0.7, 0.5], WIDE)).toBeCloseTo(0, 9);
  });

  it('measures what the eye sees on a 16:9 frame, not the angle of the stretched 0..1 square', () => {
    // On a 1600×900 frame: one arm 200 px to the right, the other 200 px right and 200 px up — 45°.
    const vertex = norm(800, 450);
    const a = norm(1000, 450);
    const b = norm(1000, 250);
    expect(angleDegrees(a, vertex, b, WIDE)).toBeCloseTo(45, 9);
    // Uncorrected, the normalized coordinates would say atan(16/9) ≈ 60.6°.
    expect(angleDegrees(a, vertex, b, 1)).toBeCloseTo((Math.atan(16 / 9) * 180) / Math.PI, 9);
  });

  it('corrects a portrait frame the other way', () => {
    // A 900×1600 (9:16) frame: 45° on screen is 300 px across and 300 px down.
    const w = 900;
    const h = 1600;
    expect(angleDegrees(norm(750, 800, w, h), norm(450, 800, w, h), norm(750, 1100, w, h), 9 / 16)).toBeCloseTo(45, 9);
  });

  it('measures a 30° angle drawn at any rotation and on any frame', () => {
    for (const aspect of [WIDE, 4 / 3, 1, 9 / 16]) {
      const w = 1000 * aspect;
      const h = 1000;
      for (const turn of [0, 17, 95, 200, 310]) {
        const r = (deg: number) => ((deg + turn) * Math.PI) / 180;
        const v: [number, number] = [w / 2, h / 2];
        const a = norm(v[0] + 200 * Math.cos(r(0)), v[1] + 200 * Math.sin(r(0)), w, h);
        const b = norm(v[0] + 300 * Math.cos(r(30)), v[1] + 300 * Math.sin(r(30)), w, h);
        expect(angleDegrees(a, norm(v[0], v[1], w, h), b, aspect)).toBeCloseTo(30, 6);
      }
    }
  });

  it('has no angle when an arm has no length', () => {
    expect(angleDegrees([0.5, 0.5], [0.5, 0.5], [0.9, 0.1], WIDE)).toBeNull();
    expect(formatAngle(null)).toBe('—');
    expect(formatAngle(44.6)).toBe('45°');
  });
});

describe('pointer positions on a letterboxed picture', () => {
  it('finds the picture inside a box: pillarboxed portrait, letterboxed wide, or filling it', () => {
    const box = { left: 100, top: 50, width: 640, height: 360 };
    expect(containRect(box, 1080, 1920)).toEqual({ left: 100 + (640 - 202.5) / 2, top: 50, width: 202.5, height: 360 });
    expect(containRect(box, 2400, 900)).toEqual({ left: 100, top: 50 + (360 - 240) / 2, width: 640, height: 240 });
    expect(containRect(box, 1920, 1080)).toEqual(box);
    // Before the video knows its size: the whole box.
    expect(containRect(box, 0, 0)).toEqual(box);
  });

  it('maps a pointer through the picture, not the element, and keeps it on the frame', () => {
    const frame = containRect({ left: 0, top: 0, width: 640, height: 360 }, 1080, 1920);
    // The picture's centre is the frame's centre; its top-left corner is (0, 0).
    expect(toFramePoint(320, 180, frame)).toEqual([0.5, 0.5]);
    expect(toFramePoint(frame.left, frame.top, frame)).toEqual([0, 0]);
    // In the black bars: clamped to the picture's edge.
    expect(toFramePoint(5, 400, frame)).toEqual([0, 1]);
  });

  it('lands a normalized point on the same spot of the picture at any window size', () => {
    const spot = (box: { left: number; top: number; width: number; height: number }) => {
      const f = containRect(box, 640, 360);
      return toFramePoint(f.left + f.width * 0.3, f.top + f.height * 0.7, f);
    };
    expect(spot({ left: 0, top: 0, width: 1280, height: 720 })[0]).toBeCloseTo(0.3, 12);
    expect(spot({ left: 40, top: 10, width: 373, height: 400 })[1]).toBeCloseTo(0.7, 12);
  });
});

describe('circles', () => {
  it('stores the radius as a fraction of the frame’s width, so the circle is round on screen', () => {
    // 160 px to the right on a 1600 px wide frame: a tenth of the width.
    expect(circleRadius(norm(800, 450), norm(960, 450), WIDE)).toBeCloseTo(0.1, 4);
    // 160 px straight down is the same circle.
    expect(circleRadius(norm(800, 450), norm(800, 610), WIDE)).toBeCloseTo(0.1, 4);
    const { rx, ry } = circleRadii(0.1, WIDE);
    expect(rx * 1600).toBeCloseTo(ry * 900, 9);
  });
});

describe('freehand strokes', () => {
  it('drops points that add nothing, keeps the ends, and stays within the schema’s limit', () => {
    const steady = Array.from({ length: 1000 }, (_, i): Point => [0.1 + i * 0.0001, 0.5]);
    const thin = thinStroke(steady, WIDE);
    expect(thin[0]).toEqual([0.1, 0.5]);
    expect(thin.at(-1)?.[0]).toBeCloseTo(0.1999, 4);
    expect(thin.length).toBeLessThan(100);
    const wild = Array.from({ length: 12_000 }, (_, i): Point => [(i % 100) / 100, (i % 37) / 37]);
    expect(thinStroke(wild, WIDE).length).toBeLessThanOrEqual(5000);
  });
});

describe('shapes in words', () => {
  it('says what was drawn, angles with their degrees', () => {
    const angle = { kind: 'angle' as const, a: norm(1000, 450), vertex: norm(800, 450), b: norm(1000, 250), color: '#fff' };
    const arrow = { kind: 'arrow' as const, from: [0.1, 0.1] as Point, to: [0.3, 0.3] as Point, color: '#fff' };
    expect(describeDrawing([arrow, angle], WIDE)).toBe('an arrow and an angle of 45°');
    expect(isNegligible({ ...arrow, to: [0.101, 0.1] }, WIDE)).toBe(true);
    expect(isNegligible(arrow, WIDE)).toBe(false);
  });
});
