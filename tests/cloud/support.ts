import { createHash, randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { S3Client } from '@aws-sdk/client-s3';
import type { CloudMutation, PartPlan } from '../../src-shared/cloud';
import { startFaultProxy } from '../support/fault-proxy';
import { s3ClientConfig, s3Servers } from '../support/s3-servers';
import { startCloud, type CloudOptions, type RunningCloud } from '../../src-main/cloud/server';
import type { S3Options } from '../../src-main/cloud/storage';

/** A storage server the S3 tests run against: always s3rver; Ceph RGW too when RGW_ENDPOINT is set. */
export interface Backend {
  name: 's3rver' | 'rgw';
  s3: S3Options;
  /** RGW checks Content-MD5 (BadDigest); s3rver stores whatever arrives. */
  verifiesContentMd5: boolean;
  /** s3rver 3.7.1 has no ListParts and no AbortMultipartUpload (MethodNotAllowed). */
  listsParts: boolean;
  client: S3Client;
  close(): Promise<void>;
}

/** The servers the S3 tests run against (s3Servers() fails under CI=true without RGW). */
export const backendNames = (): Backend['name'][] => s3Servers().map((s) => s.name);

export async function startBackend(name: Backend['name']): Promise<Backend> {
  const started = await s3Servers().find((s) => s.name === name)!.start();
  const s3: S3Options = {
    endpoint: started.endpoint,
    region: started.region,
    bucket: started.bucket,
    accessKeyId: started.accessKeyId,
    secretAccessKey: started.secretAccessKey,
  };
  const client = new S3Client(s3ClientConfig(started));
  const real = name === 'rgw';
  return {
    name,
    s3,
    verifiesContentMd5: real,
    listsParts: real,
    client,
    close: async () => {
      client.destroy();
      await started.close();
    },
  };
}

export interface TestCloud {
  cloud: RunningCloud;
  api: Api;
  close(): Promise<void>;
}

export async function startTestCloud(backend: Backend, options: Partial<CloudOptions> = {}): Promise<TestCloud> {
  const dataDir = mkdtempSync(join(tmpdir(), 'cf-cloud-'));
  const cloud = await startCloud({ dataDir, s3: backend.s3, log: (line) => console.error(line), ...options });
  return {
    cloud,
    api: new Api(cloud.url),
    close: async () => {
      await cloud.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** JSON answers are checked field by field in the tests; one loose type keeps them readable. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type Json = any;

export interface Answer<T = Json> {
  status: number;
  body: T;
  headers: Headers;
}

/** A thin fetch wrapper: tests look at status codes and raw JSON, as a third-party client would. */
export class Api {
  constructor(readonly baseUrl: string) {}

  async call<T = Json>(method: string, path: string, body?: unknown, token?: string, raw?: string): Promise<Answer<T>> {
    const headers: Record<string, string> = {};
    if (body !== undefined || raw !== undefined) headers['content-type'] = 'application/json';
    if (token) headers['authorization'] = `Bearer ${token}`;
    const res = await fetch(this.baseUrl + path, { method, headers, body: raw ?? (body === undefined ? undefined : JSON.stringify(body)) });
    const text = await res.text();
    return { status: res.status, body: text ? JSON.parse(text) : undefined, headers: res.headers };
  }

  get = <T = Json>(path: string, token?: string) => this.call<T>('GET', path, undefined, token);
  post = <T = Json>(path: string, body: unknown, token?: string) => this.call<T>('POST', path, body, token);
}

export interface TestUser {
  id: string;
  username: string;
  token: string;
  role: 'coach' | 'student';
}

let userCounter = 0;
export async function registerUser(api: Api, role: 'coach' | 'student', name = `${role}${++userCounter}`): Promise<TestUser> {
  const id = randomUUID();
  const res = await api.post('/api/auth/register', { id, username: name, displayName: name, role, password: 'correct horse battery' });
  if (res.status !== 200) throw new Error(`register failed: ${JSON.stringify(res.body)}`);
  return { id, username: name, token: res.body.token, role };
}

/** A coach and a student on the coach's roster. */
export async function joinCoach(api: Api, coach: TestUser, student: TestUser): Promise<void> {
  const invite = await api.post('/api/roster/invites', {}, coach.token);
  const joined = await api.post('/api/roster/join', { code: invite.body.code }, student.token);
  if (joined.status !== 200) throw new Error(`join failed: ${JSON.stringify(joined.body)}`);
}

/** An HLC stamp at `ms` past a fixed, recent instant (the cloud refuses stamps far in its future). */
export const BASE_MS = Date.parse('2026-01-01T00:00:00.000Z');
export const stamp = (ms: number, client = 'aaaaaaaaaaaaaaaa', counter = 0) =>
  `${new Date(BASE_MS + ms).toISOString()}-${counter.toString(16).padStart(4, '0')}-${client}`;

export const fieldsAt = (values: Record<string, string | number | null>, hlc: string) =>
  Object.fromEntries(Object.entries(values).map(([k, v]) => [k, { value: v, hlc }]));

/** One device of a user: a client id and increasing mutation ids. */
export class Device {
  private next = 1;
  readonly clientId: string;
  constructor(
    readonly api: Api,
    readonly user: TestUser,
    clientId?: string,
  ) {
    this.clientId = clientId ?? randomUUID().replaceAll('-', '').slice(0, 16);
  }

  mutation(entity: CloudMutation['entity'], id: string, fields: CloudMutation['fields'], op: CloudMutation['op'] = 'upsert'): CloudMutation {
    return { clientId: this.clientId, mutationId: this.next++, entity, op, id, fields };
  }

  async push(...mutations: CloudMutation[]) {
    const res = await this.api.post('/api/sync/push', { clientId: this.clientId, mutations }, this.user.token);
    if (res.status !== 200) throw new Error(`push failed: ${res.status} ${JSON.stringify(res.body)}`);
    return res.body.results as Json[];
  }

  async upsert(entity: CloudMutation['entity'], id: string, values: Record<string, string | number | null>, hlc: string) {
    return (await this.push(this.mutation(entity, id, fieldsAt(values, hlc))))[0];
  }

  async remove(entity: CloudMutation['entity'], id: string, hlc: string) {
    return (await this.push(this.mutation(entity, id, { deleted: { value: 1, hlc } }, 'delete')))[0];
  }
}

/** Pulls everything after `cursor` (following `more`), returning the records and the final cursor. */
export async function pullAll(api: Api, user: TestUser, cursor = '') {
  const records: Json[] = [];
  for (;;) {
    const res = await api.get(`/api/sync/pull?cursor=${cursor}`, user.token);
    if (res.status !== 200) throw new Error(`pull failed: ${JSON.stringify(res.body)}`);
    records.push(...res.body.records);
    cursor = res.body.cursor;
    if (!res.body.more) return { records, cursor };
  }
}

export const youtubeAsset = (owner: string, n = 1) => ({
  owner,
  orig_filename: `clip-${n}.mp4`,
  mime_type: 'video/mp4',
  video_type: 'youtube',
  youtube_url: `https://youtu.be/example${n}`,
  created_at: '2026-01-01T00:00:00.000Z',
  updated_at: '2026-01-01T00:00:00.000Z',
});

// ------------------------------------------------------------------------------------------ bytes
export const sha256Hex = (b: Buffer) => createHash('sha256').update(b).digest('hex');
export const sha256B64 = (b: Buffer) => createHash('sha256').update(b).digest('base64');
export const md5B64 = (b: Buffer) => createHash('md5').update(b).digest('base64');

/** Deterministic, incompressible-looking bytes. */
export function bytes(size: number, seed = 1): Buffer {
  const out = Buffer.alloc(size);
  let x = seed * 2654435761;
  for (let i = 0; i < size; i += 4) {
    x = (x ^ (x << 13)) >>> 0;
    x = (x ^ (x >>> 17)) >>> 0;
    x = (x ^ (x << 5)) >>> 0;
    out.writeUInt32LE(x, i <= size - 4 ? i : size - 4);
  }
  return out;
}

/** The upload plan a client would send for `data` cut into parts of `partSize`. */
export function planFor(data: Buffer, partSize = data.length): { sha256: string; size: number; mimeType: string; parts: PartPlan[] } {
  const parts: PartPlan[] = [];
  for (let offset = 0, n = 1; offset < data.length; offset += partSize, n++) {
    const part = data.subarray(offset, offset + partSize);
    parts.push({ number: n, size: part.length, md5: md5B64(part), sha256: sha256B64(part) });
  }
  return { sha256: sha256Hex(data), size: data.length, mimeType: 'video/mp4', parts };
}

export const partBytes = (data: Buffer, partSize: number, number: number) => data.subarray((number - 1) * partSize, number * partSize);

/** Sends bytes with exactly the signed request's method and headers, as the desktop does. */
export async function sendSigned(request: { method: string; url: string; headers: Record<string, string> }, body?: Buffer) {
  return fetch(request.url, { method: request.method, headers: request.headers, body: body ? new Uint8Array(body) : undefined });
}

/** A plain forwarder: clients reach storage under another host:port than the cloud does. */
export async function startTcpProxy(target: string): Promise<{ endpoint: string; close(): Promise<void> }> {
  const { hostname, port } = new URL(target);
  const proxy = await startFaultProxy({ target: { host: hostname, port: Number(port) } });
  return { endpoint: proxy.url, close: () => proxy.close() };
}
