import { useEffect, useRef } from 'react';
import { ShortcutsDialog } from '../components/shortcuts-dialog';
import { Toasts } from '../components/toasts';
import { ExerciseScreen } from '../screens/exercise/exercise-screen';
import { ExercisesScreen } from '../screens/exercises-screen';
import { LibraryScreen } from '../screens/library-screen';
import { StackScreen } from '../screens/stack-screen';
import { SwitchProfileDialog } from '../screens/switch-profile-dialog';
import { useUiStore, type Route } from '../stores/ui-store';
import { Sidebar } from './sidebar';

/** The sidebar and one screen. */
export function Shell() {
  const route = useUiStore((s) => s.route);
  const shortcutsOpen = useUiStore((s) => s.shortcutsOpen);
  const setShortcutsOpen = useUiStore((s) => s.setShortcutsOpen);
  const switchOpen = useUiStore((s) => s.switchProfileOpen);
  const setSwitchOpen = useUiStore((s) => s.setSwitchProfileOpen);
  const mainRef = useFocusOnNavigation(route);

  return (
    <div className="shell">
      <Sidebar />
      <div className="shell-main" ref={mainRef}>
        {route.name === 'exercises' && <ExercisesScreen />}
        {route.name === 'stack' && <StackScreen />}
        {route.name === 'library' && <LibraryScreen />}
        {route.name === 'exercise' && <ExerciseScreen key={route.id} id={route.id} />}
      </div>
      {shortcutsOpen && <ShortcutsDialog onClose={() => setShortcutsOpen(false)} />}
      {switchOpen && <SwitchProfileDialog onClose={() => setSwitchOpen(false)} />}
      <Toasts />
    </div>
  );
}

/**
 * Moves focus with the screen, so keyboard and screen-reader users land on what opened: back on a
 * list, the row of the exercise just left; otherwise the new screen itself.
 */
function useFocusOnNavigation(route: Route) {
  const container = useRef<HTMLDivElement>(null);
  const previous = useRef<Route | null>(null);

  useEffect(() => {
    const from = previous.current;
    previous.current = route;
    const root = container.current;
    // The first screen after launch keeps the browser's own focus.
    if (!from || !root) return;
    const row = from.name === 'exercise' ? root.querySelector<HTMLElement>(`[data-exercise-id="${from.id}"] .row-link`) : null;
    (row ?? root.querySelector<HTMLElement>('main'))?.focus({ preventScroll: !row });
    // The route is a new object only when the screen changes (the UI store keeps it otherwise).
  }, [route]);

  return container;
}
