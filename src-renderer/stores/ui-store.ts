import { create } from 'zustand';

export type ListScreen = 'exercises' | 'stack' | 'library';
export type Route =
  | { name: ListScreen }
  | { name: 'exercise'; id: string }
  | { name: 'asset'; id: string }
  /** Two videos of an exercise side by side; `probe` exposes sync samples to tests (`?probe=1`). */
  | { name: 'compare'; exercise: string; a: string; b: string; probe?: boolean }
  | { name: 'settings' }
  /** What sync is doing, waiting for, and what failed. */
  | { name: 'sync' };

export interface Toast {
  id: number;
  tone: 'info' | 'error';
  message: string;
}

interface UiState {
  route: Route;
  /** Where Esc and "Back" lead from an exercise page: the list it was opened from. */
  backTo: 'exercises' | 'stack';
  shortcutsOpen: boolean;
  switchProfileOpen: boolean;
  toasts: Toast[];
  nextToastId: number;
  /** The clock relative times are computed against; ticks so "2 min ago" stays true. */
  now: number;

  navigate(route: Route): void;
  /** Follows the address bar (back/forward in the web host, a reload). */
  followHash(hash: string): void;
  back(): void;
  setShortcutsOpen(open: boolean): void;
  setSwitchProfileOpen(open: boolean): void;
  toast(message: string, tone?: Toast['tone']): void;
  dismissToast(id: number): void;
  tick(now: number): void;
  /** Back to the first screen, for a freshly opened profile. */
  resetForProfile(): void;
}

const EXERCISE_HASH = /^#\/exercises\/([0-9a-f-]{36})$/;
const ASSET_HASH = /^#\/library\/([0-9a-f-]{36})$/;
const COMPARE_HASH = /^#\/compare\/([0-9a-f-]{36})\?(.*)$/;
const UUID = /^[0-9a-f-]{36}$/;

export function parseHash(hash: string): Route {
  const exercise = EXERCISE_HASH.exec(hash);
  if (exercise?.[1]) return { name: 'exercise', id: exercise[1] };
  const asset = ASSET_HASH.exec(hash);
  if (asset?.[1]) return { name: 'asset', id: asset[1] };
  const compare = COMPARE_HASH.exec(hash);
  if (compare?.[1]) {
    const query = new URLSearchParams(compare[2]);
    const a = query.get('a') ?? '';
    const b = query.get('b') ?? '';
    if (UUID.test(a) && UUID.test(b)) {
      return { name: 'compare', exercise: compare[1], a, b, ...(query.get('probe') === '1' ? { probe: true } : {}) };
    }
    return { name: 'exercise', id: compare[1] };
  }
  if (hash === '#/stack') return { name: 'stack' };
  if (hash === '#/library') return { name: 'library' };
  if (hash === '#/settings') return { name: 'settings' };
  if (hash === '#/sync') return { name: 'sync' };
  return { name: 'exercises' };
}

export function routeHash(route: Route): string {
  if (route.name === 'exercise') return `#/exercises/${route.id}`;
  if (route.name === 'asset') return `#/library/${route.id}`;
  if (route.name === 'compare') return `#/compare/${route.exercise}?a=${route.a}&b=${route.b}${route.probe ? '&probe=1' : ''}`;
  return `#/${route.name}`;
}

const sameRoute = (a: Route, b: Route) => routeHash(a) === routeHash(b);

/** The address bar, where there is one (not in unit tests). */
const address = (): Location | null => (typeof location === 'undefined' ? null : location);

function initialRoute(): Route {
  return parseHash(address()?.hash ?? '');
}

function writeHash(route: Route): void {
  const where = address();
  const hash = routeHash(route);
  if (where && where.hash !== hash) where.hash = hash;
}

export const useUiStore = create<UiState>()((set, get) => ({
  route: initialRoute(),
  backTo: 'exercises',
  shortcutsOpen: false,
  switchProfileOpen: false,
  toasts: [],
  nextToastId: 1,
  now: Date.now(),

  navigate(route) {
    const { route: current } = get();
    if (!sameRoute(route, current)) {
      set({
        route,
        backTo: (route.name === 'exercise' || route.name === 'compare') && (current.name === 'exercises' || current.name === 'stack') ? current.name : get().backTo,
      });
    }
    writeHash(route);
  },

  followHash(hash) {
    const route = parseHash(hash);
    if (!sameRoute(route, get().route)) get().navigate(route);
  },

  back() {
    // A video's page belongs to the library; a comparison to its exercise; an exercise to the list it was opened from.
    const { route } = get();
    if (route.name === 'compare') get().navigate({ name: 'exercise', id: route.exercise });
    else get().navigate({ name: route.name === 'asset' ? 'library' : get().backTo });
  },

  setShortcutsOpen: (shortcutsOpen) => set({ shortcutsOpen }),
  setSwitchProfileOpen: (switchProfileOpen) => set({ switchProfileOpen }),

  toast(message, tone = 'info') {
    const id = get().nextToastId;
    set((s) => ({ nextToastId: id + 1, toasts: [...s.toasts.slice(-3), { id, tone, message }] }));
  },

  dismissToast: (id) => set((s) => ({ toasts: s.toasts.filter((t) => t.id !== id) })),

  tick: (now) => set({ now }),

  resetForProfile() {
    set({ backTo: 'exercises', shortcutsOpen: false, switchProfileOpen: false, toasts: [] });
    get().navigate({ name: 'exercises' });
  },
}));
