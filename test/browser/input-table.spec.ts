/**
 * docs/job-inputs.md as a user meets it: every input the table calls
 * "refused" or "some values" is run through the local engine with a value it
 * refuses, and must fail with a ValidationError naming that input; every
 * cloud-only job type run locally must fail naming job_type.
 */
import { JOB_SUPPORT } from '../../src/contract/input-support.js';
import { JOB_TYPES, runsLocally } from '../../src/contract/job-types.js';
import { test, expect } from './fixtures.js';

/** A refused value of each refused (or partly refused) input, with what else the job needs. */
const REFUSED: Record<string, Record<string, unknown>> = {
  'create_archive.content_type': { name: 'clips', content_type: 'Video' },
  'extract_similarity_dataset.source_content_type': { archive: 'a', source_content_type: 'Video', max_nr_of_pairs: 5 },
  'extract_similarity_dataset.content_type': { archive: 'a', content_type: 'Text', max_nr_of_pairs: 5 },
  'extract_similarity_dataset.file_urls': { archive: 'a', file_urls: ['https://files.example/a.jpg'], max_nr_of_pairs: 5 },
  'extract_similarity_dataset.download_from_batch_cloud_folder': { archive: 'a', download_from_batch_cloud_folder: true, max_nr_of_pairs: 5 },
  'search.input_content_type': { archive: 'a', input_content_type: 'Text', indexed_ids_references: [1] },
  'fine_tune_vectorizer.content_type': { content_type: 'Video', custom_vectorizer_name: 'v', archive: 'a' },
  'fine_tune_vectorizer.custom_vectorizer_name_for_sampling': { content_type: 'Image', custom_vectorizer_name: 'v', custom_vectorizer_name_for_sampling: 'clips', archive: 'a' },
  'fine_tune_translator.input_content_type': { translator_name: 't', input_content_type: 'Text', training_mappings: [['a', 'b']] },
  'fine_tune_translator.output_content_type': { translator_name: 't', output_content_type: 'Sound', training_mappings: [['a', 'b']] },
};

test('every input the table refuses is refused by name, and cloud-only job types name job_type', async ({ harness: page }) => {
  const rows = JOB_TYPES.flatMap((t) => Object.entries(JOB_SUPPORT[t].inputs).filter(([, f]) => f.local === 'refused' || f.local === 'limited').map(([k]) => `${t}.${k}`));
  // The examples cover the table exactly: a new refused row needs a case here.
  expect(Object.keys(REFUSED).sort()).toEqual(rows.sort());
  const remoteOnly = JOB_TYPES.filter((t) => !runsLocally(t));
  const out = await page.evaluate(
    async ({ cases, remoteOnly }) => {
      const c = await (window as any).curatekit.createCurator({ dbName: `input-table-${Date.now()}` });
      const dim = (await c.listVectorizers())[0].dimension;
      await c.run('create_archive', { name: 'a', content_type: 'Image' });
      await c.run('index', { archive: 'a', vectors: [{ name: 'v', vector: Array.from({ length: dim }, (_, d) => (d === 0 ? 1 : 0)) }] });
      const caught = async (p: Promise<unknown>) => p.then(() => null, (e: any) => ({ name: e.name, field: e.field, message: e.message }));
      const got: Record<string, unknown> = {};
      for (const [key, inputs] of Object.entries(cases)) got[key] = await caught(c.run(key.split('.')[0], inputs, { where: 'local' }));
      for (const t of remoteOnly) got[t] = await caught(c.run(t, {}, { where: 'local' }));
      const contents = (await c.contents('a')).length;
      const archives = Object.keys((await c.run('list_content', null)).results.archive_to_content_type_states_nr_of_contents);
      await c.close();
      return { got, contents, archives };
    },
    { cases: REFUSED, remoteOnly },
  );
  for (const key of Object.keys(REFUSED)) {
    expect(out.got[key], key).toMatchObject({ name: 'ValidationError', field: `inputs.${key.split('.')[1]}` });
  }
  for (const t of remoteOnly) {
    expect(out.got[t], t).toMatchObject({ name: 'ValidationError', field: 'job_type' });
    expect((out.got[t] as { message: string }).message).toContain('runs in Vector Curator Cloud only');
  }
  // Nothing was written by the refused jobs.
  expect(out.contents).toBe(1);
  expect(out.archives).toEqual(['a']);
});
