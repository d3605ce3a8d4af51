import { readFile } from 'node:fs/promises';
import { extname, resolve, sep } from 'node:path';
import type { MediaKind } from '../../src-shared/api';
import { CONTENT_SECURITY_POLICY } from '../../src-shared/security';
import { APP_HOST, APP_SCHEME, isMediaKind } from './app-origin';

/**
 * What a request on `app://coachframe/…` asks for, and the UI half of the answer. No Electron here, so
 * the routing and the path check are tested under Node; `app-protocol.ts` wires them to `protocol.handle`.
 */

/** The policy every UI response carries: one for both shells (src-shared/security.ts). */
export { CONTENT_SECURITY_POLICY };

export type AppRoute =
  | { kind: 'ui'; filePath: string }
  | { kind: 'media'; assetId: string; mediaKind: MediaKind }
  | { kind: 'not-found' };

const NOT_FOUND: AppRoute = { kind: 'not-found' };

/**
 * Routes `url` to a file under `rendererDir` or to a media asset. `/media/<assetId>/<kind>` is media;
 * every other path names a file of the built renderer, `/` being `index.html`. Anything on another host
 * or that would leave `rendererDir` is not found.
 */
export function routeAppRequest(url: string, rendererDir: string): AppRoute {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return NOT_FOUND;
  }
  if (parsed.protocol !== `${APP_SCHEME}:` || parsed.host !== APP_HOST) return NOT_FOUND;

  const segments = parsed.pathname.split('/').slice(1);
  if (segments[0] === 'media') {
    const [, rawAssetId, kind, ...rest] = segments;
    if (rawAssetId === undefined || kind === undefined || rest.length > 0 || !isMediaKind(kind)) return NOT_FOUND;
    const assetId = decodeSegment(rawAssetId);
    return assetId ? { kind: 'media', assetId, mediaKind: kind } : NOT_FOUND;
  }

  const filePath = uiFilePath(rendererDir, parsed.pathname);
  return filePath ? { kind: 'ui', filePath } : NOT_FOUND;
}

/**
 * The file under `rendererDir` that `pathname` (still percent-encoded, as in a URL) names, or null when
 * it names nothing there. Every segment is decoded and must be a plain file or folder name: no empty
 * segment (`//etc`), no `.` or `..` (also as `%2e%2e`), no separator smuggled in as `%2f` or `%5c`, no
 * drive letter or NUL. Then, belt and braces, the resolved path must still lie inside `rendererDir`.
 */
export function uiFilePath(rendererDir: string, pathname: string): string | null {
  if (!pathname.startsWith('/')) return null;
  const raw = pathname === '/' ? ['index.html'] : pathname.slice(1).split('/');
  const names: string[] = [];
  for (const segment of raw) {
    const name = decodeSegment(segment);
    if (!name || name === '.' || name === '..' || /[/\\:\0]/.test(name)) return null;
    names.push(name);
  }
  const root = resolve(rendererDir);
  const filePath = resolve(root, ...names);
  return filePath.startsWith(root + sep) ? filePath : null;
}

const decodeSegment = (segment: string): string | null => {
  try {
    return decodeURIComponent(segment);
  } catch {
    return null; // malformed percent-encoding
  }
};

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
  '.ico': 'image/x-icon',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.ttf': 'font/ttf',
  '.wasm': 'application/wasm',
  '.mp4': 'video/mp4',
  '.webm': 'video/webm',
};

export const contentTypeOf = (filePath: string): string =>
  CONTENT_TYPES[extname(filePath).toLowerCase()] ?? 'application/octet-stream';

/** Headers every response of the UI carries, found or not. */
const uiHeaders = (contentType?: string): Headers => {
  const headers = new Headers({
    'Content-Security-Policy': CONTENT_SECURITY_POLICY,
    'X-Content-Type-Options': 'nosniff',
    // The bundle changes with every build; always revalidate rather than run yesterday's UI.
    'Cache-Control': 'no-cache',
  });
  if (contentType) headers.set('Content-Type', contentType);
  return headers;
};

/** Answers with the UI file at `filePath` (already checked by `uiFilePath`), or 404 when there is none. */
export async function uiResponse(filePath: string): Promise<Response> {
  let body: Buffer;
  try {
    body = await readFile(filePath);
  } catch {
    return uiNotFound(); // missing, or a folder
  }
  return new Response(new Uint8Array(body), { status: 200, headers: uiHeaders(contentTypeOf(filePath)) });
}

export const uiNotFound = (): Response => new Response(null, { status: 404, headers: uiHeaders() });
