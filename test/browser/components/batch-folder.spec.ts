/**
 * <curate-batch-folder> as a user meets it: pick files (the real file input),
 * see them listed, index them into the archive, clear after a confirm; link a
 * folder (the native folder dialog answered with a real OPFS directory
 * handle, the interface showDirectoryPicker returns), index it, unlink it and
 * find its files untouched.
 */
import { test, expect } from '@playwright/test';
import { mount, openComponents, shot } from './helpers.js';

const SAMPLES = ['photo-black-canyon.jpg', 'photo-locomotion-house-cat.jpg', 'photo-nagasaki-boats.jpg'];

test('batch folder: add by picker, index, clear with confirm, link and unlink a folder', async ({ page }) => {
  test.setTimeout(180_000);
  const { errors } = await openComponents(page);
  await mount(page, '<curate-batch-folder></curate-batch-folder>', 'from-batch');
  const el = page.locator('curate-batch-folder');
  await expect(el.locator('.summary')).toContainText('Batch folder: empty');
  await expect(el.getByRole('button', { name: 'Index into “from-batch”' })).toBeDisabled();
  await shot(el, 'batch-folder-empty');

  const files = await Promise.all(SAMPLES.map(async (name) => ({ name, mimeType: 'image/jpeg', buffer: Buffer.from(await (await page.request.get(`/samples/${name}`)).body()) })));
  await el.locator('input[name=files]').setInputFiles(files);
  await expect(el.locator('[part=notice]')).toHaveText('Added 3 files.');
  await expect(el.locator('.summary')).toContainText(/Batch folder: 3 files, [\d.]+ (kB|MB)/);
  await expect(el.locator('[part=list] li')).toHaveText([/photo-black-canyon\.jpg/, /photo-locomotion-house-cat\.jpg/, /photo-nagasaki-boats\.jpg/]);
  await shot(el, 'batch-folder-files');

  await el.getByRole('button', { name: 'Index into “from-batch”' }).click();
  await expect(el.locator('[part=notice]')).toHaveText('Indexed 3 into “from-batch”.', { timeout: 120_000 });
  expect(await page.evaluate(async () => (await (window as any).curator.contents('from-batch')).map((c: any) => c.name).sort())).toEqual(SAMPLES);
  // Indexing again: all three are exact copies of what is stored.
  await el.getByRole('button', { name: 'Index into “from-batch”' }).click();
  await expect(el.locator('[part=notice]')).toHaveText('Indexed 0 into “from-batch”; 3 not added (exact copies or failed, see the job list).', { timeout: 60_000 });

  await el.getByRole('button', { name: 'Clear' }).click();
  await expect(el.getByRole('button', { name: 'Really delete the 3 copies?' })).toBeVisible();
  await shot(el, 'batch-folder-confirm-clear');
  await el.getByRole('button', { name: 'Keep' }).click();
  await expect(el.locator('[part=list] li')).toHaveCount(3);
  await el.getByRole('button', { name: 'Clear' }).click();
  await el.getByRole('button', { name: 'Really delete the 3 copies?' }).click();
  await expect(el.locator('[part=notice]')).toHaveText('The batch folder is empty.');
  await expect(el.locator('.summary')).toContainText('Batch folder: empty');
  // The archive keeps what was indexed: the folder is only the source.
  expect(await page.evaluate(async () => (await (window as any).curator.contents('from-batch')).length)).toBe(3);

  // A folder of the user's: the dialog is answered with a real directory handle.
  await page.evaluate(async (names: string[]) => {
    const dir = await (await navigator.storage.getDirectory()).getDirectoryHandle('my-photos', { create: true });
    for (const name of names.slice(0, 2)) {
      const w = await (await dir.getFileHandle(`mine-${name}`, { create: true })).createWritable();
      await w.write(await (await fetch(`/samples/${name}`)).blob());
      await w.close();
    }
    (window as any).showDirectoryPicker = async () => dir;
  }, SAMPLES);
  await el.evaluate((e: any) => e.requestUpdate());
  await el.getByRole('button', { name: 'Link a folder…' }).click();
  await expect(el.locator('[part=notice]')).toHaveText('Linked “my-photos”: jobs read its files where they are.');
  await expect(el.locator('.summary')).toContainText('Linked folder “my-photos”: 2 files');
  await expect(el.getByRole('button', { name: 'Add files…' })).toBeDisabled();
  await shot(el, 'batch-folder-linked');
  await el.getByRole('button', { name: 'Unlink' }).click();
  await el.getByRole('button', { name: 'Really unlink “my-photos”?' }).click();
  await expect(el.locator('[part=notice]')).toHaveText('Unlinked “my-photos”; its files are untouched.');
  expect(await page.evaluate(async () => {
    const dir = await (await navigator.storage.getDirectory()).getDirectoryHandle('my-photos');
    const names: string[] = [];
    for await (const n of (dir as any).keys()) names.push(n);
    return names.sort();
  })).toEqual(['mine-photo-black-canyon.jpg', 'mine-photo-locomotion-house-cat.jpg']);
  expect(errors).toEqual([]);
});
