import { describe, expect, it } from 'vitest';
import { parseRange } from '../../../src-main/core/media/http-range';

describe('parseRange', () => {
  const size = 1000;

  it('sends the whole file without a usable Range header', () => {
    for (const header of [null, undefined, '', 'bytes=-', 'items=0-10', 'bytes=0-10,20-30', 'bytes=abc', 'bytes 0-10']) {
      expect(parseRange(header, size), String(header)).toEqual({ kind: 'whole' });
    }
  });

  it('reads the three forms of a single byte range, clamping the end to the file', () => {
    expect(parseRange('bytes=0-99', size)).toEqual({ kind: 'partial', range: { start: 0, end: 99 } });
    expect(parseRange('bytes=500-', size)).toEqual({ kind: 'partial', range: { start: 500, end: 999 } });
    expect(parseRange('bytes=-100', size)).toEqual({ kind: 'partial', range: { start: 900, end: 999 } });
    expect(parseRange('bytes=900-5000', size)).toEqual({ kind: 'partial', range: { start: 900, end: 999 } });
    expect(parseRange('bytes=-5000', size)).toEqual({ kind: 'partial', range: { start: 0, end: 999 } });
    expect(parseRange('bytes=999-999', size)).toEqual({ kind: 'partial', range: { start: 999, end: 999 } });
  });

  it('finds ranges outside the file unsatisfiable', () => {
    for (const header of ['bytes=1000-', 'bytes=1000-1001', 'bytes=5-3', 'bytes=-0']) {
      expect(parseRange(header, size), header).toEqual({ kind: 'unsatisfiable' });
    }
    expect(parseRange('bytes=0-', 0)).toEqual({ kind: 'unsatisfiable' });
  });
});
