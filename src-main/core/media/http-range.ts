/**
 * HTTP Range for media streams, one implementation for both shells, so a <video> seeks the same way
 * in each. It speaks just enough of RFC 9110 range requests: one `bytes=` range per request (what
 * Chromium's media stack sends).
 */

/** An inclusive byte range, as in `Content-Range: bytes start-end/size`. */
export interface ByteRange {
  start: number;
  end: number;
}

export type RangeRequest =
  /** No usable Range header: answer with the whole file (200). */
  | { kind: 'whole' }
  | { kind: 'partial'; range: ByteRange }
  /** Syntactically fine, but no byte of it exists in the file (416). */
  | { kind: 'unsatisfiable' };

const BYTES_RANGE = /^bytes=(\d*)-(\d*)$/;

/**
 * Reads a Range header against a file of `size` bytes. Malformed headers, other units and multi-range
 * requests are ignored (the whole file is sent), as RFC 9110 allows; `bytes=a-b` with b < a, a start at
 * or past the end, and a zero-length suffix are unsatisfiable.
 */
export function parseRange(header: string | null | undefined, size: number): RangeRequest {
  if (!header) return { kind: 'whole' };
  const match = BYTES_RANGE.exec(header.trim());
  if (!match) return { kind: 'whole' };
  const [, first = '', last = ''] = match;
  if (first === '' && last === '') return { kind: 'whole' };

  if (first === '') {
    // `bytes=-N`: the last N bytes.
    const suffix = Number(last);
    if (!Number.isSafeInteger(suffix)) return { kind: 'whole' };
    if (suffix === 0 || size === 0) return { kind: 'unsatisfiable' };
    return { kind: 'partial', range: { start: Math.max(0, size - suffix), end: size - 1 } };
  }

  const start = Number(first);
  const end = last === '' ? size - 1 : Number(last);
  if (!Number.isSafeInteger(start) || !Number.isSafeInteger(end)) return { kind: 'whole' };
  if (end < start || start >= size) return { kind: 'unsatisfiable' };
  return { kind: 'partial', range: { start, end: Math.min(end, size - 1) } };
}
