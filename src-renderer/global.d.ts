import type { Api } from '../src-shared/api';

declare global {
  interface Window {
    /** Installed before the renderer runs, by Electron's preload or by the web host's script. */
    readonly api: Api;
    /**
     * Test probe of the comparison screen, present only with `?probe=1` in its address: the frames each
     * side presented as `[side, mediaTime, expectedDisplayTime ms]`, the offsets and the learnt frame durations.
     */
    __compareProbe?: {
      samples: [side: 0 | 1, mediaTime: number, presentedAt: number][];
      offsets(): [number, number];
      frames(): [number, number];
      clear(): void;
    };
  }
}

export {};
