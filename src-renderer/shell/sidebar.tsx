import type { ComponentType, SVGProps } from 'react';
import { Avatar } from '../components/chips';
import { ExercisesIcon, KeyboardIcon, LibraryIcon, SettingsIcon, StackIcon, SwitchIcon } from '../components/icons';
import { ROLE_LABEL } from '../lib/format';
import { useProfileStore } from '../stores/profile-store';
import { routeHash, useUiStore, type ListScreen } from '../stores/ui-store';
import { SyncIndicator } from './sync-indicator';

const NAV: { screen: ListScreen; label: string; icon: ComponentType<SVGProps<SVGSVGElement>> }[] = [
  { screen: 'library', label: 'Library', icon: LibraryIcon },
  { screen: 'stack', label: 'Stack', icon: StackIcon },
  { screen: 'exercises', label: 'Exercises', icon: ExercisesIcon },
];

export function Sidebar() {
  const profile = useProfileStore((s) => s.current);
  const route = useUiStore((s) => s.route);
  const backTo = useUiStore((s) => s.backTo);
  const navigate = useUiStore((s) => s.navigate);
  const openSwitch = useUiStore((s) => s.setSwitchProfileOpen);
  const openShortcuts = useUiStore((s) => s.setShortcutsOpen);
  // An open exercise belongs to the list it was opened from; a video's page to the library.
  const section = route.name === 'exercise' ? backTo : route.name === 'asset' ? 'library' : route.name;

  return (
    <aside className="sidebar">
      {profile && (
        <div className="sidebar-profile" aria-label="Your profile" role="group">
          <Avatar name={profile.user.displayName} />
          <div className="sidebar-profile-text">
            <span className="sidebar-profile-name" data-testid="current-profile-name">
              {profile.user.displayName}
            </span>
            <span className="sidebar-profile-role">{ROLE_LABEL[profile.user.role]}</span>
          </div>
          <button type="button" className="icon-button sidebar-switch" aria-label="Switch profile" title="Switch profile" onClick={() => openSwitch(true)}>
            <SwitchIcon />
          </button>
        </div>
      )}

      <nav className="sidebar-nav" aria-label="Main">
        <ul>
          {NAV.map(({ screen, label, icon: Icon }) => (
            <li key={screen}>
              <a
                href={routeHash({ name: screen })}
                className="nav-link"
                aria-current={section === screen ? 'page' : undefined}
                title={label}
                onClick={(event) => {
                  event.preventDefault();
                  navigate({ name: screen });
                }}
              >
                <Icon />
                <span className="nav-label">{label}</span>
              </a>
            </li>
          ))}
        </ul>
      </nav>

      <div className="sidebar-foot">
        <button type="button" className="nav-link nav-button" onClick={() => openShortcuts(true)} title="Keyboard shortcuts (?)">
          <KeyboardIcon />
          <span className="nav-label">Shortcuts</span>
        </button>
        <a
          href={routeHash({ name: 'settings' })}
          className="nav-link nav-button"
          aria-current={route.name === 'settings' ? 'page' : undefined}
          title="Settings"
          onClick={(event) => {
            event.preventDefault();
            navigate({ name: 'settings' });
          }}
        >
          <SettingsIcon />
          <span className="nav-label">Settings</span>
        </a>
        <SyncIndicator />
      </div>
    </aside>
  );
}
