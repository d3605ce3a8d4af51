import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from '@playwright/test';
import { startS3rver } from '../../src-main/cloud/s3rver';
import { startCloud } from '../../src-main/cloud/server';
import { expect, test as base } from './fixtures';

/** The reference cloud for end-to-end tests, and the steps every synced test takes in the UI. */
export { expect };

export interface Cloud {
  url: string;
  /** Takes the cloud away (the app should say it is offline). */
  stop(): Promise<void>;
}

/** A reference cloud on an embedded S3, fresh for each test. */
export const test = base.extend<{ cloud: Cloud }>({
  cloud: async ({}, use) => {
    const dir = mkdtempSync(join(tmpdir(), 'coachframe-e2e-cloud-'));
    const s3 = await startS3rver(join(dir, 's3'));
    const cloud = await startCloud({
      dataDir: join(dir, 'cloud'),
      port: 0,
      s3: { endpoint: s3.endpoint, region: 'us-east-1', bucket: 'coachframe-e2e', accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' },
    });
    await use({ url: cloud.url, stop: () => cloud.close() });
    await cloud.close();
    await s3.close();
    rmSync(dir, { recursive: true, force: true });
  },
});

/** Sync debounces changes for about 2 s, then a pass runs: generous, bounded waits. */
export const SYNC = { timeout: 30_000 };
export const PASSWORD = 'correct horse battery';

export const indicator = (app: Page) => app.getByTestId('sync-indicator');

export async function createProfile(app: Page, name: string, role: 'Coach' | 'Student') {
  await app.getByLabel('Display name').fill(name);
  await app.getByRole('radio', { name: new RegExp(role) }).check();
  await app.getByRole('button', { name: /^Create (your )?profile$/ }).click();
  await expect(app.getByTestId('current-profile-name')).toHaveText(name);
}

/** Settings → Cloud: the address, then a new account for the open profile. */
export async function register(app: Page, cloudUrl: string) {
  await app.getByRole('link', { name: 'Settings' }).click();
  const url = app.getByLabel(/Cloud address/);
  await url.fill(cloudUrl);
  await url.press('Enter');
  await app.getByRole('button', { name: 'Create account', exact: true }).first().click();
  await app.getByLabel('Password', { exact: true }).fill(PASSWORD);
  await app.getByLabel('Confirm password').fill(PASSWORD);
  await app.getByRole('form', { name: 'Create a cloud account' }).getByRole('button', { name: 'Create account' }).click();
  await expect(app.getByTestId('cloud-signed-in')).toBeVisible(SYNC);
}

