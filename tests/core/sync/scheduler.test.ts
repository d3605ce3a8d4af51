import { describe, expect, it } from 'vitest';
import { CloudCallError } from '../../../src-main/core/sync/cloud-client';
import { SyncScheduler, type SyncState } from '../../../src-main/core/sync/scheduler';

/** A scheduler on a hand-driven clock: timers fire only when the test advances time. */
function harness(results: (() => Promise<void>)[], options: { random?: () => number } = {}) {
  let now = 0;
  let timers: { at: number; fn: () => void; live: boolean }[] = [];
  const states: { state: SyncState; error: string | null; retryAt: number | null }[] = [];
  const runs: number[] = [];
  const scheduler = new SyncScheduler({
    run: async () => {
      runs.push(now);
      const next = results.shift();
      if (next) await next();
    },
    onState: (state, detail) => states.push({ state, ...detail }),
    now: () => now,
    random: options.random ?? (() => 1),
    setTimer: (fn, ms) => {
      const t = { at: now + ms, fn, live: true };
      timers.push(t);
      return { cancel: () => (t.live = false) };
    },
    debounceMs: 2000,
    periodMs: 300_000,
    backoffBaseMs: 1000,
    backoffMaxMs: 60_000,
  });
  const advance = async (ms: number) => {
    const until = now + ms;
    for (;;) {
      const due = timers.filter((t) => t.live && t.at <= until).sort((a, b) => a.at - b.at)[0];
      if (!due) break;
      due.live = false;
      now = due.at;
      due.fn();
      await scheduler.settle();
      await new Promise((r) => setImmediate(r));
    }
    now = until;
    timers = timers.filter((t) => t.live);
  };
  return { scheduler, advance, states, runs };
}

const fail = (error: Error) => () => Promise.reject(error);
const network = () => new CloudCallError('The cloud could not be reached (ECONNREFUSED).', null, 'network');

describe('sync scheduler', () => {
  it('runs at start, and a burst of local changes makes one pass after the debounce', async () => {
    const h = harness([]);
    h.scheduler.poke('start');
    await h.advance(0);
    expect(h.runs).toEqual([0]);
    h.scheduler.poke('change');
    await h.advance(500);
    h.scheduler.poke('change');
    await h.advance(500);
    h.scheduler.poke('change');
    await h.advance(1999);
    expect(h.runs).toEqual([0]);
    await h.advance(1);
    expect(h.runs).toEqual([0, 3000]);
  });

  it('runs periodically when nothing happens', async () => {
    const h = harness([]);
    h.scheduler.poke('start');
    await h.advance(0);
    await h.advance(300_000);
    await h.advance(300_000);
    expect(h.runs).toEqual([0, 300_000, 600_000]);
  });

  it('backs off exponentially (with jitter) while offline, and the network coming back retries at once', async () => {
    const h = harness([fail(network()), fail(network()), fail(network()), fail(network())], { random: () => 0.5 });
    h.scheduler.poke('start');
    await h.advance(0);
    expect(h.states.at(-1)).toMatchObject({ state: 'offline', retryAt: 500 });
    await h.advance(500); // 2nd try; next wait 0.5 × 2 s
    await h.advance(1000); // 3rd try; next wait 0.5 × 4 s
    expect(h.runs).toEqual([0, 500, 1500]);
    expect(h.states.at(-1)).toMatchObject({ state: 'offline', retryAt: 3500 });
    h.scheduler.poke('online');
    await h.advance(0);
    expect(h.runs).toEqual([0, 500, 1500, 1500]);
    // The 4th failure starts the backoff over, because the network came back.
    expect(h.states.at(-1)).toMatchObject({ state: 'offline', retryAt: 2000 });
  });

  it('the jitter spreads retries: the wait is a random share of the ceiling, never above it', async () => {
    const waits: number[] = [];
    for (const r of [0.001, 0.25, 0.99]) {
      const h = harness([fail(network())], { random: () => r });
      h.scheduler.poke('start');
      await h.advance(0);
      waits.push(h.states.at(-1)!.retryAt!);
    }
    expect(waits).toEqual([1, 250, 990]);
  });

  it('honours Retry-After on a 429 even when the backoff would be shorter', async () => {
    const h = harness([fail(new CloudCallError('Slow down.', 429, 'rate-limited', 7000))], { random: () => 0.1 });
    h.scheduler.poke('start');
    await h.advance(0);
    expect(h.states.at(-1)).toMatchObject({ state: 'error', retryAt: 7000 });
    await h.advance(6999);
    expect(h.runs).toEqual([0]);
    await h.advance(1);
    expect(h.runs).toEqual([0, 7000]);
  });

  it('waits for the user after a failure they must fix (signed out), instead of hammering the cloud', async () => {
    const h = harness([fail(new CloudCallError('Sign in again.', 401, 'unauthorized'))]);
    h.scheduler.poke('start');
    await h.advance(0);
    expect(h.states.at(-1)).toMatchObject({ state: 'error', error: 'Sign in again.', retryAt: null });
    h.scheduler.poke('change');
    await h.advance(3_600_000);
    expect(h.runs).toEqual([0]);
    h.scheduler.poke('manual');
    await h.advance(0);
    expect(h.runs).toEqual([0, 3_600_000]);
  });

  it('pause stops everything until resume; resume syncs at once', async () => {
    const h = harness([]);
    h.scheduler.pause();
    h.scheduler.poke('start');
    h.scheduler.poke('change');
    await h.advance(600_000);
    expect(h.runs).toEqual([]);
    expect(h.states.at(-1)!.state).toBe('paused');
    h.scheduler.resume();
    await h.advance(0);
    expect(h.runs).toEqual([600_000]);
    expect(h.states.at(-1)!.state).toBe('idle');
  });

  it('never runs two passes at once: a poke during a pass runs one more pass after it', async () => {
    let release!: () => void;
    const h = harness([() => new Promise<void>((r) => (release = r))]);
    h.scheduler.poke('start');
    const first = h.advance(0);
    await new Promise((r) => setImmediate(r));
    h.scheduler.poke('manual');
    await new Promise((r) => setImmediate(r));
    expect(h.runs).toEqual([0]);
    release();
    await first;
    await h.advance(0);
    expect(h.runs).toEqual([0, 0]);
  });
});
