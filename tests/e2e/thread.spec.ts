import type { Page } from '@playwright/test';
// The renderer's `window` declarations (window.api).
import type {} from '../../src-renderer/global';
import { expect, test, videoReady } from './fixtures';

/** Leaves the app before the host closes (a paused <video> can hold its media response open). */
test.afterEach(async ({ app }) => {
  await app.goto('about:blank');
});

/** The demo coach opens the model of "Forehand drive" against Alex's attempt. */
async function openComparison(app: Page) {
  await app.getByTestId('exercise-row').filter({ hasText: 'Forehand drive' }).getByRole('link').click();
  await app.getByTestId('compare-button').click();
  const picker = app.getByRole('dialog', { name: 'Compare two videos' });
  await picker.getByLabel('Second video').selectOption({ label: 'Alex Kim’s attempt' });
  await picker.getByRole('button', { name: 'Open comparison' }).click();
  await videoReady(app.getByTestId('compare-video-a'));
  await videoReady(app.getByTestId('compare-video-b'));
  return app.evaluate(() => {
    const m = /#\/compare\/([0-9a-f-]+)\?a=([0-9a-f-]+)&b=([0-9a-f-]+)/.exec(location.hash);
    return { exercise: m?.[1] ?? '', a: m?.[2] ?? '', b: m?.[3] ?? '' };
  });
}

const listed = (app: Page, exercise: string) =>
  app.evaluate(async (id) => {
    const answer = await window.api.invoke('comments.list', { exercise: id });
    return answer.ok ? answer.value : [];
  }, exercise);

test.describe('the comparison’s thread', () => {
  test('the coach marks a student’s comment helpful, sorts, edits her note, and deletes a comment pinned to one side moved alone', async ({ app, host, shot }) => {
    test.setTimeout(120_000);
    const { exercise, b } = await openComparison(app);
    const thread = app.getByTestId('compare-thread');
    const item = (text: string) => thread.getByTestId('thread-comment').filter({ hasText: text });
    await expect(thread.getByTestId('thread-comment')).toHaveCount(3);

    await test.step('Helpful on Alex’s comment: pressed, counted, saved', async () => {
      const thanks = item('Thanks! I will try stepping in earlier.');
      // Her own comments are hers to edit, not to vote on.
      await expect(item('For everyone').getByRole('button', { name: 'Helpful' })).toHaveCount(0);
      await expect(thanks.getByRole('button', { name: 'Edit' })).toHaveCount(0);
      await thanks.getByRole('button', { name: 'Helpful' }).click();
      await expect(thanks.getByRole('button', { name: 'Helpful' })).toHaveAttribute('aria-pressed', 'true');
      await expect(thanks.getByTestId('helpful-count')).toHaveText(/^1/);
      await expect.poll(async () => (await listed(app, exercise)).find((c) => c.text?.startsWith('Thanks!'))?.helpfulCount).toBe(1);
    });

    await test.step('the most helpful first, then back to oldest first', async () => {
      await thread.getByRole('button', { name: 'Most helpful' }).click();
      await expect(thread.getByRole('button', { name: 'Most helpful' })).toHaveAttribute('aria-pressed', 'true');
      await expect(thread.getByTestId('thread-comment').last()).toContainText('For everyone');
      await expect(thread.getByTestId('thread-comment').first()).toContainText('Good balance');
      await thread.getByRole('button', { name: 'Oldest first' }).click();
      await expect(thread.getByTestId('thread-comment').first()).toContainText('For everyone');
    });

    await test.step('edit her note to everyone', async () => {
      const note = item('For everyone');
      await note.getByRole('button', { name: 'Edit' }).click();
      const field = note.getByLabel('Edit your comment');
      await expect(field).toBeFocused();
      await field.fill('For everyone: watch how early the racquet goes back, before the bounce.');
      await note.getByRole('button', { name: 'Save' }).click();
      await expect(note).toContainText('before the bounce.');
      await expect(note).toContainText('edited');
      await expect.poll(async () => (await listed(app, exercise)).some((c) => c.text === 'For everyone: watch how early the racquet goes back, before the bounce.')).toBe(true);
    });

    await test.step('Alex’s side moved alone: the composer’s moment is that side’s, and the comment is pinned there', async () => {
      const composer = app.getByTestId('compare-composer');
      await expect(composer.getByRole('radio', { name: 'Alex Kim’s attempt' })).toBeChecked();
      await expect(app.getByTestId('composer-time')).toHaveText('0:00.00');
      const scrub = app.getByTestId('scrub-b');
      await scrub.focus();
      for (let i = 0; i < 15; i++) await scrub.press('ArrowRight');
      await expect(app.getByTestId('composer-time')).toHaveText('0:00.50');
      await expect(app.getByTestId('timeline-time')).toHaveText(/^0:00\.00/);
      await composer.getByLabel('Your comment at this moment').fill('Split step here');
      await expect(app.getByTestId('composer-time')).toHaveText('0:00.50');
      await composer.getByLabel('Your comment at this moment').press('Control+Enter');
      await expect(item('Split step here')).toBeVisible();
      const saved = (await listed(app, exercise)).find((c) => c.text === 'Split step here');
      expect(saved).toMatchObject({ atVideoAsset: b });
      expect(saved?.atSeconds).toBeCloseTo(0.5, 2);
      await expect(item('Split step here').getByTestId('thread-moment')).toContainText('Alex Kim’s attempt');
    });

    await app.getByRole('radio', { name: 'Stacked' }).check();
    await expect(thread).toHaveClass(/is-beside/);
    await item('Good balance').scrollIntoViewIfNeeded();
    await shot('thread-compare-beside');

    await test.step('delete her new comment, after saying so', async () => {
      const split = item('Split step here');
      await split.scrollIntoViewIfNeeded();
      await split.getByRole('button', { name: 'Delete' }).click();
      const dialog = app.getByRole('dialog', { name: 'Delete this comment?' });
      await expect(dialog).toBeVisible();
      await shot('thread-compare-delete');
      await dialog.getByRole('button', { name: 'Delete comment' }).click();
      await expect(dialog).toBeHidden();
      await expect(split).toHaveCount(0);
      await expect(thread.getByTestId('thread-comment')).toHaveCount(3);
      await expect.poll(async () => (await listed(app, exercise)).some((c) => c.text === 'Split step here')).toBe(false);
    });
    expect(host.core.store().db.prepare('SELECT count(*) AS n FROM votes_helpfulvote WHERE is_helpful = 1').get()).toEqual({ n: 2 });
    await app.getByRole('radio', { name: 'Side by side' }).check();
    await shot('thread-compare-below');
  });

  test('leaving with an unsent comment or drawing asks first, and cancelling keeps them', async ({ app }) => {
    await openComparison(app);
    const field = app.getByLabel('Your comment at this moment');
    const ask = app.getByRole('dialog', { name: 'Discard your unsent comment and drawing?' });

    await test.step('the back button with text written: cancel keeps it', async () => {
      await field.fill('Unsent thought');
      await app.getByRole('button', { name: 'Back to the exercise' }).click();
      await expect(ask).toBeVisible();
      await expect(ask).toContainText('Your comment hasn’t been sent.');
      await ask.getByRole('button', { name: 'Cancel' }).click();
      await expect(ask).toBeHidden();
      await expect(app.getByTestId('compare-screen')).toBeVisible();
      await expect(field).toHaveValue('Unsent thought');
    });

    await test.step('a change of address with a drawing too: the address stays, cancel keeps both', async () => {
      await app.getByTestId('compare-stage').click({ position: { x: 5, y: 5 } });
      await app.getByRole('button', { name: 'Arrow' }).click();
      const s = (await app.getByTestId('drawing-surface-b').boundingBox())!;
      await app.mouse.move(s.x + s.width * 0.3, s.y + s.height * 0.3);
      await app.mouse.down();
      await app.mouse.move(s.x + s.width * 0.6, s.y + s.height * 0.5, { steps: 5 });
      await app.mouse.up();
      await app.keyboard.press('Escape');
      const here = await app.evaluate(() => location.hash);
      await app.evaluate(() => {
        location.hash = '#/stack';
      });
      await expect(ask).toBeVisible();
      await expect(ask).toContainText('Your comment and your drawing haven’t been sent.');
      expect(await app.evaluate(() => location.hash)).toBe(here);
      await ask.getByRole('button', { name: 'Cancel' }).click();
      await expect(app.getByTestId('compare-screen')).toBeVisible();
      await expect(field).toHaveValue('Unsent thought');
      await expect(app.getByTestId('compare-side-b').getByTestId('drawing-draft')).toHaveCount(1);
    });

    await test.step('Esc asks too; discarding leaves for the exercise', async () => {
      await app.getByTestId('compare-stage').click({ position: { x: 5, y: 5 } });
      await app.keyboard.press('Escape');
      await expect(ask).toBeVisible();
      await ask.getByRole('button', { name: 'Discard' }).click();
      await expect(app.getByRole('heading', { level: 1, name: 'Forehand drive' })).toBeVisible();
      await expect(app).toHaveURL(/#\/exercises\//);
    });

    await test.step('nothing unsent: leaving asks nothing', async () => {
      await app.getByTestId('compare-button').click();
      await app.getByRole('dialog', { name: 'Compare two videos' }).getByRole('button', { name: 'Open comparison' }).click();
      await expect(app.getByTestId('compare-screen')).toBeVisible();
      await expect(field).toHaveValue('');
      await app.getByRole('button', { name: 'Back to the exercise' }).click();
      await expect(app.getByRole('heading', { level: 1, name: 'Forehand drive' })).toBeVisible();
    });
  });

  test('a sidebar link or Switch profile with unsent work asks too; discarding goes where the link leads', async ({ app, shot }) => {
    await openComparison(app);
    const field = app.getByLabel('Your comment at this moment');
    const ask = app.getByRole('dialog', { name: 'Discard your unsent comment and drawing?' });
    await field.fill('Unsent thought');

    await test.step('the sidebar’s Library link: cancel stays, with the comment kept', async () => {
      await app.getByRole('link', { name: 'Library', exact: true }).click();
      await expect(ask).toBeVisible();
      await expect(ask).toContainText('Your comment hasn’t been sent.');
      await shot('thread-leave-sidebar');
      await ask.getByRole('button', { name: 'Cancel' }).click();
      await expect(ask).toBeHidden();
      await expect(app.getByTestId('compare-screen')).toBeVisible();
      await expect(app).toHaveURL(/#\/compare\//);
      await expect(field).toHaveValue('Unsent thought');
    });

    await test.step('Switch profile asks before its dialog opens', async () => {
      await app.getByRole('button', { name: 'Switch profile' }).click();
      await expect(ask).toBeVisible();
      await ask.getByRole('button', { name: 'Cancel' }).click();
      await expect(app.getByRole('dialog', { name: 'Switch profile' })).toHaveCount(0);
      await expect(field).toHaveValue('Unsent thought');
    });

    await test.step('Settings, discarded: the app goes there, and coming back finds nothing unsent', async () => {
      await app.getByRole('link', { name: 'Settings', exact: true }).click();
      await ask.getByRole('button', { name: 'Discard' }).click();
      await expect(app).toHaveURL(/#\/settings$/);
      await expect(app.getByTestId('compare-screen')).toHaveCount(0);
      await app.goBack();
      await expect(app.getByTestId('compare-screen')).toBeVisible();
      await expect(field).toHaveValue('');
      await app.getByRole('link', { name: 'Library', exact: true }).click();
      await expect(ask).toHaveCount(0);
      await expect(app).toHaveURL(/#\/library$/);
    });
  });
});
