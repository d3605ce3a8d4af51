import type { MenuItemConstructorOptions } from 'electron';

export interface MenuOptions {
  platform: NodeJS.Platform;
  appName: string;
  /** Developer tools only outside a packaged build. */
  isPackaged: boolean;
  /** Opens the folder that holds the profiles, for backups and support. */
  openDataFolder: () => void;
}

/**
 * The application menu, following each platform's conventions: on macOS the app menu comes first and
 * holds About and Quit; elsewhere a File menu holds Quit and Help holds About. Roles give the native
 * labels, shortcuts and behaviour (copy/paste in text fields depends on the Edit menu on macOS).
 */
export function menuTemplate({ platform, appName, isPackaged, openDataFolder }: MenuOptions): MenuItemConstructorOptions[] {
  const isMac = platform === 'darwin';
  const separator: MenuItemConstructorOptions = { type: 'separator' };

  const first: MenuItemConstructorOptions = isMac
    ? {
        label: appName,
        submenu: [
          { role: 'about' },
          separator,
          { role: 'services' },
          separator,
          { role: 'hide' },
          { role: 'hideOthers' },
          { role: 'unhide' },
          separator,
          { role: 'quit' },
        ],
      }
    : { label: '&File', submenu: [{ role: 'quit' }] };

  const view: MenuItemConstructorOptions = {
    label: isMac ? 'View' : '&View',
    submenu: [
      { role: 'reload' },
      ...(isPackaged ? [] : [{ role: 'toggleDevTools' } as const]),
      separator,
      { role: 'resetZoom' },
      { role: 'zoomIn' },
      { role: 'zoomOut' },
      separator,
      { role: 'togglefullscreen' },
    ],
  };

  const help: MenuItemConstructorOptions = {
    role: 'help',
    submenu: [{ label: 'Show Data Folder', click: openDataFolder }, ...(isMac ? [] : [separator, { role: 'about' as const }])],
  };

  return [first, { role: 'editMenu' }, view, { role: 'windowMenu' }, help];
}
