// `npm run dist`: installers for the current platform with electron-builder. It needs Electron's
// binary and headers; where they cannot be downloaded it says so instead of failing obscurely.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { root, run } from './lib.mjs';

if (!existsSync(join(root, 'node_modules', 'electron', 'path.txt'))) {
  console.error('Packaging needs the Electron binary, which is not installed on this machine (downloads are blocked here).\nRun `npm run dist` on a machine that can download Electron.');
  process.exit(1);
}
if (run('npx', ['--no-install', 'electron-vite', 'build']) !== 0) process.exit(1);
process.exit(run('npx', ['--no-install', 'electron-builder', '--publish', 'never']));
