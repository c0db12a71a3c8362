import { PHOTOS, test, expect } from './fixtures.js';

test('indexes real photos in the worker and searches by example', async ({ harness: page }) => {
  const out = await page.evaluate(async (photos) => {
    const { createCurator } = (window as any).curatekit;
    const curator = await createCurator({ dbName: 'engine-smoke' });
    const info = await curator.warmUp();
    await curator.run('create_archive', { name: 'photos', content_type: 'Image' });
    const files: File[] = [];
    for (const url of photos.slice(0, 4)) {
      const blob = await (await fetch(url)).blob();
      files.push(new File([blob], url.split('/')[3] + '.jpg', { type: 'image/jpeg' }));
    }
    files.push(new File([await (await fetch(photos[0])).blob()], 'copy-of-first.jpg'));
    files.push(new File([new Uint8Array(0)], 'empty.jpg'));
    files.push(new File(['not an image at all'], 'notes.txt'));
    const progress: number[] = [];
    const index = await curator.run('index', { archive: 'photos', files }, { onProgress: (p: any) => progress.push(p.progress) });
    const ids = index.results.name_to_indexed_content_id;
    const firstId = ids[files[0].name];
    const search = await curator.run('search', { archive: 'photos', indexed_ids_references: [firstId], nr_results: 3, get_mean_distance: true });
    const byFile = await curator.run('search', { archive: 'photos', files: [files[1]], nr_results: 1 });
    const list = await curator.run('list_content', null);
    const vecs = await curator.vectors('photos');
    await curator.close();
    return { info, index: index.results, search: search.results, byFile: byFile.results, list: list.results, progress, ids, firstId, secondId: ids[files[1].name], dim: vecs.dim, n: vecs.ids.length };
  }, PHOTOS);
  console.log(JSON.stringify(out.info));
  expect(out.info.backend).toBe('wasm');
  expect(Object.keys(out.ids)).toHaveLength(4);
  expect(out.index.exact_duplicate_file_names).toEqual(['copy-of-first.jpg']);
  expect(out.index.failed_vectorization_names.sort()).toEqual(['empty.jpg', 'notes.txt']);
  expect(out.index.failure_reasons['empty.jpg']).toContain('empty');
  expect(out.search.sorted_indexed_ids_with_distances).toHaveLength(3);
  expect(out.search.sorted_indexed_ids_with_distances.map((p: number[]) => p[0])).not.toContain(out.firstId);
  expect(out.search.mean_distance).toBeGreaterThan(0);
  expect(out.byFile.sorted_indexed_ids_with_distances[0][0]).toBe(out.secondId);
  expect(out.byFile.sorted_indexed_ids_with_distances[0][1]).toBeLessThan(1e-4);
  expect(out.list.archive_to_content_type_states_nr_of_contents.photos.nr_of_contents).toBe(4);
  expect(out.dim).toBe(1792);
  expect(out.n).toBe(4);
  expect(out.progress.at(-1)).toBe(1);
});
