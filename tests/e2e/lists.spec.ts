import type { Locator, Page } from '@playwright/test';
import type { Core } from '../../src-main/core';
import { seedLists, type ListSeed } from '../support/list-seed';
import { expect, test } from './fixtures';

/**
 * The Library grid and the Stack list with 2,000 items each (written straight into the profile's
 * database): virtualized — only the rows in view are in the DOM — yet the whole list scrolls, filters
 * by tag, and works by keyboard.
 */

const ITEMS = 2_000;

test.use({ demo: false });

test.afterEach(async ({ app }) => {
  await app.goto('about:blank');
});

async function seeded(app: Page, host: { core: Core }): Promise<ListSeed> {
  const created = await host.core.dispatch('profiles.create', { username: 'dana.reyes', displayName: 'Dana Reyes', role: 'coach' }, { shell: 'web' });
  if (!created.ok) throw new Error(created.error.message);
  const seed = seedLists(host.core, { assets: ITEMS, stackItems: ITEMS, students: 20 });
  await app.reload();
  return seed;
}

/** Scrolls a scroller to a fraction of its height (0 top, 1 bottom), as a wheel or the scrollbar would. */
const scrollTo = (scroller: Locator, fraction: number) =>
  scroller.evaluate((el, f) => {
    el.scrollTop = f * (el.scrollHeight - el.clientHeight);
  }, fraction);

/** Whether an element is inside the scroller's visible box. */
async function isInView(scroller: Locator, item: Locator): Promise<boolean> {
  const box = await scroller.evaluate((el) => {
    const r = el.getBoundingClientRect();
    return { top: r.top, bottom: r.bottom };
  });
  return item.evaluate((el, b) => {
    const r = el.getBoundingClientRect();
    return r.bottom > b.top + 1 && r.top < b.bottom - 1;
  }, box);
}

test('the library shows 2,000 videos through a virtualized grid: scroll, filter by tag, keyboard', async ({ app, host, shot }) => {
  const seed = await seeded(app, host);
  const total = seed.assetNames.length; // the 2,000, the model video and the students' attempts
  // Every third seeded video carries the tag "serve".
  const tagged = seed.assetNames.filter((n) => /^clip-(\d+)/.test(n) && (Number(/^clip-(\d+)/.exec(n)![1]) - 1) % 3 === 0);
  await app.getByRole('link', { name: 'Library', exact: true }).click();
  const scroller = app.getByTestId('library-scroller');
  const cells = app.getByTestId('asset-cell');
  await expect(app.getByText(`${total} videos`, { exact: true })).toBeVisible({ timeout: 20_000 });
  await expect(cells.first()).toContainText(seed.assetNames[0]!);
  await shot('lists-library-1280');

  await test.step('only the rows in view are in the DOM; the scrollbar spans the whole library', async () => {
    const rendered = await cells.count();
    expect(rendered).toBeGreaterThan(4);
    expect(rendered).toBeLessThan(80);
    const { scrollHeight, clientHeight } = await scroller.evaluate((el) => ({ scrollHeight: el.scrollHeight, clientHeight: el.clientHeight }));
    const columns = Number(await app.locator('.asset-grid').getAttribute('data-columns'));
    // Rows of a 16:9 poster plus its name: the whole library's height, not the rendered rows'.
    expect(scrollHeight).toBeGreaterThan((total / columns) * 150);
    expect(clientHeight).toBeLessThan(720);
    await expect(cells.first()).toHaveAttribute('aria-setsize', String(total));
    await expect(cells.first()).toHaveAttribute('aria-posinset', '1');
  });

  await test.step('scrolled to the end, the last (oldest) video is there', async () => {
    await scrollTo(scroller, 1);
    const last = cells.filter({ hasText: seed.assetNames.at(-1)! });
    await expect(last).toBeVisible();
    await expect(last).toHaveAttribute('aria-posinset', String(total));
    expect(await isInView(scroller, last)).toBe(true);
    expect(await cells.count()).toBeLessThan(80);
    await shot('lists-library-end');
    await scrollTo(scroller, 0);
  });

  await test.step('keyboard: arrows move between cells, End reaches the last, focus survives scrolling away', async () => {
    // Back at the top, the list re-renders from its first cell (the scroll event is handled after this step's start).
    await expect(cells.first()).toHaveAttribute('data-index', '0');
    const first = cells.first().locator('.asset-link');
    await first.focus();
    await app.keyboard.press('ArrowRight');
    await expect(app.locator(':focus')).toHaveText(seed.assetNames[1]!);
    const columns = Number(await app.locator('.asset-grid').getAttribute('data-columns'));
    await app.keyboard.press('ArrowDown');
    await expect(app.locator(':focus')).toHaveText(seed.assetNames[1 + columns]!);
    await app.keyboard.press('End');
    await expect(app.locator(':focus')).toHaveText(seed.assetNames.at(-1)!);
    expect(await isInView(scroller, app.locator('.asset-cell:focus-within'))).toBe(true);
    // Scrolled away (a wheel), the focused cell is kept: focus stays on it.
    await scrollTo(scroller, 0);
    await expect(cells.first()).toContainText(seed.assetNames[0]!);
    await expect(app.locator(':focus')).toHaveText(seed.assetNames.at(-1)!);
    expect(await cells.count()).toBeLessThan(80);
    // And the next arrow brings it (and its neighbour) back into view.
    await app.keyboard.press('ArrowLeft');
    await expect(app.locator(':focus')).toHaveText(seed.assetNames.at(-2)!);
    expect(await isInView(scroller, app.locator('.asset-cell:focus-within'))).toBe(true);
    await app.keyboard.press('Home');
    await expect(app.locator(':focus')).toHaveText(seed.assetNames[0]!);
    await app.keyboard.press('PageDown');
    expect(await isInView(scroller, app.locator('.asset-cell:focus-within'))).toBe(true);
    await expect(app.locator(':focus')).not.toHaveText(seed.assetNames[0]!);
  });

  await test.step('the tag filter narrows the grid and clears', async () => {
    const tagFilter = app.getByRole('combobox', { name: 'Filter by tag' });
    await tagFilter.selectOption({ label: 'serve' });
    // Every third video carries the tag.
    await expect(app.getByText(`${tagged.length} videos`, { exact: true })).toBeVisible();
    await expect(cells.first()).toContainText(tagged[0]!);
    await expect(cells.nth(1)).toContainText(tagged[1]!);
    await tagFilter.selectOption({ label: 'unused' });
    await expect(app.getByTestId('library-no-match')).toHaveText('No video is tagged “unused”.');
    await shot('lists-library-no-match');
    await app.getByRole('button', { name: 'Clear filter' }).click();
    await expect(app.getByText(`${total} videos`, { exact: true })).toBeVisible();
    await expect(tagFilter).toHaveValue('');
  });

  await test.step('a narrow window has fewer columns, recomputed on resize', async () => {
    const wide = Number(await app.locator('.asset-grid').getAttribute('data-columns'));
    await app.setViewportSize({ width: 760, height: 720 });
    await expect.poll(async () => Number(await app.locator('.asset-grid').getAttribute('data-columns'))).toBeLessThan(wide);
    await expect(cells.first()).toContainText(seed.assetNames[0]!);
    await shot('lists-library-narrow');
    await app.setViewportSize({ width: 1280, height: 720 });
  });
});

test('the stack groups 2,000 items by student, virtualized: scroll, filter by tag, keyboard, latest comparison', async ({ app, host, shot }) => {
  const seed = await seeded(app, host);
  await app.getByRole('link', { name: 'Stack', exact: true }).click();
  const scroller = app.getByTestId('stack-scroller');
  const rows = app.getByTestId('stack-item');
  await expect(app.getByText(`${ITEMS} items`, { exact: true })).toBeVisible({ timeout: 20_000 });
  await expect(app.getByRole('heading', { name: seed.students[0]!.name })).toBeVisible();
  await shot('lists-stack-1280');

  await test.step('few rows in the DOM; each group is a labelled list that knows its size', async () => {
    const rendered = await rows.count();
    expect(rendered).toBeGreaterThan(2);
    expect(rendered).toBeLessThan(40);
    const firstList = app.getByRole('list', { name: `${seed.students[0]!.name}’s exercises` });
    await expect(firstList.getByTestId('stack-item').first()).toHaveAttribute('aria-setsize', String(ITEMS / 20));
    await expect(firstList.getByTestId('stack-item').first()).toHaveAttribute('aria-posinset', '1');
  });

  await test.step('the latest comparison shows on the items that have one', async () => {
    const compared = app.getByTestId('stack-compared').first();
    await expect(compared).toBeVisible();
    await expect(compared).toContainText(/Compared .+ · \d+ min/);
  });

  await test.step('scrolled to the end, the last student’s group and last item are there', async () => {
    await scrollTo(scroller, 1);
    const lastGroup = seed.students.at(-1)!.name;
    await expect(app.getByRole('heading', { name: lastGroup })).toBeAttached();
    const lastRow = rows.last();
    await expect(lastRow).toHaveAttribute('aria-posinset', String(ITEMS / 20));
    expect(await isInView(scroller, lastRow)).toBe(true);
    expect(await rows.count()).toBeLessThan(40);
    await shot('lists-stack-end');
    await scrollTo(scroller, 0);
  });

  await test.step('keyboard: Down moves across group boundaries, focus survives scrolling away', async () => {
    await expect(rows.first()).toHaveAttribute('data-index', '0');
    await rows.first().locator('.row-link').focus();
    await expect(app.locator('.row:focus-within')).toHaveAttribute('data-index', '0');
    for (let i = 0; i < 3; i++) await app.keyboard.press('ArrowDown');
    const focusedName = await app.locator(':focus').textContent();
    await expect(app.locator('.row:focus-within')).toHaveAttribute('data-index', '3');
    await scrollTo(scroller, 0.6);
    await expect(app.locator(':focus')).toHaveText(focusedName!);
    await app.keyboard.press('ArrowDown');
    await expect(app.locator('.row:focus-within')).toHaveAttribute('data-index', '4');
    expect(await isInView(scroller, app.locator('.row:focus-within'))).toBe(true);
    // Across the first group's end into the second student's list.
    await app.keyboard.press('End');
    await expect(app.locator('.row:focus-within')).toHaveAttribute('data-index', String(ITEMS - 1));
    expect(await isInView(scroller, app.locator('.row:focus-within'))).toBe(true);
  });

  await test.step('the tag filter narrows the stack and clears', async () => {
    const tagFilter = app.getByRole('combobox', { name: 'Filter by tag' });
    await tagFilter.selectOption({ label: 'serve' });
    await expect(app.getByText(/^\d+ items$/)).not.toHaveText(`${ITEMS} items`);
    const count = Number((await app.getByText(/^\d+ items$/).textContent())!.split(' ')[0]);
    expect(count).toBeGreaterThan(ITEMS / 5);
    expect(count).toBeLessThan(ITEMS / 2);
    await expect(rows.first().getByTestId('tag-chip').filter({ hasText: 'serve' })).toBeVisible();
    await tagFilter.selectOption({ label: 'unused' });
    await expect(app.getByTestId('stack-no-match')).toHaveText('Nothing in the stack is tagged “unused”.');
    await shot('lists-stack-no-match');
    await app.getByRole('button', { name: 'Clear filter' }).click();
    await expect(app.getByText(`${ITEMS} items`, { exact: true })).toBeVisible();
  });

  await test.step('narrow window', async () => {
    await app.setViewportSize({ width: 760, height: 720 });
    await expect(rows.first()).toBeVisible();
    await shot('lists-stack-narrow');
    await app.setViewportSize({ width: 1280, height: 720 });
  });

  await test.step('an item with an attempt opens on its comparison', async () => {
    await rows.filter({ has: app.getByTestId('stack-compared') }).first().locator('.row-link').click();
    await expect(app).toHaveURL(/#\/compare\//);
  });
});
