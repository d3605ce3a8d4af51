import type { Page } from '@playwright/test';
import { expect, test, videoReady } from './fixtures';

/** Opening a comparison: its layout while it loads, a failure and a retry, one comparison after another. */

/** Leaves the app before the host closes (a paused <video> can hold its media response open). */
test.afterEach(async ({ app }) => {
  await app.goto('about:blank');
});

/** The demo coach's "Forehand drive", its compare chooser open. */
async function chooseOnForehandDrive(app: Page) {
  await app.getByRole('link', { name: 'Exercises', exact: true }).click();
  await app.getByTestId('exercise-row').filter({ hasText: 'Forehand drive' }).getByRole('link').click();
  await app.getByTestId('compare-button').click();
  return app.getByRole('dialog', { name: 'Compare two videos' });
}

test.describe('opening a comparison', () => {
  test('nothing moves while a comparison opens: every part is in its final place from the first paint', async ({ app, shot }) => {
    const parts = () =>
      app.evaluate(() => {
        const selectors = {
          tools: '.drawing-toolbar',
          stage: '[data-testid="compare-stage"]',
          a: '[data-testid="compare-side-a"] .compare-box',
          b: '[data-testid="compare-side-b"] .compare-box',
          barA: '[data-testid="compare-side-a"] .compare-side-bar',
          barB: '[data-testid="compare-side-b"] .compare-side-bar',
          transport: '[data-testid="transport"]',
          thread: '[data-testid="compare-thread"]',
        };
        return Object.fromEntries(
          Object.entries(selectors).map(([name, selector]) => {
            const r = document.querySelector(selector)?.getBoundingClientRect();
            return [name, r ? [r.left, r.top, r.width, r.height].map(Math.round) : null];
          }),
        );
      });
    const chooser = await chooseOnForehandDrive(app);
    // The comparison's answers are held back, so the page can be seen waiting for them.
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    await app.route('**/ipc/assets.get', async (route) => {
      await held;
      await route.continue();
    });
    await chooser.getByRole('button', { name: 'Open comparison' }).click();
    await expect(app.getByTestId('compare-screen')).toHaveAttribute('aria-busy', 'true');
    // Waiting, the transport is in place but cannot move the pair away from its start.
    await expect(app.getByTestId('play')).toBeDisabled();
    await expect(app.getByTestId('transport')).toBeVisible();
    const waiting = await parts();
    await shot('compare-opening');
    for (const [name, rect] of Object.entries(waiting)) expect(rect, `${name} while the comparison opens`).not.toBeNull();

    release();
    await videoReady(app.getByTestId('compare-video-a'));
    await videoReady(app.getByTestId('compare-video-b'));
    await expect(app.getByTestId('compare-screen')).not.toHaveAttribute('aria-busy', 'true');
    expect(await parts(), 'the same places once both videos show').toEqual(waiting);
    await shot('compare-opened');
  });

  test('a comparison that did not open says why, and Try again opens it', async ({ app, shot }) => {
    const chooser = await chooseOnForehandDrive(app);
    // The first attempt fails, answered as a channel answers a failure (the envelope, in words).
    let failures = 1;
    const failure = { ok: false, error: { code: 'unavailable', message: 'Coachframe could not reach its data just now.' } };
    await app.route('**/ipc/comparisons.create', async (route) => {
      if (failures-- > 0) await route.fulfill({ status: 200, contentType: 'application/json', body: JSON.stringify(failure) });
      else await route.continue();
    });
    await chooser.getByRole('button', { name: 'Open comparison' }).click();
    const failed = app.getByText('This comparison didn’t open');
    await expect(failed).toBeVisible();
    await expect(app.getByText('Coachframe could not reach its data just now.')).toBeVisible();
    await shot('compare-open-failed');
    await app.getByRole('button', { name: 'Try again' }).click();
    await videoReady(app.getByTestId('compare-video-a'));
    await videoReady(app.getByTestId('compare-video-b'));
    await expect(failed).toHaveCount(0);
    await expect(app.getByRole('heading', { name: 'Compare · Forehand drive' })).toBeVisible();
  });

  test('from one comparison straight to another (the address changes), the second shows its own videos and thread', async ({ app }) => {
    const chooser = await chooseOnForehandDrive(app);
    await chooser.getByRole('button', { name: 'Open comparison' }).click();
    await videoReady(app.getByTestId('compare-video-b'));
    const sideB = app.getByTestId('compare-side-b');
    await expect(sideB).toHaveAttribute('aria-label', 'Sam Patel’s attempt');
    const first = app.url();
    const samSrc = await app.getByTestId('compare-video-b').getAttribute('src');

    // The same model against Alex's attempt, by address (as the address bar, the menu or a notification do).
    const exercise = /#\/compare\/([0-9a-f-]{36})/.exec(first)?.[1] ?? '';
    const alex = await app.evaluate(async (id) => {
      const listed = await window.api.invoke('submissions.list', { exercise: id });
      const attempts = listed.ok ? listed.value : [];
      return attempts.find((s) => s.studentName.startsWith('Alex'))?.videoAsset ?? null;
    }, exercise);
    expect(alex, 'Alex’s attempt in the demo').not.toBeNull();
    const second = first.replace(/([?&]b=)[0-9a-f-]{36}/, `$1${alex}`);
    expect(second).not.toBe(first);
    await app.evaluate((hash) => (location.hash = hash), new URL(second).hash);

    await expect(sideB).toHaveAttribute('aria-label', 'Alex Kim’s attempt');
    await videoReady(app.getByTestId('compare-video-b'));
    const alexSrc = await app.getByTestId('compare-video-b').getAttribute('src');
    expect(alexSrc).toContain(alex!);
    expect(alexSrc).not.toBe(samSrc);
    await expect(app.getByTestId('compare-screen')).not.toHaveAttribute('aria-busy', 'true');
  });
});
