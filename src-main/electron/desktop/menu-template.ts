import type { MenuItemConstructorOptions } from 'electron';
import { SHORTCUT_GROUPS, shortcutKeysText, type ShortcutGroup } from '../../../src-shared/shortcuts';

/** What the menu's own items do; the shell wires them to dialogs, the core and the OS. */
export interface MenuActions {
  appName: string;
  /** Reload and developer tools only in development. */
  isDev: boolean;
  importVideos(): void;
  exportProfile(): void;
  importProfile(): void;
  showDataFolder(): void;
  /** Moves the data to a folder the person picks, then restarts the app on it. */
  moveDataFolder(): void;
  showShortcuts(): void;
  copyDiagnostics(): void;
  /** Given once there is a settings screen to open; without it the menu has no Settings item. */
  openSettings?: () => void;
}

type Item = MenuItemConstructorOptions;
const separator: Item = { type: 'separator' };

/**
 * The accelerators Electron gives each role we use when the item sets none (from Electron's
 * `lib/browser/api/menu-item-roles.ts`), so a test sees every key combination the menu takes.
 */
export const ROLE_ACCELERATORS: Partial<Record<NonNullable<Item['role']>, (platform: NodeJS.Platform) => string | undefined>> = {
  undo: () => 'CommandOrControl+Z',
  redo: (p) => (p === 'win32' ? 'Control+Y' : 'Shift+CommandOrControl+Z'),
  cut: () => 'CommandOrControl+X',
  copy: () => 'CommandOrControl+C',
  paste: () => 'CommandOrControl+V',
  pasteAndMatchStyle: () => 'Shift+CommandOrControl+V',
  selectAll: () => 'CommandOrControl+A',
  reload: () => 'CmdOrCtrl+R',
  forceReload: () => 'Shift+CmdOrCtrl+R',
  toggleDevTools: (p) => (p === 'darwin' ? 'Alt+Command+I' : 'Ctrl+Shift+I'),
  resetZoom: () => 'CommandOrControl+0',
  zoomIn: () => 'CommandOrControl+Plus',
  zoomOut: () => 'CommandOrControl+-',
  togglefullscreen: (p) => (p === 'darwin' ? 'Control+Command+F' : 'F11'),
  minimize: () => 'CommandOrControl+M',
  close: () => 'CommandOrControl+W',
  quit: (p) => (p === 'win32' ? undefined : 'CommandOrControl+Q'),
  hide: () => 'Command+H',
  hideOthers: () => 'Command+Alt+H',
};

/** A shortcut as the menu lists it: "Play or pause    Space". */
export const shortcutLabel = (keys: readonly string[], what: string): string => `${what}    ${shortcutKeysText(keys)}`;

/**
 * The Playback menu: every shortcut of the review screens, as labels. They carry no accelerator — the
 * renderer handles these keys only where nothing is being typed, and a menu accelerator would take
 * Space or M from a text field — and are disabled, since the menu only shows them.
 */
function playbackMenu(groups: readonly ShortcutGroup[]): Item {
  const submenu: Item[] = [];
  for (const group of groups) {
    if (submenu.length > 0) submenu.push(separator);
    submenu.push({ label: group.title, enabled: false });
    for (const [keys, what] of group.keys) submenu.push({ label: shortcutLabel(keys, what), enabled: false });
  }
  return { label: 'Playback', submenu };
}

/**
 * The application menu for `platform`, following its conventions: on macOS the app menu comes first
 * (About, Settings…, Services, Hide, Quit) and File holds the document commands; elsewhere File ends
 * with Settings and Exit and Help holds About. Roles give native labels and behaviour.
 */
export function buildMenuTemplate(platform: NodeJS.Platform, actions: MenuActions): Item[] {
  const isMac = platform === 'darwin';
  const settings: Item[] = actions.openSettings ? [{ label: isMac ? 'Settings…' : 'Settings', accelerator: 'CmdOrCtrl+,', click: actions.openSettings }] : [];

  const appMenu: Item = {
    label: actions.appName,
    submenu: [
      { role: 'about' },
      separator,
      ...settings,
      ...(settings.length ? [separator] : []),
      { role: 'services' },
      separator,
      { role: 'hide' },
      { role: 'hideOthers' },
      { role: 'unhide' },
      separator,
      { role: 'quit' },
    ],
  };

  const file: Item = {
    label: isMac ? 'File' : '&File',
    submenu: [
      { label: 'Import Videos…', accelerator: 'CmdOrCtrl+O', click: actions.importVideos },
      separator,
      { label: 'Export Profile…', click: actions.exportProfile },
      { label: 'Import Profile…', click: actions.importProfile },
      separator,
      { label: 'Show Data Folder', click: actions.showDataFolder },
      { label: 'Move Data Folder…', click: actions.moveDataFolder },
      separator,
      ...(isMac ? [{ role: 'close' } as const] : [...settings, ...(settings.length ? [separator] : []), { role: 'quit' } as const]),
    ],
  };

  const edit: Item = {
    label: isMac ? 'Edit' : '&Edit',
    submenu: [
      { role: 'undo' },
      { role: 'redo' },
      separator,
      { role: 'cut' },
      { role: 'copy' },
      { role: 'paste' },
      ...(isMac ? [{ role: 'pasteAndMatchStyle' } as const] : []),
      { role: 'delete' },
      separator,
      { role: 'selectAll' },
    ],
  };

  const view: Item = {
    label: isMac ? 'View' : '&View',
    submenu: [
      ...(actions.isDev ? [{ role: 'reload' } as const, { role: 'toggleDevTools' } as const, separator] : []),
      { role: 'resetZoom' },
      { role: 'zoomIn' },
      { role: 'zoomOut' },
      separator,
      { role: 'togglefullscreen' },
    ],
  };

  // role 'window' makes it macOS's Window menu, which lists the open windows itself.
  const window: Item = isMac
    ? { label: 'Window', role: 'window', submenu: [{ role: 'minimize' }, { role: 'zoom' }, separator, { role: 'front' }] }
    : { label: '&Window', submenu: [{ role: 'minimize' }, { role: 'close' }] };

  const help: Item = {
    role: 'help',
    label: isMac ? 'Help' : '&Help',
    submenu: [
      { label: 'Keyboard Shortcuts', accelerator: 'CmdOrCtrl+/', click: actions.showShortcuts },
      { label: 'Copy Diagnostics', click: actions.copyDiagnostics },
      ...(isMac ? [] : [separator, { role: 'about' } as const]),
    ],
  };

  return [...(isMac ? [appMenu] : []), file, edit, view, playbackMenu(SHORTCUT_GROUPS), window, help];
}

/** Every item of `template`, submenus included, depth first. */
export function menuItems(template: readonly Item[]): Item[] {
  return template.flatMap((item) => [item, ...(Array.isArray(item.submenu) ? menuItems(item.submenu) : [])]);
}

/** The accelerator each item takes on `platform`: its own, or its role's default. */
export function effectiveAccelerators(template: readonly Item[], platform: NodeJS.Platform): string[] {
  return menuItems(template).flatMap((item) => {
    const accelerator = item.accelerator ?? (item.role ? ROLE_ACCELERATORS[item.role]?.(platform) : undefined);
    return accelerator ? [accelerator] : [];
  });
}

/** The shortcuts as plain text, for a dialog: one group a paragraph, one shortcut a line. */
export function shortcutsText(groups: readonly ShortcutGroup[] = SHORTCUT_GROUPS): string {
  return groups.map((g) => [g.title, ...g.keys.map(([keys, what]) => `  ${shortcutKeysText(keys)}  —  ${what}`)].join('\n')).join('\n\n');
}
