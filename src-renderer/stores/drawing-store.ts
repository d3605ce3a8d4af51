import { create } from 'zustand';
import type { Point, Shape } from '../lib/drawing-geometry';

export type DrawingTool = Shape['kind'];
export type Side = 0 | 1;
/** The shapes drawn so far on each side of the comparison: [side A, side B]. */
export type SideShapes = readonly [readonly Shape[], readonly Shape[]];

/** The tools in the bar's order, with their key (none clashes with the comparison's keys: L is "faster"). */
export const DRAWING_TOOLS: readonly { tool: DrawingTool; label: string; key: string }[] = [
  { tool: 'arrow', label: 'Arrow', key: 'A' },
  { tool: 'line', label: 'Line', key: 'S' },
  { tool: 'circle', label: 'Circle', key: 'C' },
  { tool: 'freehand', label: 'Freehand', key: 'F' },
  { tool: 'angle', label: 'Angle', key: 'G' },
];

/** A few colours that stay readable on any picture (bright, saturated, far apart). */
export const DRAWING_COLORS: readonly { color: string; name: string }[] = [
  { color: '#ffd400', name: 'Yellow' },
  { color: '#ff3b5c', name: 'Red' },
  { color: '#21e6ff', name: 'Cyan' },
  { color: '#7dff4d', name: 'Green' },
  { color: '#ffffff', name: 'White' },
];

/** The schema's limit of shapes in one drawing. */
export const MAX_SHAPES = 200;
/** Undo steps kept. */
const HISTORY = 100;

interface DrawingState {
  /** Drawing mode: pointer input on the players draws instead of doing nothing. */
  active: boolean;
  tool: DrawingTool;
  color: string;
  shapes: SideShapes;
  /** Earlier states of both sides, newest last (undo), and undone ones, newest last (redo). */
  past: SideShapes[];
  future: SideShapes[];
  /** The side last drawn on: where "Comment at this moment" pins its comment unless told otherwise. */
  lastSide: Side | null;
  /** The angle being measured: its side and the points placed so far (the first end, then the vertex). */
  angle: { side: Side; points: Point[] } | null;

  setActive(active: boolean): void;
  /** Picks a tool, and enters drawing mode (pressing a tool's key is asking to draw). */
  setTool(tool: DrawingTool): void;
  setColor(color: string): void;
  /** Adds a finished shape; false when the side already holds as many as a drawing may. */
  add(side: Side, shape: Shape): boolean;
  /**
   * Places the angle tool's next point: its first end, its vertex, then its second end, which adds
   * the angle. A point on the other side starts over there.
   */
  placeAnglePoint(side: Side, point: Point): void;
  /** Drops a half-placed angle (Esc, another tool). */
  cancelAngle(): void;
  undo(): void;
  redo(): void;
  /** Removes every shape (of one side, or of both); undoable. */
  clear(side?: Side): void;
  /** Forgets the shapes of one side (or all) and their history: after they were saved with a comment. */
  discard(side?: Side): void;
  /** Back to the start: leaving the comparison. */
  reset(): void;
}

const EMPTY: SideShapes = [[], []];

const initial = {
  active: false,
  tool: 'arrow' as DrawingTool,
  color: DRAWING_COLORS[0]!.color,
  shapes: EMPTY,
  past: [] as SideShapes[],
  future: [] as SideShapes[],
  lastSide: null as Side | null,
  angle: null as { side: Side; points: Point[] } | null,
};

function withSide(shapes: SideShapes, side: Side, next: readonly Shape[]): SideShapes {
  return side === 0 ? [next, shapes[1]] : [shapes[0], next];
}

export const useDrawingStore = create<DrawingState>()((set, get) => {
  /** Moves to a new state of the shapes, keeping the old one for undo; redo starts over. */
  const commit = (next: SideShapes, lastSide: Side | null = get().lastSide) =>
    set((s) => ({ shapes: next, past: [...s.past, s.shapes].slice(-HISTORY), future: [], lastSide }));

  return {
    ...initial,

    setActive: (active) => set(active ? { active } : { active, angle: null }),
    setTool: (tool) => set((s) => ({ tool, active: true, angle: tool === s.tool ? s.angle : null })),
    setColor: (color) => set({ color }),

    add(side, shape) {
      const { shapes } = get();
      if (shapes[side].length >= MAX_SHAPES) return false;
      commit(withSide(shapes, side, [...shapes[side], shape]), side);
      return true;
    },

    placeAnglePoint(side, point) {
      const { angle, color } = get();
      const placed = angle && angle.side === side ? [...angle.points, point] : [point];
      if (placed.length < 3) {
        set({ angle: { side, points: placed } });
        return;
      }
      const [a, vertex, b] = placed as [Point, Point, Point];
      set({ angle: null });
      get().add(side, { kind: 'angle', a, vertex, b, color });
    },

    cancelAngle: () => set({ angle: null }),

    undo() {
      // A half-placed angle goes first: it is the last thing drawn.
      if (get().angle) {
        set({ angle: null });
        return;
      }
      const { past, shapes } = get();
      const previous = past[past.length - 1];
      if (!previous) return;
      set((s) => ({ shapes: previous, past: past.slice(0, -1), future: [...s.future, shapes] }));
    },

    redo() {
      const { future, shapes } = get();
      const next = future[future.length - 1];
      if (!next) return;
      set((s) => ({ shapes: next, future: future.slice(0, -1), past: [...s.past, shapes] }));
    },

    clear(side) {
      const { shapes } = get();
      const next: SideShapes = side === undefined ? EMPTY : withSide(shapes, side, []);
      if (next[0].length === shapes[0].length && next[1].length === shapes[1].length) return;
      commit(next);
    },

    discard(side) {
      const { shapes, lastSide } = get();
      if (side === undefined) {
        set({ shapes: EMPTY, past: [], future: [], lastSide: null, angle: null });
        return;
      }
      // The other side's shapes stay, but history that would bring the saved ones back goes.
      set({ shapes: withSide(shapes, side, []), past: [], future: [], lastSide: lastSide === side ? null : lastSide });
    },

    reset: () => set({ ...initial }),
  };
});
