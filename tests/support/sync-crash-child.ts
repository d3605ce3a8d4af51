/**
 * A desktop client in a process of its own, for sync crash tests; the test kills it with SIGKILL at
 * random moments and checks what the cloud and the next start find.
 *   node --import tsx tests/support/sync-crash-child.ts <dataDir> <cloudUrl> setup|work|finish [file]
 * setup: make a coach profile named [file] and register it (no sync yet). work: write a few records (and import
 * `file` once when given), then sync until nothing is left; it prints "ready" when it has begun, and
 * "parts <n>" for the parts it sent. finish: sync until nothing is left and print "converged".
 */
import { Core } from '../../src-main/core/core';
import { FileSecretStore, FileSettings } from '../../src-main/web/file-settings';
import { MIGRATIONS_DIR } from './world';

const [dataDir, cloudUrl, mode, file] = process.argv.slice(2) as [string, string, 'setup' | 'work' | 'finish', string | undefined];
const core = new Core({
  dataDir,
  migrationsDir: MIGRATIONS_DIR,
  settings: new FileSettings(dataDir),
  secrets: new FileSecretStore(dataDir),
  // The scheduler's own passes stay out of the way: this script runs them.
  sync: { timeoutMs: 5000, timing: { debounceMs: 3_600_000, periodMs: 3_600_000, backoffBaseMs: 3_600_000 } },
});
const call = async (channel: string, input: unknown = {}) => {
  const r = await core.dispatch(channel, input, { shell: 'web' });
  if (!r.ok) throw new Error(`${channel}: ${r.error.message}`);
  return r.value as Record<string, unknown>;
};
const idle = async () => {
  while (core.runningJobs() > 0) await new Promise((r) => setTimeout(r, 10));
};

if (mode === 'setup') {
  await call('profiles.create', { username: file ?? 'crash.coach', displayName: 'Crash Coach', role: 'coach' });
  await call('sync.register', { cloudUrl, password: 'correct horse battery' });
  await call('sync.pause');
  process.stdout.write('ready\n');
} else {
  process.stdout.write('ready\n');
  const sync = core.sync();
  // KILL_AFTER_PARTS=n: SIGKILL ourselves the moment n parts of an upload are recorded as finished
  // (as abrupt as a kill from outside, but at a chosen point of a fast local upload).
  const killAfter = Number(process.env['KILL_AFTER_PARTS'] ?? 0);
  if (killAfter > 0) {
    const db = core.store().db;
    setInterval(() => {
      if ((db.prepare('SELECT count(*) AS n FROM sync_upload_part').get() as { n: number }).n >= killAfter) process.kill(process.pid, 'SIGKILL');
    }, 1).unref();
  }
  if (mode === 'work') {
    const stamp = `${process.pid}-${Date.now()}`;
    for (let i = 0; i < 3; i++) {
      const ex = (await call('exercises.create', { name: `Drill ${stamp}-${i}`, description: 'written before a crash' })) as { id: string };
      await call('comments.create', { exercise: ex.id, text: `note ${i}` });
    }
    if (file) {
      await call('assets.import', { paths: [file] });
      await idle();
    }
  }
  let parts = 0;
  for (let pass = 0; pass < 20; pass++) {
    try {
      const result = await sync.syncOnce();
      if (!result) throw new Error('not signed in');
      parts += result.uploadedParts;
      process.stdout.write(`parts ${parts}\n`);
      if (sync.status().pending === 0) break;
    } catch (error) {
      process.stderr.write(`pass failed: ${(error as Error).message}\n`);
      await new Promise((r) => setTimeout(r, 100));
    }
  }
  process.stdout.write('converged\n');
}
await idle();
core.close();
