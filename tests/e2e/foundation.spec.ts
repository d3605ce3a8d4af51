import { expect, test } from './fixtures';

test.describe('a newcomer', () => {
  test.use({ demo: false });

  test('creates a profile, an exercise, tags it, comments, and finds it in the stack', async ({ app, shot }) => {
    await expect(app.getByRole('button', { name: 'Create your profile' })).toBeVisible();
    await shot('welcome-empty');

    await app.getByLabel('Display name').fill('Riley Student');
    await expect(app.getByLabel('Username')).toHaveValue(/riley/);
    await app.getByRole('radio', { name: /Student/ }).check();
    await app.getByRole('button', { name: 'Create your profile' }).click();
    await expect(app.getByTestId('current-profile-name')).toHaveText('Riley Student');
    await shot('exercises-empty');

    await app.getByRole('button', { name: 'New exercise' }).first().click();
    const dialog = app.getByRole('dialog', { name: 'New exercise' });
    await dialog.getByLabel('Name').fill('Backhand volley');
    await dialog.getByLabel('Description').fill('Short punch, firm wrist.');
    await dialog.getByRole('button', { name: 'Create exercise' }).click();
    await expect(app.getByRole('heading', { level: 1, name: 'Backhand volley' })).toBeVisible();

    await app.getByRole('combobox', { name: 'Add tag' }).fill('volley');
    await app.getByRole('option', { name: 'Create tag “volley”' }).click();
    await expect(app.getByTestId('tag-chip').filter({ hasText: 'volley' })).toBeVisible();

    await app.getByLabel('Your comment').fill('Felt late on the second ball.');
    await app.getByRole('button', { name: 'Comment' }).click();
    await expect(app.getByTestId('comment').filter({ hasText: 'Felt late on the second ball.' })).toBeVisible();
    await shot('exercise-page-own');

    await app.getByRole('link', { name: 'Stack', exact: true }).click();
    const item = app.getByTestId('stack-item').filter({ hasText: 'Backhand volley' });
    await expect(item).toBeVisible();
    await expect(item).toContainText('volley');
    await shot('stack-student');

    // What the user saw is what the store holds.
    const listed = await app.evaluate(() => window.api.invoke('exercises.list', { search: 'Backhand' }));
    expect(listed.ok && listed.value.items.map((e) => [e.name, e.tags.map((t) => t.name), e.commentCount])).toEqual([
      ['Backhand volley', ['volley'], 1],
    ]);
  });

  test('a duplicate exercise name is refused in words, and the form keeps what was typed', async ({ app }) => {
    await app.getByLabel('Display name').fill('Casey Coach');
    await app.getByRole('radio', { name: /Coach/ }).check();
    await app.getByRole('button', { name: 'Create your profile' }).click();
    for (let attempt = 0; attempt < 2; attempt++) {
      await app.getByRole('button', { name: 'New exercise' }).first().click();
      const dialog = app.getByRole('dialog', { name: 'New exercise' });
      await dialog.getByLabel('Name').fill('Serve toss');
      await dialog.getByRole('button', { name: 'Create exercise' }).click();
      if (attempt === 0) {
        await expect(app.getByRole('heading', { level: 1, name: 'Serve toss' })).toBeVisible();
        await app.keyboard.press('Escape');
      } else {
        await expect(dialog).toContainText('already have an exercise named “Serve toss”');
        await expect(dialog.getByLabel('Name')).toHaveValue('Serve toss');
      }
    }
  });
});

test.describe('the demo coach', () => {
  test('reviews her students’ work: votes a comment helpful, replies, and sees each student’s stack', async ({ app, shot }) => {
    await expect(app.getByTestId('current-profile-name')).toHaveText('Dana Reyes');
    const rows = app.getByTestId('exercise-row');
    await expect(rows.filter({ hasText: 'Forehand drive' })).toBeVisible();
    await expect(rows.filter({ hasText: 'Backhand slice — week 3' })).toContainText('Alex Kim');
    await shot('exercises-demo');

    await app.getByLabel('Filter by tag').selectOption({ label: 'serve' });
    await expect(rows).toHaveCount(1);
    await expect(rows.first()).toContainText('Serve toss');
    await app.getByLabel('Filter by tag').selectOption({ index: 0 });

    await rows.filter({ hasText: 'Backhand slice — week 3' }).getByRole('link').click();
    await expect(app.getByRole('heading', { level: 1, name: 'Backhand slice — week 3' })).toBeVisible();
    const question = app.getByTestId('comment').filter({ hasText: 'Is the follow-through long enough?' });
    await question.getByRole('button', { name: 'Helpful' }).click();
    await expect(question.getByRole('button', { name: 'Helpful' })).toHaveAttribute('aria-pressed', 'true');
    await expect(question.getByTestId('helpful-count')).toHaveText(/1/);
    await app.getByLabel('Your comment').fill('Yes — hold the finish one beat longer.');
    await app.getByLabel('Your comment').press('Control+Enter');
    await expect(app.getByTestId('comment').filter({ hasText: 'hold the finish one beat longer' })).toBeVisible();
    await shot('exercise-page-demo');

    await app.getByRole('link', { name: 'Stack', exact: true }).click();
    // One labelled section per student (its rows are placed inside it by the virtualized list).
    for (const student of ['Alex Kim', 'Sam Patel', 'Jordan Lee']) {
      await expect(app.getByRole('region', { name: student }).getByRole('heading', { name: student })).toBeVisible();
    }
    await expect(app.getByRole('region', { name: 'Jordan Lee' })).toContainText('Serve toss');
    await shot('stack-coach');

    await app.getByRole('link', { name: 'Library', exact: true }).click();
    await expect(app.getByTestId('asset-cell').first()).toBeVisible();
    await shot('library-demo');
  });

  test('fits a narrow window', async ({ app, shot }) => {
    await app.setViewportSize({ width: 820, height: 700 });
    await expect(app.getByTestId('exercise-row').first()).toBeVisible();
    await shot('exercises-narrow');
  });
});
