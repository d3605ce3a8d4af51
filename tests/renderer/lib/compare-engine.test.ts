import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { CompareEngine } from '../../../src-renderer/lib/compare-engine';

const FRAME = 1 / 30;

/**
 * Just enough of an HTMLVideoElement for the engine: time, readiness, play/pause, events, and frame
 * callbacks the test presents by hand. Every write to currentTime is kept as a seek.
 */
class FakeVideo {
  readyState = 4;
  seeking = false;
  paused = true;
  ended = false;
  duration = 20;
  playbackRate = 1;
  readonly seeks: number[] = [];
  private time = 0;
  private readonly listeners = new Map<string, Set<() => void>>();
  private frameCallbacks = new Map<number, (now: number, meta: VideoFrameCallbackMetadata) => void>();
  private nextHandle = 1;
  private presented = 0;

  get currentTime(): number {
    return this.time;
  }
  set currentTime(t: number) {
    this.time = t;
    this.seeks.push(t);
  }
  /** Moves the playhead as playback does (not a seek). */
  advanceTo(t: number): void {
    this.time = t;
  }
  play(): Promise<void> {
    this.paused = false;
    return Promise.resolve();
  }
  pause(): void {
    this.paused = true;
  }
  addEventListener(type: string, listener: () => void): void {
    if (!this.listeners.has(type)) this.listeners.set(type, new Set());
    this.listeners.get(type)?.add(listener);
  }
  removeEventListener(type: string, listener: () => void): void {
    this.listeners.get(type)?.delete(listener);
  }
  fire(type: string): void {
    for (const listener of [...(this.listeners.get(type) ?? [])]) listener();
  }
  requestVideoFrameCallback(callback: (now: number, meta: VideoFrameCallbackMetadata) => void): number {
    const handle = this.nextHandle++;
    this.frameCallbacks.set(handle, callback);
    return handle;
  }
  cancelVideoFrameCallback(handle: number): void {
    this.frameCallbacks.delete(handle);
  }
  /** Presents the frame starting at `mediaTime`, to be shown at `at` (ms). */
  present(mediaTime: number, at: number): void {
    const callbacks = [...this.frameCallbacks.values()];
    this.frameCallbacks.clear();
    this.presented += 1;
    const meta = { mediaTime, expectedDisplayTime: at, presentedFrames: this.presented, presentationTime: at, width: 640, height: 360 } as VideoFrameCallbackMetadata;
    for (const callback of callbacks) callback(at, meta);
  }
}

const settle = () => new Promise((done) => setTimeout(done, 0));

describe('CompareEngine', () => {
  let now = 1000;
  let engine: CompareEngine;
  let a: FakeVideo;
  let b: FakeVideo;

  beforeEach(() => {
    now = 1000;
    vi.stubGlobal('requestAnimationFrame', () => 1);
    vi.stubGlobal('cancelAnimationFrame', () => undefined);
    engine = new CompareEngine(() => now);
    a = new FakeVideo();
    b = new FakeVideo();
    engine.attach(0, a as unknown as HTMLVideoElement);
    engine.attach(1, b as unknown as HTMLVideoElement);
  });

  afterEach(() => {
    engine.dispose();
    vi.unstubAllGlobals();
  });

  /** Plays both (both ready), as a click on Play does. */
  async function playing(): Promise<void> {
    await engine.play();
    expect(a.paused || b.paused).toBe(false);
  }

  it('opens at the start without seeking: a seek before the first frame would delay it', () => {
    const fresh = new FakeVideo();
    fresh.readyState = 1;
    engine.attach(0, null);
    engine.attach(0, fresh as unknown as HTMLVideoElement);
    fresh.fire('loadedmetadata');
    expect(fresh.seeks).toEqual([]);
  });

  it('starts both sides together, once both can play', async () => {
    b.readyState = 2; // still decoding where it was put
    const started = engine.play();
    await settle();
    expect(engine.getState().playing).toBe(true); // the button shows Pause at once
    expect([a.paused, b.paused]).toEqual([true, true]);
    b.readyState = 4;
    b.fire('canplay');
    await started;
    expect([a.paused, b.paused]).toEqual([false, false]);
  });

  it('starts nothing when paused while waiting for a side', async () => {
    b.readyState = 2;
    const started = engine.play();
    engine.pause();
    b.readyState = 4;
    b.fire('canplay');
    await started;
    expect([a.paused, b.paused]).toEqual([true, true]);
    expect(engine.getState().playing).toBe(false);
  });

  it('never changes the leading side’s rate, and nudges the follower toward what the leader shows', async () => {
    await playing();
    now = 2000;
    // Both a bit behind the wall clock alike (an error common to both): nobody is moved.
    a.present(0.5, 2000);
    b.present(0.5, 2000);
    expect([a.playbackRate, b.playbackRate]).toEqual([1, 1]);
    // B shows two frames behind A at the same refresh: only B speeds up.
    a.present(1, 2500);
    b.present(1 - 2 * FRAME, 2500);
    expect(a.playbackRate).toBe(1);
    expect(b.playbackRate).toBeGreaterThan(1);
    expect(b.playbackRate).toBeLessThanOrEqual(1.1);
    // Back on A's frame: B returns to the chosen rate.
    a.present(1 + FRAME, 2533.3);
    b.present(1 + FRAME, 2533.3);
    expect(b.playbackRate).toBe(1);
  });

  it('on pause, both sides seek to the frame that was on screen, even when their currentTime is there', async () => {
    await playing();
    now = 3000;
    a.present(2, 3000);
    b.present(2, 3000);
    const frameTime = 2 + FRAME / 4;
    a.advanceTo(frameTime);
    b.advanceTo(frameTime);
    engine.pause();
    expect(a.seeks.at(-1)).toBeCloseTo(frameTime, 6);
    expect(b.seeks.at(-1)).toBeCloseTo(frameTime, 6);
    expect(engine.getState().time).toBeCloseTo(frameTime, 6);
  });

  it('holds the other side where a buffering side stopped, and resumes both without another seek', async () => {
    await playing();
    a.advanceTo(3);
    b.advanceTo(3.2);
    a.fire('waiting');
    expect(b.paused).toBe(true);
    expect(b.seeks.at(-1)).toBe(3);
    expect(engine.getState().playing).toBe(true);
    const seeks = b.seeks.length;
    a.fire('playing');
    expect(b.paused).toBe(false);
    expect(b.seeks.length).toBe(seeks);
  });
});
