import { resolve } from 'node:path';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'electron-vite';

/**
 * One build for both shells. `main` and `preload` are the Electron shell; `renderer` is the UI both
 * shells serve, plus `web-api.js`, the web host's stand-in for the preload (it defines window.api over
 * HTTP and is loaded only by the web host).
 */
export default defineConfig({
  main: {
    build: {
      outDir: 'out/main',
      externalizeDeps: true,
      rollupOptions: { input: { index: resolve('src-main/electron/main.ts') } },
    },
  },
  preload: {
    build: {
      outDir: 'out/preload',
      // A sandboxed preload may require nothing but 'electron': bundle everything else into it.
      externalizeDeps: false,
      rollupOptions: {
        input: { index: resolve('src-main/electron/preload.ts') },
        external: ['electron'],
        output: { format: 'cjs', entryFileNames: '[name].cjs' },
      },
    },
  },
  renderer: {
    root: 'src-renderer',
    base: './',
    plugins: [react()],
    build: {
      outDir: 'out/renderer',
      emptyOutDir: true,
      // Minified: a third of the bytes for the window to parse before it shows anything.
      minify: true,
      rollupOptions: {
        input: {
          index: resolve('src-renderer/index.html'),
          'web-api': resolve('src-main/web/browser/web-api.ts'),
        },
        output: {
          entryFileNames: (chunk) => (chunk.name === 'web-api' ? 'web-api.js' : 'assets/[name]-[hash].js'),
        },
      },
    },
  },
});
