import { afterEach, describe, expect, it, vi } from 'vitest';
import type { ChannelInput } from '../../src-shared/contract';
import type { User } from '../../src-shared/domain';
import { expectRefusal } from '../support/records';
import { iso, makeWorld, remote, type World } from '../support/world';

/**
 * exercises.list pages newest first with an opaque cursor, filters by tag, owner and search text, and
 * its summaries count only the comments the caller may see.
 */

let world: World;
afterEach(() => {
  vi.restoreAllMocks();
  world?.dispose();
});

/** A world whose clock moves one second per reading, so "newest first" is creation order reversed. */
async function steppedWorld() {
  world = await makeWorld();
  let t = Date.parse('2026-03-01T08:00:00.000Z');
  vi.spyOn(world.store, 'now').mockImplementation(() => (t += 1000));
  return world;
}

/** Every page of the list, following nextCursor; fails if the pages never end. */
async function allPages(actor: User, filter: Omit<ChannelInput<'exercises.list'>, 'cursor'>) {
  const pages: string[][] = [];
  let cursor: string | undefined;
  do {
    const page = await world.ok(actor, 'exercises.list', { ...filter, ...(cursor ? { cursor } : {}) });
    expect(page.items.length).toBeLessThanOrEqual(filter.limit ?? 50);
    pages.push(page.items.map((e) => e.id));
    cursor = page.nextCursor ?? undefined;
    expect(pages.length).toBeLessThan(500);
  } while (cursor);
  return pages;
}

describe('exercises.list', () => {
  it('pages through every visible exercise exactly once, newest first', async () => {
    await steppedWorld();
    const { users, ok } = world;
    const created: { id: string; owner: string }[] = [];
    for (let i = 0; i < 120; i++) {
      // Dana's assignments and alex's own exercises, interleaved; olga's now and then (dana never sees them).
      const owner = i % 3 === 2 ? users.alex : users.coach;
      created.push({ id: (await ok(owner, 'exercises.create', { name: `Drill ${String(i).padStart(3, '0')}` })).id, owner: owner.id });
      if (i % 12 === 0) created.push({ id: (await ok(users.olga, 'exercises.create', { name: `Olga ${i}` })).id, owner: users.olga.id });
    }
    const newestFirst = (owners: string[]) => created.filter((c) => owners.includes(c.owner)).map((c) => c.id).reverse();

    const pages = await allPages(users.coach, { limit: 25 });
    expect(pages.map((p) => p.length)).toEqual([25, 25, 25, 25, 20]);
    expect(pages.flat()).toEqual(newestFirst([users.coach.id, users.alex.id]));

    // Alex sees dana's assignments and his own; sam only dana's.
    expect((await allPages(users.alex, { limit: 50 })).flat()).toEqual(newestFirst([users.coach.id, users.alex.id]));
    expect((await allPages(users.sam, { limit: 200 })).flat()).toEqual(newestFirst([users.coach.id]));
    expect((await allPages(users.carol, { limit: 7 })).flat()).toEqual(newestFirst([users.olga.id]));

    // The first page alone: as many as asked, and a cursor to the next.
    const first = await ok(users.coach, 'exercises.list', { limit: 10 });
    expect(first.items.map((e) => e.name)).toEqual(['Drill 119', 'Drill 118', 'Drill 117', 'Drill 116', 'Drill 115', 'Drill 114', 'Drill 113', 'Drill 112', 'Drill 111', 'Drill 110']);
    expect(first.nextCursor).not.toBeNull();
    // Exactly a page's worth left: the last page says there is no more.
    const all = await ok(users.coach, 'exercises.list', { limit: 120 });
    expect(all.items).toHaveLength(120);
    expect(all.nextCursor).toBeNull();
  });

  it('exercises made in the same millisecond are neither skipped nor repeated across pages', async () => {
    world = await makeWorld();
    const { users, ok, core } = world;
    const sameTime = iso(42);
    const records = Array.from({ length: 30 }, (_, i) =>
      remote('exercise', { name: `Twin ${i}`, description: null, video_asset: null, created_by: users.sam.id, created_at: sameTime, updated_at: sameTime }),
    );
    await core.applyRemote(records);
    for (const limit of [1, 7, 29, 30]) {
      const ids = (await allPages(users.coach, { limit })).flat();
      expect(ids).toHaveLength(30);
      expect(new Set(ids).size).toBe(30);
      expect(ids.sort()).toEqual(records.map((r) => r.id).sort());
    }
    // A page boundary in the middle of the tie still hands over the rest.
    const first = await ok(users.coach, 'exercises.list', { limit: 13 });
    const rest = await ok(users.coach, 'exercises.list', { limit: 50, cursor: first.nextCursor! });
    expect(first.items.length + rest.items.length).toBe(30);
    expect(rest.nextCursor).toBeNull();
  });

  it('filters by tag, across pages', async () => {
    await steppedWorld();
    const { users, ok } = world;
    const serve = await ok(users.coach, 'tags.create', { name: 'Serve' });
    const tagged: string[] = [];
    for (let i = 0; i < 40; i++) {
      const owner = i % 2 ? users.alex : users.coach;
      const ex = await ok(owner, 'exercises.create', { name: `Drill ${i}` });
      if (i % 4 < 2) {
        await ok(owner, 'tags.attach', { tag: serve.id, contentType: 'exercise', contentId: ex.id });
        tagged.push(ex.id);
      }
    }
    expect((await allPages(users.coach, { tag: serve.id, limit: 6 })).flat()).toEqual([...tagged].reverse());
    const page = await ok(users.coach, 'exercises.list', { tag: serve.id, limit: 3 });
    expect(page.items.every((e) => e.tags.some((t) => t.id === serve.id))).toBe(true);
    // Sam sees only dana's tagged assignments.
    const samSees = (await allPages(users.sam, { tag: serve.id })).flat();
    expect(samSees).toEqual([...tagged].reverse().filter((id) => world.store.exercises.get(id)?.created_by === users.coach.id));
    expect(samSees.length).toBe(10);
    const other = await ok(users.coach, 'tags.create', { name: 'Volley' });
    expect((await ok(users.coach, 'exercises.list', { tag: other.id })).items).toEqual([]);
  });

  it('searches names and descriptions, taking % and _ literally', async () => {
    world = await makeWorld();
    const { users, ok } = world;
    const names = ['100% effort', '100 effort', 'Serve_drill', 'Serve drill', 'Servedrill', 'Back\\hand'];
    for (const name of names) await ok(users.coach, 'exercises.create', { name });
    await ok(users.coach, 'exercises.create', { name: 'Footwork', description: 'Full effort, 100% of the time' });
    const search = async (text: string) => (await ok(users.coach, 'exercises.list', { search: text })).items.map((e) => e.name).sort();
    expect(await search('100%')).toEqual(['100% effort', 'Footwork']);
    expect(await search('%')).toEqual(['100% effort', 'Footwork']);
    expect(await search('e_d')).toEqual(['Serve_drill']);
    expect(await search('_')).toEqual(['Serve_drill']);
    expect(await search('\\')).toEqual(['Back\\hand']);
    expect(await search('SERVE')).toEqual(['Serve drill', 'Serve_drill', 'Servedrill']);
    expect(await search('  effort  ')).toEqual(['100 effort', '100% effort', 'Footwork']);
    expect(await search('nothing like it')).toEqual([]);
  });

  it('filters by owner, within what the caller may see', async () => {
    world = await makeWorld();
    const { users, ok } = world;
    await ok(users.coach, 'exercises.create', { name: 'Serve' });
    await ok(users.alex, 'exercises.create', { name: 'Backhand' });
    await ok(users.sam, 'exercises.create', { name: 'Forehand' });
    await ok(users.carol, 'exercises.create', { name: 'Lob' });
    const names = async (actor: User, owner: User) => (await ok(actor, 'exercises.list', { owner: owner.id })).items.map((e) => e.name);
    expect(await names(users.coach, users.alex)).toEqual(['Backhand']);
    expect(await names(users.coach, users.coach)).toEqual(['Serve']);
    expect(await names(users.alex, users.coach)).toEqual(['Serve']);
    expect(await names(users.sam, users.alex)).toEqual([]); // alex's own exercise is not sam's to see
    expect(await names(users.coach, users.carol)).toEqual([]);
    expect(await names(users.olga, users.carol)).toEqual(['Lob']);
  });

  it.each([
    ['garbage', 'garbage'],
    ['a time without an id', '2026-03-01T08:00:00.000Z'],
    ['an id that is not one', '2026-03-01T08:00:00.000Z|not-a-uuid-at-all-not-a-uuid-at-all'],
    ['a date that is not one', 'yesterday|0b7c3f4e-8a51-4a63-9d2e-5f1a7c9e2b10'],
    ['an SQL fragment', "' OR 1=1 --"],
    ['an over-long cursor', `2026-03-01T08:00:00.000Z|${'0'.repeat(300)}`],
  ])('a malformed cursor (%s) is bad-input', async (_what, cursor) => {
    world = await makeWorld();
    const { users, as } = world;
    await world.ok(users.coach, 'exercises.create', { name: 'Serve' });
    expectRefusal(await as(users.coach, 'exercises.list', { cursor }), 'bad-input');
  });

  it('summaries count only the comments the caller may see', async () => {
    world = await makeWorld();
    const { users, ok, asset } = world;
    const serve = await ok(users.coach, 'exercises.create', { name: 'Serve', videoAsset: await asset(users.coach) });
    const alexSub = await ok(users.alex, 'submissions.create', { exercise: serve.id, videoAsset: await asset(users.alex) });
    await ok(users.sam, 'submissions.create', { exercise: serve.id, videoAsset: await asset(users.sam) });
    // Alex's private thread: his question and dana's answer. Sam's: one question. And one note to all.
    await ok(users.alex, 'comments.create', { exercise: serve.id, text: 'Elbow?' });
    const answer = await ok(users.coach, 'comments.create', { exercise: serve.id, submission: alexSub.id, text: 'Higher' });
    await ok(users.sam, 'comments.create', { exercise: serve.id, text: 'Toss?' });
    await ok(users.coach, 'comments.create', { exercise: serve.id, text: 'Warm up first' });

    const counts = async (actor: User) => {
      const [item] = (await ok(actor, 'exercises.list', {})).items.filter((e) => e.id === serve.id);
      return { comments: item?.commentCount, unread: item?.unreadCount, submissions: item?.submissionCount };
    };
    expect(await counts(users.coach)).toEqual({ comments: 4, unread: 2, submissions: 2 });
    expect(await counts(users.alex)).toEqual({ comments: 3, unread: 2, submissions: 1 });
    expect(await counts(users.sam)).toEqual({ comments: 2, unread: 1, submissions: 1 });
    // exercises.get agrees with the list.
    expect((await ok(users.sam, 'exercises.get', { id: serve.id })).commentCount).toBe(2);

    await ok(users.alex, 'comments.markRead', { ids: [answer.id] });
    expect(await counts(users.alex)).toEqual({ comments: 3, unread: 1, submissions: 1 });
    expect(await counts(users.sam)).toEqual({ comments: 2, unread: 1, submissions: 1 });
  });
});
