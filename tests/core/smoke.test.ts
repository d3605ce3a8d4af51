import { afterEach, describe, expect, it } from 'vitest';
import { makeWorld, type World } from '../support/world';

let world: World;
afterEach(() => world?.dispose());

describe('world harness', () => {
  it('a coach sees a rostered student’s exercise, another coach does not', async () => {
    world = await makeWorld();
    const { ok, as, users } = world;
    const ex = await ok(users.alex, 'exercises.create', { name: 'Backhand' });
    const list = await ok(users.coach, 'exercises.list', {});
    expect(list.items.map((e) => e.id)).toContain(ex.id);
    const other = await as(users.olga, 'exercises.get', { id: ex.id });
    expect(other).toMatchObject({ ok: false, error: { code: 'not-found' } });
  });
});
