/**
 * The web host's `window.api`: what Electron's preload provides, over HTTP. Loaded by the web host
 * before the renderer, so the renderer cannot tell which shell it runs in.
 */
import type { Api, MediaKind } from '../../../src-shared/api';
import type { ChannelName } from '../../../src-shared/contract';
import { CHANNEL_BYTES, isChannelName } from '../../../src-shared/contract/names';
import { EVENT_NAMES, type EventName } from '../../../src-shared/contract/events';
import type { Result } from '../../../src-shared/result';

const unreachable: Result<never> = {
  ok: false,
  error: { code: 'unavailable', message: 'Coachframe’s local server is not reachable. Is the web host still running?' },
};

type Listener = (payload: unknown) => void;
const listeners = new Map<EventName, Set<Listener>>();
let source: EventSource | null = null;

function connect(): void {
  if (source) return;
  source = new EventSource('/events');
  for (const name of EVENT_NAMES) {
    source.addEventListener(name, (e) => {
      const payload = JSON.parse((e as MessageEvent<string>).data) as unknown;
      for (const listener of listeners.get(name) ?? []) listener(payload);
    });
  }
}

async function post(channel: ChannelName, input: unknown): Promise<Result<unknown>> {
  let body: BodyInit;
  const headers: Record<string, string> = {};
  if (CHANNEL_BYTES[channel]) {
    // Byte channels take [header, bytes]: the header travels in a request header, the bytes as the body.
    const [header, bytes] = input as [unknown, Uint8Array];
    headers['Content-Type'] = 'application/octet-stream';
    headers['X-Coachframe-Input'] = JSON.stringify(header ?? {});
    body = bytes as Uint8Array<ArrayBuffer>;
  } else {
    headers['Content-Type'] = 'application/json';
    body = JSON.stringify(input ?? {});
  }
  try {
    // keepalive lets a small last call (a comparison's finish on pagehide) outlive the page, as IPC does.
    const keepalive = typeof body === 'string' && body.length < 60_000;
    const response = await fetch(`/ipc/${encodeURIComponent(channel)}`, { method: 'POST', headers, body, credentials: 'same-origin', keepalive });
    if (response.headers.get('content-type')?.startsWith('application/json')) return (await response.json()) as Result<unknown>;
    return { ok: false, error: { code: response.status === 401 ? 'forbidden' : 'internal', message: await response.text() } };
  } catch {
    return unreachable;
  }
}

const api: Api = {
  invoke: ((channel: string, input: unknown) => {
    if (!isChannelName(channel)) {
      return Promise.resolve({ ok: false, error: { code: 'bad-input', message: `There is no channel named “${channel}”.` } });
    }
    return post(channel, input);
  }) as Api['invoke'],
  on(event, listener) {
    if (!EVENT_NAMES.includes(event)) return () => undefined;
    connect();
    const set = listeners.get(event) ?? new Set<Listener>();
    set.add(listener as Listener);
    listeners.set(event, set);
    return () => set.delete(listener as Listener);
  },
  mediaUrl(assetId: string, kind: MediaKind) {
    return `/media/${encodeURIComponent(assetId)}/${kind}`;
  },
  // A browser never reveals where a picked file lives: the renderer sends its bytes instead.
  filePath: () => null,
  // Nor can a page show the system's Save dialog: the export dialog asks for a path in words.
  hasSaveDialog: false,
  chooseSavePath: async () => null,
};

Object.defineProperty(window, 'api', { value: Object.freeze(api), writable: false, configurable: false });
