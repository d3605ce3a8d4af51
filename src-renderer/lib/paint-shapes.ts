import type { Drawing } from '../../src-shared/domain';
import { angleDegrees, formatAngle } from './drawing-geometry';

type Shape = Drawing['shapes'][number];

/** A rectangle in canvas pixels: where a video's picture (and so its drawing's 0..1 square) lands. */
export interface Rect {
  x: number;
  y: number;
  width: number;
  height: number;
}

/** The subset of CanvasRenderingContext2D the painter uses (a fake one in unit tests). */
export type PaintContext = Pick<
  CanvasRenderingContext2D,
  'beginPath' | 'moveTo' | 'lineTo' | 'stroke' | 'fill' | 'ellipse' | 'save' | 'restore' | 'closePath' | 'fillText'
> & { strokeStyle: unknown; fillStyle: unknown; font: string; lineWidth: number; lineCap: CanvasLineCap; lineJoin: CanvasLineJoin };

/**
 * Where a picture of `aspect` (width / height) lands inside `box` when fitted whole and centred —
 * the same letterboxing the players use, so a drawing painted here sits where it sits on screen.
 */
export function fitRect(aspect: number, box: Rect): Rect {
  if (!(aspect > 0)) return box;
  const boxAspect = box.width / box.height;
  if (aspect > boxAspect) {
    const height = box.width / aspect;
    return { x: box.x, y: box.y + (box.height - height) / 2, width: box.width, height };
  }
  const width = box.height * aspect;
  return { x: box.x + (box.width - width) / 2, y: box.y, width, height: box.height };
}

/** Paints a drawing's shapes (0..1 coordinates of the frame) onto the frame's rectangle. */
export function paintShapes(ctx: PaintContext, shapes: readonly Shape[], frame: Rect, lineWidth = 4): void {
  const px = (p: readonly [number, number]): [number, number] => [frame.x + p[0] * frame.width, frame.y + p[1] * frame.height];
  ctx.save();
  ctx.lineWidth = lineWidth;
  ctx.lineCap = 'round';
  ctx.lineJoin = 'round';
  for (const shape of shapes) {
    ctx.strokeStyle = shape.color;
    ctx.fillStyle = shape.color;
    ctx.beginPath();
    switch (shape.kind) {
      case 'arrow':
      case 'line': {
        const [x1, y1] = px(shape.from);
        const [x2, y2] = px(shape.to);
        ctx.moveTo(x1, y1);
        ctx.lineTo(x2, y2);
        ctx.stroke();
        if (shape.kind === 'arrow') paintArrowhead(ctx, x1, y1, x2, y2, lineWidth);
        break;
      }
      case 'circle': {
        const [cx, cy] = px(shape.center);
        // As on screen: the radius is a share of the frame's width, so the circle is round.
        ctx.ellipse(cx, cy, shape.radius * frame.width, shape.radius * frame.width, 0, 0, Math.PI * 2);
        ctx.stroke();
        break;
      }
      case 'freehand': {
        shape.points.forEach((p, i) => (i === 0 ? ctx.moveTo(...px(p)) : ctx.lineTo(...px(p))));
        ctx.stroke();
        break;
      }
      case 'angle': {
        ctx.moveTo(...px(shape.a));
        ctx.lineTo(...px(shape.vertex));
        ctx.lineTo(...px(shape.b));
        ctx.stroke();
        // The measure, beside the vertex, as the screen shows it.
        const [vx, vy] = px(shape.vertex);
        ctx.font = `600 ${Math.max(14, Math.round(frame.height / 24))}px system-ui, sans-serif`;
        ctx.fillText(formatAngle(angleDegrees(shape.a, shape.vertex, shape.b, frame.width / frame.height)), vx + 10, vy - 10);
        break;
      }
    }
  }
  ctx.restore();
}

function paintArrowhead(ctx: PaintContext, x1: number, y1: number, x2: number, y2: number, lineWidth: number): void {
  const angle = Math.atan2(y2 - y1, x2 - x1);
  const size = Math.max(10, lineWidth * 3.5);
  ctx.beginPath();
  ctx.moveTo(x2, y2);
  ctx.lineTo(x2 - size * Math.cos(angle - Math.PI / 7), y2 - size * Math.sin(angle - Math.PI / 7));
  ctx.lineTo(x2 - size * Math.cos(angle + Math.PI / 7), y2 - size * Math.sin(angle + Math.PI / 7));
  ctx.closePath();
  ctx.fill();
}
