import { writeFileSync } from 'node:fs';
import type { Page } from '@playwright/test';
import { expect, test, videoReady } from './fixtures';

/** Leaves the app before the host closes (a paused <video> can hold its media response open). */
test.afterEach(async ({ app }) => {
  await app.goto('about:blank');
});

/** Laptop screens, down to a short one with the browser's own bars taking their share. */
const SIZES = [
  { width: 1280, height: 720 },
  { width: 1366, height: 768 },
  { width: 1280, height: 600 },
  { width: 1024, height: 640 },
] as const;

/**
 * The layouts, with the least width a picture may have at these sizes (without and with the jobs
 * tray): side by side is bound by the width, stacked by the height (two pictures in it).
 */
const LAYOUTS = [
  ['Side by side', 'side', { alone: 320, withTray: 260 }],
  ['Stacked', 'stacked', { alone: 280, withTray: 200 }],
  ['Overlay', 'overlay', { alone: 280, withTray: 260 }],
] as const;

/** The demo coach opens the model of "Forehand drive" against Sam's attempt. */
async function openComparison(app: Page) {
  await app.getByRole('link', { name: 'Exercises', exact: true }).click();
  await app.getByTestId('exercise-row').filter({ hasText: 'Forehand drive' }).getByRole('link').click();
  await app.getByTestId('compare-button').click();
  await app.getByRole('dialog', { name: 'Compare two videos' }).getByRole('button', { name: 'Open comparison' }).click();
  await videoReady(app.getByTestId('compare-video-a'));
  await videoReady(app.getByTestId('compare-video-b'));
}

/** What a person would notice of the screen's layout, measured in the page. */
function measure(app: Page) {
  return app.evaluate(() => {
    const rect = (el: Element | null) => {
      const r = el?.getBoundingClientRect();
      return r ? { x: r.left, y: r.top, width: r.width, height: r.height, bottom: r.bottom, right: r.right } : null;
    };
    // Each control of the transport: on screen, and the element at its centre is itself (or inside it).
    const controls = [...document.querySelectorAll<HTMLElement>('[data-testid="transport"] :is(button, select, input)')]
      .filter((el) => el.getClientRects().length > 0)
      .map((el) => {
        const r = el.getBoundingClientRect();
        const cx = r.left + r.width / 2;
        const cy = r.top + r.height / 2;
        const hit = document.elementFromPoint(cx, cy);
        // The timeline's markers sit on the range: the centre of the range may be a marker, also the transport's.
        const covered = !(hit && (el === hit || el.contains(hit) || (el.closest('.timeline') !== null && hit.closest('.timeline') === el.closest('.timeline'))));
        return {
          name: el.getAttribute('aria-label') ?? el.textContent?.trim() ?? el.tagName,
          inside: r.left >= 0 && r.top >= 0 && r.right <= innerWidth && r.bottom <= innerHeight,
          covered,
          by: covered && hit ? `${hit.tagName}.${String(hit.className)}` : '',
        };
      });
    const scroller = document.scrollingElement ?? document.documentElement;
    const screen = document.querySelector('[data-testid="compare-screen"]');
    return {
      a: rect(document.querySelector('[data-testid="compare-side-a"] .compare-box')),
      b: rect(document.querySelector('[data-testid="compare-side-b"] .compare-box')),
      thread: rect(document.querySelector('[data-testid="compare-thread"]')),
      tray: rect(document.querySelector('[data-testid="jobs-tray"]')),
      controls,
      pageScrolls: scroller.scrollHeight > innerHeight + 1 || scroller.scrollWidth > innerWidth + 1,
      screenScrolls: screen ? screen.scrollHeight > screen.clientHeight + 1 : true,
      viewport: { width: innerWidth, height: innerHeight },
    };
  });
}

async function expectFits(app: Page, minWidth: number) {
  // The layout settles a frame after a resize (the stage measures itself).
  await expect.poll(async () => (await measure(app)).controls.filter((c) => !c.inside || c.covered).map((c) => `${c.name} ${c.inside ? '' : 'off screen'} ${c.by}`)).toEqual([]);
  const m = await measure(app);
  expect(m.controls.length, 'the transport’s controls').toBeGreaterThanOrEqual(8);
  for (const side of [m.a, m.b]) {
    expect(side).not.toBeNull();
    expect(side!.width, 'a picture’s width').toBeGreaterThanOrEqual(minWidth);
    expect(side!.height, 'a picture’s height').toBeGreaterThanOrEqual((minWidth * 9) / 16 - 1);
    expect(side!.y).toBeGreaterThanOrEqual(0);
    expect(side!.bottom, 'a picture inside the window').toBeLessThanOrEqual(m.viewport.height);
  }
  expect(m.thread, 'the thread').not.toBeNull();
  expect(m.thread!.bottom, 'the thread inside the window').toBeLessThanOrEqual((m.tray?.y ?? m.viewport.height) + 1);
  expect(m.thread!.height, 'the thread keeps some room').toBeGreaterThanOrEqual(120);
  expect(m.pageScrolls, 'the page does not scroll').toBe(false);
  expect(m.screenScrolls, 'the screen does not scroll').toBe(false);
  return m;
}

test.describe('the comparison on a laptop screen', () => {
  test('both pictures stay large, the transport fully visible and usable, at every laptop size and layout', async ({ app, shot }) => {
    test.setTimeout(120_000);
    await openComparison(app);
    for (const [label, layout, least] of LAYOUTS) {
      await app.getByRole('radio', { name: label }).check();
      await expect(app.getByTestId('compare-stage')).toHaveAttribute('data-layout', layout);
      for (const size of SIZES) {
        await test.step(`${label} at ${size.width}×${size.height}`, async () => {
          await app.setViewportSize(size);
          await expectFits(app, least.alone);
          await shot(`compare-layout-${layout}-${size.width}x${size.height}`);
        });
      }
    }
    await test.step('the wipe’s handle lies exactly over the pictures', async () => {
      await app.setViewportSize({ width: 1280, height: 600 });
      await app.getByRole('radio', { name: 'Wipe' }).check();
      const m = await expectFits(app, 280);
      const handle = await app.getByTestId('wipe-handle').boundingBox();
      for (const k of ['x', 'y', 'width', 'height'] as const) expect(Math.abs(handle![k] - m.a![k]), k).toBeLessThanOrEqual(1);
      await shot('compare-layout-wipe-1280x600');
    });
  });

  test('with the jobs tray open, nothing covers the transport', async ({ app, shot }, testInfo) => {
    test.setTimeout(120_000);
    // Three files that are no video: their failed imports stay in the tray until dismissed.
    const files = ['warmup.mp4', 'notes.mp4', 'drills.mp4'].map((name) => {
      const path = testInfo.outputPath(name);
      writeFileSync(path, 'Practice notes: toss higher.\n'.repeat(200));
      return path;
    });
    await app.getByRole('link', { name: 'Library', exact: true }).click();
    await app.getByTestId('import-input').first().setInputFiles(files);
    await expect(app.getByTestId('job-row').and(app.locator('[data-state="failed"]'))).toHaveCount(3, { timeout: 20_000 });
    await openComparison(app);
    await expect(app.getByTestId('jobs-tray')).toBeVisible();
    for (const [label, layout, least] of LAYOUTS) {
      await app.getByRole('radio', { name: label }).check();
      for (const size of SIZES) {
        await test.step(`${label} at ${size.width}×${size.height}, tray open`, async () => {
          await app.setViewportSize(size);
          const m = await expectFits(app, least.withTray);
          expect(m.tray, 'the tray').not.toBeNull();
          expect(m.tray!.bottom).toBeLessThanOrEqual(size.height + 1);
          await shot(`compare-layout-tray-${layout}-${size.width}x${size.height}`);
        });
      }
    }
    await test.step('the tray folded gives the room back', async () => {
      await app.getByRole('radio', { name: 'Side by side' }).check();
      await app.setViewportSize({ width: 1280, height: 600 });
      const open = await expectFits(app, 260);
      await app.getByRole('button', { name: 'Hide jobs' }).click();
      const folded = await expectFits(app, 320);
      expect(folded.tray!.height).toBeLessThan(open.tray!.height);
      expect(folded.a!.height).toBeGreaterThanOrEqual(open.a!.height);
      await shot('compare-layout-tray-folded-1280x600');
    });
  });
});
