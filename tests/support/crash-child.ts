/**
 * A Coachframe core in a process of its own, for crash tests: it opens (or creates) a profile in the
 * given data folder, says "ready", then imports a file or records one in chunks. The test kills it with
 * SIGKILL at a random moment and checks what the next start finds.
 *   node --import tsx tests/support/crash-child.ts <dataDir> import|record <file>
 */
import { readFileSync } from 'node:fs';
import { Core } from '../../src-main/core/core';
import { FileSecretStore, FileSettings } from '../../src-main/web/file-settings';
import { MIGRATIONS_DIR } from './world';

const [dataDir, mode, file] = process.argv.slice(2) as [string, 'import' | 'record', string];
const core = new Core({ dataDir, migrationsDir: MIGRATIONS_DIR, settings: new FileSettings(dataDir), secrets: new FileSecretStore(dataDir) });
const call = async (channel: string, input: unknown, bytes?: Uint8Array) => {
  const r = await core.dispatch(channel, input, { shell: 'web' }, bytes);
  if (!r.ok) throw new Error(`${channel}: ${r.error.message}`);
  return r.value as Record<string, unknown>;
};
if (!(await call('profiles.current', {}))) await call('profiles.create', { username: 'crash.test', displayName: 'Crash Test', role: 'coach' });
process.stdout.write('ready\n');
if (mode === 'import') {
  const [job] = (await call('assets.import', { paths: [file] })) as unknown as { id: string }[];
  await new Promise<void>((resolve) => core.onEvent((event, info) => event === 'job.done' && (info as { id: string }).id === job!.id && resolve()));
} else {
  const bytes = readFileSync(file);
  const { id } = await call('recordings.start', { mimeType: 'video/webm' });
  const parts = 6;
  for (let seq = 0; seq < parts; seq++) {
    await call('recordings.append', { id, seq }, new Uint8Array(bytes.subarray(Math.floor((seq * bytes.length) / parts), Math.floor(((seq + 1) * bytes.length) / parts))));
  }
  await call('recordings.finish', { id, reply: null });
}
while (core.runningJobs() > 0) await new Promise((r) => setTimeout(r, 10));
process.stdout.write('finished\n');
core.close();
