import { describe, expect, it } from 'vitest';
import { chooseWhere } from '../../../src/client/where.js';
import { ValidationError } from '../../../src/contract/errors.js';
import { JOB_TYPES, REMOTE_ONLY_JOB_TYPES, runsLocally } from '../../../src/contract/job-types.js';
import type { JobType } from '../../../src/contract/jobs.js';

const refusal = (fn: () => unknown): ValidationError => {
  try {
    fn();
  } catch (e) {
    return e as ValidationError;
  }
  throw new Error('expected a ValidationError');
};

describe('JOB_TYPES', () => {
  it('lists the 23 documented job types once each, 2 of them cloud-only', () => {
    expect(JOB_TYPES).toHaveLength(23);
    expect(new Set(JOB_TYPES).size).toBe(23);
    expect(Object.keys(REMOTE_ONLY_JOB_TYPES).sort()).toEqual(['sample_data', 'trim_by_highlights']);
    expect(JOB_TYPES.filter(runsLocally)).toHaveLength(21);
    // Own keys only: Object.prototype members are not job types.
    expect(runsLocally('toString' as JobType)).toBe(true);
  });
});

describe('chooseWhere', () => {
  it("'auto' runs locally what the engine runs, and sends cloud-only job types to the remote runner", () => {
    expect(chooseWhere('index', { archive: 'a', files: [] }, 'auto', true)).toBe('local');
    expect(chooseWhere('search', { archive: 'a' }, 'auto', false)).toBe('local');
    for (const t of Object.keys(REMOTE_ONLY_JOB_TYPES) as JobType[]) expect(chooseWhere(t, {}, 'auto', true)).toBe('remote');
  });

  it("'auto' reads the local batch folder when it holds files, else sends the job to the cloud's (unless it carries local data)", () => {
    expect(chooseWhere('index', { archive: 'a', download_from_batch_cloud_folder: true }, 'auto', true)).toBe('remote');
    expect(chooseWhere('index', { archive: 'a', download_from_batch_cloud_folder: true }, 'auto', true, { translators: new Set(), batchFiles: 3 })).toBe('local');
    expect(chooseWhere('clear_batch_folder', null, 'auto', true)).toBe('remote');
    expect(chooseWhere('clear_batch_folder', null, 'auto', true, { translators: new Set(), batchFiles: 1 })).toBe('local');
    expect(chooseWhere('clear_batch_folder', null, 'auto', false)).toBe('local');
    expect(chooseWhere('index', { archive: 'a', download_from_batch_cloud_folder: true }, 'remote', true, { translators: new Set(), batchFiles: 3 })).toBe('remote');
    expect(chooseWhere('index', { archive: 'a', download_from_batch_cloud_folder: true }, 'auto', false)).toBe('local');
    expect(chooseWhere('index', { archive: 'a', download_from_batch_cloud_folder: true, files: [{ name: 'x.jpg', blob: new Blob() }] }, 'auto', true)).toBe('local');
    expect(chooseWhere('index', { archive: 'a', download_from_batch_cloud_folder: false }, 'auto', true)).toBe('local');
  });

  it("'auto' sends archives of other content types and translator searches to the remote runner", () => {
    expect(chooseWhere('create_archive', { name: 'v', content_type: 'Video' }, 'auto', true)).toBe('remote');
    expect(chooseWhere('create_archive', { name: 'v', content_type: 'Image' }, 'auto', true)).toBe('local');
    expect(chooseWhere('search', { archive: 'a', data_type_translator_name: 't', file_urls: ['https://x/y.jpg'] }, 'auto', true)).toBe('remote');
    expect(chooseWhere('create_archive', { name: 'v', content_type: 'Video' }, 'auto', false)).toBe('local');
    // A translator fitted here runs here.
    expect(chooseWhere('search', { archive: 'a', data_type_translator_name: 't', file_urls: ['https://x/y.jpg'] }, 'auto', true, { translators: new Set(['t']) })).toBe('local');
    expect(chooseWhere('search', { archive: 'a', data_type_translator_name: 't', file_urls: ['https://x/y.jpg'] }, 'auto', true, { translators: new Set(['other']) })).toBe('remote');
  });

  it("'auto' sends fine-tuning to the cloud when one is configured, unless its data is local (files, mappings, archives)", () => {
    expect(chooseWhere('fine_tune_vectorizer', { content_type: 'Image', custom_vectorizer_name: 'm', file_urls: ['https://x/e.json'] }, 'auto', true)).toBe('remote');
    expect(chooseWhere('fine_tune_vectorizer', { content_type: 'Image', custom_vectorizer_name: 'm', file_urls: ['https://x/e.json'] }, 'auto', false)).toBe('local');
    expect(chooseWhere('fine_tune_vectorizer', { content_type: 'Image', custom_vectorizer_name: 'm', archive: 'photos' }, 'auto', true)).toBe('local');
    expect(chooseWhere('fine_tune_vectorizer', { content_type: 'Image', custom_vectorizer_name: 'm', files: [new File([], 'a.jpg')] }, 'auto', true)).toBe('local');
    expect(chooseWhere('fine_tune_translator', { translator_name: 't', input_archive: 'a', output_archive: 'b', training_mappings: [['x', 'y']] }, 'auto', true)).toBe('local');
    expect(chooseWhere('fine_tune_translator', { translator_name: 't', file_urls: ['https://x/m.json'] }, 'auto', true)).toBe('remote');
  });

  it("'auto' without a remote runner refuses a cloud-only job type by name, saying how to run it", () => {
    const e = refusal(() => chooseWhere('sample_data', {}, 'auto', false));
    expect(e).toBeInstanceOf(ValidationError);
    expect(e.field).toBe('job_type');
    expect(e.message).toContain('sample_data runs in Vector Curator Cloud only');
    expect(e.message).toContain('createCurator({ remote');
  });

  it("'local' and 'remote' are obeyed; 'remote' needs a remote runner", () => {
    expect(chooseWhere('create_archive', { name: 'a', content_type: 'Image' }, 'remote', true)).toBe('remote');
    expect(chooseWhere('sample_data', {}, 'local', true)).toBe('local');
    expect(refusal(() => chooseWhere('list_content', null, 'remote', false)).field).toBe('options.where');
  });

  it('refuses an unknown where, and leaves unknown job types to the engine to refuse', () => {
    for (const w of ['cloud', '', null, 1, undefined]) expect(refusal(() => chooseWhere('list_content', null, w, true)).field).toBe('options.where');
    expect(chooseWhere('no_such_job' as JobType, {}, 'auto', true)).toBe('local');
  });
});
