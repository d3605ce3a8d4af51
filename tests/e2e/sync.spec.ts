import { randomUUID } from 'node:crypto';
import { PASSWORD, SYNC, createProfile, expect, indicator, register, test } from './cloud-fixtures';

test.describe('sync', () => {
  test.use({ demo: false });

  test('a coach and a student share an exercise through the cloud, and the app says when it is offline', async ({ app, cloud, shot }) => {
    test.setTimeout(180_000);

    await test.step('a fresh profile does not sync, and says so quietly', async () => {
      await createProfile(app, 'Dana Reyes', 'Coach');
      await expect(indicator(app)).toHaveAttribute('data-state', 'off');
      await expect(indicator(app)).toContainText('Not syncing — work stays on this computer');
      await expect(indicator(app).getByRole('status')).toBeVisible();
      await shot('sync-01-off');
    });

    await test.step('the sync panel without an account points to Settings', async () => {
      await indicator(app).getByRole('link').click();
      await expect(app).toHaveURL(/#\/sync$/);
      await expect(app.getByRole('heading', { level: 2, name: 'Not syncing' })).toBeVisible();
      await shot('sync-02-panel-off');
    });

    await test.step('a password that is too short is refused in words before anything is sent', async () => {
      await app.getByRole('button', { name: 'Set up sync in Settings' }).click();
      await app.getByLabel(/Cloud address/).fill(cloud.url);
      await app.getByLabel('Password', { exact: true }).fill('short');
      await app.getByRole('form', { name: 'Create a cloud account' }).getByRole('button', { name: 'Create account' }).click();
      await expect(app.getByText('Password must be at least 8 characters.')).toBeVisible();
      await shot('sync-03-settings-off');
    });

    await test.step('registering from Settings starts sync, and the indicator reaches synced', async () => {
      await register(app, cloud.url);
      await expect(indicator(app)).toHaveAttribute('data-state', 'idle', SYNC);
      await expect(indicator(app)).toContainText('Synced ·');
      await expect(app.getByTestId('cloud-username')).toHaveText('@dana.reyes');
      await expect(app.getByTestId('cloud-address')).toHaveText(cloud.url);
      await shot('sync-04-settings-signed-in');
    });

    let code = '';
    await test.step('the coach makes an invite code, shown large with its expiry', async () => {
      await app.getByRole('button', { name: 'Invite a student' }).click();
      await expect(app.getByTestId('invite-code')).toHaveText(/^[A-Z0-9]{4}-[A-Z0-9]{4}$/);
      await expect(app.getByTestId('invite-expiry')).toContainText('Expires');
      await expect(app.getByRole('button', { name: 'Copy invite code' })).toBeVisible();
      code = (await app.getByTestId('invite-code').textContent()) ?? '';
      await shot('sync-05-invite');
    });

    await test.step('a new exercise waits to sync, then goes up', async () => {
      await app.getByRole('link', { name: 'Exercises' }).click();
      await app.getByRole('button', { name: 'New exercise' }).first().click();
      const dialog = app.getByRole('dialog', { name: 'New exercise' });
      await dialog.getByLabel('Name').fill('Kick serve — toss placement');
      await dialog.getByRole('button', { name: 'Create exercise' }).click();
      await expect(app.getByRole('heading', { level: 1, name: 'Kick serve — toss placement' })).toBeVisible();
      await expect(app.getByTestId('sync-pending')).toBeVisible();
      expect(Number(await indicator(app).getAttribute('data-pending'))).toBeGreaterThan(0);
      await shot('sync-06-pending');
      await expect(indicator(app)).toHaveAttribute('data-pending', '0', SYNC);
      await expect(indicator(app)).toHaveAttribute('data-state', 'idle', SYNC);
      await expect(app.getByTestId('sync-pending')).toHaveCount(0);
    });

    await test.step('a student on the same computer signs in to nothing yet: the core’s words show in the form', async () => {
      await app.getByRole('button', { name: 'Switch profile' }).click();
      await app.getByRole('dialog', { name: 'Switch profile' }).getByRole('button', { name: 'New profile' }).click();
      await createProfile(app, 'Sam Lee', 'Student');
      await expect(indicator(app)).toHaveAttribute('data-state', 'off');

      await app.getByRole('link', { name: 'Settings' }).click();
      await app.getByLabel(/Cloud address/).fill(cloud.url);
      await app.getByRole('button', { name: 'Sign in', exact: true }).first().click();
      await app.getByLabel('Password', { exact: true }).fill(PASSWORD);
      await app.getByRole('form', { name: 'Sign in to your cloud account' }).getByRole('button', { name: 'Sign in' }).click();
      await expect(app.getByTestId('cloud-form-error')).toContainText('username or password is not right');
      await shot('sync-07-sign-in-refused');
    });

    await test.step('the student registers, joins the coach with the code, and sees the coach’s exercise', async () => {
      await register(app, cloud.url);
      await expect(indicator(app)).toHaveAttribute('data-state', 'idle', SYNC);
      await app.getByLabel('Join a coach').fill(code.toLowerCase());
      await app.getByRole('button', { name: 'Join', exact: true }).click();
      await expect(app.getByTestId('joined-coach')).toContainText('Dana Reyes');
      await shot('sync-08-joined');

      await app.getByRole('link', { name: 'Exercises' }).click();
      await expect(app.getByText('Kick serve — toss placement')).toBeVisible(SYNC);
      await expect(indicator(app)).toHaveAttribute('data-state', 'idle', SYNC);
      await shot('sync-09-student-exercises');
    });

    await test.step('the sync panel lists the account, the state, and nothing failing', async () => {
      await indicator(app).getByRole('link').click();
      await expect(app.getByRole('heading', { level: 1, name: 'Sync' })).toBeVisible();
      await expect(app.getByTestId('sync-account')).toContainText('@sam.lee');
      await expect(app.getByTestId('sync-state')).toContainText('Synced');
      await expect(app.getByTestId('sync-state')).toContainText('Last synced');
      await expect(app.getByTestId('sync-waiting')).toContainText('Nothing waiting');
      await expect(app.getByTestId('sync-failures-empty')).toContainText('No problems');
      await shot('sync-10-panel');
    });

    await test.step('pausing holds sync until resumed', async () => {
      await app.getByRole('button', { name: 'Pause', exact: true }).click();
      await expect(indicator(app)).toHaveAttribute('data-state', 'paused');
      await expect(indicator(app)).toContainText('Sync paused');
      await expect(app.getByRole('button', { name: 'Sync now' })).toBeDisabled();
      await shot('sync-11-paused');
      await app.getByRole('button', { name: 'Resume', exact: true }).click();
      await expect(indicator(app)).toHaveAttribute('data-state', 'idle', SYNC);
    });

    await test.step('without the cloud, the indicator says offline and when it tries again', async () => {
      await cloud.stop();
      await app.getByRole('button', { name: 'Sync now' }).click();
      await expect(indicator(app)).toHaveAttribute('data-state', 'offline', SYNC);
      await expect(indicator(app)).toContainText('Offline — will sync when back');
      await expect(indicator(app)).toContainText(/Next try (in \d+ (s|min)|now)/);
      await expect(app.getByTestId('sync-state')).toContainText('Offline');
      await shot('sync-12-offline');

      // A narrow window folds the sidebar to icons: the indicator keeps its icon and its words for screen readers.
      await app.setViewportSize({ width: 820, height: 640 });
      await expect(indicator(app).getByRole('status')).toContainText('Offline — will sync when back');
      await shot('sync-13-offline-narrow');
    });
  });

  test('a new computer signs in to an existing account from the welcome screen', async ({ app, cloud, shot }) => {
    const registered = await fetch(`${cloud.url}/api/auth/register`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ id: randomUUID(), username: 'ines.ortiz', displayName: 'Inés Ortiz', role: 'coach', password: PASSWORD }),
    });
    expect(registered.ok).toBe(true);

    await expect(app.getByRole('button', { name: 'Create your profile' })).toBeVisible();
    await shot('sync-14-welcome');
    await app.getByRole('button', { name: 'Sign in to an existing account' }).click();
    const form = app.getByRole('form', { name: 'Sign in to an existing account' });
    // Nothing filled in: each field says what it needs, and the first one takes the focus.
    await form.getByRole('button', { name: 'Sign in' }).click();
    await expect(form.getByLabel('Cloud address')).toHaveAccessibleDescription('Enter the cloud address: your coach or club gives it to you.');
    await expect(form.getByLabel('Username')).toHaveAccessibleDescription('Enter your username.');
    await expect(form.getByLabel('Password')).toHaveAccessibleDescription('Enter your password.');
    await expect(form.getByLabel('Cloud address')).toBeFocused();
    // A wrong password is the cloud's answer, said above the button.
    await form.getByLabel('Cloud address').fill(cloud.url);
    await form.getByLabel('Username').fill('ines.ortiz');
    await form.getByLabel('Password').fill('not the password');
    await form.getByRole('button', { name: 'Sign in' }).click();
    await expect(form.getByTestId('account-sign-in-error')).toContainText('username or password is not right');
    await expect(form.getByLabel('Password')).toHaveValue('not the password');
    await form.getByLabel('Cloud address').fill('not an address');
    await form.getByLabel('Username').fill('ines.ortiz');
    await form.getByLabel('Password').fill(PASSWORD);
    await form.getByRole('button', { name: 'Sign in' }).click();
    await expect(form.getByText('The cloud address must be a web address.')).toBeVisible();
    await shot('sync-15-new-device-form');

    await form.getByLabel('Cloud address').fill(cloud.url);
    await form.getByRole('button', { name: 'Sign in' }).click();
    await expect(app.getByTestId('current-profile-name')).toHaveText('Inés Ortiz');
    await expect(indicator(app)).toHaveAttribute('data-state', 'idle', SYNC);
    await shot('sync-16-new-device-signed-in');
  });
});
