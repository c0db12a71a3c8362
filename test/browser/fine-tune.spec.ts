/**
 * fine_tune_vectorizer and fine_tune_translator run locally, as a user meets them: real
 * sample images embedded by the default model in the worker, a fine-tuned vectorizer trained
 * with tfjs from an archive's labels (and from files + example_to_labels.json), used by name in
 * create_archive / index / search / get_vectors, read from stored base vectors; a translator
 * fitted from silhouettes to colour emoji and used by search through data_type_translator_name;
 * both kept across a reload; bad inputs refused by name, a cancelled run keeps nothing.
 */
import { test, expect } from './fixtures.js';

test('fine-tuned vectorizer and translator: trained here, used by name, kept across a reload; bad input refused', async ({ harness: page }) => {
  test.setTimeout(300_000);
  const first = await page.evaluate(async () => {
    const { createCurator } = (window as any).curatekit;
    const c = await createCurator({ dbName: 'fine-tune-test' });
    const errorOf = (p: Promise<unknown>) => p.then(() => null, (e: any) => ({ name: e.name, field: e.field ?? null, message: String(e.message) }));
    const index = await (await fetch('/samples/index.json')).json();
    const entries = index.entries.filter((e: any) => e.kind === 'emoji' || e.kind === 'photo');
    const blobOf = async (file: string) => (await fetch(`/samples/${file}`)).blob();
    const files = await Promise.all(entries.map(async (e: any) => new File([await blobOf(e.file)], e.file)));
    await c.run('create_archive', { name: 'set', content_type: 'Image' });
    await c.run('index', { archive: 'set', files, check_for_redundancy_within_batch: false });
    await c.training.importLabels('set', Object.fromEntries(entries.map((e: any) => [e.file, e.group])));

    // 1. From the archive's labels and stored vectors.
    const progress: number[] = [];
    const job = await c.run('fine_tune_vectorizer', { content_type: 'Image', custom_vectorizer_name: 'tuned', archive: 'set' }, { onProgress: (p: any) => progress.push(p.progress) });
    const models = await c.training.models();
    const vectorizers = await c.listVectorizers();
    const base = await c.vectors('set');
    const tuned = await c.vectors('set', undefined, 'tuned');
    let changed = 0;
    for (let i = 0; i < base.data.length; i++) if (Math.abs(base.data[i] - tuned.data[i]) > 1e-4) changed++;
    const norm0 = Math.hypot(...tuned.data.slice(0, tuned.dim));
    const contents = await c.contents('set');
    const photoIds = contents.filter((x: any) => x.name.startsWith('photo-')).map((x: any) => x.id);
    const searchTuned = await c.run('search', { archive: 'set', custom_vectorizer_name: 'tuned', indexed_ids_references: [photoIds[0]], nr_results: 5 });

    // 2. The documented way: files and example_to_labels.json; then an archive whose default it is.
    const some = entries.filter((_: any, k: number) => k % 3 === 0);
    const someFiles = files.filter((_: any, k: number) => k % 3 === 0);
    const labelsFile = new File([JSON.stringify(Object.fromEntries(some.map((e: any) => [e.file, [e.group]])))], 'example_to_labels.json');
    await c.run('fine_tune_vectorizer', { content_type: 'Image', custom_vectorizer_name: 'tuned-files', files: [...someFiles, labelsFile] });
    await c.run('create_archive', { name: 'new', content_type: 'Image', default_vectorizer: 'tuned-files' });
    const fresh = files.filter((_: any, k: number) => k % 3 === 1).slice(0, 6);
    const indexed = await c.run('index', { archive: 'new', files: fresh, check_for_redundancy_within_batch: false });
    const stored = await c.vectors('new');
    const direct = await c.embed(fresh, 'tuned-files');
    let maxDiff = 0;
    const rowOf = new Map(Array.from(stored.ids as Int32Array, (id: number, r: number) => [id, r]));
    fresh.forEach((f: File, k: number) => {
      const r = rowOf.get(indexed.results.name_to_indexed_content_id[f.name])!;
      for (let j = 0; j < stored.dim; j++) maxDiff = Math.max(maxDiff, Math.abs(stored.data[r * stored.dim + j] - direct.vectors[k * direct.dim + j]));
    });
    const searchNew = await c.run('search', { archive: 'new', files: [fresh[2]], nr_results: 1 });
    // Near-duplicates of an archive whose default is fine-tuned are judged in the base space:
    // a re-drawn copy of one file, its pair's similarity is the base cosine, not the fine-tuned one.
    const bmp = await createImageBitmap(fresh[0]);
    const canvas = new OffscreenCanvas(Math.round(bmp.width * 0.9), Math.round(bmp.height * 0.9));
    canvas.getContext('2d')!.drawImage(bmp, 0, 0, canvas.width, canvas.height);
    const copy = new File([await canvas.convertToBlob({ type: 'image/png' })], 'copy-of-first.png');
    const copyId = (await c.run('index', { archive: 'new', files: [copy], check_for_redundancy_within_batch: false, check_for_redundancy_against_archived: false })).results.name_to_indexed_content_id['copy-of-first.png'];
    const firstId = indexed.results.name_to_indexed_content_id[fresh[0].name];
    const groups = await c.duplicates('new', { threshold: 0.5 });
    const pair = groups.flatMap((g: any) => g.pairs).find((p: any) => [p.a, p.b].sort().join() === [firstId, copyId].sort().join());
    const cos = (v: any) => {
      const r = Array.from(v.ids as Int32Array);
      const x = v.data.subarray(r.indexOf(firstId) * v.dim, (r.indexOf(firstId) + 1) * v.dim);
      const y = v.data.subarray(r.indexOf(copyId) * v.dim, (r.indexOf(copyId) + 1) * v.dim);
      let s = 0;
      for (let j = 0; j < v.dim; j++) s += x[j] * y[j];
      return s;
    };
    const baseName = (await c.listVectorizers()).find((m: any) => m.id === 'tuned-files').fineTunedFrom;
    const dupSpace = { reported: pair?.similarity ?? null, base: cos(await c.vectors('new', [firstId, copyId], baseName)), tuned: cos(await c.vectors('new', [firstId, copyId])) };
    await c.run('remove_content', { archive: 'new', archive_content_ids_subset: [copyId] });

    // 3. A translator: black silhouettes of the emoji (input) → the colour emoji (output).
    // Not the flags: their silhouettes are all the same rectangle.
    const emojiAll = entries.filter((e: any) => e.kind === 'emoji' && e.group !== 'Flags');
    const { silhouette } = await import('/test/shared/silhouette.ts' as string);
    const shapesAll = await Promise.all(emojiAll.map(async (e: any) => new File([await silhouette(await blobOf(e.file))], `shape-${e.file}`)));
    await c.run('create_archive', { name: 'shapes', content_type: 'Image' });
    const shaped = await c.run('index', { archive: 'shapes', files: shapesAll, check_for_redundancy_within_batch: false, check_for_redundancy_against_archived: false });
    // Byte-identical silhouettes are stored once: pair only those stored.
    const keep = shapesAll.map((f: File) => f.name in shaped.results.name_to_indexed_content_id);
    const emoji = emojiAll.filter((_: any, k: number) => keep[k]);
    const shapes = shapesAll.filter((_: any, k: number) => keep[k]);
    const pairs = emoji.map((e: any) => [`shape-${e.file}`, e.file]);
    await c.run('fine_tune_translator', { translator_name: 'shape-to-emoji', input_archive: 'shapes', output_archive: 'set', training_mappings: pairs });
    const translator = (await c.training.models()).find((m: any) => m.name === 'shape-to-emoji');
    const idOf = Object.fromEntries(contents.map((x: any) => [x.name, x.id]));
    const emojiIds = emoji.map((e: any) => idOf[e.file]);
    let viaTranslator = 0;
    let plain = 0;
    for (let k = 0; k < shapes.length; k++) {
      const t = await c.run('search', { archive: 'set', data_type_translator_name: 'shape-to-emoji', files: [shapes[k]], archive_content_ids_subset: emojiIds, nr_results: 1 });
      const p = await c.run('search', { archive: 'set', files: [shapes[k]], archive_content_ids_subset: emojiIds, nr_results: 1 });
      if (t.results.sorted_indexed_ids_with_distances[0][0] === idOf[emoji[k].file]) viaTranslator++;
      if (p.results.sorted_indexed_ids_with_distances[0][0] === idOf[emoji[k].file]) plain++;
    }

    // 4. Bad input: refused by name, nothing kept.
    const oneLabel = new File([JSON.stringify(Object.fromEntries(some.map((e: any) => [e.file, ['same']])))], 'example_to_labels.json');
    const unknownFile = new File([JSON.stringify({ 'nowhere.png': ['a'], [some[0].file]: ['b'] })], 'example_to_labels.json');
    const ac = new AbortController();
    const errors = {
      oneLabel: await errorOf(c.run('fine_tune_vectorizer', { content_type: 'Image', custom_vectorizer_name: 'x1', files: [...someFiles, oneLabel] })),
      unknownFile: await errorOf(c.run('fine_tune_vectorizer', { content_type: 'Image', custom_vectorizer_name: 'x2', files: [...someFiles, unknownFile] })),
      noLabels: await errorOf(c.run('fine_tune_vectorizer', { content_type: 'Image', custom_vectorizer_name: 'x3', files: someFiles })),
      modelName: await errorOf(c.run('fine_tune_vectorizer', { content_type: 'Image', custom_vectorizer_name: vectorizers.find((m: any) => !m.fineTunedFrom).id, archive: 'set' })),
      video: await errorOf(c.run('fine_tune_vectorizer', { content_type: 'Video', custom_vectorizer_name: 'x4', archive: 'set' })),
      unknownContent: await errorOf(c.run('fine_tune_translator', { translator_name: 'x5', input_archive: 'shapes', output_archive: 'set', training_mappings: [...pairs.slice(0, 10), ['shape-missing.png', pairs[0][1]]] })),
      fewPairs: await errorOf(c.run('fine_tune_translator', { translator_name: 'x6', input_archive: 'shapes', output_archive: 'set', training_mappings: pairs.slice(0, 2) })),
      badPair: await errorOf(c.run('fine_tune_translator', { translator_name: 'x7', input_archive: 'shapes', output_archive: 'set', training_mappings: [['a']] })),
      unknownTranslator: await errorOf(c.run('search', { archive: 'set', data_type_translator_name: 'nope', files: [shapes[0]] })),
      cancelled: await errorOf(c.run('fine_tune_vectorizer', { content_type: 'Image', custom_vectorizer_name: 'x8', archive: 'set' }, { signal: ac.signal, onProgress: (p: any) => p.message?.startsWith('epoch') && ac.abort() })),
    };
    const afterErrors = (await c.training.models()).map((m: any) => m.name).sort();
    const vectorizersEnd = (await c.listVectorizers()).map((m: any) => [m.id, m.fineTunedFrom ?? null]);
    await c.close();
    return {
      job: job.status, results: job.results, progress, models, afterErrors, vectorizers: vectorizersEnd,
      n: base.ids.length, tunedN: tuned.ids.length, dim: tuned.dim, changed, total: base.data.length, norm0,
      searchTuned: searchTuned.results.sorted_indexed_ids_with_distances.length, maxDiff, dupSpace, searchNew: searchNew.results.sorted_indexed_ids_with_distances[0][0],
      freshId: indexed.results.name_to_indexed_content_id[fresh[2].name], translator, viaTranslator, plain, nShapes: shapes.length, errors,
    };
  });
  expect(first.job).toBe('completed');
  expect(first.results).toBeNull(); // as documented
  expect(first.progress.at(-1)).toBe(1);
  expect(first.progress.length).toBeGreaterThan(3);
  const tuned = first.models.find((m: any) => m.name === 'tuned');
  console.log('fine-tuned:', JSON.stringify(tuned.report));
  expect(tuned.kind).toBe('vectorizer');
  expect(tuned.input).toBe('mobilenet_v2_mid');
  expect(tuned.report.examples).toBe(69);
  expect(tuned.report.labels).toHaveLength(5);
  expect(tuned.report.validation.size).toBeGreaterThan(5);
  expect(tuned.report.validation.accuracy).toBeGreaterThanOrEqual(0);
  expect(first.vectorizers).toContainEqual(['tuned', 'mobilenet_v2_mid']);
  expect(first.vectorizers).toContainEqual(['tuned-files', 'mobilenet_v2_mid']);
  // Read from the stored base vectors: every content, a different but unit-length vector.
  expect(first.tunedN).toBe(first.n);
  expect(first.changed).toBeGreaterThan(first.total / 2);
  expect(first.norm0).toBeCloseTo(1, 4);
  expect(first.searchTuned).toBe(5);
  // Indexing into an archive of the fine-tuned vectorizer stores what embedding with it gives.
  expect(first.maxDiff).toBeLessThan(2e-3);
  expect(first.searchNew).toBe(first.freshId);
  expect(first.dupSpace.reported).not.toBeNull();
  expect(Math.abs(first.dupSpace.reported! - first.dupSpace.base)).toBeLessThan(1e-4);
  expect(Math.abs(first.dupSpace.base - first.dupSpace.tuned)).toBeGreaterThan(1e-3);
  // The translator: kept, measured, and used by search.
  expect(first.translator.kind).toBe('translator');
  expect(first.translator.report.pairs + first.translator.report.validationPairs).toBe(first.nShapes);
  expect(first.translator.report.validationSource).toBe('held_out');
  expect(first.translator.report.validationPairs).toBe(Math.round(first.nShapes * 0.15));
  expect(first.translator.report.identityRecallAt1).not.toBeNull();
  console.log(`translator: ${first.translator.report.kind}, validation R@1 ${first.translator.report.recallAt1} vs identity ${first.translator.report.identityRecallAt1}; top-1 over all ${first.nShapes} silhouettes: ${first.viaTranslator} via translator, ${first.plain} plain`);
  expect(first.viaTranslator).toBeGreaterThanOrEqual(first.plain);
  const e = first.errors;
  expect(e.oneLabel).toMatchObject({ name: 'ValidationError', field: 'example_to_labels' });
  expect(e.unknownFile).toMatchObject({ name: 'ValidationError', field: 'example_to_labels.json["nowhere.png"]' });
  expect(e.noLabels!.message).toContain('example_to_labels.json is missing');
  expect(e.modelName).toMatchObject({ field: 'inputs.custom_vectorizer_name' });
  expect(e.video).toMatchObject({ field: 'inputs.content_type' });
  expect(e.unknownContent!.message).toContain('"shape-missing.png" is not a content of archive "shapes"');
  expect(e.fewPairs).toMatchObject({ field: 'training_mappings.json' });
  expect(e.badPair).toMatchObject({ field: 'inputs.training_mappings[0]' });
  expect(e.unknownTranslator).toMatchObject({ name: 'NotFoundError' });
  expect(e.cancelled).toMatchObject({ name: 'CancelledError' });
  expect(first.afterErrors).toEqual(['shape-to-emoji', 'tuned', 'tuned-files']);

  // Kept across a reload: listed, and usable by name.
  await page.reload();
  const second = await page.evaluate(async () => {
    const { createCurator } = (window as any).curatekit;
    const c = await createCurator({ dbName: 'fine-tune-test' });
    const vectorizers = (await c.listVectorizers()).map((m: any) => m.id);
    const contents = await c.contents('set');
    const s = await c.run('search', { archive: 'set', custom_vectorizer_name: 'tuned', indexed_ids_references: [contents[0].id], nr_results: 3 });
    const shape = (await c.contents('shapes'))[0];
    const file = new File([await c.file('shapes', shape.id)], shape.name);
    const t = await c.run('search', { archive: 'set', data_type_translator_name: 'shape-to-emoji', files: [file], nr_results: 3 });
    const models = (await c.training.models()).map((m: any) => m.name).sort();
    // Deleting: a vectorizer an archive embeds with is refused by name; the others go, and are gone.
    const errorOf = (p: Promise<unknown>) => p.then(() => null, (e: any) => ({ name: e.name, field: e.field ?? null, message: String(e.message) }));
    const inUse = await errorOf(c.training.deleteModel('vectorizer', 'tuned-files'));
    const delTuned = await c.training.deleteModel('vectorizer', 'tuned');
    const delTranslator = await c.training.deleteModel('translator', 'shape-to-emoji');
    const again = await c.training.deleteModel('translator', 'shape-to-emoji');
    const gone = await errorOf(c.run('search', { archive: 'set', custom_vectorizer_name: 'tuned', indexed_ids_references: [contents[0].id] }));
    const left = (await c.training.models()).map((m: any) => m.name);
    const vectorizersLeft = (await c.listVectorizers()).map((m: any) => m.id);
    await c.close();
    return { vectorizers, s: s.results.sorted_indexed_ids_with_distances.length, t: t.results.sorted_indexed_ids_with_distances.length, models, inUse, delTuned, delTranslator, again, gone, left, vectorizersLeft };
  });
  expect(second.vectorizers).toContain('tuned');
  expect(second.s).toBe(3);
  expect(second.t).toBe(3);
  expect(second.models).toEqual(['shape-to-emoji', 'tuned', 'tuned-files']);
  expect(second.inUse).toMatchObject({ name: 'ValidationError', field: 'name' });
  expect(second.inUse!.message).toContain('"new"');
  expect([second.delTuned, second.delTranslator, second.again]).toEqual([{ deleted: true }, { deleted: true }, { deleted: false }]);
  expect(second.gone).toMatchObject({ name: 'NotFoundError' });
  expect(second.left).toEqual(['tuned-files']);
  expect(second.vectorizersLeft).not.toContain('tuned');
  expect(second.vectorizersLeft).toContain('tuned-files');
});
