import type { Api } from '../src-shared/api';

declare global {
  interface Window {
    /** Installed before the renderer runs, by Electron's preload or by the web host's script. */
    readonly api: Api;
  }
}

export {};
