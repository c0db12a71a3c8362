/** Bad inputs fail with a typed error naming the field, and nothing is written. */
import { test, expect } from './fixtures.js';

test('unknown vectorizer, string vectors and bad curator options are refused before anything is written', async ({ harness: page }) => {
  const out = await page.evaluate(async () => {
    const { createCurator } = (window as any).curatekit;
    const caught = async (p: Promise<unknown>) => {
      try {
        await p;
        return null;
      } catch (e: any) {
        return { name: e.name, field: e.field, rule: e.rule, message: e.message };
      }
    };
    const badOptions = await caught(createCurator({ dbName: 'validate-first', batchSize: 512 }));
    const badThreads = await caught(createCurator({ dbName: 'validate-first', threads: 'many' }));
    const c = await createCurator({ dbName: 'validate-first' });
    const unknown = await caught(c.run('create_archive', { name: 'nope', content_type: 'Image', default_vectorizer: 'no-such-model' }));
    const video = await caught(c.run('create_archive', { name: 'clips', content_type: 'Video' }));
    const listed = Object.keys((await c.run('list_content', null)).results.archive_to_content_type_states_nr_of_contents);
    // An archive created without the default similarity calibration is reported uncalibrated, and clustering by it is refused.
    await c.run('create_archive', { name: 'raw', content_type: 'Image', use_default_similarity_calibration: false });
    await c.run('index', { archive: 'raw', vectors: [{ name: 'x', vector: Array.from({ length: (await c.listVectorizers())[0].dimension }, (_, d) => (d === 0 ? 1 : 0)) }] });
    const rawListed = (await c.run('list_content', null)).results.archive_to_content_type_states_nr_of_contents.raw;
    const uncalibrated = await caught(c.run('cluster_by_calibrated_similarity', { archive: 'raw' }));
    const dim = (await c.listVectorizers())[0].dimension;
    await c.run('create_archive', { name: 'vecs', content_type: 'Image' });
    const strings = await caught(c.run('index', { archive: 'vecs', vectors: [{ name: 'a', vector: Array(dim).fill('1') }] }));
    const contents = (await c.contents('vecs')).length;
    await c.close();
    return { badOptions, badThreads, unknown, video, listed, rawListed, uncalibrated, strings, contents };
  });
  expect(out.badOptions).toMatchObject({ name: 'ValidationError', field: 'options.batchSize', rule: 'int in [1, 256]' });
  expect(out.badThreads).toMatchObject({ name: 'ValidationError', field: 'options.threads' });
  expect(out.unknown).toMatchObject({ name: 'ValidationError', field: 'inputs.default_vectorizer' });
  expect(out.unknown!.message).toContain('no-such-model');
  expect(out.video).toMatchObject({ name: 'ValidationError', field: 'inputs.content_type' });
  expect(out.video!.message).toContain('Video archives run in Vector Curator Cloud only');
  expect(out.listed).toEqual([]);
  expect(out.rawListed).toMatchObject({ calibrated_for_similarity: false, nr_of_contents: 1 });
  expect(out.uncalibrated).toMatchObject({ name: 'ValidationError', field: 'archive' });
  expect(out.uncalibrated!.message).toContain('not calibrated for similarity');
  expect(out.strings).toMatchObject({ name: 'ValidationError', field: 'inputs.vectors[0].vector', rule: 'numbers only' });
  expect(out.contents).toBe(0);
});
