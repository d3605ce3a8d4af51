/**
 * The comparison's timing, kept free of the DOM so it can be tested with a fake clock.
 *
 * One shared timeline time `t` (the master clock) drives both sides: side X shows media time
 * `t + offsetX`. While playing, one side leads (see `leaderOf`): its presented frames
 * (`requestVideoFrameCallback`) keep the master where it is. The other side's presented frames are
 * compared with where the master says it should be, and it is nudged (a slightly different
 * playbackRate) or, for a large error only, re-seeked.
 */

/** Frame duration when a side's frame rate is not known yet (the common 30 fps). */
export const DEFAULT_FRAME = 1 / 30;
/** Errors larger than this are corrected by a seek; smaller ones by a gentle rate change. */
export const HARD_SEEK_ERROR = 0.25;
/** The largest rate change a nudge makes, as a fraction of the base rate (10 %). */
export const MAX_NUDGE = 0.1;
/** The smallest nudge worth making (3 %): less would take seconds to close half a frame. */
export const MIN_NUDGE = 0.03;
/** How many seconds a nudge aims to close the error in. */
const NUDGE_HORIZON = 0.5;
/** The rates the transport offers (the select and J/L step through these). */
export const RATES = [0.1, 0.25, 0.5, 0.75, 1, 1.25, 1.5, 2] as const;

/** Where a side's media should be for timeline time `t`. */
export const mediaTimeAt = (t: number, offset: number): number => t + offset;
/** The timeline time a side's media time stands for. */
export const timelineTimeOf = (mediaTime: number, offset: number): number => mediaTime - offset;

/** The shared timeline runs from 0 to where the last side's video ends (`duration − offset`). */
export function timelineEnd(sides: readonly { offset: number; duration: number }[]): number {
  const ends = sides.filter((s) => Number.isFinite(s.duration) && s.duration > 0).map((s) => s.duration - s.offset);
  return Math.max(0, ...ends);
}

/** Clamps a media time into what a video of `duration` seconds can show. */
export function clampMedia(time: number, duration: number): number {
  const end = Number.isFinite(duration) && duration > 0 ? duration : Infinity;
  return Math.max(0, Math.min(end, time));
}

export type DriftAction = { kind: 'hold'; rate: number } | { kind: 'nudge'; rate: number } | { kind: 'seek'; to: number };

/**
 * What to do about a side whose presented media time is `presented` when the master says `expected`
 * (both media times of that side). Within half a frame: play at the base rate. Up to 0.25 s: a rate a
 * few per cent off (slower when ahead, faster when behind) so the error closes without a visible jump.
 * Beyond: seek.
 */
export function driftAction(presented: number, expected: number, frame: number, baseRate: number): DriftAction {
  const error = presented - expected;
  const size = Math.abs(error);
  if (size > HARD_SEEK_ERROR) return { kind: 'seek', to: expected };
  if (size <= frame / 2) return { kind: 'hold', rate: baseRate };
  // Close the error over about half a second of media, within [3 %, 10 %] of the base rate.
  const wanted = Math.min(MAX_NUDGE, Math.max(MIN_NUDGE, size / (NUDGE_HORIZON * baseRate)));
  return { kind: 'nudge', rate: baseRate * (1 - Math.sign(error) * wanted) };
}

/**
 * A side's frame rate, learnt from the frames it presents: `requestVideoFrameCallback` gives the
 * count of presented frames and each one's media time; consecutive frames (a count step of one during
 * playback at any rate) differ by one frame duration. Variable-frame-rate sources settle on their
 * median.
 */
export class FrameRateEstimator {
  private last: { frames: number; mediaTime: number } | null = null;
  private readonly samples: number[] = [];
  private known: number | null = null;

  constructor(known: number | null = null, private readonly keep = 31) {
    this.know(known);
  }

  /**
   * The frame duration the video is known to have before any frame is seen (its probed frame rate),
   * used until frames have been seen in play; null: not known (1/30 s is assumed). Implausible values
   * (under 1/240 s or over 1/5 s) are ignored, as the frames seen in play are.
   */
  know(seconds: number | null): void {
    this.known = seconds !== null && Number.isFinite(seconds) && seconds >= 1 / 240 && seconds <= 1 / 5 ? seconds : null;
  }

  /** Feeds one presented frame. */
  observe(presentedFrames: number, mediaTime: number): void {
    const last = this.last;
    this.last = { frames: presentedFrames, mediaTime };
    if (!last) return;
    const frames = presentedFrames - last.frames;
    const delta = mediaTime - last.mediaTime;
    // Only neighbouring frames in play order say anything (not seeks, skips, or repeats).
    if (frames !== 1 || delta <= 1 / 240 || delta > 1 / 5) return;
    this.samples.push(delta);
    if (this.samples.length > this.keep) this.samples.shift();
  }

  /** Forgets the neighbour after a seek (the next frame is not the next in play order). */
  reset(): void {
    this.last = null;
  }

  /** The frame duration in seconds: the median seen, or the known one (else the default) until a few frames have been seen. */
  get frame(): number {
    if (this.samples.length < 3) return this.known ?? DEFAULT_FRAME;
    const sorted = [...this.samples].sort((a, b) => a - b);
    return sorted[Math.floor(sorted.length / 2)] ?? DEFAULT_FRAME;
  }
}

/**
 * Which side leads playback (see CompareEngine): side A when it is playing — its sound is the one
 * heard, and the leader is never nudged — else side B when it is, else none.
 */
export function leaderOf(playing: readonly boolean[]): 0 | 1 | null {
  if (playing[0]) return 0;
  if (playing[1]) return 1;
  return null;
}

/** Seeks to the middle of the frame that holds `time`: a seek to an exact frame boundary may round to the frame before. */
export function frameCenter(time: number, frame: number): number {
  const index = Math.floor(time / frame + 1e-6);
  return (index + 0.5) * frame;
}

/**
 * One frame step on the shared timeline: by the finer of the two sides' frame durations, so each press
 * moves at least one side by exactly one frame and both stay aligned by time (not by frame count).
 */
export function frameStep(t: number, direction: 1 | -1, frames: readonly number[]): number {
  const step = Math.min(...frames.filter((f) => f > 0), DEFAULT_FRAME * 2);
  return t + direction * step;
}

/**
 * Offsets that make two marked moments coincide: side A's media time `markA` and side B's `markB`
 * then show at the same timeline time. The side whose moment comes earlier keeps offset 0; offsets
 * stay non-negative, so the timeline starts where the later side's video starts.
 *
 * Rounded to the microsecond, the players' own resolution, and no coarser: a mark is usually the
 * exact start of the frame the user marked (k/30 s), and an offset rounded to the millisecond
 * (7/30 → 0.233) puts that side a fraction of a millisecond before its frame, on the frame before
 * the one marked.
 */
export function alignFromMarks(markA: number, markB: number): { offsetA: number; offsetB: number } {
  const round = (x: number) => Math.round(x * 1e6) / 1e6;
  return { offsetA: round(Math.max(0, markA - markB)), offsetB: round(Math.max(0, markB - markA)) };
}

/** An offset as the screen shows it: "+0.42 s", "−1.20 s", "+0.00 s". */
export function formatOffset(offset: number): string {
  const sign = offset < 0 ? '−' : '+';
  return `${sign}${Math.abs(offset).toFixed(2)} s`;
}

/** The next rate up or down the list (J slower, L faster). */
export function stepRate(rate: number, direction: 1 | -1): number {
  const index = RATES.findIndex((r) => r >= rate - 1e-9);
  const at = index === -1 ? RATES.length - 1 : index;
  const exact = Math.abs((RATES[at] ?? 1) - rate) < 1e-9;
  const next = direction === 1 ? (exact ? at + 1 : at) : at - 1;
  return RATES[Math.max(0, Math.min(RATES.length - 1, next))] ?? 1;
}

/**
 * The master clock: timeline time from a monotonic clock (`performance.now()` in ms in the app, a fake
 * in tests) while playing, frozen while paused or held (a side is buffering).
 */
export class MasterClock {
  private anchorTime = 0;
  private anchorWall = 0;
  private running = false;
  private rateValue = 1;

  constructor(private readonly now: () => number) {}

  get playing(): boolean {
    return this.running;
  }

  get rate(): number {
    return this.rateValue;
  }

  /** Timeline time now, or at a given wall time (ms) such as a frame's expected display time. */
  time(atWall: number = this.now()): number {
    if (!this.running) return this.anchorTime;
    return this.anchorTime + ((atWall - this.anchorWall) / 1000) * this.rateValue;
  }

  play(): void {
    if (this.running) return;
    this.anchorWall = this.now();
    this.running = true;
  }

  pause(): void {
    if (!this.running) return;
    this.anchorTime = this.time();
    this.running = false;
  }

  seek(t: number): void {
    this.anchorTime = t;
    this.anchorWall = this.now();
  }

  /** Sets the timeline time at a given wall time (ms), e.g. the display time of the leading side's frame. */
  align(t: number, atWall: number): void {
    this.anchorTime = t;
    this.anchorWall = atWall;
  }

  setRate(rate: number): void {
    this.anchorTime = this.time();
    this.anchorWall = this.now();
    this.rateValue = rate;
  }
}

/**
 * Seconds actually spent viewing: counted only while the screen is visible (a hidden window, a
 * minimised app or another tab does not count). Clock in ms.
 */
export class ViewingTimer {
  private visibleSince: number | null;
  private accumulated = 0;

  constructor(
    private readonly now: () => number,
    visible = true,
  ) {
    this.visibleSince = visible ? now() : null;
  }

  setVisible(visible: boolean): void {
    if (visible && this.visibleSince === null) this.visibleSince = this.now();
    if (!visible && this.visibleSince !== null) {
      this.accumulated += this.now() - this.visibleSince;
      this.visibleSince = null;
    }
  }

  /** Whole seconds viewed so far. */
  seconds(): number {
    const running = this.visibleSince === null ? 0 : this.now() - this.visibleSince;
    return Math.floor((this.accumulated + running) / 1000);
  }
}
