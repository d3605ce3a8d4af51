import { useRef, useState, type CSSProperties, type PointerEvent, type ReactNode, type Ref } from 'react';
import type { MediaAsset } from '../../../src-shared/domain';
import { mediaUrl } from '../../api/client';
import { Poster } from '../../components/media';

/** The filmstrip is one image of this many frames side by side. */
export const FILMSTRIP_FRAMES = 10;
const CELL_ASPECT = 16 / 9;

/**
 * Where a frame of the video sits inside a 16:9 cell (letterboxed, never cropped), as percentages of
 * the cell: portrait videos are narrower, very wide ones shorter.
 */
export function frameBox(width: number | null, height: number | null): CSSProperties {
  const aspect = width && height ? width / height : CELL_ASPECT;
  return aspect >= CELL_ASPECT ? { width: '100%', height: `${(CELL_ASPECT / aspect) * 100}%` } : { width: `${(aspect / CELL_ASPECT) * 100}%`, height: '100%' };
}

/** Which of the filmstrip's frames a pointer at `x` (0..1 across) shows. */
export function frameAt(x: number): number {
  return Math.max(0, Math.min(FILMSTRIP_FRAMES - 1, Math.floor(x * FILMSTRIP_FRAMES)));
}

/** The filmstrip as a CSS background showing one frame: the strip shifted so that frame fills the box. */
export function filmstripFrameStyle(assetId: string, frame: number): CSSProperties {
  return {
    backgroundImage: `url("${mediaUrl(assetId, 'filmstrip')}")`,
    backgroundSize: `${FILMSTRIP_FRAMES * 100}% 100%`,
    backgroundPosition: `${(frame / (FILMSTRIP_FRAMES - 1)) * 100}% 0`,
  };
}

/**
 * Hover-scrub for a cell whose link covers it: the pointer is followed on the whole cell, and the
 * frame is the one under it while it is over the poster.
 */
export function useFilmstripScrub(enabled: boolean) {
  const poster = useRef<HTMLDivElement>(null);
  const [frame, setFrame] = useState<number | null>(null);
  return {
    poster,
    frame: enabled ? frame : null,
    handlers: {
      onPointerMove(event: PointerEvent) {
        const rect = poster.current?.getBoundingClientRect();
        if (!enabled || !rect || rect.width === 0) return;
        const inside = event.clientY >= rect.top && event.clientY <= rect.bottom && event.clientX >= rect.left && event.clientX <= rect.right;
        setFrame(inside ? frameAt((event.clientX - rect.left) / rect.width) : null);
      },
      onPointerLeave() {
        setFrame(null);
      },
    },
  };
}

/** A cell's poster, or (while scrubbing) the filmstrip frame under the pointer. */
export function ScrubPoster({ asset, frame, posterRef, children }: { asset: MediaAsset; frame: number | null; posterRef: Ref<HTMLDivElement>; children?: ReactNode }) {
  const duration = asset.durationMs !== null ? asset.durationMs / 1000 : asset.durationSec;
  return (
    <div className="asset-poster" ref={posterRef}>
      <Poster assetId={asset.hasPoster ? asset.id : null} durationSec={duration} />
      {asset.hasFilmstrip && frame !== null && (
        <>
          <span
            className="filmstrip-frame"
            style={{ ...frameBox(asset.width, asset.height), ...filmstripFrameStyle(asset.id, frame) }}
            data-testid="filmstrip-frame"
            data-frame={frame}
            aria-hidden="true"
          />
          <span className="scrub-line" style={{ left: `${((frame + 0.5) / FILMSTRIP_FRAMES) * 100}%` }} aria-hidden="true" />
        </>
      )}
      {children}
    </div>
  );
}
