import type { MediaKind } from '../../src-shared/api';

/**
 * The one origin the product's UI and media live on. Everything the renderer loads — its HTML, scripts
 * and the videos it draws to a canvas — comes from `app://coachframe`, so a canvas stays untainted and
 * every trust decision in main (IPC sender, permissions, navigation) compares against this one origin.
 *
 * No imports besides types: the sandboxed preload bundles this file too.
 */
export const APP_SCHEME = 'app';
export const APP_HOST = 'coachframe';
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`;
/** What the window loads. */
export const APP_ENTRY_URL = `${APP_ORIGIN}/`;

export { MEDIA_KINDS, isMediaKind } from '../../src-shared/api';

/** The same-origin URL of an asset's file, as `window.api.mediaUrl` hands it out. */
export const mediaUrl = (assetId: string, kind: MediaKind): string =>
  `${APP_ORIGIN}/media/${encodeURIComponent(assetId)}/${kind}`;

/**
 * Whether `url` (a URL or a serialized origin) is on our origin. Compares scheme and host rather than
 * `URL#origin`: Node's URL parser does not know `app` is a standard scheme and reports its origin as
 * "null", while Chromium (which does know) hands us `app://coachframe`.
 */
export function isAppUrl(url: string | null | undefined): boolean {
  if (!url) return false;
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return false;
  }
  return (
    parsed.protocol === `${APP_SCHEME}:` && parsed.host === APP_HOST && parsed.username === '' && parsed.password === ''
  );
}

/** Whether `url` may be handed to the system browser: plain http(s) only, never file:, javascript: or custom schemes. */
export function isExternalWebUrl(url: string): boolean {
  try {
    const { protocol } = new URL(url);
    return protocol === 'https:' || protocol === 'http:';
  } catch {
    return false;
  }
}
