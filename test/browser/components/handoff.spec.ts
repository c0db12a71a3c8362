import { test, expect } from '@playwright/test';
import { APITORCH_TEST_KEY, startApiTorchServer } from '../../servers/apitorch.js';
import { indexThroughDropzone, loadSampleFiles, mount, openComponents, shot } from './helpers.js';

test('export hands the kept set to a cloud trainer (API Torch conformance server), labels included', async ({ page }) => {
  const server = await startApiTorchServer();
  try {
    const { errors } = await openComponents(page);
    await mount(page, '<curate-dropzone></curate-dropzone><curate-export></curate-export>');
    await loadSampleFiles(page, /^emoji-(pig|fox_face|tomato)\.png$/);
    await indexThroughDropzone(page);
    // Label two items; the third goes as "unlabelled" (no clusters either).
    await page.evaluate(async () => {
      const w = window as any;
      const contents = await w.curator.contents('samples');
      const id = (name: string) => contents.find((c: { name: string }) => c.name === name).id;
      w.model.setLabel([id('emoji-pig.png'), id('emoji-fox_face.png')], 'animal');
    });
    const el = page.locator('curate-export');
    const form = el.locator('[part=handoff] form');
    await form.getByLabel('Service', { exact: true }).selectOption('apitorch');
    await form.getByLabel('API key').fill('wrong-key');
    await form.getByLabel('Training set / task id').fill('294');
    await form.getByLabel('Service URL').fill(`${server.url}/api`);
    await form.getByRole('button', { name: 'Send' }).click();
    await expect(el.locator('.error')).toContainText(/401|key/i);
    expect(server.state.images.size).toBe(0);

    await form.getByLabel('API key').fill(APITORCH_TEST_KEY);
    await form.getByRole('button', { name: 'Send' }).click();
    await expect(el.locator('[part=handoff] [role=status]')).toHaveText(/Sent 3 \(0 already there\); training: /);
    // The server names stored images itself; labels, the training set and the bytes are what was sent.
    const sent = [...server.state.images.values()].map((i) => `${i.trainingSetId}:${i.label}`).sort();
    expect(sent).toEqual(['294:animal', '294:animal', '294:unlabelled']);
    const sizes = await page.evaluate(() => (window as any).sampleFiles.map((f: File) => f.size).sort((a: number, b: number) => a - b));
    expect([...server.state.images.values()].map((i) => i.bytes?.length ?? 0).sort((a, b) => a - b)).toEqual(sizes);
    // The key never reaches the page's DOM or the error text.
    expect(await page.content()).not.toContain(APITORCH_TEST_KEY);
    await shot(el, 'export-handoff');
    expect(errors).toEqual([]);
  } finally {
    await server.close();
  }
});
