import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startCloud, type RunningCloud } from '../../src-main/cloud/server';
import type { CoreOptions } from '../../src-main/core/core';
import type { JobInfo } from '../../src-shared/contract/media';
import type { SyncStatus } from '../../src-shared/contract/sync';
import { MIGRATIONS_DIR, makeCore } from './world';
import type { StartedS3 } from './s3-servers';

export const PASSWORD = 'correct horse battery';

/** The reference cloud on a fresh folder, in front of the given S3. */
export async function makeCloud(s3: StartedS3, extra: { publicEndpoint?: string } = {}): Promise<RunningCloud & { dir: string }> {
  const dir = mkdtempSync(join(tmpdir(), 'coachframe-cloud-'));
  const cloud = await startCloud({
    dataDir: dir,
    migrationsDir: MIGRATIONS_DIR,
    s3: { endpoint: s3.endpoint, region: s3.region, bucket: s3.bucket, accessKeyId: s3.accessKeyId, secretAccessKey: s3.secretAccessKey, ...extra },
  });
  const stop = cloud.close.bind(cloud);
  return Object.assign(cloud, {
    dir,
    close: async () => {
      await stop();
      rmSync(dir, { recursive: true, force: true });
    },
  });
}

/**
 * A desktop client: its own Core, data folder and media, one profile, with sync timings short enough
 * for tests. `call` throws the core's error message; `sync()` runs a pass and waits for it.
 */
export async function makeClient(
  name: string,
  role: 'coach' | 'student',
  options: { fetch?: typeof fetch; timeoutMs?: number; timing?: NonNullable<CoreOptions['sync']>['timing'] } = {},
) {
  const harness = makeCore({
    sync: {
      fetch: options.fetch,
      timeoutMs: options.timeoutMs ?? 5000,
      // Passes are run by the tests themselves unless a test asks for the scheduler's own timing.
      timing: options.timing ?? { debounceMs: 3_600_000, periodMs: 3_600_000, backoffBaseMs: 3_600_000 },
    },
  });
  const call = async <T = unknown>(channel: string, input: unknown = {}): Promise<T> => {
    const result = await harness.core.dispatch(channel, input, { shell: 'web' });
    if (!result.ok) throw Object.assign(new Error(`${name} ${channel}: ${result.error.code}: ${result.error.message}`), { code: result.error.code });
    return result.value as T;
  };
  const profile = await call<{ user: { id: string } }>('profiles.create', { username: name, displayName: name[0]!.toUpperCase() + name.slice(1), role });
  const idle = async (timeoutMs = 60_000) => {
    const end = Date.now() + timeoutMs;
    while (harness.core.runningJobs() > 0) {
      if (Date.now() > end) throw new Error(`${name}: jobs still running`);
      await new Promise((r) => setTimeout(r, 20));
    }
  };
  /** Imports a video and waits for it (and its processing) to finish; answers the asset id. */
  const importVideo = async (file: string): Promise<string> => {
    const [job] = await call<JobInfo[]>('assets.import', { paths: [file] });
    await idle();
    const assets = harness.core.store().db.prepare('SELECT id FROM core_videoasset WHERE orig_filename = ? ORDER BY created_at DESC').all(file.split('/').pop()) as { id: string }[];
    if (!assets[0]) throw new Error(`${name}: import of ${file} made no asset (${job?.label})`);
    return assets[0].id;
  };
  return {
    ...harness,
    name,
    id: profile.user.id,
    call,
    idle,
    importVideo,
    status: () => call<SyncStatus>('sync.status'),
    /** One full pass (push, pull, background downloads), waited for. */
    sync: async () => {
      await harness.core.sync().syncOnce();
      await idle();
    },
    db: () => harness.core.store().db,
  };
}
export type Client = Awaited<ReturnType<typeof makeClient>>;

/**
 * Another device of an existing account: a fresh Core whose profile is made by signing in
 * (`sync.signInNewProfile`), with the account's id, and which pulls the account's data.
 */
export async function makeDevice(cloudUrl: string, username: string, role: 'coach' | 'student', options: { fetch?: typeof fetch } = {}) {
  const client = await makeClient(`${username}-device`, role, options);
  // makeClient made a local profile; a device of an existing account is another one, made by signing in.
  const profile = await client.call<{ user: { id: string } }>('sync.signInNewProfile', { cloudUrl, username, password: PASSWORD });
  await client.sync();
  return { ...client, id: profile.user.id, name: `${username} (device 2)` };
}
