import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createOpenQueue, importBatches, videoPathsFromArgv } from '../../../src-main/electron/desktop/open-files';

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'coachframe-argv-'));
  for (const name of ['serve.mp4', 'LOB.MOV', 'clip.m4v', 'rec.webm', 'old.mkv', 'old.avi', 'notes.txt', 'my serve.mp4', '-dash.mp4']) {
    writeFileSync(join(dir, name), 'x');
  }
  mkdirSync(join(dir, 'folder.mp4'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('videoPathsFromArgv', () => {
  it('keeps existing video files of every supported extension, whatever their case, in the order given', () => {
    const argv = ['/opt/Coachframe/coachframe', 'serve.mp4', join(dir, 'LOB.MOV'), 'clip.m4v', 'rec.webm', 'old.mkv', 'old.avi'];
    expect(videoPathsFromArgv(argv, dir)).toEqual(['serve.mp4', 'LOB.MOV', 'clip.m4v', 'rec.webm', 'old.mkv', 'old.avi'].map((n) => join(dir, n)));
  });

  it('skips the executable, flags, the app path of a development run, other files, folders and missing files', () => {
    const argv = [
      join(dir, 'serve.mp4'), // argv[0] is the executable, whatever it is called
      '.', // `electron .`
      join(dir, 'out', 'main', 'index.js'),
      '--inspect=9229',
      '--allow-file-access-from-files',
      '-psn_0_12345',
      'notes.txt',
      'folder.mp4',
      'missing.mp4',
      'https://example.com/a.mp4',
      '',
      'serve.mp4',
    ];
    expect(videoPathsFromArgv(argv, dir)).toEqual([join(dir, 'serve.mp4')]);
  });

  it('resolves relative paths against the given folder (the second instance’s, not ours)', () => {
    expect(videoPathsFromArgv(['app', './serve.mp4', `../${dir.split(/[\\/]/).pop()}/rec.webm`], dir)).toEqual([
      join(dir, 'serve.mp4'),
      join(dir, 'rec.webm'),
    ]);
  });

  it('accepts file:// URLs, names with spaces, and after `--` names that start with a dash; lists each file once', () => {
    const argv = ['app', pathToFileURL(join(dir, 'my serve.mp4')).href, '-dash.mp4', '--', '-dash.mp4', 'serve.mp4', join(dir, 'serve.mp4')];
    expect(videoPathsFromArgv(argv, dir)).toEqual([join(dir, 'my serve.mp4'), join(dir, '-dash.mp4'), join(dir, 'serve.mp4')]);
  });

  it('ignores malformed file URLs', () => {
    expect(videoPathsFromArgv(['app', 'file://server%00/x.mp4', 'file:'], dir)).toEqual([]);
  });
});

describe('the open queue', () => {
  it('keeps files until the shell is ready and a profile is open, then imports them once', () => {
    let profile = false;
    const importPaths = vi.fn();
    const queue = createOpenQueue({ importPaths, hasProfile: () => profile });
    queue.open(['/v/a.mp4']);
    queue.ready();
    queue.open(['/v/b.mp4', '/v/a.mp4']);
    expect(importPaths).not.toHaveBeenCalled();
    expect(queue.pending()).toEqual(['/v/a.mp4', '/v/b.mp4']);
    profile = true;
    queue.profileChanged();
    expect(importPaths).toHaveBeenCalledExactlyOnceWith(['/v/a.mp4', '/v/b.mp4']);
    queue.open(['/v/c.mp4']);
    expect(importPaths).toHaveBeenLastCalledWith(['/v/c.mp4']);
    expect(queue.pending()).toEqual([]);
  });

  it('waits for ready even with a profile open (macOS open-file arrives before the window)', () => {
    const importPaths = vi.fn();
    const queue = createOpenQueue({ importPaths, hasProfile: () => true });
    queue.open(['/v/a.mp4']);
    expect(importPaths).not.toHaveBeenCalled();
    queue.ready();
    expect(importPaths).toHaveBeenCalledWith(['/v/a.mp4']);
  });

  it('splits many files into batches assets.import accepts', () => {
    const paths = Array.from({ length: 230 }, (_, i) => `/v/${i}.mp4`);
    expect(importBatches(paths).map((b) => b.length)).toEqual([100, 100, 30]);
    expect(importBatches(paths).flat()).toEqual(paths);
  });
});
