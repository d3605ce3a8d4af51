import { useEffect, useRef } from 'react';
import { isInteractiveTarget, isTypingTarget, modalOpen, usesArrowKeys } from './keys';
import { seekBy, togglePlay } from './video';

/** Frame step when the frame rate is unknown (the common 30 fps). */
export const FRAME = 1 / 30;

/**
 * The editors' keys on a page with one video: Space play/pause, ←/→ or `,`/`.` a frame, Shift+←/→ a
 * second; plus the page's own letters (`extra`, keyed by lower-case key: M comment, I/O in and out).
 */
export function useVideoShortcuts(video: HTMLVideoElement | null, extra: Record<string, () => void> = {}) {
  const latest = useRef(extra);
  useEffect(() => {
    latest.current = extra;
  });

  useEffect(() => {
    function onKey(event: KeyboardEvent) {
      if (event.defaultPrevented || event.altKey || event.ctrlKey || event.metaKey || modalOpen()) return;
      // Letters work wherever nothing is being typed; Space and arrows only where no control uses them.
      if (isTypingTarget(event.target)) return;
      const ownsKey =
        (event.key === ' ' && isInteractiveTarget(event.target)) || (event.key.startsWith('Arrow') && usesArrowKeys(event.target));
      if (ownsKey) return;
      const step = (delta: number) => video && seekBy(video, delta);
      const own = latest.current[event.key.toLowerCase()];
      switch (event.key) {
        case ' ':
          if (!video) return;
          togglePlay(video);
          break;
        case 'ArrowLeft':
          step(event.shiftKey ? -1 : -FRAME);
          break;
        case 'ArrowRight':
          step(event.shiftKey ? 1 : FRAME);
          break;
        case ',':
          step(-FRAME);
          break;
        case '.':
          step(FRAME);
          break;
        default:
          if (!own || event.key.length !== 1) return;
          own();
      }
      event.preventDefault();
    }
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [video]);
}
