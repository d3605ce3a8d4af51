import { describe, expect, it } from 'vitest';
import { formatDuration, initials, relativeTime, spokenDuration, viewingTime } from '../../../src-renderer/lib/format';

const NOW = Date.parse('2025-11-24T12:00:00.000Z');
const ago = (ms: number) => new Date(NOW - ms).toISOString();

describe('relativeTime', () => {
  it('says times the way people do', () => {
    expect(relativeTime(ago(10_000), NOW)).toBe('just now');
    expect(relativeTime(ago(2 * 60_000), NOW)).toBe('2 min ago');
    expect(relativeTime(ago(3 * 3_600_000), NOW)).toBe('3 h ago');
    expect(relativeTime(ago(30 * 3_600_000), NOW)).toBe('yesterday');
    expect(relativeTime(ago(4 * 86_400_000), NOW)).toBe('4 days ago');
  });

  it('falls back to a date after a week, with the year only when it differs', () => {
    expect(relativeTime('2025-11-03T12:00:00.000Z', NOW)).toMatch(/^\d{1,2} Nov$/);
    expect(relativeTime('2024-03-10T12:00:00.000Z', NOW)).toMatch(/^\d{1,2} Mar 2024$/);
  });
});

describe('durations', () => {
  it('reads like a player: 0:42, 12:05, 1:02:03', () => {
    expect(formatDuration(42)).toBe('0:42');
    expect(formatDuration(42.9)).toBe('0:42');
    expect(formatDuration(725)).toBe('12:05');
    expect(formatDuration(3723)).toBe('1:02:03');
  });

  it('speaks the same moment in words for screen readers', () => {
    expect(spokenDuration(42)).toBe('42 seconds');
    expect(spokenDuration(65)).toBe('1 minute 5 seconds');
    expect(spokenDuration(0)).toBe('0 seconds');
  });
});

describe('initials', () => {
  it('takes the first and last name, or two letters of one', () => {
    expect(initials('Anna Maria Coach')).toBe('AC');
    expect(initials('dana')).toBe('DA');
    expect(initials('   ')).toBe('?');
  });
});

describe('media numbers', () => {
  it('says sizes, in and out points and percentages the way the UI shows them', async () => {
    const { formatBytes, formatTimecode, percent } = await import('../../../src-renderer/lib/format');
    expect(formatBytes(812)).toBe('812 bytes');
    expect(formatBytes(4_200_000)).toBe('4.2 MB');
    expect(formatBytes(1_300_000_000)).toBe('1.3 GB');
    expect(formatTimecode(1.5)).toBe('0:01.50');
    expect(formatTimecode(62.257)).toBe('1:02.26');
    expect(percent(41, 100)).toBe(41);
    expect(percent(3, 0)).toBe(0);
  });
});

describe('viewingTime', () => {
  it('says how long a comparison was watched, roughly', () => {
    expect(viewingTime(40)).toBe('40 s');
    expect(viewingTime(180)).toBe('3 min');
    expect(viewingTime(200)).toBe('3 min');
    expect(viewingTime(3_600)).toBe('1 h');
    expect(viewingTime(3_900)).toBe('1 h 5 min');
  });
});
