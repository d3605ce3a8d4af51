import { createHash, randomUUID } from 'node:crypto';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { CHANNEL_NAMES, channels, type ChannelInput, type ChannelName } from '../../src-shared/contract';
import type { Profile } from '../../src-shared/domain';
import type { Result } from '../../src-shared/result';
import { Core } from '../../src-main/core/core';
import type { ProfileChannel } from '../../src-main/core/dispatch';
import { MemorySecrets, MemorySettings, MIGRATIONS_DIR, iso, makeCore, remote, remoteAsset, remoteUser } from '../support/world';

type Harness = ReturnType<typeof makeCore>;
const cleanups: (() => void)[] = [];
afterEach(() => {
  for (const fn of cleanups.splice(0).reverse()) fn();
});

function harness(): Harness {
  const h = makeCore();
  cleanups.push(() => h.dispose());
  return h;
}

const web = { shell: 'web' } as const;
/** Calls a channel the way a shell does, as the open profile's user. */
const call = <C extends ChannelName>(core: Core, channel: C, input: ChannelInput<C>) => core.dispatch(channel, input, web);
async function value<T>(pending: Promise<Result<unknown>>): Promise<T> {
  const result = await pending;
  if (!result.ok) throw new Error(`${result.error.code}: ${result.error.message}`);
  return result.value as T;
}
const createProfile = (core: Core, username: string, role: 'coach' | 'student', displayName = username[0]!.toUpperCase() + username.slice(1)) =>
  value<Profile>(call(core, 'profiles.create', { username, displayName, role }));

const DB_FILE = 'coachframe.db';
const profilesRoot = (h: Harness) => join(h.dataDir, 'profiles');

describe('profiles', () => {
  it('are created, listed and switched through the channels, each the current one when made', async () => {
    const { core } = harness();
    expect(await value(call(core, 'profiles.list', {}))).toEqual([]);
    expect(await value(call(core, 'profiles.current', {}))).toBeNull();

    const zoe = await createProfile(core, 'zoe', 'student');
    expect(zoe.user).toMatchObject({ username: 'zoe', displayName: 'Zoe', role: 'student' });
    expect(await value<Profile>(call(core, 'profiles.current', {}))).toEqual(zoe);
    const dana = await createProfile(core, 'dana', 'coach');
    expect((await value<Profile>(call(core, 'profiles.current', {}))).user.id).toBe(dana.user.id);

    // Listed by display name; switching makes a profile the one every channel acts as.
    expect((await value<Profile[]>(call(core, 'profiles.list', {}))).map((p) => p.user.username)).toEqual(['dana', 'zoe']);
    expect(await value(call(core, 'profiles.switch', { id: zoe.user.id }))).toEqual(zoe);
    const mine = await value<{ createdBy: string }>(call(core, 'exercises.create', { name: 'Zoe’s serve' }));
    expect(mine.createdBy).toBe(zoe.user.id);
    expect(await call(core, 'profiles.switch', { id: randomUUID() })).toMatchObject({ ok: false, error: { code: 'not-found' } });
    expect((await value<Profile>(call(core, 'profiles.current', {}))).user.id).toBe(zoe.user.id);
  });

  it('each have their own folder, database and media folder', async () => {
    const h = harness();
    const a = await createProfile(h.core, 'dana', 'coach');
    const b = await createProfile(h.core, 'erin', 'student');
    expect(a.dataDir).not.toBe(b.dataDir);
    for (const p of [a, b]) {
      expect(p.dataDir).toBe(join(profilesRoot(h), p.user.id));
      expect(existsSync(join(p.dataDir, DB_FILE))).toBe(true);
    }
    // Each database knows only its own profile's user.
    for (const p of [a, b]) {
      const db = new BetterSqlite3(join(p.dataDir, DB_FILE), { readonly: true });
      try {
        expect(db.prepare('SELECT u.username FROM local_profile JOIN auth_user u ON u.id = user_id').all()).toEqual([{ username: p.user.username }]);
        expect(db.prepare('SELECT count(*) AS n FROM auth_user').get()).toEqual({ n: 1 });
      } finally {
        db.close();
      }
    }
    // Bytes land in the current profile's media folder.
    const dir = mkdtempSync(join(tmpdir(), 'coachframe-bytes-'));
    cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
    const file = join(dir, 'clip.mp4');
    writeFileSync(file, 'bytes of erin’s video'.repeat(10));
    const record = remoteAsset(b.user.id);
    record.fields['checksum_sha256']!.value = createHash('sha256').update('bytes of erin’s video'.repeat(10)).digest('hex');
    record.fields['size_bytes']!.value = Buffer.byteLength('bytes of erin’s video'.repeat(10));
    record.file = file;
    await h.core.applyRemote([record]);
    expect(h.core.mediaFile(record.id, 'original')!.path.startsWith(join(b.dataDir, 'media'))).toBe(true);
    expect(existsSync(join(a.dataDir, 'media'))).toBe(false);
  });

  it('are isolated: what is made in one never shows in another’s channels', async () => {
    const { core } = harness();
    const a = await createProfile(core, 'dana', 'coach');
    // Dana's world: a student on her roster, an asset, a clip, an exercise with a tag and a comment,
    // a submission and a comparison.
    const alex = remoteUser('alex', 'student');
    const model = remoteAsset(a.user.id, 'model.mp4');
    const attempt = remoteAsset(alex.id, 'attempt.mp4');
    await core.applyRemote([alex, model, attempt, remote('roster', { coach: a.user.id, student: alex.id, created_at: iso() })]);
    const ex = await value<{ id: string }>(call(core, 'exercises.create', { name: 'Serve', videoAsset: model.id }));
    const tag = await value<{ id: string }>(call(core, 'tags.create', { name: 'Serve' }));
    await value(call(core, 'tags.attach', { tag: tag.id, contentType: 'exercise', contentId: ex.id }));
    await value(call(core, 'comments.create', { exercise: ex.id, text: 'For everyone' }));
    const t = iso();
    const sub = remote('submission', { student: alex.id, exercise: ex.id, video_asset: attempt.id, submitted_at: t, status: 'submitted', updated_at: t });
    const cmp = remote('comparison', { student: alex.id, exercise: ex.id, original_video: model.id, feedback_video: attempt.id, compared_at: t, duration_seconds: 5, original_offset: 0, feedback_offset: 0 });
    const modelChecksum = String(model.fields['checksum_sha256']!.value);
    const clip = remote('clip', {
      owner: a.user.id, original_video: model.id, clip_asset: null, mode: 'fast', start_time: 0, end_time: 1, duration: 1, size_bytes: null,
      clip_hash: createHash('sha256').update(`${modelChecksum}:0:1000:fast`).digest('hex'), created_at: t, updated_at: t,
    });
    await core.applyRemote([sub, cmp, clip]);

    const probe = async () => ({
      exercises: (await value<{ items: unknown[] }>(call(core, 'exercises.list', {}))).items.length,
      assets: (await value<unknown[]>(call(core, 'assets.list', {}))).length,
      stack: (await value<unknown[]>(call(core, 'stack.list', {}))).length,
      tags: (await value<unknown[]>(call(core, 'tags.list', {}))).length,
      roster: (await value<unknown[]>(call(core, 'roster.list', {}))).length,
      comparisons: (await value<unknown[]>(call(core, 'comparisons.list', {}))).length,
      clips: (await value<unknown[]>(call(core, 'clips.list', {}))).length,
    });
    const inA = await probe();
    expect(inA).toEqual({ exercises: 1, assets: 2, stack: 1, tags: 1, roster: 1, comparisons: 1, clips: 1 });

    // Erin, a student on the same machine, sees none of it, not even by id.
    const b = await createProfile(core, 'erin', 'student');
    expect(await probe()).toEqual({ exercises: 0, assets: 0, stack: 0, tags: 0, roster: 0, comparisons: 0, clips: 0 });
    for (const [channel, input] of [
      ['exercises.get', { id: ex.id }], ['assets.get', { id: model.id }], ['comments.list', { exercise: ex.id }],
      ['submissions.list', { exercise: ex.id }], ['assets.deletePreview', { id: model.id }],
    ] as const) {
      expect(await call(core, channel, input as never), channel).toMatchObject({ ok: false, error: { code: 'not-found' } });
    }
    // Her own work, with the same names, does not collide with Dana's.
    await value(call(core, 'tags.create', { name: 'Serve' }));
    await value(call(core, 'exercises.create', { name: 'Serve' }));
    expect(await probe()).toMatchObject({ exercises: 1, tags: 1, stack: 1 });

    // Back in Dana's profile, everything is as she left it, and Erin's work is absent.
    await value(call(core, 'profiles.switch', { id: a.user.id }));
    expect(await probe()).toEqual(inA);
    expect(
      (await value<{ items: { createdBy: string }[] }>(call(core, 'exercises.list', {}))).items.every((e) => e.createdBy !== b.user.id),
    ).toBe(true);
  });

  it('refuse a username already taken on this machine, whatever its case, and make nothing', async () => {
    const h = harness();
    await createProfile(h.core, 'dana', 'coach');
    const before = readdirSync(profilesRoot(h)).sort();
    for (const username of ['dana', 'DANA', ' Dana ']) {
      const result = await call(h.core, 'profiles.create', { username, displayName: 'Another Dana', role: 'student' });
      expect(result).toMatchObject({ ok: false, error: { code: 'conflict', message: expect.stringMatching(/already exists on this computer/) } });
    }
    expect(readdirSync(profilesRoot(h)).sort()).toEqual(before);
    expect(await value<Profile[]>(call(h.core, 'profiles.list', {}))).toHaveLength(1);
  });

  it('refuse a malformed profile with bad-input and make nothing', async () => {
    const h = harness();
    for (const input of [
      { username: 'a', displayName: 'A', role: 'coach' },
      { username: 'has space', displayName: 'X', role: 'coach' },
      { username: 'ok_name', displayName: '', role: 'coach' },
      { username: 'ok_name', displayName: 'X', role: 'admin' },
    ]) {
      expect(await h.core.dispatch('profiles.create', input, web)).toMatchObject({ ok: false, error: { code: 'bad-input' } });
    }
    expect(readdirSync(profilesRoot(h))).toEqual([]);
  });

  it('leave no half-made folder when creating one fails', async () => {
    // A migration that fails makes the new database impossible to build.
    const root = mkdtempSync(join(tmpdir(), 'coachframe-broken-'));
    cleanups.push(() => rmSync(root, { recursive: true, force: true }));
    const migrationsDir = join(root, 'migrations');
    mkdirSync(migrationsDir);
    copyFileSync(join(MIGRATIONS_DIR, '0001_init.sql'), join(migrationsDir, '0001_init.sql'));
    writeFileSync(join(migrationsDir, '0002_broken.sql'), 'CREATE TABLE half (x INTEGER);\nNOT SQL AT ALL;\n');
    const dataDir = join(root, 'data');
    const core = new Core({ dataDir, migrationsDir, settings: new MemorySettings(), secrets: new MemorySecrets(), log: () => undefined });
    cleanups.push(() => core.close());

    const result = await core.dispatch('profiles.create', { username: 'dana', displayName: 'Dana', role: 'coach' }, web);
    expect(result).toMatchObject({ ok: false, error: { code: 'internal' } });
    expect(readdirSync(join(dataDir, 'profiles'))).toEqual([]);
    expect(await core.dispatch('profiles.list', {}, web)).toEqual({ ok: true, value: [] });
    expect(await core.dispatch('profiles.current', {}, web)).toEqual({ ok: true, value: null });
  });

  it('each get their own 16-hex sync client id', async () => {
    const h = harness();
    const ids: string[] = [];
    for (const [name, role] of [['dana', 'coach'], ['erin', 'student'], ['finn', 'student']] as const) {
      const p = await createProfile(h.core, name, role);
      const db = new BetterSqlite3(join(p.dataDir, DB_FILE), { readonly: true });
      try {
        const { sync_client_id } = db.prepare('SELECT sync_client_id FROM local_profile').get() as { sync_client_id: string };
        expect(sync_client_id).toMatch(/^[0-9a-f]{16}$/);
        expect(h.core.store().changes.clientId).toBe(sync_client_id);
        // The profile's first change (its own user record) is already stamped with it.
        const first = db.prepare('SELECT client_id, entity, record_id FROM sync_outbox').all();
        expect(first).toEqual([{ client_id: sync_client_id, entity: 'user', record_id: p.user.id }]);
        ids.push(sync_client_id);
      } finally {
        db.close();
      }
    }
    expect(new Set(ids).size).toBe(3);
  });

  it('must exist before any other channel answers: no-profile, not a crash', async () => {
    const { core } = harness();
    const u = randomUUID();
    // A valid payload for every channel that needs a profile; the compiler makes the next channel's author add one.
    const payloads: { [C in Exclude<ChannelName, ProfileChannel>]: ChannelInput<C> } = {
      'roster.list': {},
      'exercises.list': {},
      'exercises.get': { id: u },
      'exercises.create': { name: 'Serve' },
      'exercises.update': { id: u, name: 'Serve' },
      'exercises.delete': { id: u },
      'stack.list': {},
      'submissions.list': { exercise: u },
      'submissions.create': { exercise: u, videoAsset: u },
      'submissions.resubmit': { id: u, videoAsset: u },
      'submissions.setStatus': { id: u, status: 'reviewed' },
      'submissions.delete': { id: u },
      'comments.list': { exercise: u },
      'comments.create': { exercise: u, text: 'hi' },
      'comments.update': { id: u, text: 'hi' },
      'comments.delete': { id: u },
      'comments.markRead': { ids: [u] },
      'comparisons.list': {},
      'comparisons.create': { exercise: u, originalVideo: u, feedbackVideo: randomUUID() },
      'comparisons.finish': { id: u, durationSeconds: 3 },
      'comparisons.align': { exercise: u, originalVideo: u, feedbackVideo: randomUUID(), originalOffset: 0, feedbackOffset: 0 },
      'comparisons.export': {
        exercise: u, originalVideo: u, feedbackVideo: randomUUID(), originalOffset: 0, feedbackOffset: 0, layout: 'side-by-side', range: null, audio: 'both', path: '/tmp/compare.mp4',
      },
      'comparisons.exportPath': { exercise: u },
      'tags.list': {},
      'tags.create': { name: 'serve' },
      'tags.attach': { tag: u, contentType: 'exercise', contentId: u },
      'tags.detach': { tag: u, contentType: 'exercise', contentId: u },
      'votes.cast': { comment: u, isHelpful: true },
      'votes.clear': { comment: u },
      'assets.list': {},
      'assets.get': { id: u },
      'assets.delete': { id: u },
      'assets.deletePreview': { id: u },
      'clips.list': {},
      'clips.create': { asset: u, start: 0, end: 1 },
      'assets.import': { paths: ['/tmp/serve.mp4'] },
      'assets.importBytes': { filename: 'serve.mp4' },
      'assets.validate': {},
      'assets.reprocess': { id: u },
      'jobs.list': {},
      'jobs.cancel': { id: u },
      'recordings.start': { mimeType: 'video/webm' },
      'recordings.append': { id: u, seq: 0 },
      'recordings.finish': { id: u },
      'recordings.cancel': { id: u },
      'recordings.listRecoverable': {},
      'recordings.recover': { id: u },
      'recordings.discard': { id: u },
    };
    expect(Object.keys(payloads).sort()).toEqual(CHANNEL_NAMES.filter((c) => !channels[c].noProfile).sort());
    for (const [channel, payload] of Object.entries(payloads)) {
      const result = await core.dispatch(channel, payload, web);
      expect(result, channel).toMatchObject({ ok: false, error: { code: 'no-profile', message: expect.stringMatching(/profile/) } });
    }
    await expect(core.applyRemote([remoteUser('alex', 'student')])).rejects.toMatchObject({ code: 'no-profile' });
    // The profile channels work, and once a profile exists so does everything else.
    await createProfile(core, 'dana', 'coach');
    expect(await core.dispatch('exercises.list', {}, web)).toMatchObject({ ok: true });
  });

  it('reopen the last one when the app starts again, with its data', async () => {
    const h = harness();
    await createProfile(h.core, 'zoe', 'student');
    const dana = await createProfile(h.core, 'dana', 'coach');
    const ex = await value<{ id: string }>(call(h.core, 'exercises.create', { name: 'Serve' }));
    expect(h.settings.getApp().lastProfileId).toBe(dana.user.id);
    h.core.close();

    const relaunched = new Core({ dataDir: h.dataDir, migrationsDir: MIGRATIONS_DIR, settings: h.settings, secrets: new MemorySecrets() });
    cleanups.push(() => relaunched.close());
    expect((await value<Profile>(call(relaunched, 'profiles.current', {}))).user.id).toBe(dana.user.id);
    expect((await value<{ name: string }>(call(relaunched, 'exercises.get', { id: ex.id }))).name).toBe('Serve');

    // If that profile is gone, the app still starts, on the profile picker.
    relaunched.close();
    rmSync(dana.dataDir, { recursive: true, force: true });
    const warnings: string[] = [];
    const again = new Core({ dataDir: h.dataDir, migrationsDir: MIGRATIONS_DIR, settings: h.settings, secrets: new MemorySecrets(), log: (_l, m) => warnings.push(m) });
    cleanups.push(() => again.close());
    expect(await value(call(again, 'profiles.current', {}))).toBeNull();
    expect(warnings).toHaveLength(1);
    expect((await value<Profile[]>(call(again, 'profiles.list', {}))).map((p) => p.user.username)).toEqual(['zoe']);
  });
});
