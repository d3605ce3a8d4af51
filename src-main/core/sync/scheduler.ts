import { CloudCallError } from './cloud-client';

export type SyncState = 'idle' | 'syncing' | 'offline' | 'paused' | 'error';

export interface SchedulerOptions {
  /** One sync pass; throws on failure. */
  run: () => Promise<void>;
  onState: (state: SyncState, detail: { error: string | null; retryAt: number | null }) => void;
  now?: () => number;
  random?: () => number;
  setTimer?: (fn: () => void, ms: number) => { cancel(): void };
  /** A change waits this long for the ones that follow it (typing a comment is many changes). */
  debounceMs?: number;
  periodMs?: number;
  backoffBaseMs?: number;
  backoffMaxMs?: number;
}

const defaultTimer = (fn: () => void, ms: number) => {
  const t = setTimeout(fn, ms);
  t.unref?.();
  return { cancel: () => clearTimeout(t) };
};

/**
 * When sync runs: at start, shortly after local changes, when the network comes back or the machine
 * wakes, and periodically. Failures back off exponentially with full jitter, and a 429 waits at least
 * its Retry-After. A failure the user must fix (signed out, forbidden) waits for them. Pausing stops
 * everything until resumed. Never two passes at once.
 */
export class SyncScheduler {
  private state: SyncState = 'idle';
  private timer: { cancel(): void; at: number } | null = null;
  private running: Promise<void> | null = null;
  private again = false;
  private failures = 0;
  private paused = false;
  private stopped = false;
  private readonly now: () => number;
  private readonly random: () => number;
  private readonly setTimer: NonNullable<SchedulerOptions['setTimer']>;

  constructor(private readonly options: SchedulerOptions) {
    this.now = options.now ?? Date.now;
    this.random = options.random ?? Math.random;
    this.setTimer = options.setTimer ?? defaultTimer;
  }

  get current(): SyncState {
    return this.state;
  }

  /** Something happened that sync should follow: a local change (debounced) or anything else (now). */
  poke(reason: 'start' | 'change' | 'online' | 'resume' | 'manual' | 'periodic'): void {
    if (this.stopped || this.paused) return;
    if (reason === 'manual' || reason === 'online' || reason === 'resume') this.failures = 0;
    if (reason === 'change' && this.state !== 'error' && this.state !== 'offline') {
      this.schedule(this.options.debounceMs ?? 2000);
      return;
    }
    if (reason === 'change') return; // a backoff is running; its retry will carry this change too
    this.schedule(0);
  }

  pause(): void {
    this.paused = true;
    this.timer?.cancel();
    this.timer = null;
    this.setState('paused', null, null);
  }

  resume(): void {
    if (!this.paused) return;
    this.paused = false;
    this.setState('idle', null, null);
    this.poke('manual');
  }

  get isPaused(): boolean {
    return this.paused;
  }

  /** Waits for a pass in flight (tests; closing a profile). */
  async settle(): Promise<void> {
    while (this.running) await this.running;
  }

  stop(): void {
    this.stopped = true;
    this.timer?.cancel();
    this.timer = null;
  }

  /**
   * Sets the next pass `ms` from now. `replace` moves a pending pass (a debounce restarting);
   * `earliest` keeps a pending one that is due sooner (a poke that came during a pass stays).
   */
  private schedule(ms: number, mode: 'replace' | 'earliest' = 'replace'): void {
    const at = this.now() + ms;
    if (mode === 'earliest' && this.timer && this.timer.at <= at) return;
    this.timer?.cancel();
    const handle = this.setTimer(() => {
      this.timer = null;
      void this.tick();
    }, ms);
    this.timer = { cancel: () => handle.cancel(), at };
  }

  private async tick(): Promise<void> {
    if (this.stopped || this.paused) return;
    if (this.running) {
      this.again = true;
      return;
    }
    this.setState('syncing', null, null);
    this.running = this.options.run().then(
      () => {
        this.failures = 0;
        if (!this.paused) this.setState('idle', null, null);
        this.schedule(this.again ? 0 : (this.options.periodMs ?? 5 * 60_000), 'earliest');
      },
      (error: unknown) => this.failed(error),
    );
    try {
      await this.running;
    } finally {
      this.running = null;
      this.again = false;
    }
  }

  private failed(error: unknown): void {
    const message = error instanceof Error ? error.message : String(error);
    if (this.paused || this.stopped) return;
    if (error instanceof CloudCallError && !error.transient) {
      // Signed out, forbidden, refused: trying again will not help until the user acts.
      this.setState('error', message, null);
      return;
    }
    this.failures++;
    const base = this.options.backoffBaseMs ?? 1000;
    const cap = this.options.backoffMaxMs ?? 5 * 60_000;
    const ceiling = Math.min(cap, base * 2 ** (this.failures - 1));
    let wait = Math.round(this.random() * ceiling);
    if (error instanceof CloudCallError && error.retryAfterMs !== null) wait = Math.max(wait, error.retryAfterMs);
    const offline = error instanceof CloudCallError && error.code === 'network';
    this.setState(offline ? 'offline' : 'error', message, this.now() + wait);
    // Replaces any pass poked during this one: the retry carries it, and Retry-After is honoured.
    this.schedule(wait);
  }

  private setState(state: SyncState, error: string | null, retryAt: number | null): void {
    this.state = state;
    this.options.onState(state, { error, retryAt });
  }
}
