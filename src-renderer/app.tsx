import { useEffect } from 'react';
import { ErrorState } from './components/states';
import { isTypingTarget, modalOpen } from './lib/keys';
import { WelcomeScreen } from './screens/welcome-screen';
import { Shell } from './shell/shell';
import { useProfileStore } from './stores/profile-store';
import { useUiStore } from './stores/ui-store';

/** Relative times ("2 min ago") are recomputed this often. */
const CLOCK_TICK_MS = 30_000;

export function App() {
  const status = useProfileStore((s) => s.status);
  const profile = useProfileStore((s) => s.current);
  const error = useProfileStore((s) => s.error);
  const load = useProfileStore((s) => s.load);

  // The profile and the settings are first asked for, and live updates connected, at launch (main.tsx).
  useClock();
  useAddressBar();
  useGlobalShortcuts(profile !== null);

  if (status === 'loading' && !profile) {
    return (
      <div className="boot" aria-busy="true" aria-label="Opening Coachframe">
        <span className="brand-mark" aria-hidden="true" />
      </div>
    );
  }
  if (status === 'error' && !profile) {
    return (
      <main className="boot">
        <ErrorState title="Coachframe couldn’t open your profiles" message={error ?? ''} onRetry={() => void load()} />
      </main>
    );
  }
  if (!profile) return <WelcomeScreen />;
  // Keyed by profile: switching starts every screen afresh (search text, drafts, scroll).
  return <Shell key={profile.user.id} />;
}

function useClock() {
  const tick = useUiStore((s) => s.tick);
  useEffect(() => {
    const timer = window.setInterval(() => tick(Date.now()), CLOCK_TICK_MS);
    const onVisible = () => document.visibilityState === 'visible' && tick(Date.now());
    document.addEventListener('visibilitychange', onVisible);
    return () => {
      window.clearInterval(timer);
      document.removeEventListener('visibilitychange', onVisible);
    };
  }, [tick]);
}

/** Back/forward and reloads (the web host) follow the address; navigating writes it. */
function useAddressBar() {
  const followHash = useUiStore((s) => s.followHash);
  useEffect(() => {
    const onHash = () => followHash(window.location.hash);
    window.addEventListener('hashchange', onHash);
    return () => window.removeEventListener('hashchange', onHash);
  }, [followHash]);
}

/** `?` shortcuts, `/` search, Esc: leave a field, or go back from an exercise or a video. */
function useGlobalShortcuts(enabled: boolean) {
  useEffect(() => {
    if (!enabled) return;
    function onKey(event: KeyboardEvent) {
      if (event.defaultPrevented || event.ctrlKey || event.metaKey || event.altKey) return;
      // A modal owns the keyboard; its own Esc closes it.
      if (modalOpen()) return;
      const ui = useUiStore.getState();
      const typing = isTypingTarget(event.target);
      if (event.key === 'Escape') {
        if (typing && event.target instanceof HTMLElement) {
          event.target.blur();
        } else if (ui.route.name === 'exercise' || ui.route.name === 'asset' || ui.route.name === 'compare') {
          ui.back();
        } else return;
        event.preventDefault();
        return;
      }
      if (typing) return;
      if (event.key === '?') {
        event.preventDefault();
        ui.setShortcutsOpen(true);
      } else if (event.key === '/') {
        const search = document.querySelector<HTMLInputElement>('.shell-main input[type="search"]');
        if (search) {
          event.preventDefault();
          search.focus();
          search.select();
        }
      }
    }
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [enabled]);
}
