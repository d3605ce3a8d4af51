import { beforeEach, describe, expect, it } from 'vitest';
import type { Shape } from '../../../src-renderer/lib/drawing-geometry';
import { MAX_SHAPES, useDrawingStore } from '../../../src-renderer/stores/drawing-store';

const state = () => useDrawingStore.getState();
const arrow = (x: number): Shape => ({ kind: 'arrow', from: [x, 0.2], to: [x, 0.6], color: '#ffd400' });
const kinds = (side: 0 | 1) => state().shapes[side].map((s) => s.kind);

beforeEach(() => state().reset());

describe('drawing on the comparison', () => {
  it('keeps each side’s shapes apart and remembers the side drawn on last', () => {
    state().add(1, arrow(0.1));
    state().add(0, arrow(0.2));
    expect(state().shapes[0]).toEqual([arrow(0.2)]);
    expect(state().shapes[1]).toEqual([arrow(0.1)]);
    expect(state().lastSide).toBe(0);
  });

  it('undoes and redoes shapes in the order they were drawn, across sides', () => {
    state().add(0, arrow(0.1));
    state().add(1, arrow(0.2));
    state().add(0, arrow(0.3));
    state().undo();
    expect(state().shapes).toEqual([[arrow(0.1)], [arrow(0.2)]]);
    state().undo();
    expect(state().shapes).toEqual([[arrow(0.1)], []]);
    state().redo();
    expect(state().shapes).toEqual([[arrow(0.1)], [arrow(0.2)]]);
    // Drawing something new forgets what could have been redone.
    state().add(1, arrow(0.4));
    state().redo();
    expect(state().shapes).toEqual([[arrow(0.1)], [arrow(0.2), arrow(0.4)]]);
  });

  it('clears one side or both, and the clear can be undone', () => {
    state().add(0, arrow(0.1));
    state().add(1, arrow(0.2));
    state().clear(1);
    expect(state().shapes).toEqual([[arrow(0.1)], []]);
    state().clear();
    expect(state().shapes).toEqual([[], []]);
    state().undo();
    expect(state().shapes).toEqual([[arrow(0.1)], []]);
    state().undo();
    expect(state().shapes).toEqual([[arrow(0.1)], [arrow(0.2)]]);
    // Clearing nothing is not a step to undo.
    state().reset();
    state().clear();
    expect(state().past).toEqual([]);
  });

  it('places an angle’s three points — end, vertex, end — then adds it in the chosen colour', () => {
    state().setColor('#21e6ff');
    state().setTool('angle');
    state().placeAnglePoint(1, [0.2, 0.5]);
    state().placeAnglePoint(1, [0.5, 0.5]);
    expect(state().angle).toEqual({ side: 1, points: [[0.2, 0.5], [0.5, 0.5]] });
    expect(state().shapes[1]).toEqual([]);
    state().placeAnglePoint(1, [0.5, 0.2]);
    expect(state().angle).toBeNull();
    expect(state().shapes[1]).toEqual([{ kind: 'angle', a: [0.2, 0.5], vertex: [0.5, 0.5], b: [0.5, 0.2], color: '#21e6ff' }]);
  });

  it('drops a half-placed angle on undo, on another tool, on the other side, or on leaving drawing mode', () => {
    state().add(0, arrow(0.1));
    state().placeAnglePoint(0, [0.2, 0.5]);
    state().undo();
    expect(state().angle).toBeNull();
    expect(kinds(0)).toEqual(['arrow']);

    state().placeAnglePoint(0, [0.2, 0.5]);
    state().placeAnglePoint(1, [0.6, 0.5]);
    expect(state().angle).toEqual({ side: 1, points: [[0.6, 0.5]] });

    state().setTool('circle');
    expect(state().angle).toBeNull();
    state().setTool('angle');
    state().placeAnglePoint(0, [0.2, 0.5]);
    state().setActive(false);
    expect(state().angle).toBeNull();
  });

  it('enters drawing mode when a tool is picked', () => {
    expect(state().active).toBe(false);
    state().setTool('freehand');
    expect(state()).toMatchObject({ active: true, tool: 'freehand' });
  });

  it('refuses shapes past the schema’s limit for one drawing', () => {
    for (let i = 0; i < MAX_SHAPES; i++) expect(state().add(0, arrow(0.5))).toBe(true);
    expect(state().add(0, arrow(0.5))).toBe(false);
    expect(state().shapes[0]).toHaveLength(MAX_SHAPES);
    expect(state().add(1, arrow(0.5))).toBe(true);
  });

  it('forgets a side’s shapes once saved with a comment, and nothing brings them back', () => {
    state().add(0, arrow(0.1));
    state().add(1, arrow(0.2));
    state().discard(1);
    expect(state().shapes).toEqual([[arrow(0.1)], []]);
    expect(state().lastSide).toBeNull();
    state().undo();
    expect(state().shapes).toEqual([[arrow(0.1)], []]);
  });
});
