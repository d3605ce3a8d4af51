import { useCallback, useLayoutEffect, useRef, useState, useSyncExternalStore, type CSSProperties, type KeyboardEvent as ReactKeyboardEvent, type PointerEvent as ReactPointerEvent } from 'react';
import type { CommentView } from '../../../src-shared/domain';
import { DrawingOverlay } from '../../components/drawing-overlay';
import type { CompareEngine } from '../../lib/compare-engine';
import { containRect, describeDrawing, frameDistance, isNegligible, roundPoint, thinStroke, toFramePoint, type Point, type Rect, type Shape } from '../../lib/drawing-geometry';
import { KEY_DRAWING_START, keyDrawingHelp, keyDrawingPreview, keyDrawingStep, shapeFromPoints, type KeyDrawing } from '../../lib/keyboard-drawing';
import { MAX_SHAPES, useDrawingStore, type Side } from '../../stores/drawing-store';

/** A press that moves less than this (in frame widths) is a click, not a drag. */
const CLICK_SLOP = 0.01;

/** What the pointer is drawing right now (arrow, line, circle and freehand are one drag each). */
type Gesture = { pointerId: number; kind: 'arrow' | 'line' | 'circle'; from: Point; to: Point } | { pointerId: number; kind: 'freehand'; points: Point[] } | { pointerId: number; kind: 'angle'; press: Point };

/**
 * One side's drawings, exactly over the picture: the layer sits on the video's displayed content
 * rect (letterboxing left out), so a point's 0..1 is a point of the frame at any size. It shows the
 * comment whose moment is on screen, the shapes drawn here and not yet saved (while paused), and in
 * drawing mode takes the pointer (mouse, pen or touch) to draw — or the keyboard, once focused: a
 * crosshair moved by the arrow keys, points set with Enter (lib/keyboard-drawing), said aloud.
 */
export function DrawingLayer({ engine, side, name, shown }: { engine: CompareEngine; side: Side; name: string; shown: CommentView | null }) {
  const ref = useRef<HTMLDivElement>(null);
  const [frame, setFrame] = useState<Rect | null>(null);
  const playing = useSyncExternalStore(engine.subscribe, () => engine.getState().playing);
  const active = useDrawingStore((s) => s.active);
  const tool = useDrawingStore((s) => s.tool);
  const color = useDrawingStore((s) => s.color);
  const shapes = useDrawingStore((s) => s.shapes[side]);
  const angle = useDrawingStore((s) => (s.angle?.side === side ? s.angle.points : null));
  const add = useDrawingStore((s) => s.add);
  const placeAnglePoint = useDrawingStore((s) => s.placeAnglePoint);
  const [gesture, setGesture] = useState<Gesture | null>(null);
  const [hover, setHover] = useState<Point | null>(null);
  // Keyboard drawing, kept with the tool and mode it began in: another tool, or leaving drawing mode,
  // drops a shape half placed (the crosshair stays where it was).
  const [placed, setPlaced] = useState<{ with: string; keys: KeyDrawing }>({ with: '', keys: KEY_DRAWING_START });
  const mode = `${tool}:${active}`;
  const keys = placed.with === mode ? placed.keys : { ...placed.keys, points: [] };
  const setKeys = (next: KeyDrawing) => setPlaced({ with: mode, keys: next });
  const [focused, setFocused] = useState(false);
  // What keyboard drawing last did, for screen readers (polite: it never interrupts).
  const [said, setSaid] = useState('');

  // Follow the picture: the video's box, its intrinsic size (rotation applied), and any resize.
  useLayoutEffect(() => {
    const video = ref.current?.parentElement?.querySelector('video');
    if (!video) return;
    const measure = () => {
      const box = { left: video.offsetLeft, top: video.offsetTop, width: video.clientWidth, height: video.clientHeight };
      const next = containRect(box, video.videoWidth, video.videoHeight);
      setFrame((prev) => (prev && Math.abs(prev.left - next.left) < 0.5 && Math.abs(prev.top - next.top) < 0.5 && Math.abs(prev.width - next.width) < 0.5 && Math.abs(prev.height - next.height) < 0.5 ? prev : next));
    };
    // Not measured here: reading the layout in a layout effect forces one mid-commit (~20 ms for the
    // comparison's first commit). The observer's first call comes after the frame's own layout, and
    // nothing is drawn before the video's size is known anyway.
    const observer = typeof ResizeObserver === 'undefined' ? null : new ResizeObserver(measure);
    observer?.observe(video);
    video.addEventListener('loadedmetadata', measure);
    video.addEventListener('resize', measure);
    return () => {
      observer?.disconnect();
      video.removeEventListener('loadedmetadata', measure);
      video.removeEventListener('resize', measure);
    };
  }, []);

  const aspect = frame && frame.height > 0 ? frame.width / frame.height : 16 / 9;

  /** A pointer position as a point of the frame: through the layer's box, which is the picture. */
  const pointOf = useCallback((e: { clientX: number; clientY: number }): Point => {
    const box = ref.current?.getBoundingClientRect();
    if (!box) return [0, 0];
    return roundPoint(toFramePoint(e.clientX, e.clientY, { left: box.left, top: box.top, width: box.width, height: box.height }));
  }, []);

  const drawing = active && !playing;

  function onKeyDown(e: ReactKeyboardEvent<HTMLDivElement>) {
    if (e.defaultPrevented || e.altKey) return;
    const undo = (e.ctrlKey || e.metaKey) && e.key.toLowerCase() === 'z' && !e.shiftKey;
    if ((e.ctrlKey || e.metaKey) && !undo) return;
    const step = keyDrawingStep(keys, { key: e.key, shiftKey: e.shiftKey, undo }, tool, color, aspect);
    if (!step.handled) return;
    e.preventDefault();
    setKeys(step.state);
    if (step.shape && !add(side, step.shape)) setSaid(`This picture already holds ${MAX_SHAPES} shapes, as many as a drawing may.`);
    else setSaid(step.message);
  }

  function onPointerDown(e: ReactPointerEvent<HTMLDivElement>) {
    if (!drawing || (e.pointerType === 'mouse' && e.button !== 0) || gesture) return;
    e.preventDefault();
    if (keys.points.length > 0) setKeys({ ...keys, points: [] });
    e.currentTarget.setPointerCapture(e.pointerId);
    const p = pointOf(e);
    setHover(p);
    if (tool === 'freehand') setGesture({ pointerId: e.pointerId, kind: 'freehand', points: [p] });
    else if (tool === 'angle') setGesture({ pointerId: e.pointerId, kind: 'angle', press: p });
    else setGesture({ pointerId: e.pointerId, kind: tool, from: p, to: p });
  }

  function onPointerMove(e: ReactPointerEvent<HTMLDivElement>) {
    if (!drawing) return;
    const p = pointOf(e);
    setHover(p);
    if (!gesture || gesture.pointerId !== e.pointerId) return;
    if (gesture.kind === 'freehand') {
      // Coalesced events: a pen or a fast mouse sends more points than one event per frame.
      const events = typeof e.nativeEvent.getCoalescedEvents === 'function' ? e.nativeEvent.getCoalescedEvents() : [];
      const more = events.length > 0 ? events.map(pointOf) : [p];
      setGesture({ ...gesture, points: [...gesture.points, ...more] });
    } else if (gesture.kind !== 'angle') {
      setGesture({ ...gesture, to: p });
    }
  }

  function onPointerUp(e: ReactPointerEvent<HTMLDivElement>) {
    if (!gesture || gesture.pointerId !== e.pointerId) return;
    const p = pointOf(e);
    setGesture(null);
    if (gesture.kind === 'angle') {
      // A click places one point; a drag places two (where it started and where it ended).
      if (frameDistance(gesture.press, p, aspect) > CLICK_SLOP) placeAnglePoint(side, gesture.press);
      placeAnglePoint(side, p);
      return;
    }
    const shape = finished(gesture.kind === 'freehand' ? { ...gesture, points: [...gesture.points, p] } : { ...gesture, to: p }, color, aspect);
    if (shape && !isNegligible(shape, aspect)) add(side, shape);
  }

  function onPointerCancel(e: ReactPointerEvent<HTMLDivElement>) {
    if (gesture?.pointerId === e.pointerId) setGesture(null);
  }

  const preview = drawing ? (keyDrawingPreview(keys, tool, color, aspect) ?? previewShape(gesture, angle, hover, color, aspect)) : null;
  const draft: Shape[] = preview ? [...shapes, preview] : [...shapes];
  const style: CSSProperties = frame ? { left: frame.left, top: frame.top, width: frame.width, height: frame.height } : { inset: 0 };

  return (
    <div ref={ref} className="drawing-layer" style={style} data-testid={`drawing-layer-${side === 0 ? 'a' : 'b'}`}>
      {shown?.drawing && <DrawingOverlay drawing={shown.drawing} aspect={aspect} label={`Drawing from ${shown.authorName}: ${describeDrawing(shown.drawing.shapes, aspect)}`} />}
      {!playing && draft.length > 0 && (
        <DrawingOverlay drawing={{ shapes: draft }} aspect={aspect} testId="drawing-draft" className="is-draft" label={`Your drawing on ${name}, not saved yet: ${describeDrawing(shapes, aspect)}`} />
      )}
      {drawing && (
        <div
          className="drawing-surface"
          role="application"
          aria-roledescription="drawing area"
          aria-label={`${name}: ${keyDrawingHelp(tool)}`}
          tabIndex={0}
          data-testid={`drawing-surface-${side === 0 ? 'a' : 'b'}`}
          data-tool={tool}
          // A shape half placed by keyboard takes Esc first (the toolbar's Esc leaves drawing mode).
          data-placing={keys.points.length > 0 ? 'true' : undefined}
          onKeyDown={onKeyDown}
          onFocus={() => setFocused(true)}
          onBlur={() => setFocused(false)}
          onPointerDown={onPointerDown}
          onPointerMove={onPointerMove}
          onPointerUp={onPointerUp}
          onPointerCancel={onPointerCancel}
          onPointerLeave={() => !gesture && setHover(null)}
        >
          {focused && <span className="drawing-crosshair" style={{ left: `${keys.cursor[0] * 100}%`, top: `${keys.cursor[1] * 100}%` }} aria-hidden="true" data-testid="drawing-crosshair" />}
        </div>
      )}
      <span className="visually-hidden" role="status" aria-live="polite" data-testid={`drawing-said-${side === 0 ? 'a' : 'b'}`}>
        {drawing ? said : ''}
      </span>
    </div>
  );
}

/** The shape a finished drag makes. */
function finished(gesture: Exclude<Gesture, { kind: 'angle' }>, color: string, aspect: number): Shape | null {
  switch (gesture.kind) {
    case 'arrow':
    case 'line':
    case 'circle':
      return shapeFromPoints(gesture.kind, [gesture.from, gesture.to], color, aspect);
    case 'freehand': {
      const points = thinStroke(gesture.points, aspect);
      return points.length >= 2 ? { kind: 'freehand', points, color } : null;
    }
  }
}

/** What the pointer would draw now: the drag in progress, or the angle's next arm following the pointer. */
function previewShape(gesture: Gesture | null, angle: Point[] | null, hover: Point | null, color: string, aspect: number): Shape | null {
  if (gesture && gesture.kind !== 'angle') return finished(gesture, color, aspect);
  const points = [...(angle ?? [])];
  if (gesture?.kind === 'angle') points.push(gesture.press);
  if (hover && points.length > 0) points.push(hover);
  if (points.length === 2) return { kind: 'line', from: points[0]!, to: points[1]!, color };
  if (points.length >= 3) return { kind: 'angle', a: points[0]!, vertex: points[1]!, b: points[2]!, color };
  return null;
}
