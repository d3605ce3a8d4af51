import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Database } from 'better-sqlite3';
import {
  CLOUD_API_VERSION,
  JoinRequest,
  PushRequest,
  RegisterRequest,
  TokenRequest,
  UploadCompleteRequest,
  UploadStartRequest,
  type CloudUser,
} from '../../src-shared/cloud';
import { Uuid } from '../../src-shared/primitives';
import { authenticate, createInvite, joinRoster, register, signIn, tokenHash } from './auth';
import type { CloudContext } from './context';
import { HttpError, readBody, readJson, sendError, sendJson } from './http';
import { completeUpload, download, startUpload } from './media';
import { pull } from './pull';
import { push } from './push';
import { RateLimiter, type RateLimitOptions } from './rate-limit';
import { RecordStore, ServerClock } from './records';
import { openCloudDatabase } from './schema';
import { Storage, type S3Options } from './storage';
import { Visibility } from './visibility';

export interface CloudOptions {
  dataDir: string;
  /** 0 (the default) picks a free port. */
  port?: number;
  s3: S3Options;
  rateLimit?: RateLimitOptions;
  now?: () => number;
  /** How long signed storage URLs stay valid. */
  signedUrlSeconds?: number;
  migrationsDir?: string;
  /** Where unexpected errors are reported (never to the client). */
  log?: (line: string) => void;
}

export interface RunningCloud {
  url: string;
  port: number;
  db: Database;
  close(): Promise<void>;
}

interface Request {
  req: IncomingMessage;
  url: URL;
  params: string[];
  /** The signed-in user; routes marked `open` have none. */
  user: CloudUser;
}

interface Route {
  method: 'GET' | 'POST';
  path: RegExp;
  /** No bearer token needed (health and the two auth calls); rate-limited per IP instead. */
  open?: boolean;
  handle(r: Request): Promise<unknown> | unknown;
}

const ID = '([0-9a-f-]{36})';

/**
 * The reference cloud: the contract in src-shared/cloud.ts over node:http on loopback, SQLite for
 * records and accounts, S3 for bytes. Handlers live in auth/push/pull/media; this file only routes.
 */
export async function startCloud(options: CloudOptions): Promise<RunningCloud> {
  const now = options.now ?? Date.now;
  const db = openCloudDatabase({ dataDir: options.dataDir, migrationsDir: options.migrationsDir });
  let storage: Storage;
  try {
    storage = await Storage.open(options.s3);
  } catch (error) {
    db.close();
    throw error;
  }
  const ctx: CloudContext = {
    db,
    records: new RecordStore(db),
    clock: new ServerClock(db, now),
    visibility: new Visibility(db),
    storage,
    now,
    signedUrlSeconds: options.signedUrlSeconds ?? 900,
  };
  const limiter = options.rateLimit ? new RateLimiter(options.rateLimit, now) : null;
  const noUser = null as unknown as CloudUser;

  const routes: Route[] = [
    { method: 'GET', path: /^\/api\/health$/, open: true, handle: () => ({ ok: true, api: CLOUD_API_VERSION, time: new Date(now()).toISOString() }) },
    { method: 'POST', path: /^\/api\/auth\/register$/, open: true, handle: async (r) => register(ctx, await readJson(r.req, RegisterRequest)) },
    { method: 'POST', path: /^\/api\/auth\/token$/, open: true, handle: async (r) => signIn(ctx, await readJson(r.req, TokenRequest)) },
    {
      method: 'POST',
      path: /^\/api\/roster\/invites$/,
      handle: async (r) => {
        await readBody(r.req);
        return createInvite(ctx, r.user);
      },
    },
    { method: 'POST', path: /^\/api\/roster\/join$/, handle: async (r) => joinRoster(ctx, r.user, (await readJson(r.req, JoinRequest)).code) },
    { method: 'POST', path: /^\/api\/sync\/push$/, handle: async (r) => push(ctx, r.user, await readJson(r.req, PushRequest)) },
    { method: 'GET', path: /^\/api\/sync\/pull$/, handle: (r) => pull(ctx, r.user, r.url.searchParams) },
    { method: 'POST', path: /^\/api\/media\/uploads$/, handle: async (r) => startUpload(ctx, r.user, await readJson(r.req, UploadStartRequest)) },
    {
      method: 'POST',
      path: new RegExp(`^/api/media/uploads/${ID}/complete$`),
      handle: async (r) => completeUpload(ctx, r.user, uuidParam(r.params[0]), await readJson(r.req, UploadCompleteRequest)),
    },
    { method: 'GET', path: new RegExp(`^/api/media/${ID}/download$`), handle: (r) => download(ctx, r.user, uuidParam(r.params[0])) },
  ];

  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const url = new URL(req.url ?? '/', 'http://cloud.invalid');
    const matching = routes.map((route) => ({ route, match: route.path.exec(url.pathname) })).filter((m) => m.match !== null);
    if (matching.length === 0) throw new HttpError('not-found', `No such endpoint: ${url.pathname}`);
    const found = matching.find((m) => m.route.method === req.method);
    if (!found) {
      throw new HttpError('bad-request', `${req.method ?? '?'} is not allowed here; use ${matching.map((m) => m.route.method).join(', ')}.`, 405, {
        allow: matching.map((m) => m.route.method).join(', '),
      });
    }
    const bearer = /^Bearer (.+)$/.exec(req.headers.authorization ?? '')?.[1];
    if (limiter) {
      // Per token when there is one (a signed-in device), per address for the calls that sign in.
      const key = !found.route.open && bearer ? `token:${tokenHash(bearer)}` : `ip:${req.socket.remoteAddress ?? ''}`;
      const verdict = limiter.take(key);
      if (!verdict.ok) {
        throw new HttpError('rate-limited', `Too many requests: try again in ${verdict.retryAfterSeconds} s.`, 429, {
          'retry-after': String(verdict.retryAfterSeconds),
        });
      }
    }
    const user = found.route.open ? noUser : authenticate(ctx, req);
    const body = await found.route.handle({ req, url, params: found.match!.slice(1), user });
    sendJson(res, 200, body);
  };

  const server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      if (!(error instanceof HttpError)) options.log?.(`cloud: ${req.method} ${req.url}: ${(error as Error).stack ?? String(error)}`);
      const answer = error instanceof HttpError ? error : new HttpError('server-error', 'The cloud failed to handle this request; try again later.');
      if (res.headersSent) {
        res.destroy();
        return;
      }
      // A refused body may still be streaming in: close the connection rather than read it all.
      if (answer.status === 413) res.setHeader('connection', 'close');
      sendError(res, answer);
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  let closed: Promise<void> | null = null;
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    db,
    close: () =>
      (closed ??= new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }).then(() => {
        storage.close();
        db.close();
      })),
  };
}

const uuidParam = (value: string | undefined): string => {
  const parsed = Uuid.safeParse(value);
  if (!parsed.success) throw new HttpError('not-found', 'No such record.');
  return parsed.data;
};
