import type { Drawing } from '../../src-shared/domain';

/**
 * The geometry of drawings on a video frame. A drawing's points are normalized to the displayed,
 * rotation-corrected frame: x as a fraction of its width, y of its height. That square of 0..1 is not
 * square on screen (a 16:9 frame is 1.78 times wider than tall), so anything measured — an angle, a
 * circle's size — is measured after stretching x by the frame's aspect ratio (width / height).
 */

export type Shape = Drawing['shapes'][number];
export type Point = [number, number];

export interface Rect {
  left: number;
  top: number;
  width: number;
  height: number;
}

const clamp01 = (v: number) => (Number.isFinite(v) ? Math.max(0, Math.min(1, v)) : 0);

/**
 * Where the picture actually is inside an element that shows media with `object-fit: contain`: the
 * largest rect of the media's aspect ratio centred in the box (letterboxed or pillarboxed). With no
 * known media size, the whole box.
 */
export function containRect(box: Rect, mediaWidth: number, mediaHeight: number): Rect {
  if (!(mediaWidth > 0) || !(mediaHeight > 0) || !(box.width > 0) || !(box.height > 0)) return { ...box };
  const scale = Math.min(box.width / mediaWidth, box.height / mediaHeight);
  const width = mediaWidth * scale;
  const height = mediaHeight * scale;
  return { left: box.left + (box.width - width) / 2, top: box.top + (box.height - height) / 2, width, height };
}

/** A pointer's position (client pixels) as a point of the frame shown in `frame`, kept inside it. */
export function toFramePoint(clientX: number, clientY: number, frame: Rect): Point {
  if (!(frame.width > 0) || !(frame.height > 0)) return [0, 0];
  return [clamp01((clientX - frame.left) / frame.width), clamp01((clientY - frame.top) / frame.height)];
}

/** Rounds a normalized point to 4 decimals (a tenth of a pixel on a 4K frame), for compact storage. */
export function roundPoint(p: readonly [number, number]): Point {
  return [Math.round(clamp01(p[0]) * 10_000) / 10_000, Math.round(clamp01(p[1]) * 10_000) / 10_000];
}

/** The distance between two normalized points, in units of the frame's width. */
export function frameDistance(p: readonly [number, number], q: readonly [number, number], aspect: number): number {
  const a = aspect > 0 ? aspect : 1;
  return Math.hypot(q[0] - p[0], (q[1] - p[1]) / a);
}

/**
 * The angle at `vertex` between the rays to `a` and `b`, in degrees (0..180), as it looks on the
 * frame: x is stretched by the aspect ratio before measuring. Null when either arm has no length.
 */
export function angleDegrees(a: readonly [number, number], vertex: readonly [number, number], b: readonly [number, number], aspect: number): number | null {
  const k = aspect > 0 ? aspect : 1;
  const ux = (a[0] - vertex[0]) * k;
  const uy = a[1] - vertex[1];
  const vx = (b[0] - vertex[0]) * k;
  const vy = b[1] - vertex[1];
  if (Math.hypot(ux, uy) < 1e-9 || Math.hypot(vx, vy) < 1e-9) return null;
  // atan2 of the cross and dot products: stable near 0° and 180°, where acos is not.
  const degrees = (Math.abs(Math.atan2(ux * vy - uy * vx, ux * vx + uy * vy)) * 180) / Math.PI;
  return Math.min(180, Math.max(0, degrees));
}

/** An angle as the drawing shows it: whole degrees. */
export function formatAngle(degrees: number | null): string {
  return degrees === null ? '—' : `${Math.round(degrees)}°`;
}

/**
 * A circle's radius as stored: a fraction of the frame's width, so it is round on screen (its
 * vertical radius is `radius × aspect` of the frame's height). At most 1, as the schema allows.
 */
export function circleRadius(center: readonly [number, number], edge: readonly [number, number], aspect: number): number {
  return Math.min(1, Math.round(frameDistance(center, edge, aspect) * 10_000) / 10_000);
}

/** The radii of a stored circle in normalized x and y (what an SVG ellipse over the frame needs). */
export function circleRadii(radius: number, aspect: number): { rx: number; ry: number } {
  return { rx: radius, ry: radius * (aspect > 0 ? aspect : 1) };
}

/**
 * A freehand stroke with points closer than `minStep` (in frame widths) to the last kept one left
 * out, and no more than `max` points (the schema's limit): a steady hand makes hundreds of pointer
 * events that add nothing visible. The last point is always kept.
 */
export function thinStroke(points: readonly (readonly [number, number])[], aspect: number, minStep = 0.002, max = 5000): Point[] {
  if (points.length === 0) return [];
  const kept: Point[] = [roundPoint(points[0]!)];
  for (let i = 1; i < points.length; i++) {
    const p = points[i]!;
    const last = kept[kept.length - 1]!;
    if (frameDistance(last, p, aspect) >= minStep || i === points.length - 1) kept.push(roundPoint(p));
  }
  if (kept.length <= max) return kept;
  const step = (kept.length - 1) / (max - 1);
  return Array.from({ length: max }, (_, i) => kept[Math.round(i * step)]!);
}

/** Whether a shape is too small to mean anything (a click with the arrow tool, say). */
export function isNegligible(shape: Shape, aspect: number, minSize = 0.01): boolean {
  switch (shape.kind) {
    case 'arrow':
    case 'line':
      return frameDistance(shape.from, shape.to, aspect) < minSize;
    case 'circle':
      return shape.radius < minSize / 2;
    case 'freehand':
      return shape.points.length < 2 || shape.points.every((p) => frameDistance(shape.points[0]!, p, aspect) < minSize);
    case 'angle':
      return angleDegrees(shape.a, shape.vertex, shape.b, aspect) === null;
  }
}

/** What a shape is, in words (for screen readers and the thread). */
export function describeShape(shape: Shape, aspect: number): string {
  switch (shape.kind) {
    case 'arrow':
      return 'an arrow';
    case 'line':
      return 'a line';
    case 'circle':
      return 'a circle';
    case 'freehand':
      return 'a freehand stroke';
    case 'angle':
      return `an angle of ${formatAngle(angleDegrees(shape.a, shape.vertex, shape.b, aspect))}`;
  }
}

/** A drawing in words: "an arrow and an angle of 47°". */
export function describeDrawing(shapes: readonly Shape[], aspect: number): string {
  const parts = shapes.map((s) => describeShape(s, aspect));
  if (parts.length === 0) return 'nothing drawn';
  if (parts.length === 1) return parts[0]!;
  return `${parts.slice(0, -1).join(', ')} and ${parts[parts.length - 1]}`;
}
