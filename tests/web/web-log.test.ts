import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startWebHost, type WebHost } from '../../src-main/web/server';

/**
 * The web host keeps the same daily rotating log as the desktop app, in `<dataDir>/logs`, and Help →
 * Copy Diagnostics (app.diagnostics) carries its last lines. The launch token never reaches it.
 */

// Short and plain, so only its absence (not redaction) keeps it out of the log.
const TOKEN = 'kiwi42lantern';
const MISSING_PROFILE = '0b7e2c1a-3d4f-4a5b-9c6d-7e8f9a0b1c2d';

let host: WebHost;
let dataDir: string;
const echoed: string[] = [];
const logText = () => readdirSync(join(dataDir, 'logs')).map((f) => readFileSync(join(dataDir, 'logs', f), 'utf8')).join('');

beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'coachframe-web-log-'));
  // Settings that name a profile which is not there: the core warns at startup, and the warning is logged.
  writeFileSync(join(dataDir, 'settings.json'), JSON.stringify({ app: { lastProfileId: MISSING_PROFILE }, profiles: {} }));
  const rendererDir = mkdtempSync(join(tmpdir(), 'coachframe-renderer-'));
  writeFileSync(join(rendererDir, 'index.html'), '<!doctype html><html><head></head><body></body></html>');
  host = await startWebHost({ port: 0, dataDir, rendererDir, token: TOKEN, log: (line) => echoed.push(line) });
});
afterAll(async () => {
  await host.close();
  rmSync(dataDir, { recursive: true, force: true });
});

describe('web host log', () => {
  it('writes a daily file in <dataDir>/logs from the start, with the core’s warnings', () => {
    const files = readdirSync(join(dataDir, 'logs'));
    expect(files).toEqual([expect.stringMatching(/^coachframe-\d{4}-\d{2}-\d{2}\.log$/)]);
    expect(logText()).toMatch(/INFO  Coachframe \S+ web host started on http:\/\/127\.0\.0\.1:\d+/);
    expect(logText()).toContain(`WARN  could not reopen the last profile ${MISSING_PROFILE}`);
    // The CLI's console still sees the lines too.
    expect(echoed.some((line) => line.includes('web host started'))).toBe(true);
  });

  it('logs failed requests by path, and never the token: not from the URL, the header, or a wrong try', async () => {
    // The token exchange, right and wrong.
    await fetch(`${host.origin}/?token=${TOKEN}`, { redirect: 'manual' });
    expect((await fetch(`${host.origin}/?token=${TOKEN}x`, { redirect: 'manual' })).status).toBe(401);
    // A request that fails inside the server (a malformed escape in the channel name), with the token in its query too.
    const failed = await fetch(`${host.origin}/ipc/%E0%A4%A?token=${TOKEN}`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${TOKEN}`, 'Content-Type': 'application/json' },
      body: '{}',
    });
    expect(failed.status).toBe(500);

    const text = logText();
    expect(text).toContain('WARN  refused a page load with a wrong token');
    expect(text).toMatch(/ERROR POST \/ipc\/%E0%A4%A failed: URIError/);
    expect(text).not.toContain(TOKEN);
    expect(echoed.join('\n')).not.toContain(TOKEN);
  });

  it('gives app.diagnostics the last log lines, without the token', async () => {
    const res = await fetch(`${host.origin}/ipc/app.diagnostics`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${TOKEN}`, 'Content-Type': 'application/json' },
      body: '{}',
    });
    const body = (await res.json()) as { ok: true; value: { text: string } };
    expect(body.ok).toBe(true);
    expect(body.value.text).toMatch(/## Log \(last \d+ lines\)[^]*web host started[^]*refused a page load with a wrong token/);
    expect(body.value.text).toContain('shell: web host');
    expect(body.value.text).not.toContain(TOKEN);
  });
});
