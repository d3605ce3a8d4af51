import { afterEach, describe, expect, it } from 'vitest';
import { Core } from '../../../src-main/core/core';
import { formatHlc, MAX_DRIFT_MS, parseHlc, receive, tick, type HlcState } from '../../../src-main/core/sync/hlc';
import { MemorySecrets, MIGRATIONS_DIR, makeWorld, remoteUser, type World } from '../../support/world';

const ME = '0123456789abcdef';
const THEM = 'feedfacefeedface';
const T0 = Date.parse('2026-06-01T12:00:00.000Z');
const MAX_COUNTER = 0xffff;

/** A small seeded generator, so a failing sequence can be replayed. */
function random(seed: number) {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
/** Wall clocks that mostly creep forward, sometimes stand still, and now and then jump back (NTP, a user, a VM resume). */
function wallClock(rand: () => number) {
  let now = T0;
  return () => {
    const r = rand();
    if (r < 0.15) now -= Math.floor(rand() * 120_000);
    else if (r < 0.5) now += 0;
    else now += Math.floor(rand() * 5);
    return now;
  };
}
const newer = (a: HlcState, b: HlcState) => a.millis > b.millis || (a.millis === b.millis && a.counter > b.counter);

describe('hybrid logical clock stamps', () => {
  it('format as `<ISO time>-<4 hex counter>-<client id>` and parse back', () => {
    const stamp = formatHlc({ millis: T0, counter: 10 }, ME);
    expect(stamp).toBe(`2026-06-01T12:00:00.000Z-000a-${ME}`);
    expect(parseHlc(stamp)).toEqual({ millis: T0, counter: 10, clientId: ME });
    expect(formatHlc({ millis: T0, counter: MAX_COUNTER }, ME)).toBe(`2026-06-01T12:00:00.000Z-ffff-${ME}`);
    for (const bad of ['', 'now', `2026-06-01T12:00:00Z-0000-${ME}`, `2026-06-01T12:00:00.000Z-000-${ME}`, `2026-06-01T12:00:00.000Z-10000-${ME}`,
      `2026-06-01T12:00:00.000Z-0000-${ME.toUpperCase()}`, `2026-06-01T12:00:00.000Z-0000-${ME}0`]) {
      expect(() => parseHlc(bad), bad).toThrow(/not a clock stamp/);
    }
  });

  it('sort as strings exactly as (time, counter, client) do, so every machine picks the same last writer', () => {
    const rand = random(7);
    const clients = [ME, THEM, '0000000000000001'];
    const pick = () => ({ millis: T0 + Math.floor(rand() * 3) * (rand() < 0.5 ? 1 : 86_400_000), counter: Math.floor(rand() * 3) * (rand() < 0.5 ? 1 : 0x1000), client: clients[Math.floor(rand() * 3)]! });
    for (let i = 0; i < 2000; i++) {
      const a = pick();
      const b = pick();
      const byFields = a.millis - b.millis || a.counter - b.counter || a.client.localeCompare(b.client);
      const sa = formatHlc(a, a.client);
      const sb = formatHlc(b, b.client);
      const byString = sa < sb ? -1 : sa > sb ? 1 : 0;
      expect(Math.sign(byString), `${sa} vs ${sb}`).toBe(Math.sign(byFields));
    }
  });
});

describe('tick (a local change)', () => {
  it('always moves forward, whatever the wall clock does', () => {
    for (const seed of [1, 2, 3]) {
      const rand = random(seed);
      const clock = wallClock(rand);
      let state: HlcState = { millis: 0, counter: 0 };
      let last = formatHlc(state, ME);
      for (let i = 0; i < 2000; i++) {
        const now = clock();
        const next = tick(state, now);
        expect(newer(next, state)).toBe(true);
        expect(next.millis).toBe(Math.max(state.millis, now));
        const stamp = formatHlc(next, ME);
        expect(stamp > last, `seed ${seed}, step ${i}`).toBe(true);
        expect(parseHlc(stamp)).toMatchObject(next);
        state = next;
        last = stamp;
      }
    }
  });

  it('follows the wall clock when it moves ahead (counter back to 0), and counts when it does not', () => {
    expect(tick({ millis: T0, counter: 5 }, T0 + 1)).toEqual({ millis: T0 + 1, counter: 0 });
    expect(tick({ millis: T0, counter: 5 }, T0)).toEqual({ millis: T0, counter: 6 });
    // The wall clock went back an hour: time stays where it was, the counter carries the order.
    expect(tick({ millis: T0, counter: 5 }, T0 - 3_600_000)).toEqual({ millis: T0, counter: 6 });
  });

  it('refuses to overflow the counter rather than wrap around to an older-looking stamp', () => {
    expect(tick({ millis: T0, counter: MAX_COUNTER - 1 }, T0)).toEqual({ millis: T0, counter: MAX_COUNTER });
    expect(() => tick({ millis: T0, counter: MAX_COUNTER }, T0)).toThrow(/overflow/);
    expect(() => tick({ millis: T0, counter: MAX_COUNTER }, T0 - 10)).toThrow(/overflow/);
    // As soon as the wall clock moves on, there is room again.
    expect(tick({ millis: T0, counter: MAX_COUNTER }, T0 + 1)).toEqual({ millis: T0 + 1, counter: 0 });
  });
});

describe('receive (a stamp from elsewhere)', () => {
  it('lands after both our last stamp and the remote one, and never behind the wall clock', () => {
    const rand = random(11);
    const clock = wallClock(rand);
    let state: HlcState = { millis: T0, counter: 0 };
    for (let i = 0; i < 5000; i++) {
      const now = clock();
      const remote: HlcState = { millis: now + Math.floor((rand() - 0.7) * 2 * MAX_DRIFT_MS * 0.9), counter: Math.floor(rand() * 50) };
      const next = receive(state, remote, now);
      expect(newer(next, state), `step ${i}`).toBe(true);
      expect(newer(next, remote), `step ${i}`).toBe(true);
      expect(next.millis).toBeGreaterThanOrEqual(now);
      expect(next.counter).toBeLessThanOrEqual(MAX_COUNTER);
      expect(formatHlc(next, ME) > formatHlc(remote, THEM) || next.millis > remote.millis).toBe(true);
      // Our next own change sorts after what we received.
      state = rand() < 0.5 ? tick(next, clock()) : next;
    }
  });

  it('refuses a remote clock too far ahead of ours instead of dragging ours along', () => {
    const last = { millis: T0, counter: 0 };
    expect(receive(last, { millis: T0 + MAX_DRIFT_MS, counter: 3 }, T0)).toEqual({ millis: T0 + MAX_DRIFT_MS, counter: 4 });
    expect(() => receive(last, { millis: T0 + MAX_DRIFT_MS + 1, counter: 0 }, T0)).toThrow(/too far ahead/);
    // A clock far behind is fine: it is simply older.
    expect(receive(last, { millis: T0 - 86_400_000, counter: 9 }, T0)).toEqual({ millis: T0, counter: 1 });
  });

  it('refuses to overflow the counter too, so it never makes a stamp that cannot be read back', () => {
    expect(() => receive({ millis: T0, counter: 1 }, { millis: T0 + 10, counter: MAX_COUNTER }, T0)).toThrow(/overflow/);
    expect(() => receive({ millis: T0 + 10, counter: MAX_COUNTER }, { millis: T0, counter: 1 }, T0)).toThrow(/overflow/);
    expect(() => receive({ millis: T0, counter: MAX_COUNTER }, { millis: T0, counter: MAX_COUNTER }, T0 - 5)).toThrow(/overflow/);
    expect(receive({ millis: T0, counter: MAX_COUNTER }, { millis: T0, counter: 1 }, T0 + 1)).toEqual({ millis: T0 + 1, counter: 0 });
  });
});

describe('the profile’s clock', () => {
  let w: World | undefined;
  const cores: Core[] = [];
  afterEach(() => {
    for (const c of cores.splice(0)) c.close();
    w?.dispose();
    w = undefined;
  });

  it('stays readable after a remote stamp at the counter’s limit: the profile opens again and keeps working', async () => {
    w = await makeWorld();
    const profileId = w.users.coach.id;
    const edge = `${new Date(Date.now() + 60_000).toISOString()}-ffff-${THEM}`;
    const user = remoteUser('zed', 'student');
    for (const field of Object.values(user.fields)) field.hlc = edge;
    await expect(w.core.applyRemote([user])).rejects.toThrow(/overflow/);
    expect(w.store.users.get(user.id)).toBeUndefined();
    w.core.close();

    const relaunched = new Core({ dataDir: w.dataDir, migrationsDir: MIGRATIONS_DIR, settings: w.settings, secrets: new MemorySecrets(), log: () => undefined });
    cores.push(relaunched);
    expect(await relaunched.dispatch('profiles.current', {}, { shell: 'web' })).toMatchObject({ ok: true, value: { user: { id: profileId } } });
    expect(await relaunched.dispatch('exercises.create', { name: 'Serve' }, { shell: 'web' })).toMatchObject({ ok: true });
    const { hlc_last } = relaunched.store().db.prepare('SELECT hlc_last FROM local_profile').get() as { hlc_last: string };
    expect(() => parseHlc(hlc_last)).not.toThrow();
  });
});
