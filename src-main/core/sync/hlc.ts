/**
 * Hybrid logical clock stamps: `<ISO wall time>-<4 hex counter>-<16 hex client id>`. They sort as
 * strings, never run backwards on one client (even when the wall clock does), and break ties between
 * clients by id, so "last writer wins" per field is the same decision on every machine.
 */
export interface HlcState {
  millis: number;
  counter: number;
}

const STAMP = /^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z)-([0-9a-f]{4})-([0-9a-f]{16})$/;
const MAX_COUNTER = 0xffff;
/** A remote stamp further than this in our future is refused rather than dragging our clock along. */
export const MAX_DRIFT_MS = 5 * 60_000;

export function formatHlc(state: HlcState, clientId: string): string {
  return `${new Date(state.millis).toISOString()}-${state.counter.toString(16).padStart(4, '0')}-${clientId}`;
}

export function parseHlc(stamp: string): HlcState & { clientId: string } {
  const m = STAMP.exec(stamp);
  if (!m) throw new Error(`not a clock stamp: ${stamp}`);
  return { millis: Date.parse(m[1]!), counter: parseInt(m[2]!, 16), clientId: m[3]! };
}

/** The next local stamp after `last`, at wall time `now`. */
export function tick(last: HlcState, now: number): HlcState {
  const millis = Math.max(last.millis, now);
  const counter = millis === last.millis ? last.counter + 1 : 0;
  if (counter > MAX_COUNTER) throw new Error('clock counter overflow: too many changes in one millisecond');
  return { millis, counter };
}

/** Our state after seeing a remote stamp: never behind anything we have seen. */
export function receive(last: HlcState, remote: HlcState, now: number): HlcState {
  if (remote.millis - now > MAX_DRIFT_MS) throw new Error('remote clock is too far ahead of ours');
  const millis = Math.max(last.millis, remote.millis, now);
  let counter = 0;
  if (millis === last.millis && millis === remote.millis) counter = Math.max(last.counter, remote.counter) + 1;
  else if (millis === last.millis) counter = last.counter + 1;
  else if (millis === remote.millis) counter = remote.counter + 1;
  // As in tick: a fifth hex digit would make a stamp that neither sorts nor parses (the profile would not reopen).
  if (counter > MAX_COUNTER) throw new Error('clock counter overflow: too many changes in one millisecond');
  return { millis, counter };
}
