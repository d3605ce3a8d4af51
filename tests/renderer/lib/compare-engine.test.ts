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

  /** Presents `count` frames in play order on a side, `frame` seconds apart (how it learns its rate). */
  function presentFrames(video: FakeVideo, frame: number, count: number): void {
    for (let i = 0; i < count; i++) video.present(i * frame, 1000 + i * 16);
  }

  it('steps by time: after 25 and 30 fps sides have played, each step moves the 30 fps side one frame and both show that moment', () => {
    presentFrames(a, 1 / 25, 10);
    presentFrames(b, FRAME, 10);
    expect(engine.frames()[0]).toBeCloseTo(1 / 25, 6);
    engine.setOffsets([0, 0.2]);
    const frameOf = (t: number, fps: number) => Math.floor(t * fps + 1e-6);
    const shown: [number, number][] = [];
    for (let i = 0; i < 7; i++) {
      engine.stepFrame(1);
      const [ta, tb] = [a.currentTime, b.currentTime];
      // One moment on both sides (through the offsets)…
      expect(tb - 0.2).toBeCloseTo(ta, 9);
      // …in the middle of the 30 fps side's frame (a seek to a frame's exact start may show the one before).
      expect(tb * 30 - Math.floor(tb * 30)).toBeCloseTo(0.5, 6);
      shown.push([frameOf(ta, 25), frameOf(tb, 30)]);
    }
    // The 30 fps side: frames 7 to 13, one a step; the 25 fps side: each frame for one or two steps, none skipped.
    expect(shown.map((f) => f[1])).toEqual([7, 8, 9, 10, 11, 12, 13]);
    expect(shown.map((f) => f[0])).toEqual([1, 2, 2, 3, 4, 5, 6]);
    engine.stepFrame(-1);
    expect(frameOf(b.currentTime, 30)).toBe(12);
  });

  it('steps one frame of a 60 fps side that has not played yet, once its frame rate is known', () => {
    // Unknown, the frame is taken as 1/30 s: a step would move a 60 fps side two frames.
    engine.setKnownFrame(1, 1 / 60);
    expect(engine.frames()[1]).toBeCloseTo(1 / 60, 9);
    const steps: number[] = [];
    for (let i = 0; i < 4; i++) {
      engine.stepFrame(1);
      steps.push(Math.floor(b.currentTime * 60 + 1e-6));
    }
    expect(steps).toEqual([1, 2, 3, 4]);
    // Frames seen in play take over from what was known.
    presentFrames(b, 1 / 50, 10);
    expect(engine.frames()[1]).toBeCloseTo(1 / 50, 6);
    // And a side attached later (a new <video>) starts from the known rate again.
    const again = new FakeVideo();
    engine.attach(1, again as unknown as HTMLVideoElement);
    expect(engine.frames()[1]).toBeCloseTo(1 / 60, 9);
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
