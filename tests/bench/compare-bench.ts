/**
 * `npm run bench:compare`: the comparison screen against the browser itself, in the same run. The
 * reference (issue 4) is a bare page with two plain <video> elements on the same files.
 *
 *  1. Open: until both sides show the timeline's first frame (the first synchronized frame). Goal:
 *     ≤ 1.3 × the bare page, timed from its navigation, for opening a comparison in the running app
 *     (a fresh load of the Stack, then the route changes to the comparison, as a stack item or "Open
 *     comparison" does; timed from the route change). Reported beside it, without that goal: a cold
 *     load of the comparison's address, which also starts the app (timed from navigation).
 *  2. Seek: from the seek to both sides showing the target frame. Ours seeks through the shared
 *     timeline (the range input's change, as a drag or click on it does); the reference sets
 *     currentTime on both videos. Goal: ≤ 1.3 × the reference.
 *
 * "Showing a frame" is the same for both pages: an init script puts requestVideoFrameCallback on every
 * <video> as it enters the document and keeps each presented frame (media time, callback time);
 * times are the page's performance.now(), which counts from its navigation.
 *
 * Both pages come from one web host (same origin, same media route and Range handling, same URLs: the
 * rendition the screen picks, the proxy when there is one). The host serves a copy of the built renderer
 * (out/renderer, so `npx electron-vite build` first) with the bare page added beside it; the product's
 * routes are unchanged. Each round starts with a different one of the three opens; each load is a fresh
 * document in the same browser context (same cache state); medians are reported. BENCH_DEBUG=1 prints
 * each open's timeline (the players' events, every request).
 */
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { cpSync, existsSync, mkdirSync, mkdtempSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Page } from 'playwright-core';
import type { JobInfo } from '../../src-shared/contract/media';
import type { MediaAsset } from '../../src-shared/domain';
import { startWebHost, type WebHost } from '../../src-main/web/server';

const ROUNDS = Number(process.env['BENCH_ROUNDS'] ?? 7);
const SEEKS = Number(process.env['BENCH_SEEKS'] ?? 4);
const SECONDS = 20;
const FPS = 30;
const FRAME = 1 / FPS;
const FONT = '/usr/share/fonts/truetype/dejavu/DejaVuSansMono.ttf';
const ffmpeg = process.env['FFMPEG_PATH'] || 'ffmpeg';

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
};
const loadAverage = () => loadavg().map((l) => l.toFixed(2)).join(' / ');

/**
 * A 1080p30 H.264 + AAC file like a phone's (a keyframe a second, B-frames), a moving test pattern with
 * each frame's number burned in. Made once per recipe and kept in the temp folder.
 */
function testVideo(name: string, pattern: string): string {
  const args = [
    '-hide_banner', '-loglevel', 'error', '-y',
    '-f', 'lavfi', '-i', `${pattern}=size=1920x1080:rate=${FPS}:duration=${SECONDS}`,
    '-f', 'lavfi', '-i', `sine=frequency=440:sample_rate=48000:duration=${SECONDS}`,
    '-vf', `drawtext=fontfile=${FONT}:text='%{frame_num}':fontsize=300:fontcolor=white:box=1:boxcolor=black@0.6:x=(w-tw)/2:y=(h-th)/2`,
    '-c:v', 'libx264', '-preset', 'veryfast', '-crf', '20', '-g', String(FPS), '-pix_fmt', 'yuv420p',
    '-c:a', 'aac', '-b:a', '128k', '-movflags', '+faststart',
  ];
  const dir = join(tmpdir(), `coachframe-bench-compare-${createHash('sha256').update(args.join(' ')).digest('hex').slice(0, 12)}`);
  mkdirSync(dir, { recursive: true });
  const path = join(dir, `${name}.mp4`);
  if (!existsSync(path)) {
    const partial = join(dir, `${name}.partial.mp4`);
    execFileSync(ffmpeg, [...args, partial]);
    renameSync(partial, path);
  }
  return path;
}

/** The bare reference page: two plain videos, laid out like the screen's side by side. No script of its own. */
const BARE_PAGE = (a: string, b: string) => `<!doctype html>
<html><head><meta charset="utf-8"><title>bare</title>
<style>body{margin:0;background:#111;display:flex;gap:16px;padding:16px}video{width:616px;height:346px;background:#000}</style>
</head><body>
<video data-testid="compare-video-a" src="${a}" preload="auto" playsinline></video>
<video data-testid="compare-video-b" src="${b}" preload="auto" playsinline muted></video>
</body></html>
`;

/**
 * Runs in every document before its own scripts: watches each <video> (by its data-testid, the same on
 * both pages) with requestVideoFrameCallback from the moment it enters the document, and notes when
 * that was and what the player said (for BENCH_DEBUG=1).
 */
const INSTRUMENT = `(() => {
  // tsx keeps function names with a __name helper that the page does not have.
  window.__name = (f) => f;
  const frames = { 'compare-video-a': [], 'compare-video-b': [] };
  window.__benchFrames = frames;
  const events = (window.__benchEvents = []);
  const watched = new WeakSet();
  const watch = (video) => {
    const side = video.getAttribute('data-testid');
    if (watched.has(video) || !(side in frames)) return;
    watched.add(video);
    events.push([side + ' in document', performance.now()]);
    for (const type of ['loadstart', 'loadedmetadata', 'loadeddata', 'seeking', 'seeked', 'canplay', 'waiting']) {
      video.addEventListener(type, () => events.push([side + ' ' + type, performance.now()]));
    }
    const onFrame = (now, meta) => {
      frames[side].push([now, meta.mediaTime]);
      video.requestVideoFrameCallback(onFrame);
    };
    video.requestVideoFrameCallback(onFrame);
  };
  new MutationObserver(() => document.querySelectorAll('video').forEach(watch)).observe(document, { childList: true, subtree: true });
})();`;

type Frames = Record<'compare-video-a' | 'compare-video-b', [now: number, mediaTime: number][]>;
declare global {
  interface Window {
    __benchFrames?: Frames;
    __benchEvents?: [event: string, at: number][];
  }
}

/** An open, in ms from its start: both first frames shown, and both <video> elements in the document (the rest is the players' own work). */
interface Opened {
  shown: number;
  inDocument: number;
}

/** Ms from `since` (page time) to both sides showing the timeline's first frame, once they have. */
async function firstFrames(page: Page, since: number): Promise<Opened> {
  const handle = await page.waitForFunction(
    ([frame, t0]) => {
      const f = window.__benchFrames;
      if (!f) return null;
      const first = (list: [number, number][]) => list.find(([now, media]) => now >= t0 && media < frame / 2)?.[0];
      const a = first(f['compare-video-a']);
      const b = first(f['compare-video-b']);
      return a === undefined || b === undefined ? null : Math.max(a, b);
    },
    [FRAME, since] as const,
    { timeout: 60_000, polling: 10 },
  );
  const shown = (await handle.jsonValue()) as number;
  const events = await page.evaluate(() => window.__benchEvents ?? []);
  if (process.env['BENCH_DEBUG']) {
    // What happened when, in page ms: the players' events, the first frames, every request.
    const requests = await page.evaluate(() => performance.getEntriesByType('resource').map((r) => `${r.name.split('/').slice(-2).join('/')} ${r.startTime.toFixed(0)}–${(r.startTime + r.duration).toFixed(0)}`));
    console.log(`  ${page.url().slice(-48)} (from ${since.toFixed(0)}, both shown ${shown.toFixed(0)}): ${events.map(([e, t]) => `${e} ${t.toFixed(0)}`).join(', ')}; ${requests.join(', ')}`);
  }
  const inDocument = Math.max(...events.filter(([e, t]) => e.endsWith(' in document') && t >= since).map(([, t]) => t));
  return { shown: shown - since, inDocument: inDocument - since };
}

/** Loads `url` as a fresh document; ms from its navigation to both sides showing the first frame. */
async function loadPage(page: Page, url: string): Promise<Opened> {
  await page.goto('about:blank');
  await page.goto(url);
  return firstFrames(page, 0);
}

/**
 * Opens the comparison in the running app, as a stack item or "Open comparison" does (the route
 * changes to the compare screen): a fresh load of the Stack first (a screen with no <video> on it, so
 * nothing of the files is open beforehand), then ms from the route change.
 */
async function openInApp(page: Page, stackUrl: string, compareHash: string): Promise<Opened> {
  await page.goto('about:blank');
  await page.goto(stackUrl);
  await page.getByRole('heading', { level: 1 }).first().waitFor();
  await page.waitForTimeout(500);
  const since = await page.evaluate((hash) => {
    const t0 = performance.now();
    location.hash = hash;
    return t0;
  }, compareHash);
  return firstFrames(page, since);
}

/** Waits until both videos are still: not seeking, a frame decoded, and nothing presented for a moment. */
async function settle(page: Page): Promise<void> {
  await page.waitForFunction(() => [...document.querySelectorAll('video')].every((v) => !v.seeking && v.readyState >= 2), undefined, { timeout: 30_000 });
  await page.waitForTimeout(250);
}

/**
 * One seek to `target` (seconds, the middle of a frame); returns ms until both sides showed that frame.
 * Ours through the timeline's input (React's onChange → the engine's seek), the reference by currentTime.
 */
async function seek(page: Page, target: number, ours: boolean): Promise<number> {
  await settle(page);
  const started = await page.evaluate(
    ([to, viaTimeline]) => {
      const t0 = performance.now();
      if (viaTimeline) {
        const input = document.querySelector<HTMLInputElement>('[data-testid="timeline"]')!;
        Object.getOwnPropertyDescriptor(HTMLInputElement.prototype, 'value')!.set!.call(input, String(to));
        input.dispatchEvent(new Event('input', { bubbles: true }));
      } else {
        for (const v of document.querySelectorAll('video')) v.currentTime = to;
      }
      return t0;
    },
    [target, ours] as const,
  );
  const frameStart = Math.floor(target * FPS + 1e-6) / FPS;
  const done = await page.waitForFunction(
    ([t, since, frame]) => {
      const f = window.__benchFrames!;
      const at = (list: [number, number][]) => list.find(([now, media]) => now >= since && Math.abs(media - t) < frame / 2)?.[0];
      const a = at(f['compare-video-a']);
      const b = at(f['compare-video-b']);
      return a === undefined || b === undefined ? null : Math.max(a, b);
    },
    [frameStart, started, FRAME] as const,
    { timeout: 30_000, polling: 10 },
  );
  return ((await done.jsonValue()) as number) - started;
}

async function waitForJobs(host: WebHost, ids: string[]): Promise<string[]> {
  for (;;) {
    const listed = await host.core.dispatch('jobs.list', {}, { shell: 'web' });
    if (!listed.ok) throw new Error(listed.error.message);
    const jobs = (listed.value as JobInfo[]).filter((j) => ids.includes(j.id));
    const failed = jobs.find((j) => j.state === 'failed' || j.state === 'cancelled');
    if (failed) throw new Error(`import failed: ${failed.error?.message ?? failed.state}`);
    if (jobs.length === ids.length && jobs.every((j) => j.state === 'done' && j.assetId)) return jobs.map((j) => j.assetId!);
    await new Promise((r) => setTimeout(r, 200));
  }
}

/** Waits until the background work (poster, filmstrip, proxy) of the imported assets is over. */
async function waitForIdle(host: WebHost): Promise<void> {
  for (;;) {
    const listed = await host.core.dispatch('jobs.list', {}, { shell: 'web' });
    if (listed.ok && (listed.value as JobInfo[]).every((j) => j.state !== 'running')) return;
    await new Promise((r) => setTimeout(r, 200));
  }
}

async function main() {
  console.log(`load average before: ${loadAverage()} (1 / 5 / 15 min)`);
  // BENCH_RENDERER_DIR: another build to measure (e.g. before a change), else the current one.
  const rendererBuild = process.env['BENCH_RENDERER_DIR'] ?? join(process.cwd(), 'out', 'renderer');
  if (!existsSync(join(rendererBuild, 'index.html'))) throw new Error('No renderer build: run `npx electron-vite build` first.');
  const files = [testVideo('side-a', 'testsrc2'), testVideo('side-b', 'testsrc')];

  const dataDir = mkdtempSync(join(tmpdir(), 'coachframe-bench-compare-'));
  // A copy of the build, so a rebuild during the run changes nothing, with the bare page beside it.
  const rendererDir = join(dataDir, 'renderer');
  cpSync(rendererBuild, rendererDir, { recursive: true });
  const host = await startWebHost({ port: 0, dataDir: join(dataDir, 'data'), rendererDir });
  const browser = await chromium.launch({
    executablePath: process.env['CHROMIUM_PATH'] ?? '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--disable-background-networking', '--disable-component-update', '--no-first-run'],
  });
  try {
    const dispatch = async <T>(channel: string, input: unknown): Promise<T> => {
      const result = await host.core.dispatch(channel, input, { shell: 'web' });
      if (!result.ok) throw new Error(`${channel}: ${result.error.message}`);
      return result.value as T;
    };
    await dispatch('profiles.create', { username: 'riley.park', displayName: 'Riley Park', role: 'student' });
    const jobs = await dispatch<JobInfo[]>('assets.import', { paths: files });
    const [a, b] = (await waitForJobs(host, jobs.map((j) => j.id))) as [string, string];
    await waitForIdle(host);
    const exercise = await dispatch<{ id: string }>('exercises.create', { name: 'Serve — bench', description: null, videoAsset: a });
    // The second video joins the exercise as a video comment (a comparison's videos belong to its exercise).
    await dispatch('comments.create', { exercise: exercise.id, text: 'Second take.', videoAsset: b });
    // The rendition the screen plays: the proxy when there is one.
    const src = async (id: string) => {
      const asset = await dispatch<MediaAsset>('assets.get', { id });
      return `/media/${id}/${asset.hasProxy ? 'proxy' : 'original'}`;
    };
    const [srcA, srcB] = [await src(a), await src(b)];
    writeFileSync(join(rendererDir, 'bench-bare.html'), BARE_PAGE(srcA, srcB));
    console.log(`\ntwo 1080p30 H.264 files of ${SECONDS} s (keyframe every second); playing ${srcA.split('/').at(-1)} and ${srcB.split('/').at(-1)}\n`);

    const context = await browser.newContext({ viewport: { width: 1280, height: 720 } });
    await context.addInitScript(INSTRUMENT);
    const page = await context.newPage();
    await page.goto(host.url); // swaps the token for the session cookie
    await page.waitForSelector('.shell-main');
    const compareHash = `#/compare/${exercise.id}?a=${a}&b=${b}`;
    const stackUrl = `${host.origin}/#/stack`;
    const bareUrl = `${host.origin}/bench-bare.html`;
    const measures = {
      app: () => openInApp(page, stackUrl, compareHash),
      cold: () => loadPage(page, `${host.origin}/${compareHash}`),
      reference: () => loadPage(page, bareUrl),
    };
    type Kind = keyof typeof measures;
    const kinds: Kind[] = ['app', 'cold', 'reference'];

    // One unmeasured load of each (the files into the OS cache, the code into V8's).
    for (const kind of kinds) await measures[kind]();

    const opens: Record<Kind, Opened[]> = { app: [], cold: [], reference: [] };
    const seeks = { ours: [] as number[], reference: [] as number[] };
    let seed = 20261124;
    const random = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
    for (let round = 0; round < ROUNDS; round++) {
      // Targets: random frames away from both ends, the middle of each frame (the same for both pages).
      const targets = Array.from({ length: SEEKS }, () => Math.round(((Math.floor(random() * (SECONDS - 2) * FPS) + FPS + 0.5) / FPS) * 1000) / 1000);
      // Each round starts with a different one of the three, so all see the same noise.
      const order = [...kinds.slice(round % 3), ...kinds.slice(0, round % 3)];
      for (const kind of order) {
        opens[kind].push(await measures[kind]());
        // Seeks on the page just opened: ours in the app (not the cold load), the reference on the bare page.
        if (kind !== 'cold') for (const target of targets) seeks[kind === 'app' ? 'ours' : 'reference'].push(await seek(page, target, kind === 'app'));
      }
      const last = (xs: number[], n = 1) => xs.slice(-n).map((v) => v.toFixed(0)).join(' ');
      const shown = (kind: Kind) => opens[kind].at(-1)!.shown.toFixed(0);
      console.log(
        `round ${round + 1}: open in the app ${shown('app')} ms, cold load ${shown('cold')} ms, bare page ${shown('reference')} ms; ` +
          `seeks to ${targets.map((t) => t.toFixed(3)).join(', ')} s: ours ${last(seeks.ours, SEEKS)} ms, bare ${last(seeks.reference, SEEKS)} ms`,
      );
    }

    // The goal is for opening a comparison; a cold load also starts the app, and is reported beside it.
    const row = (name: string, ours: number[], reference: number[], goal = true) => {
      const [o, r] = [median(ours), median(reference)];
      return `| ${name} | ${o.toFixed(0)} ms | ${r.toFixed(0)} ms | **${(o / r).toFixed(2)}** | ${goal ? (o / r <= 1.3 ? 'yes' : 'no') : '— (start-up)'} |`;
    };
    console.log(`\nmedians of ${ROUNDS} opens and ${ROUNDS * SEEKS} seeks each:\n`);
    console.log('| figure | ours | bare <video> page | ratio (goal ≤ 1.3) | met |');
    console.log('|---|---|---|---|---|');
    const shown = (kind: Kind) => opens[kind].map((o) => o.shown);
    console.log(row('open a comparison in the app → both first frames', shown('app'), shown('reference')));
    console.log(row('cold load of its address (app start-up included) → both first frames', shown('cold'), shown('reference'), false));
    console.log(row('seek → both show the target frame', seeks.ours, seeks.reference));
    // Where an open's time goes: until both <video> elements are in the document (the page's own
    // work), and from there to both first frames (the players'), medians.
    console.log('\nwhere the time goes (medians): until both <video> are in the document + from there to both first frames');
    for (const [kind, name] of [['app', 'open in the app'], ['cold', 'cold load'], ['reference', 'bare page']] as const) {
      const inDocument = median(opens[kind].map((o) => o.inDocument));
      const players = median(opens[kind].map((o) => o.shown - o.inDocument));
      console.log(`  ${name.padEnd(16)} ${inDocument.toFixed(0)} ms + ${players.toFixed(0)} ms`);
    }
    console.log(`\nload average after: ${loadAverage()}`);
    await context.close();
  } finally {
    await browser.close();
    await host.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

await main();
