import { create } from 'zustand';
import { useCompareStore } from './compare-store';

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

/**
 * A screen's say before the app leaves it (unsent work on it, say). Called with `leave`, it returns
 * true to let the navigation go on at once, or false to hold it: it then asks the person, and calls
 * `leave()` if they agree to go (which navigates without asking again), or nothing if they stay.
 */
export type LeaveGuard = (leave: () => void) => boolean;

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
  /** The guard of the screen on display, if it has one. */
  leaveGuard: LeaveGuard | null;

  /** Goes to another screen, once the screen on display lets it go (see `setLeaveGuard`). */
  navigate(route: Route): void;
  /** Follows the address bar (back/forward in the web host, a reload). */
  followHash(hash: string): void;
  back(): void;
  setShortcutsOpen(open: boolean): void;
  setSwitchProfileOpen(open: boolean): void;
  toast(message: string, tone?: Toast['tone']): void;
  dismissToast(id: number): void;
  tick(now: number): void;
  /** Back to the first screen, for a freshly opened profile (the old one is gone: nothing is asked). */
  resetForProfile(): void;
  /**
   * Sets the guard every navigation away from the screen asks first (the sidebar, Back and Esc, the
   * address bar, the desktop menu's app.show, opening Switch profile). One at a time, the screen on
   * display's; returns its removal, which leaves a newer guard in place.
   */
  setLeaveGuard(guard: LeaveGuard): () => void;
  /** Runs `go` once the screen on display lets it leave: at once (true) or after asking (false). */
  requestLeave(go: () => void): boolean;
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

/**
 * Puts the address back to the screen still on display, after the address bar moved (back in the
 * web host, a link) and the screen held the navigation: a new entry, so no hashchange follows.
 */
function restoreHash(route: Route): void {
  const where = address();
  const hash = routeHash(route);
  if (where && where.hash !== hash && typeof history !== 'undefined') history.pushState(history.state, '', hash);
}

export const useUiStore = create<UiState>()((set, get) => ({
  route: initialRoute(),
  backTo: 'exercises',
  shortcutsOpen: false,
  switchProfileOpen: false,
  toasts: [],
  nextToastId: 1,
  now: Date.now(),
  leaveGuard: null,

  navigate(route) {
    if (sameRoute(route, get().route)) writeHash(route);
    else get().requestLeave(() => go(route));
  },

  followHash(hash) {
    const route = parseHash(hash);
    const current = get().route;
    if (!sameRoute(route, current) && !get().requestLeave(() => go(route))) restoreHash(current);
  },

  back() {
    // A video's page belongs to the library; a comparison to its exercise; an exercise to the list it was opened from.
    const { route } = get();
    if (route.name === 'compare') get().navigate({ name: 'exercise', id: route.exercise });
    else get().navigate({ name: route.name === 'asset' ? 'library' : get().backTo });
  },

  setShortcutsOpen: (shortcutsOpen) => set({ shortcutsOpen }),
  // Switching profile leaves the screen on display: it may ask first.
  setSwitchProfileOpen(open) {
    if (!open) set({ switchProfileOpen: false });
    else get().requestLeave(() => set({ switchProfileOpen: true }));
  },

  toast(message, tone = 'info') {
    const id = get().nextToastId;
    set((s) => ({ nextToastId: id + 1, toasts: [...s.toasts.slice(-3), { id, tone, message }] }));
  },

  dismissToast: (id) => set((s) => ({ toasts: s.toasts.filter((t) => t.id !== id) })),

  tick: (now) => set({ now }),

  resetForProfile() {
    set({ backTo: 'exercises', shortcutsOpen: false, switchProfileOpen: false, toasts: [] });
    go({ name: 'exercises' });
  },

  setLeaveGuard(guard) {
    set({ leaveGuard: guard });
    return () => {
      if (get().leaveGuard === guard) set({ leaveGuard: null });
    };
  },

  requestLeave(leave) {
    const guard = get().leaveGuard;
    if (guard && !guard(leave)) return false;
    leave();
    return true;
  },
}));

/** Shows another screen, asking no one (the guard has had its say). */
function go(route: Route): void {
  const { route: current, backTo } = useUiStore.getState();
  if (!sameRoute(route, current)) {
    // A comparison's data is asked for as the route changes, not after its screen has rendered: the
    // answers travel while it renders (its screen's own open() then finds them on their way).
    if (route.name === 'compare') void useCompareStore.getState().open(route.exercise, route.a, route.b);
    useUiStore.setState({
      route,
      backTo: (route.name === 'exercise' || route.name === 'compare') && (current.name === 'exercises' || current.name === 'stack') ? current.name : backTo,
    });
  }
  writeHash(route);
}
