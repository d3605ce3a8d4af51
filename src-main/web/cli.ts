/**
 * `npm run web -- [--port N] [--data-dir DIR] [--token T] [--demo]`: the developer shell. Serves the
 * built renderer and every channel on 127.0.0.1 to whoever opens the printed URL.
 */
import { mkdirSync } from 'node:fs';
import { homedir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { fillDemoWorld } from '../core/demo/demo-world';
import { startWebHost } from './server';

const { values } = parseArgs({
  options: {
    port: { type: 'string', default: '5190' },
    'data-dir': { type: 'string' },
    token: { type: 'string' },
    demo: { type: 'boolean', default: false },
  },
});

const port = Number(values.port);
if (!Number.isInteger(port) || port < 0 || port > 65535) {
  console.error(`--port must be a number from 0 to 65535, not “${values.port}”.`);
  process.exit(2);
}
const dataDir = resolve(values['data-dir'] ?? join(homedir(), '.coachframe-web'));
mkdirSync(dataDir, { recursive: true });

const host = await startWebHost({ port, dataDir, token: values.token, log: (line) => console.error(line) });

if (values.demo) {
  const core = host.core;
  const existing = core.profiles.list();
  if (existing.some((p) => p.user.username === 'dana.reyes')) {
    console.log('Demo profile already present; opening it.');
    await core.dispatch('profiles.switch', { id: existing.find((p) => p.user.username === 'dana.reyes')!.user.id }, { shell: 'web' });
  } else {
    const created = await core.dispatch('profiles.create', { username: 'dana.reyes', displayName: 'Dana Reyes', role: 'coach' }, { shell: 'web' });
    if (!created.ok) throw new Error(created.error.message);
    process.stdout.write('Generating demo videos with ffmpeg… ');
    await fillDemoWorld(core);
    console.log('done.');
  }
}

console.log(`
Coachframe web host (a developer tool) — data in ${dataDir}
Secrets are kept in ${join(dataDir, 'secrets.json')} with 0600 permissions, NOT encrypted.
Logs (redacted, one file a day, never the token): ${join(dataDir, 'logs')}

  Open: ${host.url}
`);

const stop = () => {
  void host.close().then(() => process.exit(0));
};
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
