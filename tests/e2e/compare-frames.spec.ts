import { execFileSync } from 'node:child_process';
import type { Page } from '@playwright/test';
// The renderer's `window` declarations (api, the comparison's test probe).
import type {} from '../../src-renderer/global';
import { expect, importVideoBytes, test } from './fixtures';

/**
 * Frame stepping in the comparison, as a person checks it: after each press of `.` `,` → ←, which
 * picture does each side show?
 *
 * Every fixture frame carries its source frame number twice: as large digits (for the screenshots and
 * for a person reading a failed run) and as eight white boxes along the top, one per bit, which the
 * test reads back from the `<video>` through a canvas. Both are burned in before any frame is dropped,
 * so a picture says which frame of the 30 fps original it is. Reading the picture checks what is on
 * screen (a proxy's duplicated frame reads as the frame it duplicates); the presented frame's media
 * time (`requestVideoFrameCallback`, the comparison's probe), mapped through the pts list ffprobe reads
 * from the file we made, must name the same frame — so the player's idea of the frame and the picture
 * agree.
 *
 * What the product does (and these tests hold it to): the two sides are aligned by time, not by frame
 * count. A step moves the shared timeline by one frame of the finer side (the side with the shorter
 * frames), landing inside that frame; each side then shows its frame whose interval
 * [pts, next pts) holds the shared time (+ its offset). So the finer side moves exactly one picture per
 * press; the coarser side moves by zero or one picture — it never skips one and never goes back on a
 * forward step — and a variable-frame-rate side moves to its next source picture exactly when that
 * picture's time comes (a frame lasting two steps stays for two presses, as it would while playing).
 */

const FONT = '/usr/share/fonts/truetype/dejavu/DejaVuSansMono.ttf';
const BITS = 8;
/** The bit boxes: left edge of box k is BOX_X0 + k·BOX_PITCH (in a 640-wide frame), BOX_SIZE square, at BOX_Y. */
const BOX_X0 = 24;
const BOX_PITCH = 72;
const BOX_Y = 8;
const BOX_SIZE = 40;

test.use({ demo: false });

/** Leaves the app before the host closes (a paused <video> can hold its media response open). */
test.afterEach(async ({ app }) => {
  await app.goto('about:blank');
});

interface Fixture {
  path: string;
  /** Each frame of the file as made: its pts (s) and the source frame number burned into it. */
  frames: { pts: number; burned: number }[];
}

/**
 * A 640×360 H.264 video at `fps` whose frames carry their number. With `dropEveryThird`, source frames
 * 2, 5, 8… are removed after the numbers are burned in and the rest keep their times (`-fps_mode vfr`):
 * frames last 1/30 s and 2/30 s in turn, a variable frame rate (ffprobe: r 30, avg ≈ 20).
 */
function codedVideo(path: string, { fps, seconds, hue, dropEveryThird = false }: { fps: number; seconds: number; hue: string; dropEveryThird?: boolean }): Fixture {
  const boxes = Array.from(
    { length: BITS },
    (_, k) => `drawbox=x=${BOX_X0 + k * BOX_PITCH}:y=${BOX_Y}:w=${BOX_SIZE}:h=${BOX_SIZE}:color=white:t=fill:enable='mod(floor(n/${2 ** k})\\,2)'`,
  );
  const filters = [`drawtext=fontfile=${FONT}:text='%{frame_num}':fontsize=140:fontcolor=white:x=(w-tw)/2:y=(h-th)/2`, ...boxes];
  if (dropEveryThird) filters.push(`select='mod(n\\,3)-2'`);
  execFileSync('ffmpeg', [
    '-hide_banner', '-loglevel', 'error', '-y',
    '-f', 'lavfi', '-i', `color=c=${hue}:size=640x360:rate=${fps}:duration=${seconds}`,
    '-vf', filters.join(','),
    ...(dropEveryThird ? ['-fps_mode', 'vfr'] : []),
    '-c:v', 'libx264', '-preset', 'ultrafast', '-pix_fmt', 'yuv420p', '-g', '15', '-movflags', '+faststart', path,
  ]);
  const pts = execFileSync('ffprobe', ['-v', 'error', '-select_streams', 'v:0', '-show_entries', 'frame=pts_time', '-of', 'csv=p=0', path], { encoding: 'utf8' })
    .split('\n')
    .map((line) => Number.parseFloat(line))
    .filter((x) => Number.isFinite(x))
    .sort((x, y) => x - y);
  const kept = Array.from({ length: Math.round(seconds * fps) }, (_, n) => n).filter((n) => !dropEveryThird || n % 3 !== 2);
  expect(pts.length, `${path}: ffprobe frames`).toBe(kept.length);
  return { path, frames: pts.map((p, i) => ({ pts: p, burned: kept[i] ?? -1 })) };
}

/** The source frame a file shows at media time `t`: the last frame whose pts is at or before it. */
function frameAt(fixture: Fixture, t: number): number {
  // 10 µs: the player keeps times in whole microseconds, and a pts of k/30 is not one.
  let shown = fixture.frames[0]?.burned ?? -1;
  for (const f of fixture.frames) if (f.pts <= t + 1e-5) shown = f.burned;
  return shown;
}


/** A coach's exercise with `first` as its video and `second` as the coach's video reply, opened in the comparison. */
async function openComparison(app: Page, hostUrl: string, first: string, second: string): Promise<void> {
  const exercise = await app.evaluate(
    async ({ a, b }) => {
      const made = await window.api.invoke('exercises.create', { name: 'Serve — frame by frame', description: null, videoAsset: a });
      if (!made.ok) throw new Error(made.error.message);
      const reply = await window.api.invoke('comments.create', { exercise: made.value.id, text: null, videoAsset: b, submission: null, atSeconds: null, atVideoAsset: null, drawing: null });
      if (!reply.ok) throw new Error(reply.error.message);
      return made.value.id;
    },
    { a: first, b: second },
  );
  await app.goto(`${hostUrl.split('#')[0]}#/compare/${exercise}?a=${first}&b=${second}&probe=1`);
  for (const side of ['a', 'b']) {
    await expect.poll(() => app.getByTestId(`compare-video-${side}`).evaluate((v: HTMLVideoElement) => v.readyState), { timeout: 20_000 }).toBeGreaterThanOrEqual(2);
  }
}

/** What each side shows once neither is seeking: the number read from its picture, its currentTime, the media time it presented last. */
interface Shown {
  codes: [number, number];
  times: [number, number];
  presented: [number, number];
}

async function shown(app: Page): Promise<Shown | null> {
  return app.evaluate(
    async ({ bits, x0, pitch, y, size }) => {
      const videos = [...document.querySelectorAll<HTMLVideoElement>('.compare-video')];
      if (videos.length !== 2 || videos.some((v) => v.seeking || v.readyState < 2)) return null;
      // Two refreshes: the picture of a finished seek is on screen.
      await new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)));
      if (videos.some((v) => v.seeking || v.readyState < 2)) return null;
      const read = (v: HTMLVideoElement): number => {
        const canvas = document.createElement('canvas');
        canvas.width = v.videoWidth;
        canvas.height = v.videoHeight;
        const ctx = canvas.getContext('2d', { willReadFrequently: true });
        if (!ctx) return -1;
        ctx.drawImage(v, 0, 0);
        const scale = v.videoWidth / 640;
        let code = 0;
        for (let k = 0; k < bits; k++) {
          const px = ctx.getImageData(Math.round((x0 + k * pitch + size / 2) * scale), Math.round((y + size / 2) * scale), 1, 1).data;
          if (((px[0] ?? 0) + (px[1] ?? 0) + (px[2] ?? 0)) / 3 > 128) code |= 1 << k;
        }
        return code;
      };
      const last = (side: 0 | 1) => window.__compareProbe?.samples.filter((s) => s[0] === side).at(-1)?.[1] ?? NaN;
      const [a, b] = videos as [HTMLVideoElement, HTMLVideoElement];
      return { codes: [read(a), read(b)], times: [a.currentTime, b.currentTime], presented: [last(0), last(1)] } as Shown;
    },
    { bits: BITS, x0: BOX_X0, pitch: BOX_PITCH, y: BOX_Y, size: BOX_SIZE },
  );
}

/** Waits until both sides show the frames `expected` says (pictures and presented media times), and returns what they show. */
async function expectFrames(app: Page, fixtures: [Fixture, Fixture], expected: [number, number], what: string): Promise<Shown> {
  let last: Shown | null = null;
  await expect
    .poll(
      async () => {
        last = await shown(app);
        if (!last) return 'seeking';
        return { pictures: last.codes, presented: [frameAt(fixtures[0], last.presented[0]), frameAt(fixtures[1], last.presented[1])] };
      },
      { message: what, timeout: 5_000 },
    )
    .toEqual({ pictures: expected, presented: expected });
  return last as unknown as Shown;
}

/**
 * Waits until both sides are still and each has presented the frame its picture shows (the presented
 * media time, mapped through the file's pts, names the number read from the picture), and returns it.
 */
async function settled(app: Page, fixtures: [Fixture, Fixture]): Promise<Shown> {
  let last: Shown | null = null;
  await expect
    .poll(
      async () => {
        last = await shown(app);
        if (!last) return { agree: false, seeking: true };
        const presented = [frameAt(fixtures[0], last.presented[0]), frameAt(fixtures[1], last.presented[1])];
        return { agree: presented[0] === last.codes[0] && presented[1] === last.codes[1], pictures: last.codes, presented };
      },
      { message: 'each side presents the frame its picture shows', timeout: 5_000 },
    )
    .toMatchObject({ agree: true });
  return last as unknown as Shown;
}

async function focusStage(app: Page): Promise<void> {
  await app.getByTestId('compare-stage').click({ position: { x: 5, y: 5 } });
}

test('a variable-frame-rate attempt beside a 30 fps model: each step shows the picture each side has at that moment', async ({ app, host }, testInfo) => {
  const created = await host.core.dispatch('profiles.create', { username: 'casey.coach', displayName: 'Casey Coach', role: 'coach' }, { shell: 'web' });
  if (!created.ok) throw new Error(created.error.message);
  await app.reload();

  const model = codedVideo(testInfo.outputPath('model-30.mp4'), { fps: 30, seconds: 4, hue: '0x203040' });
  const attempt = codedVideo(testInfo.outputPath('attempt-vfr.mp4'), { fps: 30, seconds: 4, hue: '0x402020', dropEveryThird: true });
  // The fixture is what a phone's variable rate looks like to the app: frames of 1/30 s and 2/30 s.
  expect(attempt.frames.slice(0, 4).map((f) => Math.round(f.pts * 30))).toEqual([0, 1, 3, 4]);
  const a = await importVideoBytes(app, model.path, 'model-30.mp4');
  const b = await importVideoBytes(app, attempt.path, 'attempt-vfr.mp4');
  const attemptAsset = await app.evaluate((id) => window.api.invoke('assets.get', { id }), b);
  // The variable rate was noticed: the attempt plays from its proxy. That proxy must keep every source
  // picture at its own time. A run that fails with the picture one source frame ahead of the presented
  // time (e.g. pictures [2, 3], presented [2, 1] after two steps) is a proxy that moved a frame into the
  // gap before it: ffmpeg's default constant-rate output for MP4 does that (see pipeline.ts).
  expect(attemptAsset.ok && attemptAsset.value.hasProxy).toBe(true);
  await openComparison(app, host.url, a, b);
  const fixtures: [Fixture, Fixture] = [model, attempt];
  /** The model (finer, 30 fps) moves one frame per step; the attempt shows its frame at that time. */
  const at = (k: number): [number, number] => [k, frameAt(attempt, (k + 0.5) / 30)];

  await expectFrames(app, fixtures, [0, 0], 'opened at the start');
  await focusStage(app);
  const keys = ['.', '.', 'ArrowRight', '.', '.', 'ArrowRight', '.', '.'];
  for (const [i, key] of keys.entries()) {
    await app.keyboard.press(key);
    await expectFrames(app, fixtures, at(i + 1), `after ${i + 1} steps forward (${key})`);
  }
  // The attempt's pictures, press by press: its dropped frames (2, 5, 8) are never shown, and each of
  // its frames stays for as long as it lasts — one press, or two where the next source frame is missing.
  expect(Array.from({ length: 9 }, (_, k) => at(k)[1])).toEqual([0, 1, 1, 3, 4, 4, 6, 7, 7]);
  for (let k = keys.length - 1; k >= 0; k--) {
    await app.keyboard.press(k % 2 ? ',' : 'ArrowLeft');
    await expectFrames(app, fixtures, at(k), `back to step ${k}`);
  }

  await test.step('after playing (the frame rates are learnt from play), steps still land on the expected frames', async () => {
    await app.getByTestId('play').click();
    await app.waitForTimeout(1_200);
    await app.getByTestId('play').click();
    const paused = await settled(app, fixtures);
    const p = paused.codes[0];
    expect(p).toBeGreaterThan(15);
    // Paused, both show the same moment: the attempt shows its frame at the model's frame.
    expect(paused.codes).toEqual(at(p));
    await focusStage(app);
    for (let k = 1; k <= 4; k++) {
      await app.keyboard.press('.');
      await expectFrames(app, fixtures, at(p + k), `${k} steps after pausing at ${p}`);
    }
    for (let k = 3; k >= 0; k--) {
      await app.keyboard.press(',');
      await expectFrames(app, fixtures, at(p + k), `back to ${k} steps after pausing at ${p}`);
    }
  });
});

test('25 fps beside 30 fps: aligned by time, not by frame count, after steps, a seek and playing', async ({ app, host }, testInfo) => {
  const created = await host.core.dispatch('profiles.create', { username: 'casey.coach', displayName: 'Casey Coach', role: 'coach' }, { shell: 'web' });
  if (!created.ok) throw new Error(created.error.message);
  await app.reload();

  const slow = codedVideo(testInfo.outputPath('model-25.mp4'), { fps: 25, seconds: 8, hue: '0x203040' });
  const fast = codedVideo(testInfo.outputPath('reply-30.mp4'), { fps: 30, seconds: 8, hue: '0x402020' });
  const a = await importVideoBytes(app, slow.path, 'model-25.mp4');
  const b = await importVideoBytes(app, fast.path, 'reply-30.mp4');
  await openComparison(app, host.url, a, b);
  const fixtures: [Fixture, Fixture] = [slow, fast];
  expect((await settled(app, fixtures)).codes).toEqual([0, 0]);

  // Ball contact: the 25 fps model's frame 0 and the 30 fps reply's frame 7.
  await app.getByTestId('mark-a').click();
  const scrub = app.getByTestId('scrub-b');
  await scrub.focus();
  for (let i = 0; i < 7; i++) await scrub.press('ArrowRight');
  await expect.poll(async () => (await settled(app, fixtures)).codes[1]).toBe(7);
  await app.getByTestId('mark-b').click();
  await expect(app.getByTestId('offset-b')).toHaveText('+0.23 s');
  const offsets = await app.evaluate(() => window.__compareProbe?.offsets() ?? ([NaN, NaN] as [number, number]));

  /**
   * The shared time is side A's media time minus its offset (the engine puts side X at t + offsetX).
   * Both sides show the frame whose interval holds their time, and their times are one moment.
   */
  const byTime = (s: Shown, what: string) => {
    expect(s.times[1] - offsets[1] - (s.times[0] - offsets[0]), `${what}: one shared time`).toBeCloseTo(0, 4);
    expect(s.codes, `${what}: each side shows its frame at the shared time ${(s.times[0] - offsets[0]).toFixed(4)} s`).toEqual([
      frameAt(slow, s.times[0]),
      frameAt(fast, s.times[1]),
    ]);
  };
  let now = await settled(app, fixtures);
  // The marked moments show together, the marked frames themselves.
  expect(now.codes, 'after aligning').toEqual([0, 7]);
  byTime(now, 'after aligning');

  /** Steps `count` times with `keys` in turn; each press moves the 30 fps side one frame and the 25 fps side to its frame then. */
  const steps = async (direction: 1 | -1, count: number, keys: string[]) => {
    const seen: number[] = [now.codes[0]];
    for (let i = 0; i < count; i++) {
      const before = now;
      await app.keyboard.press(keys[i % keys.length] ?? '.');
      await expect.poll(async () => (await settled(app, fixtures)).codes[1], { message: `step ${i + 1} (${direction})` }).toBe(before.codes[1] + direction);
      now = await settled(app, fixtures);
      const what = `step ${i + 1} ${direction > 0 ? 'forward' : 'back'} from 30 fps frame ${before.codes[1]}`;
      byTime(now, what);
      expect(direction * (now.times[1] - before.times[1]), `${what}: the shared time moves by one 30 fps frame`).toBeGreaterThan(0.5 / 30);
      expect(direction * (now.times[1] - before.times[1]), `${what}: the shared time moves by one 30 fps frame`).toBeLessThan(1.5 / 30);
      // The 25 fps side never skips a frame and never goes the other way.
      expect([0, 1], `${what}: the 25 fps side moves by at most one frame`).toContain(direction * (now.codes[0] - before.codes[0]));
      seen.push(now.codes[0]);
    }
    return seen;
  };

  await focusStage(app);
  // Twelve 30 fps frames are 0.4 s: ten frames of the 25 fps side, each shown for one or two presses.
  const forward = await steps(1, 12, ['.', 'ArrowRight']);
  expect(forward.at(-1)! - forward[0]!).toBe(10);
  expect(now.codes[1]).toBe(19);
  const back = await steps(-1, 12, [',', 'ArrowLeft']);
  expect(back).toEqual([...forward].reverse());
  expect(now.codes).toEqual([0, 7]);

  await test.step('after a seek anywhere on the timeline', async () => {
    // Dragged to an arbitrary moment (not the middle of any frame).
    await app.getByTestId('timeline').fill('1.517');
    now = await settled(app, fixtures);
    expect(now.times[0] - offsets[0]).toBeCloseTo(1.517, 3);
    byTime(now, 'after dragging the timeline to 1.517 s');
    await focusStage(app);
    await steps(1, 5, ['.']);
    await steps(-1, 3, [',']);
    // Shift+→: one second later, both sides 25 and 30 frames on.
    const before = now;
    await app.keyboard.press('Shift+ArrowRight');
    await expect.poll(async () => (await settled(app, fixtures)).codes).toEqual([before.codes[0] + 25, before.codes[1] + 30]);
    now = await settled(app, fixtures);
    byTime(now, 'a second later');
    await steps(1, 4, ['ArrowRight']);
  });

  await test.step('after playing (each side’s frame rate learnt from its frames)', async () => {
    await app.getByTestId('play').click();
    await app.waitForTimeout(1_000);
    await app.getByTestId('play').click();
    now = await settled(app, fixtures);
    byTime(now, 'paused');
    await focusStage(app);
    await steps(1, 5, ['.', 'ArrowRight']);
    await steps(-1, 5, [',', 'ArrowLeft']);
  });
});
