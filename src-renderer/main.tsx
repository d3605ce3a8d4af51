import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './app';
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
  createRoot(container).render(
    <StrictMode>
      <App />
    </StrictMode>,
  );
}
