/**
 * The cloud-only job types (fine-tuning, sampling) through the typed
 * VectorCuratorClient, against the conformance server: documented inputs
 * checked before a request, the dataset files read from file_urls or the
 * batch folder, the fine-tuned names usable by later jobs, result files
 * downloadable.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RemoteError, ValidationError } from '../../../src/contract/errors.js';
import { VectorCuratorClient } from '../../../src/cloud/index.js';
import { DEFAULT_VC_USERS, startVectorCuratorServer, type TestServer, type VcState } from '../../servers/index.js';
import { fastPoll, fastRetry, rejection } from './helpers.js';

let server: TestServer<VcState>;
const [alice, reader] = DEFAULT_VC_USERS;
const make = (user = alice) => new VectorCuratorClient({ baseUrl: server.url, usernameOrEmail: user.email, password: user.password, retry: fastRetry, poll: fastPoll });
const media = (names: string[]) => names.map((n) => `https://files.example.com/set/${n}`);
/** Host a JSON file on the server's download route, as a user would host it anywhere. */
const host = (id: string, name: string, body: unknown) => {
  server.state.downloads.set(id, { name, body: JSON.stringify(body) });
  return `${server.url}/downloads/${id}/${name}`;
};

beforeAll(async () => {
  server = await startVectorCuratorServer({ queueMs: 2, runMs: 5 });
});
afterAll(() => server.close());
// The conformance server checks every body and result it produces against the documented schemas.
afterAll(() => expect(server.state.schemaViolations).toEqual([]));

describe('VectorCuratorClient: fine_tune_vectorizer', () => {
  it('fine-tunes from file_urls with example_to_labels.json, and the new vectorizer can then be named by index', async () => {
    const c = make();
    const files = ['a.jpg', 'b.jpg', 'c.jpg'];
    const labels = host('l1', 'example_to_labels.json', { 'a.jpg': ['cat'], 'b.jpg': ['dog', 'pet'], 'c.jpg': ['cat'] });
    const job = await c.run('fine_tune_vectorizer', { content_type: 'Image', custom_vectorizer_name: 'pets-v1', file_urls: [...media(files), labels] });
    expect(job.status).toBe('completed');
    expect(job.results).toBeNull();
    expect(server.state.accounts.get('alice')!.vectorizers.get('pets-v1')).toEqual({ content_type: 'Image', examples: 3, labels: ['cat', 'dog', 'pet'] });

    await c.run('create_archive', { name: 'pets', content_type: 'Image' });
    const indexed = await c.run('index', { archive: 'pets', custom_vectorizer_name: 'pets-v1', file_urls: media(['d.jpg']) });
    expect(Object.keys(indexed.results.name_to_indexed_content_id)).toEqual(['d.jpg']);
    const e = await rejection(c.run('index', { archive: 'pets', custom_vectorizer_name: 'never-trained', file_urls: media(['e.jpg']) }));
    expect(e).toBeInstanceOf(RemoteError);
    expect(e.message).toContain('Custom vectorizer "never-trained" does not exist');
  });

  it('reads the labels from the batch folder', async () => {
    const acc = server.state.accounts.get('alice')!;
    acc.batchFolder = ['x.jpg', 'y.jpg', 'example_to_labels.json'];
    acc.batchContents.set('example_to_labels.json', JSON.stringify({ 'x.jpg': ['sky'], 'y.jpg': ['sea'] }));
    await make().run('fine_tune_vectorizer', { content_type: 'Image', custom_vectorizer_name: 'ftp-v1', download_from_batch_cloud_folder: true });
    expect(acc.vectorizers.get('ftp-v1')?.labels).toEqual(['sea', 'sky']);
    await make().run('clear_batch_folder', null);
    expect(acc.batchContents.size).toBe(0);
  });

  it('fails remotely with the service message when the labels file is missing or names a file that was not sent', async () => {
    const missing = await rejection(make().run('fine_tune_vectorizer', { content_type: 'Image', custom_vectorizer_name: 'v', file_urls: media(['a.jpg']) }));
    expect(missing).toBeInstanceOf(RemoteError);
    expect(missing.message).toContain('Missing example_to_labels.json');
    const stray = host('l2', 'example_to_labels.json', { 'zzz.jpg': ['cat'] });
    const e = await rejection(make().run('fine_tune_vectorizer', { content_type: 'Image', custom_vectorizer_name: 'v', file_urls: [...media(['a.jpg']), stray] }));
    expect(e.message).toContain('"zzz.jpg", which is not among the files');
  });

  it('refuses bad inputs by name before any request', async () => {
    const c = make();
    const before = server.count('POST', '/jobs');
    const noName = await rejection(c.run('fine_tune_vectorizer', { content_type: 'Image', file_urls: media(['a.jpg']) } as never));
    expect(noName).toBeInstanceOf(ValidationError);
    expect((noName as ValidationError).field).toBe('inputs.custom_vectorizer_name');
    const badType = await rejection(c.run('fine_tune_vectorizer', { content_type: 'Picture', custom_vectorizer_name: 'v', file_urls: media(['a.jpg']) } as never));
    expect((badType as ValidationError).field).toBe('inputs.content_type');
    const noData = await rejection(c.run('fine_tune_vectorizer', { content_type: 'Image', custom_vectorizer_name: 'v' }));
    expect((noData as ValidationError).field).toBe('inputs.file_urls');
    expect(server.count('POST', '/jobs')).toBe(before);
  });

  it('needs write privileges', async () => {
    const labels = host('l3', 'example_to_labels.json', { 'a.jpg': ['cat'] });
    const e = await rejection(make(reader).run('fine_tune_vectorizer', { content_type: 'Image', custom_vectorizer_name: 'r', file_urls: [...media(['a.jpg']), labels] }));
    expect(e).toBeInstanceOf(RemoteError);
    expect(e.message).toContain('["write"] required');
  });
});

describe('VectorCuratorClient: fine_tune_translator', () => {
  it('fine-tunes from training_mappings.json (15 % held out without a validation file), then search can name the translator', async () => {
    const c = make();
    const pairs = Array.from({ length: 20 }, (_, i) => [`in${i}.jpg`, `out${i}.jpg`]);
    await c.run('fine_tune_translator', { translator_name: 'sketch-to-photo', file_urls: [host('m1', 'training_mappings.json', pairs)] });
    expect(server.state.accounts.get('alice')!.translators.get('sketch-to-photo')).toEqual({ training: 17, validation: 3 });
    await c.run('fine_tune_translator', { translator_name: 'with-validation', file_urls: [host('m2', 'training_mappings.json', pairs), host('m3', 'validation_mappings.json', pairs.slice(0, 5))] });
    expect(server.state.accounts.get('alice')!.translators.get('with-validation')).toEqual({ training: 20, validation: 5 });

    await c.run('create_archive', { name: 'photos-t', content_type: 'Image' });
    await c.run('index', { archive: 'photos-t', file_urls: media(['p1.jpg', 'p2.jpg']) });
    const hits = await c.run('search', { archive: 'photos-t', data_type_translator_name: 'sketch-to-photo', file_urls: media(['s.jpg']) });
    expect(hits.results.sorted_indexed_ids_with_distances).toHaveLength(2);
    const e = await rejection(c.run('search', { archive: 'photos-t', data_type_translator_name: 'nope', file_urls: media(['s.jpg']) }));
    expect(e.message).toContain('Translator "nope" does not exist');
  });

  it('rejects a mappings file that is not a list of pairs', async () => {
    const e = await rejection(make().run('fine_tune_translator', { translator_name: 't', file_urls: [host('m4', 'training_mappings.json', [['only-one']])] }));
    expect(e.message).toContain('training_mappings.json: a non-empty list of [input_name, output_name] pairs');
  });
});

describe('VectorCuratorClient: sample_data and trim_by_highlights', () => {
  it('sample_data returns one [file name, download URL] per sample, and the URLs serve files', async () => {
    const job = await make().run('sample_data', { source_content_type: 'Video', content_type: 'Image', time_intervals_or_highlights: 'time_intervals', time_interval: 2.5, nr_samples_per_file: 2, file_urls: media(['clip.mp4', 'talk.mp4']) });
    const got = job.results.samples_file_names_with_download_urls;
    expect(got.map((s) => s[0])).toEqual(['clip_sample_1.jpg', 'clip_sample_2.jpg', 'talk_sample_1.jpg', 'talk_sample_2.jpg']);
    const res = await fetch(got[3][1]);
    expect(res.status).toBe(200);
    expect(await res.text()).toContain('sample 2 of talk.mp4');
    expect((await fetch(`${server.url}/downloads/nothing/x.jpg`)).status).toBe(404);
  });

  it('sample_data takes 3 samples per file by default; a non-positive time_interval is refused before a request', async () => {
    const job = await make().run('sample_data', { source_content_type: 'Sound', content_type: 'Sound', time_intervals_or_highlights: 'highlights', file_urls: media(['a.wav']) });
    expect(job.results.samples_file_names_with_download_urls.map((s) => s[0])).toEqual(['a_sample_1.wav', 'a_sample_2.wav', 'a_sample_3.wav']);
    const e = await rejection(make().run('sample_data', { source_content_type: 'Sound', content_type: 'Sound', time_intervals_or_highlights: 'time_intervals', time_interval: 0, file_urls: media(['a.wav']) }));
    expect((e as ValidationError).field).toBe('inputs.time_interval');
  });

  it('trim_by_highlights returns nr_trims_per_file trims per file; min above max is refused before a request', async () => {
    const job = await make().run('trim_by_highlights', { source_content_type: 'Sound', nr_trims_per_file: 3, max_trim_size: 10, file_urls: media(['song.wav']) });
    expect(job.results.trims_file_names_with_download_urls.map((t) => t[0])).toEqual(['song_trim_1.wav', 'song_trim_2.wav', 'song_trim_3.wav']);
    const e = await rejection(make().run('trim_by_highlights', { source_content_type: 'Video', nr_trims_per_file: 1, max_trim_size: 5, min_trim_size: 8, file_urls: media(['v.mp4']) }));
    expect(e).toBeInstanceOf(ValidationError);
    expect((e as ValidationError).field).toBe('inputs.min_trim_size');
    const img = await rejection(make().run('trim_by_highlights', { source_content_type: 'Image', nr_trims_per_file: 1, max_trim_size: 5, file_urls: media(['v.mp4']) } as never));
    expect((img as ValidationError).field).toBe('inputs.source_content_type');
  });
});

describe('VectorCuratorClient: runRaw', () => {
  it('sends a job type and inputs as given, and resolves with the completed job', async () => {
    const before = server.count('POST', '/jobs');
    const job = await make().runRaw('list_content', null);
    expect(job.status).toBe('completed');
    expect(server.count('POST', '/jobs') - before).toBe(1);
    const e = await rejection(make().runRaw('no_such_job', {}));
    expect(e).toBeInstanceOf(RemoteError);
    expect(e.message).toContain('Job type "no_such_job" is not available');
  });
});
