import { expect, test } from './fixtures';

test('settings are saved as they change and kept after a reload', async ({ app, shot }) => {
  await app.getByRole('link', { name: 'Settings' }).click();
  await expect(app).toHaveURL(/#\/settings$/);
  await expect(app.getByRole('heading', { level: 1, name: 'Settings' })).toBeVisible();
  for (const section of ['Cloud', 'Storage', 'Playback', 'Help']) {
    await expect(app.getByRole('heading', { level: 2, name: section })).toBeVisible();
  }
  await expect(app.getByTestId('settings-data-dir')).not.toHaveValue('');
  await expect(app.getByTestId('settings-secrets')).toContainText('Kept in');

  const saveState = app.getByTestId('settings-save-state');

  await app.getByLabel('Default comparison layout').selectOption('wipe');
  await expect(saveState).toHaveText('Saved');

  // An address that is not one: the channel's words under the field.
  const url = app.getByLabel(/Cloud address/);
  await url.fill('not a web address');
  await url.press('Enter');
  await expect(app.getByTestId('cloud-url-error')).toContainText('web address');
  await expect(url).toHaveAttribute('aria-invalid', 'true');

  await url.fill('https://cloud.example.com');
  await url.press('Enter');
  await expect(app.getByTestId('cloud-url-error')).toHaveCount(0);
  await expect(saveState).toHaveText('Saved');


  await app.reload();
  await expect(app.getByRole('heading', { level: 1, name: 'Settings' })).toBeVisible();
  await expect(app.getByLabel('Default comparison layout')).toHaveValue('wipe');
  await expect(app.getByLabel(/Cloud address/)).toHaveValue('https://cloud.example.com');

  // What the page shows is what the store holds.
  const stored = await app.evaluate(() => window.api.invoke('settings.get', {}));
  expect(stored.ok && stored.value.app).toMatchObject({ defaultComparisonLayout: 'wipe' });
  expect(stored.ok && stored.value.profile).toMatchObject({ cloudUrl: 'https://cloud.example.com' });

  await shot('settings');
});
