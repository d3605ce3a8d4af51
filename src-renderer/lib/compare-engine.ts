import {
  DEFAULT_FRAME,
  FrameRateEstimator,
  HARD_SEEK_ERROR,
  MasterClock,
  clampMedia,
  driftAction,
  frameCenter,
  frameStep,
  leaderOf,
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
  /** The frame duration the side's video is known to have before it plays (see setKnownFrame). */
  knownFrame: number | null;
  rate: FrameRateEstimator;
  /** Until this wall time (ms) the side is settling after a corrective seek: no further correction. */
  settleUntil: number;
  /** The frame this side presented last: its media time, and when (ms, engine clock). */
  shown: { mediaTime: number; at: number } | null;
  frameHandle: number | null;
  cleanup: (() => void) | null;
}

/** A corrective seek lands slightly ahead: the decoder takes a moment, during which the master moves on. */
const SEEK_LEAD = 0.05;
const SETTLE_MS = 300;
/** A presented frame older than this (ms, at 1×; longer at slower rates) no longer says what is on screen. */
const RECENT_FRAME_MS = 250;
const MAX_PROBE_SAMPLES = 4000;
/** HAVE_FUTURE_DATA: a side can play its next frames without stalling at once. */
const CAN_PLAY = 3;
/** How long play waits for a slow side before starting anyway (its 'waiting' then holds the other). */
const READY_TIMEOUT_MS = 3000;

/** Resolves when the video can play on from where it is (not seeking, next frames decoded), or after `ms`. */
function whenPlayable(video: HTMLVideoElement, ms: number): Promise<void> {
  const ready = () => video.readyState >= CAN_PLAY && !video.seeking;
  if (ready()) return Promise.resolve();
  return new Promise((done) => {
    const finish = () => {
      clearTimeout(timer);
      video.removeEventListener('canplay', check);
      video.removeEventListener('seeked', check);
      done();
    };
    const check = () => {
      if (ready()) finish();
    };
    const timer = setTimeout(finish, ms);
    video.addEventListener('canplay', check);
    video.addEventListener('seeked', check);
  });
}

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
  /** Play was asked for and waits for both sides to be able to start. */
  private starting = false;
  /** Bumped by every play and pause: a start still waiting for its sides gives up when it changes. */
  private startToken = 0;
  private snapshot: EngineState;
  /** Presented frames, kept only when a test asked for them (`?probe=1`). */
  readonly probe: ProbeSample[] | null;

  constructor(
    private readonly now: () => number = () => performance.now(),
    probe = false,
  ) {
    this.clock = new MasterClock(now);
    const side = (): Side => ({ video: null, offset: 0, knownFrame: null, rate: new FrameRateEstimator(), settleUntil: 0, shown: null, frameHandle: null, cleanup: null });
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
      playing: this.active(),
      rate: this.baseRate,
      end: this.end(),
      loop: this.loop,
      inPoint: this.inPoint,
      outPoint: this.outPoint,
    };
  }

  /** Playing as far as the user is concerned: running, held for a buffering side, or about to start. */
  private active(): boolean {
    return this.clock.playing || this.holding !== null || this.starting;
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

  /**
   * A side's frame duration when it is known before the side has played: the file's probed frame rate
   * (for a variable-rate file, the rate its timestamps are on, ffprobe's r_frame_rate). Without it a
   * side's frame duration is learnt only from the frames it presents in play, and is taken as 1/30 s
   * until then, so a frame step on a 60 fps video that has not played moves two of its frames.
   */
  setKnownFrame(index: 0 | 1, seconds: number | null): void {
    const side = this.sides[index];
    side.knownFrame = seconds;
    side.rate.know(seconds);
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
    side.rate = new FrameRateEstimator(side.knownFrame);
    if (!video) return;
    const onMeta = () => {
      // Only when the side is not already where the master is: a seek before the first frame is
      // decoded starts the decoder over and delays the first picture (a comparison opens at 0).
      const target = clampMedia(mediaTimeAt(this.clock.time(), side.offset), video.duration);
      if (Math.abs(video.currentTime - target) > 1e-4) video.currentTime = target;
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
      side.shown = { mediaTime: meta.mediaTime, at: this.now() };
      if (this.probe && this.probe.length < MAX_PROBE_SAMPLES) this.probe.push([index, meta.mediaTime, meta.expectedDisplayTime]);
      if (this.clock.playing && !video.paused) this.correct(index, meta);
    };
    side.frameHandle = video.requestVideoFrameCallback(onFrame);
  }

  /**
   * One side leads, the other follows. The leader (side A, whose sound is heard, when it is playing)
   * always plays at the chosen rate, and each frame it presents sets the master: the master is
   * re-anchored to that frame at its display time. The follower's frames are compared with the master
   * and it is nudged or re-seeked. So the follower is measured against what the leader shows — an
   * error common to both sides (the wall clock and the players disagreeing) moves nobody, where
   * correcting both against the wall clock would nudge one side and not the other.
   */
  private correct(index: 0 | 1, meta: VideoFrameCallbackMetadata): void {
    const side = this.sides[index];
    const video = side.video;
    if (!video || this.now() < side.settleUntil) return;
    const frame = side.rate.frame;
    // The frame starting at mediaTime covers [mediaTime, mediaTime + frame): its middle stands for it.
    const shown = meta.mediaTime + frame / 2;
    if (index === this.leader()) {
      if (Math.abs(video.playbackRate - this.baseRate) > 1e-6) video.playbackRate = this.baseRate;
      this.clock.align(timelineTimeOf(shown, side.offset), meta.expectedDisplayTime);
      return;
    }
    const expected = mediaTimeAt(this.clock.time(meta.expectedDisplayTime), side.offset);
    if (expected < 0 || expected > video.duration) return;
    const action = driftAction(shown, expected, frame, this.baseRate);
    if (action.kind === 'seek') {
      side.settleUntil = this.now() + SETTLE_MS;
      side.rate.reset();
      video.playbackRate = this.baseRate;
      video.currentTime = clampMedia(action.to + SEEK_LEAD * this.baseRate, video.duration);
    } else if (Math.abs(video.playbackRate - action.rate) > 1e-6) {
      video.playbackRate = action.rate;
    }
  }

  /** The side that leads playback: A when it is playing, else B if it is; null when neither plays. */
  private leader(): 0 | 1 | null {
    return leaderOf(this.sides.map((s) => s.video !== null && !s.video.paused && !s.video.ended));
  }

  /**
   * A side is buffering: the master waits for it, and so does the other side — moved, while it waits,
   * to where the buffering side stopped, so that both resume in step with nothing left to correct.
   */
  private hold(index: 0 | 1): void {
    if (!this.clock.playing) return;
    const stalled = this.sides[index];
    this.holding = index;
    this.clock.pause();
    if (stalled.video) this.clock.seek(timelineTimeOf(stalled.video.currentTime, stalled.offset));
    const other = this.sides[index === 0 ? 1 : 0];
    other.video?.pause();
    this.placeSide(other, this.clock.time());
  }

  private release(index: 0 | 1): void {
    if (this.holding !== index) return;
    this.holding = null;
    const video = this.sides[index].video;
    if (video) this.clock.seek(timelineTimeOf(video.currentTime, this.sides[index].offset));
    this.clock.play();
    this.syncPlaying();
  }

  /** Puts a paused side on timeline time `t`, unless it already shows that frame (a seek costs a decode). */
  private placeSide(side: Side, t: number): void {
    const v = side.video;
    if (!v || v.readyState < 1) return;
    const target = clampMedia(mediaTimeAt(t, side.offset), v.duration);
    if (Math.abs(v.currentTime - target) > side.rate.frame / 2) v.currentTime = target;
  }

  /**
   * Starts both sides together: first each side that has media at the playhead gets ready to play on
   * from there (a side still decoding would start late, and the other would run ahead of it), then
   * both are started in the same task, and the master with them.
   */
  async play(): Promise<void> {
    if (this.active()) return;
    let t = this.clock.time();
    const { start, stop } = this.loopRange();
    if (t >= stop - 1e-3 || (this.loop && t < start)) t = this.loop ? start : 0;
    this.seekSides(t);
    this.clock.seek(t);
    const players = this.sides.flatMap((s) => {
      const v = s.video;
      if (!v) return [];
      v.playbackRate = this.baseRate;
      const m = mediaTimeAt(t, s.offset);
      return m >= 0 && m < v.duration ? [v] : [];
    });
    const token = ++this.startToken;
    this.starting = true;
    this.emit();
    await Promise.all(players.map((v) => whenPlayable(v, READY_TIMEOUT_MS)));
    if (token !== this.startToken) return; // paused (or played again) while waiting
    this.starting = false;
    const started = players.map((v) => v.play().catch(() => undefined));
    this.clock.play();
    this.emit();
    await Promise.all(started);
    if (token !== this.startToken || !this.clock.playing) return;
    // Running: the master starts where the leader is (its frames keep it there from now on).
    const leader = this.leader();
    const video = leader === null ? null : this.sides[leader].video;
    if (leader !== null && video) this.clock.seek(timelineTimeOf(video.currentTime, this.sides[leader].offset));
    this.startTicking();
  }

  pause(): void {
    const wasPlaying = this.clock.playing;
    this.startToken++;
    this.starting = false;
    this.holding = null;
    this.clock.pause();
    for (const s of this.sides) s.video?.pause();
    // Paused, both sides show the same moment: the frame that was on screen when pause was pressed.
    // Both seek to it even when their currentTime is there already: a player stopped mid-play may
    // still show the frame it had prepared for the next refresh, one after its currentTime.
    const t = wasPlaying ? (this.onScreen() ?? this.clock.time()) : this.clock.time();
    this.clock.seek(t);
    this.seekSides(t, wasPlaying);
    this.stopTicking();
    this.emit();
  }

  /**
   * The timeline time of the frame on screen during play (side A's, else B's), a quarter into it so a
   * seek there shows that frame; null when neither side presented a frame lately.
   */
  private onScreen(): number | null {
    const now = this.now();
    for (const s of this.sides) {
      const shown = s.shown;
      if (!s.video || !shown || now - shown.at > RECENT_FRAME_MS / Math.min(1, this.baseRate)) continue;
      const t = timelineTimeOf(shown.mediaTime + s.rate.frame / 4, s.offset);
      if (Math.abs(t - this.clock.time()) <= HARD_SEEK_ERROR) return t;
    }
    return null;
  }

  togglePlay(): void {
    if (this.active()) this.pause();
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
    if (this.active()) this.pause();
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
    if (this.active()) this.pause();
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

  /** Seeks both sides to timeline time `t`; a side already there is left alone unless `force`. */
  private seekSides(t: number, force = false): void {
    for (const s of this.sides) {
      const v = s.video;
      if (!v || v.readyState < 1) continue;
      const target = clampMedia(mediaTimeAt(t, s.offset), v.duration);
      if (force || Math.abs(v.currentTime - target) > 1e-4) v.currentTime = target;
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
        // A side paused while the other refilled already waits at the right frame: no second seek.
        if (Math.abs(v.currentTime - m) > s.rate.frame / 2) v.currentTime = m;
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
      } else if (this.holding === null) {
        // (While a side refills, the other stays paused where it is: release() restarts both.)
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
