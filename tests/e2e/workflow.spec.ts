import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from '@playwright/test';
import { startWebHost, type WebHost } from '../../src-main/web/server';
// The renderer's `window` declarations (window.api).
import type {} from '../../src-renderer/global';
import { SYNC, createProfile, expect, indicator, register, test } from './cloud-fixtures';

/**
 * The seed's upload → reply → compare workflow on two machines (two web hosts, each its own data
 * folder, database and media) against one reference cloud, all through the UI: a student's attempt
 * reaches the coach, the coach replies with a webcam video and a drawing pinned at a moment, the
 * reply reaches the student verified, the student compares, aligns, steps frames and marks the
 * reply helpful, and the Comparison is recorded with the seconds actually spent.
 */
const ffmpeg = process.env['FFMPEG_PATH'] ?? 'ffmpeg';
const sha256 = (file: string) => createHash('sha256').update(readFileSync(file)).digest('hex');

function makeVideo(path: string, color: string): string {
  execFileSync(ffmpeg, ['-hide_banner', '-loglevel', 'error', '-y', '-f', 'lavfi', '-i', `testsrc2=size=640x360:rate=30:duration=4`, '-f', 'lavfi', '-i', 'sine=frequency=330:duration=4',
    '-vf', `drawbox=x=0:y=0:w=80:h=80:color=${color}:t=fill`, '-c:v', 'libx264', '-preset', 'ultrafast', '-pix_fmt', 'yuv420p', '-c:a', 'aac', '-shortest', path]);
  return path;
}

/** A second computer: its own web host and browser window. */
async function secondMachine(browser: Browser): Promise<{ host: WebHost; page: Page; dataDir: string; close(): Promise<void> }> {
  const dataDir = mkdtempSync(join(tmpdir(), 'coachframe-e2e-student-'));
  const host = await startWebHost({ port: 0, dataDir, checkOutputs: true });
  const context = await browser.newContext({ permissions: ['camera', 'microphone'], viewport: { width: 1280, height: 720 } });
  const page = await context.newPage();
  await page.goto(host.url);
  return {
    host,
    page,
    dataDir,
    close: async () => {
      await page.goto('about:blank');
      await context.close();
      await host.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

async function importVideo(app: Page, file: string, name: string) {
  await app.getByRole('link', { name: 'Library', exact: true }).click();
  await app.getByTestId('import-input').first().setInputFiles(file);
  const cell = app.getByTestId('asset-cell').filter({ hasText: name });
  await expect(cell).toHaveAttribute('data-status', 'ready', { timeout: 60_000 });
}

/** The sync panel's Sync now, then wait until the pass is done. */
async function syncNow(app: Page) {
  await indicator(app).click();
  await app.getByRole('button', { name: 'Sync now' }).click();
  await expect(indicator(app)).toHaveAttribute('data-state', 'idle', SYNC);
  await expect(indicator(app)).toHaveAttribute('data-pending', '0', SYNC);
}

async function openExercise(app: Page, name: string) {
  await app.getByRole('link', { name: 'Exercises', exact: true }).click();
  await app.getByTestId('exercise-row').filter({ hasText: name }).getByRole('link').click();
  await expect(app.getByRole('heading', { level: 1, name })).toBeVisible();
}

test.describe('the seed workflow across two computers', () => {
  test.use({ demo: false, permissions: ['camera', 'microphone'] });

  test('upload → reply → compare, through the cloud', async ({ app, host, cloud, browser, shot }, testInfo) => {
    test.setTimeout(240_000);
    const student = await secondMachine(browser);
    const alex = student.page;
    const studentShot = async (name: string) => {
      const path = join(process.cwd(), 'test-results', 'screenshots', `${name}.png`);
      await alex.screenshot({ path });
      await testInfo.attach(name, { path, contentType: 'image/png' });
    };
    try {
      const model = makeVideo(testInfo.outputPath('serve-model.mp4'), 'blue');
      const attempt = makeVideo(testInfo.outputPath('alex-serve.mp4'), 'red');
      let code = '';

      await test.step('the coach signs up, sets a Serve exercise with a model video, and invites a student', async () => {
        await createProfile(app, 'Dana Reyes', 'Coach');
        await register(app, cloud.url);
        await importVideo(app, model, 'serve-model.mp4');
        await app.getByRole('link', { name: 'Exercises', exact: true }).click();
        await app.getByRole('button', { name: 'New exercise' }).first().click();
        const dialog = app.getByRole('dialog', { name: 'New exercise' });
        await dialog.getByLabel('Name').fill('Serve');
        await dialog.getByRole('button', { name: 'Create exercise' }).click();
        await expect(app.getByRole('heading', { level: 1, name: 'Serve' })).toBeVisible();
        await app.getByTestId('choose-model-video').click();
        await app.getByTestId('video-choice').filter({ hasText: 'serve-model.mp4' }).click();
        await app.getByTestId('choose-video-confirm').click();
        await expect(app.getByTestId('choose-model-video')).toHaveText('Change video');
        await app.getByRole('link', { name: 'Settings' }).click();
        await app.getByRole('button', { name: 'Invite a student' }).click();
        code = (await app.getByTestId('invite-code').textContent()) ?? '';
        await syncNow(app);
        await shot('workflow-01-coach-ready');
      });

      await test.step('the coach frees up space for the synced model video; the exercise offers it from the cloud, and plays it again', async () => {
        await app.getByRole('link', { name: 'Library', exact: true }).click();
        await app.getByTestId('asset-cell').filter({ hasText: 'serve-model.mp4' }).getByRole('link').click();
        await app.getByTestId('free-up-space').click();
        const dialog = app.getByRole('dialog', { name: 'Remove the original from this computer?' });
        await expect(dialog).toContainText('It stays in your cloud');
        await dialog.getByRole('button', { name: 'Free up space' }).click();
        await expect(app.getByTestId('asset-remote')).toBeVisible();
        await expect(app.getByTestId('free-up-space')).toHaveCount(0);
        const row = () => host.core.store().db.prepare("SELECT storage_path, local_state FROM core_videoasset WHERE orig_filename = 'serve-model.mp4'").get() as { storage_path: string | null; local_state: string };
        expect(row()).toEqual({ storage_path: null, local_state: 'offloaded' });

        await openExercise(app, 'Serve');
        const remote = app.getByTestId('asset-remote');
        await expect(remote).toContainText('in the cloud, not on this computer yet');
        await shot('workflow-01b-exercise-video-in-cloud');
        await remote.getByTestId('download-now').click();
        const video = app.getByTestId('asset-video');
        await expect(video).toBeVisible(SYNC);
        await expect.poll(() => video.evaluate((v: HTMLVideoElement) => v.readyState), SYNC).toBeGreaterThanOrEqual(2);
        expect(row().local_state).toBe('local');
        expect(sha256(host.core.store().media.absolute(row().storage_path!))).toBe(sha256(model));
      });

      await test.step('the student, on another computer, joins and submits an attempt', async () => {
        await createProfile(alex, 'Alex Kim', 'Student');
        await register(alex, cloud.url);
        await alex.getByLabel('Join a coach').fill(code);
        await alex.getByRole('button', { name: 'Join', exact: true }).click();
        await syncNow(alex);
        await importVideo(alex, attempt, 'alex-serve.mp4');
        await openExercise(alex, 'Serve');
        await alex.getByTestId('submit-attempt').click();
        await alex.getByTestId('video-choice').filter({ hasText: 'alex-serve.mp4' }).click();
        await alex.getByTestId('choose-video-confirm').click();
        await expect(alex.getByTestId('submission')).toHaveCount(1);
        await syncNow(alex);
        await studentShot('workflow-02-student-submitted');
      });

      await test.step('the attempt arrives on the coach’s computer, verified', async () => {
        await syncNow(app);
        await openExercise(app, 'Serve');
        await expect(app.getByTestId('submission').filter({ hasText: 'Alex Kim' })).toBeVisible(SYNC);
        const arrived = host.core.store().db.prepare("SELECT storage_path, local_state FROM core_videoasset WHERE orig_filename = 'alex-serve.mp4'").get() as
          | { storage_path: string | null; local_state: string }
          | undefined;
        expect(arrived?.local_state).toBe('local');
        expect(sha256(host.core.store().media.absolute(arrived!.storage_path!))).toBe(sha256(attempt));
        await shot('workflow-03-coach-sees-attempt');
      });

      await test.step('the coach records a webcam reply, and pins a drawing at a moment of the attempt', async () => {
        await app.getByRole('button', { name: 'Record a video reply to Alex Kim' }).click();
        const dialog = app.getByRole('dialog', { name: 'Record reply' });
        const recorder = dialog.getByTestId('recorder');
        await expect(recorder).toHaveAttribute('data-state', 'idle', { timeout: 15_000 });
        await dialog.getByRole('button', { name: 'Record', exact: true }).click();
        await expect(recorder).toHaveAttribute('data-state', 'recording', { timeout: 10_000 });
        await expect(dialog.getByTestId('recorder-clock')).toContainText('0:03', { timeout: 10_000 });
        await dialog.getByRole('button', { name: 'Stop' }).click();
        await dialog.getByRole('button', { name: 'Save as reply' }).click();
        await expect(dialog).toBeHidden({ timeout: 60_000 });

        await app.getByTestId('compare-button').click();
        const picker = app.getByRole('dialog', { name: 'Compare two videos' });
        await picker.getByLabel('Second video').selectOption({ label: 'Alex Kim’s attempt' });
        await picker.getByRole('button', { name: 'Open comparison' }).click();
        for (const side of ['a', 'b']) {
          await expect.poll(() => app.getByTestId(`compare-video-${side}`).evaluate((v: HTMLVideoElement) => v.readyState), { timeout: 20_000 }).toBeGreaterThanOrEqual(2);
        }
        await app.getByTestId('compare-stage').click({ position: { x: 5, y: 5 } });
        await app.keyboard.press('Shift+ArrowRight');
        await app.getByRole('button', { name: 'Arrow' }).click();
        const surface = (await app.getByTestId('drawing-surface-b').boundingBox())!;
        await app.mouse.move(surface.x + surface.width * 0.3, surface.y + surface.height * 0.3);
        await app.mouse.down();
        await app.mouse.move(surface.x + surface.width * 0.6, surface.y + surface.height * 0.5, { steps: 6 });
        await app.mouse.up();
        await app.keyboard.press('Escape');
        await app.keyboard.press('m');
        await app.keyboard.type('Watch the elbow here');
        await app.keyboard.press('Control+Enter');
        await expect(app.getByTestId('thread-comment').filter({ hasText: 'Watch the elbow here' })).toBeVisible();
        await shot('workflow-04-coach-drawing');
        await syncNow(app);
      });

      await test.step('the reply reaches the student, verified; they compare, align, step frames, and mark it helpful', async () => {
        await syncNow(alex);
        await openExercise(alex, 'Serve');
        const reply = alex.getByTestId('comment').filter({ has: alex.getByTestId('comment-video') });
        await expect(reply).toHaveCount(1, SYNC);
        const replyRow = student.host.core.store().db.prepare("SELECT v.storage_path, v.checksum_sha256, v.local_state FROM comments_videocomment c JOIN core_videoasset v ON v.id = c.video_asset").get() as {
          storage_path: string; checksum_sha256: string; local_state: string;
        };
        expect(replyRow.local_state).toBe('local');
        expect(sha256(student.host.core.store().media.absolute(replyRow.storage_path))).toBe(replyRow.checksum_sha256);
        await expect(alex.getByTestId('comment').filter({ hasText: 'Watch the elbow here' })).toBeVisible();
        await reply.getByRole('button', { name: 'Helpful' }).click();
        await expect(reply.getByRole('button', { name: 'Helpful' })).toHaveAttribute('aria-pressed', 'true');

        await alex.getByTestId('compare-button').click();
        const picker = alex.getByRole('dialog', { name: 'Compare two videos' });
        await picker.getByLabel('First video').selectOption({ label: 'Your attempt' });
        await picker.getByLabel('Second video').selectOption({ label: 'Dana Reyes’s video reply' });
        await picker.getByRole('button', { name: 'Open comparison' }).click();
        for (const side of ['a', 'b']) {
          await expect.poll(() => alex.getByTestId(`compare-video-${side}`).evaluate((v: HTMLVideoElement) => v.readyState), { timeout: 20_000 }).toBeGreaterThanOrEqual(2);
        }
        // Align: this moment of the attempt is that moment of the reply.
        await alex.getByTestId('compare-stage').click({ position: { x: 5, y: 5 } });
        await alex.keyboard.press('Shift+ArrowRight');
        await alex.getByTestId('compare-side-a').getByRole('button', { name: 'Mark sync point' }).click();
        await alex.keyboard.press('Shift+ArrowRight');
        await alex.getByTestId('compare-side-b').getByRole('button', { name: 'Mark sync point' }).click();
        await expect(alex.getByText('Aligned.')).toBeVisible();
        // Step frames on both.
        const before = await alex.getByTestId('timeline-time').textContent();
        for (let i = 0; i < 3; i++) await alex.keyboard.press('.');
        await expect(alex.getByTestId('timeline-time')).not.toHaveText(before ?? '');
        await studentShot('workflow-05-student-compares');
        await alex.waitForTimeout(2500);
        await alex.getByRole('button', { name: 'Back to the exercise' }).click();
        await syncNow(alex);
      });

      await test.step('the Comparison is recorded with a real duration, and reaches the coach with the vote', async () => {
        const session = student.host.core.store().db.prepare('SELECT duration_seconds, original_offset, feedback_offset FROM comparisons_comparison').get() as
          | { duration_seconds: number; original_offset: number; feedback_offset: number }
          | undefined;
        expect(session).toBeDefined();
        expect(session!.duration_seconds).toBeGreaterThanOrEqual(2);
        expect(session!.duration_seconds).toBeLessThan(120);
        await syncNow(app);
        const seen = host.core.store().db.prepare('SELECT duration_seconds FROM comparisons_comparison').get() as { duration_seconds: number } | undefined;
        expect(seen?.duration_seconds).toBe(session!.duration_seconds);
        expect(host.core.store().db.prepare('SELECT count(*) AS n FROM votes_helpfulvote WHERE is_helpful = 1').get()).toEqual({ n: 1 });
        await shot('workflow-06-coach-after');
        // Everything that arrived on either computer was processed there (posters, filmstrips).
        for (const core of [host.core, student.host.core]) {
          const jobs = await core.dispatch('jobs.list', {}, { shell: 'web' });
          expect(jobs.ok && (jobs.value as { state: string; label: string }[]).filter((j) => j.state === 'failed')).toEqual([]);
        }
      });
    } finally {
      await student.close();
    }
  });
});
