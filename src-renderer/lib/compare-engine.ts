import {
  DEFAULT_FRAME,
  FrameRateEstimator,
  MasterClock,
  clampMedia,
  driftAction,
  frameCenter,
  frameStep,
  mediaTimeAt,
  timelineEnd,
  timelineTimeOf,
} from './sync-clock';

/** One presented frame, as the test probe keeps it: side, media time, presentation time (ms). */
export type ProbeSample = [side: 0 | 1, mediaTime: number, presentedAt: number];

export interface EngineState {
  time: number;
  playing: boolean;
  rate: number;
  end: number;
  loop: boolean;
  inPoint: number | null;
  outPoint: number | null;
}

interface Side {
  video: HTMLVideoElement | null;
  offset: number;
  rate: FrameRateEstimator;
  /** Until this wall time (ms) the side is settling after a corrective seek: no further correction. */
  settleUntil: number;
  frameHandle: number | null;
  cleanup: (() => void) | null;
}

/** A corrective seek lands slightly ahead: the decoder takes a moment, during which the master moves on. */
const SEEK_LEAD = 0.05;
const SETTLE_MS = 300;
const MAX_PROBE_SAMPLES = 4000;

/**
 * Drives two <video> elements from one master clock (see sync-clock.ts for the rules). The screen
 * subscribes for the playhead; the engine owns every write to the videos' time and rate.
 */
export class CompareEngine {
  private readonly clock: MasterClock;
  private readonly sides: [Side, Side];
  private readonly listeners = new Set<() => void>();
  private baseRate = 1;
  private loop = false;
  private inPoint: number | null = null;
  private outPoint: number | null = null;
  private tickHandle: number | null = null;
  private holding: 0 | 1 | null = null;
  private snapshot: EngineState;
  /** Presented frames, kept only when a test asked for them (`?probe=1`). */
  readonly probe: ProbeSample[] | null;

  constructor(
    private readonly now: () => number = () => performance.now(),
    probe = false,
  ) {
    this.clock = new MasterClock(now);
    const side = (): Side => ({ video: null, offset: 0, rate: new FrameRateEstimator(), settleUntil: 0, frameHandle: null, cleanup: null });
    this.sides = [side(), side()];
    this.probe = probe ? [] : null;
    this.snapshot = this.computeState();
  }

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  getState = (): EngineState => this.snapshot;

  private computeState(): EngineState {
    return {
      time: this.clock.time(),
      playing: this.clock.playing || this.holding !== null,
      rate: this.baseRate,
      end: this.end(),
      loop: this.loop,
      inPoint: this.inPoint,
      outPoint: this.outPoint,
    };
  }

  private emit(): void {
    this.snapshot = this.computeState();
    for (const listener of this.listeners) listener();
  }

  /** Timeline end: where the last side's video ends. */
  end(): number {
    return timelineEnd(this.sides.map((s) => ({ offset: s.offset, duration: s.video?.duration ?? NaN })));
  }

  offsets(): [number, number] {
    return [this.sides[0].offset, this.sides[1].offset];
  }

  /** Each side's frame duration, as learnt from its presented frames (1/30 until known). */
  frames(): [number, number] {
    return [this.sides[0].rate.frame, this.sides[1].rate.frame];
  }

  /** The player of a side (the composer paints it into a recorded reply). */
  video(index: 0 | 1): HTMLVideoElement | null {
    return this.sides[index].video;
  }

  attach(index: 0 | 1, video: HTMLVideoElement | null): void {
    const side = this.sides[index];
    if (side.video === video) return;
    side.cleanup?.();
    side.cleanup = null;
    side.video = video;
    side.rate = new FrameRateEstimator();
    if (!video) return;
    const onMeta = () => {
      video.currentTime = clampMedia(mediaTimeAt(this.clock.time(), side.offset), video.duration);
      this.emit();
    };
    const onWaiting = () => this.hold(index);
    const onPlaying = () => this.release(index);
    video.addEventListener('loadedmetadata', onMeta);
    video.addEventListener('waiting', onWaiting);
    video.addEventListener('playing', onPlaying);
    side.cleanup = () => {
      video.removeEventListener('loadedmetadata', onMeta);
      video.removeEventListener('waiting', onWaiting);
      video.removeEventListener('playing', onPlaying);
      if (side.frameHandle !== null) video.cancelVideoFrameCallback(side.frameHandle);
      side.frameHandle = null;
    };
    if (video.readyState >= 1) onMeta();
    this.watchFrames(index);
  }

  /** Frame callbacks run all the time (also paused: a seek presents a frame, and the rate estimate learns from play). */
  private watchFrames(index: 0 | 1): void {
    const side = this.sides[index];
    const video = side.video;
    if (!video || typeof video.requestVideoFrameCallback !== 'function') return;
    const onFrame = (_now: number, meta: VideoFrameCallbackMetadata) => {
      if (side.video !== video) return;
      side.frameHandle = video.requestVideoFrameCallback(onFrame);
      side.rate.observe(meta.presentedFrames, meta.mediaTime);
      if (this.probe && this.probe.length < MAX_PROBE_SAMPLES) this.probe.push([index, meta.mediaTime, meta.expectedDisplayTime]);
      if (this.clock.playing && !video.paused) this.correct(index, meta);
    };
    side.frameHandle = video.requestVideoFrameCallback(onFrame);
  }

  /** Compares the frame about to show with where the master says this side should be, and corrects. */
  private correct(index: 0 | 1, meta: VideoFrameCallbackMetadata): void {
    const side = this.sides[index];
    const video = side.video;
    if (!video || this.now() < side.settleUntil) return;
    const frame = side.rate.frame;
    const expected = mediaTimeAt(this.clock.time(meta.expectedDisplayTime), side.offset);
    if (expected < 0 || expected > video.duration) return;
    // The frame starting at mediaTime covers [mediaTime, mediaTime + frame): compare its middle.
    const action = driftAction(meta.mediaTime + frame / 2, expected, frame, this.baseRate);
    if (action.kind === 'seek') {
      side.settleUntil = this.now() + SETTLE_MS;
      side.rate.reset();
      video.playbackRate = this.baseRate;
      video.currentTime = clampMedia(action.to + SEEK_LEAD * this.baseRate, video.duration);
    } else if (Math.abs(video.playbackRate - action.rate) > 1e-6) {
      video.playbackRate = action.rate;
    }
  }

  /** A side is buffering: the master waits for it, and so does the other side. */
  private hold(index: 0 | 1): void {
    if (!this.clock.playing) return;
    this.holding = index;
    this.clock.pause();
    this.sides[index === 0 ? 1 : 0].video?.pause();
  }

  private release(index: 0 | 1): void {
    if (this.holding !== index) return;
    this.holding = null;
    const video = this.sides[index].video;
    if (video) this.clock.seek(timelineTimeOf(video.currentTime, this.sides[index].offset));
    this.clock.play();
    this.syncPlaying();
  }

  async play(): Promise<void> {
    if (this.clock.playing) return;
    let t = this.clock.time();
    const { start, stop } = this.loopRange();
    if (t >= stop - 1e-3 || (this.loop && t < start)) t = this.loop ? start : 0;
    this.seekSides(t);
    this.clock.seek(t);
    const starting = this.sides.map((s) => {
      const v = s.video;
      if (!v) return Promise.resolve();
      v.playbackRate = this.baseRate;
      const m = mediaTimeAt(t, s.offset);
      if (m < 0 || m >= v.duration) return Promise.resolve();
      return v.play().catch(() => undefined);
    });
    this.clock.play();
    this.emit();
    await Promise.all(starting);
    // Both are running: anchor the master where they actually are, so the correction starts from ~0.
    const running = this.sides.filter((s) => s.video && !s.video.paused);
    if (running.length > 0 && this.clock.playing) {
      const times = running.map((s) => timelineTimeOf(s.video?.currentTime ?? 0, s.offset));
      this.clock.seek(times.reduce((a, b) => a + b, 0) / times.length);
    }
    this.startTicking();
  }

  pause(): void {
    this.holding = null;
    this.clock.pause();
    for (const s of this.sides) s.video?.pause();
    // Paused, both sides show exactly the master's moment.
    this.seekSides(this.clock.time());
    this.stopTicking();
    this.emit();
  }

  togglePlay(): void {
    if (this.clock.playing || this.holding !== null) this.pause();
    else void this.play();
  }

  /** Sets the timeline time; both sides seek to it exactly (through their offsets). */
  seek(t: number): void {
    const time = Math.max(0, Math.min(this.end() || t, t));
    this.clock.seek(time);
    this.seekSides(time);
    if (this.clock.playing) this.syncPlaying();
    this.emit();
  }

  seekBy(delta: number): void {
    this.seek(this.clock.time() + delta);
  }

  /**
   * One frame on both sides, by time: the timeline moves by the finer side's frame, and lands in the
   * middle of that side's frame (a seek to a frame's exact start may show the one before).
   */
  stepFrame(direction: 1 | -1): void {
    if (this.clock.playing) this.pause();
    const frames = this.frames();
    const finer = frames[0] <= frames[1] ? 0 : 1;
    const side = this.sides[finer];
    const next = frameStep(this.clock.time(), direction, frames);
    const landed = timelineTimeOf(frameCenter(mediaTimeAt(next, side.offset), frames[finer]), side.offset);
    this.seek(landed);
  }

  setRate(rate: number): void {
    this.baseRate = rate;
    this.clock.setRate(rate);
    for (const s of this.sides) if (s.video) s.video.playbackRate = rate;
    this.emit();
  }

  setOffsets(offsets: readonly [number, number]): void {
    this.sides[0].offset = offsets[0];
    this.sides[1].offset = offsets[1];
    this.seek(this.clock.time());
  }

  setLoop(loop: boolean): void {
    this.loop = loop;
    this.emit();
  }

  setIn(): void {
    const t = this.clock.time();
    this.inPoint = t;
    if (this.outPoint !== null && this.outPoint <= t) this.outPoint = null;
    this.emit();
  }

  setOut(): void {
    const t = this.clock.time();
    this.outPoint = t;
    if (this.inPoint !== null && this.inPoint >= t) this.inPoint = null;
    this.emit();
  }

  clearRange(): void {
    this.inPoint = null;
    this.outPoint = null;
    this.emit();
  }

  /** Moves one side's video on its own (to find its sync moment); the next seek or play re-syncs it. */
  scrubSide(index: 0 | 1, mediaTime: number): void {
    if (this.clock.playing) this.pause();
    const video = this.sides[index].video;
    if (video) video.currentTime = clampMedia(mediaTime, video.duration);
  }

  sideTime(index: 0 | 1): number {
    return this.sides[index].video?.currentTime ?? 0;
  }

  private loopRange(): { start: number; stop: number } {
    const end = this.end();
    const start = this.loop && this.inPoint !== null ? this.inPoint : 0;
    const stop = this.loop && this.outPoint !== null ? this.outPoint : end;
    return { start, stop: stop > start ? stop : end };
  }

  private seekSides(t: number): void {
    for (const s of this.sides) {
      const v = s.video;
      if (!v || v.readyState < 1) continue;
      const target = clampMedia(mediaTimeAt(t, s.offset), v.duration);
      if (Math.abs(v.currentTime - target) > 1e-4) v.currentTime = target;
      s.rate.reset();
    }
  }

  /** While playing: each side that should be showing media plays; before its start or past its end it waits. */
  private syncPlaying(): void {
    const t = this.clock.time();
    for (const s of this.sides) {
      const v = s.video;
      if (!v) continue;
      const m = mediaTimeAt(t, s.offset);
      const inside = m >= 0 && m < v.duration;
      if (inside && v.paused && !v.ended) {
        v.currentTime = m;
        v.playbackRate = this.baseRate;
        void v.play().catch(() => undefined);
      } else if (!inside && !v.paused) {
        v.pause();
      }
    }
  }

  private startTicking(): void {
    if (this.tickHandle !== null) return;
    const tick = () => {
      this.tickHandle = null;
      if (!this.clock.playing && this.holding === null) return;
      const { start, stop } = this.loopRange();
      const t = this.clock.time();
      if (t >= stop) {
        if (this.loop) {
          this.seek(start);
        } else {
          this.clock.seek(stop);
          this.pause();
          return;
        }
      } else {
        this.syncPlaying();
      }
      this.emit();
      this.tickHandle = requestAnimationFrame(tick);
    };
    this.tickHandle = requestAnimationFrame(tick);
  }

  private stopTicking(): void {
    if (this.tickHandle !== null) cancelAnimationFrame(this.tickHandle);
    this.tickHandle = null;
  }

  dispose(): void {
    this.stopTicking();
    for (const s of this.sides) {
      s.video?.pause();
      s.cleanup?.();
    }
    this.listeners.clear();
  }
}

export { DEFAULT_FRAME };
