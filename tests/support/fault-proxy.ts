// A fault-injecting TCP proxy for HTTP/1.1 (keep-alive included), for testing how the sync engine
// survives a bad network: it sits between an HTTP client and a server (the cloud API, an S3 server),
// forwards bytes unchanged, and on the requests a plan picks it resets, stalls, truncates, corrupts
// or answers in the server's place.
//
// To act per request it follows the message boundaries in both directions (Content-Length, chunked
// transfer coding, HEAD / 1xx / 204 / 304 responses without a body, bodies delimited by close). It
// never rewrites a header, so signed requests (SigV4 signs Host) still verify.
import { createServer, connect, type AddressInfo, type Socket } from 'node:net';

// ---------------------------------------------------------------------------------------------
// Faults and plans

/**
 * One fault, applied to one request/response exchange. Positions count bytes of the message body
 * as they travel on the wire (chunked framing included). When the message ends before the position,
 * the fault fires just before the message's last byte, so a chosen fault always breaks the message
 * (for a message without a body that point lies inside its header block).
 */
export type Fault =
  /** Forward the request head and `afterBodyBytes` (default 0) of its body, then reset the client's connection and close the server's. */
  | { kind: 'reset-request'; afterBodyBytes?: number }
  /** Forward the response head and `afterBodyBytes` (default 0) of its body, then reset the client's connection. */
  | { kind: 'reset-response'; afterBodyBytes?: number }
  /** Forward the response head and `afterBodyBytes` (default 0) of its body, then close the client's connection cleanly (FIN). */
  | { kind: 'truncate'; afterBodyBytes?: number }
  /**
   * Stop forwarding the request (`phase: 'request'`) or the response (default) for `ms` milliseconds,
   * or until the client gives up when `ms` is omitted. Without `afterBodyBytes` the stall starts
   * before the message's first byte; with it, after the head and that many body bytes.
   */
  | { kind: 'stall'; phase?: 'request' | 'response'; ms?: number; afterBodyBytes?: number }
  /**
   * Answer `status` (default 500) instead of the server. By default the request never reaches the
   * server (the proxy reads and drops it). With `reachServer: true` it is forwarded, the server's
   * response is read and dropped, and the client gets the synthetic one: "applied, but the answer was
   * lost". `retryAfter` (seconds) adds Retry-After; it defaults to 1 for 429 and 503.
   */
  | { kind: 'status'; status?: number; retryAfter?: number; reachServer?: boolean }
  /**
   * XOR one byte of the response body's payload (never a header, never chunk framing) with `mask`
   * (default 0xff). `offset` (default 0) counts payload bytes; past the end, the last byte is flipped.
   */
  | { kind: 'flip'; offset?: number; mask?: number };

export type FaultKind = Fault['kind'];
export const FAULT_KINDS: readonly FaultKind[] = ['reset-request', 'reset-response', 'truncate', 'stall', 'status', 'flip'];

/** What a plan knows about a request when it decides. Counters are 1-based. */
export interface RequestInfo {
  /** The nth request since the current plan was set. */
  request: number;
  /** The connection's number since the proxy started. */
  connection: number;
  /** The nth request on this connection. */
  requestOnConnection: number;
  method: string;
  /** The request target as sent, e.g. `/bucket/key?uploadId=1`. */
  target: string;
  /** Lower-cased header names; repeated headers joined with ", ". */
  headers: Record<string, string>;
}

/** A scripted rule: the first rule that matches and has uses left decides. */
export interface FaultRule {
  request?: number;
  connection?: number;
  requestOnConnection?: number;
  method?: string;
  /** A string matches targets that start with it. */
  target?: string | RegExp;
  match?: (req: RequestInfo) => boolean;
  /** How many requests this rule may fault (default 1; `Infinity` for every match). */
  times?: number;
  fault: Fault;
}

/** Random faults, deterministic for a seed: request n of a plan always gets the same decision. */
export interface RandomFaults {
  seed: number;
  /** Probability, 0..1, that a request (among those `match` accepts) gets a fault. */
  rate: number;
  /**
   * What to choose from, uniformly. A kind gets random parameters (stalls last 50–1500 ms, never
   * forever); a full fault is used as given. Default: every kind.
   */
  faults?: readonly (FaultKind | Fault)[];
  match?: (req: RequestInfo) => boolean;
}

export type FaultDecider = (req: RequestInfo) => Fault | null | undefined;
export type FaultPlan = FaultDecider | readonly FaultRule[] | RandomFaults;

export interface InjectedFault {
  request: number;
  connection: number;
  method: string;
  target: string;
  fault: Fault;
}

export interface FaultProxyStats {
  connections: number;
  /** Requests whose head was read from a client. */
  requests: number;
  /** Faults that took effect, by kind. */
  faults: Record<FaultKind, number>;
  /** Faults chosen but impossible to apply (a flip on a response without a body), by kind. */
  notApplied: Record<FaultKind, number>;
  /** Every fault that took effect, in order: print it with the seed when a randomized test fails. */
  injected: InjectedFault[];
  /** Connections dropped because a stream was not valid HTTP/1.1 as the proxy understands it. */
  protocolErrors: number;
}

export interface FaultProxy {
  port: number;
  /** `http://127.0.0.1:<port>` */
  url: string;
  /** Replace the plan (`null`: forward everything). Restarts the plan's request count. */
  setFaults(plan: FaultPlan | null): void;
  readonly stats: FaultProxyStats;
  /** Stop listening and drop every connection. */
  close(): Promise<void>;
}

// ---------------------------------------------------------------------------------------------
// Deterministic randomness

/** A 32-bit mix (murmur3's finalizer): consecutive inputs give unrelated outputs. */
function mix32(x: number): number {
  x = Math.imul(x ^ (x >>> 16), 0x85ebca6b);
  x = Math.imul(x ^ (x >>> 13), 0xc2b2ae35);
  return (x ^ (x >>> 16)) >>> 0;
}

/** mulberry32: a small, fast PRNG with a 32-bit state; returns floats in [0, 1). */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function randomFault(kind: FaultKind, rnd: () => number): Fault {
  const int = (lo: number, hi: number) => lo + Math.floor(rnd() * (hi - lo + 1));
  switch (kind) {
    case 'reset-request':
    case 'reset-response':
    case 'truncate':
      return { kind, afterBodyBytes: int(0, 65_536) };
    case 'stall':
      return { kind, phase: rnd() < 0.5 ? 'request' : 'response', ms: int(50, 1500), ...(rnd() < 0.5 ? { afterBodyBytes: int(0, 65_536) } : {}) };
    case 'status':
      return { kind, status: [500, 503, 429][int(0, 2)] ?? 500, reachServer: rnd() < 0.5 };
    case 'flip':
      return { kind, offset: int(0, 65_536) };
  }
}

function toDecider(plan: FaultPlan): FaultDecider {
  if (typeof plan === 'function') return plan;
  if (Array.isArray(plan)) {
    const rules = plan as readonly FaultRule[];
    const left = rules.map((r) => r.times ?? 1);
    return (req) => {
      const i = rules.findIndex((r, n) => (left[n] ?? 0) > 0 && ruleMatches(r, req));
      if (i < 0) return null;
      left[i] = (left[i] ?? 0) - 1;
      return rules[i]?.fault ?? null;
    };
  }
  const random = plan as RandomFaults;
  const choices = random.faults ?? FAULT_KINDS;
  if (choices.length === 0) throw new Error('fault proxy: a random plan needs at least one fault to choose from');
  return (req) => {
    if (random.match && !random.match(req)) return null;
    // Seeded by (seed, request number) so one request's draws never shift another's.
    const rnd = seededRandom(mix32(mix32(random.seed >>> 0) ^ Math.imul(req.request, 0x9e3779b1)));
    if (rnd() >= random.rate) return null;
    const choice = choices[Math.floor(rnd() * choices.length)] ?? choices[0]!;
    return typeof choice === 'string' ? randomFault(choice, rnd) : choice;
  };
}

function ruleMatches(rule: FaultRule, req: RequestInfo): boolean {
  if (rule.request !== undefined && rule.request !== req.request) return false;
  if (rule.connection !== undefined && rule.connection !== req.connection) return false;
  if (rule.requestOnConnection !== undefined && rule.requestOnConnection !== req.requestOnConnection) return false;
  if (rule.method !== undefined && rule.method.toUpperCase() !== req.method) return false;
  if (typeof rule.target === 'string' && !req.target.startsWith(rule.target)) return false;
  if (rule.target instanceof RegExp && !rule.target.test(req.target)) return false;
  return rule.match ? rule.match(req) : true;
}

// ---------------------------------------------------------------------------------------------
// HTTP/1.1 message framing

export interface MessageHead {
  /** Request: method, target. Response: status. */
  method: string;
  target: string;
  status: number;
  headers: Record<string, string>;
}

export type BodyMode = 'none' | 'length' | 'chunked' | 'until-close' | 'tunnel';

/**
 * One piece of the byte stream, in order. Concatenating every segment's bytes gives back the input
 * exactly. `data` marks body payload (not chunk framing); `last` marks the end of a message.
 */
export type Segment<T> =
  | { type: 'head'; bytes: Buffer; head: MessageHead; tag: T; last: boolean }
  | { type: 'body'; bytes: Buffer; data: boolean; last: boolean }
  /** Blank lines between messages, or bytes after a protocol switch. */
  | { type: 'other'; bytes: Buffer; last: false };

const MAX_HEAD = 256 * 1024;
const CRLF = Buffer.from('\r\n');
const HEAD_END = Buffer.from('\r\n\r\n');

export class HttpFramingError extends Error {}

function parseHead(bytes: Buffer, kind: 'request' | 'response'): MessageHead {
  const lines = bytes.toString('latin1').split('\r\n');
  const start = lines[0] ?? '';
  const headers: Record<string, string> = {};
  for (const line of lines.slice(1)) {
    if (line === '') continue;
    const colon = line.indexOf(':');
    if (colon <= 0) throw new HttpFramingError(`bad header line: ${JSON.stringify(line)}`);
    const name = line.slice(0, colon).trim().toLowerCase();
    const value = line.slice(colon + 1).trim();
    headers[name] = name in headers ? `${headers[name]}, ${value}` : value;
  }
  if (kind === 'request') {
    const m = /^([A-Z!#$%&'*+.^_`|~0-9-]+) (\S+) HTTP\/1\.[01]$/i.exec(start);
    if (!m) throw new HttpFramingError(`bad request line: ${JSON.stringify(start)}`);
    return { method: m[1]!.toUpperCase(), target: m[2]!, status: 0, headers };
  }
  const m = /^HTTP\/1\.[01] (\d{3})(?: .*)?$/.exec(start);
  if (!m) throw new HttpFramingError(`bad status line: ${JSON.stringify(start)}`);
  return { method: '', target: '', status: Number(m[1]), headers };
}

/** Body framing from the headers (RFC 9112 §6.3); `fallback` applies when neither header is present. */
export function bodyModeFromHeaders(headers: Record<string, string>, fallback: 'none' | 'until-close'): { mode: BodyMode; length: number } {
  const te = headers['transfer-encoding'];
  if (te !== undefined) {
    const codings = te.split(',').map((c) => c.trim().toLowerCase());
    if (codings.at(-1) === 'chunked') return { mode: 'chunked', length: 0 };
    if (fallback === 'none') throw new HttpFramingError(`request with transfer-encoding "${te}" not ending in chunked`);
    return { mode: 'until-close', length: 0 };
  }
  const cl = headers['content-length'];
  if (cl !== undefined) {
    const values = new Set(cl.split(',').map((v) => v.trim()));
    const [only] = values;
    if (values.size !== 1 || only === undefined || !/^\d+$/.test(only)) throw new HttpFramingError(`bad content-length: ${cl}`);
    const length = Number(only);
    return length === 0 ? { mode: 'none', length: 0 } : { mode: 'length', length };
  }
  return { mode: fallback, length: 0 };
}

/**
 * An incremental HTTP/1.1 framer for one direction of a connection. `decide` is called, in stream
 * order, with each head and returns how its body is framed plus a tag carried on the head segment.
 */
export class HttpMessageParser<T> {
  private buf: Buffer = Buffer.alloc(0);
  private state: 'head' | 'length' | 'chunk-size' | 'chunk-data' | 'chunk-crlf' | 'trailers' | 'until-close' | 'tunnel' = 'head';
  private remaining = 0;

  constructor(
    private readonly kind: 'request' | 'response',
    private readonly decide: (head: MessageHead) => { mode: BodyMode; length: number; tag: T },
  ) {}

  push(chunk: Buffer): Segment<T>[] {
    this.buf = this.buf.length === 0 ? chunk : Buffer.concat([this.buf, chunk]);
    const out: Segment<T>[] = [];
    for (;;) {
      const buf = this.buf;
      switch (this.state) {
        case 'head': {
          let skip = 0;
          while (buf[skip] === 0x0d || buf[skip] === 0x0a) skip++; // blank lines before a message
          if (skip > 0) {
            out.push({ type: 'other', bytes: buf.subarray(0, skip), last: false });
            this.buf = buf.subarray(skip);
            continue;
          }
          const end = buf.indexOf(HEAD_END);
          if (end < 0) {
            if (buf.length > MAX_HEAD) throw new HttpFramingError('header block too large');
            return out;
          }
          const bytes = buf.subarray(0, end + 4);
          this.buf = buf.subarray(end + 4);
          const head = parseHead(bytes, this.kind);
          const { mode, length, tag } = this.decide(head);
          out.push({ type: 'head', bytes, head, tag, last: mode === 'none' });
          if (mode === 'length') this.remaining = length;
          this.state = mode === 'none' ? 'head' : mode === 'length' ? 'length' : mode === 'chunked' ? 'chunk-size' : mode;
          continue;
        }
        case 'length':
        case 'chunk-data':
        case 'chunk-crlf': {
          if (buf.length === 0) return out;
          const take = Math.min(this.remaining, buf.length);
          this.remaining -= take;
          this.buf = buf.subarray(take);
          const bytes = buf.subarray(0, take);
          if (this.state === 'chunk-crlf') {
            if (!CRLF.subarray(2 - take - this.remaining, 2 - this.remaining).equals(bytes)) throw new HttpFramingError('chunk not followed by CRLF');
            out.push({ type: 'body', bytes, data: false, last: false });
            if (this.remaining === 0) this.state = 'chunk-size';
          } else if (this.state === 'chunk-data') {
            out.push({ type: 'body', bytes, data: true, last: false });
            if (this.remaining === 0) {
              this.state = 'chunk-crlf';
              this.remaining = 2;
            }
          } else {
            out.push({ type: 'body', bytes, data: true, last: this.remaining === 0 });
            if (this.remaining === 0) this.state = 'head';
          }
          continue;
        }
        case 'chunk-size':
        case 'trailers': {
          const eol = buf.indexOf(CRLF);
          if (eol < 0) {
            if (buf.length > MAX_HEAD) throw new HttpFramingError('chunk line too long');
            return out;
          }
          const line = buf.subarray(0, eol + 2);
          this.buf = buf.subarray(eol + 2);
          if (this.state === 'trailers') {
            const done = eol === 0;
            out.push({ type: 'body', bytes: line, data: false, last: done });
            if (done) this.state = 'head';
            continue;
          }
          const hex = line.toString('latin1', 0, eol).split(';')[0]!.trim();
          if (!/^[0-9a-f]{1,15}$/i.test(hex)) throw new HttpFramingError(`bad chunk size: ${JSON.stringify(hex)}`);
          const size = parseInt(hex, 16);
          out.push({ type: 'body', bytes: line, data: false, last: false });
          if (size === 0) this.state = 'trailers';
          else {
            this.state = 'chunk-data';
            this.remaining = size;
          }
          continue;
        }
        case 'until-close':
        case 'tunnel': {
          if (buf.length === 0) return out;
          this.buf = Buffer.alloc(0);
          out.push(this.state === 'tunnel' ? { type: 'other', bytes: buf, last: false } : { type: 'body', bytes: buf, data: true, last: false });
          return out;
        }
      }
    }
  }

  /** The stream ended: ends a body delimited by close. */
  finish(): Segment<T>[] {
    if (this.state === 'until-close') {
      this.state = 'head';
      return [{ type: 'body', bytes: Buffer.alloc(0), data: true, last: true }];
    }
    return [];
  }

  /** Between messages (nothing of a message read yet). */
  get idle(): boolean {
    return this.state === 'head' && this.buf.length === 0;
  }
}

// ---------------------------------------------------------------------------------------------
// The proxy

interface Deferred {
  promise: Promise<void>;
  resolve(): void;
}
function deferred(): Deferred {
  let resolve!: () => void;
  const promise = new Promise<void>((r) => (resolve = r));
  return { promise, resolve };
}

interface Exchange {
  info: RequestInfo;
  fault: Fault | null;
  /** Resolved once this exchange's response has been written to the client (or dropped). */
  done: Deferred;
  /** The previous exchange's `done`: responses go to the client in request order. */
  previous: Promise<void>;
}

/** Where a message stands and where its cut (reset, truncate, stall) falls, in bytes from its start. */
interface MessageState {
  ex: Exchange;
  pos: number;
  cutAt: number | null;
  fired: boolean;
  /** A flip waiting for its byte: segments held back until it is reached. */
  flip: { offset: number; mask: number; seen: number; held: { bytes: Buffer; data: boolean }[] } | null;
  drop: boolean;
}

const REASONS: Record<number, string> = { 429: 'Too Many Requests', 500: 'Internal Server Error', 502: 'Bad Gateway', 503: 'Service Unavailable', 504: 'Gateway Timeout' };

function syntheticResponse(fault: Extract<Fault, { kind: 'status' }>, method: string): Buffer {
  const status = fault.status ?? 500;
  const retryAfter = fault.retryAfter ?? (status === 429 || status === 503 ? 1 : undefined);
  const body = `fault proxy: injected ${status}\n`;
  const lines = [
    `HTTP/1.1 ${status} ${REASONS[status] ?? 'Injected Fault'}`,
    'Content-Type: text/plain; charset=utf-8',
    `Content-Length: ${Buffer.byteLength(body)}`,
    ...(retryAfter !== undefined ? [`Retry-After: ${retryAfter}`] : []),
    'X-Fault-Proxy: injected',
  ];
  return Buffer.from(`${lines.join('\r\n')}\r\n\r\n${method === 'HEAD' ? '' : body}`, 'latin1');
}

/** Resolves once `bytes` are handed over or the socket is gone; waits for 'drain' when the buffer is full. */
function write(socket: Socket, bytes: Buffer): Promise<void> {
  if (bytes.length === 0 || socket.destroyed || socket.writableEnded) return Promise.resolve();
  if (socket.write(bytes)) return Promise.resolve();
  return new Promise((resolve) => {
    const done = () => {
      socket.off('drain', done);
      socket.off('close', done);
      resolve();
    };
    socket.on('drain', done);
    socket.on('close', done);
  });
}

/** Resolves once everything written so far has reached the kernel (or the socket is gone). */
function flushed(socket: Socket): Promise<void> {
  if (socket.destroyed || socket.writableEnded) return Promise.resolve();
  return new Promise((resolve) => socket.write(Buffer.alloc(0), () => resolve()));
}

class ProxyConnection {
  private dead = false;
  private readonly closedSignal = deferred();
  private requestsOnConnection = 0;
  /** Forwarded exchanges whose response head has not come back from the server yet. */
  private readonly awaitingServer: Exchange[] = [];
  private lastDone: Promise<void> = Promise.resolve();

  constructor(
    private readonly client: Socket,
    private readonly upstream: Socket,
    private readonly id: number,
    private readonly proxy: ProxyState,
  ) {
    client.on('error', () => this.kill());
    upstream.on('error', () => this.kill());
    client.on('close', () => this.kill());
    upstream.on('close', () => {
      // The server is gone: once the response pump has passed on what it sent, so is the client.
      if (upstream.readableEnded) return;
      this.kill();
    });
  }

  get closed(): Promise<void> {
    return this.closedSignal.promise;
  }

  kill(): void {
    if (this.dead) return;
    this.dead = true;
    if (!this.client.destroyed) this.client.destroy();
    if (!this.upstream.destroyed) this.upstream.destroy();
    this.closedSignal.resolve();
  }

  /** Waits for `p`, or for the connection to die. */
  private until(p: Promise<unknown>): Promise<unknown> {
    return Promise.race([p, this.closedSignal.promise]);
  }

  async run(): Promise<void> {
    await Promise.all([this.pumpRequests(), this.pumpResponses()]);
  }

  // -------- client → server

  private async pumpRequests(): Promise<void> {
    let current: MessageState | null = null;
    const parser = new HttpMessageParser<null>('request', (head) => ({ ...bodyModeFromHeaders(head.headers, 'none'), tag: null }));
    try {
      for await (const chunk of this.client) {
        for (const seg of parser.push(chunk as Buffer)) {
          if (this.dead) return;
          if (seg.type === 'other') {
            if (current?.drop !== true) await write(this.upstream, seg.bytes);
            continue;
          }
          if (seg.type === 'head') current = await this.startRequest(seg.head, seg.bytes.length);
          if (!current) continue;
          if (current.drop) {
            if (seg.last) await this.answerInstead(current.ex);
          } else {
            await this.forward(this.upstream, current, seg.bytes, seg.last);
          }
          if (seg.last) current = null;
        }
      }
    } catch (err) {
      if (err instanceof HttpFramingError) this.proxy.stats.protocolErrors++;
      this.kill();
      return;
    }
    // The client finished sending (half-close): pass that on; responses may still come back.
    if (!this.dead) this.upstream.end();
  }

  private async startRequest(head: MessageHead, headLength: number): Promise<MessageState> {
    const stats = this.proxy.stats;
    stats.requests++;
    const info: RequestInfo = {
      request: ++this.proxy.planRequests,
      connection: this.id,
      requestOnConnection: ++this.requestsOnConnection,
      method: head.method,
      target: head.target,
      headers: head.headers,
    };
    const fault = this.proxy.decide?.(info) ?? null;
    const ex: Exchange = { info, fault, done: deferred(), previous: this.lastDone };
    this.lastDone = ex.done.promise;
    const state: MessageState = { ex, pos: 0, cutAt: null, fired: false, flip: null, drop: false };
    if (fault?.kind === 'status' && !fault.reachServer) {
      state.drop = true;
      // The client waits for "100 Continue" before sending the body we have to read and drop.
      if (/100-continue/i.test(head.headers['expect'] ?? '')) {
        await this.until(ex.previous);
        await write(this.client, Buffer.from('HTTP/1.1 100 Continue\r\n\r\n'));
      }
      return state;
    }
    if (fault?.kind === 'reset-request' || (fault?.kind === 'stall' && fault.phase === 'request')) {
      state.cutAt = fault.kind === 'stall' && fault.afterBodyBytes === undefined ? 0 : headLength + (fault.afterBodyBytes ?? 0);
    }
    this.awaitingServer.push(ex);
    return state;
  }

  private async answerInstead(ex: Exchange): Promise<void> {
    await this.until(ex.previous);
    if (this.dead || ex.fault?.kind !== 'status') return;
    await write(this.client, syntheticResponse(ex.fault, ex.info.method));
    this.record(ex);
    ex.done.resolve();
  }

  // -------- server → client

  private async pumpResponses(): Promise<void> {
    let current: MessageState | null = null;
    // A response head's tag: its exchange, or 'interim' (1xx) / 'orphan' (nothing asked for it, or a
    // protocol switch): those are passed on as they are.
    type Tag = Exchange | 'interim' | 'orphan';
    const parser = new HttpMessageParser<Tag>('response', (head) => {
      if (head.status === 101) return { mode: 'tunnel', length: 0, tag: 'orphan' };
      if (head.status >= 100 && head.status < 200) return { mode: 'none', length: 0, tag: 'interim' };
      const ex = this.awaitingServer.shift();
      const tag = ex ?? 'orphan';
      if (ex?.info.method === 'HEAD' || head.status === 204 || head.status === 304) return { mode: 'none', length: 0, tag };
      return { ...bodyModeFromHeaders(head.headers, 'until-close'), tag };
    });
    const handle = async (segs: Segment<Tag>[]) => {
      for (const seg of segs) {
        if (this.dead) return;
        if (seg.type === 'head') {
          if (typeof seg.tag === 'string') {
            // An interim response (100 Continue) belongs to the oldest exchange still waiting.
            const waiting = this.awaitingServer[0];
            if (waiting && seg.tag === 'interim') await this.until(waiting.previous);
            current = null;
            await write(this.client, seg.bytes);
            continue;
          }
          current = this.startResponse(seg.tag, seg.bytes.length);
          await this.until(seg.tag.previous);
          if (this.dead) return;
        }
        if (!current || seg.type === 'other') {
          await write(this.client, seg.bytes);
          continue;
        }
        await this.deliver(current, seg.bytes, seg.type === 'body' && seg.data, seg.last);
        if (seg.last) {
          current.ex.done.resolve();
          current = null;
        }
      }
    };
    try {
      for await (const chunk of this.upstream) await handle(parser.push(chunk as Buffer));
      await handle(parser.finish());
    } catch (err) {
      if (err instanceof HttpFramingError) this.proxy.stats.protocolErrors++;
      this.kill();
      return;
    }
    // The server closed its side. Requests it never answered never will be: close the client's side
    // now; when only the proxy's own answers are pending, after they are written.
    if (!this.dead) {
      if (this.awaitingServer.length === 0) await this.until(this.lastDone);
      this.client.end();
    }
  }

  private startResponse(ex: Exchange, headLength: number): MessageState {
    const state: MessageState = { ex, pos: 0, cutAt: null, fired: false, flip: null, drop: false };
    const f = ex.fault;
    if (!f) return state;
    if (f.kind === 'reset-response' || f.kind === 'truncate') state.cutAt = headLength + (f.afterBodyBytes ?? 0);
    else if (f.kind === 'stall' && f.phase !== 'request') state.cutAt = f.afterBodyBytes === undefined ? 0 : headLength + f.afterBodyBytes;
    else if (f.kind === 'flip') state.flip = { offset: f.offset ?? 0, mask: f.mask ?? 0xff, seen: 0, held: [] };
    else if (f.kind === 'status') state.drop = true; // reachServer: the server's answer is read and lost
    return state;
  }

  private async deliver(state: MessageState, bytes: Buffer, data: boolean, last: boolean): Promise<void> {
    if (state.drop) {
      if (last && state.ex.fault?.kind === 'status') {
        await write(this.client, syntheticResponse(state.ex.fault, state.ex.info.method));
        this.record(state.ex);
      }
      return;
    }
    const flip = state.flip;
    if (!flip) return this.forward(this.client, state, bytes, last);
    if (data && flip.offset < flip.seen + bytes.length) {
      const copy = Buffer.from(bytes);
      copy[flip.offset - flip.seen]! ^= flip.mask;
      flip.held.push({ bytes: copy, data });
      state.flip = null;
      this.record(state.ex);
      for (const h of flip.held) await write(this.client, h.bytes);
      return;
    }
    flip.seen += data ? bytes.length : 0;
    flip.held.push({ bytes, data });
    if (!last) return;
    // The body ended before the offset: flip its last payload byte instead.
    state.flip = null;
    const lastData = flip.held.findLast((h) => h.data && h.bytes.length > 0);
    if (lastData) {
      lastData.bytes = Buffer.from(lastData.bytes);
      lastData.bytes[lastData.bytes.length - 1]! ^= flip.mask;
      this.record(state.ex);
    } else {
      this.proxy.stats.notApplied.flip++;
    }
    for (const h of flip.held) await write(this.client, h.bytes);
  }

  /** Writes a piece of a message to `to`, firing the message's cut when its position is reached. */
  private async forward(to: Socket, state: MessageState, bytes: Buffer, last: boolean): Promise<void> {
    const start = state.pos;
    const end = start + bytes.length;
    state.pos = end;
    const cut = state.cutAt;
    if (cut === null || state.fired || (cut >= end && !last)) return write(to, bytes);
    // Never let the message complete: past its end, the cut falls before its last byte.
    const at = Math.max(start, cut < end ? cut : end - 1);
    await write(to, bytes.subarray(0, at - start));
    state.fired = true;
    await this.fire(state.ex);
    if (!this.dead) await write(to, bytes.subarray(at - start));
  }

  private async fire(ex: Exchange): Promise<void> {
    const f = ex.fault;
    if (!f) return;
    this.record(ex);
    switch (f.kind) {
      case 'stall': {
        const ms = f.ms;
        if (ms === undefined || !Number.isFinite(ms)) await this.closed;
        else {
          let timer: NodeJS.Timeout | undefined;
          await this.until(new Promise((r) => (timer = setTimeout(r, ms))));
          clearTimeout(timer);
        }
        return;
      }
      case 'reset-request':
        // The server has the head and part of the body, then the connection ends.
        await flushed(this.upstream);
        this.dead = true;
        this.upstream.destroy();
        this.client.resetAndDestroy();
        this.closedSignal.resolve();
        return;
      case 'reset-response':
        await flushed(this.client);
        this.dead = true;
        this.client.resetAndDestroy();
        this.upstream.destroy();
        this.closedSignal.resolve();
        return;
      case 'truncate':
        await flushed(this.client);
        this.dead = true;
        this.upstream.destroy();
        this.client.end(() => this.client.destroy());
        this.closedSignal.resolve();
        return;
      default:
        return;
    }
  }

  private record(ex: Exchange): void {
    if (!ex.fault) return;
    const { stats } = this.proxy;
    stats.faults[ex.fault.kind]++;
    stats.injected.push({ request: ex.info.request, connection: ex.info.connection, method: ex.info.method, target: ex.info.target, fault: ex.fault });
  }
}

interface ProxyState {
  stats: FaultProxyStats;
  decide: FaultDecider | null;
  planRequests: number;
}

const zeroCounts = (): Record<FaultKind, number> => Object.fromEntries(FAULT_KINDS.map((k) => [k, 0])) as Record<FaultKind, number>;

export async function startFaultProxy(options: { target: { host: string; port: number }; plan?: FaultPlan | null }): Promise<FaultProxy> {
  const state: ProxyState = {
    stats: { connections: 0, requests: 0, faults: zeroCounts(), notApplied: zeroCounts(), injected: [], protocolErrors: 0 },
    decide: options.plan ? toDecider(options.plan) : null,
    planRequests: 0,
  };
  const live = new Set<ProxyConnection>();
  const server = createServer({ allowHalfOpen: true, noDelay: true }, (client) => {
    const id = ++state.stats.connections;
    const upstream = connect({ host: options.target.host, port: options.target.port, noDelay: true });
    const conn = new ProxyConnection(client, upstream, id, state);
    live.add(conn);
    void conn.run().finally(() => {
      // Both pumps are done: nothing more will cross this connection.
      if (client.writableEnded && upstream.readableEnded) conn.kill();
    });
    void conn.closed.then(() => live.delete(conn));
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  const port = (server.address() as AddressInfo).port;
  return {
    port,
    url: `http://127.0.0.1:${port}`,
    stats: state.stats,
    setFaults(plan) {
      state.decide = plan ? toDecider(plan) : null;
      state.planRequests = 0;
    },
    close() {
      for (const conn of live) conn.kill();
      return new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
