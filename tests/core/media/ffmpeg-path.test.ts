import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { CoreError } from '../../../src-main/core/errors';
import { resolveFfmpeg, resolveMediaTools, unpackedPath, type BundledTools } from '../../../src-main/core/media/ffmpeg-path';
import { staticFfprobe } from '../../support/media-fixtures';

const root = mkdtempSync(join(tmpdir(), 'coachframe-ffmpeg-path-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

const exe = (name: string) => (process.platform === 'win32' ? `${name}.exe` : name);

/** A folder holding stand-in ffmpeg and ffprobe programs, named after where they are meant to be found. */
function toolDir(origin: string): { dir: string; ffmpeg: string; ffprobe: string } {
  const dir = join(root, origin);
  mkdirSync(dir, { recursive: true });
  const make = (name: string) => {
    const path = join(dir, exe(name));
    writeFileSync(path, '#!/bin/sh\nexit 0\n');
    chmodSync(path, 0o755);
    return path;
  };
  return { dir, ffmpeg: make('ffmpeg'), ffprobe: make('ffprobe') };
}

const setting = toolDir('setting');
const variable = toolDir('variable');
const bundle = toolDir('bundle');
const onPath = toolDir('path');
const nothingBundled = (): BundledTools => ({ ffmpeg: null, ffprobe: null });
const bundled = (): BundledTools => ({ ffmpeg: bundle.ffmpeg, ffprobe: bundle.ffprobe });
const PATH = { PATH: onPath.dir };

describe('resolveMediaTools order', () => {
  it('takes the explicit setting first', () => {
    const tools = resolveMediaTools(
      { ffmpegPath: setting.ffmpeg, ffprobePath: setting.ffprobe },
      { ...PATH, FFMPEG_PATH: variable.ffmpeg, FFPROBE_PATH: variable.ffprobe },
      bundled,
    );
    expect(tools).toEqual({ ffmpeg: setting.ffmpeg, ffprobe: setting.ffprobe });
  });

  it('then FFMPEG_PATH / FFPROBE_PATH', () => {
    const tools = resolveMediaTools({ ffmpegPath: null }, { ...PATH, FFMPEG_PATH: variable.ffmpeg, FFPROBE_PATH: variable.ffprobe }, bundled);
    expect(tools).toEqual({ ffmpeg: variable.ffmpeg, ffprobe: variable.ffprobe });
  });

  it('then the bundled binaries', () => {
    expect(resolveMediaTools({}, PATH, bundled)).toEqual({ ffmpeg: bundle.ffmpeg, ffprobe: bundle.ffprobe });
  });

  it('then the programs on PATH', () => {
    expect(resolveMediaTools({}, { PATH: [join(root, 'empty'), onPath.dir].join(delimiter) }, nothingBundled)).toEqual({
      ffmpeg: onPath.ffmpeg,
      ffprobe: onPath.ffprobe,
    });
  });

  it('resolves each tool on its own: a setting for one, the bundle for the other', () => {
    expect(resolveMediaTools({ ffprobePath: setting.ffprobe }, PATH, bundled)).toEqual({ ffmpeg: bundle.ffmpeg, ffprobe: setting.ffprobe });
  });

  it('runs the bundled binaries from app.asar.unpacked when packaged', () => {
    const unpacked = toolDir(join('app', 'resources', 'app.asar.unpacked', 'bin'));
    const inAsar = (): BundledTools => ({
      ffmpeg: join(root, 'app', 'resources', 'app.asar', 'bin', exe('ffmpeg')),
      ffprobe: join(root, 'app', 'resources', 'app.asar', 'bin', exe('ffprobe')),
    });
    expect(resolveMediaTools({}, PATH, inAsar)).toEqual({ ffmpeg: unpacked.ffmpeg, ffprobe: unpacked.ffprobe });
  });

  it('passes over a bundled path that is not there (a failed optional download)', () => {
    const gone = (): BundledTools => ({ ffmpeg: join(root, 'nowhere', 'ffmpeg'), ffprobe: join(root, 'nowhere', 'ffprobe') });
    expect(resolveMediaTools({}, PATH, gone)).toEqual({ ffmpeg: onPath.ffmpeg, ffprobe: onPath.ffprobe });
  });

  it('finds ffprobe-static’s binary by default in this checkout', () => {
    // ffmpeg-static cannot download here, so ffmpeg comes from PATH; ffprobe-static ships in the tarball.
    const tools = resolveMediaTools({}, { PATH: onPath.dir });
    expect(tools.ffprobe).toBe(staticFfprobe());
  });
});

describe('resolveMediaTools when something is missing', () => {
  it('says what to install and which variable to set when ffmpeg is nowhere', () => {
    const error = catchError(() => resolveMediaTools({}, { PATH: join(root, 'empty') }, nothingBundled));
    expect(error.code).toBe('ffmpeg-missing');
    expect(error.message).toMatch(/Install ffmpeg/);
    expect(error.message).toMatch(/FFMPEG_PATH/);
  });

  it('says so for ffprobe alone when only ffprobe is missing', () => {
    const ffmpegOnly = (): BundledTools => ({ ffmpeg: bundle.ffmpeg, ffprobe: null });
    const error = catchError(() => resolveMediaTools({}, { PATH: join(root, 'empty') }, ffmpegOnly));
    expect(error.code).toBe('ffmpeg-missing');
    expect(error.message).toMatch(/^ffprobe was not found/);
    expect(error.message).toMatch(/FFPROBE_PATH/);
  });

  it('names a chosen path that leads nowhere instead of quietly using another ffmpeg', () => {
    const typo = join(root, 'setting', 'ffmpgg');
    const fromSetting = catchError(() => resolveMediaTools({ ffmpegPath: typo }, PATH, bundled));
    expect(fromSetting).toMatchObject({ code: 'ffmpeg-missing' });
    expect(fromSetting.message).toContain(typo);
    const fromVariable = catchError(() => resolveMediaTools({}, { ...PATH, FFPROBE_PATH: typo }, bundled));
    expect(fromVariable.message).toMatch(/FFPROBE_PATH/);
  });

  it.skipIf(process.platform === 'win32')('does not take a folder or a file that cannot run for a program', () => {
    const notExecutable = join(root, 'plain-file');
    writeFileSync(notExecutable, 'not a program');
    expect(catchError(() => resolveMediaTools({ ffmpegPath: notExecutable }, PATH, bundled)).code).toBe('ffmpeg-missing');
    expect(catchError(() => resolveMediaTools({ ffmpegPath: setting.dir }, PATH, bundled)).code).toBe('ffmpeg-missing');
  });
});

describe('resolveFfmpeg (ffmpeg alone, for the demo world)', () => {
  it('follows the same order', () => {
    expect(resolveFfmpeg(setting.ffmpeg, { FFMPEG_PATH: variable.ffmpeg })).toBe(setting.ffmpeg);
    expect(resolveFfmpeg(null, { FFMPEG_PATH: variable.ffmpeg })).toBe(variable.ffmpeg);
  });
});

describe('unpackedPath', () => {
  it('moves a POSIX path out of app.asar', () => {
    expect(unpackedPath('/Applications/Coachframe.app/Contents/Resources/app.asar/node_modules/ffprobe-static/bin/darwin/arm64/ffprobe')).toBe(
      '/Applications/Coachframe.app/Contents/Resources/app.asar.unpacked/node_modules/ffprobe-static/bin/darwin/arm64/ffprobe',
    );
  });

  it('moves a Windows path out of app.asar', () => {
    expect(unpackedPath('C:\\Program Files\\Coachframe\\resources\\app.asar\\node_modules\\ffmpeg-static\\ffmpeg.exe')).toBe(
      'C:\\Program Files\\Coachframe\\resources\\app.asar.unpacked\\node_modules\\ffmpeg-static\\ffmpeg.exe',
    );
  });

  it('leaves unpacked and unpackaged paths alone', () => {
    const unpacked = '/opt/Coachframe/resources/app.asar.unpacked/node_modules/ffmpeg-static/ffmpeg';
    expect(unpackedPath(unpacked)).toBe(unpacked);
    expect(unpackedPath('/home/me/coachframe/node_modules/ffmpeg-static/ffmpeg')).toBe('/home/me/coachframe/node_modules/ffmpeg-static/ffmpeg');
    expect(unpackedPath('/home/me/my-app.asar-notes/ffmpeg')).toBe('/home/me/my-app.asar-notes/ffmpeg');
  });
});

function catchError(fn: () => unknown): CoreError {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(CoreError);
    return error as CoreError;
  }
  throw new Error('expected an error');
}
