import tseslint from 'typescript-eslint';
import reactHooks from 'eslint-plugin-react-hooks';

/**
 * The layer rules (see ../shared/STYLE.md) are the point of this config: a wrong import between
 * src-shared, src-renderer, src-main/core and the shells fails `npm test`.
 */
const nodeBuiltins = ['node:*', 'fs', 'path', 'os', 'crypto', 'child_process', 'http', 'https', 'net', 'url', 'stream', 'util', 'worker_threads'];
const pattern = (group, message) => ({ group, message });

export default tseslint.config(
  { ignores: ['out/**', 'dist/**', 'node_modules/**', 'test-results/**', 'playwright-report/**', '**/*.d.ts'] },
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
      'no-restricted-syntax': [
        'error',
        { selector: "JSXAttribute[name.name='dangerouslySetInnerHTML']", message: 'Never set raw HTML: render React elements.' },
      ],
    },
  },
  {
    files: ['src-shared/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            pattern(nodeBuiltins, 'src-shared runs everywhere: no Node APIs.'),
            pattern(['electron', 'electron/*'], 'src-shared runs everywhere: no Electron.'),
            pattern(['**/src-main/**', '**/src-renderer/**', 'react', 'react-dom', 'zustand'], 'src-shared imports nothing but itself and zod.'),
          ],
        },
      ],
    },
  },
  {
    files: ['src-renderer/**/*.{ts,tsx}'],
    plugins: { 'react-hooks': reactHooks },
    rules: {
      ...reactHooks.configs.recommended.rules,
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            pattern(nodeBuiltins, 'The renderer is sandboxed: no Node APIs; go through window.api.'),
            pattern(['electron', 'electron/*'], 'The renderer talks only to window.api.'),
            pattern(['**/src-main/**', 'better-sqlite3', 'fluent-ffmpeg', 'electron-store'], 'The renderer imports only src-renderer and src-shared.'),
          ],
        },
      ],
    },
  },
  {
    files: ['src-main/core/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            pattern(['electron', 'electron/*', 'electron-store'], 'The core runs under both shells: no Electron.'),
            pattern(['**/src-main/electron/**', '**/electron/**', '**/web/**', '**/src-renderer/**', 'react', 'react-dom'], 'The core imports only Node, its own folders and src-shared.'),
          ],
        },
      ],
    },
  },
  {
    files: ['src-main/web/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            pattern(['electron', 'electron/*', 'electron-store'], 'The web host is the shell without Electron.'),
            pattern(['**/electron/**', '**/src-renderer/**'], 'The web host uses the core and src-shared only.'),
          ],
        },
      ],
    },
  },
  {
    // The reference cloud: Node, src-shared, and only the core's schema helpers and sync definitions,
    // so it enforces the desktop's own invariants without depending on the app's services.
    files: ['src-main/cloud/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            pattern(['electron', 'electron/*', 'electron-store'], 'The cloud is a server: no Electron.'),
            pattern(['**/electron/**', '**/web/**', '**/src-renderer/**', 'react', 'react-dom'], 'The cloud uses src-shared and the core\'s db and sync definitions only.'),
            pattern(
              ['../core/*', '!../core/db', '../core/db/repos/**', '!../core/sync', '../core/sync/*', '!../core/sync/entities', '!../core/sync/hlc'],
              'From the core, the cloud imports only src-main/core/db/* and sync/entities.ts, sync/hlc.ts.',
            ),
          ],
        },
      ],
    },
  },
  {
    // What a window runs before it can ask for anything: the bridges (preload, web-api.js) and the
    // renderer's first bundle. zod and the schemas built with it cost ~30 ms there; the renderer loads
    // them on first use (lib/input-schemas.ts), the bridges never.
    files: ['src-main/electron/preload.ts', 'src-main/electron/app-origin.ts', 'src-main/electron/ipc-names.ts', 'src-main/web/browser/**/*.ts', 'src-renderer/**/*.{ts,tsx}'],
    ignores: ['src-renderer/lib/input-schemas.ts'],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              // zod, and every src-shared module that builds schemas (the contract's names and events do not).
              regex: '^zod$|src-shared/(contract(/(?!names$|events$)[^/]+)?|domain|primitives|cloud)$',
              allowTypeImports: true,
              message: 'Schemas stay off a window\'s start: import types only (the renderer loads schemas through lib/load-input-schemas.ts).',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['src-main/electron/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        { patterns: [pattern(['**/web/**', '**/src-renderer/**'], 'The Electron shell uses the core and src-shared only.')] },
      ],
    },
  },
);
