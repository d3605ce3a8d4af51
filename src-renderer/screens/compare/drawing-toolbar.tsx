import { useEffect, useRef, useSyncExternalStore, type CSSProperties, type ReactNode, type RefObject } from 'react';
import type { CompareEngine } from '../../lib/compare-engine';
import { isTypingTarget, modalOpen } from '../../lib/keys';
import { DRAWING_COLORS, DRAWING_TOOLS, useDrawingStore, type DrawingTool } from '../../stores/drawing-store';

const MOD = typeof navigator !== 'undefined' && /Mac|iPhone|iPad/.test(navigator.platform) ? '⌘' : 'Ctrl';

/**
 * The drawing tools, in a slim vertical bar beside the players: drawing mode, the tools, a colour,
 * undo, redo and clear. Drawing happens on a paused picture: entering drawing mode pauses, and
 * playing leaves it (the shapes stay, shown again when paused).
 */
export function DrawingToolbar({ engine }: { engine: CompareEngine }) {
  const active = useDrawingStore((s) => s.active);
  const tool = useDrawingStore((s) => s.tool);
  const color = useDrawingStore((s) => s.color);
  const canUndo = useDrawingStore((s) => s.past.length > 0 || s.angle !== null);
  const canRedo = useDrawingStore((s) => s.future.length > 0);
  const hasShapes = useDrawingStore((s) => s.shapes[0].length + s.shapes[1].length > 0);
  const { setActive, setTool, setColor, undo, redo, clear } = useDrawingStore.getState();
  const playing = useSyncExternalStore(engine.subscribe, () => engine.getState().playing);

  // The drawing belongs to this comparison: leaving it forgets it.
  useEffect(() => () => useDrawingStore.getState().reset(), []);
  useEffect(() => {
    if (active && engine.getState().playing) engine.pause();
  }, [active, engine]);
  useEffect(() => {
    if (playing && useDrawingStore.getState().active) useDrawingStore.getState().setActive(false);
  }, [playing]);
  const modeButton = useRef<HTMLButtonElement>(null);
  useDrawingShortcuts(modeButton);

  return (
    <div className={active ? 'drawing-toolbar is-active' : 'drawing-toolbar'} role="toolbar" aria-label="Drawing tools" aria-orientation="vertical" data-testid="drawing-toolbar">
      <ToolButton label="Drawing mode" keys="D" pressed={active} onClick={() => setActive(!active)} testId="drawing-mode" buttonRef={modeButton}>
        <path d="M4 20l4-1 11-11-3-3L5 16l-1 4z" />
        <path d="M14 6l3 3" />
      </ToolButton>
      <span className="drawing-toolbar-rule" aria-hidden="true" />
      <div role="group" aria-label="Tool" className="drawing-toolbar-group">
        {DRAWING_TOOLS.map(({ tool: t, label, key }) => (
          // Freehand is the one tool the keyboard cannot draw: its label says so.
          <ToolButton key={t} label={t === 'freehand' ? `${label} (needs a mouse, pen or touch)` : label} keys={key} pressed={active && tool === t} onClick={() => setTool(t)} testId={`tool-${t}`}>
            <ToolGlyph tool={t} />
          </ToolButton>
        ))}
      </div>
      <span className="drawing-toolbar-rule" aria-hidden="true" />
      <div role="group" aria-label="Colour" className="drawing-toolbar-group">
        {DRAWING_COLORS.map(({ color: c, name }) => (
          <button
            key={c}
            type="button"
            className="drawing-swatch"
            style={{ '--swatch': c } as CSSProperties}
            aria-label={name}
            aria-pressed={color === c}
            title={name}
            onClick={() => setColor(c)}
            data-testid={`color-${name.toLowerCase()}`}
          />
        ))}
      </div>
      <span className="drawing-toolbar-rule" aria-hidden="true" />
      <ToolButton label="Undo" keys={`${MOD}+Z`} disabled={!canUndo} onClick={undo} testId="drawing-undo">
        <path d="M9 14L4 9l5-5" />
        <path d="M4 9h10a6 6 0 010 12h-3" />
      </ToolButton>
      <ToolButton label="Redo" keys={`${MOD}+Shift+Z`} disabled={!canRedo} onClick={redo} testId="drawing-redo">
        <path d="M15 14l5-5-5-5" />
        <path d="M20 9H10a6 6 0 000 12h3" />
      </ToolButton>
      <ToolButton label="Clear the drawing" disabled={!hasShapes} onClick={() => clear()} testId="drawing-clear">
        <path d="M4 7h16M10 11v6M14 11v6M6 7l1 13h10l1-13M9 7V4h6v3" />
      </ToolButton>
    </div>
  );
}

function ToolButton({
  label,
  keys,
  pressed,
  disabled,
  onClick,
  testId,
  buttonRef,
  children,
}: {
  label: string;
  keys?: string;
  pressed?: boolean;
  disabled?: boolean;
  onClick(): void;
  testId: string;
  buttonRef?: RefObject<HTMLButtonElement | null>;
  children: ReactNode;
}) {
  const title = keys ? `${label} (${keys})` : label;
  return (
    <button
      ref={buttonRef}
      type="button"
      className="drawing-tool"
      aria-label={label}
      aria-pressed={pressed}
      aria-keyshortcuts={keys?.replace('Ctrl', 'Control').replace('⌘', 'Meta')}
      title={title}
      disabled={disabled}
      onClick={onClick}
      data-testid={testId}
    >
      <svg width="20" height="20" viewBox="0 0 24 24" fill="none" stroke="currentColor" strokeWidth="1.8" strokeLinecap="round" strokeLinejoin="round" aria-hidden="true" focusable="false">
        {children}
      </svg>
    </button>
  );
}

function ToolGlyph({ tool }: { tool: DrawingTool }) {
  switch (tool) {
    case 'arrow':
      return (
        <>
          <path d="M5 19L19 5" />
          <path d="M10 5h9v9" />
        </>
      );
    case 'line':
      return <path d="M5 19L19 5" />;
    case 'circle':
      return <circle cx="12" cy="12" r="7.5" />;
    case 'freehand':
      return <path d="M4 16c2-5 4-7 6-4s3 5 5 1 3-6 5-5" />;
    case 'angle':
      return (
        <>
          <path d="M19 19H5L15 5" />
          <path d="M10 19a5 5 0 00-1.8-4" />
        </>
      );
  }
}

/**
 * D drawing mode, A S C F G the tools, Ctrl/⌘+Z undo, Ctrl/⌘+Shift+Z (or Ctrl+Y) redo, Esc first drops
 * a half-placed angle, then leaves drawing mode. Listens in the capture phase, so that in drawing
 * mode Esc is taken here before the app's own Esc (back to the exercise) sees it — except while a
 * shape is being placed by keyboard on a drawing area: that area's Esc drops the shape first, and
 * its Ctrl/⌘+Z takes back the last point set.
 * Leaving drawing mode from a focused drawing area (which goes) puts focus on the Drawing mode button.
 */
function useDrawingShortcuts(modeButton: RefObject<HTMLButtonElement | null>) {
  useEffect(() => {
    function onKey(event: KeyboardEvent) {
      if (event.defaultPrevented || event.altKey || modalOpen() || isTypingTarget(event.target)) return;
      const area = event.target instanceof HTMLElement ? event.target.closest<HTMLElement>('.drawing-surface') : null;
      const store = useDrawingStore.getState();
      const mod = event.ctrlKey || event.metaKey;
      const key = event.key.toLowerCase();
      // A shape half placed by keyboard is the area's: its Esc drops it, its Ctrl+Z takes back a point
      // (and redo waits until it is finished: it would bring back a shape undone before).
      if (area?.dataset['placing'] === 'true' && (event.key === 'Escape' || (mod && (key === 'z' || key === 'y')))) return;
      if (mod) {
        if (key === 'z' && !event.shiftKey) store.undo();
        else if ((key === 'z' && event.shiftKey) || key === 'y') store.redo();
        else return;
      } else if (event.key === 'Escape') {
        if (store.angle) store.cancelAngle();
        else if (store.active) {
          store.setActive(false);
          if (area) modeButton.current?.focus();
        } else return;
      } else if (event.shiftKey) {
        return;
      } else if (key === 'd') {
        store.setActive(!store.active);
        if (area) modeButton.current?.focus();
      } else {
        const tool = DRAWING_TOOLS.find((t) => t.key.toLowerCase() === key);
        if (!tool) return;
        store.setTool(tool.tool);
      }
      event.preventDefault();
    }
    window.addEventListener('keydown', onKey, true);
    return () => window.removeEventListener('keydown', onKey, true);
  }, [modeButton]);
}
