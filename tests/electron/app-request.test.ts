import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mediaUrl } from '../../src-main/electron/app-origin';
import { routeAppRequest, uiFilePath, uiResponse } from '../../src-main/electron/app-request';

let rendererDir: string;
beforeAll(() => {
  const root = mkdtempSync(join(tmpdir(), 'coachframe-app-request-'));
  rendererDir = join(root, 'renderer');
  mkdirSync(join(rendererDir, 'assets'), { recursive: true });
  writeFileSync(join(rendererDir, 'index.html'), '<!doctype html><title>Coachframe</title>');
  writeFileSync(join(rendererDir, 'assets', 'index-abc.js'), 'export {}');
  // A file beside the renderer folder, where an escaping path would land.
  writeFileSync(join(root, 'secret.txt'), 'not for the renderer');
});
afterAll(() => rmSync(join(rendererDir, '..'), { recursive: true, force: true }));

describe('the UI path check', () => {
  it('finds files of the built renderer, / being index.html', () => {
    expect(uiFilePath(rendererDir, '/')).toBe(join(rendererDir, 'index.html'));
    expect(uiFilePath(rendererDir, '/assets/index-abc.js')).toBe(join(rendererDir, 'assets', 'index-abc.js'));
    expect(uiFilePath(rendererDir, '/assets/my%20font.woff2')).toBe(join(rendererDir, 'assets', 'my font.woff2'));
  });

  it('refuses every way out of the renderer folder', () => {
    const escapes = [
      '/../secret.txt',
      '/assets/../../secret.txt',
      '/%2e%2e/secret.txt',
      '/%2E%2E/secret.txt',
      '/..%2fsecret.txt',
      '/..%2Fsecret.txt',
      '/..%5csecret.txt',
      '/assets/..\\..\\secret.txt',
      '//etc/passwd',
      '/%2fetc%2fpasswd',
      '/C:/Windows/win.ini',
      '/c%3a%5cWindows%5cwin.ini',
      '/./index.html',
      '/index.html%00.png',
      '/%E0%A4%A',
      'index.html',
      '/assets/',
    ];
    for (const pathname of escapes) expect(uiFilePath(rendererDir, pathname), pathname).toBeNull();
  });

  it('routes whole URLs: escapes and other hosts are not found', () => {
    // The URL parser resolves `..` and `%2e%2e` segments itself, and never above the root.
    for (const url of ['app://coachframe/../secret.txt', 'app://coachframe/assets/%2e%2e/%2e%2e/secret.txt']) {
      expect(routeAppRequest(url, rendererDir), url).toEqual({ kind: 'ui', filePath: join(rendererDir, 'secret.txt') });
    }
    for (const url of [
      'app://coachframe/..%2fsecret.txt',
      'app://coachframe/assets/..%5c..%5csecret.txt',
      'app://other/index.html',
      'https://coachframe/index.html',
      'not a url',
    ]) {
      expect(routeAppRequest(url, rendererDir), url).toEqual({ kind: 'not-found' });
    }
    expect(routeAppRequest('app://coachframe/', rendererDir)).toEqual({ kind: 'ui', filePath: join(rendererDir, 'index.html') });
  });
});

describe('media routes', () => {
  it('routes what window.api.mediaUrl hands out back to the asset and kind', () => {
    for (const kind of ['original', 'poster', 'proxy'] as const) {
      expect(routeAppRequest(mediaUrl('0b6a3b8e-3c1d-4e4e-9f55-0d7d4c4a1d11', kind), rendererDir)).toEqual({
        kind: 'media',
        assetId: '0b6a3b8e-3c1d-4e4e-9f55-0d7d4c4a1d11',
        mediaKind: kind,
      });
    }
    expect(routeAppRequest(mediaUrl('a/../b', 'poster'), rendererDir)).toEqual({ kind: 'media', assetId: 'a/../b', mediaKind: 'poster' });
  });

  it('finds other media paths not found', () => {
    for (const path of ['/media', '/media/abc', '/media/abc/thumbnail', '/media/abc/original/extra', '/media//original']) {
      expect(routeAppRequest(`app://coachframe${path}`, rendererDir), path).toEqual({ kind: 'not-found' });
    }
  });
});

describe('UI responses', () => {
  it('serve the file with its type and the content security policy', async () => {
    const response = await uiResponse(join(rendererDir, 'index.html'));
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/html; charset=utf-8');
    const csp = response.headers.get('content-security-policy') ?? '';
    for (const directive of [
      "default-src 'self'",
      "script-src 'self'",
      "style-src 'self' 'unsafe-inline'",
      "img-src 'self' data: blob:",
      "media-src 'self' blob: mediastream:",
      "connect-src 'self'",
      "object-src 'none'",
      "base-uri 'none'",
      "frame-ancestors 'none'",
    ]) {
      expect(csp).toContain(directive);
    }
    expect(await response.text()).toContain('<title>Coachframe</title>');
  });

  it('answer 404 for a missing file or a folder', async () => {
    expect((await uiResponse(join(rendererDir, 'nope.js'))).status).toBe(404);
    expect((await uiResponse(join(rendererDir, 'assets'))).status).toBe(404);
  });
});
