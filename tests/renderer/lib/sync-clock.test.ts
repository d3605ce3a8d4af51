import { describe, expect, it } from 'vitest';
import {
  DEFAULT_FRAME,
  FrameRateEstimator,
  MasterClock,
  ViewingTimer,
  alignFromMarks,
  driftAction,
  formatOffset,
  frameCenter,
  frameStep,
  leaderOf,
  mediaTimeAt,
  stepRate,
  timelineEnd,
  timelineTimeOf,
} from '../../../src-renderer/lib/sync-clock';

/** A clock a test moves by hand (ms). */
function fakeClock(start = 1000) {
  let now = start;
  return { now: () => now, advance: (ms: number) => void (now += ms) };
}

describe('offset mapping', () => {
  it('shows media time t + offset on each side, and maps back', () => {
    expect(mediaTimeAt(1.5, 0.42)).toBeCloseTo(1.92);
    expect(timelineTimeOf(1.92, 0.42)).toBeCloseTo(1.5);
    // The timeline ends where the later side ends.
    expect(timelineEnd([{ offset: 0, duration: 4 }, { offset: 1, duration: 4 }])).toBe(4);
    expect(timelineEnd([{ offset: 0, duration: 3 }, { offset: -1, duration: 4 }])).toBe(5);
  });

  it('formats offsets as the screen shows them', () => {
    expect(formatOffset(0.42)).toBe('+0.42 s');
    expect(formatOffset(-1.2)).toBe('−1.20 s');
    expect(formatOffset(0)).toBe('+0.00 s');
  });
});

describe('drift correction', () => {
  const frame = 1 / 30;
  it('holds the base rate within half a frame', () => {
    expect(driftAction(2.01, 2, frame, 1)).toEqual({ kind: 'hold', rate: 1 });
  });
  it('slows a side that is ahead and speeds one that lags, by 3–10 %', () => {
    const ahead = driftAction(2.05, 2, frame, 1);
    const behind = driftAction(1.95, 2, frame, 1);
    expect(ahead.kind).toBe('nudge');
    expect(behind.kind).toBe('nudge');
    if (ahead.kind !== 'nudge' || behind.kind !== 'nudge') return;
    expect(ahead.rate).toBeLessThan(1);
    expect(ahead.rate).toBeGreaterThanOrEqual(0.9);
    expect(behind.rate).toBeGreaterThan(1);
    expect(behind.rate).toBeLessThanOrEqual(1.1);
    // A barely-over-threshold error still gets at least the 3 % nudge.
    const small = driftAction(2 + 0.01, 2, 1 / 60, 1);
    expect(small.kind === 'nudge' && small.rate).toBeCloseTo(0.97);
  });
  it('nudges relative to the chosen rate', () => {
    const slow = driftAction(0.55, 0.5, frame, 0.25);
    expect(slow.kind === 'nudge' && slow.rate).toBeCloseTo(0.25 * 0.9);
  });
  it('seeks only for errors over a quarter second', () => {
    expect(driftAction(2.3, 2, frame, 1)).toEqual({ kind: 'seek', to: 2 });
    expect(driftAction(2.24, 2, frame, 1).kind).toBe('nudge');
  });
});

describe('frame rate and frame step', () => {
  it('learns a side’s frame duration from presented frames, and ignores seeks', () => {
    const fps25 = new FrameRateEstimator();
    expect(fps25.frame).toBe(DEFAULT_FRAME);
    for (let i = 0; i < 10; i++) fps25.observe(i, i / 25);
    fps25.observe(20, 3); // a jump (seek): not a neighbour
    expect(fps25.frame).toBeCloseTo(1 / 25);
  });

  it('uses a known frame duration until frames are seen, and ignores an implausible one', () => {
    const fps60 = new FrameRateEstimator(1 / 60);
    expect(fps60.frame).toBeCloseTo(1 / 60);
    for (let i = 0; i < 5; i++) fps60.observe(i, i / 50);
    expect(fps60.frame).toBeCloseTo(1 / 50);
    expect(new FrameRateEstimator(0).frame).toBe(DEFAULT_FRAME);
    expect(new FrameRateEstimator(Number.NaN).frame).toBe(DEFAULT_FRAME);
    expect(new FrameRateEstimator(2).frame).toBe(DEFAULT_FRAME);
  });

  it('steps by time on the finer side, so 30 and 25 fps stay aligned by time', () => {
    const frames = [1 / 30, 1 / 25];
    let t = 0;
    for (let i = 0; i < 30; i++) t = frameStep(t, 1, frames);
    // Thirty steps are one second on both sides, whatever their frame counts.
    expect(t).toBeCloseTo(1);
    const offsets = [0, 0.5];
    expect(mediaTimeAt(t, offsets[0]!)).toBeCloseTo(1);
    expect(mediaTimeAt(t, offsets[1]!)).toBeCloseTo(1.5);
    // 1 s is frame 25 at 25 fps and frame 30 at 30 fps: both show the same instant.
    expect(Math.floor(mediaTimeAt(t, 0) * 25 + 1e-6)).toBe(25);
    expect(Math.floor(mediaTimeAt(t, 0) * 30 + 1e-6)).toBe(30);
    expect(frameStep(1, -1, frames)).toBeCloseTo(1 - 1 / 30);
  });

  it('lands in the middle of a frame', () => {
    expect(frameCenter(1 / 30, 1 / 30)).toBeCloseTo(1.5 / 30);
    expect(frameCenter(0.0999, 1 / 30)).toBeCloseTo(2.5 / 30);
  });

  it('steps through the rates with J and L', () => {
    expect(stepRate(1, 1)).toBe(1.25);
    expect(stepRate(1, -1)).toBe(0.75);
    expect(stepRate(0.1, -1)).toBe(0.1);
    expect(stepRate(2, 1)).toBe(2);
    expect(stepRate(0.3, 1)).toBe(0.5);
  });
});

describe('alignment from two marked moments', () => {
  it('makes the marked moments coincide, offsets never negative', () => {
    const { offsetA, offsetB } = alignFromMarks(0.5, 1.0);
    expect(offsetA).toBe(0);
    expect(offsetB).toBe(0.5);
    const t = timelineTimeOf(0.5, offsetA);
    expect(mediaTimeAt(t, offsetB)).toBeCloseTo(1.0);
    expect(alignFromMarks(2.25, 1)).toEqual({ offsetA: 1.25, offsetB: 0 });
  });

  it('keeps the marked frame itself: the offset does not fall before the frame the user marked', () => {
    // Frame 7 of a 30 fps video starts at 7/30 s; marked against the other side's 0, the aligned
    // start must be that very moment at the player's resolution (whole microseconds), not 0.233 s,
    // which is before 7/30 and shows frame 6.
    const { offsetB } = alignFromMarks(0, 7 / 30);
    const micros = (t: number) => Math.round(t * 1e6);
    expect(micros(mediaTimeAt(0, offsetB))).toBe(micros(7 / 30));
    // A frame stepped to with the range input's float steps still saves tidily.
    expect(alignFromMarks(0, 15 * (1 / 30)).offsetB).toBe(0.5);
  });
});

describe('the master clock', () => {
  it('runs at the rate while playing and stops when paused', () => {
    const clock = fakeClock();
    const master = new MasterClock(clock.now);
    master.seek(1);
    master.play();
    clock.advance(500);
    expect(master.time()).toBeCloseTo(1.5);
    master.setRate(0.25);
    clock.advance(1000);
    expect(master.time()).toBeCloseTo(1.75);
    // At a frame's expected display time, ahead of now.
    expect(master.time(clock.now() + 400)).toBeCloseTo(1.85);
    master.pause();
    clock.advance(1000);
    expect(master.time()).toBeCloseTo(1.75);
  });
});

describe('seconds viewed', () => {
  it('counts only the time the screen was visible, in whole seconds', () => {
    const clock = fakeClock();
    const timer = new ViewingTimer(clock.now);
    clock.advance(2500);
    timer.setVisible(false);
    clock.advance(60_000); // hidden: does not count
    timer.setVisible(true);
    clock.advance(1600);
    expect(timer.seconds()).toBe(4);
    timer.setVisible(true); // twice visible changes nothing
    expect(timer.seconds()).toBe(4);
  });
  it('starts at zero when opened hidden', () => {
    const clock = fakeClock();
    const timer = new ViewingTimer(clock.now, false);
    clock.advance(5000);
    expect(timer.seconds()).toBe(0);
  });
});

describe('leader and master', () => {
  it('lets side A lead while it plays (its sound is heard), else B, else nobody', () => {
    expect(leaderOf([true, true])).toBe(0);
    expect(leaderOf([false, true])).toBe(1);
    expect(leaderOf([false, false])).toBeNull();
  });

  it('aligns the master to a frame at its display time, and runs on from there', () => {
    const clock = fakeClock(1000);
    const master = new MasterClock(clock.now);
    master.setRate(0.25);
    master.play();
    master.align(2, 1100);
    expect(master.time(1100)).toBeCloseTo(2);
    clock.advance(500);
    // 400 ms after the frame's display time at 0.25×: a tenth of a second on.
    expect(master.time()).toBeCloseTo(2.1);
  });
});
