/**
 * HTTP Range for media streams, shared by both shells so <video> seeks the same way in each. Only a
 * single range is served (what media elements ask for); anything else gets the whole file.
 */
export type RangeAnswer =
  | { status: 200; start: 0; end: number; length: number }
  | { status: 206; start: number; end: number; length: number; contentRange: string }
  | { status: 416; contentRange: string };

export function answerRange(header: string | null | undefined, size: number): RangeAnswer {
  const whole = { status: 200 as const, start: 0 as const, end: size - 1, length: size };
  if (!header) return whole;
  const m = /^bytes=(\d*)-(\d*)$/.exec(header.trim());
  if (!m || (m[1] === '' && m[2] === '')) return whole;
  let start: number;
  let end: number;
  if (m[1] === '') {
    // Suffix range: the last N bytes.
    const suffix = Number(m[2]);
    if (suffix === 0) return { status: 416, contentRange: `bytes */${size}` };
    start = Math.max(0, size - suffix);
    end = size - 1;
  } else {
    start = Number(m[1]);
    end = m[2] === '' ? size - 1 : Math.min(Number(m[2]), size - 1);
  }
  if (start >= size || end < start) return { status: 416, contentRange: `bytes */${size}` };
  return { status: 206, start, end, length: end - start + 1, contentRange: `bytes ${start}-${end}/${size}` };
}
