import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test as base, expect, type Locator, type Page, type TestInfo } from '@playwright/test';
import { fillDemoWorld } from '../../src-main/core/demo/demo-world';
import { startWebHost, type WebHost } from '../../src-main/web/server';
// The renderer's `window` declarations (window.api).
import type {} from '../../src-renderer/global';

interface Fixtures {
  /** A web host on a fresh data folder, filled with the demo coach's world (as `--demo` does). */
  host: WebHost;
  /** The app, signed in through the host's token URL. */
  app: Page;
  /** Saves a screenshot under test-results/screenshots and attaches it to the report. */
  shot: (name: string) => Promise<void>;
}

export const test = base.extend<Fixtures & { demo: boolean }>({
  demo: [true, { option: true }],
  host: async ({ demo }, use) => {
    const dataDir = mkdtempSync(join(tmpdir(), 'coachframe-e2e-'));
    const host = await startWebHost({ port: 0, dataDir, checkOutputs: true });
    if (demo) {
      const created = await host.core.dispatch('profiles.create', { username: 'dana.reyes', displayName: 'Dana Reyes', role: 'coach' }, { shell: 'web' });
      if (!created.ok) throw new Error(created.error.message);
      await fillDemoWorld(host.core);
    }
    await use(host);
    await host.close();
    rmSync(dataDir, { recursive: true, force: true });
  },
  app: async ({ page, host }, use) => {
    const problems: string[] = [];
    page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
    page.on('console', (msg) => {
      if (msg.type() === 'error') problems.push(`console error: ${msg.text()}`);
    });
    await page.goto(host.url);
    await use(page);
    // A screen that throws or logs errors has failed, even if the test's assertions held.
    expect(problems, problems.join('\n')).toEqual([]);
  },
  shot: async ({ page }, use, testInfo: TestInfo) => {
    const dir = join(process.cwd(), 'test-results', 'screenshots');
    mkdirSync(dir, { recursive: true });
    await use(async (name: string) => {
      const path = join(dir, `${name}.png`);
      await page.screenshot({ path, fullPage: false });
      await testInfo.attach(name, { path, contentType: 'image/png' });
    });
  },
});

export { expect };

/** Imports a file by its bytes (as a dropped file is) and waits until its processing — proxy included — is done. */
export async function importVideoBytes(app: Page, path: string, filename: string): Promise<string> {
  const bytes = readFileSync(path).toString('base64');
  const asset = await app.evaluate(
    async ({ base64, name }) => {
      const data = Uint8Array.from(atob(base64), (c) => c.charCodeAt(0));
      const job = await window.api.invoke('assets.importBytes', [{ filename: name }, data]);
      if (!job.ok) throw new Error(job.error.message);
      for (;;) {
        const jobs = await window.api.invoke('jobs.list', {});
        const mine = jobs.ok ? jobs.value.find((j) => j.id === job.value.id) : undefined;
        if (mine?.state === 'done' && mine.assetId) return mine.assetId;
        if (mine?.state === 'failed') throw new Error('import failed');
        await new Promise((r) => setTimeout(r, 100));
      }
    },
    { base64: bytes, name: filename },
  );
  await expect
    .poll(async () => {
      const got = await app.evaluate((id) => window.api.invoke('assets.get', { id }), asset);
      return got.ok ? got.value.processingStatus : 'missing';
    }, { timeout: 20_000 })
    .toBe('ready');
  return asset;
}

/** Waits until a <video> has its current frame (readyState ≥ HAVE_CURRENT_DATA). */
export async function videoReady(video: Locator): Promise<void> {
  await expect.poll(() => video.evaluate((v: HTMLVideoElement) => v.readyState), { timeout: 20_000 }).toBeGreaterThanOrEqual(2);
}
