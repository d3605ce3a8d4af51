// Shared by the npm scripts: finding the tools the tests and the app need, and running steps.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { delimiter, join } from 'node:path';

export const root = new URL('..', import.meta.url).pathname;

export function onPath(name) {
  for (const dir of (process.env.PATH ?? '').split(delimiter)) {
    const full = join(dir, name);
    if (dir && existsSync(full)) return full;
  }
  return null;
}

export function findFfmpeg() {
  const bundled = (() => {
    try {
      return createRequire(import.meta.url)('ffmpeg-static');
    } catch {
      return null;
    }
  })();
  return [process.env.FFMPEG_PATH, bundled, onPath('ffmpeg')].find((p) => p && existsSync(p)) ?? null;
}

export function findChromium() {
  const candidates = [process.env.CHROMIUM_PATH, '/usr/bin/chromium', '/usr/bin/chromium-browser', onPath('chromium'), onPath('google-chrome')];
  return candidates.find((p) => p && existsSync(p)) ?? null;
}

/** better-sqlite3 is native: make sure the copy in node_modules is built for this Node (not Electron). */
export function ensureSqliteForNode() {
  const probe = spawnSync(process.execPath, ['-e', "new (require('better-sqlite3'))(':memory:').close()"], { cwd: root, encoding: 'utf8' });
  if (probe.status === 0) return true;
  console.log('better-sqlite3 is not built for this Node (it may be built for Electron); rebuilding it…');
  return run('npm', ['rebuild', 'better-sqlite3']) === 0;
}

export function run(cmd, args, options = {}) {
  const result = spawnSync(cmd, args, { cwd: root, stdio: 'inherit', env: { ...process.env, ...options.env } });
  return result.status ?? 1;
}
