import type { z } from 'zod';
import {
  AuthResponse,
  CloudError,
  DownloadResponse,
  HealthResponse,
  InviteResponse,
  JoinResponse,
  PullResponse,
  PushResponse,
  UploadCompleteResponse,
  UploadStartResponse,
  type CloudErrorCode,
  type CloudMutation,
  type UploadStartRequest,
} from '../../../src-shared/cloud';

/**
 * A failed call to the cloud, with what the sync engine needs to decide: retry (network, 5xx, 429
 * after `retryAfterMs`) or stop and tell the user (401, 403, a refusal).
 */
export class CloudCallError extends Error {
  constructor(
    message: string,
    readonly status: number | null,
    readonly code: CloudErrorCode | 'network' | 'bad-answer',
    readonly retryAfterMs: number | null = null,
  ) {
    super(message);
    this.name = 'CloudCallError';
  }

  /** Worth trying again later without the user doing anything. */
  get transient(): boolean {
    return this.status === null || this.status >= 500 || this.status === 429 || this.code === 'bad-answer';
  }
}

export interface CloudClientOptions {
  baseUrl: string;
  token?: string | null;
  /** Per request; a stalled connection fails after this long and is retried by the engine. */
  timeoutMs?: number;
  fetch?: typeof fetch;
}

/**
 * The cloud's JSON API, typed by the shared contract: every answer is parsed with its schema, so a
 * proxy's garbage or a flipped byte is an error, never data.
 */
export class CloudClient {
  private readonly fetchImpl: typeof fetch;
  constructor(private readonly options: CloudClientOptions) {
    this.fetchImpl = options.fetch ?? fetch;
  }

  get baseUrl(): string {
    return this.options.baseUrl.replace(/\/+$/, '');
  }

  withToken(token: string | null): CloudClient {
    return new CloudClient({ ...this.options, token });
  }

  health() {
    return this.call('GET', '/api/health', undefined, HealthResponse);
  }
  register(body: { id: string; username: string; displayName: string; role: 'coach' | 'student'; password: string }) {
    return this.call('POST', '/api/auth/register', body, AuthResponse);
  }
  signIn(body: { username: string; password: string; profileId?: string }) {
    return this.call('POST', '/api/auth/token', body, AuthResponse);
  }
  createInvite() {
    return this.call('POST', '/api/roster/invites', {}, InviteResponse);
  }
  joinRoster(code: string) {
    return this.call('POST', '/api/roster/join', { code }, JoinResponse);
  }
  push(clientId: string, mutations: readonly CloudMutation[]) {
    return this.call('POST', '/api/sync/push', { clientId, mutations }, PushResponse);
  }
  pull(cursor: string, limit?: number) {
    const query = new URLSearchParams({ cursor, ...(limit ? { limit: String(limit) } : {}) });
    return this.call('GET', `/api/sync/pull?${query}`, undefined, PullResponse);
  }
  startUpload(body: UploadStartRequest) {
    return this.call('POST', '/api/media/uploads', body, UploadStartResponse);
  }
  /**
   * Completing makes the cloud assemble the object and read it all back before it answers: the wait
   * grows with the file (at a pessimistic 20 MB/s), so a large upload is not given up on mid-check.
   */
  completeUpload(uploadId: string, parts: readonly { number: number; etag: string }[], sizeBytes = 0) {
    const timeoutMs = (this.options.timeoutMs ?? 30_000) + Math.ceil(sizeBytes / 20_000);
    return this.call('POST', `/api/media/uploads/${encodeURIComponent(uploadId)}/complete`, { parts }, UploadCompleteResponse, timeoutMs);
  }
  download(assetId: string) {
    return this.call('GET', `/api/media/${encodeURIComponent(assetId)}/download`, undefined, DownloadResponse);
  }

  private async call<S extends z.ZodType>(method: 'GET' | 'POST', path: string, body: unknown, schema: S, timeoutMs?: number): Promise<z.output<S>> {
    const headers: Record<string, string> = { accept: 'application/json' };
    if (body !== undefined) headers['content-type'] = 'application/json';
    if (this.options.token) headers['authorization'] = `Bearer ${this.options.token}`;
    let response: Response;
    let text: string;
    try {
      response = await this.fetchImpl(this.baseUrl + path, {
        method,
        headers,
        body: body === undefined ? undefined : JSON.stringify(body),
        signal: AbortSignal.timeout(timeoutMs ?? this.options.timeoutMs ?? 30_000),
      });
      text = await response.text();
    } catch (error) {
      throw new CloudCallError(`The cloud could not be reached (${describe(error)}).`, null, 'network');
    }
    const json = parseJson(text);
    if (!response.ok) {
      const parsed = CloudError.safeParse(json);
      const retryAfter = response.headers.get('retry-after');
      const retryAfterMs = retryAfter !== null && /^\d+$/.test(retryAfter) ? Number(retryAfter) * 1000 : null;
      if (parsed.success) throw new CloudCallError(parsed.data.error.message, response.status, parsed.data.error.code, retryAfterMs);
      throw new CloudCallError(`The cloud answered ${response.status} without an explanation.`, response.status, response.status >= 500 ? 'server-error' : 'bad-answer', retryAfterMs);
    }
    const parsed = schema.safeParse(json);
    if (!parsed.success) throw new CloudCallError(`The cloud's answer to ${method} ${path.split('?')[0]} was not understood.`, response.status, 'bad-answer');
    return parsed.data;
  }
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

export function describe(error: unknown): string {
  const e = error as { name?: string; message?: string; cause?: { code?: string; message?: string } };
  if (e?.name === 'TimeoutError') return 'timed out';
  return e?.cause?.code ?? e?.cause?.message ?? e?.message ?? String(error);
}
