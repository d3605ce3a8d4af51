/**
 * Every invariant of the store, broken on purpose: through the service (a channel, as a user) where
 * a channel can express the bad value, directly in SQL, and — where no channel can (assets and clips
 * are not imported or cut yet) — through applyRemote, whose batch is one transaction. Each refusal
 * leaves every table exactly as it was.
 */
import { randomUUID } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import type { ErrorCode, Result } from '../../src-shared/result';
import type { RemoteRecord } from '../../src-main/core/sync/apply-remote';
import { iso, makeWorld, remote, remoteAsset, type World } from '../support/world';
import { constraintError, expectRefusal, insertRow, remoteClip, rowCounts, sha256Hex, sqlAssetRow, sqlClipRow } from '../support/records';

let world: World | undefined;
afterEach(() => {
  world?.dispose();
  world = undefined;
});

/** A coach's world with one of everything: an assignment with a model video, Alex's own exercise and his submission, a comment, a tag. */
async function fixture() {
  world = await makeWorld();
  const w = world;
  const { ok, users, asset } = w;
  const model = await asset(users.coach, 'model.mp4');
  const assignment = await ok(users.coach, 'exercises.create', { name: 'Serve', videoAsset: model });
  const own = await ok(users.alex, 'exercises.create', { name: 'Footwork' });
  const attempt = await asset(users.alex, 'attempt.mp4');
  const submission = await ok(users.alex, 'submissions.create', { exercise: assignment.id, videoAsset: attempt });
  const comment = await ok(users.coach, 'comments.create', { exercise: own.id, text: 'Nice rhythm' });
  const tag = await ok(users.coach, 'tags.create', { name: 'Footwork' });
  const checksum = w.store.assets.get(attempt)!.checksum_sha256!;
  return { w, ...w, model, assignment, own, attempt, submission, comment, tag, checksum };
}
type Fixture = Awaited<ReturnType<typeof fixture>>;

/** The channel refuses with `code` and a message for a person, and no table changed. */
async function refusedByService(f: Fixture, code: ErrorCode, call: () => Promise<Result<unknown>>): Promise<string> {
  const before = rowCounts(f.store.db);
  const message = expectRefusal(await call(), code);
  expect(rowCounts(f.store.db)).toEqual(before);
  return message;
}

/** SQLite refuses the statement with a constraint error, and no table changed. */
function refusedBySql(f: Fixture, run: () => unknown): string {
  const before = rowCounts(f.store.db);
  const code = constraintError(run);
  expect(rowCounts(f.store.db)).toEqual(before);
  return code;
}

/** applyRemote refuses a batch ending in `bad`; the valid record ahead of it is not written either. */
async function refusedByRemote(f: Fixture, bad: RemoteRecord): Promise<void> {
  const t = iso();
  const fine = remote('exercise', { name: `Fine ${randomUUID()}`, description: null, video_asset: null, created_by: f.users.sam.id, created_at: t, updated_at: t });
  const before = rowCounts(f.store.db);
  await expect(f.core.applyRemote([fine, bad])).rejects.toThrow();
  expect(rowCounts(f.store.db)).toEqual(before);
}

/** A remote asset of Alex's with one field replaced. */
const badAsset = (f: Fixture, field: string, value: string | number | null) => {
  const record = remoteAsset(f.users.alex.id);
  record.fields[field]!.value = value;
  return record;
};

describe('the rows and records these tests break are valid as they are', () => {
  it('so each refusal below is about the one value changed', async () => {
    const f = await fixture();
    const t = iso();
    const fine = remote('exercise', { name: 'Fine', description: null, video_asset: null, created_by: f.users.sam.id, created_at: t, updated_at: t });
    await f.core.applyRemote([fine, remoteAsset(f.users.alex.id), remoteClip(f.w, f.users.alex.id, f.attempt, 0.5, 1.25)]);
    const asset = sqlAssetRow(f.users.alex.id);
    insertRow(f.store.db, 'core_videoasset', asset);
    insertRow(f.store.db, 'core_videoclip', sqlClipRow(f.users.alex.id, asset['id'] as string, asset['checksum_sha256'] as string));
    expect([f.count('core_videoclip'), (await f.ok(f.users.sam, 'exercises.list', { owner: f.users.sam.id })).items.length]).toEqual([2, 1]);
  });
});

describe('video MIME types only', () => {
  const bad = ['image/jpeg', 'audio/mp4', 'application/x-mpegURL', 'video/MP4', 'video', ''];
  it('applyRemote refuses an asset that is not a video (no channel imports assets yet)', async () => {
    const f = await fixture();
    for (const mime of bad) await refusedByRemote(f, badAsset(f, 'mime_type', mime));
  });
  it('SQL refuses it', async () => {
    const f = await fixture();
    for (const mime of bad) refusedBySql(f, () => insertRow(f.store.db, 'core_videoasset', sqlAssetRow(f.users.alex.id, { mime_type: mime })));
    refusedBySql(f, () => f.store.db.prepare("UPDATE core_videoasset SET mime_type = 'image/gif' WHERE id = ?").run(f.attempt));
  });
});

describe('size_bytes > 0', () => {
  it('applyRemote refuses an empty or negative size', async () => {
    const f = await fixture();
    for (const size of [0, -1]) await refusedByRemote(f, badAsset(f, 'size_bytes', size));
  });
  it('SQL refuses it, for assets and clips', async () => {
    const f = await fixture();
    for (const size of [0, -1]) {
      refusedBySql(f, () => insertRow(f.store.db, 'core_videoasset', sqlAssetRow(f.users.alex.id, { size_bytes: size })));
      refusedBySql(f, () => insertRow(f.store.db, 'core_videoclip', sqlClipRow(f.users.alex.id, f.attempt, f.checksum, { size_bytes: size })));
    }
  });
});

describe('64-hex checksum_sha256', () => {
  const bad = () => ['0'.repeat(63), '0'.repeat(65), sha256Hex('x').toUpperCase(), 'z'.repeat(64), ''];
  it('applyRemote refuses a checksum that is not 64 lowercase hex characters', async () => {
    const f = await fixture();
    for (const checksum of bad()) await refusedByRemote(f, badAsset(f, 'checksum_sha256', checksum));
  });
  it('SQL refuses it', async () => {
    const f = await fixture();
    for (const checksum of bad()) refusedBySql(f, () => insertRow(f.store.db, 'core_videoasset', sqlAssetRow(f.users.alex.id, { checksum_sha256: checksum })));
  });
});

describe("video_type in upload/recorded/youtube", () => {
  const bad = ['stream', 'UPLOAD', 'clip', ''];
  it('applyRemote refuses another type, and a youtube asset without its URL', async () => {
    const f = await fixture();
    for (const type of bad) await refusedByRemote(f, badAsset(f, 'video_type', type));
    await refusedByRemote(f, badAsset(f, 'video_type', 'youtube'));
  });
  it('SQL refuses it', async () => {
    const f = await fixture();
    for (const type of bad) refusedBySql(f, () => insertRow(f.store.db, 'core_videoasset', sqlAssetRow(f.users.alex.id, { video_type: type })));
    refusedBySql(f, () => insertRow(f.store.db, 'core_videoasset', sqlAssetRow(f.users.alex.id, { video_type: 'youtube', youtube_url: null })));
  });
});

describe('a known processing_status', () => {
  it('applyRemote refuses to set it at all: it belongs to this machine’s pipeline', async () => {
    const f = await fixture();
    const before = rowCounts(f.store.db);
    await expect(f.core.applyRemote([remote('videoasset', { processing_status: 'ready' }, f.attempt)])).rejects.toMatchObject({
      code: 'bad-input', message: expect.stringContaining('processing_status'),
    });
    expect(rowCounts(f.store.db)).toEqual(before);
    expect((await f.ok(f.users.alex, 'assets.get', { id: f.attempt })).processingStatus).toBe('pending');
  });
  it('SQL refuses an unknown status on insert and update, for assets and clips', async () => {
    const f = await fixture();
    refusedBySql(f, () => insertRow(f.store.db, 'core_videoasset', sqlAssetRow(f.users.alex.id, { processing_status: 'done' })));
    refusedBySql(f, () => insertRow(f.store.db, 'core_videoclip', sqlClipRow(f.users.alex.id, f.attempt, f.checksum, { processing_status: 'queued' })));
    refusedBySql(f, () => f.store.db.prepare("UPDATE core_videoasset SET processing_status = 'Ready' WHERE id = ?").run(f.attempt));
  });
});

describe('processing_status transitions', () => {
  it('SQL refuses a skipped or backward step and keeps the status', async () => {
    const f = await fixture();
    const set = (to: string) => f.store.db.prepare('UPDATE core_videoasset SET processing_status = ? WHERE id = ?').run(to, f.attempt);
    refusedBySql(f, () => set('ready'));
    set('processing');
    set('ready');
    refusedBySql(f, () => set('pending'));
    expect((await f.ok(f.users.alex, 'assets.get', { id: f.attempt })).processingStatus).toBe('ready');
  });
});

describe('clip start >= 0, end > start, duration = end − start, unique clip_hash', () => {
  const cases: [string, number, number, Record<string, unknown>][] = [
    ['start < 0', -0.5, 1, {}],
    ['end = start', 2, 2, {}],
    ['end < start', 3, 2, {}],
    ['duration too long', 1, 2, { duration: 1.5 }],
    ['duration too short', 1, 2, { duration: 0.5 }],
    ['duration negative', 2, 1, { duration: -1 }],
  ];
  it('applyRemote refuses each broken clip', async () => {
    const f = await fixture();
    for (const [, start, end, over] of cases) await refusedByRemote(f, remoteClip(f.w, f.users.alex.id, f.attempt, start, end, over as { duration?: number }));
    await f.core.applyRemote([remoteClip(f.w, f.users.alex.id, f.attempt, 0, 1)]);
    await refusedByRemote(f, remoteClip(f.w, f.users.sam.id, await f.asset(f.users.sam), 4, 5, { hash: f.store.clips.list(f.users.alex.id, null)[0]!.clipHash }));
  });
  it('SQL refuses each broken clip', async () => {
    const f = await fixture();
    for (const [name, start, end, over] of cases) {
      const code = refusedBySql(f, () => insertRow(f.store.db, 'core_videoclip', sqlClipRow(f.users.alex.id, f.attempt, f.checksum, { start_time: start, end_time: end, ...over })));
      expect(code, name).toBe('SQLITE_CONSTRAINT_CHECK');
    }
    const first = sqlClipRow(f.users.alex.id, f.attempt, f.checksum, { start_time: 0, end_time: 1 });
    insertRow(f.store.db, 'core_videoclip', first);
    expect(refusedBySql(f, () => insertRow(f.store.db, 'core_videoclip', sqlClipRow(f.users.alex.id, f.attempt, f.checksum, { start_time: 5, end_time: 6, clip_hash: first['clip_hash'] }))))
      .toBe('SQLITE_CONSTRAINT_UNIQUE');
    // Moving an existing clip's end is refused too when its duration no longer fits.
    refusedBySql(f, () => f.store.db.prepare('UPDATE core_videoclip SET end_time = 3 WHERE id = ?').run(first['id']));
  });
});

describe('exercise name unique per owner', () => {
  it('the service says conflict, on create and on rename, whatever the case', async () => {
    const f = await fixture();
    for (const name of ['Footwork', 'footwork', ' FOOTWORK ']) {
      expect(await refusedByService(f, 'conflict', () => f.as(f.users.alex, 'exercises.create', { name }))).toContain('Footwork');
    }
    const other = await f.ok(f.users.alex, 'exercises.create', { name: 'Lob' });
    await refusedByService(f, 'conflict', () => f.as(f.users.alex, 'exercises.update', { id: other.id, name: 'FootWork' }));
  });
  it('SQL refuses it', async () => {
    const f = await fixture();
    expect(refusedBySql(f, () => insertRow(f.store.db, 'exercises_exercise', { id: randomUUID(), name: 'FOOTWORK', created_by: f.users.alex.id, created_at: iso(), updated_at: iso() })))
      .toBe('SQLITE_CONSTRAINT_UNIQUE');
    const lob = { id: randomUUID(), name: 'Lob', created_by: f.users.alex.id, created_at: iso(), updated_at: iso() };
    insertRow(f.store.db, 'exercises_exercise', lob);
    refusedBySql(f, () => f.store.db.prepare("UPDATE exercises_exercise SET name = 'footwork' WHERE id = ?").run(lob.id));
  });
});

describe('exercise name of 1–140 characters', () => {
  it('the service says bad-input for an empty, blank or too long name', async () => {
    const f = await fixture();
    for (const name of ['', '   ', 'x'.repeat(141)]) {
      const message = await refusedByService(f, 'bad-input', () => f.as(f.users.alex, 'exercises.create', { name }));
      expect(message).toMatch(/^name: /);
    }
    await refusedByService(f, 'bad-input', () => f.as(f.users.alex, 'exercises.update', { id: f.own.id, name: 'y'.repeat(141) }));
  });
  it('SQL refuses it', async () => {
    const f = await fixture();
    for (const name of ['', 'x'.repeat(141), ' padded', null]) {
      refusedBySql(f, () => insertRow(f.store.db, 'exercises_exercise', { id: randomUUID(), name, created_by: f.users.alex.id, created_at: iso(), updated_at: iso() }));
    }
  });
});

describe('a comment needs text or a video', () => {
  it('the service says bad-input, on create and on edit', async () => {
    const f = await fixture();
    await refusedByService(f, 'bad-input', () => f.as(f.users.coach, 'comments.create', { exercise: f.own.id }));
    await refusedByService(f, 'bad-input', () => f.as(f.users.coach, 'comments.create', { exercise: f.own.id, text: '   ', videoAsset: null }));
    await refusedByService(f, 'bad-input', () => f.as(f.users.coach, 'comments.update', { id: f.comment.id, text: null }));
    expect((await f.ok(f.users.alex, 'comments.list', { exercise: f.own.id }))[0]!.text).toBe('Nice rhythm');
  });
  it('SQL refuses it', async () => {
    const f = await fixture();
    const row = (text: string | null) => ({ id: randomUUID(), exercise: f.own.id, author: f.users.coach.id, text, video_asset: null, created_at: iso(), updated_at: iso() });
    for (const text of [null, '', '   ']) refusedBySql(f, () => insertRow(f.store.db, 'comments_videocomment', row(text)));
    refusedBySql(f, () => f.store.db.prepare('UPDATE comments_videocomment SET text = NULL WHERE id = ?').run(f.comment.id));
  });
});

describe('a comment’s submission belongs to the comment’s exercise', () => {
  it('the service says bad-input when a submission is given on a student’s own exercise', async () => {
    const f = await fixture();
    await refusedByService(f, 'bad-input', () => f.as(f.users.coach, 'comments.create', { exercise: f.own.id, text: 'Hm', submission: f.submission.id }));
  });
  it('SQL refuses it on insert and on update', async () => {
    const f = await fixture();
    const row = { id: randomUUID(), exercise: f.own.id, author: f.users.coach.id, text: 'x', submission: f.submission.id, created_at: iso(), updated_at: iso() };
    refusedBySql(f, () => insertRow(f.store.db, 'comments_videocomment', row));
    refusedBySql(f, () => f.store.db.prepare('UPDATE comments_videocomment SET submission = ? WHERE id = ?').run(f.submission.id, f.comment.id));
  });
});

describe('one submission per student × exercise', () => {
  it('the service says conflict and points at resubmitting', async () => {
    const f = await fixture();
    const message = await refusedByService(f, 'conflict', () => f.as(f.users.alex, 'submissions.create', { exercise: f.assignment.id, videoAsset: f.attempt }));
    expect(message).toMatch(/[Rr]esubmit/);
  });
  it('SQL refuses it', async () => {
    const f = await fixture();
    expect(refusedBySql(f, () =>
      insertRow(f.store.db, 'submissions_submission', { id: randomUUID(), student: f.users.alex.id, exercise: f.assignment.id, video_asset: f.attempt }),
    )).toBe('SQLITE_CONSTRAINT_UNIQUE');
  });
  it('and only a student submits, only to a coach’s exercise: the service refuses, SQL too', async () => {
    const f = await fixture();
    await refusedByService(f, 'bad-input', () => f.as(f.users.alex, 'submissions.create', { exercise: f.own.id, videoAsset: f.attempt }));
    await refusedByService(f, 'forbidden', () => f.as(f.users.coach, 'submissions.create', { exercise: f.assignment.id, videoAsset: f.model }));
    await refusedByService(f, 'not-found', () => f.as(f.users.sam, 'submissions.create', { exercise: f.assignment.id, videoAsset: f.attempt }));
    refusedBySql(f, () => insertRow(f.store.db, 'submissions_submission', { id: randomUUID(), student: f.users.sam.id, exercise: f.own.id, video_asset: f.attempt }));
  });
});

describe('one vote per voter × comment', () => {
  it('through the service a second vote replaces the first: still one row, the new value', async () => {
    const f = await fixture();
    const first = await f.ok(f.users.alex, 'votes.cast', { comment: f.comment.id, isHelpful: true });
    const before = rowCounts(f.store.db);
    const second = await f.ok(f.users.alex, 'votes.cast', { comment: f.comment.id, isHelpful: false });
    expect(second.id).toBe(first.id);
    expect(rowCounts(f.store.db).votes_helpfulvote).toBe(before['votes_helpfulvote']);
    const [view] = await f.ok(f.users.alex, 'comments.list', { exercise: f.own.id });
    expect(view).toMatchObject({ myVote: false, helpfulCount: 0 });
  });
  it('SQL refuses a second row', async () => {
    const f = await fixture();
    await f.ok(f.users.alex, 'votes.cast', { comment: f.comment.id, isHelpful: true });
    expect(refusedBySql(f, () => insertRow(f.store.db, 'votes_helpfulvote', { id: randomUUID(), voter: f.users.alex.id, comment: f.comment.id, is_helpful: 0 })))
      .toBe('SQLITE_CONSTRAINT_UNIQUE');
  });
});

describe('no vote on one’s own comment', () => {
  it('the service says forbidden', async () => {
    const f = await fixture();
    await refusedByService(f, 'forbidden', () => f.as(f.users.coach, 'votes.cast', { comment: f.comment.id, isHelpful: true }));
  });
  it('SQL refuses it', async () => {
    const f = await fixture();
    expect(refusedBySql(f, () => insertRow(f.store.db, 'votes_helpfulvote', { id: randomUUID(), voter: f.users.coach.id, comment: f.comment.id, is_helpful: 1 })))
      .toBe('SQLITE_CONSTRAINT_TRIGGER');
  });
});

describe('unique tag names, case-insensitive', () => {
  it('the service says conflict and names the existing tag', async () => {
    const f = await fixture();
    for (const name of ['Footwork', 'FOOTWORK', '  footwork ']) {
      expect(await refusedByService(f, 'conflict', () => f.as(f.users.alex, 'tags.create', { name }))).toContain('Footwork');
    }
  });
  it('SQL refuses it', async () => {
    const f = await fixture();
    expect(refusedBySql(f, () => insertRow(f.store.db, 'tags_tag', { id: randomUUID(), name: 'fOOTWORK' }))).toBe('SQLITE_CONSTRAINT_UNIQUE');
    for (const name of ['', ' x', 'x'.repeat(101)]) refusedBySql(f, () => insertRow(f.store.db, 'tags_tag', { id: randomUUID(), name }));
  });
});

describe('a tag once per content item', () => {
  it('through the service attaching it again is a no-op: no second link', async () => {
    const f = await fixture();
    expect(await f.ok(f.users.alex, 'tags.attach', { tag: f.tag.id, contentType: 'exercise', contentId: f.own.id })).toEqual({ attached: true });
    const before = rowCounts(f.store.db);
    expect(await f.ok(f.users.alex, 'tags.attach', { tag: f.tag.id, contentType: 'exercise', contentId: f.own.id })).toEqual({ attached: false });
    expect(rowCounts(f.store.db)).toEqual(before);
    expect((await f.ok(f.users.alex, 'exercises.get', { id: f.own.id })).tags.map((t) => t.name)).toEqual(['Footwork']);
  });
  it('SQL refuses a second link', async () => {
    const f = await fixture();
    insertRow(f.store.db, 'content_tags', { id: randomUUID(), content_type: 'exercise', content_id: f.own.id, tag_id: f.tag.id });
    expect(refusedBySql(f, () => insertRow(f.store.db, 'content_tags', { id: randomUUID(), content_type: 'exercise', content_id: f.own.id, tag_id: f.tag.id })))
      .toBe('SQLITE_CONSTRAINT_UNIQUE');
  });
});

describe('a tag link points at a row that exists', () => {
  const types = ['exercise', 'videoasset', 'clip', 'comment'] as const;
  it('the service says not-found for an item that does not exist (or is not visible)', async () => {
    const f = await fixture();
    for (const contentType of types) {
      await refusedByService(f, 'not-found', () => f.as(f.users.alex, 'tags.attach', { tag: f.tag.id, contentType, contentId: randomUUID() }));
    }
    // Carol's exercise exists, but not for Alex.
    const carols = await f.ok(f.users.carol, 'exercises.create', { name: 'Carol’s' });
    await refusedByService(f, 'not-found', () => f.as(f.users.alex, 'tags.attach', { tag: f.tag.id, contentType: 'exercise', contentId: carols.id }));
    // Only the owner of an item tags it.
    await refusedByService(f, 'forbidden', () => f.as(f.users.coach, 'tags.attach', { tag: f.tag.id, contentType: 'exercise', contentId: f.own.id }));
  });
  it('SQL refuses a link to nothing, of every content type, and a link moved to another row', async () => {
    const f = await fixture();
    for (const content_type of [...types, 'user']) {
      refusedBySql(f, () => insertRow(f.store.db, 'content_tags', { id: randomUUID(), content_type, content_id: randomUUID(), tag_id: f.tag.id }));
    }
    const link = { id: randomUUID(), content_type: 'exercise', content_id: f.own.id, tag_id: f.tag.id };
    insertRow(f.store.db, 'content_tags', link);
    refusedBySql(f, () => f.store.db.prepare('UPDATE content_tags SET content_id = ? WHERE id = ?').run(f.assignment.id, link.id));
  });
});

describe('tag links go when the tagged row goes', () => {
  it('through the services: deleting an exercise, a comment, an asset', async () => {
    const f = await fixture();
    const { ok, users } = f;
    const extra = await ok(users.coach, 'comments.create', { exercise: f.own.id, text: 'Second thought' });
    await ok(users.alex, 'tags.attach', { tag: f.tag.id, contentType: 'exercise', contentId: f.own.id });
    await ok(users.coach, 'tags.attach', { tag: f.tag.id, contentType: 'comment', contentId: extra.id });
    await ok(users.coach, 'tags.attach', { tag: f.tag.id, contentType: 'comment', contentId: f.comment.id });
    await ok(users.alex, 'tags.attach', { tag: f.tag.id, contentType: 'videoasset', contentId: f.attempt });
    const usage = async () => (await ok(users.coach, 'tags.list', {})).find((t) => t.id === f.tag.id)!.usage;
    expect(await usage()).toBe(4);
    await ok(users.coach, 'comments.delete', { id: extra.id });
    expect(await usage()).toBe(3);
    // Deleting Alex's exercise takes its comments along, and their links with them.
    await ok(users.alex, 'exercises.delete', { id: f.own.id });
    expect(await usage()).toBe(1);
    await ok(users.alex, 'submissions.delete', { id: f.submission.id });
    await ok(users.alex, 'assets.delete', { id: f.attempt });
    expect(await usage()).toBe(0);
    expect(f.count('content_tags')).toBe(0);
    // The tag itself stays, to be used again.
    expect((await ok(users.alex, 'tags.list', { prefix: 'foot' })).map((t) => t.name)).toEqual(['Footwork']);
  });
  it('in SQL: deleting a row of each tagged table, directly or by cascade', async () => {
    const f = await fixture();
    const { store, users } = f;
    const clip = sqlClipRow(users.alex.id, f.attempt, f.checksum);
    insertRow(store.db, 'core_videoclip', clip);
    const link = (content_type: string, content_id: string) =>
      insertRow(store.db, 'content_tags', { id: randomUUID(), content_type, content_id, tag_id: f.tag.id });
    const linksTo = (id: string) => (store.db.prepare('SELECT count(*) AS n FROM content_tags WHERE content_id = ?').get(id) as { n: number }).n;
    link('exercise', f.own.id);
    link('comment', f.comment.id);
    link('videoasset', f.attempt);
    link('clip', clip['id'] as string);
    link('exercise', f.assignment.id);
    expect(f.count('content_tags')).toBe(5);
    store.db.prepare('DELETE FROM exercises_exercise WHERE id = ?').run(f.own.id);
    expect([linksTo(f.own.id), linksTo(f.comment.id)]).toEqual([0, 0]);
    store.db.prepare('DELETE FROM core_videoasset WHERE id = ?').run(f.attempt);
    expect([linksTo(f.attempt), linksTo(clip['id'] as string)]).toEqual([0, 0]);
    expect(f.count('content_tags')).toBe(1);
    expect(linksTo(f.assignment.id)).toBe(1);
  });
});

describe('updated_at kept current', () => {
  const LONG_AGO = '2020-01-01T00:00:00.000Z';
  const ISO = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;

  it('every change through a service moves its record’s updated_at to now', async () => {
    const f = await fixture();
    const { ok, users, store } = f;
    const backdate = (table: string, id: string) => store.db.prepare(`UPDATE ${table} SET updated_at = ? WHERE id = ?`).run(LONG_AGO, id);
    const start = new Date().toISOString();

    backdate('exercises_exercise', f.own.id);
    const renamed = await ok(users.alex, 'exercises.update', { id: f.own.id, description: 'quick feet' });
    expect(renamed.updatedAt >= start).toBe(true);
    expect((await ok(users.alex, 'exercises.get', { id: f.own.id })).updatedAt).toBe(renamed.updatedAt);

    backdate('comments_videocomment', f.comment.id);
    const edited = await ok(users.coach, 'comments.update', { id: f.comment.id, text: 'Nice rhythm, keep it' });
    expect(edited.updatedAt >= start).toBe(true);
    expect((await ok(users.alex, 'comments.list', { exercise: f.own.id }))[0]!.updatedAt).toBe(edited.updatedAt);

    backdate('submissions_submission', f.submission.id);
    const reviewed = await ok(users.coach, 'submissions.setStatus', { id: f.submission.id, status: 'reviewed' });
    expect(reviewed.updatedAt >= start).toBe(true);
    backdate('submissions_submission', f.submission.id);
    const resubmitted = await ok(users.alex, 'submissions.resubmit', { id: f.submission.id, videoAsset: await f.asset(users.alex) });
    expect(resubmitted.updatedAt >= start).toBe(true);
    expect((await ok(users.coach, 'submissions.list', { exercise: f.assignment.id }))[0]!.updatedAt).toBe(resubmitted.updatedAt);

    const vote = await ok(users.alex, 'votes.cast', { comment: f.comment.id, isHelpful: true });
    store.db.prepare('UPDATE votes_helpfulvote SET voted_at = ? WHERE id = ?').run(LONG_AGO, vote.id);
    expect((await ok(users.alex, 'votes.cast', { comment: f.comment.id, isHelpful: false })).votedAt >= start).toBe(true);
  });

  it('in SQL, a writer that forgets updated_at still moves it (every table that has one)', async () => {
    const f = await fixture();
    const { store, users } = f;
    const clip = sqlClipRow(users.alex.id, f.attempt, f.checksum);
    insertRow(store.db, 'core_videoclip', clip);
    await f.ok(users.coach, 'comparisons.align', { exercise: f.assignment.id, originalVideo: f.model, feedbackVideo: f.attempt, originalOffset: 0, feedbackOffset: 0 });
    const alignment = (store.db.prepare('SELECT id FROM comparison_alignment').get() as { id: string }).id;
    const edits: [string, string, string][] = [
      ['auth_user', users.alex.id, "display_name = 'Alexander'"],
      ['core_videoasset', f.attempt, "orig_filename = 'renamed.mp4'"],
      ['core_videoclip', clip['id'] as string, 'size_bytes = 99'],
      ['exercises_exercise', f.own.id, "description = 'edited'"],
      ['submissions_submission', f.submission.id, "status = 'reviewed'"],
      ['comments_videocomment', f.comment.id, "text = 'edited'"],
      ['comparison_alignment', alignment, 'original_offset = 2'],
    ];
    for (const [table, id, change] of edits) {
      store.db.prepare(`UPDATE ${table} SET updated_at = ? WHERE id = ?`).run(LONG_AGO, id);
      store.db.prepare(`UPDATE ${table} SET ${change} WHERE id = ?`).run(id);
      const { updated_at } = store.db.prepare(`SELECT updated_at FROM ${table} WHERE id = ?`).get(id) as { updated_at: string };
      expect(updated_at, table).toMatch(ISO);
      expect(updated_at > LONG_AGO, `${table} kept ${updated_at}`).toBe(true);
    }
  });
});
