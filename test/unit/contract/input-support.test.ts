/**
 * The input table (docs/job-inputs.md) against the connector's reading of the
 * API document: the same documented inputs for every job type, and the local
 * extensions are exactly what the connector refuses to send.
 */
import { describe, expect, it } from 'vitest';
import { JOB_SUPPORT } from '../../../src/contract/input-support.js';
import { JOB_TYPES, runsLocally } from '../../../src/contract/job-types.js';
import { documentedInputs, toRemoteInputs } from '../../../src/cloud/vector-curator/validate.js';
import { ValidationError } from '../../../src/contract/errors.js';

describe('JOB_SUPPORT', () => {
  it('lists every job type', () => {
    expect(Object.keys(JOB_SUPPORT).sort()).toEqual([...JOB_TYPES].sort());
  });

  it.each(JOB_TYPES.map((t) => [t]))('%s: the documented inputs are the connector\'s', (t) => {
    const rows = Object.entries(JOB_SUPPORT[t].inputs);
    expect(rows.filter(([, f]) => f.documented).map(([k]) => k).sort()).toEqual(documentedInputs(t).sort());
  });

  it('marks every input of a cloud-only job type remote, and no input of a local one', () => {
    for (const t of JOB_TYPES) {
      for (const [k, f] of Object.entries(JOB_SUPPORT[t].inputs)) expect(`${t}.${k}:${f.local === 'remote'}`).toBe(`${t}.${k}:${!runsLocally(t)}`);
    }
  });

  it('the local extensions are not sent: the connector refuses each by name', () => {
    const base: Record<string, Record<string, unknown>> = {
      create_archive: { name: 'a', content_type: 'Image' },
      get_vectors: { archive: 'a' },
      pca_vector_dim_reduction: { nr_of_dimensions: 2, archive: 'a' },
      extract_similarity_dataset: { source_content_type: 'Video', content_type: 'Image', max_nr_of_pairs: 5, file_urls: ['https://x.example/v.mp4'] },
      calibrate_similarity: { archive: 'a', file_urls: ['https://x.example/1_a.jpg'] },
      index: { archive: 'a', file_urls: ['https://x.example/a.jpg'] },
      search: { archive: 'a', file_urls: ['https://x.example/a.jpg'] },
      fine_tune_vectorizer: { content_type: 'Image', custom_vectorizer_name: 'mine', file_urls: ['https://x.example/example_to_labels.json'] },
      fine_tune_translator: { translator_name: 't', file_urls: ['https://x.example/training_mappings.json'] },
      send_feedback: { feedback: 'x' },
    };
    const value = (k: string) => (k === 'files' ? [new File([], 'x.jpg')] : k === 'vectors' ? [{ name: 'v', vector: [1, 0] }] : k === 'store_files' ? false : k.endsWith('_mappings') ? [['a', 'b']] : 'x');
    let checked = 0;
    for (const t of JOB_TYPES) {
      for (const [k, f] of Object.entries(JOB_SUPPORT[t].inputs)) {
        if (f.documented) continue;
        expect(base[t], `${t} needs base inputs in this test`).toBeDefined();
        let err: unknown = null;
        try {
          toRemoteInputs(t, { ...base[t], [k]: value(k) });
        } catch (e) {
          err = e;
        }
        expect(err, `${t}.${k}`).toBeInstanceOf(ValidationError);
        expect((err as ValidationError).field).toBe(`inputs.${k}`);
        checked++;
      }
    }
    // 11 local extensions today (files, vectors, store_files, default_vectorizer, archive, custom_vectorizer_name).
    expect(checked).toBeGreaterThanOrEqual(11);
  });
});
