/**
 * Removal is reversible: remove_content moves contents to the archive's trash with
 * everything they had; restore puts them back under the same ids (vectors, files,
 * thumbnails, search results identical); an exact copy added meanwhile is refused by
 * name; emptying the trash deletes for good; it all survives a reload.
 */
import { test, expect } from './fixtures.js';

test('remove → trash → restore under the same ids; refused when the file came back; empty for good; persists', async ({ harness: page }) => {
  const first = await page.evaluate(async () => {
    const { createCurator } = (window as any).curatekit;
    const c = await createCurator({ dbName: 'trash-test' });
    await c.run('create_archive', { name: 'photos', content_type: 'Image' });
    const index = await (await fetch('/samples/index.json')).json();
    const names: string[] = index.entries.map((e: { file: string }) => e.file).filter((f: string) => f.startsWith('photo-')).slice(0, 6);
    const files = await Promise.all(names.map(async (n) => new File([await (await fetch(`/samples/${n}`)).blob()], n, { type: 'image/jpeg' })));
    const ids = (await c.run('index', { archive: 'photos', files, check_for_redundancy_within_batch: false })).results.name_to_indexed_content_id as Record<string, number>;
    const [a, b] = [ids[names[0]], ids[names[1]]];
    const search = async () => (await c.run('search', { archive: 'photos', indexed_ids_references: [ids[names[2]]], nr_results: 10 })).results.sorted_indexed_ids_with_distances;
    const vec = async (id: number) => Array.from((await c.vectors('photos', [id])).data as Float32Array);
    const before = { search: await search(), vecA: await vec(a), fileA: await (await c.file('photos', a)).arrayBuffer().then((x: ArrayBuffer) => x.byteLength) };
    await c.run('remove_content', { archive: 'photos', archive_content_ids_subset: [a, b] });
    const afterRemove = { count: (await c.contents('photos')).length, trash: (await c.trash('photos')).map((t: any) => ({ id: t.id, name: t.name, thumb: t.thumbnail instanceof Blob })) };
    // b's exact file comes back by indexing: restoring b must not store it twice.
    await c.run('index', { archive: 'photos', files: [files[1]], check_for_redundancy_within_batch: false });
    const restored = await c.restore('photos', [a, b]);
    const afterRestore = { count: (await c.contents('photos')).length, search: await search(), vecA: await vec(a), fileA: await (await c.file('photos', a)).arrayBuffer().then((x: ArrayBuffer) => x.byteLength), trash: (await c.trash('photos')).map((t: any) => t.id) };
    const notInTrash = await c.restore('photos', [9999]).then(() => null, (e: any) => e.name);
    await c.close();
    return { a, b, before, afterRemove, restored, afterRestore, notInTrash };
  });
  expect(first.afterRemove.count).toBe(4);
  expect(first.afterRemove.trash.map((t: { id: number }) => t.id).sort()).toEqual([first.a, first.b].sort());
  expect(first.afterRemove.trash.every((t: { thumb: boolean }) => t.thumb)).toBe(true);
  expect(first.restored.restored).toEqual([first.a]);
  expect(first.restored.refused).toEqual([{ id: first.b, reason: 'an exact copy of its file is in the archive now' }]);
  expect(first.afterRestore.count).toBe(6); // 4 + the re-indexed copy + a
  expect(first.afterRestore.vecA).toEqual(first.before.vecA);
  expect(first.afterRestore.fileA).toBe(first.before.fileA);
  // a is back under its id, at its distance; the re-indexed copy of b has a new id.
  const d = (r: [number, number][], id: number) => r.find(([x]) => x === id)?.[1];
  expect(d(first.afterRestore.search, first.a)).toBeCloseTo(d(first.before.search, first.a)!, 5);
  expect(first.afterRestore.trash).toEqual([first.b]);
  expect(first.notInTrash).toBe('NotFoundError');

  // After a reload the trash is still there; emptying it deletes for good.
  await page.reload();
  const second = await page.evaluate(async (b) => {
    const { createCurator } = (window as any).curatekit;
    const c = await createCurator({ dbName: 'trash-test' });
    const kept = (await c.trash('photos')).map((t: any) => t.id);
    const emptied = await c.emptyTrash('photos');
    const after = (await c.trash('photos')).length;
    const restoreGone = await c.restore('photos', [b]).then(() => null, (e: any) => e.name);
    await c.run('remove_content', { archive: 'photos', delete_archive: true });
    await c.close();
    return { kept, emptied, after, restoreGone };
  }, first.b);
  expect(second).toEqual({ kept: [first.b], emptied: { deleted: 1 }, after: 0, restoreGone: 'NotFoundError' });
});

test('duplicate answers and keeper choices go to the trash with a content and come back with it', async ({ harness: page }) => {
  const out = await page.evaluate(async () => {
    const { createCurator } = (window as any).curatekit;
    const c = await createCurator({ dbName: `trash-decisions-${Date.now()}` });
    await c.run('create_archive', { name: 'p', content_type: 'Image' });
    const index = await (await fetch('/samples/index.json')).json();
    const names: string[] = index.entries.map((e: { file: string }) => e.file).filter((f: string) => f.startsWith('photo-')).slice(0, 4);
    const files = await Promise.all(names.map(async (n) => new File([await (await fetch(`/samples/${n}`)).blob()], n, { type: 'image/jpeg' })));
    const map = (await c.run('index', { archive: 'p', files, check_for_redundancy_within_batch: false })).results.name_to_indexed_content_id as Record<string, number>;
    const [a, b, x, y] = names.map((n) => map[n]);
    await c.answerPairs('p', [{ a, b, same: false }, { a: x, b: y, same: true }, { a: b, b: x, same: false }]);
    await c.setKeeper('p', x, [x, y]);
    const pairsOf = (d: any) => d.pairs.map((p: any) => `${Math.min(p.a, p.b)}-${Math.max(p.a, p.b)}:${p.same}`).sort();
    const before = await c.duplicateDecisions('p');
    await c.run('remove_content', { archive: 'p', archive_content_ids_subset: [b, x] });
    const removed = await c.duplicateDecisions('p');
    // b alone comes back: its answer with a returns; the one with x waits for x.
    await c.restore('p', [b]);
    const oneBack = await c.duplicateDecisions('p');
    await c.restore('p', [x]);
    const allBack = await c.duplicateDecisions('p');
    await c.close();
    return { ids: { a, b, x, y }, before: pairsOf(before), keepersBefore: before.keepers, removed: pairsOf(removed), keepersRemoved: removed.keepers, oneBack: pairsOf(oneBack), allBack: pairsOf(allBack), keepersBack: allBack.keepers };
  });
  const { a, b, x, y } = out.ids;
  const k = (p: number, q: number, same: boolean) => `${Math.min(p, q)}-${Math.max(p, q)}:${same}`;
  expect(out.before).toEqual([k(a, b, false), k(x, y, true), k(b, x, false)].sort());
  expect(out.keepersBefore).toEqual([x]);
  expect(out.removed).toEqual([]);
  expect(out.keepersRemoved).toEqual([]);
  expect(out.oneBack).toEqual([k(a, b, false)]);
  expect(out.allBack).toEqual(out.before);
  expect(out.keepersBack).toEqual([x]);
});
