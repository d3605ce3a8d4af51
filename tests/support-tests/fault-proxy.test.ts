import { createHash, randomBytes } from 'node:crypto';
import { Agent, createServer, request as httpRequest, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { HttpMessageParser, bodyModeFromHeaders, startFaultProxy, type FaultPlan, type FaultProxy, type InjectedFault } from '../support/fault-proxy';

// A tiny server that tells the tests what reached it.
interface Arrival {
  method: string;
  url: string;
  /** Body bytes received; `complete` is false when the connection died mid-body. */
  bytes: number;
  complete: boolean;
  at: number;
}

const blob = (size: number, seed = 1) => {
  const out = Buffer.alloc(size);
  let x = seed;
  for (let i = 0; i < size; i++) {
    x = (Math.imul(x, 1103515245) + 12345) >>> 0;
    out[i] = x >>> 24;
  }
  return out;
};
const sha = (b: Buffer) => createHash('sha256').update(b).digest('hex');

let server: Server;
let arrivals: Arrival[] = [];
let arrivalWaiters: (() => void)[] = [];
let proxy: FaultProxy;

function startServer(): Promise<Server> {
  const s = createServer((req, res) => {
    const chunks: Buffer[] = [];
    const arrival: Arrival = { method: req.method ?? '', url: req.url ?? '', bytes: 0, complete: false, at: Date.now() };
    const settle = () => {
      arrivals.push(arrival);
      for (const w of arrivalWaiters.splice(0)) w();
    };
    req.on('data', (c: Buffer) => {
      chunks.push(c);
      arrival.bytes += c.length;
    });
    req.on('error', () => undefined);
    req.on('close', () => {
      if (!arrival.complete) settle();
    });
    req.on('end', () => {
      arrival.complete = true;
      settle();
      const body = Buffer.concat(chunks);
      const url = new URL(req.url ?? '/', 'http://x');
      const size = Number(url.searchParams.get('size') ?? 0);
      if (url.pathname === '/echo') {
        res.writeHead(200, { 'content-length': body.length, 'x-sha256': sha(body) });
        res.end(body);
      } else if (url.pathname === '/blob') {
        res.writeHead(200, { 'content-length': size, 'content-type': 'application/octet-stream' });
        res.end(req.method === 'HEAD' ? undefined : blob(size));
      } else if (url.pathname === '/chunked') {
        // No Content-Length: node sends chunked, in uneven pieces.
        res.writeHead(200, { 'content-type': 'application/octet-stream' });
        const data = blob(size, 7);
        let at = 0;
        let piece = 1;
        while (at < data.length) {
          res.write(data.subarray(at, at + piece));
          at += piece;
          piece = (piece * 7 + 13) % 70_000 + 1;
        }
        res.end();
      } else if (url.pathname === '/empty') {
        res.writeHead(204);
        res.end();
      } else {
        res.writeHead(200, { 'content-type': 'text/plain' });
        res.end(`ok ${req.method} ${req.url}`);
      }
    });
  });
  s.keepAliveTimeout = 30_000;
  return new Promise((resolve) => s.listen(0, '127.0.0.1', () => resolve(s)));
}

/** Waits until the server has seen `n` requests (complete or not). */
async function arrivalsReach(n: number): Promise<void> {
  const deadline = Date.now() + 5000;
  while (arrivals.length < n) {
    if (Date.now() > deadline) throw new Error(`server saw ${arrivals.length} requests, expected ${n}`);
    await new Promise<void>((r) => {
      arrivalWaiters.push(r);
      setTimeout(r, 100);
    });
  }
}

interface Reply {
  status: number;
  headers: IncomingMessage['headers'];
  body: Buffer;
  /** Set when the exchange failed: the error's code or message. */
  error?: string;
}

/** One request through node:http, recording what came back even when the connection breaks mid-body. */
function send(path: string, options: { method?: string; body?: Buffer; chunked?: boolean; agent?: Agent | false; timeoutMs?: number } = {}): Promise<Reply> {
  return new Promise((resolve) => {
    const reply: Reply = { status: 0, headers: {}, body: Buffer.alloc(0) };
    const chunks: Buffer[] = [];
    let finished = false;
    const finish = (error?: string) => {
      if (finished) return;
      finished = true;
      reply.body = Buffer.concat(chunks);
      if (error !== undefined) reply.error = error;
      resolve(reply);
    };
    const headers: Record<string, string | number> = {};
    if (options.body && !options.chunked) headers['content-length'] = options.body.length;
    const req = httpRequest(`${proxy.url}${path}`, { method: options.method ?? 'GET', agent: options.agent ?? false, headers }, (res) => {
      reply.status = res.statusCode ?? 0;
      reply.headers = res.headers;
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => (res.complete ? finish() : finish('incomplete')));
      res.on('aborted', () => finish('aborted'));
      res.on('error', (e: NodeJS.ErrnoException) => finish(e.code ?? e.message));
    });
    req.on('error', (e: NodeJS.ErrnoException) => finish(e.code ?? e.message));
    if (options.timeoutMs) req.setTimeout(options.timeoutMs, () => req.destroy(new Error('client timeout')));
    if (options.body && options.chunked) {
      // Several writes without a length: node frames them chunked.
      for (let at = 0; at < options.body.length; at += 100_000) req.write(options.body.subarray(at, at + 100_000));
      req.end();
    } else {
      req.end(options.body);
    }
  });
}

beforeAll(async () => {
  server = await startServer();
  proxy = await startFaultProxy({ target: { host: '127.0.0.1', port: (server.address() as AddressInfo).port } });
});
afterAll(async () => {
  await proxy.close();
  server.closeAllConnections();
  await new Promise((r) => server.close(r));
});
afterEach(() => {
  proxy.setFaults(null);
  arrivals = [];
  arrivalWaiters = [];
});

describe('passing through', () => {
  it('carries large bodies both ways byte for byte, with fetch', async () => {
    const up = randomBytes(6 * 1024 * 1024 + 17);
    const echoed = await fetch(`${proxy.url}/echo`, { method: 'POST', body: up });
    expect(echoed.headers.get('x-sha256')).toBe(sha(up));
    expect(sha(Buffer.from(await echoed.arrayBuffer()))).toBe(sha(up));

    const down = await fetch(`${proxy.url}/blob?size=${9 * 1024 * 1024 + 3}`);
    expect(sha(Buffer.from(await down.arrayBuffer()))).toBe(sha(blob(9 * 1024 * 1024 + 3)));
  });

  it('carries chunked requests and chunked responses byte for byte', async () => {
    const up = randomBytes(1_500_000);
    const echoed = await send('/echo', { method: 'POST', body: up, chunked: true });
    expect(echoed.body.equals(up)).toBe(true);

    const down = await send('/chunked?size=3000000');
    expect(down.headers['transfer-encoding']).toBe('chunked');
    expect(down.body.equals(blob(3_000_000, 7))).toBe(true);
  });

  it('keeps one keep-alive connection across GET, HEAD, 204, chunked and POST', async () => {
    const agent = new Agent({ keepAlive: true, maxSockets: 1 });
    const before = proxy.stats.connections;
    const requestsBefore = proxy.stats.requests;
    try {
      const replies = [
        await send('/blob?size=5000', { agent }),
        await send('/blob?size=5000', { agent, method: 'HEAD' }),
        await send('/empty', { agent }),
        await send('/chunked?size=70001', { agent }),
        await send('/echo', { agent, method: 'POST', body: blob(12345, 3) }),
        await send('/blob?size=1', { agent }),
      ];
      expect(replies.map((r) => [r.status, r.body.length, r.error])).toEqual([
        [200, 5000, undefined],
        [200, 0, undefined],
        [204, 0, undefined],
        [200, 70001, undefined],
        [200, 12345, undefined],
        [200, 1, undefined],
      ]);
      expect(replies[1]?.headers['content-length']).toBe('5000');
      expect(proxy.stats.connections - before).toBe(1);
      expect(proxy.stats.requests - requestsBefore).toBe(6);
    } finally {
      agent.destroy();
    }
  });

  it('frames messages however the bytes are split', () => {
    const payload = blob(300, 9);
    const wire = Buffer.concat([
      Buffer.from('\r\nHTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n'),
      Buffer.from('64;ext=1\r\n'),
      payload.subarray(0, 100),
      Buffer.from('\r\nC8\r\n'),
      payload.subarray(100),
      Buffer.from('\r\n0\r\nX-Trailer: yes\r\n\r\n'),
      Buffer.from('HTTP/1.1 304 Not Modified\r\nContent-Length: 99\r\n\r\n'),
      Buffer.from('HTTP/1.1 200 OK\r\nContent-Length: 3\r\n\r\nabc'),
    ]);
    for (const step of [1, 2, 7, 64, wire.length]) {
      const parser = new HttpMessageParser('response', (head) => ({ ...(head.status === 304 ? { mode: 'none' as const, length: 0 } : bodyModeFromHeaders(head.headers, 'until-close')), tag: head.status }));
      const segs = [];
      for (let at = 0; at < wire.length; at += step) segs.push(...parser.push(wire.subarray(at, at + step)));
      expect(Buffer.concat(segs.map((s) => s.bytes)).equals(wire)).toBe(true);
      const data = Buffer.concat(segs.filter((s) => s.type === 'body' && s.data).map((s) => s.bytes));
      expect(data.equals(Buffer.concat([payload, Buffer.from('abc')]))).toBe(true);
      expect(segs.filter((s) => s.last).length).toBe(3);
      expect(parser.idle).toBe(true);
    }
  });
});

describe('faults', () => {
  it('answers 500 in the server’s place: the request never arrives, and the connection stays usable', async () => {
    proxy.setFaults([{ request: 1, fault: { kind: 'status', status: 500 } }]);
    const agent = new Agent({ keepAlive: true, maxSockets: 1 });
    const connections = proxy.stats.connections;
    try {
      const first = await send('/echo', { agent, method: 'POST', body: blob(200_000) });
      expect(first.status).toBe(500);
      expect(first.headers['retry-after']).toBeUndefined();
      const second = await send('/echo', { agent, method: 'POST', body: blob(10) });
      expect(second.status).toBe(200);
      await arrivalsReach(1);
      expect(arrivals.map((a) => [a.url, a.bytes])).toEqual([['/echo', 10]]);
      expect(proxy.stats.connections - connections).toBe(1);
    } finally {
      agent.destroy();
    }
  });

  it('answers 429 with Retry-After: 1, also to a client that expects 100-continue', async () => {
    proxy.setFaults([{ method: 'PUT', fault: { kind: 'status', status: 429 } }]);
    const reply = await new Promise<IncomingMessage>((resolve, reject) => {
      const req = httpRequest(`${proxy.url}/echo`, { method: 'PUT', agent: false, headers: { expect: '100-continue', 'content-length': 5000 } }, resolve);
      req.on('continue', () => req.end(blob(5000)));
      req.on('error', reject);
    });
    reply.resume();
    expect(reply.statusCode).toBe(429);
    expect(reply.headers['retry-after']).toBe('1');
    const fetched = await fetch(`${proxy.url}/fetched`);
    expect(fetched.status).toBe(200);
    await arrivalsReach(1);
    expect(arrivals.map((a) => a.url)).toEqual(['/fetched']);
    expect(proxy.stats.faults.status).toBeGreaterThanOrEqual(1);
  });

  it('with reachServer, the server applies the request and the client still gets the 500', async () => {
    proxy.setFaults([{ target: '/echo', fault: { kind: 'status', status: 500, reachServer: true } }]);
    const reply = await fetch(`${proxy.url}/echo`, { method: 'POST', body: blob(300_000) });
    expect(reply.status).toBe(500);
    expect(await reply.text()).toContain('injected');
    await arrivalsReach(1);
    expect(arrivals).toMatchObject([{ url: '/echo', bytes: 300_000, complete: true }]);
    // The same (kept-alive) connection carries the next request normally.
    expect((await fetch(`${proxy.url}/echo`, { method: 'POST', body: 'hi' })).status).toBe(200);
  });

  it('resets mid-request-body: the server saw part of the body, the client an error', async () => {
    proxy.setFaults([{ request: 1, fault: { kind: 'reset-request', afterBodyBytes: 100_000 } }]);
    const reply = await send('/echo', { method: 'POST', body: blob(2_000_000) });
    expect(reply.status).toBe(0);
    expect(reply.error).toMatch(/ECONNRESET|EPIPE|socket hang up/);
    await arrivalsReach(1);
    expect(arrivals[0]?.complete).toBe(false);
    expect(arrivals[0]?.bytes).toBeLessThanOrEqual(100_000);
    expect(proxy.stats.faults['reset-request']).toBeGreaterThanOrEqual(1);
    await expect(fetch(`${proxy.url}/echo`, { method: 'POST', body: blob(2_000_000) })).resolves.toMatchObject({ status: 200 });
  });

  it('resets mid-response: the client gets the head and part of the body, then an error', async () => {
    proxy.setFaults([{ request: 1, fault: { kind: 'reset-response', afterBodyBytes: 50_000 } }]);
    const reply = await send('/blob?size=1000000');
    expect(reply.error).toBeDefined();
    expect(reply.body.length).toBeLessThanOrEqual(50_000);
    // fetch sees it too, whether the reset lands before the head or during the body.
    proxy.setFaults([{ request: 1, fault: { kind: 'reset-response', afterBodyBytes: 1000 } }]);
    const failed = await fetch(`${proxy.url}/blob?size=1000000`).then((r) => r.arrayBuffer()).then(
      () => 'ok',
      () => 'failed',
    );
    expect(failed).toBe('failed');
  });

  it('truncates a response: exactly N body bytes, then a clean close', async () => {
    proxy.setFaults([{ request: 1, fault: { kind: 'truncate', afterBodyBytes: 12_345 } }]);
    const reply = await send('/blob?size=1000000');
    expect(reply.status).toBe(200);
    expect(reply.error).toBeDefined();
    expect(reply.body.equals(blob(1_000_000).subarray(0, 12_345))).toBe(true);
  });

  it('truncates even a body shorter than asked, and a chunked one', async () => {
    proxy.setFaults([
      { request: 1, fault: { kind: 'truncate', afterBodyBytes: 1_000_000 } },
      { request: 2, fault: { kind: 'truncate', afterBodyBytes: 5000 } },
    ]);
    const short = await send('/blob?size=100');
    expect(short.error).toBeDefined();
    expect(short.body.length).toBe(99);
    const chunked = await send('/chunked?size=200000');
    expect(chunked.error).toBeDefined();
    expect(chunked.body.length).toBeLessThan(200_000);
  });

  it('stalls a response for T ms, then delivers it intact', async () => {
    proxy.setFaults([{ request: 1, fault: { kind: 'stall', ms: 600 } }]);
    const started = Date.now();
    const reply = await send('/blob?size=100000');
    expect(Date.now() - started).toBeGreaterThanOrEqual(550);
    expect(reply.body.equals(blob(100_000))).toBe(true);
  });

  it('stalls a request before the server sees it', async () => {
    proxy.setFaults([{ request: 1, fault: { kind: 'stall', phase: 'request', ms: 500 } }]);
    const started = Date.now();
    const reply = await send('/echo', { method: 'POST', body: blob(1000) });
    expect(reply.status).toBe(200);
    await arrivalsReach(1);
    expect(arrivals[0]!.at - started).toBeGreaterThanOrEqual(450);
  });

  it('stalls forever until the client times out, then still serves others', async () => {
    proxy.setFaults([{ request: 1, fault: { kind: 'stall', afterBodyBytes: 1000 } }]);
    const reply = await send('/blob?size=100000', { timeoutMs: 400 });
    expect(reply.error).toMatch(/client timeout|aborted|ECONNRESET/);
    expect(reply.body.length).toBe(1000);
    await expect(fetch(`${proxy.url}/x`, { signal: AbortSignal.timeout(2000) })).resolves.toMatchObject({ status: 200 });
    proxy.setFaults([{ request: 1, fault: { kind: 'stall' } }]);
    await expect(fetch(`${proxy.url}/x`, { signal: AbortSignal.timeout(300) })).rejects.toThrow(/timeout|aborted/i);
  });

  it('flips one byte of the body and nothing else, also inside chunked framing', async () => {
    proxy.setFaults([
      { request: 1, fault: { kind: 'flip', offset: 5000 } },
      { request: 2, fault: { kind: 'flip', offset: 150_000 } },
      { request: 3, fault: { kind: 'flip', offset: 10_000_000 } },
    ]);
    const diffs = (a: Buffer, b: Buffer) => [...a.keys()].filter((i) => a[i] !== b[i]);

    const plain = await send('/blob?size=100000');
    expect(plain.status).toBe(200);
    expect(plain.headers['content-length']).toBe('100000');
    expect(diffs(plain.body, blob(100_000))).toEqual([5000]);

    const chunked = await send('/chunked?size=300000');
    expect(chunked.error).toBeUndefined();
    expect(diffs(chunked.body, blob(300_000, 7))).toEqual([150_000]);

    const pastEnd = await send('/blob?size=300');
    expect(diffs(pastEnd.body, blob(300))).toEqual([299]);
    expect(proxy.stats.faults.flip).toBeGreaterThanOrEqual(3);
  });

  it('scripts "the 3rd request" and per-connection rules', async () => {
    proxy.setFaults([{ request: 3, fault: { kind: 'status', status: 503 } }]);
    const statuses = [];
    for (let i = 0; i < 5; i++) statuses.push((await send(`/n${i}`)).status);
    expect(statuses).toEqual([200, 200, 503, 200, 200]);

    const next = proxy.stats.connections + 2;
    proxy.setFaults([{ connection: next, times: Infinity, fault: { kind: 'status', status: 500 } }]);
    const a = new Agent({ keepAlive: true, maxSockets: 1 });
    const b = new Agent({ keepAlive: true, maxSockets: 1 });
    try {
      const got = [];
      for (let i = 0; i < 3; i++) got.push((await send('/a', { agent: a })).status, (await send('/b', { agent: b })).status);
      expect(got).toEqual([200, 500, 200, 500, 200, 500]);
    } finally {
      a.destroy();
      b.destroy();
    }
  });
});

describe('random plans', () => {
  async function runWith(plan: FaultPlan): Promise<{ outcomes: string[]; injected: InjectedFault[] }> {
    proxy.setFaults(plan);
    const seen = proxy.stats.injected.length;
    const outcomes = [];
    for (let i = 0; i < 30; i++) {
      const r = i % 2 === 0 ? await send('/blob?size=70000', { timeoutMs: 5000 }) : await send('/echo', { method: 'POST', body: blob(70_000, i), timeoutMs: 5000 });
      const expected = i % 2 === 0 ? blob(70_000) : blob(70_000, i);
      // What a client can tell, without the details that depend on timing (ECONNRESET or EPIPE).
      outcomes.push(r.error !== undefined ? 'broken' : r.status !== 200 ? String(r.status) : r.body.equals(expected) ? 'ok' : 'corrupt');
    }
    return { outcomes, injected: proxy.stats.injected.slice(seen).map((f) => ({ ...f, connection: 0 })) };
  }
  const plan = (seed: number): FaultPlan => ({ seed, rate: 0.5, faults: ['status', 'truncate', 'flip', 'reset-response', 'reset-request'] });

  it('makes the same choices, with the same effects, for the same seed', async () => {
    const first = await runWith(plan(42));
    const second = await runWith(plan(42));
    expect(second).toEqual(first);
    expect(first.injected.length).toBeGreaterThan(5);
    expect(first.injected.length).toBeLessThan(25);
    const other = await runWith(plan(43));
    expect(other.injected).not.toEqual(first.injected);
  }, 60_000);
});
