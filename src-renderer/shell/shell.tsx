import { useEffect, useRef } from 'react';
import { ShortcutsDialog } from '../components/shortcuts-dialog';
import { Toasts } from '../components/toasts';
import { AssetScreen } from '../screens/asset/asset-screen';
import { CompareScreen } from '../screens/compare/compare-screen';
import { ExerciseScreen } from '../screens/exercise/exercise-screen';
import { ExercisesScreen } from '../screens/exercises-screen';
import { LibraryScreen } from '../screens/library-screen';
import { SettingsScreen } from '../screens/settings-screen';
import { StackScreen } from '../screens/stack-screen';
import { SyncScreen } from '../screens/sync-screen';
import { SwitchProfileDialog } from '../screens/switch-profile-dialog';
import { useJobsStore } from '../stores/jobs-store';
import { useRecordingsStore } from '../stores/recordings-store';
import { useSyncStore } from '../stores/sync-store';
import { useUiStore, type Route } from '../stores/ui-store';
import { JobsTray } from './jobs-tray';
import { RecoveryBanner } from './recovery-banner';
import { Sidebar } from './sidebar';

/** The sidebar and one screen. */
export function Shell() {
  const route = useUiStore((s) => s.route);
  const shortcutsOpen = useUiStore((s) => s.shortcutsOpen);
  const setShortcutsOpen = useUiStore((s) => s.setShortcutsOpen);
  const switchOpen = useUiStore((s) => s.switchProfileOpen);
  const setSwitchOpen = useUiStore((s) => s.setSwitchProfileOpen);
  const mainRef = useFocusOnNavigation(route);
  const loadJobs = useJobsStore((s) => s.load);
  const loadRecoverable = useRecordingsStore((s) => s.loadRecoverable);
  const loadSync = useSyncStore((s) => s.load);

  // The shell mounts once per open profile: pick up work already under way, takes a crash cut short,
  // and where sync stands (events keep it current from here).
  useEffect(() => {
    void loadJobs();
    void loadRecoverable();
    void loadSync();
  }, [loadJobs, loadRecoverable, loadSync]);

  return (
    <div className="shell">
      <Sidebar />
      <div className="shell-main" ref={mainRef}>
        <RecoveryBanner />
        <div className="shell-screen">
          {route.name === 'exercises' && <ExercisesScreen />}
          {route.name === 'stack' && <StackScreen />}
          {route.name === 'library' && <LibraryScreen />}
          {route.name === 'settings' && <SettingsScreen />}
          {route.name === 'sync' && <SyncScreen />}
          {route.name === 'exercise' && <ExerciseScreen key={route.id} id={route.id} />}
          {route.name === 'asset' && <AssetScreen key={route.id} id={route.id} />}
          {route.name === 'compare' && <CompareScreen key={`${route.exercise}:${route.a}:${route.b}`} exercise={route.exercise} a={route.a} b={route.b} probe={route.probe} />}
        </div>
        <JobsTray />
      </div>
      {shortcutsOpen && <ShortcutsDialog onClose={() => setShortcutsOpen(false)} />}
      {switchOpen && <SwitchProfileDialog onClose={() => setSwitchOpen(false)} />}
      <Toasts />
    </div>
  );
}

/**
 * Moves focus with the screen, so keyboard and screen-reader users land on what opened: back on a
 * list, the row of the exercise (or the cell of the video) just left; otherwise the new screen itself.
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
    const row =
      from.name === 'exercise'
        ? root.querySelector<HTMLElement>(`[data-exercise-id="${from.id}"] .row-link`)
        : from.name === 'asset'
          ? root.querySelector<HTMLElement>(`[data-asset-id="${from.id}"] .asset-link`)
          : null;
    (row ?? root.querySelector<HTMLElement>('main'))?.focus({ preventScroll: !row });
    // The route is a new object only when the screen changes (the UI store keeps it otherwise).
  }, [route]);

  return container;
}
