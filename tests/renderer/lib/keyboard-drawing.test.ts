import { describe, expect, it } from 'vitest';
import type { Shape } from '../../../src-renderer/lib/drawing-geometry';
import {
  FREEHAND_NEEDS_POINTER,
  KEY_DRAWING_START,
  keyDrawingHelp,
  keyDrawingPreview,
  keyDrawingStep,
  pointsNeeded,
  type KeyDrawing,
  type KeyTool,
} from '../../../src-renderer/lib/keyboard-drawing';

const WIDE = 16 / 9;
const YELLOW = '#ffd400';

/** Presses `keys` (e.g. "ArrowLeft", "Shift+ArrowUp", "Enter") in turn; returns the state, the shapes made and what was said. */
function press(tool: KeyTool, keys: string[], from: KeyDrawing = KEY_DRAWING_START) {
  let state = from;
  const shapes: Shape[] = [];
  const said: string[] = [];
  const unhandled: string[] = [];
  for (const combo of keys) {
    const shiftKey = combo.startsWith('Shift+');
    const key = shiftKey ? combo.slice('Shift+'.length) : combo;
    const step = keyDrawingStep(state, { key, shiftKey }, tool, YELLOW, WIDE);
    if (!step.handled) {
      unhandled.push(combo);
      continue;
    }
    state = step.state;
    if (step.shape) shapes.push(step.shape);
    said.push(step.message);
  }
  return { state, shapes, said, unhandled };
}

const times = (n: number, key: string) => Array.from({ length: n }, () => key);

describe('drawing by keyboard', () => {
  it('moves the crosshair from the middle by 1 % a press, 10 % with Shift, and says where it is', () => {
    const { state, said } = press('arrow', ['ArrowLeft', 'Shift+ArrowUp', 'ArrowDown', 'ArrowRight', 'ArrowRight']);
    expect(state.cursor).toEqual([0.51, 0.41]);
    expect(said).toEqual(['49 %, 50 %', '49 %, 40 %', '49 %, 41 %', '50 %, 41 %', '51 %, 41 %']);
  });

  it('keeps the crosshair on the picture, and many small steps add up exactly', () => {
    expect(press('arrow', times(12, 'Shift+ArrowLeft')).state.cursor).toEqual([0, 0.5]);
    expect(press('arrow', times(8, 'Shift+ArrowDown')).state.cursor).toEqual([0.5, 1]);
    expect(press('arrow', times(37, 'ArrowUp')).state.cursor).toEqual([0.5, 0.13]);
  });

  it('draws an arrow: Enter sets its start, then its end, each said aloud', () => {
    const { shapes, said, state } = press('arrow', [...times(2, 'Shift+ArrowLeft'), ...times(2, 'Shift+ArrowUp'), 'Enter', ...times(3, 'Shift+ArrowRight'), ...times(2, 'Shift+ArrowDown'), 'Enter']);
    expect(said).toContain('Arrow start set at 30 %, 30 %.');
    expect(said.at(-1)).toBe('Arrow drawn from 30 %, 30 % to 60 %, 50 %.');
    expect(shapes).toEqual([{ kind: 'arrow', from: [0.3, 0.3], to: [0.6, 0.5], color: YELLOW }]);
    // Ready for the next one, the crosshair where it was.
    expect(state).toEqual({ cursor: [0.6, 0.5], points: [] });
  });

  it('Space sets points as Enter does; a line and a circle (its radius a share of the frame’s width)', () => {
    expect(press('line', [' ', 'Shift+ArrowRight', ' ']).shapes).toEqual([{ kind: 'line', from: [0.5, 0.5], to: [0.6, 0.5], color: YELLOW }]);
    const circle = press('circle', ['Enter', 'Shift+ArrowDown', 'Enter']);
    expect(circle.said).toEqual(['Circle centre set at 50 %, 50 %.', '50 %, 60 %', 'Circle drawn around 50 %, 50 %.']);
    // 10 % of the height of a 16:9 frame is 5.625 % of its width.
    expect(circle.shapes).toEqual([{ kind: 'circle', center: [0.5, 0.5], radius: expect.closeTo(0.05625, 3), color: YELLOW }]);
  });

  it('measures an angle with three points: first end, vertex, second end', () => {
    const { shapes, said } = press('angle', ['Shift+ArrowRight', 'Enter', 'Shift+ArrowLeft', 'Enter', 'Shift+ArrowUp', 'Enter']);
    expect(said[1]).toBe('Angle first end set at 60 %, 50 %.');
    expect(said[3]).toBe('Angle vertex set at 50 %, 50 %.');
    // One arm straight right, the other straight up: a right angle on screen, whatever the frame's shape.
    expect(said.at(-1)).toBe('Angle of 90° measured at 50 %, 50 %.');
    expect(shapes).toEqual([{ kind: 'angle', a: [0.6, 0.5], vertex: [0.5, 0.5], b: [0.5, 0.4], color: YELLOW }]);
  });

  it('shows the shape being placed with its next point under the crosshair', () => {
    const placing = press('arrow', ['Enter', 'Shift+ArrowRight']).state;
    expect(keyDrawingPreview(placing, 'arrow', YELLOW, WIDE)).toEqual({ kind: 'arrow', from: [0.5, 0.5], to: [0.6, 0.5], color: YELLOW });
    expect(keyDrawingPreview(KEY_DRAWING_START, 'arrow', YELLOW, WIDE)).toBeNull();
    const arm = press('angle', ['Enter', 'Shift+ArrowLeft']).state;
    expect(keyDrawingPreview(arm, 'angle', YELLOW, WIDE)).toEqual({ kind: 'line', from: [0.5, 0.5], to: [0.4, 0.5], color: YELLOW });
    const opening = press('angle', ['Enter', 'Shift+ArrowLeft', 'Enter', 'Shift+ArrowUp'], KEY_DRAWING_START).state;
    expect(keyDrawingPreview(opening, 'angle', YELLOW, WIDE)).toMatchObject({ kind: 'angle', a: [0.5, 0.5], vertex: [0.4, 0.5], b: [0.4, 0.4] });
  });

  it('refuses a shape with no size, and keeps its start', () => {
    const { shapes, said, state } = press('arrow', ['Enter', 'Enter']);
    expect(shapes).toEqual([]);
    expect(said.at(-1)).toBe('Too small to draw: move the crosshair away from the start first.');
    expect(state.points).toEqual([[0.5, 0.5]]);
  });

  it('Esc drops the shape being placed; with nothing placed, Esc is not its own (it leaves drawing mode)', () => {
    const { state, said, unhandled } = press('arrow', ['Enter', 'ArrowRight', 'Escape', 'Escape']);
    expect(state.points).toEqual([]);
    expect(said.at(-1)).toBe('Arrow cancelled.');
    expect(unhandled).toEqual(['Escape']);
  });

  it('Ctrl+Z takes back the last point of a shape being placed; with none placed it is the app’s undo', () => {
    let state = press('angle', ['Enter', 'ArrowRight', 'Enter']).state;
    expect(state.points).toHaveLength(2);
    const undo = (from: KeyDrawing) => keyDrawingStep(from, { key: 'z', shiftKey: false, undo: true }, 'angle', YELLOW, WIDE);
    const back = undo(state);
    expect(back).toMatchObject({ handled: true, shape: null, message: 'Angle vertex taken back.' });
    state = back.handled ? back.state : state;
    expect(state.points).toEqual([[0.5, 0.5]]);
    // The crosshair stays where it was: the point can be set again from there.
    expect(state.cursor).toEqual([0.51, 0.5]);
    const first = undo(state);
    expect(first).toMatchObject({ handled: true, message: 'Angle cancelled.' });
    expect(first.handled && first.state.points).toEqual([]);
    expect(undo(first.handled ? first.state : state)).toEqual({ handled: false });
  });

  it('leaves freehand to the pointer, saying so, and other keys to the app', () => {
    expect(pointsNeeded('freehand')).toBe(0);
    const { shapes, said, unhandled, state } = press('freehand', ['ArrowRight', 'Enter', 'a', 'Tab']);
    expect(shapes).toEqual([]);
    expect(said).toEqual(['51 %, 50 %', FREEHAND_NEEDS_POINTER]);
    expect(state.points).toEqual([]);
    expect(unhandled).toEqual(['a', 'Tab']);
    expect(keyDrawingHelp('freehand')).toMatch(/needs a mouse, pen or touch/);
    expect(keyDrawingHelp('angle')).toMatch(/Enter sets the first end, then the vertex, then the second end/);
  });
});
