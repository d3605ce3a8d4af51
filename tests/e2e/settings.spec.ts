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

  const sync = app.getByRole('switch', { name: 'Sync when online' });
  const metered = app.getByRole('switch', { name: 'Also on metered connections' });
  const syncWas = await sync.isChecked();
  await sync.click();
  await expect(sync).toBeChecked({ checked: !syncWas });
  await expect(saveState).toHaveText('Saved');
  if (syncWas) await expect(metered).toBeDisabled();
  else await expect(metered).toBeEnabled();

  await app.reload();
  await expect(app.getByRole('heading', { level: 1, name: 'Settings' })).toBeVisible();
  await expect(app.getByLabel('Default comparison layout')).toHaveValue('wipe');
  await expect(app.getByLabel(/Cloud address/)).toHaveValue('https://cloud.example.com');
  await expect(app.getByRole('switch', { name: 'Sync when online' })).toBeChecked({ checked: !syncWas });

  // What the page shows is what the store holds.
  const stored = await app.evaluate(() => window.api.invoke('settings.get', {}));
  expect(stored.ok && stored.value.app).toMatchObject({ defaultComparisonLayout: 'wipe' });
  expect(stored.ok && stored.value.profile).toMatchObject({ cloudUrl: 'https://cloud.example.com', syncEnabled: !syncWas });

  await shot('settings');
});
