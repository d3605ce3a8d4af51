import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { request as httpRequest, type ClientRequest, type IncomingMessage } from 'node:http';
import { request as httpsRequest } from 'node:https';
import type { Readable } from 'node:stream';
import type { SignedRequest } from '../../../src-shared/cloud';
import { CloudCallError, describe } from './cloud-client';

/**
 * Byte transfers to and from signed storage URLs. Plain node:http, not fetch: a signed PUT must carry
 * an exact Content-Length (S3 and the RADOS Gateway refuse chunked bodies), and a download is streamed
 * to disk rather than buffered.
 */

export interface TransferOptions {
  /** Give up when no byte moves for this long (a stalled connection). */
  idleTimeoutMs?: number;
  signal?: AbortSignal;
  onBytes?: (bytes: number) => void;
}

/** PUTs `length` bytes of `file` from `start` to a signed URL; answers the storage's ETag. */
export async function putFileRange(
  signed: SignedRequest,
  file: string,
  start: number,
  length: number,
  options: TransferOptions = {},
): Promise<string> {
  const response = await send(signed, { 'content-length': String(length) }, options, (req) => {
    const body = createReadStream(file, { start, end: start + length - 1, highWaterMark: 1 << 20 });
    body.on('data', (chunk) => options.onBytes?.((chunk as Buffer).length));
    body.on('error', (error) => req.destroy(error));
    body.pipe(req);
  });
  const text = await readSmall(response);
  if (response.statusCode !== 200) {
    throw storageError(response.statusCode ?? 0, text, 'upload');
  }
  // The ETag is what the storage says; the cloud checks the bytes themselves after completion.
  return String(response.headers['etag'] ?? '');
}

/**
 * GETs a signed URL into `sink`, hashing on the way; answers the SHA-256 and byte count of what came.
 * The caller compares them with what it expected before it keeps anything.
 */
export async function getToSink(
  signed: SignedRequest,
  sink: NodeJS.WritableStream,
  options: TransferOptions = {},
): Promise<{ sha256: string; size: number }> {
  const response = await send(signed, {}, options, (req) => req.end());
  if (response.statusCode !== 200) throw storageError(response.statusCode ?? 0, await readSmall(response), 'download');
  const hash = createHash('sha256');
  let size = 0;
  await new Promise<void>((resolve, reject) => {
    response.on('data', (chunk: Buffer) => {
      hash.update(chunk);
      size += chunk.length;
      options.onBytes?.(chunk.length);
      if (!sink.write(chunk)) {
        response.pause();
        sink.once('drain', () => response.resume());
      }
    });
    response.on('end', resolve);
    response.on('error', reject);
    response.on('aborted', () => reject(new CloudCallError('The download was cut off.', null, 'network')));
    sink.on('error', reject);
  });
  return { sha256: hash.digest('hex'), size };
}

function send(
  signed: SignedRequest,
  extraHeaders: Record<string, string>,
  options: TransferOptions,
  write: (req: ClientRequest) => void,
): Promise<IncomingMessage> {
  const url = new URL(signed.url);
  const request = url.protocol === 'https:' ? httpsRequest : httpRequest;
  return new Promise((resolve, reject) => {
    const req = request(url, { method: signed.method, headers: { ...signed.headers, ...extraHeaders }, signal: options.signal }, (res) => {
      res.setTimeout(options.idleTimeoutMs ?? 30_000, () => res.destroy(new CloudCallError('The storage stopped answering.', null, 'network')));
      resolve(res);
    });
    req.setTimeout(options.idleTimeoutMs ?? 30_000, () => req.destroy(new CloudCallError('The storage stopped answering.', null, 'network')));
    req.on('error', (error) =>
      reject(error instanceof CloudCallError ? error : new CloudCallError(`The storage could not be reached (${describe(error)}).`, null, 'network')),
    );
    write(req);
  });
}

async function readSmall(stream: Readable): Promise<string> {
  const chunks: Buffer[] = [];
  let total = 0;
  for await (const chunk of stream) {
    if (total < 64 * 1024) chunks.push(chunk as Buffer);
    total += (chunk as Buffer).length;
  }
  return Buffer.concat(chunks).toString('utf8');
}

function storageError(status: number, body: string, what: 'upload' | 'download'): CloudCallError {
  const code = /<Code>([^<]+)<\/Code>/.exec(body)?.[1] ?? `HTTP ${status}`;
  // BadDigest: the bytes that arrived are not the ones we hashed (a flipped bit on the way): retry.
  const transient = status >= 500 || status === 0 || code === 'BadDigest' || code === 'RequestTimeout';
  return new CloudCallError(`The storage refused the ${what} (${code}).`, transient ? (status >= 500 ? status : null) : status, transient ? 'network' : 'bad-answer');
}
