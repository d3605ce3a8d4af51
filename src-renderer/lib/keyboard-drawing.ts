import { angleDegrees, circleRadius, formatAngle, isNegligible, roundPoint, type Point, type Shape } from './drawing-geometry';

/**
 * Drawing without a pointer: with a tool picked and a picture's drawing area focused, the arrow keys
 * move a crosshair over the frame, Enter (or Space) sets the point under it — the start, then the
 * end of an arrow or a line; a circle's centre, then a point of its edge; an angle's first end, its
 * vertex, then its second end — and Esc drops the shape being placed. Freehand stays a pointer's.
 * Pure: the drawing layer keeps the state, adds the shapes and announces the messages.
 */

export type KeyTool = Shape['kind'];

export interface KeyDrawing {
  /** Where the crosshair is, in 0..1 of the frame. */
  cursor: Point;
  /** The points set so far for the shape being placed. */
  points: Point[];
}

/** The crosshair starts in the middle of the picture, nothing placed. */
export const KEY_DRAWING_START: KeyDrawing = { cursor: [0.5, 0.5], points: [] };
/** One arrow key moves the crosshair by this share of the picture's width or height; with Shift, by the big step. */
export const KEY_STEP = 0.01;
export const KEY_BIG_STEP = 0.1;

export type KeyDrawingResult =
  /** Not a key of keyboard drawing: the app's shortcuts may have it. */
  | { handled: false }
  /** The new state; a finished shape to add, if any; what to announce. */
  | { handled: true; state: KeyDrawing; shape: Shape | null; message: string };

const TOOL_NAME: Record<KeyTool, string> = { arrow: 'Arrow', line: 'Line', circle: 'Circle', freehand: 'Freehand', angle: 'Angle' };
/** The points each tool takes, named as they are announced. Freehand takes none: it needs a pointer. */
const POINT_NAMES: Record<KeyTool, readonly string[]> = {
  arrow: ['start', 'end'],
  line: ['start', 'end'],
  circle: ['centre', 'edge'],
  freehand: [],
  angle: ['first end', 'vertex', 'second end'],
};

export const FREEHAND_NEEDS_POINTER = 'Freehand needs a mouse, pen or touch. To draw by keyboard, pick the arrow (A), line (S), circle (C) or angle (G).';

const MOVES: Record<string, Point> = { ArrowLeft: [-1, 0], ArrowRight: [1, 0], ArrowUp: [0, -1], ArrowDown: [0, 1] };

/** A point as it is announced: "40 %, 30 %" (across, then down). */
export function formatPoint(p: readonly [number, number]): string {
  return `${Math.round(p[0] * 100)} %, ${Math.round(p[1] * 100)} %`;
}

/** How many points `tool` takes by keyboard (0: it cannot be drawn by keyboard). */
export function pointsNeeded(tool: KeyTool): number {
  return POINT_NAMES[tool].length;
}

/** The shape that `points` make with `tool`, in order (as many as the tool takes); null for freehand. */
export function shapeFromPoints(tool: KeyTool, points: readonly Point[], color: string, aspect: number): Shape | null {
  const [p, q, r] = points;
  if (!p || !q) return null;
  switch (tool) {
    case 'arrow':
    case 'line':
      return { kind: tool, from: p, to: q, color };
    case 'circle':
      return { kind: 'circle', center: p, radius: circleRadius(p, q, aspect), color };
    case 'angle':
      return r ? { kind: 'angle', a: p, vertex: q, b: r, color } : null;
    case 'freehand':
      return null;
  }
}

/** What the shape being placed would be with its next point under the crosshair (shown while placing it). */
export function keyDrawingPreview(state: KeyDrawing, tool: KeyTool, color: string, aspect: number): Shape | null {
  if (state.points.length === 0) return null;
  const points = [...state.points, state.cursor];
  // An angle's first arm shows as a line until its vertex is set.
  if (tool === 'angle' && points.length === 2) return { kind: 'line', from: points[0]!, to: points[1]!, color };
  return shapeFromPoints(tool, points, color, aspect);
}

function finishedMessage(shape: Shape, aspect: number): string {
  switch (shape.kind) {
    case 'arrow':
    case 'line':
      return `${TOOL_NAME[shape.kind]} drawn from ${formatPoint(shape.from)} to ${formatPoint(shape.to)}.`;
    case 'circle':
      return `Circle drawn around ${formatPoint(shape.center)}.`;
    case 'angle':
      return `Angle of ${formatAngle(angleDegrees(shape.a, shape.vertex, shape.b, aspect))} measured at ${formatPoint(shape.vertex)}.`;
    case 'freehand':
      return 'Freehand stroke drawn.';
  }
}

/**
 * One key pressed on a focused drawing area: the next state, a finished shape, and what to announce.
 * `undo` is Ctrl/⌘+Z: while a shape is half placed it takes back the last point set (the last thing
 * done); otherwise it is not the area's, and undoes the last finished shape as anywhere else.
 */
export function keyDrawingStep(state: KeyDrawing, key: { key: string; shiftKey: boolean; undo?: boolean }, tool: KeyTool, color: string, aspect: number): KeyDrawingResult {
  if (key.undo) {
    const placed = state.points.length;
    if (placed === 0) return { handled: false };
    const points = state.points.slice(0, -1);
    const message = points.length === 0 ? `${TOOL_NAME[tool]} cancelled.` : `${TOOL_NAME[tool]} ${POINT_NAMES[tool][placed - 1]} taken back.`;
    return { handled: true, state: { ...state, points }, shape: null, message };
  }

  const move = MOVES[key.key];
  if (move) {
    const step = key.shiftKey ? KEY_BIG_STEP : KEY_STEP;
    const cursor = roundPoint([state.cursor[0] + move[0] * step, state.cursor[1] + move[1] * step]);
    return { handled: true, state: { ...state, cursor }, shape: null, message: formatPoint(cursor) };
  }

  if (key.key === 'Enter' || key.key === ' ') {
    const names = POINT_NAMES[tool];
    if (names.length === 0) return { handled: true, state, shape: null, message: FREEHAND_NEEDS_POINTER };
    const points = [...state.points, state.cursor];
    if (points.length < names.length) {
      return { handled: true, state: { ...state, points }, shape: null, message: `${TOOL_NAME[tool]} ${names[points.length - 1]} set at ${formatPoint(state.cursor)}.` };
    }
    const shape = shapeFromPoints(tool, points, color, aspect);
    if (!shape || isNegligible(shape, aspect)) {
      return { handled: true, state, shape: null, message: `Too small to draw: move the crosshair away from the ${names[points.length - 2]} first.` };
    }
    return { handled: true, state: { ...state, points: [] }, shape, message: finishedMessage(shape, aspect) };
  }

  if (key.key === 'Escape' && state.points.length > 0) {
    return { handled: true, state: { ...state, points: [] }, shape: null, message: `${TOOL_NAME[tool]} cancelled.` };
  }

  return { handled: false };
}

/** How the drawing area says it is used, for screen readers (its label). */
export function keyDrawingHelp(tool: KeyTool): string {
  const names = POINT_NAMES[tool];
  if (names.length === 0) return 'drag to draw freehand (freehand needs a mouse, pen or touch; pick another tool to draw by keyboard)';
  const pointer = tool === 'angle' ? 'click three points to measure an angle' : `drag to draw ${tool === 'arrow' ? 'an arrow' : `a ${tool}`}`;
  return `${pointer}; or with the keyboard, arrow keys move a crosshair (Shift for bigger steps), Enter sets the ${names.join(', then the ')}, Esc cancels`;
}
