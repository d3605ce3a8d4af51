// `npm start`: launches the desktop app. On a machine where Electron's binary cannot be had (as on
// our build machines, which reach no download host), it says so and points at the web host.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { root, run } from './lib.mjs';

const require = createRequire(import.meta.url);
const electronDir = join(root, 'node_modules', 'electron');
const pathFile = join(electronDir, 'path.txt');
const binary = existsSync(pathFile) ? join(electronDir, 'dist', readFileSync(pathFile, 'utf8').trim()) : null;

function explainAndExit(reason) {
  console.error(`
Coachframe cannot start its desktop window here: ${reason}

Run the same app in your browser instead, through the web host:
  npm run web              (then open the URL it prints)
  npm run web -- --demo    (with a coach's demo world to look around)
`);
  process.exit(1);
}

if (!binary || !existsSync(binary)) {
  // Electron fetches its binary on first use; try once, quietly, and explain if that is impossible.
  const fetched = spawnSync(process.execPath, [join(electronDir, 'install.js')], { cwd: root, stdio: 'ignore', timeout: 120_000 });
  if (fetched.status !== 0 || !existsSync(pathFile)) {
    explainAndExit('the Electron binary is not installed and could not be downloaded on this machine.');
  }
}
// The native database module must be built for Electron's ABI, not Node's, before the app loads it.
if (run('npx', ['--no-install', 'electron-builder', 'install-app-deps']) !== 0) {
  explainAndExit('better-sqlite3 could not be rebuilt for Electron (Electron headers are needed).');
}
if (run('npx', ['--no-install', 'electron-vite', 'build']) !== 0) process.exit(1);
const electron = require('electron');
process.exit(spawnSync(electron, ['.'], { cwd: root, stdio: 'inherit' }).status ?? 1);
