import type { MenuItemConstructorOptions } from 'electron';
import { describe, expect, it, vi } from 'vitest';
import { SHORTCUT_GROUPS, shortcutKeysText } from '../../../src-shared/shortcuts';
import { buildMenuTemplate, effectiveAccelerators, menuItems, shortcutLabel, shortcutsText, type MenuActions } from '../../../src-main/electron/desktop/menu-template';

const actions = (overrides: Partial<MenuActions> = {}): MenuActions => ({
  appName: 'Coachframe',
  isDev: false,
  importVideos: vi.fn(),
  exportProfile: vi.fn(),
  importProfile: vi.fn(),
  showDataFolder: vi.fn(),
  moveDataFolder: vi.fn(),
  showShortcuts: vi.fn(),
  copyDiagnostics: vi.fn(),
  openSettings: vi.fn(),
  ...overrides,
});

const PLATFORMS = ['darwin', 'win32', 'linux'] as const;
const labels = (items: readonly MenuItemConstructorOptions[]) => items.map((i) => i.label ?? i.role);
const find = (template: MenuItemConstructorOptions[], label: string) => {
  const item = menuItems(template).find((i) => i.label === label);
  if (!item) throw new Error(`no menu item "${label}"`);
  return item;
};
const submenuOf = (item: MenuItemConstructorOptions) => item.submenu as MenuItemConstructorOptions[];

describe('application menu', () => {
  it('follows macOS conventions: the app menu first with About, Settings…, Hide and Quit', () => {
    const template = buildMenuTemplate('darwin', actions());
    expect(labels(template)).toEqual(['Coachframe', 'File', 'Edit', 'View', 'Playback', 'Window', 'Help']);
    const appMenu = labels(submenuOf(template[0]!));
    for (const item of ['about', 'Settings…', 'hide', 'hideOthers', 'quit']) expect(appMenu).toContain(item);
    expect(appMenu.indexOf('about')).toBe(0);
    expect(appMenu.at(-1)).toBe('quit');
    expect(find(template, 'Settings…').accelerator).toBe('CmdOrCtrl+,');
  });

  it('on Windows and Linux puts Settings and Quit in File and About in Help', () => {
    for (const platform of ['win32', 'linux'] as const) {
      const template = buildMenuTemplate(platform, actions());
      expect(labels(template)).toEqual(['&File', '&Edit', '&View', 'Playback', '&Window', '&Help']);
      expect(labels(submenuOf(template[0]!))).toEqual(expect.arrayContaining(['Import Videos…', 'Settings', 'quit']));
      expect(labels(submenuOf(template.at(-1)!))).toContain('about');
    }
  });

  it('has the file commands, Keyboard Shortcuts and Copy Diagnostics, each wired to its action', () => {
    for (const platform of PLATFORMS) {
      const a = actions();
      const template = buildMenuTemplate(platform, a);
      const click = (label: string) => (find(template, label).click as () => void)();
      click('Import Videos…');
      click('Export Profile…');
      click('Import Profile…');
      click('Show Data Folder');
      click('Move Data Folder…');
      click('Keyboard Shortcuts');
      click('Copy Diagnostics');
      for (const fn of [a.importVideos, a.exportProfile, a.importProfile, a.showDataFolder, a.moveDataFolder, a.showShortcuts, a.copyDiagnostics]) {
        expect(fn).toHaveBeenCalledOnce();
      }
      expect(find(template, 'Import Videos…').accelerator).toBe('CmdOrCtrl+O');
      // In the File menu, beside Show Data Folder; no shortcut for something this rare and this big.
      const file = labels(submenuOf(template.find((i) => i.label === 'File' || i.label === '&File')!));
      expect(file.indexOf('Move Data Folder…')).toBe(file.indexOf('Show Data Folder') + 1);
      expect(find(template, 'Move Data Folder…').accelerator).toBeUndefined();
    }
  });

  it('offers reload and developer tools only in development', () => {
    const roles = (isDev: boolean) => menuItems(buildMenuTemplate('linux', actions({ isDev }))).map((i) => i.role);
    expect(roles(true)).toEqual(expect.arrayContaining(['reload', 'toggleDevTools', 'zoomIn', 'zoomOut', 'resetZoom', 'togglefullscreen']));
    expect(roles(false)).not.toContain('reload');
    expect(roles(false)).not.toContain('toggleDevTools');
    expect(roles(false)).toEqual(expect.arrayContaining(['zoomIn', 'togglefullscreen']));
  });

  it('has no Settings item until there is a settings screen to open', () => {
    expect(menuItems(buildMenuTemplate('darwin', actions({ openSettings: undefined }))).map((i) => i.label)).not.toContain('Settings…');
  });

  it.each(PLATFORMS)('on %s takes every key combination once, and never a bare key that would steal typing', (platform) => {
    for (const isDev of [true, false]) {
      const accelerators = effectiveAccelerators(buildMenuTemplate(platform, actions({ isDev })), platform);
      const normalised = accelerators.map((a) => a.toLowerCase().replace(/commandorcontrol|cmdorctrl/g, 'mod').split('+').sort().join('+'));
      expect(new Set(normalised).size, accelerators.join(', ')).toBe(normalised.length);
      for (const accelerator of accelerators) {
        expect(accelerator, accelerator).toMatch(/^(?:(?:Command|Cmd|Control|Ctrl|CommandOrControl|CmdOrCtrl|Alt|Option|Shift|Super|Meta)\+)+.+$|^F\d{1,2}$/);
      }
    }
  });

  it.each(PLATFORMS)('on %s lists every review-screen shortcut in Playback, as a label without an accelerator', (platform) => {
    const playback = submenuOf(find(buildMenuTemplate(platform, actions()), 'Playback'));
    const listed = playback.filter((i) => i.type !== 'separator');
    for (const group of SHORTCUT_GROUPS) {
      expect(listed.map((i) => i.label)).toContain(group.title);
      for (const [keys, what] of group.keys) expect(listed.map((i) => i.label)).toContain(shortcutLabel(keys, what));
    }
    for (const item of listed) {
      expect(item.accelerator).toBeUndefined();
      expect(item.role).toBeUndefined();
      expect(item.click).toBeUndefined();
    }
    // The keys the review screen handles bare are all there.
    const text = listed.map((i) => i.label).join('\n');
    for (const key of ['Space', 'J', 'K', 'L', ',', '.', '←', '→', 'I', 'O', 'M', '?']) expect(text).toContain(key);
  });

  it('shows the shortcuts as text with the same list', () => {
    expect(shortcutLabel(['Space'], 'Play or pause')).toBe('Play or pause    Space');
    expect(shortcutKeysText(['Shift', '←'])).toBe('Shift+←');
    expect(shortcutKeysText(['J', 'L'])).toBe('J L');
    const text = shortcutsText();
    for (const group of SHORTCUT_GROUPS) for (const [, what] of group.keys) expect(text).toContain(what);
  });
});
