import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mediaResponse } from '../../../src-main/core/media/media-response';

describe('mediaResponse', () => {
  let dir: string;
  let path: string;
  const bytes = Buffer.from(Array.from({ length: 256 }, (_, i) => i));
  const file = () => ({ path, mimeType: 'video/mp4', size: 0 });
  const get = (range?: string, method = 'GET') =>
    mediaResponse(file(), { method, headers: new Headers(range ? { Range: range } : {}) });

  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'coachframe-media-'));
    path = join(dir, 'clip.mp4');
    writeFileSync(path, bytes);
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('answers 200 with the whole file and says it accepts ranges', async () => {
    const response = await get();
    expect(response.status).toBe(200);
    expect(response.headers.get('accept-ranges')).toBe('bytes');
    expect(response.headers.get('content-type')).toBe('video/mp4');
    expect(response.headers.get('content-length')).toBe('256');
    expect(Buffer.from(await response.arrayBuffer())).toEqual(bytes);
  });

  it('answers 206 with exactly the requested bytes and their Content-Range', async () => {
    const response = await get('bytes=10-19');
    expect(response.status).toBe(206);
    expect(response.headers.get('content-range')).toBe('bytes 10-19/256');
    expect(response.headers.get('content-length')).toBe('10');
    expect(Buffer.from(await response.arrayBuffer())).toEqual(bytes.subarray(10, 20));

    const tail = await get('bytes=-6');
    expect(tail.headers.get('content-range')).toBe('bytes 250-255/256');
    expect(Buffer.from(await tail.arrayBuffer())).toEqual(bytes.subarray(250));
  });

  it('answers 416 with the real size when the range is beyond the file', async () => {
    const response = await get('bytes=256-');
    expect(response.status).toBe(416);
    expect(response.headers.get('content-range')).toBe('bytes */256');
    expect(await response.arrayBuffer()).toHaveProperty('byteLength', 0);
  });

  it('answers HEAD with the headers and no body', async () => {
    const response = await get('bytes=0-9', 'HEAD');
    expect(response.status).toBe(206);
    expect(response.headers.get('content-length')).toBe('10');
    expect(response.body).toBeNull();
  });

  it('answers 404 when the file is gone from disk, and 405 to writes', async () => {
    const gone = await mediaResponse({ path: join(dir, 'missing.mp4'), mimeType: 'video/mp4', size: 10 }, { method: 'GET', headers: new Headers() });
    expect(gone.status).toBe(404);
    expect((await get(undefined, 'POST')).status).toBe(405);
  });
});
