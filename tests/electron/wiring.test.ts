import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { runInThisContext } from 'node:vm';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { CHANNEL_NAMES } from '../../src-shared/contract';
import { EVENT_NAMES } from '../../src-shared/contract/events';
import { MAIN_BUNDLE, PRELOAD_BUNDLE, RENDERER_DIR, requireFreshBundle } from './bundles';
import * as electron from './electron-stand-in';

/**
 * The product shell, as built, under Node. Electron cannot be launched here, so the main bundle is
 * imported with a recording stand-in for 'electron' (vi.mock reaches the bundle's own `import … from
 * 'electron'`, and electron-store's, because vitest runs both through its module runner) and runs with
 * the real core on a temporary data folder. The preload bundle is evaluated the way a sandboxed preload
 * is: CommonJS, with a `require` that knows nothing but 'electron'.
 */

vi.mock('electron', async () => (await import('./electron-stand-in')).electronModule);

const APP = 'app://coachframe';

type IpcHandler = (event: unknown, payload: unknown) => Promise<unknown>;
const fromFrame = (url: string | null) => ({ senderFrame: url === null ? null : { url } });

const ipcHandler = (channel: string): IpcHandler => {
  const handler = electron.ipcMain.handlers.get(`cf:${channel}`);
  if (!handler) throw new Error(`no handler for cf:${channel}`);
  return handler as unknown as IpcHandler;
};

const appRequest = (path: string, init?: RequestInit) => {
  const handler = electron.protocol.handlers.get('app');
  if (!handler) throw new Error('no app: protocol handler');
  return handler(new Request(`${APP}${path}`, init));
};

interface MenuItem {
  label?: string;
  accelerator?: string;
  submenu?: MenuItem[];
  click?: () => void;
}
const flatten = (items: MenuItem[]): MenuItem[] => items.flatMap((i) => [i, ...flatten(i.submenu ?? [])]);

const mainWindow = () => {
  const win = electron.BrowserWindow.instances[0];
  if (!win) throw new Error('no window was created');
  return win;
};

describe('main bundle', () => {
  beforeAll(async () => {
    requireFreshBundle(MAIN_BUNDLE);
    const main = (await import(/* @vite-ignore */ MAIN_BUNDLE)) as { started: Promise<void> };
    await main.started;
    // Startup must have succeeded: a failure shows an error box and exits instead of opening a window.
    expect(electron.dialog.errors).toEqual([]);
    expect(electron.app.exitCodes).toEqual([]);
  });

  afterAll(() => {
    rmSync(electron.userData, { recursive: true, force: true });
  });

  it('registers one cf: handler for every contract channel and the shell’s Save dialog, and no other handler', () => {
    const registered = [...electron.ipcMain.handlers.keys()].sort();
    expect(registered).toEqual([...CHANNEL_NAMES.map((name) => `cf:${name}`), 'cf:shell.chooseSavePath'].sort());
  });

  it('shows the system Save dialog for our own window only, for a well-formed request, and answers an .mp4 path', async () => {
    const choose = electron.ipcMain.handlers.get('cf:shell.chooseSavePath') as unknown as IpcHandler;
    const request = { title: 'Export comparison', defaultPath: '/home/kim/Serve.mp4', kind: 'mp4' };
    const before = electron.dialog.fileDialogs.length;
    electron.dialog.pick = ['/home/kim/Videos/serve for Ana'];
    // Another origin, or a request of another shape: no dialog at all.
    await expect(choose({ ...fromFrame('https://evil.example/'), sender: mainWindow().webContents }, request)).resolves.toBeNull();
    for (const bad of [{ ...request, kind: 'exe' }, { ...request, title: '' }, { ...request, extra: 1 }, 'save', null]) {
      await expect(choose({ ...fromFrame(`${APP}/`), sender: mainWindow().webContents }, bad), JSON.stringify(bad)).resolves.toBeNull();
    }
    expect(electron.dialog.fileDialogs.length).toBe(before);
    // Ours: the dialog, filtered to MP4, proposing the path; the extension is added when the dialog did not.
    await expect(choose({ ...fromFrame(`${APP}/`), sender: mainWindow().webContents }, request)).resolves.toBe('/home/kim/Videos/serve for Ana.mp4');
    expect(electron.dialog.fileDialogs.at(-1)).toMatchObject({ title: 'Export comparison', defaultPath: '/home/kim/Serve.mp4', filters: [{ extensions: ['mp4'] }] });
    electron.dialog.pick = null;
    await expect(choose({ ...fromFrame(`${APP}/`), sender: mainWindow().webContents }, request)).resolves.toBeNull();
  });

  it('refuses calls from frames that are not on app://coachframe, and answers those that are', async () => {
    const list = ipcHandler('profiles.list');
    for (const url of ['https://evil.example/', 'file:///etc/passwd', 'app://other/', 'http://coachframe/', null]) {
      await expect(list(fromFrame(url), {})).resolves.toMatchObject({ ok: false, error: { code: 'forbidden' } });
    }
    await expect(list(fromFrame(`${APP}/`), {})).resolves.toEqual({ ok: true, value: [] });
  });

  it('hands the core invalid input back as a bad-input envelope, not an exception', async () => {
    const result = await ipcHandler('profiles.create')(fromFrame(`${APP}/`), { username: '' });
    expect(result).toMatchObject({ ok: false, error: { code: 'bad-input' } });
  });

  it('pushes core events to the window on cf:event', async () => {
    const created = await ipcHandler('profiles.create')(fromFrame(`${APP}/index.html`), {
      username: 'coach.kim',
      displayName: 'Kim',
      role: 'coach',
    });
    expect(created).toMatchObject({ ok: true });
    const pushed = mainWindow().webContents.sent.filter(([channel]) => channel === 'cf:event');
    expect(pushed).toContainEqual(['cf:event', 'profile.changed', expect.objectContaining({ profile: expect.anything() })]);
    // The profile was remembered through the electron-store settings, on disk under userData.
    const settings = JSON.parse(readFileSync(join(electron.userData, 'settings.json'), 'utf8'));
    expect(settings.app.lastProfileId).toEqual(expect.any(String));
  });

  it('opens a sandboxed, isolated window without Node, with the bundled preload, on app://coachframe', () => {
    const win = mainWindow();
    expect(win.options.webPreferences).toMatchObject({
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      webSecurity: true,
      preload: resolve(PRELOAD_BUNDLE),
    });
    expect(win.webContents.getURL()).toBe(`${APP}/`);
  });

  it('registers the app: scheme as privileged before ready, and serves it after', () => {
    expect(electron.protocol.privileged).toContainEqual({
      scheme: 'app',
      privileges: expect.objectContaining({ standard: true, secure: true, supportFetchAPI: true, stream: true, corsEnabled: true }),
    });
    expect(electron.log.indexOf('protocol.registerSchemesAsPrivileged')).toBeLessThan(electron.log.indexOf('ready'));
    expect(electron.protocol.handlers.has('app')).toBe(true);
  });

  it('answers 404 for media the core does not know and for paths that leave the renderer folder', async () => {
    expect((await appRequest('/media/0b6a3b8e-3c1d-4e4e-9f55-0d7d4c4a1d11/original')).status).toBe(404);
    expect((await appRequest('/media/x/thumbnail')).status).toBe(404);
    for (const path of ['/..%2f..%2fpackage.json', '/%2e%2e/%2e%2e/package.json', '//etc/passwd', '/assets/..%5c..%5cpackage.json']) {
      expect((await appRequest(path)).status, path).toBe(404);
    }
  });

  it.skipIf(!existsSync(join(RENDERER_DIR, 'index.html')))('serves the UI with the content security policy', async () => {
    const response = await appRequest('/');
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^text\/html/);
    expect(response.headers.get('content-security-policy')).toContain("script-src 'self'");
    // The page's own module script resolves (relative to app://coachframe/) and is served as JavaScript.
    const script = /<script[^>]+src="([^"]+)"/.exec(await response.text())?.[1];
    if (!script) throw new Error('index.html has no script');
    const asset = await appRequest(new URL(script, `${APP}/`).pathname);
    expect(asset.status).toBe(200);
    expect(asset.headers.get('content-type')).toMatch(/^text\/javascript/);
  });

  it('grants camera and microphone to app://coachframe only, and no other permission to anyone', async () => {
    const { permissionRequestHandler, permissionCheckHandler, devicePermissionHandler } = electron.session.defaultSession;
    if (!permissionRequestHandler || !permissionCheckHandler || !devicePermissionHandler) throw new Error('handlers missing');
    const request = (permission: string, requestingUrl: string) =>
      new Promise<boolean>((done) =>
        (permissionRequestHandler as (...args: unknown[]) => void)(mainWindow().webContents, permission, done, {
          requestingUrl,
          isMainFrame: true,
          mediaTypes: ['video', 'audio'],
        }),
      );
    const check = (permission: string, origin: string) =>
      (permissionCheckHandler as (...args: unknown[]) => boolean)(mainWindow().webContents, permission, origin, { isMainFrame: true });

    await expect(request('media', `${APP}/`)).resolves.toBe(true);
    await expect(request('media', 'https://evil.example/')).resolves.toBe(false);
    for (const permission of ['notifications', 'geolocation', 'clipboard-read', 'fullscreen', 'openExternal']) {
      await expect(request(permission, `${APP}/`), permission).resolves.toBe(false);
    }
    expect(check('media', APP)).toBe(true);
    expect(check('media', 'https://evil.example')).toBe(false);
    expect(check('notifications', APP)).toBe(false);
    expect((devicePermissionHandler as (...args: unknown[]) => boolean)({ deviceType: 'usb', origin: APP })).toBe(false);
  });

  it('denies new windows, sending http(s) links to the browser and nothing else anywhere', () => {
    const openWindow = mainWindow().webContents.windowOpenHandler;
    if (!openWindow) throw new Error('no window open handler');
    electron.shell.opened.length = 0;
    expect(openWindow({ url: 'https://example.com/help' })).toEqual({ action: 'deny' });
    expect(openWindow({ url: 'file:///etc/passwd' })).toEqual({ action: 'deny' });
    expect(openWindow({ url: `${APP}/` })).toEqual({ action: 'deny' });
    expect(electron.shell.opened).toEqual(['https://example.com/help']);
  });

  it('prevents navigation away from the loaded page but allows reloading it', () => {
    const contents = mainWindow().webContents;
    expect(contents.listenerCount('will-navigate')).toBeGreaterThan(0);
    const navigate = (url: string) => {
      const event = { url, preventDefault: vi.fn() };
      contents.emit('will-navigate', event, url);
      return event.preventDefault.mock.calls.length > 0;
    };
    expect(navigate('https://evil.example/')).toBe(true);
    expect(navigate(`${APP}/other.html`)).toBe(true);
    expect(navigate('file:///etc/passwd')).toBe(true);
    expect(navigate(contents.getURL())).toBe(false);
  });

  it('focuses the existing window when a second instance starts', () => {
    const before = mainWindow().focused;
    electron.app.emit('second-instance', {}, ['coachframe'], process.cwd());
    expect(mainWindow().focused).toBe(before + 1);
  });

  it('sets an application menu that lists the review shortcuts without taking bare keys', () => {
    const template = (electron.Menu.applicationMenu as { template: MenuItem[] } | null)?.template;
    if (!template) throw new Error('no application menu');
    const items = flatten(template);
    for (const label of ['Import Videos…', 'Export Profile…', 'Import Profile…', 'Show Data Folder', 'Keyboard Shortcuts', 'Copy Diagnostics', 'Playback']) {
      expect(items.map((i) => i.label)).toContain(label);
    }
    const playback = template.find((i) => i.label === 'Playback')?.submenu ?? [];
    expect(playback.map((i) => i.label)).toContain('Play or pause    Space');
    for (const item of items) if (item.accelerator) expect(item.accelerator).toMatch(/\+|^F\d+$/);
  });

  it('opens the Settings screen from the menu (Settings…, Ctrl+,), through the event channel', () => {
    const template = (electron.Menu.applicationMenu as { template: MenuItem[] }).template;
    const item = flatten(template).find((i) => i.label === 'Settings' || i.label === 'Settings…');
    expect(item?.accelerator).toBe('CmdOrCtrl+,');
    const sent = mainWindow().webContents.sent.length;
    item?.click?.();
    expect(mainWindow().webContents.sent.slice(sent)).toContainEqual(['cf:event', 'app.show', { screen: 'settings' }]);
  });

  it('tells sync when the network comes back and when the machine wakes', () => {
    // (The core's answer is covered by the scheduler tests; here: the shell wires the OS events at all.)
    expect(electron.powerMonitor.listenerCount('resume')).toBe(1);
  });

  it('saves the window’s place when it closes, in the shell’s settings file', () => {
    mainWindow().emit('close', { preventDefault: vi.fn() });
    const settings = JSON.parse(readFileSync(join(electron.userData, 'settings.json'), 'utf8'));
    expect(settings.windows.main).toEqual(expect.objectContaining({ width: expect.any(Number), height: expect.any(Number), maximized: false }));
    expect(Object.keys(settings.app)).not.toContain('windowState');
  });

  it('shows unread feedback on the badge, refreshed when data changes', async () => {
    const before = electron.app.badgeCounts.length;
    expect(before).toBeGreaterThan(0);
    await ipcHandler('tags.create')(fromFrame(`${APP}/`), { name: 'Serve' });
    expect(electron.app.badgeCounts.length).toBeGreaterThan(before);
    expect(electron.app.badgeCounts.at(-1)).toBe(0);
  });

  it('copies a redacted diagnostics report from Help → Copy Diagnostics', async () => {
    const template = (electron.Menu.applicationMenu as { template: MenuItem[] }).template;
    const copy = flatten(template).find((i) => i.label === 'Copy Diagnostics');
    copy?.click?.();
    await vi.waitFor(() => expect(electron.clipboard.text).toContain('## Versions'), { timeout: 5000 });
    expect(electron.clipboard.text).toContain('app: 0.0.0-test');
    // The log lines of this run are there (the startup line at least).
    expect(electron.clipboard.text).toMatch(/## Log[^]*Coachframe 0.0.0-test starting/);
    expect(electron.dialog.messages.map((m) => m.message)).toContain('Diagnostics copied.');
  });

  it('imports the videos a second instance was opened with, and shows the job in the taskbar', async () => {
    const folder = mkdtempSync(join(tmpdir(), 'coachframe-open-'));
    writeFileSync(join(folder, 'serve.mp4'), 'not really a video');
    electron.app.emit('second-instance', {}, ['coachframe', '--flag', 'serve.mp4', 'notes.txt'], folder);
    await vi.waitFor(
      async () => {
        const jobs = (await ipcHandler('jobs.list')(fromFrame(`${APP}/`), {})) as { ok: true; value: { kind: string; label: string }[] };
        expect(jobs.value).toContainEqual(expect.objectContaining({ kind: 'import', label: 'serve.mp4' }));
      },
      { timeout: 5000 },
    );
    expect(mainWindow().progress.length).toBeGreaterThan(0);
    // Whatever became of the job (this is no video), the bar is gone once nothing runs.
    await vi.waitFor(() => expect(mainWindow().progress.at(-1)).toBe(-1), { timeout: 10000 });
  });

  // Last: it closes the core.
  it('closes the databases on quit, leaving no write-ahead log behind', async () => {
    // A write into the profile opened above puts pages into its WAL.
    const tag = await ipcHandler('tags.create')(fromFrame(`${APP}/`), { name: 'Footwork' });
    expect(tag).toMatchObject({ ok: true });
    const walFiles = () => {
      const found: string[] = [];
      const walk = (dir: string) => {
        for (const entry of readdirSync(dir, { withFileTypes: true })) {
          const full = join(dir, entry.name);
          if (entry.isDirectory()) walk(full);
          else if (entry.name.endsWith('-wal') && statSync(full).size > 0) found.push(full);
        }
      };
      walk(electron.userData);
      return found;
    };
    expect(walFiles().length).toBeGreaterThan(0);
    electron.app.emit('before-quit', { preventDefault() {} });
    expect(walFiles()).toEqual([]);
  });
});

describe('preload bundle', () => {
  /** Evaluates the preload as Electron's sandbox does: CommonJS, and a require that knows only 'electron'. */
  function loadPreload() {
    requireFreshBundle(PRELOAD_BUNDLE);
    const required: string[] = [];
    const exposed = new Map<string, Record<string, unknown>>();
    const listeners = new Map<string, Set<(...args: unknown[]) => void>>();
    const ipcRenderer = {
      invoke: vi.fn(async (channel: string, input: unknown) => ({ ok: true, value: { channel, input } })),
      on: vi.fn((channel: string, listener: (...args: unknown[]) => void) => {
        listeners.set(channel, (listeners.get(channel) ?? new Set()).add(listener));
      }),
      removeListener: vi.fn((channel: string, listener: (...args: unknown[]) => void) => {
        listeners.get(channel)?.delete(listener);
      }),
    };
    const stubElectron = {
      contextBridge: { exposeInMainWorld: (key: string, value: Record<string, unknown>) => exposed.set(key, value) },
      ipcRenderer,
      webUtils: {
        getPathForFile: (file: { path?: string }) => {
          if (file.path === undefined) throw new TypeError('not a File');
          return file.path;
        },
      },
    };
    const sandboxRequire = (id: string) => {
      required.push(id);
      if (id === 'electron') return stubElectron;
      throw new Error(`a sandboxed preload cannot require "${id}"`);
    };
    const code = readFileSync(PRELOAD_BUNDLE, 'utf8');
    const wrapper = runInThisContext(`(function (exports, require, module, __filename, __dirname) {${code}\n})`, {
      filename: PRELOAD_BUNDLE,
    }) as (...args: unknown[]) => void;
    const module = { exports: {} };
    wrapper(module.exports, sandboxRequire, module, PRELOAD_BUNDLE, dirname(PRELOAD_BUNDLE));
    const emit = (...args: unknown[]) => {
      for (const listener of listeners.get('cf:event') ?? []) listener({ sender: 'the IpcRendererEvent' }, ...args);
    };
    return { required, exposed, ipcRenderer, emit };
  }

  interface ExposedApi {
    invoke(channel: string, input: unknown): Promise<unknown>;
    on(event: string, listener: (payload: unknown) => void): () => void;
    mediaUrl(assetId: string, kind: string): string;
    filePath(file: unknown): string | null;
    hasSaveDialog: boolean;
    chooseSavePath(request: unknown): Promise<string | null>;
  }
  const exposedApi = (exposed: Map<string, Record<string, unknown>>) => exposed.get('api') as unknown as ExposedApi;

  it('requires nothing but electron and exposes exactly window.api with invoke, on, mediaUrl, filePath and the Save dialog', () => {
    const { required, exposed } = loadPreload();
    expect(new Set(required)).toEqual(new Set(['electron']));
    expect([...exposed.keys()]).toEqual(['api']);
    expect(Object.keys(exposed.get('api') ?? {}).sort()).toEqual(['chooseSavePath', 'filePath', 'hasSaveDialog', 'invoke', 'mediaUrl', 'on']);
  });

  it('carries no schemas: it runs on every window load, before the app can ask for anything', () => {
    requireFreshBundle(PRELOAD_BUNDLE);
    const code = readFileSync(PRELOAD_BUNDLE, 'utf8');
    // zod's classes, and the contract's schemas, would be evaluated by every window (224 kB, ~30 ms).
    expect(code).not.toMatch(/\$constructor\(|ZodType|_zod\b/);
    expect(code.length).toBeLessThan(20_000);
  });

  it('asks main for the Save dialog on its own channel, and answers a path or null', async () => {
    const { exposed, ipcRenderer } = loadPreload();
    const api = exposedApi(exposed);
    expect(api.hasSaveDialog).toBe(true);
    const request = { title: 'Export comparison', defaultPath: '/tmp/a.mp4', kind: 'mp4' };
    await api.chooseSavePath(request);
    expect(ipcRenderer.invoke).toHaveBeenLastCalledWith('cf:shell.chooseSavePath', request);
  });

  it('gives the real path of a picked file through webUtils, and null for anything else', () => {
    const api = exposedApi(loadPreload().exposed);
    expect(api.filePath({ path: '/home/coach/serve.mov' })).toBe('/home/coach/serve.mov');
    expect(api.filePath({})).toBeNull();
  });

  it('refuses a channel that is not in the contract without sending it', async () => {
    const { exposed, ipcRenderer } = loadPreload();
    const api = exposedApi(exposed);
    for (const channel of ['profiles.nuke', 'cf:profiles.list', '__proto__', 'toString']) {
      await expect(api.invoke(channel, {}), channel).resolves.toMatchObject({ ok: false, error: { code: 'bad-input' } });
    }
    expect(ipcRenderer.invoke).not.toHaveBeenCalled();
  });

  it('forwards every contract channel to ipcRenderer.invoke as cf:<channel>', async () => {
    const { exposed, ipcRenderer } = loadPreload();
    const api = exposedApi(exposed);
    await expect(api.invoke('profiles.list', {})).resolves.toEqual({ ok: true, value: { channel: 'cf:profiles.list', input: {} } });
    for (const name of CHANNEL_NAMES) await api.invoke(name, { probe: name });
    expect(ipcRenderer.invoke.mock.calls.slice(1)).toEqual(CHANNEL_NAMES.map((name) => [`cf:${name}`, { probe: name }]));
  });

  it('delivers contract events as their payload only, until unsubscribed', () => {
    const { exposed, emit } = loadPreload();
    const api = exposedApi(exposed);
    const [first, second] = EVENT_NAMES;
    const got: unknown[] = [];
    const unsubscribe = api.on(first, (payload) => got.push(payload));
    emit(first, { entities: ['comments'] });
    emit(second, { profile: null });
    unsubscribe();
    emit(first, { entities: ['tags'] });
    expect(got).toEqual([{ entities: ['comments'] }]);
    expect(() => api.on('app.quit', () => {})).toThrow(/no event named/);
  });

  it('hands out media URLs on the same origin as the UI, which the protocol serves', () => {
    const api = exposedApi(loadPreload().exposed);
    const url = api.mediaUrl('a/../b c', 'poster');
    expect(url).toBe(`${APP}/media/a%2F..%2Fb%20c/poster`);
    expect(new URL(url).host).toBe(new URL(`${APP}/`).host);
    expect(new URL(url).protocol).toBe('app:');
  });
});
