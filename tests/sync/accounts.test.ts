import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tokenKey } from '../../src-main/core/sync/profile-sync';
import { s3Servers, type StartedS3 } from '../support/s3-servers';
import { MemorySecrets, makeCore } from '../support/world';
import { PASSWORD, makeClient, makeCloud, type Client } from '../support/sync-world';

/** Every file under a folder, as bytes: a secret must appear in none of them. */
function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? filesUnder(path) : [path];
  });
}

describe('accounts, sign-in and the scheduler', () => {
  let s3: StartedS3;
  let cloud: Awaited<ReturnType<typeof makeCloud>>;
  const open: Client[] = [];

  beforeAll(async () => {
    s3 = await s3Servers()[0]!.start();
    cloud = await makeCloud(s3);
  }, 60_000);
  afterAll(async () => {
    for (const c of open) c.dispose();
    await cloud?.close();
    await s3?.close();
  });

  it('a local profile cannot be signed in to another account: a clear refusal, and nothing saved', async () => {
    const owner = await makeClient('kim', 'coach');
    open.push(owner);
    await owner.call('sync.register', { cloudUrl: cloud.url, password: PASSWORD });
    const other = await makeClient('kim.laptop', 'coach');
    open.push(other);
    await expect(other.call('sync.signIn', { cloudUrl: cloud.url, username: 'kim', password: PASSWORD })).rejects.toThrow(/conflict: .*another account|conflict: .*identit/i);
    expect((await other.status()).state).toBe('off');
    expect(other.settings.getProfile(other.id).cloudAccount).toBeNull();
    await expect(other.call('sync.signIn', { cloudUrl: cloud.url, username: 'kim', password: 'wrong password' })).rejects.toThrow(/forbidden: The username or password is not right/);
    // Signing in as itself works, and a new device gets the account's own id.
    await owner.call('sync.signOut');
    expect((await owner.status()).state).toBe('off');
    await owner.call('sync.signIn', { cloudUrl: cloud.url, username: 'kim', password: PASSWORD });
    expect((await owner.status()).account).toEqual({ cloudUrl: cloud.url, username: 'kim' });
  }, 30_000);

  it('the token lives only in the secret store: not in settings, the database, the media folder or the log', async () => {
    const secrets = new MemorySecrets();
    const logged: string[] = [];
    const harness = makeCore({ secrets, log: (level, message, error) => logged.push(`${level} ${message} ${String(error)}`) });
    try {
      const created = await harness.core.dispatch('profiles.create', { username: 'lee', displayName: 'Lee', role: 'coach' }, { shell: 'web' });
      expect(created.ok).toBe(true);
      const id = (created as { value: { user: { id: string } } }).value.user.id;
      const registered = await harness.core.dispatch('sync.register', { cloudUrl: cloud.url, password: PASSWORD }, { shell: 'web' });
      expect(registered.ok).toBe(true);
      await harness.core.dispatch('exercises.create', { name: 'Drop shot' }, { shell: 'web' });
      await harness.core.sync().syncOnce();
      const token = await secrets.get(tokenKey(id));
      expect(token).toMatch(/.{20,}/);
      expect(JSON.stringify(harness.settings.getProfile(id))).not.toContain(token!);
      harness.core.store().db.pragma('wal_checkpoint(TRUNCATE)');
      for (const file of filesUnder(harness.dataDir)) expect(readFileSync(file).includes(token!), file).toBe(false);
      expect(logged.join('\n')).not.toContain(token!);
      const status = await harness.core.dispatch('sync.status', {}, { shell: 'web' });
      expect(JSON.stringify(status)).not.toContain(token!);
    } finally {
      harness.dispose();
    }
  }, 30_000);

  it('a local change is pushed by itself shortly after, without anyone pressing sync', async () => {
    const auto = await makeClient('auto', 'coach', { timing: { debounceMs: 50, periodMs: 3_600_000, backoffBaseMs: 100 } });
    open.push(auto);
    await auto.call('sync.register', { cloudUrl: cloud.url, password: PASSWORD });
    const statuses: string[] = [];
    auto.core.onEvent((event, payload) => {
      if (event === 'sync.status') statuses.push((payload as { state: string }).state);
    });
    const ex = await auto.call<{ id: string }>('exercises.create', { name: 'Overhead' });
    for (let i = 0; i < 200 && !cloud.db.prepare('SELECT 1 FROM exercises_exercise WHERE id = ?').get(ex.id); i++) await new Promise((r) => setTimeout(r, 25));
    expect(cloud.db.prepare('SELECT name FROM exercises_exercise WHERE id = ?').get(ex.id)).toEqual({ name: 'Overhead' });
    await auto.core.sync().settle();
    expect((await auto.status()).pending).toBe(0);
    // The indicator was told: syncing, then synced.
    expect(statuses).toContain('syncing');
    expect(statuses.at(-1)).toBe('idle');
    // Paused, a change waits; resumed, it goes.
    await auto.call('sync.pause');
    const later = await auto.call<{ id: string }>('exercises.create', { name: 'Underhand' });
    await new Promise((r) => setTimeout(r, 300));
    expect(cloud.db.prepare('SELECT 1 FROM exercises_exercise WHERE id = ?').get(later.id)).toBeUndefined();
    expect((await auto.status()).state).toBe('paused');
    await auto.call('sync.resume');
    for (let i = 0; i < 200 && !cloud.db.prepare('SELECT 1 FROM exercises_exercise WHERE id = ?').get(later.id); i++) await new Promise((r) => setTimeout(r, 25));
    expect(cloud.db.prepare('SELECT name FROM exercises_exercise WHERE id = ?').get(later.id)).toEqual({ name: 'Underhand' });
  }, 30_000);
});
