import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * The built Electron bundles the wiring tests load. They are built by `npm test` (its build step runs
 * `electron-vite build` before vitest); run alone, these tests refuse missing or stale bundles with a
 * message that says what to run, rather than testing yesterday's code.
 */
const root = fileURLToPath(new URL('../..', import.meta.url));

export const MAIN_BUNDLE = join(root, 'out', 'main', 'index.js');
export const PRELOAD_BUNDLE = join(root, 'out', 'preload', 'index.cjs');
export const RENDERER_DIR = join(root, 'out', 'renderer');

/** What each bundle is built from. */
const SOURCES: Record<string, string[]> = {
  [MAIN_BUNDLE]: ['src-main/electron', 'src-main/core', 'src-shared'],
  [PRELOAD_BUNDLE]: ['src-main/electron', 'src-shared'],
};

const newestSource = (dirs: string[]): { path: string; mtimeMs: number } => {
  let newest = { path: '', mtimeMs: 0 };
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const full = join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (entry.name.endsWith('.ts')) {
        const { mtimeMs } = statSync(full);
        if (mtimeMs > newest.mtimeMs) newest = { path: full, mtimeMs };
      }
    }
  };
  for (const dir of dirs.map((d) => join(root, d))) if (existsSync(dir)) walk(dir);
  return newest;
};

/** Throws, with the command to run, unless `bundle` exists and is newer than every source it is built from. */
export function requireFreshBundle(bundle: string): void {
  const howToBuild = 'Build it first: `npx electron-vite build` (npm test does this before running vitest).';
  if (!existsSync(bundle)) throw new Error(`The Electron bundle ${bundle} does not exist. ${howToBuild}`);
  const source = newestSource(SOURCES[bundle] ?? []);
  if (statSync(bundle).mtimeMs < source.mtimeMs) {
    throw new Error(`The Electron bundle ${bundle} is older than ${source.path}. ${howToBuild}`);
  }
}
