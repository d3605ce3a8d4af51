import { BrowserWindow, type WebContents } from 'electron';
import { APP_ENTRY_URL, isExternalWebUrl } from './app-origin';

/** The product window: sandboxed, isolated, no Node, our preload, our origin. */
export function createMainWindow(preloadPath: string): BrowserWindow {
  const win = new BrowserWindow({
    width: 1280,
    height: 820,
    minWidth: 960,
    minHeight: 600,
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
  win.once('ready-to-show', () => win.show());
  win.loadURL(APP_ENTRY_URL).catch((error: unknown) => {
    console.error('[window] the UI failed to load', error);
  });
  return win;
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
