import { randomBytes, timingSafeEqual } from 'node:crypto';
import { createReadStream, existsSync, readFileSync, statSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Readable } from 'node:stream';
import type { ReadableStream as WebReadableStream } from 'node:stream/web';
import { extname, join, normalize, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { channels, isChannelName } from '../../src-shared/contract';
import { EVENT_NAMES } from '../../src-shared/contract/events';
import { isMediaKind } from '../../src-shared/api';
import { CONTENT_SECURITY_POLICY } from '../../src-shared/security';
import { createCore, type Core } from '../core';
import { createRotatingLog, type LogLevel } from '../core/logging/rotating-log';
import { mediaResponse } from '../core/media/media-response';
import { FileSecretStore, FileSettings } from './file-settings';

const REPO_ROOT = resolve(fileURLToPath(new URL('.', import.meta.url)), '../..');
const COOKIE = 'cf_session';
const JSON_LIMIT = 1024 * 1024;
const BYTES_LIMIT = 512 * 1024 * 1024;

export interface WebHostOptions {
  /** 0 picks a free port. */
  port?: number;
  dataDir: string;
  /** The per-launch secret; a random one when left out. */
  token?: string;
  rendererDir?: string;
  migrationsDir?: string;
  /** Extra checks for tests: every handler's output is validated against the contract. */
  checkOutputs?: boolean;
  /** Where the rotating log goes; `<dataDir>/logs` (as in the desktop app) when left out. */
  logDir?: string;
  /** Also shows each log line here (the CLI passes the console). The file gets every line either way. */
  log?: (line: string) => void;
}

export interface WebHost {
  /** The URL to open, with the token: exchanged for a cookie on first load. */
  url: string;
  origin: string;
  token: string;
  core: Core;
  close(): Promise<void>;
}

const MIME: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.woff2': 'font/woff2',
  '.json': 'application/json',
};

/**
 * The developer shell: serves the built renderer and the same channels, events and media as the
 * Electron shell, on loopback only, to whoever holds the per-launch token.
 */
export async function startWebHost(options: WebHostOptions): Promise<WebHost> {
  const rendererDir = options.rendererDir ?? join(REPO_ROOT, 'out', 'renderer');
  const token = options.token ?? randomBytes(24).toString('base64url');
  // The same daily, redacted log as the desktop app's, in the same place. The token is never given to
  // it: no line below carries it, and URLs are logged by path only (the token travels in the query).
  const logFile = createRotatingLog({ dir: options.logDir ?? join(options.dataDir, 'logs') });
  const log = (level: LogLevel, message: string, error?: unknown) => {
    logFile.write(level, message, error);
    options.log?.(`[web host] ${message}${error === undefined ? '' : `: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`}`);
  };
  const core = createCore({
    dataDir: options.dataDir,
    migrationsDir: options.migrationsDir ?? join(REPO_ROOT, 'migrations'),
    settings: new FileSettings(options.dataDir),
    secrets: new FileSecretStore(options.dataDir),
    checkOutputs: options.checkOutputs ?? false,
    log,
    logTail: (count) => logFile.tail(count),
    versions: { app: appVersion(), shell: 'web host' },
  });
  const sessionSecret = randomBytes(24).toString('base64url');
  const clients = new Set<ServerResponse>();
  const unsubscribe = core.onEvent((event, payload) => {
    const frame = `event: ${event}\ndata: ${JSON.stringify(payload)}\n\n`;
    for (const res of clients) res.write(frame);
  });

  let origin = '';
  const server: Server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      log('error', `${req.method ?? 'GET'} ${pathOf(req.url)} failed`, error);
      if (!res.headersSent) sendJson(res, 500, { ok: false, error: { code: 'internal', message: 'The local server failed.' } });
      else res.destroy();
    });
  });

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', origin);
    res.setHeader('X-Content-Type-Options', 'nosniff');
    res.setHeader('Referrer-Policy', 'no-referrer');
    res.setHeader('Cross-Origin-Opener-Policy', 'same-origin');
    res.setHeader('Cross-Origin-Resource-Policy', 'same-origin');

    // DNS rebinding: a page on another name that resolves to 127.0.0.1 must not reach us.
    const host = req.headers.host ?? '';
    if (host !== new URL(origin).host && host !== `localhost:${new URL(origin).port}`) return sendText(res, 421, 'Wrong host');
    // Browsers send Origin on cross-site requests: refuse every foreign one.
    const requestOrigin = req.headers.origin;
    if (requestOrigin !== undefined && requestOrigin !== origin && requestOrigin !== `http://${host}`) {
      return sendText(res, 403, 'Foreign origin');
    }

    // First load: swap the token in the URL for an HttpOnly cookie, and drop it from the address bar.
    const offered = url.searchParams.get('token');
    if (req.method === 'GET' && offered !== null) {
      if (!safeEqual(offered, token)) {
        log('warn', 'refused a page load with a wrong token');
        return sendText(res, 401, 'Wrong token: open the URL the web host printed.');
      }
      url.searchParams.delete('token');
      res.setHeader('Set-Cookie', `${COOKIE}=${sessionSecret}; HttpOnly; SameSite=Strict; Path=/`);
      res.setHeader('Location', url.pathname + (url.search || ''));
      return sendText(res, 303, 'Signed in');
    }
    if (!authorized(req)) return sendText(res, 401, 'Open the URL the web host printed (it carries a token).');

    if (url.pathname.startsWith('/ipc/')) {
      if (req.method !== 'POST') return sendText(res, 405, 'Use POST');
      return ipc(req, res, decodeURIComponent(url.pathname.slice('/ipc/'.length)));
    }
    if (url.pathname === '/events') return events(req, res);
    if (url.pathname.startsWith('/media/')) return media(req, res, url.pathname);
    if (req.method !== 'GET' && req.method !== 'HEAD') return sendText(res, 405, 'Method not allowed');
    return staticFile(res, url.pathname);
  }

  function authorized(req: IncomingMessage): boolean {
    const bearer = /^Bearer (.+)$/.exec(req.headers.authorization ?? '')?.[1];
    if (bearer !== undefined) return safeEqual(bearer, token);
    const cookie = (req.headers.cookie ?? '')
      .split(';')
      .map((c) => c.trim().split('='))
      .find(([name]) => name === COOKIE)?.[1];
    return cookie !== undefined && safeEqual(cookie, sessionSecret);
  }

  async function ipc(req: IncomingMessage, res: ServerResponse, channel: string): Promise<void> {
    const bytesChannel = isChannelName(channel) && channels[channel].bytes === true;
    const type = (req.headers['content-type'] ?? '').split(';')[0]!.trim();
    const limit = bytesChannel ? BYTES_LIMIT : JSON_LIMIT;
    const body = await readBody(req, limit);
    if (body === 'too-large') {
      return sendJson(res, 413, { ok: false, error: { code: 'too-large', message: 'The request is too large.' } });
    }
    let payload: unknown;
    let bytes: Uint8Array | undefined;
    if (bytesChannel) {
      if (type !== 'application/octet-stream') return sendJson(res, 415, badInput('Send the bytes as application/octet-stream.'));
      bytes = body;
      payload = parseJson(String(req.headers['x-coachframe-input'] ?? '{}'));
    } else {
      if (type !== 'application/json') return sendJson(res, 415, badInput('Send JSON.'));
      payload = parseJson(body.toString('utf8'));
    }
    if (payload === undefined) return sendJson(res, 200, badInput('The request body is not valid JSON.'));
    sendJson(res, 200, await core.dispatch(channel, payload, { shell: 'web' }, bytes));
  }

  function events(req: IncomingMessage, res: ServerResponse): void {
    res.writeHead(200, { 'Content-Type': 'text/event-stream', 'Cache-Control': 'no-store', Connection: 'keep-alive' });
    res.write(`: events ${EVENT_NAMES.join(' ')}\n\n`);
    clients.add(res);
    const heartbeat = setInterval(() => res.write(': ping\n\n'), 15_000);
    req.on('close', () => {
      clearInterval(heartbeat);
      clients.delete(res);
    });
  }

  /** The same media handler as the Electron shell's protocol (Fetch Request in, Response out), mounted at /media/…. */
  async function media(req: IncomingMessage, res: ServerResponse, path: string): Promise<void> {
    const [, , assetId = '', kind = ''] = path.split('/');
    if (!isMediaKind(kind)) return sendText(res, 404, 'Not found');
    const file = core.mediaFile(decodeURIComponent(assetId), kind);
    if (!file) return sendText(res, 404, 'Not found');
    const response = await mediaResponse(file, { method: req.method ?? 'GET', headers: { get: (name) => headerOf(req, name) } });
    res.writeHead(response.status, Object.fromEntries(response.headers));
    if (!response.body) return void res.end();
    Readable.fromWeb(response.body as WebReadableStream<Uint8Array>).pipe(res);
  }

  function staticFile(res: ServerResponse, pathname: string): void {
    const relative = pathname === '/' ? 'index.html' : decodeURIComponent(pathname).replace(/^\/+/, '');
    const full = normalize(join(rendererDir, relative));
    if (!full.startsWith(rendererDir + sep) || !existsSync(full) || !statSync(full).isFile()) {
      return sendText(res, 404, 'Not found');
    }
    res.setHeader('Content-Security-Policy', CONTENT_SECURITY_POLICY);
    res.setHeader('Content-Type', MIME[extname(full)] ?? 'application/octet-stream');
    if (relative === 'index.html') {
      res.setHeader('Cache-Control', 'no-store');
      // The web host's window.api comes first, where Electron would run its preload.
      const html = readFileSync(full, 'utf8').replace('<head>', '<head>\n    <script type="module" src="./web-api.js"></script>');
      return void res.end(html);
    }
    createReadStream(full).pipe(res);
  }

  await new Promise<void>((resolveListen, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => resolveListen());
  });
  const { port } = server.address() as AddressInfo;
  origin = `http://127.0.0.1:${port}`;
  log('info', `Coachframe ${appVersion()} web host started on ${origin} (Node ${process.versions.node}, ${process.platform})`);

  return {
    url: `${origin}/?token=${token}`,
    origin,
    token,
    core,
    async close() {
      unsubscribe();
      for (const res of clients) res.end();
      // A paused <video> can hold its media response open: end every connection, then wait for the close.
      const closed = new Promise<void>((done) => server.close(() => done()));
      server.closeAllConnections();
      await closed;
      core.close();
      log('info', 'web host stopped');
    },
  };
}

/** A request's path without its query, which may carry the token. */
function pathOf(url: string | undefined): string {
  return (url ?? '/').split('?')[0] ?? '/';
}

let version: string | undefined;
/** The app's version, from package.json (the web host runs from the checkout). */
function appVersion(): string {
  try {
    version ??= (JSON.parse(readFileSync(join(REPO_ROOT, 'package.json'), 'utf8')) as { version?: string }).version ?? 'unknown';
  } catch {
    version = 'unknown';
  }
  return version;
}

function headerOf(req: IncomingMessage, name: string): string | null {
  const value = req.headers[name.toLowerCase()];
  return Array.isArray(value) ? (value[0] ?? null) : (value ?? null);
}

function safeEqual(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

function readBody(req: IncomingMessage, limit: number): Promise<Buffer | 'too-large'> {
  return new Promise((done, reject) => {
    const declared = Number(req.headers['content-length'] ?? 0);
    if (declared > limit) {
      req.resume();
      return done('too-large');
    }
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) {
        req.removeAllListeners('data');
        req.resume();
        done('too-large');
      } else chunks.push(chunk);
    });
    req.on('end', () => done(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

function parseJson(text: string): unknown {
  try {
    return text.length === 0 ? {} : (JSON.parse(text) as unknown);
  } catch {
    return undefined;
  }
}

const badInput = (message: string) => ({ ok: false, error: { code: 'bad-input', message } });

function sendJson(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'Content-Type': 'application/json; charset=utf-8', 'Cache-Control': 'no-store' });
  res.end(JSON.stringify(body));
}

function sendText(res: ServerResponse, status: number, text: string): void {
  res.writeHead(status, { 'Content-Type': 'text/plain; charset=utf-8' });
  res.end(text);
}
