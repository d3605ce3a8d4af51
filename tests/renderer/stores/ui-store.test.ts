import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { applyAppShow } from '../../../src-renderer/stores/live-updates';
import { routeHash, useUiStore, type LeaveGuard, type Route } from '../../../src-renderer/stores/ui-store';

const EXERCISE = '0b7c2a52-5f3e-4d7a-9d7e-1f2a3b4c5d6e';
const A = '1c8d3b63-6f4f-4e8b-8e8f-2a3b4c5d6e7f';
const B = '2d9e4c74-7a5a-4f9c-9f9a-3b4c5d6e7f80';
const COMPARE: Route = { name: 'compare', exercise: EXERCISE, a: A, b: B };

/** A screen with unsent work: holds every navigation, and keeps the way to leave it asked for. */
function holdingScreen() {
  const asked: (() => void)[] = [];
  const guard: LeaveGuard = (leave) => {
    asked.push(leave);
    return false;
  };
  return { guard, asked };
}

beforeEach(() => {
  useUiStore.setState({ leaveGuard: null, switchProfileOpen: false });
  useUiStore.getState().resetForProfile();
  useUiStore.getState().navigate({ name: 'exercises' });
});
afterEach(() => vi.unstubAllGlobals());

describe('leaving a screen', () => {
  it('goes at once when the screen has no guard, or its guard lets it go', () => {
    const ui = useUiStore.getState();
    ui.navigate(COMPARE);
    expect(useUiStore.getState().route).toEqual(COMPARE);
    const off = ui.setLeaveGuard(() => true);
    ui.navigate({ name: 'library' });
    expect(useUiStore.getState().route).toEqual({ name: 'library' });
    off();
  });

  it('stays while the guard asks, goes when the person agrees, and does not ask twice', () => {
    const ui = useUiStore.getState();
    ui.navigate(COMPARE);
    const screen = holdingScreen();
    ui.setLeaveGuard(screen.guard);

    ui.navigate({ name: 'library' });
    expect(useUiStore.getState().route).toEqual(COMPARE);
    expect(screen.asked).toHaveLength(1);

    // The person agrees: the navigation asked for happens, without asking the guard again.
    screen.asked[0]!();
    expect(useUiStore.getState().route).toEqual({ name: 'library' });
    expect(screen.asked).toHaveLength(1);
  });

  it('asks for every way out: the sidebar, Back and Esc, the address bar, the desktop menu, Switch profile', () => {
    const ui = useUiStore.getState();
    ui.navigate(COMPARE);
    const screen = holdingScreen();
    ui.setLeaveGuard(screen.guard);

    ui.navigate({ name: 'stack' });
    ui.back();
    ui.followHash('#/settings');
    applyAppShow({ screen: 'sync' });
    ui.setSwitchProfileOpen(true);
    expect(screen.asked).toHaveLength(5);
    expect(useUiStore.getState().route).toEqual(COMPARE);
    expect(useUiStore.getState().switchProfileOpen).toBe(false);

    // Agreeing to the last: the Switch profile dialog opens. Closing it asks nothing.
    screen.asked[4]!();
    expect(useUiStore.getState().switchProfileOpen).toBe(true);
    ui.setSwitchProfileOpen(false);
    expect(useUiStore.getState().switchProfileOpen).toBe(false);
    expect(screen.asked).toHaveLength(5);

    // Agreeing to Back: the comparison's exercise.
    screen.asked[1]!();
    expect(useUiStore.getState().route).toEqual({ name: 'exercise', id: EXERCISE });
  });

  it('asks nothing for the screen already on display, nor after a profile switch (the old profile is gone)', () => {
    const ui = useUiStore.getState();
    ui.navigate(COMPARE);
    const screen = holdingScreen();
    ui.setLeaveGuard(screen.guard);
    ui.navigate({ ...COMPARE });
    ui.followHash(routeHash(COMPARE));
    expect(screen.asked).toHaveLength(0);
    ui.resetForProfile();
    expect(useUiStore.getState().route).toEqual({ name: 'exercises' });
    expect(screen.asked).toHaveLength(0);
  });

  it('a removed guard asks no more, and removing an older one leaves the newer in place', () => {
    const ui = useUiStore.getState();
    const first = holdingScreen();
    const second = holdingScreen();
    const offFirst = ui.setLeaveGuard(first.guard);
    const offSecond = ui.setLeaveGuard(second.guard);
    offFirst();
    ui.navigate({ name: 'library' });
    expect(first.asked).toHaveLength(0);
    expect(second.asked).toHaveLength(1);
    offSecond();
    ui.navigate({ name: 'library' });
    expect(useUiStore.getState().route).toEqual({ name: 'library' });
  });

  it('puts the address back while the screen asks, and follows it once the person agrees', () => {
    const here = routeHash(COMPARE);
    const where = { hash: here };
    const pushState = vi.fn((_state: unknown, _title: string, url: string) => {
      where.hash = url;
    });
    vi.stubGlobal('location', where);
    vi.stubGlobal('history', { state: null, pushState });
    const ui = useUiStore.getState();
    ui.navigate(COMPARE);
    const screen = holdingScreen();
    ui.setLeaveGuard(screen.guard);

    // Back in the web host: the address is the list's already when the app hears of it.
    where.hash = '#/stack';
    ui.followHash('#/stack');
    expect(useUiStore.getState().route).toEqual(COMPARE);
    expect(pushState).toHaveBeenCalledWith(null, '', here);
    expect(where.hash).toBe(here);

    screen.asked[0]!();
    expect(useUiStore.getState().route).toEqual({ name: 'stack' });
    expect(where.hash).toBe('#/stack');
  });
});
