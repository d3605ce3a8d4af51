import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { Readable } from 'node:stream';
import { parseRange } from './http-range';
import type { MediaFile } from '../ports';

/**
 * HTTP answers for media files served on `app://coachframe/media/…`, with the core's range parsing.
 * Plain functions on the Fetch API's Request/Response, no Electron, so they are tested under Node.
 */

/** The subset of a Fetch Request this needs, so tests need not build one. */
export interface MediaRequest {
  method: string;
  headers: { get(name: string): string | null };
}

/**
 * Answers `request` with `file`: 200 with the whole file, 206 with the requested range, 416 when the
 * range cannot be met, 404 when the file is gone from disk, 405 for anything but GET and HEAD. The size
 * comes from the disk, not the database, so Content-Length never promises bytes that are not there.
 */
export async function mediaResponse(file: MediaFile, request: MediaRequest): Promise<Response> {
  const method = request.method.toUpperCase();
  if (method !== 'GET' && method !== 'HEAD') {
    return new Response(null, { status: 405, headers: { Allow: 'GET, HEAD' } });
  }

  let size: number;
  try {
    const info = await stat(file.path);
    if (!info.isFile()) return notFound();
    size = info.size;
  } catch {
    return notFound();
  }

  const headers = new Headers({
    'Accept-Ranges': 'bytes',
    'Content-Type': file.mimeType,
    // Same origin only: nothing else (there is nothing else in this app, but still) may embed these bytes.
    'Cross-Origin-Resource-Policy': 'same-origin',
    'X-Content-Type-Options': 'nosniff',
    'Cache-Control': 'no-cache',
  });

  const wanted = parseRange(request.headers.get('range'), size);
  if (wanted.kind === 'unsatisfiable') {
    headers.set('Content-Range', `bytes */${size}`);
    headers.delete('Content-Type');
    return new Response(null, { status: 416, headers });
  }

  const range = wanted.kind === 'partial' ? wanted.range : null;
  const length = range ? range.end - range.start + 1 : size;
  headers.set('Content-Length', String(length));
  if (range) headers.set('Content-Range', `bytes ${range.start}-${range.end}/${size}`);
  const status = range ? 206 : 200;

  if (method === 'HEAD' || length === 0) return new Response(null, { status, headers });
  const stream = createReadStream(file.path, range ? { start: range.start, end: range.end } : {});
  // Node's web ReadableStream and the DOM's are the same object at runtime; only their typings differ.
  return new Response(Readable.toWeb(stream) as unknown as ReadableStream<Uint8Array>, { status, headers });
}

const notFound = () => new Response(null, { status: 404 });
