import AxeBuilder from '@axe-core/playwright';
import type { Locator, Page } from '@playwright/test';
import { expect, test } from './fixtures';

/**
 * "Every control reachable by keyboard and labelled for screen readers": axe-core's WCAG 2.1 A and AA
 * rules (names, roles, labels, contrast, landmarks, ARIA use) on every screen and the comparison's
 * dialogs, as the demo coach sees them. Each scan must find nothing.
 */
const WCAG = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];

test.afterEach(async ({ app }) => {
  await app.goto('about:blank');
});

/** What axe finds on the page (or inside `within`), one line per rule, with the first few elements. */
async function violations(app: Page, within?: string): Promise<string[]> {
  const builder = new AxeBuilder({ page: app }).withTags(WCAG);
  const { violations: found } = await (within ? builder.include(within) : builder).analyze();
  return found.map((v) => `${v.impact ?? ''} ${v.id}: ${v.help} — ${v.nodes.map((n) => n.target.join(' ')).slice(0, 4).join(' | ')}`);
}

async function settled(app: Page, ready?: Locator) {
  await app.getByRole('heading', { level: 1 }).first().waitFor();
  if (ready) await ready.first().waitFor();
  // Skeletons give way and images load before the scan.
  await expect(app.locator('[aria-busy="true"]')).toHaveCount(0);
}

test('every screen and the comparison’s dialogs pass axe’s WCAG 2.1 AA rules', async ({ app, shot }) => {
  test.setTimeout(120_000);

  await test.step('the scan finds what it should here (a nameless button, a field without a label)', async () => {
    await app.evaluate(() => {
      const probe = document.createElement('div');
      probe.id = 'axe-probe';
      probe.append(document.createElement('button'), Object.assign(document.createElement('input'), { type: 'text' }));
      document.body.append(probe);
    });
    const found = await violations(app, '#axe-probe');
    expect(found.map((f) => f.split(':')[0]?.split(' ')[1])).toEqual(expect.arrayContaining(['button-name', 'label']));
    await app.evaluate(() => document.getElementById('axe-probe')?.remove());
  });

  for (const [link, ready] of [
    ['Exercises', 'exercise-row'],
    ['Library', 'asset-cell'],
    ['Stack', null],
    ['Settings', null],
  ] as const) {
    await test.step(link, async () => {
      await app.getByRole('link', { name: link, exact: true }).click();
      await settled(app, ready ? app.getByTestId(ready) : undefined);
      expect(await violations(app), link).toEqual([]);
    });
  }

  await test.step('sync, and a video of the library', async () => {
    await app.getByTestId('sync-indicator').getByRole('link').first().click();
    await expect(app.locator('#sync-title')).toBeVisible();
    await settled(app);
    expect(await violations(app), 'sync').toEqual([]);
    await app.getByRole('link', { name: 'Library', exact: true }).click();
    await app.getByTestId('asset-cell').first().getByRole('link').first().click();
    await expect(app.locator('#asset-title')).toBeVisible();
    await settled(app, app.locator('video'));
    expect(await violations(app), 'a video').toEqual([]);
  });

  await test.step('an exercise', async () => {
    await app.getByRole('link', { name: 'Exercises', exact: true }).click();
    await app.getByTestId('exercise-row').filter({ hasText: 'Forehand drive' }).getByRole('link').click();
    await settled(app, app.getByTestId('compare-button'));
    expect(await violations(app), 'exercise').toEqual([]);
  });

  await test.step('choosing two videos to compare', async () => {
    await app.getByTestId('compare-button').click();
    const dialog = app.getByRole('dialog', { name: 'Compare two videos' });
    await dialog.waitFor();
    expect(await violations(app, 'dialog[open]'), 'compare dialog').toEqual([]);
    await dialog.getByRole('button', { name: 'Open comparison' }).click();
  });

  await test.step('the comparison, in each layout', async () => {
    await app.getByTestId('compare-video-b').waitFor();
    await settled(app, app.getByTestId('transport'));
    for (const layout of ['Side by side', 'Stacked', 'Overlay', 'Wipe']) {
      await app.getByRole('radio', { name: layout }).check();
      expect(await violations(app), `comparison, ${layout}`).toEqual([]);
    }
    await app.getByRole('radio', { name: 'Side by side' }).check();
    await app.getByRole('button', { name: 'Drawing mode' }).click();
    expect(await violations(app), 'comparison, drawing mode').toEqual([]);
    await shot('accessibility-compare-drawing');
    await app.keyboard.press('Escape');
  });

  await test.step('the export dialog and the shortcuts overlay', async () => {
    await app.getByTestId('export-button').click();
    await app.getByRole('dialog').waitFor();
    expect(await violations(app, 'dialog[open]'), 'export dialog').toEqual([]);
    await app.keyboard.press('Escape');
    await expect(app.getByRole('dialog')).toHaveCount(0);
    await app.keyboard.press('?');
    await app.getByRole('dialog', { name: 'Keyboard shortcuts' }).waitFor();
    expect(await violations(app, 'dialog[open]'), 'shortcuts').toEqual([]);
    await app.keyboard.press('Escape');
  });
});
