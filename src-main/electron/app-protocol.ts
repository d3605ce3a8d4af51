import type { Protocol } from 'electron';
import type { CoreApi } from '../core/ports';
import { routeAppRequest, uiNotFound, uiResponse } from './app-request';
import { APP_SCHEME } from './app-origin';
import { mediaResponse } from '../core/media/media-response';

/**
 * Makes `app:` behave like https for the renderer. Must run before the app is ready.
 * - standard: real origins, relative URLs and path normalisation (so `app://coachframe` is an origin);
 * - secure: a secure context (getUserMedia, crypto.subtle);
 * - supportFetchAPI + corsEnabled: fetch() and Vite's `crossorigin` module scripts work;
 * - stream: responses may be streamed, which <video> needs for range requests.
 * Not bypassCSP: our own CSP header applies.
 */
export function registerAppScheme(protocol: Pick<Protocol, 'registerSchemesAsPrivileged'>): void {
  protocol.registerSchemesAsPrivileged([
    {
      scheme: APP_SCHEME,
      privileges: { standard: true, secure: true, supportFetchAPI: true, stream: true, corsEnabled: true },
    },
  ]);
}

export interface AppProtocolOptions {
  /** The built renderer (out/renderer). */
  rendererDir: string;
  core: Pick<CoreApi, 'mediaFile'>;
}

/** Serves the UI and the media of `app://coachframe` from one handler. */
export function serveAppProtocol(protocol: Pick<Protocol, 'handle'>, options: AppProtocolOptions): void {
  protocol.handle(APP_SCHEME, (request) => answerAppRequest(request, options));
}

async function answerAppRequest(request: Request, { rendererDir, core }: AppProtocolOptions): Promise<Response> {
  const route = routeAppRequest(request.url, rendererDir);
  switch (route.kind) {
    case 'ui':
      return uiResponse(route.filePath);
    case 'media': {
      let file: ReturnType<typeof core.mediaFile>;
      try {
        // The core decides what the open profile may see; null covers "no such asset" and "not yours".
        file = core.mediaFile(route.assetId, route.mediaKind);
      } catch (error) {
        console.error('[app-protocol] mediaFile failed', error);
        return new Response(null, { status: 500 });
      }
      return file ? mediaResponse(file, request) : new Response(null, { status: 404 });
    }
    case 'not-found':
      return uiNotFound();
  }
}
