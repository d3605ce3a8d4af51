import { accessSync, constants, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { delimiter, join } from 'node:path';
import { CoreError } from '../errors';

export interface MediaToolSettings {
  ffmpegPath?: string | null;
  ffprobePath?: string | null;
}

export interface MediaTools {
  ffmpeg: string;
  ffprobe: string;
}

/** Where the bundled binaries are, if their packages are installed (paths as the packages report them). */
export interface BundledTools {
  ffmpeg: string | null;
  ffprobe: string | null;
}

type Tool = keyof MediaTools;

const ENV_VAR: Record<Tool, string> = { ffmpeg: 'FFMPEG_PATH', ffprobe: 'FFPROBE_PATH' };
const SETTING: Record<Tool, keyof MediaToolSettings> = { ffmpeg: 'ffmpegPath', ffprobe: 'ffprobePath' };

const MISSING: Record<Tool, string> = {
  ffmpeg:
    'ffmpeg was not found. Install ffmpeg (from ffmpeg.org or your system’s package manager), or set FFMPEG_PATH to the ffmpeg program.',
  ffprobe:
    'ffprobe was not found. Install ffmpeg (it includes ffprobe) from ffmpeg.org or your system’s package manager, or set FFPROBE_PATH to the ffprobe program.',
};

/**
 * Finds ffmpeg and ffprobe in one place, each in this order: the explicit setting, FFMPEG_PATH /
 * FFPROBE_PATH, the bundled binary (ffmpeg-static, an optional dependency that may be absent;
 * ffprobe-static, which is ffprobe 4.0.2 — probe.ts reads both its JSON and that of 5.x+), then the
 * program on PATH. A path the person chose (setting or variable) that does not lead to a program is an
 * error naming that path, not a silent fall-back to another ffmpeg: otherwise a typo would go unnoticed.
 */
export function resolveMediaTools(
  settings: MediaToolSettings = {},
  env: NodeJS.ProcessEnv = process.env,
  bundled: () => BundledTools = bundledTools,
): MediaTools {
  let found: BundledTools | undefined;
  const fromBundle = (tool: Tool) => (found ??= bundled())[tool];
  return {
    ffmpeg: resolveTool('ffmpeg', settings, env, () => fromBundle('ffmpeg')),
    ffprobe: resolveTool('ffprobe', settings, env, () => fromBundle('ffprobe')),
  };
}

/** ffmpeg alone, for callers that never probe (the demo world). Same order as `resolveMediaTools`. */
export function resolveFfmpeg(explicit?: string | null, env: NodeJS.ProcessEnv = process.env): string {
  return resolveTool('ffmpeg', { ffmpegPath: explicit ?? null }, env, () => bundledTools().ffmpeg);
}

/**
 * Inside a packaged Electron app the packages live in `app.asar`, an archive the OS cannot execute
 * from; electron-builder's `asarUnpack` puts the binaries next to it in `app.asar.unpacked`.
 */
export function unpackedPath(p: string): string {
  return p.replace(/([\\/])app\.asar([\\/])/, '$1app.asar.unpacked$2');
}

function resolveTool(tool: Tool, settings: MediaToolSettings, env: NodeJS.ProcessEnv, bundled: () => string | null): string {
  for (const [origin, chosen] of [
    ['the setting', settings[SETTING[tool]]],
    [ENV_VAR[tool], env[ENV_VAR[tool]]],
  ] as const) {
    if (typeof chosen !== 'string' || chosen.trim() === '') continue;
    if (isProgram(chosen)) return chosen;
    throw new CoreError(
      'ffmpeg-missing',
      `${tool} was not found at ${chosen} (from ${origin}). Correct that path, or clear it to use the ${tool} that comes with Coachframe.`,
    );
  }
  const fromBundle = bundled();
  if (fromBundle) {
    const path = unpackedPath(fromBundle);
    if (isProgram(path)) return path;
  }
  const onPath = findOnPath(tool, env);
  if (onPath) return onPath;
  throw new CoreError('ffmpeg-missing', MISSING[tool]);
}

/** ffprobe-static exits the process on require for a platform it has no binary for: ask first. */
const FFPROBE_STATIC_PLATFORMS: Record<string, readonly string[]> = {
  darwin: ['x64', 'arm64'],
  linux: ['x64', 'ia32'],
  win32: ['x64', 'ia32'],
};

function bundledTools(): BundledTools {
  const require = createRequire(import.meta.url);
  let ffmpeg: string | null = null;
  let ffprobe: string | null = null;
  try {
    const path = require('ffmpeg-static') as unknown;
    if (typeof path === 'string') ffmpeg = path;
  } catch {
    // Optional dependency: its download fails on machines without GitHub access, and then it is absent.
  }
  if (FFPROBE_STATIC_PLATFORMS[process.platform]?.includes(process.arch)) {
    try {
      const mod = require('ffprobe-static') as { path?: unknown };
      if (typeof mod.path === 'string') ffprobe = mod.path;
    } catch {
      // Not installed (e.g. a trimmed package): fall through to PATH.
    }
  }
  return { ffmpeg, ffprobe };
}

function findOnPath(name: string, env: NodeJS.ProcessEnv): string | null {
  const exe = process.platform === 'win32' ? `${name}.exe` : name;
  const pathVar = env['PATH'] ?? env['Path'] ?? '';
  for (const dir of pathVar.split(delimiter)) {
    if (!dir) continue;
    const candidate = join(dir, exe);
    if (isProgram(candidate)) return candidate;
  }
  return null;
}

function isProgram(path: string): boolean {
  try {
    if (!statSync(path).isFile()) return false;
    if (process.platform !== 'win32') accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}
