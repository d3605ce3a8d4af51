import type { Session } from 'electron';
import { describe, expect, it, vi } from 'vitest';
import { installPermissionHandlers, type OsMediaKind } from '../../src-main/electron/permissions';

type RequestHandler = (contents: unknown, permission: string, callback: (granted: boolean) => void, details: object) => void;

function install(askOsMediaAccess?: (kind: OsMediaKind) => Promise<boolean>) {
  let onRequest: RequestHandler | undefined;
  const session = {
    setPermissionRequestHandler: (handler: RequestHandler) => (onRequest = handler),
    setPermissionCheckHandler: () => {},
    setDevicePermissionHandler: () => {},
  } as unknown as Session;
  installPermissionHandlers(session, askOsMediaAccess ? { askOsMediaAccess } : {});
  return (details: object) =>
    new Promise<boolean>((done) => onRequest?.({}, 'media', done, { isMainFrame: true, requestingUrl: 'app://coachframe/', ...details }));
}

describe('camera and microphone on macOS', () => {
  it('asks the OS for exactly the devices requested before granting', async () => {
    const asked: OsMediaKind[] = [];
    const request = install(async (kind) => (asked.push(kind), true));
    await expect(request({ mediaTypes: ['video', 'audio'] })).resolves.toBe(true);
    expect(asked).toEqual(['camera', 'microphone']);
  });

  it('refuses when the OS says no, or fails to answer', async () => {
    vi.spyOn(console, 'error').mockImplementation(() => {});
    await expect(install(async (kind) => kind === 'camera')({ mediaTypes: ['video', 'audio'] })).resolves.toBe(false);
    await expect(install(() => Promise.reject(new Error('tcc')))({ mediaTypes: ['video'] })).resolves.toBe(false);
  });

  it('refuses a frame of another origin inside ours without asking the OS', async () => {
    const asked: OsMediaKind[] = [];
    const request = install(async (kind) => (asked.push(kind), true));
    await expect(request({ mediaTypes: ['video'], securityOrigin: 'https://evil.example' })).resolves.toBe(false);
    expect(asked).toEqual([]);
  });
});
