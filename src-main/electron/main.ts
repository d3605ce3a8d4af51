import { readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  app,
  BrowserWindow,
  clipboard,
  dialog,
  ipcMain,
  Menu,
  net,
  Notification,
  powerMonitor,
  protocol,
  safeStorage,
  screen,
  session,
  shell,
  systemPreferences,
  type MessageBoxOptions,
} from 'electron';
import Database from 'better-sqlite3';
import { createCore } from '../core/index';
import type { CoreApi } from '../core/ports';
import { checkMoveTarget, moveDataFolder } from '../core/data-folder';
import { createRotatingLog, type LogLevel, type RotatingLog } from '../core/logging/rotating-log';
import { fail } from '../../src-shared/result';
import type { JobInfo } from '../../src-shared/contract/media';
import { registerAppScheme, serveAppProtocol } from './app-protocol';
import { moveDataFolderFlow, type Notice } from './desktop/data-folder-move';
import { buildMenuTemplate, shortcutsText } from './desktop/menu-template';
import { createOpenQueue, importBatches, videoPathsFromArgv, VIDEO_EXTENSIONS, type OpenQueue } from './desktop/open-files';
import { quitDecision, quitQuestion } from './desktop/quit';
import { createJobTracker, feedbackNotice, showsBadgeCount } from './desktop/taskbar';
import { restoreBounds } from './desktop/window-state';
import { forwardEvents, showScreen, registerIpc, type ShellDialogs } from './ipc';
import { shellPaths, type ShellPaths } from './paths';
import { installPermissionHandlers, type OsMediaKind } from './permissions';
import { createSafeStorageSecrets } from './secrets';
import { createElectronSettings, type ElectronSettings } from './settings';
import { createMainWindow, displayAreas, hardenWebContents, trackWindowState } from './window';

/**
 * The composition root of the product shell: it builds the core with Electron-backed settings,
 * secrets and log, and connects it to one window through the `app:` protocol, IPC, the menu and the
 * OS (files opened with the app, badge, taskbar progress, quitting). Decisions live in the core and in
 * the plain functions of ./desktop; this file only wires.
 */

// Before `ready`: Chromium reads scheme privileges and the sandbox switch while it starts.
registerAppScheme(protocol);
app.enableSandbox();

/** Settles once the shell is up, or has given up and is quitting. The wiring test waits on it. */
export const started: Promise<void> = start();

const ELECTRON: { shell: 'electron' } = { shell: 'electron' };
const ARCHIVE_FILTERS = [{ name: 'Coachframe profile', extensions: ['coachframe'] }];

type Log = (level: LogLevel, message: string, error?: unknown) => void;

async function start(): Promise<void> {
  // One instance per user: a second launch hands over to the first (focusing it) and quits.
  if (!app.requestSingleInstanceLock()) {
    app.quit();
    return;
  }

  let mainWindow: BrowserWindow | null = null;
  let core: CoreApi | undefined;
  let log: Log = (level, message, error) => console[level === 'info' ? 'log' : level](`[main] ${message}`, error ?? '');
  let profileOpen = false;

  // Files handed to the app wait here until the window is up and a profile is open.
  const openQueue = createOpenQueue({
    hasProfile: () => profileOpen,
    importPaths: (paths) => {
      if (!core) return;
      for (const batch of importBatches(paths)) {
        core.dispatch('assets.import', { paths: batch }, ELECTRON).then(
          (result) => {
            if (!result.ok) log('warn', `importing ${batch.length} opened file(s) failed: ${result.error.code}: ${result.error.message}`);
          },
          (error: unknown) => log('error', 'importing opened files failed', error),
        );
      }
    },
  });
  openQueue.open(videoPathsFromArgv(process.argv, process.cwd()));

  // A second launch (a file double-clicked, `coachframe clip.mp4`) hands its arguments to this one.
  app.on('second-instance', (_event, argv, workingDirectory) => {
    if (mainWindow && !mainWindow.isDestroyed()) {
      if (mainWindow.isMinimized()) mainWindow.restore();
      mainWindow.show();
      mainWindow.focus();
    }
    openQueue.open(videoPathsFromArgv(argv, workingDirectory));
  });
  // macOS hands files dropped on the Dock icon or opened with "Open With…" here, possibly before `ready`.
  app.on('open-file', (event, path) => {
    event.preventDefault();
    openQueue.open(videoPathsFromArgv(['', path], '/'));
  });
  // Registered before any window exists, so every web contents — ours or one we never meant to make — is locked down.
  app.on('web-contents-created', (_event, contents) => hardenWebContents(contents, (url) => shell.openExternal(url)));

  await app.whenReady();
  try {
    // The settings come first: they say where the data folder is (File → Move Data Folder… changes it).
    const settings = createElectronSettings();
    const paths = shellPaths({
      userData: app.getPath('userData'),
      appPath: app.getAppPath(),
      isPackaged: app.isPackaged,
      resourcesPath: process.resourcesPath,
      mainDir: dirname(fileURLToPath(import.meta.url)),
      chosenDataDir: settings.getDataDir(),
    });
    const logFile = createLogFile(join(paths.dataDir, 'logs'));
    log = fileLog(logFile);
    log('info', `Coachframe ${app.getVersion()} starting (Electron ${process.versions.electron ?? 'unknown'}, ${process.platform})`);
    logSettingsOpened(settings, log);
    core = buildCore(paths, settings, logFile, log);
    const built = core;
    const profile = await built.dispatch('profiles.current', {}, ELECTRON);
    profileOpen = profile.ok && profile.value !== null;
    connect({
      core: built,
      paths,
      settings,
      log,
      logFile,
      openQueue,
      onWindow: (win) => (mainWindow = win),
      window: () => (mainWindow && !mainWindow.isDestroyed() ? mainWindow : null),
      onProfileChanged: (open) => (profileOpen = open),
    });
  } catch (error) {
    core?.close();
    failStartup(error);
  }
}

/**
 * The day's log file in the data folder, which can be held: while the data folder is being copied
 * nothing may write into it (a line appended to a log file being copied would fail its checksum), so
 * lines wait in memory and are written once the move is over, wherever the data then is.
 */
interface LogFile extends Pick<RotatingLog, 'write' | 'tail'> {
  hold(): void;
  /** Writes from now on (and the lines held) into `dir`. */
  resumeIn(dir: string): void;
}

function createLogFile(dir: string): LogFile {
  let file: RotatingLog | null = createRotatingLog({ dir });
  const held: Parameters<RotatingLog['write']>[] = [];
  return {
    write: (...line) => (file ? file.write(...line) : void held.push(line)),
    tail: (count) => file?.tail(count) ?? [],
    hold: () => (file = null),
    resumeIn(next) {
      file = createRotatingLog({ dir: next });
      for (const line of held.splice(0)) file.write(...line);
    },
  };
}

/** Log lines go to the day's file (redacted) and, for a developer, to the console. */
function fileLog(file: Pick<RotatingLog, 'write'>): Log {
  return (level, message, error) => {
    file.write(level, message, error);
    if (!app.isPackaged) console[level === 'info' ? 'log' : level](`[coachframe] ${message}`, error ?? '');
  };
}

/** What opening the settings file found, when it was more than reading it. */
function logSettingsOpened(settings: ElectronSettings, log: Log): void {
  const opened = settings.opened;
  if (opened.kind === 'migrated') log('info', `settings migrated from version ${opened.from} to ${opened.to}`);
  else if (opened.kind === 'newer') log('warn', `settings were written by a newer Coachframe (settings version ${opened.version}); read as far as understood`);
  else if (opened.kind === 'unreadable') log('warn', `the settings file could not be read and was set aside as ${opened.keptAs}; starting with defaults`);
}

/** The core, with the product's settings, secrets and log. */
function buildCore(paths: ShellPaths, settings: ElectronSettings, logFile: Pick<RotatingLog, 'tail'>, log: Log): CoreApi {
  // Load the native database engine now rather than at the first query: an addon built for the wrong
  // ABI must stop startup with a readable message, not fail every call afterwards.
  new Database(':memory:').close();
  return createCore({
    dataDir: paths.dataDir,
    migrationsDir: paths.migrationsDir,
    settings,
    secrets: createSafeStorageSecrets({ safeStorage, platform: process.platform }),
    log,
    logTail: (count) => logFile.tail(count),
    versions: {
      app: app.getVersion(),
      electron: process.versions.electron ?? null,
      chromium: process.versions.chrome ?? null,
    },
  });
}

interface ConnectOptions {
  core: CoreApi;
  paths: ShellPaths;
  settings: ElectronSettings;
  log: Log;
  logFile: LogFile;
  openQueue: OpenQueue;
  onWindow(win: BrowserWindow): void;
  window(): BrowserWindow | null;
  onProfileChanged(open: boolean): void;
}

/** Connects the core to Electron: permissions, the app: protocol, IPC, events, menu, the window, the OS, quitting. */
function connect({ core, paths, settings, log, logFile, openQueue, onWindow, window, onProfileChanged }: ConnectOptions): void {
  const askOsMediaAccess = (kind: OsMediaKind) => systemPreferences.askForMediaAccess(kind);
  // macOS decides camera/microphone access itself; asking shows its prompt (and answers at once once decided).
  installPermissionHandlers(session.defaultSession, process.platform === 'darwin' ? { askOsMediaAccess } : {});
  serveAppProtocol(protocol, { rendererDir: paths.rendererDir, core });
  const dialogs: ShellDialogs = {
    // The export's "Choose…": the system's own Save dialog, on the window that asked.
    chooseSavePath: async (sender, request) => {
      const win = BrowserWindow.fromWebContents(sender);
      const options = {
        title: request.title,
        ...(request.defaultPath ? { defaultPath: request.defaultPath } : {}),
        filters: [{ name: 'MP4 video', extensions: ['mp4'] }],
        properties: ['createDirectory' as const, 'showOverwriteConfirmation' as const],
      };
      const picked = win ? await dialog.showSaveDialog(win, options) : await dialog.showSaveDialog(options);
      if (picked.canceled || !picked.filePath) return null;
      // Linux dialogs do not add the extension the filter names.
      return /\.mp4$/i.test(picked.filePath) ? picked.filePath : `${picked.filePath}.mp4`;
    },
  };
  let disposeIpc = registerIpc(ipcMain, core, dialogs);
  const stopEvents = forwardEvents(core, () => BrowserWindow.getAllWindows().map((win) => win.webContents));

  // Dock/taskbar: unread feedback as a badge, running jobs as a progress bar.
  // New feedback brought by sync: an OS notification whose click brings the window forward.
  let unread: number | null = null;
  const refreshBadge = (fromProfileChange = false) => {
    try {
      const next = core.unreadFeedbackCount();
      const notice = fromProfileChange ? null : feedbackNotice(unread, next);
      unread = next;
      if (notice && Notification.isSupported()) {
        const note = new Notification(notice);
        // The click opens that feedback: in its comparison when it has two videos, else on its exercise.
        const feedback = core.newestFeedback();
        note.on('click', () => {
          const win = window();
          if (!win) return;
          if (win.isMinimized()) win.restore();
          win.focus();
          if (feedback) showScreen(win.webContents, { screen: 'feedback', exercise: feedback.exercise, a: feedback.a, b: feedback.b });
        });
        note.show();
      }
      if (showsBadgeCount(process.platform)) app.setBadgeCount(next);
    } catch (error) {
      log('warn', 'could not update the badge', error);
    }
  };
  // Sync follows the network and the machine's sleep: it tries at once when either comes back.
  powerMonitor.on('resume', () => core.resumed());
  let online = net.isOnline();
  const watchNetwork = setInterval(() => {
    const now = net.isOnline();
    if (now !== online) core.networkChanged(now);
    online = now;
  }, 10_000);
  watchNetwork.unref();
  const jobs = createJobTracker();
  const showProgress = (job: JobInfo) => window()?.setProgressBar(jobs.update(job));
  const stopDesktopEvents = core.onEvent((event, payload) => {
    if (event === 'data.changed') refreshBadge();
    else if (event === 'profile.changed') {
      onProfileChanged((payload as { profile: unknown }).profile !== null);
      unread = null;
      refreshBadge(true);
      openQueue.profileChanged();
    } else if (event === 'job.progress' || event === 'job.done') showProgress(payload as JobInfo);
  });

  // Moving the data folder: from the moment the core closes until the app restarts, nothing may touch
  // the folder. The window stays, its calls are answered "unavailable", and quitting waits.
  let moving = false;
  const stopUsingData = () => {
    moving = true;
    stopDesktopEvents();
    stopEvents();
    disposeIpc();
    disposeIpc = registerIpc(ipcMain, { dispatch: async () => fail('unavailable', 'Coachframe is moving its data folder and restarts when it is done.') });
    core.close();
    logFile.hold();
  };
  const restart = (dataDir: string) => {
    logFile.resumeIn(join(dataDir, 'logs'));
    log('info', 'Coachframe restarting after moving the data folder');
    window()?.setProgressBar(-1);
    // app.exit, not app.quit: the core is closed already, and before-quit must not ask about jobs.
    app.relaunch();
    app.exit(0);
  };
  const moveData = () =>
    moveDataFolderFlow({
      from: paths.dataDir,
      runningJobs: () => core.runningJobs(),
      pickFolder: async () => {
        const win = window();
        const options = {
          title: 'Move Data Folder',
          buttonLabel: 'Move Here',
          properties: ['openDirectory' as const, 'createDirectory' as const, 'promptToCreate' as const],
        };
        const picked = win ? await dialog.showOpenDialog(win, options) : await dialog.showOpenDialog(options);
        return picked.canceled ? null : (picked.filePaths[0] ?? null);
      },
      listFolder: (path) => {
        try {
          return readdirSync(path);
        } catch {
          return null;
        }
      },
      checkTarget: checkMoveTarget,
      ask: async (question) => (await showMessage(window(), question)).response,
      tell: async (notice: Notice) => void (await showMessage(window(), { ...notice, buttons: ['OK'] })),
      stopUsingData,
      move: (from, to, commit) => moveDataFolder(from, to, { commit, onProgress: (done, total) => window()?.setProgressBar(total > 0 ? done / total : 2) }),
      saveDataDir: (dir) => settings.setDataDir(dir),
      restart,
      log,
    });
  const actions = menuActions(core, paths, window, openQueue, log);
  let moveRunning = false;
  const moveDataFolderItem = () => {
    // One move at a time: a second click while the picker or the question is open does nothing.
    if (moveRunning) return;
    moveRunning = true;
    moveData()
      .catch((error: unknown) => log('error', 'Move Data Folder failed', error))
      .finally(() => (moveRunning = false));
  };
  Menu.setApplicationMenu(Menu.buildFromTemplate(buildMenuTemplate(process.platform, { ...actions, moveDataFolder: moveDataFolderItem })));
  if (process.platform === 'win32') app.setAppUserModelId('app.coachframe.desktop');

  const openMainWindow = () => {
    const win = createMainWindow(paths.preloadPath, restoreBounds(settings.getWindowState(), displayAreas(screen)));
    trackWindowState(win, screen, (state) => settings.setWindowState(state), (error) => log('warn', 'could not save the window state', error));
    // Windows and Linux quit with the last window: with jobs running, ask first (macOS keeps running without windows).
    win.on('close', (event) => {
      if (moving) return event.preventDefault();
      if (process.platform === 'darwin' || mayQuit()) return;
      event.preventDefault();
      askToQuit();
    });
    onWindow(win);
  };
  openMainWindow();
  refreshBadge(true);
  openQueue.ready();

  // macOS keeps the app (and the open profile) alive without windows; the Dock icon brings one back.
  app.on('activate', () => {
    if (BrowserWindow.getAllWindows().length === 0) openMainWindow();
  });
  app.on('window-all-closed', () => {
    if (process.platform !== 'darwin') app.quit();
  });

  // Quitting with jobs running asks first; the answer is remembered for the quit it allows.
  let confirmed = false;
  let asking = false;
  const mayQuit = () => confirmed || quitDecision(core.runningJobs()) === 'quit';
  const askToQuit = () => {
    if (asking) return;
    asking = true;
    const running = core.runningJobs();
    showMessage(window(), quitQuestion(running)).then(
      ({ response }) => {
        asking = false;
        if (quitDecision(running, response) !== 'quit') return;
        confirmed = true;
        app.quit();
      },
      (error: unknown) => {
        asking = false;
        log('error', 'could not ask before quitting', error);
      },
    );
  };

  // Close the databases (checkpointing the WAL into the main file) before the process ends.
  let closed = false;
  app.on('before-quit', (event) => {
    if (closed) return;
    if (moving) {
      // Stopping halfway would leave the old folder in use and a half copy beside the new one: the move finishes first.
      event.preventDefault();
      return;
    }
    if (!mayQuit()) {
      event.preventDefault();
      askToQuit();
      return;
    }
    closed = true;
    window()?.setProgressBar(-1);
    stopDesktopEvents();
    stopEvents();
    disposeIpc();
    core.close();
    log('info', 'Coachframe quit');
  });
}

/** What the menu's items do: dialogs, the core's channels, the OS. */
function menuActions(core: CoreApi, paths: ShellPaths, window: () => BrowserWindow | null, openQueue: OpenQueue, log: Log) {
  const tell = (message: string, detail?: string, type: MessageBoxOptions['type'] = 'info') =>
    void showMessage(window(), { type, message, ...(detail ? { detail } : {}), buttons: ['OK'] }).catch((error: unknown) => log('warn', 'message box failed', error));
  const failed = (what: string, error: { message: string }) => tell(what, error.message, 'error');
  const currentProfile = async () => {
    const result = await core.dispatch('profiles.current', {}, ELECTRON);
    return result.ok ? (result.value as { user: { id: string; username: string } } | null) : null;
  };
  const guard = (what: string, action: () => Promise<void>) => () => {
    action().catch((error: unknown) => {
      log('error', `${what} failed`, error);
      tell(`${what} failed.`, 'Something went wrong; nothing was changed.', 'error');
    });
  };

  return {
    appName: app.name,
    isDev: !app.isPackaged,
    importVideos: guard('Import Videos', async () => {
      const win = window();
      const options = {
        title: 'Import Videos',
        properties: ['openFile' as const, 'multiSelections' as const],
        filters: [{ name: 'Videos', extensions: VIDEO_EXTENSIONS.map((ext) => ext.slice(1)) }],
      };
      const picked = win ? await dialog.showOpenDialog(win, options) : await dialog.showOpenDialog(options);
      // Without an open profile they wait and are imported once one is opened.
      if (!picked.canceled) openQueue.open(picked.filePaths);
    }),
    exportProfile: guard('Export Profile', async () => {
      const profile = await currentProfile();
      if (!profile) return tell('Open a profile first.', 'Export Profile saves the open profile to one file.');
      const win = window();
      const options = { title: 'Export Profile', defaultPath: `${profile.user.username}.coachframe`, filters: ARCHIVE_FILTERS };
      const target = win ? await dialog.showSaveDialog(win, options) : await dialog.showSaveDialog(options);
      if (target.canceled || !target.filePath) return;
      const result = await core.dispatch('profiles.export', { id: profile.user.id, path: target.filePath }, ELECTRON);
      if (!result.ok) return failed('The profile could not be exported.', result.error);
      tell('Profile exported.', `${(result.value as { files: number }).files} files were saved to ${target.filePath}.`);
    }),
    importProfile: guard('Import Profile', async () => {
      const win = window();
      const options = { title: 'Import Profile', properties: ['openFile' as const], filters: ARCHIVE_FILTERS };
      const picked = win ? await dialog.showOpenDialog(win, options) : await dialog.showOpenDialog(options);
      const path = picked.filePaths[0];
      if (picked.canceled || !path) return;
      const result = await core.dispatch('profiles.import', { path }, ELECTRON);
      if (!result.ok) return failed('The profile could not be imported.', result.error);
      const user = (result.value as { user: { displayName: string } }).user;
      tell(`${user.displayName}’s profile was imported.`, 'Switch to it from the profile menu.');
    }),
    showDataFolder: () => {
      shell.openPath(paths.dataDir).then(
        (error) => error && log('warn', `could not open the data folder: ${error}`),
        (error: unknown) => log('warn', 'could not open the data folder', error),
      );
    },
    showShortcuts: () => tell('Keyboard shortcuts', shortcutsText()),
    // The window shows its Settings screen (the same one the web host shows at #/settings).
    openSettings: () => {
      const win = window();
      if (!win) return;
      if (win.isMinimized()) win.restore();
      win.focus();
      showScreen(win.webContents, { screen: 'settings' });
    },
    copyDiagnostics: guard('Copy Diagnostics', async () => {
      const result = await core.dispatch('app.diagnostics', {}, ELECTRON);
      if (!result.ok) return failed('Diagnostics could not be gathered.', result.error);
      clipboard.writeText((result.value as { text: string }).text);
      tell('Diagnostics copied.', 'Paste them into your bug report. They hold versions, settings and recent log lines — no passwords, tokens or e-mail addresses.');
    }),
  };
}

/** dialog.showMessageBox, attached to the window when there is one. */
function showMessage(win: BrowserWindow | null, options: MessageBoxOptions) {
  return win ? dialog.showMessageBox(win, options) : dialog.showMessageBox(options);
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
