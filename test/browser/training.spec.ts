/**
 * Training in the browser, as a user meets it: real sample images embedded by the
 * default model in the worker, labels imported as example_to_labels.json, a
 * classifier trained with tfjs (wasm) in the worker, stored as versions that
 * survive a reload, classification of archive items and of dropped files,
 * feedback that the next version learns from, cancellation that stores nothing,
 * label errors found among flipped labels, and bad input refused by name.
 */
import { test, expect } from './fixtures.js';

const EMOJI = '/node_modules/emoji-datasource-google/img/google/64/';

test('labels → train → versions → classify → feedback → label errors; cancel stores nothing; persists', async ({ harness: page }) => {
  test.setTimeout(240_000);
  const first = await page.evaluate(async (EMOJI) => {
    const { createCurator } = (window as any).curatekit;
    const c = await createCurator({ dbName: 'training-test' });
    await c.run('create_archive', { name: 'set', content_type: 'Image' });
    const index = await (await fetch('/samples/index.json')).json();
    const entries = index.entries.filter((e: any) => e.kind === 'emoji' || e.kind === 'photo');
    const files = await Promise.all(entries.map(async (e: any) => new File([await (await fetch(`/samples/${e.file}`)).blob()], e.file)));
    await c.run('index', { archive: 'set', files, check_for_redundancy_within_batch: false });
    const exampleToLabels = Object.fromEntries(entries.map((e: any) => [e.file, e.group]));
    const imported = await c.training.importLabels('set', exampleToLabels);
    const epochs: any[] = [];
    const v1 = await c.training.train('set', { onProgress: (p: any) => epochs.push(p) });
    const contents = await c.contents('set');
    const idOf = Object.fromEntries(contents.map((x: any) => [x.name, x.id]));
    const byIds = await c.training.classify('set', { ids: contents.slice(0, 5).map((x: any) => x.id) });
    // Files the archive has never seen: a cat face, an apple, a Japanese flag.
    const unseen = await Promise.all(['1f431.png', '1f34e.png', '1f1ef-1f1f5.png'].map(async (n) => new File([await (await fetch(EMOJI + n)).blob()], n)));
    const broken = new File([new Uint8Array([1, 2, 3])], 'broken.png');
    // Edited copies of the sample photos (never labelled, never trained on).
    const edits = await Promise.all(index.entries.filter((e: any) => e.kind === 'near-duplicate').map(async (e: any) => new File([await (await fetch(`/samples/${e.file}`)).blob()], e.file)));
    const byFiles = await c.training.classify('set', { files: [...unseen, broken], topK: 2 });
    const byEdits = await c.training.classify('set', { files: edits });
    const fb = await c.training.feedback('set', [{ file: unseen[0], predicted: byFiles.predictions[0].predicted, correct: false, labels: ['Animals & Nature'] }]);
    const v2 = await c.training.train('set', { kind: 'mlp' });
    // Cancel half way: nothing stored.
    const ac = new AbortController();
    const cancelled = await c.training
      .train('set', { maxEpochs: 5000, patience: 5000, signal: ac.signal, onProgress: (p: any) => p.epoch === 3 && ac.abort() })
      .then(() => 'finished', (e: any) => e.name);
    const versions = (await c.training.classifiers('set')).map((v: any) => v.version);
    const withV1 = await c.training.classify('set', { version: 1, files: unseen.slice(0, 1) });
    // Flip 4 labels: the label-error search should put them first.
    const flips: Record<number, string[]> = {
      [idOf['emoji-fox_face.png']]: ['Flags'],
      [idOf['emoji-pig.png']]: ['Food & Drink'],
      [idOf[entries.find((e: any) => e.group === 'Flags').file]]: ['Travel & Places'],
      [idOf[entries.find((e: any) => e.group === 'Photographs').file]]: ['Animals & Nature'],
    };
    const flippedPhoto = idOf[entries.find((e: any) => e.group === 'Photographs').file];
    await c.training.setLabels('set', flips);
    const fractions: number[] = [];
    const errors = await c.training.labelErrors('set', { onProgress: (f: number) => fractions.push(f) });
    const bad = {
      unknownId: await c.training.setLabels('set', { 99999: ['x'] }).then(() => null, (e: any) => [e.name, e.field]),
      unknownName: await c.training.importLabels('set', { 'nope.png': 'x' }).then(() => null, (e: any) => [e.name, e.field]),
      longLabel: await c.training.setLabels('set', { [contents[0].id]: ['x'.repeat(101)] }).then(() => null, (e: any) => [e.name, e.field]),
      badKind: await c.training.train('set', { kind: 'forest' }).then(() => null, (e: any) => [e.name, e.field]),
      noVersion: await c.training.classify('set', { version: 42, ids: [contents[0].id] }).then(() => null, (e: any) => e.name),
    };
    await c.run('create_archive', { name: 'one-label', content_type: 'Image' });
    await c.run('index', { archive: 'one-label', files: files.slice(0, 6), check_for_redundancy_within_batch: false });
    await c.training.importLabels('one-label', Object.fromEntries(entries.slice(0, 6).map((e: any) => [e.file, 'same'])));
    const oneLabel = await c.training.train('one-label').then(() => null, (e: any) => [e.name, e.message]);
    await c.close();
    return { byEdits, imported, epochs: epochs.length, lastEpoch: epochs.at(-1), v1, v2, byIds, byFiles, fb, cancelled, versions, withV1, flips: Object.keys(flips).map(Number), flippedPhoto, entriesGroups: entries.map((e: any) => e.group), errors, fractions, bad, oneLabel, entries: entries.length };
  }, EMOJI);

  expect(first.imported.labelled).toBe(first.entries);
  expect(first.imported.counts.map((x: any) => x.label).sort()).toEqual(['Animals & Nature', 'Flags', 'Food & Drink', 'Photographs', 'Travel & Places']);
  const v1 = first.v1;
  expect(v1.version).toBe(1);
  expect(v1.labels).toHaveLength(5);
  expect(v1.metrics.backend).toBe('wasm');
  expect(v1.metrics.testSize + v1.metrics.trainSize).toBe(first.entries);
  expect(v1.metrics.confusion.flat().reduce((a: number, b: number) => a + b, 0)).toBe(v1.metrics.testSize);
  expect(v1.metrics.accuracy).toBeGreaterThanOrEqual(0.6);
  expect(first.epochs).toBe(v1.metrics.epochs);
  expect(first.lastEpoch.phase).toBe('train');
  expect(first.byIds.predictions).toHaveLength(5);
  for (const p of first.byIds.predictions) {
    expect(p.labels).toHaveLength(3);
    expect(p.labels[0].probability).toBeGreaterThanOrEqual(p.labels[1].probability);
    expect(['high', 'medium', 'low']).toContain(p.confidence);
  }
  const f = first.byFiles.predictions;
  expect(f.map((p: any) => p.name)).toEqual(['1f431.png', '1f34e.png', '1f1ef-1f1f5.png', 'broken.png']);
  for (const p of f.slice(0, 3)) expect(p.labels).toHaveLength(2);
  // Photos vs emoji is the easy distinction on this small set: every edited photo is a photograph.
  expect(first.byEdits.predictions.map((p: any) => p.predicted[0])).toEqual(first.byEdits.predictions.map(() => 'Photographs'));
  expect(f[3].error).toBeTruthy();
  expect(f[3].labels).toEqual([]);
  expect(first.fb).toEqual({ labelled: 0, examples: 1 });
  expect(first.v2.version).toBe(2);
  expect(first.v2.kind).toBe('mlp');
  expect(first.v2.dataset.feedbackExamples).toBe(1);
  expect(first.cancelled).toBe('CancelledError');
  expect(first.versions).toEqual([2, 1]);
  expect(first.withV1.version).toBe(1);
  // Label errors on 69 items (cross-validated accuracy ~0.6; the numbers that matter are bench:train's):
  // the photo labelled as an animal is the easy one (photos vs emoji) and is in the top 4; at least
  // half of the 4 flips are flagged at all. Measured: the photo 2nd, the fox labelled a flag 7th of 29.
  const rank = (id: number) => first.errors.issues.findIndex((i: any) => i.id === id);
  expect(rank(first.flippedPhoto)).toBeGreaterThanOrEqual(0);
  expect(rank(first.flippedPhoto)).toBeLessThan(first.flips.length);
  expect(first.flips.filter((id: number) => rank(id) >= 0).length).toBeGreaterThanOrEqual(2);
  // The rule: another label strictly more probable than the given one; lowest given probability first.
  first.errors.issues.forEach((i: any, k: number) => {
    expect(i.suggested).not.toBe(i.given);
    expect(i.suggestedProbability).toBeGreaterThan(i.givenProbability);
    if (k > 0) expect(i.givenProbability).toBeGreaterThanOrEqual(first.errors.issues[k - 1].givenProbability);
  });
  expect(Object.keys(first.errors.thresholds).sort()).toEqual([...new Set(first.entriesGroups as string[])].sort());
  expect(first.errors.checked).toBe(first.entries);
  expect(first.fractions.at(-1)).toBe(1);
  expect(first.bad).toEqual({
    unknownId: ['ValidationError', 'labels[99999]'],
    unknownName: ['ValidationError', 'exampleToLabels["nope.png"]'],
    longLabel: ['ValidationError', expect.stringMatching(/^labels\[\d+\]\[0\]$/)],
    badKind: ['ValidationError', 'options.kind'],
    noVersion: 'NotFoundError',
  });
  expect(first.oneLabel?.[0]).toBe('ValidationError');
  expect(first.oneLabel?.[1]).toMatch(/at least 2 distinct labels/);

  // Versions and labels survive a reload; deleting the archive removes them.
  await page.reload();
  const second = await page.evaluate(async () => {
    const { createCurator } = (window as any).curatekit;
    const c = await createCurator({ dbName: 'training-test' });
    const versions = (await c.training.classifiers('set')).map((v: any) => [v.version, v.kind]);
    const labels = (await c.training.labels('set')).labelled;
    const exported = await c.training.exportLabels('set');
    const again = await c.training.classify('set', { vectors: [{ name: 'zero', vector: new Float32Array((await c.training.classifiers('set'))[0].dim) }] });
    await c.run('remove_content', { archive: 'set', delete_archive: true });
    await c.run('create_archive', { name: 'set', content_type: 'Image' });
    const afterDelete = { versions: (await c.training.classifiers('set')).length, labels: (await c.training.labels('set')).labelled };
    await c.close();
    return { versions, labels, exported: Object.keys(exported).length, again: again.predictions.length, afterDelete };
  });
  expect(second.versions).toEqual([[2, 'mlp'], [1, 'logistic']]);
  expect(second.labels).toBe(first.entries);
  expect(second.exported).toBe(first.entries);
  expect(second.again).toBe(1);
  expect(second.afterDelete).toEqual({ versions: 0, labels: 0 });
});
