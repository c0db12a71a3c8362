import { test, expect, PHOTOS } from './fixtures.js';

/**
 * The local batch folder (the cloud's FTP folder, in the browser): files
 * added are kept in OPFS across a reload until clear_batch_folder, jobs read
 * them with download_from_batch_cloud_folder, list_content counts them; a
 * picked folder (here an OPFS directory handle, the same interface
 * showDirectoryPicker returns) is read in place and never deleted by a clear.
 */
test('batch folder: add, jobs read it, survives reload, cancel, clear, linked folder', async ({ harness: page }) => {
  test.setTimeout(240_000);
  const first = await page.evaluate(async (photos: string[]) => {
    const { createCurator } = (window as any).curatekit;
    const c = await createCurator({ dbName: 'batch-folder' });
    const errorOf = (p: Promise<unknown>) => p.then(() => null, (e: any) => ({ name: e.name, field: e.field, message: e.message }));
    const files = await Promise.all(photos.slice(0, 4).map(async (u, i) => new File([await (await fetch(u)).blob()], `p${i}.jpg`, { type: 'image/jpeg' })));
    const empty = await c.batchFolder.list();
    const emptyIndex = await (async () => {
      await c.run('create_archive', { name: 'from-folder', content_type: 'Image' });
      return errorOf(c.run('index', { archive: 'from-folder', download_from_batch_cloud_folder: true }));
    })();
    const badName = await errorOf(c.batchFolder.add([{ name: 'ok.jpg', blob: files[0] }, { name: '../escape.jpg', blob: files[1] }]));
    const afterBad = (await c.batchFolder.list()).files.length;
    const progress: number[] = [];
    const added = await c.batchFolder.add([files[0], files[1], { name: 'set/p2.jpg', blob: files[2] }, { name: 'set/p3.jpg', blob: files[3] }], { onProgress: (d: number) => progress.push(d) });
    const counted = (await c.run('list_content', null)).results.nr_files_in_batch_folder;
    const indexed = (await c.run('index', { archive: 'from-folder', download_from_batch_cloud_folder: true })).results;
    const found = (await c.run('search', { archive: 'from-folder', download_from_batch_cloud_folder: true, nr_results: 1 })).results;
    await c.close?.();
    return { empty, emptyIndex, badName, afterBad, progress, added, counted, indexed, found };
  }, PHOTOS);
  expect(first.empty).toEqual({ source: 'opfs', linkedName: null, needsPermission: false, files: [], bytes: 0 });
  expect(first.emptyIndex).toMatchObject({ name: 'ValidationError', field: 'inputs.download_from_batch_cloud_folder' });
  expect(first.emptyIndex!.message).toMatch(/batch folder is empty/);
  expect(first.badName).toMatchObject({ name: 'ValidationError', field: 'files[1].name' });
  expect(first.afterBad).toBe(0); // validated before anything is written
  expect(first.progress).toEqual([1, 2, 3, 4]);
  expect(first.added.files.map((f: any) => f.name)).toEqual(['p0.jpg', 'p1.jpg', 'set/p2.jpg', 'set/p3.jpg']);
  expect(first.added.bytes).toBeGreaterThan(10_000);
  expect(first.counted).toBe(4);
  expect(Object.keys(first.indexed.name_to_indexed_content_id).sort()).toEqual(['p0.jpg', 'p1.jpg', 'set/p2.jpg', 'set/p3.jpg']);
  expect(first.found.sorted_indexed_ids_with_distances).toHaveLength(1);

  await page.reload();
  await expect(page.locator('#status')).toHaveText('ready');
  const second = await page.evaluate(async (photos: string[]) => {
    const { createCurator } = (window as any).curatekit;
    const c = await createCurator({ dbName: 'batch-folder' });
    const errorOf = (p: Promise<unknown>) => p.then(() => null, (e: any) => ({ name: e.name, field: e.field, message: e.message }));
    const kept = (await c.batchFolder.list()).files.map((f: any) => f.name);
    // Cancel an add part-way: the files written before stay whole, nothing half-written.
    const big = await Promise.all(photos.map(async (u, i) => ({ name: `more/${i}.jpg`, blob: await (await fetch(u)).blob() })));
    const ctl = new AbortController();
    const cancelled = await errorOf(c.batchFolder.add(big, { onProgress: (d: number) => d === 2 && ctl.abort(), signal: ctl.signal }));
    const afterCancel = (await c.batchFolder.list()).files.filter((f: any) => f.name.startsWith('more/'));
    const sizes = afterCancel.map((f: any) => f.size === big[Number(f.name.slice(5, -4))].blob.size);
    const cleared = await c.batchFolder.clear();
    const countedAfter = (await c.run('list_content', null)).results.nr_files_in_batch_folder;
    // A picked folder: read in place, never written to, unlinked (not deleted) by a clear.
    const root = await navigator.storage.getDirectory();
    const picked = await root.getDirectoryHandle('picked-by-user', { create: true });
    for (const [i, u] of photos.slice(4, 6).entries()) {
      const w = await (await picked.getFileHandle(`mine${i}.jpg`, { create: true })).createWritable();
      await w.write(await (await fetch(u)).blob());
      await w.close();
    }
    const linked = await c.batchFolder.link(picked);
    const addToLinked = await errorOf(c.batchFolder.add([{ name: 'x.jpg', blob: big[0].blob }]));
    await c.run('create_archive', { name: 'from-linked', content_type: 'Image' });
    const fromLinked = Object.keys((await c.run('index', { archive: 'from-linked', download_from_batch_cloud_folder: true })).results.name_to_indexed_content_id).sort();
    const unlinked = await c.batchFolder.clear();
    const stillOnDisk: string[] = [];
    for await (const name of (picked as any).keys()) stillOnDisk.push(name);
    const archives = Object.keys((await c.run('list_content', null)).results.archive_to_content_type_states_nr_of_contents).sort();
    await c.close?.();
    return { kept, cancelled, afterCancel: afterCancel.length, sizes, cleared, countedAfter, linked, addToLinked, fromLinked, unlinked, stillOnDisk: stillOnDisk.sort(), archives };
  }, PHOTOS);
  expect(second.kept).toEqual(['p0.jpg', 'p1.jpg', 'set/p2.jpg', 'set/p3.jpg']);
  expect(second.cancelled).toMatchObject({ name: 'CancelledError' });
  expect(second.afterCancel).toBeGreaterThanOrEqual(2);
  expect(second.afterCancel).toBeLessThan(9);
  expect(second.sizes.every(Boolean)).toBe(true);
  expect(second.cleared.files).toEqual([]);
  expect(second.countedAfter).toBe(0);
  expect(second.linked).toMatchObject({ source: 'linked', linkedName: 'picked-by-user', needsPermission: false });
  expect(second.linked.files.map((f: any) => f.name)).toEqual(['mine0.jpg', 'mine1.jpg']);
  expect(second.addToLinked).toMatchObject({ name: 'ValidationError', field: 'files' });
  expect(second.fromLinked).toEqual(['mine0.jpg', 'mine1.jpg']);
  expect(second.unlinked).toMatchObject({ source: 'opfs', linkedName: null, files: [] });
  expect(second.stillOnDisk).toEqual(['mine0.jpg', 'mine1.jpg']);
  expect(second.archives).toEqual(['from-folder', 'from-linked']);
});
