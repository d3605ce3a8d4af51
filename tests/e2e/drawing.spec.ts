import { randomUUID } from 'node:crypto';
import type { Locator, Page } from '@playwright/test';
import type { ProfileStore } from '../../src-main/core/store';
import type { RemoteRecord } from '../../src-main/core/sync/apply-remote';
// The renderer's `window` declarations (window.api).
import type {} from '../../src-renderer/global';
import { expect, test, videoReady } from './fixtures';

/** The arrow drawn, in 0..1 of Sam's picture, and the angle's points in pixels of the drawing surface. */
const ARROW = { from: [0.3, 0.3], to: [0.6, 0.5] } as const;
const YELLOW: [number, number, number] = [0xff, 0xd4, 0x00];

/** Leaves the app before the host closes (a paused <video> can hold its media response open). */
test.afterEach(async ({ app }) => {
  await app.goto('about:blank');
});

async function box(locator: Locator) {
  const b = await locator.boundingBox();
  if (!b) throw new Error('not on screen');
  return b;
}

/** Where side B's picture really is: the video element's box, letterboxing (object-fit: contain) left out. */
function pictureRect(app: Page) {
  return app.getByTestId('compare-video-b').evaluate((v: HTMLVideoElement) => {
    const r = v.getBoundingClientRect();
    const scale = Math.min(r.width / v.videoWidth, r.height / v.videoHeight);
    const width = v.videoWidth * scale;
    const height = v.videoHeight * scale;
    return { x: r.left + (r.width - width) / 2, y: r.top + (r.height - height) / 2, width, height };
  });
}

/** The saved drawing's arrow as the SVG holds it (0..1) and where the SVG sits on screen. */
function shownArrow(app: Page) {
  return app
    .getByTestId('compare-side-b')
    .getByTestId('drawing-overlay')
    .evaluate((svg: SVGSVGElement) => {
      const line = svg.querySelector('line[data-shape="arrow"]');
      const r = svg.getBoundingClientRect();
      const n = (name: string) => Number(line?.getAttribute(name));
      return { from: [n('x1'), n('y1')], to: [n('x2'), n('y2')], rect: { x: r.left, y: r.top, width: r.width, height: r.height } };
    });
}

/** The pixels of a small square of the screen around (x, y), as [r, g, b] triples, read back in the page. */
async function pixelsAround(app: Page, x: number, y: number, radius = 2): Promise<[number, number, number][]> {
  const png = await app.screenshot({ clip: { x: Math.round(x) - radius, y: Math.round(y) - radius, width: radius * 2 + 1, height: radius * 2 + 1 } });
  return app.evaluate(async (b64) => {
    const img = new Image();
    img.src = `data:image/png;base64,${b64}`;
    await img.decode();
    const canvas = document.createElement('canvas');
    canvas.width = img.width;
    canvas.height = img.height;
    const ctx = canvas.getContext('2d');
    if (!ctx) return [];
    ctx.drawImage(img, 0, 0);
    const data = ctx.getImageData(0, 0, img.width, img.height).data;
    const out: [number, number, number][] = [];
    for (let i = 0; i < data.length; i += 4) out.push([data[i]!, data[i + 1]!, data[i + 2]!]);
    return out;
  }, png.toString('base64'));
}

const near = (p: [number, number, number], q: [number, number, number]) => Math.hypot(p[0] - q[0], p[1] - q[1], p[2] - q[2]) < 70;

/**
 * The saved drawing is on Sam's picture where it was drawn: the SVG covers exactly the picture (not
 * the letterboxed element), holds the drawn 0..1 points, and the arrow's yellow is on screen at its
 * middle — and is gone there when the drawing is hidden.
 */
async function expectDrawingInPlace(app: Page) {
  const overlay = app.getByTestId('compare-side-b').getByTestId('drawing-overlay');
  await expect(overlay).toBeVisible();
  // The layout settles after a reload (the thread loads beside or below the players): wait until the
  // drawing sits on the picture, then check it holds there.
  const misfit = async () => {
    const [picture, shown] = await Promise.all([pictureRect(app), shownArrow(app)]);
    return Math.max(...(['x', 'y', 'width', 'height'] as const).map((k) => Math.abs(shown.rect[k] - picture[k])));
  };
  await expect.poll(misfit, { timeout: 10_000 }).toBeLessThanOrEqual(1);
  const picture = await pictureRect(app);
  const shown = await shownArrow(app);
  for (const k of ['x', 'y', 'width', 'height'] as const) expect(Math.abs(shown.rect[k] - picture[k]), k).toBeLessThanOrEqual(1);
  expect(shown.from[0]).toBeCloseTo(ARROW.from[0], 2);
  expect(shown.from[1]).toBeCloseTo(ARROW.from[1], 2);
  expect(shown.to[0]).toBeCloseTo(ARROW.to[0], 2);
  expect(shown.to[1]).toBeCloseTo(ARROW.to[1], 2);
  const mid = { x: picture.x + picture.width * ((ARROW.from[0] + ARROW.to[0]) / 2), y: picture.y + picture.height * ((ARROW.from[1] + ARROW.to[1]) / 2) };
  expect((await pixelsAround(app, mid.x, mid.y)).some((p) => near(p, YELLOW)), 'the arrow’s yellow at its middle').toBe(true);
  await overlay.evaluate((svg) => ((svg as SVGElement).style.visibility = 'hidden'));
  expect((await pixelsAround(app, mid.x, mid.y)).some((p) => near(p, YELLOW)), 'no yellow there without the drawing').toBe(false);
  await overlay.evaluate((svg) => ((svg as SVGElement).style.visibility = ''));
}

test.describe('the demo coach', () => {
  test('draws an arrow and an angle on a paused comparison, comments at that moment, and Sam reads it', async ({ app, host, shot }) => {
    test.setTimeout(150_000);
    await app.getByTestId('exercise-row').filter({ hasText: 'Forehand drive' }).getByRole('link').click();
    await app.getByTestId('compare-button').click();
    const picker = app.getByRole('dialog', { name: 'Compare two videos' });
    await expect(picker.getByLabel('Second video').locator('option:checked')).toHaveText('Sam Patel’s attempt');
    await picker.getByRole('button', { name: 'Open comparison' }).click();
    await videoReady(app.getByTestId('compare-video-a'));
    await videoReady(app.getByTestId('compare-video-b'));
    // The note to all students on the model video.
    await expect(app.getByTestId('timeline-marker')).toHaveCount(1);
    await expect(app.getByTestId('compare-thread')).toContainText('For everyone: watch how early the racquet goes back');
    const { exercise, a, b } = await app.evaluate(() => {
      const m = /#\/compare\/([0-9a-f-]+)\?a=([0-9a-f-]+)&b=([0-9a-f-]+)/.exec(location.hash);
      return { exercise: m?.[1] ?? '', a: m?.[2] ?? '', b: m?.[3] ?? '' };
    });

    await test.step('pause one second in and draw an arrow on Sam’s attempt', async () => {
      await app.getByTestId('compare-stage').click({ position: { x: 5, y: 5 } });
      await app.keyboard.press('Shift+ArrowRight');
      await expect(app.getByTestId('timeline-time')).toHaveText(/^0:01\.00/);
      await app.getByRole('button', { name: 'Arrow' }).click();
      await expect(app.getByRole('button', { name: 'Drawing mode' })).toHaveAttribute('aria-pressed', 'true');
      const surface = await box(app.getByTestId('drawing-surface-b'));
      // The surface is the picture itself, not the letterboxed element.
      const picture = await pictureRect(app);
      expect(Math.abs(surface.width - picture.width)).toBeLessThanOrEqual(1);
      expect(Math.abs(surface.x - picture.x)).toBeLessThanOrEqual(1);
      await app.mouse.move(surface.x + surface.width * ARROW.from[0], surface.y + surface.height * ARROW.from[1]);
      await app.mouse.down();
      await app.mouse.move(surface.x + surface.width * ARROW.to[0], surface.y + surface.height * ARROW.to[1], { steps: 6 });
      await app.mouse.up();
      await expect(app.getByTestId('compare-side-b').getByTestId('drawing-draft').locator('[data-shape="arrow"]')).toHaveCount(1);
    });

    await test.step('undo and redo a stray line', async () => {
      await app.keyboard.press('s');
      const surface = await box(app.getByTestId('drawing-surface-b'));
      await app.mouse.move(surface.x + surface.width * 0.1, surface.y + surface.height * 0.9);
      await app.mouse.down();
      await app.mouse.move(surface.x + surface.width * 0.3, surface.y + surface.height * 0.9, { steps: 3 });
      await app.mouse.up();
      const draft = app.getByTestId('compare-side-b').getByTestId('drawing-draft');
      await expect(draft.locator('[data-shape="line"]')).toHaveCount(1);
      await app.keyboard.press('Control+z');
      await expect(draft.locator('[data-shape="line"]')).toHaveCount(0);
      await app.keyboard.press('Control+Shift+z');
      await expect(draft.locator('[data-shape="line"]')).toHaveCount(1);
      await app.getByRole('button', { name: 'Undo' }).click();
      await expect(draft.locator('[data-shape="line"]')).toHaveCount(0);
      await expect(draft.locator('[data-shape="arrow"]')).toHaveCount(1);
    });

    await test.step('a circle (round on the 16:9 picture) and a freehand stroke on the model, in red, then undone', async () => {
      await app.getByRole('button', { name: 'Red', exact: true }).click();
      await app.keyboard.press('c');
      const s = await box(app.getByTestId('drawing-surface-a'));
      await app.mouse.move(s.x + s.width * 0.5, s.y + s.height * 0.5);
      await app.mouse.down();
      await app.mouse.move(s.x + s.width * 0.5 + 50, s.y + s.height * 0.5, { steps: 4 });
      await app.mouse.up();
      await app.keyboard.press('f');
      await app.mouse.move(s.x + 20, s.y + 20);
      await app.mouse.down();
      for (let i = 1; i <= 12; i++) await app.mouse.move(s.x + 20 + i * 10, s.y + 20 + (i % 2) * 15);
      await app.mouse.up();
      const draftA = app.getByTestId('compare-side-a').getByTestId('drawing-draft');
      const circle = await box(draftA.locator('[data-shape="circle"]'));
      expect(Math.abs(circle.width - circle.height)).toBeLessThanOrEqual(2);
      expect(circle.width).toBeGreaterThan(95);
      await expect(draftA.locator('[data-shape="freehand"]')).toHaveAttribute('stroke', '#ff3b5c');
      await shot('drawing-shapes');
      await app.keyboard.press('Control+z');
      await app.keyboard.press('Control+z');
      await expect(draftA).toHaveCount(0);
      await app.getByRole('button', { name: 'Yellow', exact: true }).click();
    });

    await test.step('measure an angle: 45° on screen, though the frame is 16:9', async () => {
      await app.keyboard.press('g');
      await expect(app.getByRole('button', { name: 'Angle' })).toHaveAttribute('aria-pressed', 'true');
      const s = await box(app.getByTestId('drawing-surface-b'));
      const d = s.height * 0.25;
      const vertex = { x: s.x + s.width * 0.45, y: s.y + s.height * 0.75 };
      await app.mouse.click(vertex.x + d * 1.4, vertex.y);
      await app.mouse.click(vertex.x, vertex.y);
      await app.mouse.move(vertex.x + d, vertex.y - d, { steps: 4 });
      const live = app.getByTestId('compare-side-b').getByTestId('drawing-draft-angle');
      await expect(live).toHaveText('45°');
      await shot('drawing-angle-live');
      await app.mouse.click(vertex.x + d, vertex.y - d);
      await expect(app.getByTestId('compare-side-b').getByTestId('drawing-draft').locator('[data-shape="angle"]')).toHaveCount(1);
      await expect(live).toHaveText('45°');
    });

    await test.step('Esc leaves drawing mode and keeps the shapes; the next Esc would go back', async () => {
      await app.keyboard.press('Escape');
      await expect(app.getByRole('button', { name: 'Drawing mode' })).toHaveAttribute('aria-pressed', 'false');
      await expect(app.getByTestId('compare-screen')).toBeVisible();
      await expect(app.getByTestId('drawing-surface-b')).toHaveCount(0);
      await expect(app.getByTestId('compare-side-b').getByTestId('drawing-draft').locator('line, polyline')).toHaveCount(2);
    });

    await test.step('comment at this moment, with the drawing', async () => {
      const composer = app.getByTestId('compare-composer');
      await expect(composer.getByRole('radio', { name: 'Sam Patel’s attempt' })).toBeChecked();
      await expect(app.getByTestId('composer-time')).toHaveText('0:01.00');
      await expect(app.getByTestId('composer-about')).toContainText('With your drawing: an arrow and an angle of 45°.');
      await expect(app.getByTestId('composer-about')).toContainText('Seen by Sam Patel only.');
      await app.keyboard.press('m');
      await expect(app.getByLabel('Your comment at this moment')).toBeFocused();
      await app.keyboard.type('Watch the elbow');
      await shot('drawing-composer');
      await app.keyboard.press('Control+Enter');
      const item = app.getByTestId('thread-comment').filter({ hasText: 'Watch the elbow' });
      await expect(item).toBeVisible();
      await expect(item).toContainText('Drawing: an arrow and an angle of 45°');
      await expect(app.getByTestId('timeline-marker')).toHaveCount(2);
      await expect(app.getByTestId('compare-side-b').getByTestId('drawing-draft')).toHaveCount(0);
      await expectDrawingInPlace(app);
      await shot('drawing-saved');
    });

    const saved = await app.evaluate(async (id) => {
      const listed = await window.api.invoke('comments.list', { exercise: id });
      return listed.ok ? listed.value.find((c) => c.text === 'Watch the elbow') : undefined;
    }, exercise);
    expect(saved).toMatchObject({ atSeconds: 1, atVideoAsset: b, submission: expect.any(String) });
    expect(saved?.drawing?.shapes.map((s) => s.kind)).toEqual(['arrow', 'angle']);

    await test.step('after a reload, the comment seeks and shows the drawing in the same place, wide and narrow', async () => {
      await app.reload();
      await videoReady(app.getByTestId('compare-video-b'));
      await expect(app.getByTestId('timeline-marker')).toHaveCount(2);
      await app.getByTestId('thread-comment').filter({ hasText: 'Watch the elbow' }).getByTestId('thread-moment').click();
      await expect(app.getByTestId('timeline-time')).toHaveText(/^0:01\.00/);
      await expectDrawingInPlace(app);
      await expect(app.getByTestId('compare-side-b').getByTestId('drawing-overlay-angle')).toHaveText('45°');
      await app.setViewportSize({ width: 900, height: 720 });
      await expect(app.getByTestId('compare-stage')).toHaveAttribute('data-layout', 'stacked');
      await expect.poll(async () => (await pictureRect(app)).width).toBeLessThan(500);
      await expectDrawingInPlace(app);
      await expect(app.getByTestId('compare-side-b').getByTestId('drawing-overlay-angle')).toHaveText('45°');
      await shot('drawing-narrow');
      await app.setViewportSize({ width: 1280, height: 720 });
      // Stacked on a wide window: the thread moves beside the players, the drawing stays on the picture.
      await app.getByRole('radio', { name: 'Stacked' }).check();
      await expect(app.getByTestId('compare-thread')).toHaveClass(/is-beside/);
      await expectDrawingInPlace(app);
      await shot('drawing-stacked-wide');
      await app.getByRole('radio', { name: 'Side by side' }).check();
    });

    await test.step('the shortcuts overlay lists the drawing keys', async () => {
      await app.getByTestId('compare-stage').click({ position: { x: 2, y: 2 } });
      await app.keyboard.press('?');
      const dialog = app.getByRole('dialog', { name: 'Keyboard shortcuts' });
      await expect(dialog.getByText('Draw an arrow, a straight line, a circle, freehand, or measure an angle')).toBeVisible();
      await app.keyboard.press('Escape');
    });

    await test.step('Sam, on his own computer, sees the comment unread, opens it, and it is read', async () => {
      // What sync would carry to Sam: the coach, the exercise, both videos, his submission, the comment.
      const records = sharedWithSam(host.core.store(), { exercise, a, b, comment: saved?.id ?? '' });
      const created = await host.core.dispatch('profiles.create', { username: 'sam.patel', displayName: 'Sam Patel', role: 'student' }, { shell: 'web' });
      if (!created.ok) throw new Error(created.error.message);
      const sam = (created.value as { user: { id: string } }).user.id;
      await host.core.applyRemote(records(sam));

      await app.setViewportSize({ width: 900, height: 640 });
      await app.goto('about:blank');
      await app.goto(host.url);
      await expect(app.getByTestId('current-profile-name')).toHaveText('Sam Patel');
      const row = app.getByTestId('exercise-row').filter({ hasText: 'Forehand drive' });
      await expect(row.getByTestId('unread-badge')).toContainText('1 unread comment');

      await app.goto(`${host.url.split('#')[0]}#/compare/${exercise}?a=${a}&b=${b}`);
      await videoReady(app.getByTestId('compare-video-b'));
      const marker = app.locator(`[data-testid="timeline-marker"][data-comment-id="${saved?.id}"]`);
      await expect(marker).toHaveAttribute('data-unread', 'true');
      const item = app.getByTestId('thread-comment').filter({ hasText: 'Watch the elbow' });
      // The thread is under the players, below what the screen shows (the window, or the jobs tray if
      // Sam's computer is still preparing a video): not seen yet.
      const screen = await box(app.getByTestId('compare-screen'));
      expect((await box(item)).y).toBeGreaterThanOrEqual(screen.y + screen.height);
      await expect(item).toHaveAttribute('data-unread', 'true');
      await shot('drawing-student-unread');

      await marker.click();
      await expect(app.getByTestId('compare-side-b').getByTestId('drawing-overlay')).toBeVisible();
      await expect(marker).not.toHaveAttribute('data-unread', 'true');
      await expect(item).not.toHaveAttribute('data-unread', 'true');
      await expect
        .poll(async () => {
          const listed = await app.evaluate((id) => window.api.invoke('comments.list', { exercise: id }), exercise);
          return listed.ok ? listed.value.find((c) => c.text === 'Watch the elbow')?.read : undefined;
        })
        .toBe(true);
      await item.scrollIntoViewIfNeeded();
      await expect(item.getByTestId('unread-mark')).toHaveCount(0);
      await shot('drawing-student-read');
    });
  });
});

test.describe('drawing by keyboard', () => {
  test('the coach draws an arrow with the keys alone, hears each point, and sends it with a comment', async ({ app, shot }) => {
    test.setTimeout(90_000);
    await app.getByTestId('exercise-row').filter({ hasText: 'Forehand drive' }).getByRole('link').click();
    await app.getByTestId('compare-button').click();
    await app.getByRole('dialog', { name: 'Compare two videos' }).getByRole('button', { name: 'Open comparison' }).click();
    await videoReady(app.getByTestId('compare-video-a'));
    await videoReady(app.getByTestId('compare-video-b'));
    const exercise = await app.evaluate(() => /#\/compare\/([0-9a-f-]+)/.exec(location.hash)?.[1] ?? '');
    const b = await app.evaluate(() => /&b=([0-9a-f-]+)/.exec(location.hash)?.[1] ?? '');
    const surface = app.getByTestId('drawing-surface-b');
    const said = app.getByTestId('drawing-said-b');
    const draft = app.getByTestId('compare-side-b').getByTestId('drawing-draft');

    await test.step('A picks the arrow; Tab reaches Sam’s picture, which says how to draw on it', async () => {
      await app.keyboard.press('a');
      await expect(app.getByRole('button', { name: 'Drawing mode' })).toHaveAttribute('aria-pressed', 'true');
      for (let i = 0; i < 40 && !(await surface.evaluate((el) => el === document.activeElement).catch(() => false)); i++) await app.keyboard.press('Tab');
      await expect(surface).toBeFocused();
      await expect(surface).toHaveAttribute('aria-label', /arrow keys move a crosshair .* Enter sets the start, then the end/);
      await expect(app.getByTestId('drawing-crosshair')).toBeVisible();
    });

    await test.step('Enter then Esc: the start is set, then dropped', async () => {
      await app.keyboard.press('Enter');
      await expect(said).toHaveText('Arrow start set at 50 %, 50 %.');
      await app.keyboard.press('Escape');
      await expect(said).toHaveText('Arrow cancelled.');
      await expect(app.getByRole('button', { name: 'Drawing mode' })).toHaveAttribute('aria-pressed', 'true');
      await expect(surface).toBeFocused();
    });

    await test.step('arrows move the crosshair (Shift: 10 %), Enter sets the start and the end', async () => {
      for (const key of ['Shift+ArrowLeft', 'Shift+ArrowLeft', 'Shift+ArrowUp', 'Shift+ArrowUp']) await app.keyboard.press(key);
      await expect(said).toHaveText('30 %, 30 %');
      await app.keyboard.press('Enter');
      await expect(said).toHaveText('Arrow start set at 30 %, 30 %.');
      for (const key of ['Shift+ArrowRight', 'Shift+ArrowRight', 'Shift+ArrowRight', 'Shift+ArrowDown', 'Shift+ArrowDown']) await app.keyboard.press(key);
      // The arrow follows the crosshair until its end is set.
      await expect(draft.locator('[data-shape="arrow"]')).toHaveCount(1);
      await shot('drawing-keyboard-placing');
      await app.keyboard.press('Enter');
      await expect(said).toHaveText('Arrow drawn from 30 %, 30 % to 60 %, 50 %.');
      await expect(draft.locator('[data-shape="arrow"]')).toHaveCount(1);
      // Still paused where it was: the keys drew, they did not move the playhead.
      await expect(app.getByTestId('timeline-time')).toHaveText(/^0:00\.00/);
    });

    await test.step('Ctrl+Z while a second arrow is half placed takes back its start, not the arrow drawn', async () => {
      await app.keyboard.press('Enter');
      await expect(said).toHaveText('Arrow start set at 60 %, 50 %.');
      await app.keyboard.press('Control+z');
      await expect(said).toHaveText('Arrow cancelled.');
      await expect(draft.locator('[data-shape="arrow"]')).toHaveCount(1);
      await expect(surface).not.toHaveAttribute('data-placing', 'true');
    });

    await test.step('Esc leaves drawing mode to the Drawing mode button; M, typing and Ctrl+Enter send the comment', async () => {
      await app.keyboard.press('Escape');
      await expect(app.getByRole('button', { name: 'Drawing mode' })).toHaveAttribute('aria-pressed', 'false');
      await expect(app.getByRole('button', { name: 'Drawing mode' })).toBeFocused();
      await expect(app.getByTestId('compare-screen')).toBeVisible();
      await expect(app.getByTestId('composer-about')).toContainText('With your drawing: an arrow.');
      await app.keyboard.press('m');
      await expect(app.getByLabel('Your comment at this moment')).toBeFocused();
      await app.keyboard.type('Racquet back by here');
      await app.keyboard.press('Control+Enter');
      await expect(app.getByTestId('thread-comment').filter({ hasText: 'Racquet back by here' })).toContainText('Drawing: an arrow');
      await shot('drawing-keyboard-saved');
    });

    const saved = await app.evaluate(async (id) => {
      const listed = await window.api.invoke('comments.list', { exercise: id });
      return listed.ok ? listed.value.find((c) => c.text === 'Racquet back by here') : undefined;
    }, exercise);
    expect(saved).toMatchObject({ atSeconds: 0, atVideoAsset: b });
    expect(saved?.drawing?.shapes).toEqual([{ kind: 'arrow', from: [0.3, 0.3], to: [0.6, 0.5], color: '#ffd400' }]);

    await test.step('the shortcuts overlay lists the drawing keys', async () => {
      // Esc leaves the comment field first (the keys typed there are text).
      await app.keyboard.press('Escape');
      await app.keyboard.press('?');
      const dialog = app.getByRole('dialog', { name: 'Keyboard shortcuts' });
      await expect(dialog.getByRole('region', { name: 'Drawing by keyboard (in drawing mode, Tab to a picture)' })).toContainText('Move the crosshair over the picture');
      await app.keyboard.press('Escape');
    });
  });
});

/**
 * The coach's records Sam's profile needs, as sync would deliver them (through `applyRemote`): the
 * coach, the roster, the exercise, both videos with their files, Sam's submission (his id on his
 * computer), and the comment as saved.
 */
function sharedWithSam(store: ProfileStore, ids: { exercise: string; a: string; b: string; comment: string }) {
  const row = (table: string, id: string) => store.db.prepare(`SELECT * FROM ${table} WHERE id = ?`).get(id) as Record<string, string | number | null>;
  const pick = (r: Record<string, string | number | null>, keys: string[]) => Object.fromEntries(keys.map((k) => [k, r[k] ?? null]));
  const comment = row('comments_videocomment', ids.comment);
  const exercise = row('exercises_exercise', ids.exercise);
  const coach = row('auth_user', String(exercise['created_by']));
  const submission = row('submissions_submission', String(comment['submission']));
  const assets = [ids.a, ids.b].map((id) => row('core_videoasset', id));
  const now = Date.now();
  let tick = 0;
  const hlc = () => `${new Date(now).toISOString()}-${(tick++).toString(16).padStart(4, '0')}-c0ffee00c0ffee00`;
  const record = (entity: RemoteRecord['entity'], id: string, fields: Record<string, string | number | null>, file?: string): RemoteRecord => ({
    entity,
    op: 'upsert',
    id,
    ...(file ? { file } : {}),
    fields: Object.fromEntries(Object.entries(fields).map(([k, value]) => [k, { value, hlc: hlc() }])),
  });
  return (sam: string): RemoteRecord[] => [
    record('user', String(coach['id']), pick(coach, ['username', 'display_name', 'role', 'created_at', 'updated_at'])),
    record('roster', randomUUID(), { coach: String(coach['id']), student: sam, created_at: new Date(now).toISOString() }),
    ...assets.map((asset) =>
      record(
        'videoasset',
        String(asset['id']),
        // Sam's attempt is his own video on his computer.
        { owner: asset['owner'] === submission['student'] ? sam : asset['owner'] ?? null, ...pick(asset, ['orig_filename', 'mime_type', 'size_bytes', 'checksum_sha256', 'youtube_url', 'video_type', 'duration_sec', 'duration_ms', 'width', 'height', 'created_at', 'updated_at']) },
        store.media.absolute(String(asset['storage_path'])),
      ),
    ),
    record('exercise', ids.exercise, pick(exercise, ['name', 'description', 'video_asset', 'created_by', 'created_at', 'updated_at'])),
    record('submission', String(submission['id']), { ...pick(submission, ['exercise', 'video_asset', 'submitted_at', 'status', 'updated_at']), student: sam }),
    record('comment', ids.comment, pick(comment, ['exercise', 'author', 'text', 'video_asset', 'submission', 'at_seconds', 'at_video_asset', 'drawing', 'created_at', 'updated_at'])),
  ];
}
