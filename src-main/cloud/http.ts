import type { IncomingMessage, ServerResponse } from 'node:http';
import type { z } from 'zod';
import type { CloudErrorCode } from '../../src-shared/cloud';

/** Request bodies above this are refused with 413 before they are parsed. */
export const BODY_LIMIT = 5 * 1024 * 1024;

const STATUS: Record<CloudErrorCode, number> = {
  'bad-request': 400,
  unauthorized: 401,
  forbidden: 403,
  'not-found': 404,
  'identity-mismatch': 403,
  'username-taken': 409,
  'too-large': 413,
  'rate-limited': 429,
  'checksum-mismatch': 409,
  'not-uploaded': 409,
  'server-error': 500,
};

/**
 * An answer other than 2xx, with a code from the contract. Anything else thrown by a handler is a bug
 * and becomes a bare 500 (no stack trace leaves the process).
 */
export class HttpError extends Error {
  constructor(
    readonly code: CloudErrorCode,
    message: string,
    readonly status: number = STATUS[code],
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
    this.name = 'HttpError';
  }
}

export function sendJson(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    'content-type': 'application/json; charset=utf-8',
    'content-length': Buffer.byteLength(text),
    'cache-control': 'no-store',
    ...headers,
  });
  res.end(text);
}

export function sendError(res: ServerResponse, error: HttpError): void {
  sendJson(res, error.status, { error: { code: error.code, message: error.message } }, error.headers);
}

/** Reads the body, stopping (413) as soon as it passes the limit rather than buffering it all. */
export async function readBody(req: IncomingMessage, limit = BODY_LIMIT): Promise<Buffer> {
  const declared = Number(req.headers['content-length']);
  if (Number.isFinite(declared) && declared > limit) throw tooLarge(limit);
  const chunks: Buffer[] = [];
  let total = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    total += chunk.length;
    if (total > limit) throw tooLarge(limit);
    chunks.push(chunk);
  }
  return Buffer.concat(chunks);
}

const tooLarge = (limit: number) => new HttpError('too-large', `The request body is larger than ${limit / (1024 * 1024)} MiB.`);

/** Parses a JSON body with a contract schema: a wrong shape is 400 with zod's explanation. */
export async function readJson<S extends z.ZodType>(req: IncomingMessage, schema: S): Promise<z.output<S>> {
  const raw = await readBody(req);
  let value: unknown = {};
  if (raw.length > 0) {
    try {
      value = JSON.parse(raw.toString('utf8'));
    } catch {
      throw new HttpError('bad-request', 'The request body is not valid JSON.');
    }
  }
  return parseWith(schema, value);
}

export function parseWith<S extends z.ZodType>(schema: S, value: unknown): z.output<S> {
  const parsed = schema.safeParse(value);
  if (!parsed.success) {
    const message = parsed.error.issues.map((i) => (i.path.length > 0 ? `${i.path.join('.')}: ${i.message}` : i.message)).join('; ');
    throw new HttpError('bad-request', message);
  }
  return parsed.data;
}
