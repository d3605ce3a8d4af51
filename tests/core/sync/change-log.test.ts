import { randomUUID } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import type { Result } from '../../../src-shared/result';
import { Core } from '../../../src-main/core/core';
import { SYNC_ENTITIES, type SyncEntity } from '../../../src-main/core/sync/entities';
import { MemorySecrets, MIGRATIONS_DIR, makeCore, makeWorld, remote, remoteAsset, type World } from '../../support/world';
import { rowCounts } from '../../support/records';

interface OutboxRow {
  mutation_id: number;
  client_id: string;
  entity: SyncEntity;
  op: 'upsert' | 'delete';
  record_id: string;
  fields: Record<string, { value: unknown; hlc: string }>;
}
const outbox = (w: { store: World['store'] }): OutboxRow[] =>
  (w.store.db.prepare('SELECT mutation_id, client_id, entity, op, record_id, fields FROM sync_outbox ORDER BY mutation_id').all() as (Omit<OutboxRow, 'fields'> & { fields: string })[])
    .map((r) => ({ ...r, fields: JSON.parse(r.fields) as OutboxRow['fields'] }));
const stampOf = (row: OutboxRow) => Object.values(row.fields)[0]!.hlc;

/** Columns that describe this machine, never the content: they must never leave it. */
const LOCAL_COLUMNS = [
  'id', 'storage_path', 'poster_path', 'renditions', 'processing_status', 'processing_error', 'processed_at', 'is_valid',
  'last_validated', 'validation_errors', 'access_count', 'last_accessed', 'local_state',
];

const disposers: (() => void)[] = [];
afterEach(() => {
  for (const d of disposers.splice(0).reverse()) d();
});
async function world(): Promise<World> {
  const w = await makeWorld();
  disposers.push(() => w.dispose());
  return w;
}

describe('the change log', () => {
  it('records every local write through a channel as one outbox mutation per record it changes, and nothing else', async () => {
    const w = await world();
    const { ok, as, users, store, asset } = w;
    const { coach, alex } = users;
    // Records from the cloud are not our changes: the world's users, roster and assets left no rows.
    expect(outbox(w).map((r) => [r.entity, r.op, r.record_id])).toEqual([['user', 'upsert', coach.id]]);

    let seen = outbox(w).length;
    const step = async <T>(label: string, run: () => Promise<T>, expected: (value: T) => [SyncEntity, 'upsert' | 'delete', unknown][]) => {
      const value = await run();
      const rows = outbox(w).slice(seen);
      seen += rows.length;
      expect(rows.map((r) => [r.entity, r.op, r.record_id]), label).toEqual(expected(value));
      return { value, rows };
    };
    const any = expect.any(String);

    const { value: own, rows: [created] } = await step('exercises.create', () => ok(alex, 'exercises.create', { name: 'Footwork', description: 'ladder' }), (e) => [['exercise', 'upsert', e.id]]);
    expect(Object.fromEntries(Object.entries(created!.fields).map(([k, f]) => [k, f.value]))).toEqual({
      name: 'Footwork', description: 'ladder', video_asset: null, created_by: alex.id, created_at: own.createdAt, updated_at: own.updatedAt,
    });
    const { rows: [renamed] } = await step('exercises.update', () => ok(alex, 'exercises.update', { id: own.id, name: 'Footwork drills', description: 'ladder' }), () => [['exercise', 'upsert', own.id]]);
    // Only what changed is sent: the description stayed.
    expect(Object.keys(renamed!.fields).sort()).toEqual(['name', 'updated_at']);

    const model = await asset(coach);
    const serve = (await step('coach exercise', () => ok(coach, 'exercises.create', { name: 'Serve', videoAsset: model }), (e) => [['exercise', 'upsert', e.id]])).value;
    const attempt = await asset(alex);
    const sub = (await step('submissions.create', () => ok(alex, 'submissions.create', { exercise: serve.id, videoAsset: attempt }), (s) => [['submission', 'upsert', s.id]])).value;
    const second = await asset(alex);
    await step('submissions.resubmit', () => ok(alex, 'submissions.resubmit', { id: sub.id, videoAsset: second }), () => [['submission_attempt', 'upsert', any], ['submission', 'upsert', sub.id]]);
    await step('resubmit the first take again', () => ok(alex, 'submissions.resubmit', { id: sub.id, videoAsset: attempt }), () => [['submission_attempt', 'upsert', any], ['submission', 'upsert', sub.id]]);
    // Replacing a video already kept as an earlier attempt changes only the submission.
    await step('resubmit the second take again', () => ok(alex, 'submissions.resubmit', { id: sub.id, videoAsset: second }), () => [['submission', 'upsert', sub.id]]);
    await step('submissions.setStatus', () => ok(coach, 'submissions.setStatus', { id: sub.id, status: 'reviewed' }), () => [['submission', 'upsert', sub.id]]);
    const comment = (await step('comments.create', () => ok(coach, 'comments.create', { exercise: serve.id, submission: sub.id, text: 'Good', atSeconds: 1 }), (c) => [['comment', 'upsert', c.id]])).value;
    await step('comments.update', () => ok(coach, 'comments.update', { id: comment.id, text: 'Very good' }), () => [['comment', 'upsert', comment.id]]);
    const vote = (await step('votes.cast', () => ok(alex, 'votes.cast', { comment: comment.id, isHelpful: true }), (v) => [['vote', 'upsert', v.id]])).value;
    await step('votes.cast again', () => ok(alex, 'votes.cast', { comment: comment.id, isHelpful: false }), () => [['vote', 'upsert', vote.id]]);
    await step('votes.clear', () => ok(alex, 'votes.clear', { comment: comment.id }), () => [['vote', 'delete', vote.id]]);
    await step('votes.clear with nothing to clear', () => ok(alex, 'votes.clear', { comment: comment.id }), () => []);
    const tag = (await step('tags.create', () => ok(alex, 'tags.create', { name: 'drills' }), (t) => [['tag', 'upsert', t.id]])).value;
    const { rows: [link] } = await step('tags.attach', () => ok(alex, 'tags.attach', { tag: tag.id, contentType: 'exercise', contentId: own.id }), () => [['content_tag', 'upsert', any]]);
    await step('tags.attach again', () => ok(alex, 'tags.attach', { tag: tag.id, contentType: 'exercise', contentId: own.id }), () => []);
    await step('tags.detach', () => ok(alex, 'tags.detach', { tag: tag.id, contentType: 'exercise', contentId: own.id }), () => [['content_tag', 'delete', link!.record_id]]);
    const session = (await step('comparisons.create', () => ok(alex, 'comparisons.create', { exercise: serve.id, originalVideo: model, feedbackVideo: second }), (c) => [['comparison', 'upsert', c.comparison!.id]])).value;
    await step('comparisons.create by a coach records no session', () => ok(coach, 'comparisons.create', { exercise: serve.id, originalVideo: model, feedbackVideo: second }), () => []);
    await step('comparisons.finish', () => ok(alex, 'comparisons.finish', { id: session.comparison!.id, durationSeconds: 30 }), () => [['comparison', 'upsert', session.comparison!.id]]);
    await step('comparisons.align', () => ok(coach, 'comparisons.align', { exercise: serve.id, originalVideo: model, feedbackVideo: second, originalOffset: 1, feedbackOffset: 0 }), () => [['alignment', 'upsert', any]]);
    // A read marker is this user's own bookkeeping on this machine (feedback_read is not a synced entity).
    await step('comments.markRead', () => ok(alex, 'comments.markRead', { ids: [comment.id] }), () => []);
    await step('refused writes', async () => {
      expect((await as(alex, 'exercises.create', { name: 'footwork drills' })).ok).toBe(false);
      expect((await as(coach, 'exercises.delete', { id: own.id })).ok).toBe(false);
      expect((await as(alex, 'votes.cast', { comment: randomUUID(), isHelpful: true })).ok).toBe(false);
    }, () => []);
    await step('comments.delete', () => ok(coach, 'comments.delete', { id: comment.id }), () => [['comment', 'delete', comment.id]]);
    await step('submissions.delete', () => ok(alex, 'submissions.delete', { id: sub.id }), () => [['submission', 'delete', sub.id]]);
    await step('exercises.delete', () => ok(alex, 'exercises.delete', { id: own.id }), () => [['exercise', 'delete', own.id]]);
    await step('assets.delete', () => ok(alex, 'assets.delete', { id: attempt }), () => [['videoasset', 'delete', attempt]]);

    // Every mutation: this profile's client id, a synced field set (or the delete marker), one stamp, stamps in order.
    const rows = outbox(w);
    let last = '';
    for (const row of rows) {
      expect(row.client_id).toBe(store.changes.clientId);
      const stamps = new Set(Object.values(row.fields).map((f) => f.hlc));
      expect(stamps.size, `${row.entity} ${row.op}: one stamp per mutation`).toBe(1);
      const stamp = stampOf(row);
      expect(stamp.endsWith(`-${store.changes.clientId}`)).toBe(true);
      expect(stamp > last, `${stamp} after ${last}`).toBe(true);
      last = stamp;
      if (row.op === 'delete') expect(row.fields).toEqual({ _deleted: { value: 1, hlc: stamp } });
      else {
        const synced: readonly string[] = SYNC_ENTITIES[row.entity].columns;
        expect(Object.keys(row.fields).filter((k) => !synced.includes(k)), `${row.entity}: unsynced fields`).toEqual([]);
        expect(Object.keys(row.fields).filter((k) => LOCAL_COLUMNS.includes(k))).toEqual([]);
      }
    }
    // The clock of each field is the stamp of its last local write, and the record waits to be pushed.
    const clock = store.db.prepare("SELECT field, hlc FROM sync_field_clock WHERE entity = 'submission' AND record_id = ?").all(sub.id) as { field: string; hlc: string }[];
    const lastSubmissionWrite = rows.filter((r) => r.entity === 'submission' && r.record_id === sub.id && r.op === 'upsert').at(-1)!;
    expect(clock.find((c) => c.field === 'status')!.hlc).toBe(lastSubmissionWrite.fields['status']!.hlc);
    expect(store.db.prepare("SELECT state FROM sync_record_state WHERE entity = 'exercise' AND record_id = ?").get(serve.id)).toEqual({ state: 'pending' });
    expect(store.db.prepare('SELECT hlc_last FROM local_profile').get()).toEqual({ hlc_last: last });
  });

  it('commits a change and its outbox row together: when one fails, neither is kept', async () => {
    const w = await world();
    const { ok, as, users, store, asset } = w;
    const serve = await ok(users.coach, 'exercises.create', { name: 'Serve' });
    const sub = await ok(users.alex, 'submissions.create', { exercise: serve.id, videoAsset: await asset(users.alex) });
    const next = await asset(users.alex);

    // The outbox refuses the second of resubmit's two mutations: the attempt, its outbox row and the
    // submission's new video must all be rolled back.
    store.db.exec(`CREATE TEMP TRIGGER refuse_submission_mutation BEFORE INSERT ON main.sync_outbox
      WHEN NEW.entity = 'submission' BEGIN SELECT RAISE(ABORT, 'outbox unavailable'); END`);
    let before = rowCounts(store.db);
    expect((await as(users.alex, 'submissions.resubmit', { id: sub.id, videoAsset: next })).ok).toBe(false);
    expect(rowCounts(store.db)).toEqual(before);
    expect((await ok(users.alex, 'submissions.list', { exercise: serve.id }))[0]).toMatchObject({ videoAsset: sub.videoAsset, status: 'submitted', earlierAttempts: [] });
    store.db.exec('DROP TRIGGER temp.refuse_submission_mutation');

    // Same for a single-record write: no exercise without its mutation.
    store.db.exec(`CREATE TEMP TRIGGER refuse_all BEFORE INSERT ON main.sync_outbox BEGIN SELECT RAISE(ABORT, 'outbox unavailable'); END`);
    before = rowCounts(store.db);
    expect((await as(users.alex, 'exercises.create', { name: 'Footwork' })).ok).toBe(false);
    expect((await as(users.alex, 'submissions.delete', { id: sub.id })).ok).toBe(false);
    expect(rowCounts(store.db)).toEqual(before);
    store.db.exec('DROP TRIGGER temp.refuse_all');

    // With the outbox back, the same writes go through, each with its row.
    await ok(users.alex, 'submissions.resubmit', { id: sub.id, videoAsset: next });
    await ok(users.alex, 'exercises.create', { name: 'Footwork' });
    expect(rowCounts(store.db).sync_outbox).toBe(before['sync_outbox']! + 3);
  });

  it('never lets a column that describes this machine into a mutation', async () => {
    const w = await world();
    const { store, users } = w;
    const id = randomUUID();
    store.write(() =>
      store.changes.upsert('videoasset', id, {
        id, owner: users.alex.id, mime_type: 'video/mp4', storage_path: 'media/ab/abc', poster_path: 'p.jpg', renditions: '{}',
        processing_status: 'ready', processed_at: '2026-01-01T00:00:00.000Z', local_state: 'local', access_count: 3, is_valid: 1,
      }),
    );
    const [row] = outbox(w).slice(-1);
    expect(row!.record_id).toBe(id);
    expect(Object.keys(row!.fields).sort()).toEqual(['mime_type', 'owner']);
    // A change of local columns only is no change to sync.
    const before = outbox(w).length;
    store.write(() => store.changes.upsert('videoasset', id, { storage_path: null, local_state: 'offloaded', access_count: 4 }));
    expect(outbox(w)).toHaveLength(before);
    // The synced column lists themselves hold none of them.
    for (const [entity, spec] of Object.entries(SYNC_ENTITIES)) {
      expect((spec.columns as readonly string[]).filter((c) => LOCAL_COLUMNS.includes(c)), entity).toEqual([]);
    }
  });

  it('stamps keep increasing when the wall clock goes back, also across a restart', async () => {
    let now = Date.parse('2026-06-01T12:00:00.000Z');
    const h = makeCore({ now: () => now });
    disposers.push(() => h.dispose());
    const created = await h.core.dispatch('profiles.create', { username: 'dana', displayName: 'Dana', role: 'coach' }, { shell: 'web' });
    expect(created.ok).toBe(true);
    const exercise = (await h.core.dispatch('exercises.create', { name: 'Serve' }, { shell: 'web' })) as Result<{ id: string }>;
    if (!exercise.ok) throw new Error(exercise.error.message);
    const id = exercise.value.id;
    const rename = async (name: string) => {
      const r = await h.core.dispatch('exercises.update', { id, name }, { shell: 'web' });
      expect(r.ok).toBe(true);
    };
    now -= 3_600_000; // the clock is set back an hour
    await rename('Serve 2');
    now -= 1; // and a millisecond more
    await rename('Serve 3');
    let stamps = outbox({ store: h.core.store() }).map(stampOf);
    expect(stamps.slice(-3).map((s) => s.slice(0, 24))).toEqual(Array(3).fill('2026-06-01T12:00:00.000Z'));
    expect([...stamps].sort()).toEqual(stamps);
    expect(new Set(stamps).size).toBe(stamps.length);

    // Relaunch with the clock a day behind: the first new stamp still sorts after everything before.
    const lastBefore = stamps.at(-1)!;
    h.core.close();
    now -= 86_400_000;
    const relaunched = new Core({ dataDir: h.dataDir, migrationsDir: MIGRATIONS_DIR, settings: h.settings, secrets: new MemorySecrets(), now: () => now });
    disposers.push(() => relaunched.close());
    const r = await relaunched.dispatch('exercises.update', { id, name: 'Serve 4' }, { shell: 'web' });
    expect(r.ok).toBe(true);
    stamps = outbox({ store: relaunched.store() }).map(stampOf);
    expect(stamps.at(-1)! > lastBefore).toBe(true);
    // When the wall clock passes the stamps again, they follow it.
    now = Date.parse('2026-06-02T00:00:00.000Z');
    await relaunched.dispatch('exercises.update', { id, name: 'Serve 5' }, { shell: 'web' });
    expect(outbox({ store: relaunched.store() }).map(stampOf).at(-1)!.startsWith('2026-06-02T00:00:00.000Z-0000-')).toBe(true);
  });

  it('moves past stamps that came from the cloud, so a later local edit wins and an older remote one does not', async () => {
    const w = await world();
    const { core, ok, users, store } = w;
    const ex = await ok(users.alex, 'exercises.create', { name: 'Footwork' });
    // A remote edit stamped a minute in our future (another machine's clock runs ahead).
    const ahead = `${new Date(Date.now() + 60_000).toISOString()}-0000-feedfacefeedface`;
    await core.applyRemote([{ entity: 'exercise', op: 'upsert', id: ex.id, fields: { description: { value: 'from the laptop', hlc: ahead } } }]);
    expect((await ok(users.alex, 'exercises.get', { id: ex.id })).description).toBe('from the laptop');
    // Writing from the cloud is not a local change.
    const mutations = outbox(w).length;
    expect(store.db.prepare("SELECT hlc FROM sync_field_clock WHERE entity = 'exercise' AND record_id = ? AND field = 'description'").get(ex.id)).toEqual({ hlc: ahead });

    await ok(users.alex, 'exercises.update', { id: ex.id, description: 'from this machine' });
    const mine = outbox(w).slice(mutations);
    expect(mine).toHaveLength(1);
    expect(mine[0]!.fields['description']!.hlc > ahead).toBe(true);

    // An edit made elsewhere earlier than ours arrives late: ours stays.
    const older = `${new Date(Date.now() - 60_000).toISOString()}-0000-feedfacefeedface`;
    const applied = await core.applyRemote([{ entity: 'exercise', op: 'upsert', id: ex.id, fields: { description: { value: 'stale', hlc: older } } }]);
    expect(applied).toEqual({ applied: 0, skippedFields: 1 });
    expect((await ok(users.alex, 'exercises.get', { id: ex.id })).description).toBe('from this machine');
  });

  it('refuses a remote batch stamped too far in the future, writing nothing from it', async () => {
    const w = await world();
    const { core, store, users } = w;
    const record = remoteAsset(users.alex.id);
    const far = `${new Date(Date.now() + 3_600_000).toISOString()}-0000-feedfacefeedface`;
    for (const field of Object.values(record.fields)) field.hlc = far;
    const before = rowCounts(store.db);
    const clockBefore = store.db.prepare('SELECT hlc_last FROM local_profile').get();
    await expect(core.applyRemote([remote('user', { username: 'zed', display_name: 'Zed', role: 'student' }), record])).rejects.toThrow(/too far ahead/);
    expect(rowCounts(store.db)).toEqual(before);
    expect(store.db.prepare('SELECT hlc_last FROM local_profile').get()).toEqual(clockBefore);
  });
});
