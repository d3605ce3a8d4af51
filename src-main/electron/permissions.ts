import type { Session } from 'electron';
import { isAppUrl } from './app-origin';

/**
 * Web permissions for the product. Exactly one is ever granted: `media` (camera and microphone, for
 * recording), and only to documents of our own origin. Everything else — notifications, geolocation,
 * clipboard reads, HID/USB/serial, fullscreen, … — is refused.
 */

export type OsMediaKind = 'camera' | 'microphone';

export interface PermissionOptions {
  /**
   * Asks the operating system for camera or microphone access and resolves whether it is granted.
   * Given on macOS only (systemPreferences.askForMediaAccess): there the OS, not Chromium, has the last
   * word, and asking before getUserMedia shows the system prompt instead of failing silently.
   */
  askOsMediaAccess?: (kind: OsMediaKind) => Promise<boolean>;
}

type PermissionSession = Pick<
  Session,
  'setPermissionRequestHandler' | 'setPermissionCheckHandler' | 'setDevicePermissionHandler'
>;

export function installPermissionHandlers(session: PermissionSession, options: PermissionOptions = {}): void {
  session.setPermissionRequestHandler((_contents, permission, callback, details) => {
    const origins = [details.requestingUrl, 'securityOrigin' in details ? details.securityOrigin : undefined];
    // Every origin the request names must be ours (a frame of another origin inside ours gets nothing).
    const ours = origins.every((origin) => origin === undefined || isAppUrl(origin));
    if (permission !== 'media' || !ours) {
      callback(false);
      return;
    }
    const mediaTypes = 'mediaTypes' in details ? (details.mediaTypes ?? []) : [];
    askOs(mediaTypes, options.askOsMediaAccess).then(callback, (error: unknown) => {
      console.error('[permissions] asking the OS for media access failed', error);
      callback(false);
    });
  });

  session.setPermissionCheckHandler(
    (_contents, permission, requestingOrigin) => permission === 'media' && isAppUrl(requestingOrigin),
  );

  // WebHID/WebUSB/Web Serial device access: never.
  session.setDevicePermissionHandler(() => false);
}

/** Asks the OS for each requested device in turn; granted only if every one is. */
async function askOs(
  mediaTypes: readonly ('video' | 'audio')[],
  ask: PermissionOptions['askOsMediaAccess'],
): Promise<boolean> {
  if (!ask) return true;
  for (const type of new Set(mediaTypes)) {
    if (!(await ask(type === 'video' ? 'camera' : 'microphone'))) return false;
  }
  return true;
}
