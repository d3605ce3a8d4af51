import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { ChannelInput, ChannelName, ChannelOutput } from '../../src-shared/contract';
import type { User } from '../../src-shared/domain';
import type { Result } from '../../src-shared/result';
import { Core, type CoreOptions } from '../../src-main/core/core';
import { invokeAs } from '../../src-main/core/dispatch';
import { DEFAULT_APP_SETTINGS, DEFAULT_PROFILE_SETTINGS, type AppSettings, type ProfileSettings, type SecretStore, type Settings } from '../../src-main/core/ports';
import type { ProfileStore, Session } from '../../src-main/core/store';
import type { RemoteRecord } from '../../src-main/core/sync/apply-remote';
import type { FieldValue, SyncEntity } from '../../src-main/core/sync/entities';

export const MIGRATIONS_DIR = resolve(import.meta.dirname, '../../migrations');

export class MemorySettings implements Settings {
  app: AppSettings = { ...DEFAULT_APP_SETTINGS };
  profiles = new Map<string, ProfileSettings>();
  getApp() {
    return { ...this.app };
  }
  setApp(patch: Partial<AppSettings>) {
    this.app = { ...this.app, ...patch };
    return this.getApp();
  }
  getProfile(id: string) {
    return { ...DEFAULT_PROFILE_SETTINGS, ...this.profiles.get(id) };
  }
  setProfile(id: string, patch: Partial<ProfileSettings>) {
    this.profiles.set(id, { ...this.getProfile(id), ...patch });
    return this.getProfile(id);
  }
}

export class MemorySecrets implements SecretStore {
  readonly protection = 'file-permissions' as const;
  private readonly values = new Map<string, string>();
  async get(key: string) {
    return this.values.get(key) ?? null;
  }
  async set(key: string, value: string) {
    this.values.set(key, value);
  }
  async delete(key: string) {
    this.values.delete(key);
  }
}

/** A Core on a fresh temporary data folder; `dispose()` removes it. */
export function makeCore(
  options: Pick<CoreOptions, 'now' | 'ffmpegPath' | 'ffprobePath' | 'sync' | 'log'> & { secrets?: SecretStore } = {},
) {
  const dataDir = mkdtempSync(join(tmpdir(), 'coachframe-test-'));
  const settings = new MemorySettings();
  const core = new Core({ dataDir, migrationsDir: MIGRATIONS_DIR, settings, secrets: new MemorySecrets(), checkOutputs: true, ...options });
  return {
    core,
    dataDir,
    settings,
    dispose() {
      core.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

let clock = Date.parse('2026-01-01T00:00:00.000Z');
/** Stamps for records "from the cloud": increasing, with a fixed remote client id. */
export const remoteStamp = () => `${new Date(clock++).toISOString()}-0000-feedfacefeedface`;

/** A remote upsert of `fields`, all stamped now. */
export function remote(entity: SyncEntity, fields: Record<string, FieldValue>, id: string = randomUUID(), file?: string): RemoteRecord {
  const hlc = remoteStamp();
  return { entity, op: 'upsert', id, fields: Object.fromEntries(Object.entries(fields).map(([k, value]) => [k, { value, hlc }])), ...(file ? { file } : {}) };
}

export const iso = (n = 0) => new Date(Date.parse('2026-01-01T00:00:00.000Z') + n * 1000).toISOString();

/** A user record as it arrives from the cloud. */
export const remoteUser = (username: string, role: 'coach' | 'student', id: string = randomUUID()) =>
  remote('user', { username, display_name: username[0]!.toUpperCase() + username.slice(1), role, created_at: iso(), updated_at: iso() }, id);

/** An asset record whose bytes are elsewhere (local_state 'remote'). */
export const remoteAsset = (owner: string, name = 'clip.mp4', id: string = randomUUID()) =>
  remote(
    'videoasset',
    {
      owner, orig_filename: name, mime_type: 'video/mp4', size_bytes: 1000, checksum_sha256: randomUUID().replace(/-/g, '').padEnd(64, '0'),
      youtube_url: null, video_type: 'upload', duration_sec: 10, duration_ms: 10_000, width: 1280, height: 720, created_at: iso(), updated_at: iso(),
    },
    id,
  );

/**
 * A coach's profile with a world around it, as sync would deliver it: two students on the coach's
 * roster (alex, sam), and another coach (olga) with her own student (carol). `as(user)` calls any
 * channel as that user over the same database.
 */
export async function makeWorld() {
  const harness = makeCore();
  const { core } = harness;
  const created = await core.dispatch('profiles.create', { username: 'dana', displayName: 'Dana', role: 'coach' }, { shell: 'web' });
  if (!created.ok) throw new Error(created.error.message);
  const store: ProfileStore = core.store();
  const coach = store.profileUser();
  const alex = remoteUser('alex', 'student');
  const sam = remoteUser('sam', 'student');
  const olga = remoteUser('olga', 'coach');
  const carol = remoteUser('carol', 'student');
  await core.applyRemote([
    alex, sam, olga, carol,
    remote('roster', { coach: coach.id, student: alex.id, created_at: iso() }),
    remote('roster', { coach: coach.id, student: sam.id, created_at: iso() }),
    remote('roster', { coach: olga.id, student: carol.id, created_at: iso() }),
  ]);
  const user = (id: string): User => store.users.get(id)!;
  const users = { coach, alex: user(alex.id), sam: user(sam.id), olga: user(olga.id), carol: user(carol.id) };
  const sessionOf = (actor: User): Session => ({ store, actor, changed: () => undefined });

  /** Calls a channel as `actor`; returns the raw envelope. */
  const as = <C extends ChannelName>(actor: User, channel: C, input: ChannelInput<C>) =>
    invokeAs(sessionOf(actor), channel, input) as Promise<Result<ChannelOutput<C>>>;
  /** Calls a channel as `actor` and returns its value, failing the test on an error envelope. */
  const ok = async <C extends ChannelName>(actor: User, channel: C, input: ChannelInput<C>): Promise<ChannelOutput<C>> => {
    const result = await as(actor, channel, input);
    if (!result.ok) throw new Error(`${channel} as ${actor.username}: ${result.error.code}: ${result.error.message}`);
    return result.value;
  };
  /** An asset owned by `owner`, with its bytes elsewhere (enough for records that point at videos). */
  const asset = async (owner: User, name?: string) => {
    const record = remoteAsset(owner.id, name);
    await core.applyRemote([record]);
    return record.id;
  };
  /** A row count, to show that a refused write left nothing behind. */
  const count = (table: string) => (store.db.prepare(`SELECT count(*) AS n FROM ${table}`).get() as { n: number }).n;

  return { ...harness, store, users, as, ok, asset, count, sessionOf };
}
export type World = Awaited<ReturnType<typeof makeWorld>>;
