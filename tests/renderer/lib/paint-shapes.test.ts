import { describe, expect, it } from 'vitest';
import { fitRect, paintShapes, type PaintContext } from '../../../src-renderer/lib/paint-shapes';

/** A context that writes down the path calls, to compare with where the shapes should land. */
function recordingContext() {
  const calls: string[] = [];
  const ctx = {
    strokeStyle: '' as unknown,
    fillStyle: '' as unknown,
    lineWidth: 1,
    lineCap: 'butt' as CanvasLineCap,
    lineJoin: 'miter' as CanvasLineJoin,
    beginPath: () => calls.push('begin'),
    closePath: () => calls.push('close'),
    moveTo: (x: number, y: number) => calls.push(`M${x},${y}`),
    lineTo: (x: number, y: number) => calls.push(`L${x},${y}`),
    ellipse: (x: number, y: number, rx: number, ry: number) => calls.push(`E${x},${y},${rx},${ry}`),
    font: '',
    fillText: (text: string, x: number, y: number) => calls.push(`T${text}@${x},${y}`),
    stroke: () => calls.push('stroke'),
    fill: () => calls.push('fill'),
    save: () => calls.push('save'),
    restore: () => calls.push('restore'),
  } satisfies PaintContext;
  return { ctx, calls };
}

describe('painting drawings into a composed reply', () => {
  it('letterboxes a picture in its box the way the players do', () => {
    // A 16:9 picture in a 640×720 half of the canvas: full width, centred vertically.
    expect(fitRect(16 / 9, { x: 640, y: 0, width: 640, height: 720 })).toEqual({ x: 640, y: 180, width: 640, height: 360 });
    // A portrait phone video in a 16:9 box: full height, centred horizontally.
    expect(fitRect(9 / 16, { x: 0, y: 0, width: 1280, height: 720 })).toEqual({ x: 437.5, y: 0, width: 405, height: 720 });
    // Nothing known about the picture: the box itself.
    expect(fitRect(Number.NaN, { x: 1, y: 2, width: 3, height: 4 })).toEqual({ x: 1, y: 2, width: 3, height: 4 });
  });

  it('puts each shape at its 0..1 place on the picture, with an arrowhead on arrows', () => {
    const { ctx, calls } = recordingContext();
    const frame = { x: 640, y: 180, width: 640, height: 360 };
    paintShapes(ctx, [
      { kind: 'line', from: [0, 0], to: [1, 1], color: '#fff' },
      { kind: 'circle', center: [0.5, 0.5], radius: 0.25, color: '#f00' },
      { kind: 'angle', a: [0, 1], vertex: [0.5, 0.5], b: [1, 1], color: '#0f0' },
      { kind: 'arrow', from: [0, 0.5], to: [1, 0.5], color: '#ff0' },
    ], frame);
    expect(calls).toContain('M640,180');
    expect(calls).toContain('L1280,540');
    // A circle's radius is a share of the frame's width: round, as on screen.
    expect(calls).toContain('E960,360,160,160');
    // The angle's measure beside its vertex, in screen terms: legs of (∓320, +180) px meet at
    // 2 × atan(320 / 180) ≈ 121° (not the 90° the unit square would suggest).
    expect(calls).toContain('T121°@970,350');
    expect(calls.join(' ')).toContain('M640,540 L960,360 L1280,540');
    // The arrow: its line, then a filled head whose tip is the arrow's end.
    const arrowStart = calls.lastIndexOf('M640,360');
    expect(calls.slice(arrowStart)).toEqual(expect.arrayContaining(['L1280,360', 'M1280,360', 'fill']));
    expect(calls[0]).toBe('save');
    expect(calls.at(-1)).toBe('restore');
  });
});
