import { EventEmitter } from 'node:events';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * A recording stand-in for the 'electron' module of the main process, for loading the built main
 * bundle under Node (Electron cannot be launched on our machines). It keeps what the shell registers
 * (IPC handlers, protocol handler, permission handlers, windows, menus) so a test can call them, and it
 * enforces the ready-ordering rules Electron enforces itself: scheme privileges and the sandbox switch
 * only before `ready`, protocol handlers and windows only after.
 *
 * Used through `vi.mock('electron', …)`; the test imports this same module instance to inspect it.
 */

export const projectRoot = fileURLToPath(new URL('../..', import.meta.url));
/** userData of the stand-in app: settings, secrets and profiles of the loaded shell land here. */
export const userData = mkdtempSync(join(tmpdir(), 'coachframe-electron-'));

type Handler = (...args: never[]) => unknown;

/** What a test may change before it loads the bundle. */
export const config = { appPath: projectRoot };

/** What happened, in order: lets a test check that something happened before `ready`. */
export const log: string[] = [];

let ready = false;
const mustBeReady = (what: string) => {
  if (!ready) throw new Error(`${what} cannot be used before the app is ready`);
};
const mustNotBeReady = (what: string) => {
  if (ready) throw new Error(`${what} must be called before the app is ready`);
};

class StandInApp extends EventEmitter {
  readonly name = 'Coachframe';
  readonly isPackaged = false;
  quitCalls = 0;
  exitCodes: number[] = [];

  requestSingleInstanceLock() {
    log.push('app.requestSingleInstanceLock');
    return true;
  }
  enableSandbox() {
    mustNotBeReady('app.enableSandbox');
    log.push('app.enableSandbox');
  }
  whenReady() {
    log.push('app.whenReady');
    return Promise.resolve().then(() => {
      ready = true;
      log.push('ready');
      this.emit('ready');
    });
  }
  isReady() {
    return ready;
  }
  getPath(name: string) {
    if (name === 'userData') return userData;
    return join(userData, `path-${name}`);
  }
  getAppPath() {
    return config.appPath;
  }
  getVersion() {
    return '0.0.0-test';
  }
  setAppUserModelId() {}
  badgeCounts: number[] = [];
  setBadgeCount(count: number) {
    this.badgeCounts.push(count);
    return true;
  }
  quit() {
    this.quitCalls++;
  }
  relaunchCalls = 0;
  relaunch() {
    log.push('app.relaunch');
    this.relaunchCalls++;
  }
  exit(code = 0) {
    log.push(`app.exit(${code})`);
    this.exitCodes.push(code);
  }
}
export const app = new StandInApp();

export const ipcMain = {
  handlers: new Map<string, Handler>(),
  listeners: new Map<string, Handler[]>(),
  handle(channel: string, handler: Handler) {
    // Electron refuses a second handler for a channel; so does the stand-in.
    if (this.handlers.has(channel)) throw new Error(`Attempted to register a second handler for '${channel}'`);
    this.handlers.set(channel, handler);
  },
  removeHandler(channel: string) {
    this.handlers.delete(channel);
  },
  on(channel: string, listener: Handler) {
    this.listeners.set(channel, [...(this.listeners.get(channel) ?? []), listener]);
    return this;
  },
};

export const protocol = {
  privileged: [] as { scheme: string; privileges?: Record<string, boolean> }[],
  handlers: new Map<string, (request: Request) => Response | Promise<Response>>(),
  registerSchemesAsPrivileged(schemes: { scheme: string; privileges?: Record<string, boolean> }[]) {
    mustNotBeReady('protocol.registerSchemesAsPrivileged');
    log.push('protocol.registerSchemesAsPrivileged');
    this.privileged.push(...schemes);
  },
  handle(scheme: string, handler: (request: Request) => Response | Promise<Response>) {
    mustBeReady('protocol.handle');
    this.handlers.set(scheme, handler);
  },
};

export const session = {
  defaultSession: {
    permissionRequestHandler: null as Handler | null,
    permissionCheckHandler: null as Handler | null,
    devicePermissionHandler: null as Handler | null,
    setPermissionRequestHandler(handler: Handler | null) {
      this.permissionRequestHandler = handler;
    },
    setPermissionCheckHandler(handler: Handler | null) {
      this.permissionCheckHandler = handler;
    },
    setDevicePermissionHandler(handler: Handler | null) {
      this.devicePermissionHandler = handler;
    },
  },
};

export class StandInWebContents extends EventEmitter {
  url = '';
  sent: unknown[][] = [];
  windowOpenHandler: ((details: { url: string }) => { action: string }) | null = null;
  setWindowOpenHandler(handler: (details: { url: string }) => { action: string }) {
    this.windowOpenHandler = handler;
  }
  getURL() {
    return this.url;
  }
  send(...args: unknown[]) {
    this.sent.push(args);
  }
  isDestroyed() {
    return false;
  }
}

export class BrowserWindow extends EventEmitter {
  static instances: BrowserWindow[] = [];
  static getAllWindows() {
    return [...BrowserWindow.instances];
  }
  static fromWebContents(contents: unknown) {
    return BrowserWindow.instances.find((w) => w.webContents === contents) ?? null;
  }
  readonly webContents = new StandInWebContents();
  focused = 0;
  progress: number[] = [];
  maximized = false;
  constructor(readonly options: { webPreferences?: Record<string, unknown> } & Record<string, unknown>) {
    super();
    mustBeReady('new BrowserWindow');
    BrowserWindow.instances.push(this);
    // As in Electron, every new web contents is announced on the app.
    app.emit('web-contents-created', { preventDefault() {} }, this.webContents);
  }
  loadURL(url: string) {
    this.webContents.url = url;
    return Promise.resolve();
  }
  show() {}
  focus() {
    this.focused++;
  }
  isMinimized() {
    return false;
  }
  restore() {}
  isDestroyed() {
    return false;
  }
  maximize() {
    this.maximized = true;
  }
  isMaximized() {
    return this.maximized;
  }
  getNormalBounds() {
    const { x = 0, y = 0, width = 800, height = 600 } = this.options as Record<string, number | undefined>;
    return { x, y, width, height };
  }
  setProgressBar(progress: number) {
    this.progress.push(progress);
  }
}

/** One 1920×1080 display with a 40 px taskbar. */
export const screen = {
  display: { id: 1, bounds: { x: 0, y: 0, width: 1920, height: 1080 }, workArea: { x: 0, y: 0, width: 1920, height: 1040 } },
  getAllDisplays() {
    mustBeReady('screen');
    return [this.display];
  },
  getPrimaryDisplay() {
    mustBeReady('screen');
    return this.display;
  },
  getDisplayMatching() {
    return this.display;
  },
};

export const clipboard = {
  text: '',
  writeText(text: string) {
    this.text = text;
  },
};

export const Menu = {
  applicationMenu: null as unknown,
  buildFromTemplate: (template: unknown[]) => ({ template }),
  setApplicationMenu(menu: unknown) {
    this.applicationMenu = menu;
  },
};

export const shell = {
  opened: [] as string[],
  async openExternal(url: string) {
    this.opened.push(url);
  },
  async openPath() {
    return '';
  },
};

type MessageBox = { message: string; buttons?: string[] } & Record<string, unknown>;
const lastArg = <T>(args: unknown[]): T => args[args.length - 1] as T;

/** Records every dialog; message boxes answer with `answers` in turn (then 0), file dialogs with `pick`. */
export const dialog = {
  errors: [] as { title: string; content: string }[],
  messages: [] as MessageBox[],
  answers: [] as number[],
  fileDialogs: [] as Record<string, unknown>[],
  pick: null as string[] | null,
  showErrorBox(title: string, content: string) {
    this.errors.push({ title, content });
  },
  async showMessageBox(...args: unknown[]) {
    this.messages.push(lastArg<MessageBox>(args));
    return { response: this.answers.shift() ?? 0, checkboxChecked: false };
  },
  async showOpenDialog(...args: unknown[]) {
    this.fileDialogs.push(lastArg(args));
    return { canceled: this.pick === null, filePaths: this.pick ?? [] };
  },
  async showSaveDialog(...args: unknown[]) {
    this.fileDialogs.push(lastArg(args));
    return { canceled: this.pick === null, filePath: this.pick?.[0] ?? '' };
  },
};

/** A reversible, obviously-not-secure "encryption": enough to see that what is stored is not the plain text. */
export const safeStorage = {
  available: true,
  isEncryptionAvailable() {
    return this.available;
  },
  getSelectedStorageBackend: () => 'gnome_libsecret' as const,
  encryptString: (text: string) => Buffer.from(`sealed:${Buffer.from(text).toString('hex')}`),
  decryptString: (data: Buffer) => Buffer.from(data.toString().replace(/^sealed:/, ''), 'hex').toString(),
};

export const systemPreferences = {
  asked: [] as string[],
  async askForMediaAccess(kind: string) {
    this.asked.push(kind);
    return true;
  },
};

/** Network state the shell polls; a test flips `online` to see sync poked. */
export const net = {
  online: true,
  isOnline() {
    return this.online;
  },
};

export const powerMonitor = new EventEmitter();

/** OS notifications shown, with a way to click them. */
export class Notification extends EventEmitter {
  static shown: Notification[] = [];
  static isSupported = () => true;
  constructor(readonly options: { title: string; body: string }) {
    super();
  }
  show() {
    Notification.shown.push(this);
  }
}

const electron = {
  app,
  net,
  Notification,
  powerMonitor,
  BrowserWindow,
  clipboard,
  dialog,
  ipcMain,
  Menu,
  protocol,
  safeStorage,
  screen,
  session,
  shell,
  systemPreferences,
};
/** The shape `vi.mock('electron', …)` returns: named exports for the bundle, a default for electron-store. */
export const electronModule = { ...electron, default: electron };
