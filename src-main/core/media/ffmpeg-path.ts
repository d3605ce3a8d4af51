import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { delimiter, join } from 'node:path';
import { CoreError } from '../errors';

/**
 * Finds ffmpeg in one place, in this order: an explicit setting or FFMPEG_PATH, the bundled binary
 * (ffmpeg-static, an optional dependency; inside a packaged app its path moves to app.asar.unpacked),
 * then `ffmpeg` on PATH. A missing ffmpeg is a clear error, never a crash.
 */
export function resolveFfmpeg(explicit?: string | null, env: NodeJS.ProcessEnv = process.env): string {
  const candidates = [explicit, env['FFMPEG_PATH'], bundledFfmpeg(), onPath('ffmpeg', env)];
  const found = candidates.find((c): c is string => typeof c === 'string' && c.length > 0 && existsSync(c));
  if (!found) {
    throw new CoreError('ffmpeg-missing', 'ffmpeg was not found. Install ffmpeg, or set FFMPEG_PATH to its location.');
  }
  return found;
}

function bundledFfmpeg(): string | null {
  try {
    const path = createRequire(import.meta.url)('ffmpeg-static') as string | null;
    return path ? path.replace(`app.asar${process.platform === 'win32' ? '\\' : '/'}`, `app.asar.unpacked${process.platform === 'win32' ? '\\' : '/'}`) : null;
  } catch {
    return null;
  }
}

function onPath(name: string, env: NodeJS.ProcessEnv): string | null {
  const exe = process.platform === 'win32' ? `${name}.exe` : name;
  for (const dir of (env['PATH'] ?? '').split(delimiter)) {
    if (dir && existsSync(join(dir, exe))) return join(dir, exe);
  }
  return null;
}
