import { afterEach, describe, expect, it } from 'vitest';
import type { MediaAsset } from '../../src-shared/domain';
import { expectRefusal } from '../support/records';
import { makeWorld, type World } from '../support/world';

/**
 * assets.list reads a large library in pages (newest first, `limit` after the last video of the page
 * before), and answers as before when no page is asked for.
 */

let world: World;
afterEach(() => world?.dispose());

/** dana's library: 12 videos; ties on created_at (as a batch import makes) are broken by id. */
async function library() {
  world = await makeWorld();
  const { users, asset, store } = world;
  const ids: string[] = [];
  for (let i = 0; i < 12; i++) ids.push(await asset(users.coach, i % 2 ? `serve-${i}.mp4` : `rally-${i}.mp4`));
  // Half share one instant; the others are spread over later minutes.
  const stamp = store.db.prepare('UPDATE core_videoasset SET created_at = ? WHERE id = ?');
  ids.forEach((id, i) => stamp.run(i < 6 ? '2026-02-01T10:00:00.000Z' : `2026-02-01T1${i - 5}:00:00.000Z`, id));
  return ids;
}

/** Every page of `limit` until a short one, concatenated. */
async function allPages(input: { limit: number; search?: string; tag?: string }): Promise<{ items: MediaAsset[]; calls: number }> {
  const items: MediaAsset[] = [];
  let calls = 0;
  for (;;) {
    const last = items.at(-1);
    const page = await world.ok(world.users.coach, 'assets.list', { ...input, ...(last ? { after: { createdAt: last.createdAt, id: last.id } } : {}) });
    calls++;
    items.push(...page);
    if (page.length < input.limit) return { items, calls };
  }
}

describe('assets.list pages', () => {
  it('pages through the whole library in the unpaged order, each video once', async () => {
    const ids = await library();
    const whole = await world.ok(world.users.coach, 'assets.list', {});
    expect(whole.map((a) => a.id).sort()).toEqual([...ids].sort());
    const paged = await allPages({ limit: 5 });
    expect(paged.items.map((a) => a.id)).toEqual(whole.map((a) => a.id));
    expect(paged.calls).toBe(3); // 5 + 5 + 2
    // Newest first, ties by id descending.
    const keys = whole.map((a) => `${a.createdAt}|${a.id}`);
    expect(keys).toEqual([...keys].sort().reverse());
  });

  it('pages a search and a tag filter too', async () => {
    await library();
    const { ok, users } = world;
    const serve = await allPages({ limit: 2, search: 'serve' });
    expect(serve.items.map((a) => a.origFilename).sort()).toEqual(['serve-1.mp4', 'serve-11.mp4', 'serve-3.mp4', 'serve-5.mp4', 'serve-7.mp4', 'serve-9.mp4']);
    const tag = await ok(users.coach, 'tags.create', { name: 'Match' });
    const all = await ok(users.coach, 'assets.list', {});
    for (const a of all.slice(0, 3)) await ok(users.coach, 'tags.attach', { tag: tag.id, contentType: 'videoasset', contentId: a.id });
    expect((await allPages({ limit: 2, tag: tag.id })).items.map((a) => a.id)).toEqual(all.slice(0, 3).map((a) => a.id));
  });

  it('without a limit answers the first 500, as before; a page is at most 1,000', async () => {
    world = await makeWorld();
    const { store, users, ok, as } = world;
    const insert = store.db.prepare(
      `INSERT INTO core_videoasset (id, orig_filename, mime_type, video_type, local_state, owner, created_at, updated_at)
       VALUES (lower(hex(randomblob(4))) || '-0000-4000-8000-' || lower(hex(randomblob(6))), ?, 'video/mp4', 'upload', 'remote', ?, ?, ?)`,
    );
    store.db.transaction(() => {
      for (let i = 0; i < 520; i++) insert.run(`v${i}.mp4`, users.coach.id, '2026-03-01T00:00:00.000Z', '2026-03-01T00:00:00.000Z');
    })();
    expect(await ok(users.coach, 'assets.list', {})).toHaveLength(500);
    expect(await ok(users.coach, 'assets.list', { limit: 1000 })).toHaveLength(520);
    expectRefusal(await as(users.coach, 'assets.list', { limit: 1001 }), 'bad-input');
  });
});
