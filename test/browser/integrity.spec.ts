/**
 * curator.integrity(archive): sound after index, remove, restore and a worker killed
 * mid-index; and it does fail — each kind of damage written straight into IndexedDB
 * (a leftover thumbnail and file, a lost vector row, a content count off)
 * is named in its problems.
 */
import { test, expect } from './fixtures.js';

test('integrity is ok on a sound archive and names every kind of damage', async ({ harness: page }) => {
  const out = await page.evaluate(async () => {
    const { createCurator } = (window as any).curatekit;
    const dbName = `integrity-${Date.now()}`;
    const c = await createCurator({ dbName, batchSize: 4 });
    await c.run('create_archive', { name: 'a', content_type: 'Image' });
    const index = await (await fetch('/samples/index.json')).json();
    const entries = index.entries.filter((e: any) => e.kind === 'emoji').slice(0, 12);
    const files = await Promise.all(entries.map(async (e: any) => new File([await (await fetch(`/samples/${e.file}`)).blob()], e.file)));
    await c.run('index', { archive: 'a', files, check_for_redundancy_within_batch: false });
    const afterIndex = await c.integrity('a');
    const ids = (await c.contents('a')).map((x: any) => x.id);
    await c.run('remove_content', { archive: 'a', archive_content_ids_subset: ids.slice(0, 3) });
    const afterRemove = await c.integrity('a');
    await c.restore('a', ids.slice(0, 2));
    const afterRestore = await c.integrity('a');
    // A worker killed mid-index.
    let killed = false;
    const more = entries.map((e: any, k: number) => new File([files[k], new Uint8Array([7])], `more-${e.file}`));
    await c.run('index', { archive: 'a', files: more }, { onProgress: (p: any) => { if (p.progress > 0.3 && !killed) { killed = true; c.terminate(); } } }).catch(() => null);
    const d = await createCurator({ dbName });
    const afterKill = await d.integrity('a');
    await d.close();

    // Damage, written straight into the database.
    const raw: IDBDatabase = await new Promise((res, rej) => {
      const r = indexedDB.open(dbName);
      r.onsuccess = () => res(r.result);
      r.onerror = () => rej(r.error);
    });
    const put = (store: string, fn: (s: IDBObjectStore) => void) => new Promise<void>((res, rej) => {
      const tx = raw.transaction(store, 'readwrite');
      fn(tx.objectStore(store));
      tx.oncomplete = () => res();
      tx.onerror = () => rej(tx.error);
    });
    const archiveId: number = await new Promise((res) => {
      const r = raw.transaction('archives').objectStore('archives').index('name').get('a');
      r.onsuccess = () => res(r.result.id);
    });
    await put('thumbnails', (s) => s.put({ archive_id: archiveId, id: 99999, blob: new Blob(['x']) }));
    await put('files', (s) => s.put({ archive_id: archiveId, id: 99998, blob: new Blob(['x']) }));
    await put('archives', (s) => {
      const r = s.get(archiveId);
      r.onsuccess = () => s.put({ ...r.result, content_count: r.result.content_count + 5 });
    });
    // Drop one content's vector row by rewriting its chunk.
    await put('vectors', (s) => {
      const r = s.openCursor(IDBKeyRange.bound([archiveId, '', -Infinity], [archiveId, '\uffff', Infinity]));
      r.onsuccess = () => {
        const cur = r.result!;
        const v = cur.value;
        cur.update({ ...v, ids: v.ids.slice(1), data: v.data.slice(v.dim) });
      };
    });
    raw.close();
    const e = await createCurator({ dbName });
    const damaged = await e.integrity('a');
    await e.close();
    return { afterIndex, afterRemove, afterRestore, afterKill, damaged };
  });
  for (const r of [out.afterIndex, out.afterRemove, out.afterRestore, out.afterKill]) expect(r).toMatchObject({ ok: true, problems: [] });
  expect(out.afterIndex.contents).toBe(12);
  expect(out.afterRemove).toMatchObject({ contents: 9, trash: 3 });
  expect(out.afterRestore).toMatchObject({ contents: 11, trash: 1 });
  expect(Object.values(out.afterIndex.vectors)).toEqual([{ rows: 12, missing: 0 }]);
  expect(out.damaged.ok).toBe(false);
  expect(out.damaged.problems).toEqual(expect.arrayContaining([
    expect.stringMatching(/^content_count says \d+, the archive holds \d+$/),
    expect.stringMatching(/^1 contents have no ".+" vector$/),
    '1 thumbnails belong to no content',
    '1 files belong to no content',
  ]));
});
