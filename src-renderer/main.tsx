import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './app';
import { connectLiveUpdates } from './stores/live-updates';
import { useProfileStore } from './stores/profile-store';
import { useSettingsStore } from './stores/settings-store';
import './styles.css';

const container = document.getElementById('root');
if (!container) throw new Error('index.html has no #root');

if (typeof window.api === 'undefined') {
  // Neither shell installed the bridge: say so plainly instead of failing on the first call.
  container.textContent = '';
  const message = document.createElement('p');
  message.className = 'boot-message';
  message.textContent = 'Coachframe couldn’t connect to its data. Close this window and start the app again.';
  container.append(message);
} else {
  // Listening first, then asking, both before the first render: no change pushed meanwhile is
  // missed, and the answers travel while React renders and the page is styled and painted. (The
  // comparison reads its default layout from the settings.) For the window's life: the stores outlive
  // every render.
  connectLiveUpdates();
  void useProfileStore.getState().load();
  void useSettingsStore.getState().load();
  createRoot(container).render(
    <StrictMode>
      <App />
    </StrictMode>,
  );
}
