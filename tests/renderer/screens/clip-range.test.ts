import { describe, expect, it } from 'vitest';
import { effectiveRange, withIn, withOut } from '../../../src-renderer/screens/asset/clip-tool';
import { frameAt, frameBox } from '../../../src-renderer/screens/library/scrub-poster';

describe('the clip range', () => {
  it('takes the start and the end for an unset In or Out', () => {
    expect(effectiveRange({ in: null, out: 2 }, 10)).toEqual({ start: 0, end: 2 });
    expect(effectiveRange({ in: 0.5, out: null }, 10)).toEqual({ start: 0.5, end: 10 });
  });

  it('clears the other point when In passes Out or Out comes before In', () => {
    expect(withIn({ in: null, out: 2 }, 3)).toEqual({ in: 3, out: null });
    expect(withOut({ in: 3, out: null }, 1)).toEqual({ in: null, out: 1 });
    expect(withOut(withIn({ in: null, out: null }, 0.5), 2)).toEqual({ in: 0.5, out: 2 });
  });
});

describe('hover-scrub', () => {
  it('picks one of the ten filmstrip frames from where the pointer is', () => {
    expect(frameAt(0)).toBe(0);
    expect(frameAt(0.55)).toBe(5);
    expect(frameAt(1)).toBe(9);
    expect(frameAt(-0.2)).toBe(0);
  });

  it('letterboxes portrait frames in the 16:9 cell instead of cropping them', () => {
    expect(frameBox(1920, 1080)).toEqual({ width: '100%', height: '100%' });
    expect(frameBox(1080, 1920)).toMatchObject({ height: '100%' });
    expect(parseFloat(String(frameBox(1080, 1920).width))).toBeCloseTo(31.64, 1);
  });
});
