/**
 * A Coachframe core in a process of its own, for crash tests: it opens (or creates) a profile in the
 * given data folder, says "ready", then imports a file, records one in chunks, or exports a comparison.
 * The test kills it with SIGKILL at a random moment and checks what the next start finds.
 *   node --import tsx tests/support/crash-child.ts <dataDir> import|record <file>
 *   node --import tsx tests/support/crash-child.ts <dataDir> export <video> <second video> <destination.mp4>
 * (export: the first run imports both videos as an exercise's model and a video note, before "ready").
 */
import { readFileSync } from 'node:fs';
import { Core } from '../../src-main/core/core';
import { FileSecretStore, FileSettings } from '../../src-main/web/file-settings';
import { MIGRATIONS_DIR } from './world';

const [dataDir, mode, file, second, destination] = process.argv.slice(2) as [string, 'import' | 'record' | 'export', string, string?, string?];
const core = new Core({ dataDir, migrationsDir: MIGRATIONS_DIR, settings: new FileSettings(dataDir), secrets: new FileSecretStore(dataDir) });
const call = async (channel: string, input: unknown, bytes?: Uint8Array) => {
  const r = await core.dispatch(channel, input, { shell: 'web' }, bytes);
  if (!r.ok) throw new Error(`${channel}: ${r.error.message}`);
  return r.value as Record<string, unknown>;
};
const idle = async () => {
  while (core.runningJobs() > 0) await new Promise((r) => setTimeout(r, 10));
};
if (!(await call('profiles.current', {}))) await call('profiles.create', { username: 'crash.test', displayName: 'Crash Test', role: 'coach' });
let exportInput: Record<string, unknown> | null = null;
if (mode === 'export') {
  const { items } = (await call('exercises.list', {})) as unknown as { items: { id: string; videoAsset: string }[] };
  let exercise = items[0];
  if (!exercise) {
    await call('assets.import', { paths: [file, second] });
    await idle();
    const assets = (await call('assets.list', {})) as unknown as { id: string; origFilename: string }[];
    const id = (name: string) => assets.find((a) => name.endsWith(a.origFilename))!.id;
    exercise = (await call('exercises.create', { name: 'Serve', videoAsset: id(file) })) as unknown as { id: string; videoAsset: string };
    await call('comments.create', { exercise: exercise.id, videoAsset: id(second!), text: 'Watch this' });
  }
  const comments = (await call('comments.list', { exercise: exercise.id })) as unknown as { videoAsset: string | null }[];
  exportInput = {
    exercise: exercise.id,
    originalVideo: exercise.videoAsset,
    feedbackVideo: comments.find((c) => c.videoAsset)!.videoAsset,
    originalOffset: 0,
    feedbackOffset: 0,
    layout: 'side-by-side',
    range: null,
    audio: 'both',
    path: destination,
  };
}
process.stdout.write('ready\n');
if (exportInput) {
  await call('comparisons.export', exportInput);
} else if (mode === 'import') {
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
await idle();
process.stdout.write('finished\n');
core.close();
