import type { Drawing } from '../../src-shared/domain';

type Shape = Drawing['shapes'][number];

/**
 * A comment's drawing over the picture. Shapes are in 0..1 coordinates of the displayed frame; the
 * SVG's viewBox is that unit square stretched over the frame's box (which keeps the video's aspect
 * ratio), so a shape lands on the same spot at any size. Strokes keep their width in screen pixels.
 */
export function DrawingOverlay({ drawing, label }: { drawing: Drawing; label: string }) {
  return (
    <svg className="drawing-overlay" viewBox="0 0 1 1" preserveAspectRatio="none" role="img" aria-label={label} data-testid="drawing-overlay">
      <defs>
        <marker id="drawing-arrowhead" viewBox="0 0 10 10" refX="8" refY="5" markerWidth="5" markerHeight="5" orient="auto-start-reverse">
          <path d="M0,0 L10,5 L0,10 z" fill="context-stroke" />
        </marker>
      </defs>
      {drawing.shapes.map((shape, i) => (
        <ShapeView key={i} shape={shape} />
      ))}
    </svg>
  );
}

function ShapeView({ shape }: { shape: Shape }) {
  const common = { stroke: shape.color, fill: 'none', strokeWidth: 3, vectorEffect: 'non-scaling-stroke' as const, strokeLinecap: 'round' as const, strokeLinejoin: 'round' as const };
  switch (shape.kind) {
    case 'arrow':
      return <line {...common} x1={shape.from[0]} y1={shape.from[1]} x2={shape.to[0]} y2={shape.to[1]} markerEnd="url(#drawing-arrowhead)" data-shape="arrow" />;
    case 'line':
      return <line {...common} x1={shape.from[0]} y1={shape.from[1]} x2={shape.to[0]} y2={shape.to[1]} data-shape="line" />;
    case 'circle':
      // Normalized to the frame's width and height alike: an ellipse on a non-square frame, as drawn.
      return <ellipse {...common} cx={shape.center[0]} cy={shape.center[1]} rx={shape.radius} ry={shape.radius} data-shape="circle" />;
    case 'freehand':
      return <polyline {...common} points={shape.points.map((p) => `${p[0]},${p[1]}`).join(' ')} data-shape="freehand" />;
    case 'angle':
      return <polyline {...common} points={`${shape.a[0]},${shape.a[1]} ${shape.vertex[0]},${shape.vertex[1]} ${shape.b[0]},${shape.b[1]}`} data-shape="angle" />;
  }
}
