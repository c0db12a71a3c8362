import { test, expect } from '@playwright/test';
import { indexThroughDropzone, loadSampleFiles, mount, openComponents, shot, SMALL_SUBSET } from './helpers.js';

const EVIL = '<img src=x onerror=alert(1)>.png';

test('keyboard-only walk through the gallery', async ({ page }) => {
  const { errors } = await openComponents(page);
  await mount(page, '<curate-dropzone></curate-dropzone><curate-gallery></curate-gallery><curate-search></curate-search>');
  await page.setViewportSize({ width: 760, height: 900 });
  await loadSampleFiles(page, SMALL_SUBSET);
  await indexThroughDropzone(page);
  const gallery = page.locator('curate-gallery');
  const listbox = gallery.getByRole('listbox', { name: 'Images' });
  await expect(listbox).toBeVisible();
  // Tab from the top of the page until the grid has focus (bounded).
  await page.locator('body').click({ position: { x: 1, y: 1 } });
  let reached = false;
  for (let i = 0; i < 40 && !reached; i++) {
    await page.keyboard.press('Tab');
    reached = await listbox.evaluate((el) => el.matches(':focus'));
  }
  expect(reached).toBe(true);
  const active = () => listbox.getAttribute('aria-activedescendant');
  const order: number[] = await page.evaluate(() => (document.querySelector('curate-gallery') as any).shownIds);
  expect(await active()).toBe(`item-${order[0]}`);
  await page.keyboard.press('ArrowRight');
  await page.keyboard.press('ArrowRight');
  expect(await active()).toBe(`item-${order[2]}`);
  const cols = await page.evaluate(() => {
    const tiles = [...document.querySelector('curate-gallery')!.shadowRoot!.querySelectorAll('[role=option]')].map((t) => t.getBoundingClientRect().top);
    return tiles.filter((y) => y === tiles[0]).length;
  });
  expect(cols).toBeGreaterThan(2);
  expect(order.length).toBeGreaterThan(2 + cols + 3);
  await page.keyboard.press('ArrowDown');
  expect(await active()).toBe(`item-${order[2 + cols]}`);
  await page.keyboard.press(' ');
  await page.keyboard.press('Shift+ArrowRight');
  await page.keyboard.press('Shift+ArrowRight');
  const sel = await page.evaluate(() => [...(window as any).model.selected].sort((a: number, b: number) => a - b));
  expect(sel).toEqual(order.slice(2 + cols, 2 + cols + 3).sort((a, b) => a - b));
  await expect(gallery.locator('[role=option][aria-selected=true]')).toHaveCount(3);
  await shot(gallery, 'gallery-keyboard');
  // Enter opens the item: the search shows its neighbours.
  await page.keyboard.press('Enter');
  await expect(page.locator('curate-search [part=result]').first()).toBeVisible();
  await page.keyboard.press('Escape');
  await expect(gallery.locator('[role=option][aria-selected=true]')).toHaveCount(0);
  await page.keyboard.press('Control+a');
  await expect(gallery.getByText(`${order.length} selected`)).toBeVisible();
  await page.keyboard.press('End');
  expect(await active()).toBe(`item-${order.at(-1)}`);
  expect(errors).toEqual([]);
});

test('a file named like HTML renders as text, and no dialog fires', async ({ page }) => {
  const { errors, dialogs } = await openComponents(page);
  await mount(page, '<curate-dropzone></curate-dropzone><curate-gallery></curate-gallery><curate-search></curate-search><curate-export></curate-export>');
  await loadSampleFiles(page, /^emoji-(pig|fox_face|tomato|grapes)\.png$/);
  await page.evaluate((evil) => {
    const w = window as any;
    // Rename one image (distinct bytes, so it is not skipped as an exact duplicate).
    w.sampleFiles[3] = new File([w.sampleFiles[3]], evil, { type: 'image/png' });
    w.sampleFiles.push(new File(['not an image'], `${evil.slice(0, -4)}.txt.png`, { type: 'image/png' }));
  }, EVIL);
  await indexThroughDropzone(page);
  const tile = page.locator('curate-gallery [role=option]', { hasText: EVIL });
  await expect(tile).toHaveCount(1);
  await expect(tile.locator('.name')).toHaveText(EVIL);
  // The failure report shows the bad file's name as text too.
  const report = page.locator('curate-dropzone [part=report]');
  await report.locator('summary', { hasText: 'Failed' }).click();
  await expect(report).toContainText(`${EVIL.slice(0, -4)}.txt.png`);
  await tile.dblclick();
  await expect(page.locator('curate-search [part=example]')).toContainText(EVIL);
  // No element anywhere (shadow roots included) came from the name.
  const injected = await page.evaluate(() => {
    const found: string[] = [];
    const walk = (root: Document | ShadowRoot) => {
      for (const el of root.querySelectorAll('*')) {
        if (el.localName === 'img' && (el.getAttribute('src') === 'x' || el.hasAttribute('onerror'))) found.push(el.outerHTML);
        if (el.shadowRoot) walk(el.shadowRoot);
      }
    };
    walk(document);
    return found;
  });
  expect(injected).toEqual([]);
  await page.waitForTimeout(300);
  expect(dialogs).toEqual([]);
  await shot(page.locator('curate-gallery'), 'gallery-html-name');
  // The export keeps the name in the manifest and makes a safe file name.
  const out = await page.evaluate(async (evil) => {
    const w = window as any;
    const zip: Blob = await (document.querySelector('curate-export') as any).exportZip(false);
    const files = w.unzipSync(new Uint8Array(await zip.arrayBuffer()));
    const manifest = JSON.parse(new TextDecoder().decode(files['manifest.json']));
    const item = manifest.items.find((it: { name: string }) => it.name === evil);
    const vectors = w.exporter.decodeNpy(files['vectors.npy']);
    const ids = w.exporter.decodeNpy(files['ids.npy']);
    const st = w.exporter.decodeSafetensors(files['vectors.safetensors']);
    const direct = await w.curator.vectors('samples', [...ids.data]);
    let maxDiff = 0;
    for (let i = 0; i < direct.data.length; i++) maxDiff = Math.max(maxDiff, Math.abs(direct.data[i] - vectors.data[i]), Math.abs(direct.data[i] - st.tensors.vectors.data[i]));
    return {
      names: Object.keys(files).sort(),
      file: item.file,
      fileBytes: files[item.file].length,
      items: manifest.items.length,
      shape: vectors.shape,
      stShape: st.tensors.vectors.shape,
      stIds: [...st.tensors.ids.data],
      ids: [...ids.data],
      maxDiff,
      sameOrder: JSON.stringify([...direct.ids]) === JSON.stringify([...ids.data]),
    };
  }, EVIL);
  expect(out.items).toBe(4);
  expect(out.file).toBe('files/_img src=x onerror=alert(1)_.png');
  expect(out.fileBytes).toBeGreaterThan(100);
  expect(out.names).toEqual(expect.arrayContaining(['manifest.json', 'vectors.npy', 'ids.npy', 'vectors.safetensors', out.file]));
  expect(out.shape).toEqual([4, 1792]);
  expect(out.stShape).toEqual([4, 1792]);
  expect(out.stIds).toEqual(out.ids);
  expect(out.sameOrder).toBe(true);
  expect(out.maxDiff).toBe(0);
  await shot(page.locator('curate-export'), 'export');

  // Labels come from the archive (several per content kept): flat layout writes
  // files/example_to_labels.json by stored file name; by-label puts a file in each label's folder.
  const labelled = await page.evaluate(async (evil) => {
    const w = window as any;
    const contents = await w.curator.contents('samples');
    const target = contents.find((c: { name: string }) => c.name === evil);
    const other = contents.find((c: { name: string }) => c.name !== evil);
    await w.curator.training.setLabels('samples', { [target.id]: ['cat', 'pet'], [other.id]: ['dog'] });
    const el = document.querySelector('curate-export') as any;
    const read = async () => w.unzipSync(new Uint8Array(await (await el.exportZip(false)).arrayBuffer()));
    const flat = await read();
    el.layout = 'by-label';
    await el.updateComplete;
    const byLabel = await read();
    const hint = el.shadowRoot.querySelector('[part=zip] p.muted').textContent;
    return {
      labels: JSON.parse(new TextDecoder().decode(flat['files/example_to_labels.json'])),
      other: other.name,
      byLabel: Object.keys(byLabel).filter((f) => f.startsWith('files/')).sort(),
      hint,
    };
  }, EVIL);
  expect(labelled.labels).toEqual({ '_img src=x onerror=alert(1)_.png': ['cat', 'pet'], [labelled.other]: ['dog'] });
  expect(labelled.byLabel).toEqual(expect.arrayContaining(['files/cat/_img src=x onerror=alert(1)_.png', 'files/pet/_img src=x onerror=alert(1)_.png', `files/dog/${labelled.other}`]));
  expect(labelled.byLabel.filter((f: string) => f.startsWith('files/_unlabelled/'))).toHaveLength(2);
  expect(labelled.hint).toContain('folder-per-class');
  await shot(page.locator('curate-export'), 'export-by-label');
  expect(errors).toEqual([]);
});
