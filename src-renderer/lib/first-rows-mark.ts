import { useEffect, useRef } from 'react';

/** The performance mark a list sets once its first rows are on screen: `coachframe:<list>-first-rows`. */
export const firstRowsMark = (list: string) => `coachframe:${list}-first-rows`;

/**
 * Marks (once per mount) the moment a list's first rows have been painted: the frame after the commit
 * that rendered them, then the task after that frame (tests/bench/lists-bench.ts reads it).
 */
export function useFirstRowsMark(list: string, rendered: boolean): void {
  const done = useRef(false);
  useEffect(() => {
    if (!rendered || done.current || typeof performance === 'undefined' || typeof requestAnimationFrame === 'undefined') return;
    done.current = true;
    requestAnimationFrame(() => setTimeout(() => performance.mark(firstRowsMark(list)), 0));
  }, [list, rendered]);
}
