/**
 * The training elements as a user meets them, on the bundled samples and the real
 * model: labels typed in the gallery reach the archive; labels imported from an
 * example_to_labels.json file; <curate-train> trains versions with progress and
 * shows held-out metrics and the confusion matrix; <curate-label-errors> finds
 * flipped labels, relabels (undoable) and removes to the trash (restorable);
 * <curate-classify> classifies dropped files and unlabelled items with confidence
 * words and takes feedback. Screenshots of each state go to test-results/screenshots.
 */
import { test, expect } from '@playwright/test';
import { indexLabelledSamples as indexSamples, mount, openComponents, shot } from './helpers.js';

const EMOJI = '/node_modules/emoji-datasource-google/img/google/64/';


test('label in the gallery, import labels, train versions, find label errors, classify with feedback', async ({ page }) => {
  test.setTimeout(300_000);
  const { errors } = await openComponents(page);
  await mount(page, '<curate-gallery></curate-gallery><curate-train></curate-train><curate-label-errors></curate-label-errors><curate-classify></curate-classify>');
  const groups = await indexSamples(page);
  const train = page.locator('curate-train');
  const gallery = page.locator('curate-gallery');

  // Too few labels: the element says what training needs, and training is refused by name.
  await expect(train.locator('[part=labels]')).toContainText('0 labelled');
  await train.getByRole('button', { name: 'Train', exact: true }).click();
  await expect(train.locator('.error')).toContainText(/labels/);
  await shot(train, 'train-no-labels');

  // Gallery: select two photos, type a label → the archive has it (not only the page).
  await expect(gallery.locator('[part~=tile]').first()).toBeVisible({ timeout: 60_000 });
  const photoIds = await page.evaluate(async () => {
    const w = window as any;
    const ids = (await w.curator.contents('samples')).filter((c: any) => c.name.startsWith('photo-')).slice(0, 2).map((c: any) => c.id);
    w.model.select(ids);
    return ids;
  });
  const labelInput = gallery.getByLabel('Label for the selected items');
  await labelInput.fill('Photographs');
  await labelInput.press('Enter');
  await expect.poll(() => page.evaluate(async (ids) => {
    const l = await (window as any).curator.training.labels('samples');
    return ids.map((id: number) => l.labels[id]?.[0] ?? null);
  }, photoIds)).toEqual(['Photographs', 'Photographs']);

  // Multi-label: add a second label to one photo (the other keeps its one), filter by it, take one off.
  const archiveLabels = () => page.evaluate(async (ids) => {
    const l = await (window as any).curator.training.labels('samples');
    return ids.map((id: number) => l.labels[id] ?? []);
  }, photoIds);
  await page.evaluate((id) => (window as any).model.select([id]), photoIds[0]);
  await labelInput.fill('Sky');
  await gallery.getByRole('button', { name: 'Add label' }).click();
  await expect.poll(archiveLabels).toEqual([['Photographs', 'Sky'], ['Photographs']]);
  const firstTile = gallery.locator(`#item-${photoIds[0]}`);
  await expect(firstTile.locator('[part~=label]')).toHaveText(['Photographs', 'Sky']);
  await gallery.getByLabel('Filter').selectOption('label:Sky');
  await expect(gallery.locator('[part~=tile]')).toHaveCount(1);
  await expect(gallery.getByLabel('Filter').locator('option[value="label:Photographs"]')).toHaveText('label: Photographs (2)');
  await shot(gallery, 'gallery-multi-label');
  await labelInput.fill('Photographs');
  await gallery.getByRole('button', { name: 'Remove label' }).click();
  await expect.poll(archiveLabels).toEqual([['Sky'], ['Photographs']]);
  await expect(firstTile.locator('[part~=label]')).toHaveText(['Sky']);
  // Add / Remove with no text say what is missing and change nothing.
  await gallery.getByRole('button', { name: 'Add label' }).click();
  await expect(gallery.locator('.error')).toContainText('Type the label to add');
  expect(await archiveLabels()).toEqual([['Sky'], ['Photographs']]);
  await gallery.getByLabel('Filter').selectOption('all');

  // Import example_to_labels.json for everything through the file picker.
  await train.locator('#import').setInputFiles({ name: 'example_to_labels.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(groups)) });
  await expect(train.locator('[part=labels] [role=status]')).toHaveText(`${Object.keys(groups).length} labelled, 0 unlabelled, 5 labels`);
  await expect(train.locator('.counts li')).toHaveCount(5);

  // Train: progress while it runs, then v1 with per-label metrics and the confusion matrix.
  await train.getByRole('button', { name: 'Train', exact: true }).click();
  await expect(train.locator('[part=versions] li[data-version="1"]')).toBeVisible({ timeout: 120_000 });
  await expect(train.locator('[part=per-label] tbody tr')).toHaveCount(5);
  await expect(train.locator('[part=confusion] tbody tr')).toHaveCount(5);
  const accuracy = await train.locator('[part=metrics] p').first().textContent();
  expect(accuracy).toMatch(/\d+\.\d % right on \d+ held-out items/);
  // The confusion matrix counts every held-out item once.
  const cells = (await train.locator('[part=confusion] tbody td').allTextContents()).map(Number);
  const testSize = Number(/on (\d+) held-out/.exec(accuracy!)![1]);
  expect(cells.reduce((a, b) => a + b, 0)).toBe(testSize);
  await shot(train, 'train-v1');

  // An MLP version, then delete it after confirming; v1 stays.
  await train.getByLabel('Classifier head').selectOption('mlp');
  await train.getByRole('button', { name: 'Train', exact: true }).click();
  await expect(train.locator('[part=versions] li[data-version="2"]')).toBeVisible({ timeout: 120_000 });
  await train.getByRole('button', { name: 'Delete v2' }).click();
  await train.getByRole('button', { name: 'Really delete v2?' }).click();
  await expect(train.locator('[part=versions] li')).toHaveCount(1);
  expect(await page.evaluate(async () => (await (window as any).curator.training.classifiers('samples')).map((v: any) => v.version))).toEqual([1]);

  // Label errors: flip three labels; they are listed with both probabilities as the reason.
  const flipped = await page.evaluate(async () => {
    const w = window as any;
    const contents = await w.curator.contents('samples');
    const id = (n: string) => contents.find((c: any) => c.name === n).id;
    const flips = { [id('emoji-pig.png')]: ['Flags'], [id('emoji-fox_face.png')]: ['Food & Drink'], [id('emoji-tomato.png')]: ['Animals & Nature'] };
    await w.curator.training.setLabels('samples', flips);
    w.model.contentsChanged();
    return Object.keys(flips).map(Number);
  });
  const le = page.locator('curate-label-errors');
  await le.getByRole('button', { name: 'Find label errors' }).click();
  await expect(le.locator('[part=summary]')).toContainText('labels look wrong', { timeout: 120_000 });
  const listed = (await le.locator('[part=item]').evaluateAll((els) => els.map((e) => Number(e.getAttribute('data-id')))));
  const found = flipped.filter((id) => listed.includes(id));
  expect(found.length).toBeGreaterThanOrEqual(2);
  await shot(le, 'label-errors');

  // Relabel the first found one, then undo: the archive follows both.
  const row = le.locator(`[part=item][data-id="${found[0]}"]`);
  const suggested = (await row.locator('[part=why] strong').nth(1).textContent())!;
  await row.getByRole('button', { name: `Relabel as ${suggested}` }).click();
  await expect(row.locator('.done')).toContainText(`→ ${suggested}`);
  const labelOf = (id: number) => page.evaluate(async (id) => (await (window as any).curator.training.labels('samples')).labels[id]?.[0], id);
  expect(await labelOf(found[0])).toBe(suggested);
  await shot(le, 'label-errors-relabelled');
  await row.getByRole('button', { name: 'Undo' }).click();
  await expect(row.locator('.done')).toHaveCount(0);
  const given = (await row.locator('[part=why] strong').first().textContent())!;
  expect(await labelOf(found[0])).toBe(given);
  // Remove the second one: it goes to the trash and comes back with its label.
  await le.locator(`[part=item][data-id="${found[1]}"]`).getByRole('button', { name: 'Remove' }).click();
  await expect(le.locator(`[part=item][data-id="${found[1]}"]`)).toHaveCount(0);
  expect(await page.evaluate(async (id) => (await (window as any).curator.contents('samples')).some((c: any) => c.id === id), found[1])).toBe(false);
  await le.locator('[part=restore]').getByRole('button').click();
  await expect.poll(() => page.evaluate(async (id) => (await (window as any).curator.contents('samples')).some((c: any) => c.id === id), found[1])).toBe(true);

  // Classify dropped files the archive never saw, and a broken one.
  const classify = page.locator('curate-classify');
  await classify.evaluate((el: any) => el.refreshVersions());
  const unseen = await Promise.all(['1f431.png', '1f34e.png', '1f1ef-1f1f5.png'].map(async (n) => ({ name: n, mimeType: 'image/png', buffer: Buffer.from(await (await page.request.get(EMOJI + n)).body()) })));
  const edit = await (await page.request.get('/samples/photo-black-canyon-small-q25.jpg')).body();
  await classify.locator('#files').setInputFiles([...unseen, { name: 'photo-black-canyon-small-q25.jpg', mimeType: 'image/jpeg', buffer: Buffer.from(edit) }, { name: 'broken.png', mimeType: 'image/png', buffer: Buffer.from([1, 2, 3]) }]);
  await expect(classify.locator('[part=item]')).toHaveCount(5, { timeout: 60_000 });
  await expect(classify.locator('[part=item][data-name="broken.png"] .error')).toBeVisible();
  for (const n of ['1f431.png', '1f34e.png', '1f1ef-1f1f5.png']) {
    const item = classify.locator(`[part=item][data-name="${n}"]`);
    await expect(item.locator('[part=confidence]')).toHaveText(/^(high|medium|low)$/);
    await expect(item.locator('.probs li')).toHaveCount(3);
  }
  // Photos vs emoji is the easy distinction on this small set: an edited copy of a sample photo is a photograph.
  await expect(classify.locator('[part=item][data-name="photo-black-canyon-small-q25.jpg"] .probs li').first()).toContainText('Photographs');
  await shot(classify, 'classify-files');

  // Feedback: right on one, wrong with the right label on another; the next version learns from the file.
  const detail = page.evaluate(() => new Promise((r) => document.querySelector('curate-classify')!.addEventListener('curate-feedback', (e: any) => r(e.detail), { once: true })));
  await classify.locator('[part=item][data-name="photo-black-canyon-small-q25.jpg"]').getByRole('button', { name: 'Right' }).click();
  expect(await detail).toEqual({ labelled: 0, examples: 1 });
  const flag = classify.locator('[part=item][data-name="1f1ef-1f1f5.png"]');
  if ((await flag.locator('.probs .label').first().textContent()) !== 'Flags') {
    await flag.getByLabel('Right label for 1f1ef-1f1f5.png').selectOption('Flags');
    await flag.getByRole('button', { name: 'Save' }).click();
  } else await flag.getByRole('button', { name: 'Right' }).click();
  await expect(flag.locator('.said')).toBeVisible();
  const cat = classify.locator('[part=item][data-name="1f431.png"]');
  const catTop = (await cat.locator('.probs .label').first().textContent())!;
  const wrongLabel = catTop === 'Animals & Nature' ? 'Travel & Places' : 'Animals & Nature';
  await cat.getByLabel('Right label for 1f431.png').selectOption(wrongLabel);
  await cat.getByRole('button', { name: 'Save' }).click();
  await expect(cat.locator('.said')).toContainText(`wrong, is ${wrongLabel}`);
  await shot(classify, 'classify-feedback');
  await train.getByRole('button', { name: 'Train', exact: true }).click();
  await expect(train.locator('[part=versions] li[data-version="3"]')).toBeVisible({ timeout: 120_000 });
  expect(await page.evaluate(async () => (await (window as any).curator.training.classifiers('samples'))[0].dataset.feedbackExamples)).toBe(3);

  // Unlabelled archive items: clear two labels, classify them, mark one right → it gets the label in the archive.
  const cleared = await page.evaluate(async () => {
    const w = window as any;
    const contents = await w.curator.contents('samples');
    const ids = contents.filter((c: any) => c.name === 'emoji-grapes.png' || c.name === 'emoji-elephant.png').map((c: any) => c.id);
    await w.curator.training.setLabels('samples', Object.fromEntries(ids.map((id: number) => [id, []])));
    return ids;
  });
  await classify.getByRole('button', { name: 'Classify unlabelled items' }).click();
  await expect(classify.locator('[part=item]')).toHaveCount(2, { timeout: 60_000 });
  const first = classify.locator('[part=item]').first();
  const top = (await first.locator('.probs .label').first().textContent())!;
  await first.getByRole('button', { name: 'Right' }).click();
  await expect(first.locator('.said')).toBeVisible();
  const labelled = await page.evaluate(async (ids) => {
    const l = (await (window as any).curator.training.labels('samples')).labels;
    return ids.map((id: number) => l[id]?.[0] ?? null).filter(Boolean);
  }, cleared);
  expect(labelled).toEqual([top]);
  expect(errors).toEqual([]);
});

test('the app has Train and Classify tabs; keyboard reaches them; a reload keeps versions', async ({ page }) => {
  test.setTimeout(240_000);
  const { errors } = await openComponents(page);
  await mount(page, '<curate-app></curate-app>');
  const groups = await indexSamples(page);
  await page.evaluate(async (g) => {
    const w = window as any;
    await w.curator.training.importLabels('samples', g);
    await w.curator.training.train('samples', {});
    w.model.contentsChanged();
  }, groups);
  const app = page.locator('curate-app');
  await app.locator('#tab-gallery').focus();
  for (let i = 0; i < 6; i++) await page.keyboard.press('ArrowRight');
  await expect(app.locator('#tab-train')).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(app.locator('#panel-train')).toBeVisible();
  const train = app.locator('curate-train');
  await train.evaluate((el: any) => el.refresh());
  await expect(train.locator('[part=versions] li')).toHaveCount(1);
  await shot(app, 'app-train-tab');
  await page.keyboard.press('ArrowRight');
  await expect(app.locator('#panel-classify')).toBeVisible();
  await expect(app.locator('curate-classify').getByLabel('Classifier version')).toContainText('latest (v1)');
  expect(errors).toEqual([]);
});
