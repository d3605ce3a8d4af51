/**
 * `npm run bench:lists`: the Library and Stack screens with 10,000 items against the same screens with
 * 100, in the same run (machines are shared and noisy; absolute times mean little).
 *
 *  1. First screen: from navigation to the list's first rows painted (the `coachframe:<list>-first-rows`
 *     performance mark, set in the task after the frame that showed them), app start-up included.
 *     Goal: 10,000 ≤ 1.5 × 100.
 *  2. Scrolling: the list scrolled at a steady 2,400 px/s for SCROLL_MS (back and forth between its
 *     ends), counting frames dropped — rAF intervals longer than 1.5 × the run's median interval.
 *     Goal: no more dropped at 10,000 than at 100.
 *
 * Each host is a web host (the renderer as both shells serve it) over its own data folder with a
 * coach's profile, seeded straight into the database (tests/support/list-seed.ts). Chromium from
 * CHROMIUM_PATH. Runs alternate small and large so both see the same noise; medians are reported.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { firstRowsMark } from '../../src-renderer/lib/first-rows-mark';
import { startWebHost, type WebHost } from '../../src-main/web/server';
import { seedLists } from '../support/list-seed';

const RUNS = Number(process.env['BENCH_RUNS'] ?? 7);
const SCROLL_MS = Number(process.env['BENCH_SCROLL_MS'] ?? 3000);
const SCROLL_SPEED = 2400; // px per second
const SIZES = [100, 10_000] as const;
const LISTS = ['library', 'stack'] as const;
type List = (typeof LISTS)[number];

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
};

interface Scene {
  size: number;
  host: WebHost;
  dataDir: string;
  page: Page;
}

async function scene(size: number, browser: Browser): Promise<Scene> {
  const dataDir = mkdtempSync(join(tmpdir(), `coachframe-bench-lists-${size}-`));
  const host = await startWebHost({ port: 0, dataDir });
  const created = await host.core.dispatch('profiles.create', { username: 'dana.reyes', displayName: 'Dana Reyes', role: 'coach' }, { shell: 'web' });
  if (!created.ok) throw new Error(created.error.message);
  // 10,000 items: 20 students of 500 (the stack); 100: one student of 100.
  seedLists(host.core, { assets: size, stackItems: size });
  const context = await browser.newContext({ viewport: { width: 1280, height: 720 } });
  const page = await context.newPage();
  await page.goto(host.url); // swaps the token for the session cookie; warms the cache
  await page.waitForSelector('.shell-main');
  return { size, host, dataDir, page };
}

/** Milliseconds from navigation to the list's first rows painted. */
async function firstScreen(page: Page, origin: string, list: List): Promise<number> {
  await page.goto('about:blank');
  await page.goto(`${origin}/#/${list}`);
  const name = firstRowsMark(list);
  await page.waitForFunction((n) => performance.getEntriesByName(n).length > 0, name, { timeout: 60_000, polling: 20 });
  return page.evaluate((n) => performance.getEntriesByName(n)[0]!.startTime, name);
}

/** Waits for the whole list (the count under it stops saying "so far"), then scrolls it steadily and counts dropped frames. */
async function scrollDrops(page: Page, list: List): Promise<{ frames: number; dropped: number; medianMs: number; rendered: number }> {
  await page.waitForFunction(() => {
    const count = document.querySelector('.virtual-scroller > .list-count');
    return count !== null && !/so far/.test(count.textContent ?? '');
  }, undefined, { timeout: 120_000 });
  await page.waitForTimeout(300);
  // tsx keeps function names with a `__name` helper that the page does not have.
  await page.evaluate('window.__name = (f) => f');
  return page.evaluate(
    async ({ ms, speed, testId }) => {
      const el = document.querySelector<HTMLElement>(`[data-testid="${testId}"]`)!;
      const max = el.scrollHeight - el.clientHeight;
      const intervals: number[] = [];
      let maxRendered = 0;
      await new Promise<void>((done) => {
        let last = performance.now();
        const start = last;
        let direction = 1;
        let y = 0;
        const frame = (now: number) => {
          const dt = now - last;
          intervals.push(dt);
          last = now;
          y += direction * speed * (dt / 1000);
          if (y >= max) [y, direction] = [max, -1];
          if (y <= 0) [y, direction] = [0, 1];
          el.scrollTop = y;
          maxRendered = Math.max(maxRendered, el.querySelectorAll('[data-index]').length);
          if (now - start < ms) requestAnimationFrame(frame);
          else done();
        };
        requestAnimationFrame((now) => {
          last = now;
          requestAnimationFrame(frame);
        });
      });
      const sorted = [...intervals].sort((a, b) => a - b);
      const med = sorted[Math.floor(sorted.length / 2)]!;
      return { frames: intervals.length, dropped: intervals.filter((i) => i > 1.5 * med).length, medianMs: med, rendered: maxRendered };
    },
    { ms: SCROLL_MS, speed: SCROLL_SPEED, testId: list === 'library' ? 'library-scroller' : 'stack-scroller' },
  );
}

async function main() {
  const load = loadavg().map((l) => l.toFixed(2)).join(' / ');
  console.log(`load average before: ${load} (1 / 5 / 15 min)`);
  const browser = await chromium.launch({
    executablePath: process.env['CHROMIUM_PATH'] ?? '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--disable-background-networking', '--disable-component-update', '--no-first-run'],
  });
  const scenes: Scene[] = [];
  try {
    for (const size of SIZES) scenes.push(await scene(size, browser));
    const first: Record<string, number[]> = {};
    const drops: Record<string, { frames: number; dropped: number; medianMs: number; rendered: number }[]> = {};
    for (const list of LISTS) {
      // One unmeasured load of each, then RUNS measured loads alternating the sizes.
      for (const s of scenes) await firstScreen(s.page, s.host.origin, list);
      for (let run = 0; run < RUNS; run++) {
        for (const s of run % 2 ? [...scenes].reverse() : scenes) {
          const key = `${list}:${s.size}`;
          (first[key] ??= []).push(await firstScreen(s.page, s.host.origin, list));
          if (run < Math.ceil(RUNS / 2)) (drops[key] ??= []).push(await scrollDrops(s.page, list));
        }
      }
    }

    console.log(`\nfirst screen (navigation → first rows painted), median of ${RUNS}, ms:`);
    for (const list of LISTS) {
      const small = median(first[`${list}:100`]!);
      const large = median(first[`${list}:10000`]!);
      console.log(
        `  ${list.padEnd(8)} 100: ${small.toFixed(0)}  10,000: ${large.toFixed(0)}  ratio ${(large / small).toFixed(2)} (goal ≤ 1.5)` +
          `   [100: ${first[`${list}:100`]!.map((v) => v.toFixed(0)).join(' ')}; 10,000: ${first[`${list}:10000`]!.map((v) => v.toFixed(0)).join(' ')}]`,
      );
    }
    console.log(`\nscrolling ${SCROLL_MS} ms at ${SCROLL_SPEED} px/s, frames dropped (interval > 1.5 × median), median of ${Math.ceil(RUNS / 2)}:`);
    for (const list of LISTS) {
      const line = SIZES.map((size) => {
        const runs = drops[`${list}:${size}`]!;
        return `${size.toLocaleString('en')}: ${median(runs.map((r) => r.dropped))} of ~${median(runs.map((r) => r.frames))} frames (median interval ${median(runs.map((r) => r.medianMs)).toFixed(1)} ms, ≤ ${Math.max(...runs.map((r) => r.rendered))} items in the DOM) [${runs.map((r) => r.dropped).join(' ')}]`;
      });
      console.log(`  ${list.padEnd(8)} ${line.join('   ')}`);
    }
    console.log(`\nload average after: ${loadavg().map((l) => l.toFixed(2)).join(' / ')}`);
  } finally {
    await browser.close();
    for (const s of scenes) {
      await s.host.close();
      rmSync(s.dataDir, { recursive: true, force: true });
    }
  }
}

await main();
