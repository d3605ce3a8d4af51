import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import type { Locator, Page, Response } from '@playwright/test';
import { expect, test } from './fixtures';

/** A 3-second 640×360 H.264/AAC test video, made with the system's ffmpeg. */
function makeVideo(path: string): string {
  execFileSync('ffmpeg', [
    '-hide_banner', '-loglevel', 'error', '-y',
    '-f', 'lavfi', '-i', 'testsrc2=size=640x360:rate=30',
    '-f', 'lavfi', '-i', 'sine',
    '-t', '3', '-c:v', 'libx264', '-preset', 'ultrafast', '-pix_fmt', 'yuv420p', '-c:a', 'aac',
    path,
  ]);
  return path;
}

/** Seeks a <video> and waits until the frame is there. */
async function seek(video: Locator, seconds: number): Promise<void> {
  await video.evaluate(
    (v: HTMLVideoElement, t: number) =>
      new Promise<void>((resolve) => {
        v.pause();
        if (Math.abs(v.currentTime - t) < 0.001) return resolve();
        v.addEventListener('seeked', () => resolve(), { once: true });
        v.currentTime = t;
      }),
    seconds,
  );
}

/** Plays a <video> (muted, as autoplay rules allow) and shows that its time moves on. */
async function expectPlays(video: Locator): Promise<void> {
  await expect.poll(() => video.evaluate((v: HTMLVideoElement) => v.readyState), { timeout: 15_000 }).toBeGreaterThanOrEqual(2);
  const start = await video.evaluate(async (v: HTMLVideoElement) => {
    v.muted = true;
    await v.play();
    return v.currentTime;
  });
  await expect.poll(() => video.evaluate((v: HTMLVideoElement) => v.currentTime), { timeout: 10_000 }).toBeGreaterThan(start + 0.3);
  await video.evaluate((v: HTMLVideoElement) => v.pause());
}


/**
 * Leaves the app before the host closes: a paused <video> can hold its media response open, and the
 * web host's close() waits for every connection before it closes them (see the report).
 */
test.afterEach(async ({ app }) => {
  await app.goto('about:blank');
});

async function createProfile(app: Page, name: string): Promise<void> {
  await app.getByLabel('Display name').fill(name);
  await app.getByRole('radio', { name: /Coach/ }).check();
  await app.getByRole('button', { name: 'Create your profile' }).click();
  await expect(app.getByTestId('current-profile-name')).toHaveText(name);
}

test.describe('a coach with an empty library', () => {
  test.use({ demo: false });

  test('imports a video through the file picker, plays it, and cuts a fast clip from it', async ({ app, shot }, testInfo) => {
    const file = makeVideo(testInfo.outputPath('serve-practice.mp4'));
    const notVideo = testInfo.outputPath('notes.mp4');
    writeFileSync(notVideo, 'Practice notes: toss higher.\n'.repeat(200));
    await createProfile(app, 'Casey Coach');
    await app.getByRole('link', { name: 'Library', exact: true }).click();
    await expect(app.getByRole('heading', { name: 'Import your first video' })).toBeVisible();
    await shot('library-empty');

    await test.step('import through the picker (one of the two files is no video)', async () => {
      await app.getByTestId('import-input').first().setInputFiles([notVideo, file]);
      const cell = app.getByTestId('asset-cell').filter({ hasText: 'serve-practice.mp4' });
      await expect(cell).toBeVisible({ timeout: 20_000 });
      // Processing ends with a poster, and the badge goes.
      await expect(cell.locator('.poster-img.is-loaded')).toBeVisible({ timeout: 30_000 });
      await expect(cell.getByTestId('processing-badge')).toHaveCount(0, { timeout: 30_000 });
      await expect(cell).toHaveAttribute('data-status', 'ready');
      await expect(cell.getByText('0:03')).toBeVisible();
      await expect(app.getByTestId('job-row').filter({ hasText: 'serve-practice.mp4' })).toHaveCount(0, { timeout: 15_000 });
      // The file that is no video is refused in words, and stays in the tray until dismissed.
      const refused = app.getByTestId('job-row').filter({ hasText: 'notes.mp4' });
      await expect(refused).toHaveAttribute('data-state', 'failed');
      await expect(refused).toContainText('Couldn’t import notes.mp4');
      await expect(refused).toContainText(/not a video/i);
      await expect(refused).not.toContainText('unsupported-media');
      await expect(app.getByTestId('asset-cell')).toHaveCount(1);
      // Hover-scrub shows a frame of the filmstrip.
      const poster = cell.locator('.asset-poster');
      const box = await poster.boundingBox();
      if (!box) throw new Error('the cell has no poster box');
      await app.mouse.move(box.x + box.width * 0.75, box.y + box.height / 2);
      await expect(cell.getByTestId('filmstrip-frame')).toHaveAttribute('data-frame', '7');
      await app.mouse.move(0, 0);
      await shot('library-import');
      await refused.getByRole('button', { name: /Dismiss/ }).click();
      await expect(app.getByTestId('jobs-tray')).toHaveCount(0);
    });

    await test.step('drop the same bytes again: the overlay shows, and no copy is made', async () => {
      const screen = app.locator('main.library-screen');
      const dataTransfer = await app.evaluateHandle((base64: string) => {
        const bytes = Uint8Array.from(atob(base64), (c) => c.charCodeAt(0));
        const transfer = new DataTransfer();
        transfer.items.add(new File([bytes], 'serve-again.mp4', { type: 'video/mp4' }));
        return transfer;
      }, readFileSync(file).toString('base64'));
      await screen.dispatchEvent('dragenter', { dataTransfer });
      await expect(app.getByTestId('drop-overlay')).toBeVisible();
      await screen.dispatchEvent('drop', { dataTransfer });
      await expect(app.getByTestId('drop-overlay')).toHaveCount(0);
      await expect.poll(async () => {
        const jobs = await app.evaluate(() => window.api.invoke('jobs.list', {}));
        return jobs.ok ? jobs.value.filter((j) => j.label === 'serve-again.mp4').map((j) => j.state) : [];
      }).toEqual(['done']);
      await expect(app.getByTestId('asset-cell')).toHaveCount(1);
    });

    const video = app.getByTestId('asset-video');
    await test.step('open it and play it', async () => {
      await app.getByTestId('asset-cell').filter({ hasText: 'serve-practice.mp4' }).getByRole('link').click();
      await expect(app.getByRole('heading', { level: 1, name: 'serve-practice.mp4' })).toBeVisible();
      await expect(app.getByTestId('asset-details')).toContainText('640 × 360');
      await expect(app.getByTestId('asset-duration')).toHaveText('0:03');
      await expectPlays(video);
      await shot('asset-page');

      // Check file re-hashes it against its checksum.
      await app.getByRole('button', { name: 'Check file' }).click();
      await expect(app.getByTestId('validation-result')).toContainText('The file is intact');
    });

    await test.step('cut a fast clip from 0.5 s to 2.0 s', async () => {
      await seek(video, 0.5);
      await app.keyboard.press('i');
      await expect(app.getByTestId('clip-in')).toHaveText('0:00.50');
      await seek(video, 2);
      await app.keyboard.press('o');
      await expect(app.getByTestId('clip-out')).toHaveText('0:02.00');
      await expect(app.getByTestId('clip-range')).toBeVisible();
      await app.getByLabel('Clip mode').selectOption('fast');
      await app.getByRole('button', { name: 'Create clip' }).click();
      const clip = app.getByTestId('clip-row');
      await expect(clip).toHaveCount(1, { timeout: 30_000 });
      await expect(clip).toContainText('0:00.50–0:02.00');
      await expect(clip).toContainText('Fast');
      await shot('asset-clip');

      // The clip is a video of its own, with its own page.
      await clip.getByRole('link').click();
      await expect(app.getByRole('heading', { level: 1, name: /serve-practice \(clip/ })).toBeVisible();

      // Delete first says what it would remove; cancelling keeps everything.
      await app.getByRole('button', { name: 'Delete' }).click();
      const confirm = app.getByRole('dialog', { name: /Delete “serve-practice \(clip/ });
      await expect(confirm.getByTestId('delete-preview')).toContainText('The video file');
      await shot('asset-delete');
      await confirm.getByRole('button', { name: 'Cancel' }).click();
      await expect(confirm).toHaveCount(0);
      const listed = await app.evaluate(() => window.api.invoke('assets.list', {}));
      expect(listed.ok && listed.value.length).toBe(2);
      await app.setViewportSize({ width: 820, height: 700 });
      await shot('asset-page-narrow');
    });
  });
});

test.describe('the demo coach', () => {
  test.use({ permissions: ['camera', 'microphone'] });

  test('records a 3-second video reply on a student’s exercise and plays it back', async ({ app, shot }) => {
    await app.getByTestId('exercise-row').filter({ hasText: 'Backhand slice — week 3' }).getByRole('link').click();
    await expect(app.getByRole('heading', { level: 1, name: 'Backhand slice — week 3' })).toBeVisible();

    await app.getByRole('button', { name: 'Record reply' }).click();
    const dialog = app.getByRole('dialog', { name: 'Record reply' });
    const recorder = dialog.getByTestId('recorder');
    await expect(recorder).toHaveAttribute('data-state', 'idle', { timeout: 15_000 });
    await expect(dialog.getByLabel('Camera', { exact: true })).not.toHaveValue('');

    await dialog.getByRole('button', { name: 'Record', exact: true }).click();
    await expect(dialog.getByTestId('countdown')).toBeVisible();
    await expect(recorder).toHaveAttribute('data-state', 'recording', { timeout: 10_000 });
    await expect(dialog.getByTestId('recorder-clock')).toContainText('0:02', { timeout: 10_000 });
    await shot('recorder');
    await expect(dialog.getByTestId('recorder-clock')).toContainText('0:03', { timeout: 5_000 });
    await dialog.getByRole('button', { name: 'Stop' }).click();
    await expect(recorder).toHaveAttribute('data-state', 'recorded');
    // How long the take was, by the recorder's own clock (a busy machine may stop a little after 3 s).
    const recordedSeconds = Number(await dialog.getByTestId('recorder-clock').getAttribute('data-seconds'));
    expect(recordedSeconds).toBeGreaterThanOrEqual(3);

    const responses: Response[] = [];
    app.on('response', (r) => responses.push(r));
    await dialog.getByRole('button', { name: 'Save as reply' }).click();
    await expect(dialog).toBeHidden({ timeout: 60_000 });

    const reply = app.getByTestId('comment').filter({ has: app.getByTestId('comment-video') });
    await expect(reply).toHaveCount(1);
    await expect(reply).toContainText('You');
    const video = reply.getByTestId('comment-video');
    // The reply streams through the media handler (Range requests answer 206).
    const src = new URL(await video.evaluate((v: HTMLVideoElement) => v.currentSrc || v.src)).pathname;
    expect(src).toMatch(/^\/media\/[0-9a-f-]{36}\/(original|proxy)$/);
    await expect.poll(() => responses.filter((r) => new URL(r.url()).pathname === src).map((r) => r.status()), { timeout: 15_000 }).not.toEqual([]);
    for (const r of responses.filter((r) => new URL(r.url()).pathname === src)) expect([200, 206]).toContain(r.status());

    // The repaired file knows its duration (a raw MediaRecorder file says Infinity): about the take's length.
    await expect.poll(() => video.evaluate((v: HTMLVideoElement) => v.duration), { timeout: 15_000 }).toBeGreaterThan(2.4);
    const duration = await video.evaluate((v: HTMLVideoElement) => v.duration);
    expect(Number.isFinite(duration)).toBe(true);
    expect(Math.abs(duration - recordedSeconds), `video ${duration} s for a take of ${recordedSeconds} s`).toBeLessThan(1);
    await expectPlays(video);
    await reply.scrollIntoViewIfNeeded();
    await shot('reply-comment');

    // What the user saw is what the store holds: a recorded video, posted as a comment.
    const recorded = await app.evaluate(() => window.api.invoke('assets.list', {}));
    expect(recorded.ok && recorded.value.filter((a) => a.videoType === 'recorded').length).toBe(1);
  });
});
