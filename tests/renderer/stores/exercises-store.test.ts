import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { ChannelOutput } from '../../../src-shared/contract';
import { useExercisesStore } from '../../../src-renderer/stores/exercises-store';
import { deferred, installFakeApi, Refusal, summary } from '../fake-api';

type Page = ChannelOutput<'exercises.list'>;
const state = () => useExercisesStore.getState();

beforeEach(() => state().reset());
afterEach(() => vi.unstubAllGlobals());

describe('the exercises list', () => {
  it('loads the first page, then the next one, without showing a row twice', async () => {
    const a = summary({ name: 'A' });
    const b = summary({ name: 'B' });
    const c = summary({ name: 'C' });
    const fake = installFakeApi({
      'exercises.list': (input): Page => (input.cursor ? { items: [b, c], nextCursor: null } : { items: [a, b], nextCursor: 'page-2' }),
    });
    await state().load();
    expect(state().items.map((e) => e.name)).toEqual(['A', 'B']);
    expect(state().nextCursor).toBe('page-2');

    await state().loadMore();
    expect(state().items.map((e) => e.name)).toEqual(['A', 'B', 'C']);
    expect(state().nextCursor).toBeNull();
    expect(fake.callsTo('exercises.list')[1]).toMatchObject({ cursor: 'page-2' });
  });

  it('searches with what was typed, trimmed, and the chosen tag', async () => {
    const fake = installFakeApi({ 'exercises.list': (): Page => ({ items: [], nextCursor: null }) });
    state().setQuery({ search: '  serve ', tag: '00000000-0000-4000-8000-0000000000aa' });
    await vi.waitFor(() => expect(state().status).toBe('ready'));
    expect(fake.callsTo('exercises.list').at(-1)).toMatchObject({ search: 'serve', tag: '00000000-0000-4000-8000-0000000000aa' });
  });

  it('shows the answer to the latest search even when an older one arrives last', async () => {
    const slow = deferred<Page>();
    installFakeApi({
      'exercises.list': (input) => (input.search === 'old' ? slow.promise : { items: [summary({ name: 'New result' })], nextCursor: null }),
    });
    state().setQuery({ search: 'old' });
    state().setQuery({ search: 'new' });
    await vi.waitFor(() => expect(state().status).toBe('ready'));
    slow.resolve({ items: [summary({ name: 'Old result' })], nextCursor: null });
    await slow.promise;
    await new Promise((r) => setTimeout(r, 0));
    expect(state().items.map((e) => e.name)).toEqual(['New result']);
  });

  it('keeps what is on screen when a refresh after a change fails', async () => {
    let fail = false;
    installFakeApi({
      'exercises.list': (): Page => {
        if (fail) throw new Refusal({ code: 'internal', message: 'The list could not be read.' });
        return { items: [summary({ name: 'Still here' })], nextCursor: null };
      },
    });
    await state().load();
    fail = true;
    await state().refresh();
    expect(state().status).toBe('ready');
    expect(state().items.map((e) => e.name)).toEqual(['Still here']);
  });

  it('says why the first load failed, in the channel’s words, and loads again on retry', async () => {
    let fail = true;
    installFakeApi({
      'exercises.list': (): Page => {
        if (fail) throw new Refusal({ code: 'internal', message: 'The list could not be read.' });
        return { items: [], nextCursor: null };
      },
    });
    await state().load();
    expect(state()).toMatchObject({ status: 'error', error: 'The list could not be read.' });
    fail = false;
    await state().load();
    expect(state()).toMatchObject({ status: 'ready', error: null });
  });

  it('reloads everything already shown in one call when it refreshes', async () => {
    const many = Array.from({ length: 70 }, (_, i) => summary({ name: `E${i}` }));
    const fake = installFakeApi({
      'exercises.list': (input): Page =>
        input.cursor ? { items: many.slice(50), nextCursor: null } : { items: many.slice(0, input.limit), nextCursor: input.limit < 70 ? 'next' : null },
    });
    await state().load();
    await state().loadMore();
    await state().refresh();
    expect(fake.callsTo('exercises.list').at(-1)).toMatchObject({ limit: 70 });
    expect(state().items).toHaveLength(70);
  });
});
