import { BrowserWindow, type Screen, type WebContents } from 'electron';
import { APP_ENTRY_URL, isExternalWebUrl } from './app-origin';
import { debounce, DEFAULT_WINDOW_SIZE, MIN_WINDOW_SIZE, type DisplayArea, type RestoredBounds, type WindowState } from './desktop/window-state';

/** The product window: sandboxed, isolated, no Node, our preload, our origin; where it was last time. */
export function createMainWindow(preloadPath: string, bounds: RestoredBounds = { ...DEFAULT_WINDOW_SIZE, maximized: false }): BrowserWindow {
  const win = new BrowserWindow({
    ...(bounds.x !== undefined && bounds.y !== undefined ? { x: bounds.x, y: bounds.y } : { center: true }),
    width: bounds.width,
    height: bounds.height,
    minWidth: MIN_WINDOW_SIZE.width,
    minHeight: MIN_WINDOW_SIZE.height,
    title: 'Coachframe',
    backgroundColor: '#111318',
    // Shown once the first paint is ready, so the user never sees a white flash.
    show: false,
    webPreferences: {
      preload: preloadPath,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      navigateOnDragDrop: false,
      spellcheck: true,
    },
  });
  win.once('ready-to-show', () => {
    // Maximized before it is shown, so it never appears at its normal size first.
    if (bounds.maximized) win.maximize();
    win.show();
  });
  win.loadURL(APP_ENTRY_URL).catch((error: unknown) => {
    console.error('[window] the UI failed to load', error);
  });
  return win;
}

/** The displays as window-state.ts sees them, the primary first. */
export function displayAreas(screen: Pick<Screen, 'getAllDisplays' | 'getPrimaryDisplay'>): DisplayArea[] {
  const primary = screen.getPrimaryDisplay().id;
  return screen
    .getAllDisplays()
    .map(({ id, workArea }) => ({ id, workArea }))
    .sort((a, b) => Number(b.id === primary) - Number(a.id === primary));
}

/**
 * Saves where `win` is, half a second after it stops moving or resizing, and at once when it closes.
 * The normal bounds are kept while maximized or full screen, so un-maximizing after a restart goes
 * back to the size the person chose.
 */
export function trackWindowState(
  win: BrowserWindow,
  screen: Pick<Screen, 'getDisplayMatching'>,
  save: (state: WindowState) => void,
  onError: (error: unknown) => void,
): void {
  const capture = () => {
    if (win.isDestroyed() || win.isMinimized()) return;
    try {
      const bounds = win.getNormalBounds();
      save({ ...bounds, maximized: win.isMaximized(), displayId: screen.getDisplayMatching(bounds).id });
    } catch (error) {
      onError(error);
    }
  };
  const saveSoon = debounce(capture, 500);
  win.on('resize', saveSoon.call);
  win.on('move', saveSoon.call);
  win.on('maximize', saveSoon.call);
  win.on('unmaximize', saveSoon.call);
  win.on('close', () => {
    saveSoon.cancel();
    capture();
  });
}

/**
 * Locks down any web contents the app creates (applied from `web-contents-created`, so no window can
 * be forgotten): no navigating away from the loaded page, no new windows, no <webview>. A link to an
 * http(s) page opens in the user's browser instead; any other scheme (file:, smb:, custom handlers) is
 * dropped, since shell.openExternal on those can run programs.
 */
export function hardenWebContents(contents: WebContents, openExternal: (url: string) => Promise<void>): void {
  const openInBrowser = (url: string) => {
    if (isExternalWebUrl(url)) {
      openExternal(url).catch((error: unknown) => console.error('[window] could not open', url, error));
    }
  };

  contents.on('will-navigate', (event) => {
    // Reloading the same page is fine; anything else would replace our UI (and its preload) with another page.
    if (event.url === contents.getURL()) return;
    event.preventDefault();
    openInBrowser(event.url);
  });

  contents.setWindowOpenHandler(({ url }) => {
    openInBrowser(url);
    return { action: 'deny' };
  });

  contents.on('will-attach-webview', (event) => event.preventDefault());
}
