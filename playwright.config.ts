import { defineConfig } from '@playwright/test';

/**
 * End-to-end tests drive the real renderer in Debian's Chromium through the web host (Electron cannot
 * launch on our machines). Each worker starts its own web host in-process (tests/e2e/fixtures.ts).
 * Never `npx playwright install`: the browser comes from the system (CHROMIUM_PATH).
 */
export default defineConfig({
  testDir: 'tests/e2e',
  outputDir: 'test-results/e2e',
  timeout: 60_000,
  expect: { timeout: 10_000 },
  fullyParallel: false,
  // One browser at a time: the comparison's drift test measures frame timing, which a second browser
  // and its web host generating demo videos on the other core would disturb (2-core machines).
  workers: 1,
  retries: 0,
  forbidOnly: true,
  reporter: [['list'], ['json']],
  use: {
    viewport: { width: 1280, height: 720 },
    screenshot: 'only-on-failure',
    trace: 'retain-on-failure',
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-dev-shm-usage',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--no-first-run',
        '--disable-quic',
        '--use-fake-device-for-media-stream',
        '--use-fake-ui-for-media-stream',
      ],
    },
  },
});
