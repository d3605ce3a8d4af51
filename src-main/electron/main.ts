import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  app,
  BrowserWindow,
  dialog,
  ipcMain,
  Menu,
  protocol,
  safeStorage,
  session,
  shell,
  systemPreferences,
} from 'electron';
import Database from 'better-sqlite3';
import { createCore } from '../core/index';
import type { CoreApi } from '../core/ports';
import { registerAppScheme, serveAppProtocol } from './app-protocol';
import { forwardEvents, registerIpc } from './ipc';
import { menuTemplate } from './menu';
import { shellPaths, type ShellPaths } from './paths';
import { installPermissionHandlers, type OsMediaKind } from './permissions';
import { createSafeStorageSecrets } from './secrets';
import { createElectronSettings } from './settings';
import { createMainWindow, hardenWebContents } from './window';

/**
 * The composition root of the product shell: it builds the core with Electron-backed settings and
 * secrets, and connects it to one window through the `app:` protocol and IPC. Behaviour lives in the
 * core; this file only wires.
 */

// Before `ready`: Chromium reads scheme privileges and the sandbox switch while it starts.
registerAppScheme(protocol);
app.enableSandbox();

/** Settles once the shell is up, or has given up and is quitting. The wiring test waits on it. */
export const started: Promise<void> = start();

async function start(): Promise<void> {
  // One instance per user: a second launch hands over to the first (focusing it) and quits.
  if (!app.requestSingleInstanceLock()) {
    app.quit();
    return;
  }

  let mainWindow: BrowserWindow | null = null;
  app.on('second-instance', () => {
    if (!mainWindow || mainWindow.isDestroyed()) return;
    if (mainWindow.isMinimized()) mainWindow.restore();
    mainWindow.show();
    mainWindow.focus();
  });
  // Registered before any window exists, so every web contents — ours or one we never meant to make — is locked down.
  app.on('web-contents-created', (_event, contents) => hardenWebContents(contents, (url) => shell.openExternal(url)));

  await app.whenReady();
  let core: CoreApi | undefined;
  try {
    const paths = shellPaths({
      userData: app.getPath('userData'),
      appPath: app.getAppPath(),
      isPackaged: app.isPackaged,
      resourcesPath: process.resourcesPath,
      mainDir: dirname(fileURLToPath(import.meta.url)),
    });
    core = buildCore(paths);
    connect(core, paths, (win) => (mainWindow = win));
  } catch (error) {
    core?.close();
    failStartup(error);
  }
}

/** The core, with the product's settings and secrets. */
function buildCore(paths: ShellPaths): CoreApi {
  // Load the native database engine now rather than at the first query: an addon built for the wrong
  // ABI must stop startup with a readable message, not fail every call afterwards.
  new Database(':memory:').close();
  return createCore({
    dataDir: paths.dataDir,
    migrationsDir: paths.migrationsDir,
    settings: createElectronSettings(),
    secrets: createSafeStorageSecrets({ safeStorage, platform: process.platform }),
  });
}

/** Connects the core to Electron: permissions, the app: protocol, IPC, events, menu, the window, quitting. */
function connect(core: CoreApi, paths: ShellPaths, onWindow: (win: BrowserWindow) => void): void {
  const askOsMediaAccess = (kind: OsMediaKind) => systemPreferences.askForMediaAccess(kind);
  // macOS decides camera/microphone access itself; asking shows its prompt (and answers at once once decided).
  installPermissionHandlers(session.defaultSession, process.platform === 'darwin' ? { askOsMediaAccess } : {});
  serveAppProtocol(protocol, { rendererDir: paths.rendererDir, core });
  const disposeIpc = registerIpc(ipcMain, core);
  const stopEvents = forwardEvents(core, () => BrowserWindow.getAllWindows().map((win) => win.webContents));

  Menu.setApplicationMenu(
    Menu.buildFromTemplate(
      menuTemplate({
        platform: process.platform,
        appName: app.name,
        isPackaged: app.isPackaged,
        openDataFolder: () => void shell.openPath(paths.dataDir),
      }),
    ),
  );
  if (process.platform === 'win32') app.setAppUserModelId('app.coachframe.desktop');

  const openMainWindow = () => onWindow(createMainWindow(paths.preloadPath));
  openMainWindow();

  // macOS keeps the app (and the open profile) alive without windows; the Dock icon brings one back.
  app.on('activate', () => {
    if (BrowserWindow.getAllWindows().length === 0) openMainWindow();
  });
  app.on('window-all-closed', () => {
    if (process.platform !== 'darwin') app.quit();
  });

  // Close the databases (checkpointing the WAL into the main file) before the process ends.
  let closed = false;
  app.on('before-quit', () => {
    if (closed) return;
    closed = true;
    stopEvents();
    disposeIpc();
    core.close();
  });
}

/**
 * Startup failed before there was a window: tell the person what happened, in words, and quit. The
 * usual cause on a developer's machine is better-sqlite3 built for Node instead of Electron.
 */
function failStartup(error: unknown): void {
  console.error('[main] startup failed', error);
  const message = error instanceof Error ? error.message : String(error);
  const nativeModule = /NODE_MODULE_VERSION|better[-_]sqlite3|was compiled against a different Node\.js version/i.test(message);
  dialog.showErrorBox(
    'Coachframe could not start',
    nativeModule
      ? 'Its database engine (better-sqlite3) was built for a different runtime than this version of Electron.\n\n' +
          'In a development checkout, rebuild it for Electron with "npx electron-builder install-app-deps", ' +
          'or use the web host instead ("npm run web").'
      : `Something went wrong while starting: ${message}`,
  );
  app.exit(1);
}
