import { mkdtempSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CHANNEL_NAMES, channels } from '../../src-shared/contract';
import { startWebHost, type WebHost } from '../../src-main/web/server';
import { remote, remoteUser } from '../support/world';

let host: WebHost;
let dataDir: string;
let rendererDir: string;

beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'coachframe-web-'));
  rendererDir = mkdtempSync(join(tmpdir(), 'coachframe-renderer-'));
  writeFileSync(join(rendererDir, 'index.html'), '<!doctype html><html><head><title>t</title></head><body></body></html>');
  mkdirSync(join(rendererDir, 'assets'));
  writeFileSync(join(rendererDir, 'assets', 'app.js'), 'console.log(1)');
  writeFileSync(join(dataDir, 'outside.txt'), 'secret');
  host = await startWebHost({ port: 0, dataDir, rendererDir, token: 'test-token-123', checkOutputs: true });
});
afterAll(async () => {
  await host.close();
  rmSync(dataDir, { recursive: true, force: true });
  rmSync(rendererDir, { recursive: true, force: true });
});

const bearer = { Authorization: 'Bearer test-token-123' };
const call = (channel: string, body: unknown, headers: Record<string, string> = {}) =>
  fetch(`${host.origin}/ipc/${channel}`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', ...bearer, ...headers },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });

describe('web host authentication', () => {
  it('refuses a request without the token', async () => {
    expect((await fetch(`${host.origin}/`)).status).toBe(401);
    const res = await fetch(`${host.origin}/ipc/profiles.list`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: '{}' });
    expect(res.status).toBe(401);
  });

  it('refuses a wrong token in the URL and in the Authorization header', async () => {
    expect((await fetch(`${host.origin}/?token=nope`, { redirect: 'manual' })).status).toBe(401);
    expect((await call('profiles.list', {}, { Authorization: 'Bearer nope' })).status).toBe(401);
  });

  it('exchanges the URL token for an HttpOnly SameSite=Strict cookie and drops it from the address', async () => {
    const res = await fetch(host.url, { redirect: 'manual' });
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe('/');
    const cookie = res.headers.get('set-cookie')!;
    expect(cookie).toMatch(/HttpOnly/);
    expect(cookie).toMatch(/SameSite=Strict/);
    expect(cookie).not.toContain('test-token-123');
    const page = await fetch(`${host.origin}/`, { headers: { Cookie: cookie.split(';')[0]! } });
    expect(page.status).toBe(200);
    expect(page.headers.get('content-security-policy')).toContain("script-src 'self'");
    const html = await page.text();
    // The web host's window.api is injected ahead of the renderer's own scripts.
    expect(html).toContain('<script type="module" src="./web-api.js"></script>');
    const events = await fetch(`${host.origin}/ipc/profiles.list`, {
      method: 'POST', headers: { Cookie: cookie.split(';')[0]!, 'Content-Type': 'application/json' }, body: '{}',
    });
    expect(events.status).toBe(200);
  });

  it('refuses a forged cookie', async () => {
    const res = await fetch(`${host.origin}/`, { headers: { Cookie: 'cf_session=forged' } });
    expect(res.status).toBe(401);
  });

  it('refuses a foreign Origin even with the token', async () => {
    const res = await call('profiles.list', {}, { Origin: 'http://evil.example' });
    expect(res.status).toBe(403);
  });

  it('refuses a foreign Host (DNS rebinding)', async () => {
    const { request } = await import('node:http');
    const status = await new Promise<number>((resolve, reject) => {
      const req = request(`${host.origin}/ipc/profiles.list`, { method: 'POST', headers: { ...bearer, Host: 'evil.example', 'Content-Type': 'application/json' } }, (res) => {
        res.resume();
        resolve(res.statusCode ?? 0);
      });
      req.on('error', reject);
      req.end('{}');
    });
    expect(status).toBe(421);
  });
});

describe('web host channels', () => {
  it('answers a body over the limit with 413 and writes nothing', async () => {
    const huge = JSON.stringify({ username: 'x'.repeat(2 * 1024 * 1024), displayName: 'X', role: 'coach' });
    const res = await call('profiles.create', huge);
    expect(res.status).toBe(413);
    expect((await res.json()) as unknown).toMatchObject({ ok: false, error: { code: 'too-large' } });
    expect(host.core.profiles.list()).toHaveLength(0);
  });

  it('answers invalid JSON and a wrong content type with bad-input', async () => {
    expect(await (await call('profiles.list', '{not json')).json()).toMatchObject({ ok: false, error: { code: 'bad-input' } });
    const res = await call('profiles.list', '{}', { 'Content-Type': 'text/plain' });
    expect(res.status).toBe(415);
  });

  it('reaches every channel of the contract (each answers with an envelope, none with a crash)', async () => {
    for (const channel of CHANNEL_NAMES) {
      const res = channels[channel].bytes
        ? await fetch(`${host.origin}/ipc/${channel}`, {
            method: 'POST',
            headers: { ...bearer, 'Content-Type': 'application/octet-stream', 'X-Coachframe-Input': '{}' },
            body: new Uint8Array([1, 2, 3]),
          })
        : await call(channel, {});
      expect(res.status, channel).toBe(200);
      const body = (await res.json()) as { ok: boolean; error?: { code: string } };
      expect(typeof body.ok, channel).toBe('boolean');
      if (!body.ok) expect(['bad-input', 'no-profile', 'not-found'], channel).toContain(body.error!.code);
    }
  });

  it('runs the same handlers as the core: a profile made over HTTP is the core’s current profile', async () => {
    const res = await call('profiles.create', { username: 'webby', displayName: 'Web Coach', role: 'coach' });
    const body = (await res.json()) as { ok: true; value: { user: { id: string } } };
    expect(body.ok).toBe(true);
    const current = await host.core.dispatch('profiles.current', {}, { shell: 'web' });
    expect(current).toMatchObject({ ok: true, value: { user: { id: body.value.user.id } } });
  });

  it('pushes data.changed events to an EventSource-style stream', async () => {
    const controller = new AbortController();
    const res = await fetch(`${host.origin}/events`, { headers: bearer, signal: controller.signal });
    expect(res.headers.get('content-type')).toBe('text/event-stream');
    const reader = res.body!.getReader();
    await reader.read(); // the opening comment
    await call('exercises.create', { name: 'Pushed' });
    let text = '';
    while (!text.includes('data.changed')) text += new TextDecoder().decode((await reader.read()).value);
    expect(text).toContain('"exercise"');
    controller.abort();
  });

  it('serves static files but never outside the renderer folder', async () => {
    expect((await fetch(`${host.origin}/assets/app.js`, { headers: bearer })).status).toBe(200);
    for (const path of ['/../outside.txt', '/%2e%2e/outside.txt', '/assets/%2e%2e/%2e%2e/outside.txt', '/..%2foutside.txt']) {
      const res = await fetch(`${host.origin}${path}`, { headers: bearer });
      expect(res.status, path).toBe(404);
    }
  });
});

describe('web host media', () => {
  it('streams a visible asset with HTTP Range, and 404s one the profile cannot see', async () => {
    const { core } = host;
    const store = core.store();
    const me = store.profileUser();
    const bytes = Buffer.alloc(10_000, 7);
    const file = join(dataDir, 'video.mp4');
    writeFileSync(file, bytes);
    const { createHash, randomUUID } = await import('node:crypto');
    const sha = createHash('sha256').update(bytes).digest('hex');
    const fields = {
      owner: me.id, orig_filename: 'video.mp4', mime_type: 'video/mp4', size_bytes: bytes.length, checksum_sha256: sha,
      youtube_url: null, video_type: 'upload', duration_sec: 1, duration_ms: 1000, width: 640, height: 360,
      created_at: '2026-01-01T00:00:00.000Z', updated_at: '2026-01-01T00:00:00.000Z',
    };
    const mine = remote('videoasset', fields, randomUUID(), file);
    const stranger = remoteUser('stranger', 'student');
    const theirs = remote('videoasset', { ...fields, owner: stranger.id }, randomUUID(), file);
    await core.applyRemote([stranger, mine, theirs]);

    const whole = await fetch(`${host.origin}/media/${mine.id}/original`, { headers: bearer });
    expect(whole.status).toBe(200);
    expect(whole.headers.get('accept-ranges')).toBe('bytes');
    expect(Buffer.from(await whole.arrayBuffer()).equals(bytes)).toBe(true);

    const part = await fetch(`${host.origin}/media/${mine.id}/original`, { headers: { ...bearer, Range: 'bytes=100-199' } });
    expect(part.status).toBe(206);
    expect(part.headers.get('content-range')).toBe(`bytes 100-199/${bytes.length}`);
    expect((await part.arrayBuffer()).byteLength).toBe(100);

    const beyond = await fetch(`${host.origin}/media/${mine.id}/original`, { headers: { ...bearer, Range: 'bytes=20000-' } });
    expect(beyond.status).toBe(416);

    expect((await fetch(`${host.origin}/media/${theirs.id}/original`, { headers: bearer })).status).toBe(404);
    expect((await fetch(`${host.origin}/media/${mine.id}/poster`, { headers: bearer })).status).toBe(404);
  });
});
