import { useId } from 'react';
import type { Drawing } from '../../src-shared/domain';
import { angleDegrees, circleRadii, formatAngle, type Shape } from '../lib/drawing-geometry';

/**
 * A drawing over the picture. Shapes are in 0..1 coordinates of the displayed frame; the SVG's
 * viewBox is that unit square stretched over the frame's box (the element this sits in must be
 * exactly the picture, letterboxing excluded), so a shape lands on the same spot at any size.
 * Strokes keep their width in screen pixels. `aspect` is the frame's width / height: a circle's radius
 * is a fraction of the frame's width, and an angle is measured as it looks on screen.
 */
export function DrawingOverlay({
  drawing,
  label,
  aspect = 16 / 9,
  testId = 'drawing-overlay',
  className,
}: {
  drawing: Drawing;
  label: string;
  aspect?: number;
  testId?: string;
  className?: string;
}) {
  const marker = `drawing-arrowhead-${useId().replace(/:/g, '')}`;
  const angles = drawing.shapes.filter((s): s is Extract<Shape, { kind: 'angle' }> => s.kind === 'angle');
  return (
    <>
      <svg className={className ? `drawing-overlay ${className}` : 'drawing-overlay'} viewBox="0 0 1 1" preserveAspectRatio="none" role="img" aria-label={label} data-testid={testId}>
        <defs>
          <marker id={marker} viewBox="0 0 10 10" refX="8" refY="5" markerWidth="5" markerHeight="5" orient="auto-start-reverse">
            <path d="M0,0 L10,5 L0,10 z" fill="context-stroke" />
          </marker>
        </defs>
        {drawing.shapes.map((shape, i) => (
          <ShapeView key={i} shape={shape} aspect={aspect} marker={marker} />
        ))}
      </svg>
      {angles.map((shape, i) => (
        <span
          key={i}
          className="drawing-angle-label"
          style={{ left: `${shape.vertex[0] * 100}%`, top: `${shape.vertex[1] * 100}%`, color: shape.color }}
          aria-hidden="true"
          data-testid={`${testId}-angle`}
        >
          {formatAngle(angleDegrees(shape.a, shape.vertex, shape.b, aspect))}
        </span>
      ))}
    </>
  );
}

function ShapeView({ shape, aspect, marker }: { shape: Shape; aspect: number; marker: string }) {
  const common = { stroke: shape.color, fill: 'none', strokeWidth: 3, vectorEffect: 'non-scaling-stroke' as const, strokeLinecap: 'round' as const, strokeLinejoin: 'round' as const };
  switch (shape.kind) {
    case 'arrow':
      return <line {...common} x1={shape.from[0]} y1={shape.from[1]} x2={shape.to[0]} y2={shape.to[1]} markerEnd={`url(#${marker})`} data-shape="arrow" />;
    case 'line':
      return <line {...common} x1={shape.from[0]} y1={shape.from[1]} x2={shape.to[0]} y2={shape.to[1]} data-shape="line" />;
    case 'circle': {
      // The radius is a fraction of the frame's width: round on screen whatever the frame's shape.
      const { rx, ry } = circleRadii(shape.radius, aspect);
      return <ellipse {...common} cx={shape.center[0]} cy={shape.center[1]} rx={rx} ry={ry} data-shape="circle" />;
    }
    case 'freehand':
      return <polyline {...common} points={shape.points.map((p) => `${p[0]},${p[1]}`).join(' ')} data-shape="freehand" />;
    case 'angle':
      return <polyline {...common} points={`${shape.a[0]},${shape.a[1]} ${shape.vertex[0]},${shape.vertex[1]} ${shape.b[0]},${shape.b[1]}`} data-shape="angle" />;
  }
}
