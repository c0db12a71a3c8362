import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { AuthError, CancelledError, RemoteError, ServerError, ValidationError } from '../../../src/contract/errors.js';
import { MemorySecretStore, VectorCuratorClient, type VectorCuratorOptions } from '../../../src/cloud/index.js';
import type { JobProgress } from '../../../src/contract/jobs.js';
import { DEFAULT_VC_USERS, startVectorCuratorServer, type TestServer, type VcState } from '../../servers/index.js';
import { fastPoll, fastRetry, rejection } from './helpers.js';

let server: TestServer<VcState>;
const alice = DEFAULT_VC_USERS[0];
const make = (extra: Partial<VectorCuratorOptions> = {}) =>
  new VectorCuratorClient({ baseUrl: server.url, usernameOrEmail: alice.email, password: alice.password, retry: fastRetry, poll: fastPoll, ...extra });
const urls = (names: string[]) => names.map((n) => `https://files.example.com/set/${n}`);

beforeAll(async () => {
  server = await startVectorCuratorServer({ queueMs: 2, runMs: 5 });
});
afterAll(() => server.close());
// The conformance server checks every body and result it produces against the documented schemas.
afterAll(() => expect(server.state.schemaViolations).toEqual([]));
beforeEach(() => {
  server.clearFaults();
  server.state.statusEndpoint = 'absolute';
});

describe('VectorCuratorClient: session', () => {
  it('logs in with username or e-mail and sends auth_token on jobs', async () => {
    const byName = make({ usernameOrEmail: alice.username });
    await byName.login();
    const job = await byName.run('list_content', null);
    expect(job.status).toBe('completed');
    expect(server.count('POST', '/session/new')).toBeGreaterThanOrEqual(1);
  });

  it('rejects bad credentials with AuthError carrying the documented message', async () => {
    const e = await rejection(make({ password: 'wrong-password' }).login());
    expect(e).toBeInstanceOf(AuthError);
    expect(e.message).toContain('Invalid username or password');
  });

  it('maps a 500 on login to ServerError (after retrying the idempotent login)', async () => {
    const before = server.count('POST', '/session/new');
    server.inject({ kind: 'status', status: 500, times: 10, match: { path: '/session/new' } });
    const e = await rejection(make().login());
    expect(e).toBeInstanceOf(ServerError);
    expect(e.message).toContain('Internal server error');
    expect(server.count('POST', '/session/new') - before).toBe(fastRetry.limit! + 1);
  });

  it('logs in again once when the session token is rejected', async () => {
    const store = new MemorySecretStore();
    const c = make({ secrets: store });
    await c.run('list_content', null);
    server.state.tokens.clear();
    const logins = server.count('POST', '/session/new');
    const job = await c.run('list_content', null);
    expect(job.status).toBe('completed');
    expect(server.count('POST', '/session/new') - logins).toBe(1);
  });

  it('uses a given token without logging in, and fails with AuthError when it is invalid and no password is known', async () => {
    const c = make();
    await c.login();
    const token = [...server.state.tokens.keys()].at(-1)!;
    const logins = server.count('POST', '/session/new');
    const tokenOnly = new VectorCuratorClient({ baseUrl: server.url, token, poll: fastPoll, retry: fastRetry });
    expect((await tokenOnly.run('list_content', null)).status).toBe('completed');
    expect(server.count('POST', '/session/new')).toBe(logins);
    const bad = new VectorCuratorClient({ baseUrl: server.url, token: 'tok-not-valid', poll: fastPoll, retry: fastRetry });
    const e = await rejection(bad.run('list_content', null));
    expect(e).toBeInstanceOf(AuthError);
    expect(e.message).toContain('Not authenticated');
  });

  it('validates its options', () => {
    expect(() => new VectorCuratorClient({ baseUrl: server.url })).toThrow(ValidationError);
    expect(() => new VectorCuratorClient({ baseUrl: server.url, usernameOrEmail: 'a' })).toThrow(/options.password/);
    expect(() => new VectorCuratorClient({ baseUrl: 'ftp://x', token: 't' })).toThrow(/options.baseUrl/);
  });
});

describe('VectorCuratorClient: jobs end to end', () => {
  it('runs the archive workflow with documented inputs and results', async () => {
    const c = make();
    const progress: JobProgress[] = [];
    const created = await c.run('create_archive', { name: 'birds', content_type: 'Image', description: 'garden birds' }, { onProgress: (p) => progress.push(p) });
    expect(created).toMatchObject({ job_type: 'create_archive', status: 'completed', progress: 1, results: null, error: null });
    expect(created.created_at).toBeLessThanOrEqual(created.started_at!);
    expect(created.started_at).toBeLessThanOrEqual(created.finished_at!);
    expect(progress.at(-1)).toMatchObject({ job_id: created.id, progress: 1 });

    const indexed = await c.run('index', { archive: 'birds', file_urls: urls(['a.jpg', 'b.jpg', 'c.jpg', 'd.jpg', 'a.jpg', 'fail.jpg']) });
    expect(Object.keys(indexed.results!.name_to_indexed_content_id).sort()).toEqual(['a.jpg', 'b.jpg', 'c.jpg', 'd.jpg']);
    expect(indexed.results!.exact_duplicate_file_names).toEqual(['a.jpg']);
    expect(indexed.results!.failed_vectorization_names).toEqual(['fail.jpg']);

    const listed = await c.run('list_content', null);
    expect(listed.results!.archive_to_content_type_states_nr_of_contents.birds).toMatchObject({ content_type: 'Image', nr_of_contents: 4, description: 'garden birds' });

    const found = await c.run('search', { archive: 'birds', file_urls: urls(['b.jpg']), nr_results: 2, get_mean_distance: true });
    expect(found.results!.sorted_indexed_ids_with_distances).toHaveLength(2);
    expect(found.results!.sorted_indexed_ids_with_distances[0][1]).toBe(0);
    expect(typeof found.results!.mean_distance).toBe('number');

    const io = await c.run('inliers_outliers', { archive: 'birds' });
    expect(io.results!.content_ids_sorted_by_outliers).toEqual([...io.results!.content_ids_sorted_by_inliers].reverse());

    const cl = await c.run('cluster_by_number_of_clusters', { archive: 'birds', nr_of_clusters: 2 });
    expect(cl.results!.clustered_content_ids.flat().sort()).toEqual([1, 2, 3, 4]);
    const bal = await c.run('data_balance', { clustered_content_ids_sorted_by_decreasing_diversity_with_contents_sorted_by_distance_to_centroid: [[1, 2, 3], [4]] });
    expect(bal.results).toHaveProperty('prioritized_over_represented_ids_to_remove');
    const pca = await c.run('pca_vector_dim_reduction', { archive: 'birds', nr_of_dimensions: 2 });
    expect(Object.values(pca.results!.identifier_to_pca_vector).every((v) => v.length === 2)).toBe(true);

    await c.run('add_urls_to_contents', { archive: 'birds', indexed_content_id_to_url: { 1: 'https://cdn.example.com/1.jpg' } });
    const ids = await c.run('get_archive_ids_and_urls', { archive: 'birds' });
    expect(ids.results!.id_to_download_url[1]).toBe('https://cdn.example.com/1.jpg');
    const vec = await c.run('get_vectors', { archive: 'birds', archive_content_ids_subset: [2] });
    expect(Object.keys(vec.results!.id_to_vector_url)).toEqual(['2']);
    await c.run('update_parameters', { archive: 'birds', nr_similar_allowed: 3 });
    await c.run('remove_content', { archive: 'birds', archive_content_ids_subset: [4] });
    await c.run('send_feedback', { feedback: 'works well' });
    // The list is required unless the archive goes: an omitted one never empties it.
    const before = server.count('POST', '/jobs');
    expect(((await rejection(c.run('remove_content', { archive: 'birds' }))) as ValidationError).field).toBe('inputs.archive_content_ids_subset');
    expect(server.count('POST', '/jobs')).toBe(before);
    await c.run('remove_content', { archive: 'birds', delete_archive: true });
    expect((await c.run('list_content', null)).results!.archive_to_content_type_states_nr_of_contents).toEqual({});
  });

  it('passes download_from_batch_cloud_folder through (files placed there by FTP)', async () => {
    const c = make();
    await c.run('create_archive', { name: 'ftp', content_type: 'Image' });
    server.state.accounts.get('alice')!.batchFolder = ['x.jpg', 'y.jpg'];
    const job = await c.run('index', { archive: 'ftp', download_from_batch_cloud_folder: true });
    expect(Object.keys(job.results!.name_to_indexed_content_id).sort()).toEqual(['x.jpg', 'y.jpg']);
    expect((await c.run('list_content', null)).results!.nr_files_in_batch_folder).toBe(2);
    await c.run('clear_batch_folder', null);
    expect((await c.run('list_content', null)).results!.nr_files_in_batch_folder).toBe(0);
  });

  it('rejects a failed job with RemoteError holding the service error', async () => {
    const e = await rejection(make().run('search', { archive: 'no-such-archive', indexed_ids_references: [1] }));
    expect(e).toBeInstanceOf(RemoteError);
    expect(e.message).toContain('Archive "no-such-archive" does not exist');
    const reader = make({ usernameOrEmail: DEFAULT_VC_USERS[1].username, password: DEFAULT_VC_USERS[1].password });
    expect((await rejection(reader.run('create_archive', { name: 'r', content_type: 'Image' }))).message).toMatch(/privileges/);
  });

  it('follows relative status endpoints and refuses ones on another origin', async () => {
    server.state.statusEndpoint = 'relative';
    expect((await make().run('list_content', null)).status).toBe('completed');
    server.state.statusEndpoint = { origin: 'http://127.0.0.2:9' };
    const e = await rejection(make().run('list_content', null));
    expect(e).toBeInstanceOf(RemoteError);
    expect(e.message).toMatch(/refusing to send credentials/);
  });

  it('maps the documented 400 for a missing job_type', async () => {
    const e = await rejection(make().submit('', null));
    expect(e).toBeInstanceOf(ValidationError);
    const c = make();
    await c.login();
    const token = [...server.state.tokens.keys()].at(-1)!;
    const res = await fetch(`${server.url}/jobs`, { method: 'POST', headers: { auth_token: token, 'content-type': 'application/json' }, body: '{}' });
    expect(res.status).toBe(400);
    expect(await res.json()).toEqual({ error: 'Missing job_type' });
  });
});

describe('VectorCuratorClient: input validation before any request', () => {
  const cases: [string, string, unknown][] = [
    ['create_archive', 'inputs.name', { name: 'x'.repeat(30), content_type: 'Image' }],
    ['create_archive', 'inputs.content_type', { name: 'ok', content_type: 'Picture' }],
    ['create_archive', 'inputs.description', { name: 'ok', content_type: 'Image', description: '' }],
    ['search', 'inputs.nr_results', { archive: 'a', indexed_ids_references: [1], nr_results: 0 }],
    ['search', 'inputs.file_urls', { archive: 'a' }],
    ['index', 'inputs.file_urls', { archive: 'a' }],
    ['index', 'inputs.file_urls[0]', { archive: 'a', file_urls: ['not a url'] }],
    ['index', 'inputs.files', { archive: 'a', files: [new File(['x'], 'x.jpg')] }],
    ['index', 'inputs.vectors', { archive: 'a', vectors: [{ name: 'v', vector: [1, 2] }] }],
    ['index', 'inputs.bogus', { archive: 'a', file_urls: ['https://x/y.jpg'], bogus: 1 }],
    ['send_feedback', 'inputs.feedback', { feedback: 'x'.repeat(1000) }],
    ['update_parameters', 'inputs.nr_similar_allowed', { archive: 'a', nr_similar_allowed: 0 }],
    ['cluster_by_number_of_clusters', 'inputs.nr_of_clusters', { archive: 'a', nr_of_clusters: 1.5 }],
    ['extract_similarity_dataset', 'inputs.archive', { source_content_type: 'Video', content_type: 'Image', max_nr_of_pairs: 5, archive: 'a', file_urls: ['https://x/y.mp4'] }],
    ['list_content', 'inputs', { archive: 'a' }],
    ['get_vectors', 'inputs.custom_vectorizer_name', { archive: 'a', custom_vectorizer_name: 'clip' }],
    // The docs type weights as ints, the PCA url list and the removal list as lists (no None).
    ['inliers_outliers', 'inputs.id_to_preference_weight.1', { archive: 'a', id_to_preference_weight: { 1: 0.5 } }],
    ['search', 'inputs.name_or_id_to_preference_weight.3', { archive: 'a', indexed_ids_references: [3], name_or_id_to_preference_weight: { 3: 1.5 } }],
    ['pca_vector_dim_reduction', 'inputs.file_urls', { archive: 'a', nr_of_dimensions: 2, file_urls: null }],
    ['remove_content', 'inputs.archive_content_ids_subset', { archive: 'a', delete_archive: true, archive_content_ids_subset: null }],
  ];
  it.each(cases)('%s: ValidationError on %s', async (type, field, inputs) => {
    const before = server.requests.length;
    const e = await rejection(make().run(type as 'index', inputs as never));
    expect(e).toBeInstanceOf(ValidationError);
    expect((e as ValidationError).field).toBe(field);
    expect(server.requests.length).toBe(before);
  });

  it('points local files to file_urls and the FTP batch folder', async () => {
    const e = (await rejection(make().run('search', { archive: 'a', files: [new File(['x'], 'q.jpg')] }))) as ValidationError;
    expect(e.rule).toMatch(/file_urls/);
    expect(e.rule).toMatch(/FTP client/);
  });

  it('rejects unknown job types', async () => {
    const e = await rejection(make().run('fly_to_moon' as 'index', { archive: 'a' } as never));
    expect((e as ValidationError).field).toBe('job_type');
  });
});

describe('VectorCuratorClient: retries and cancellation', () => {
  it('never re-POSTs a job, but retries status polls', async () => {
    const c = make();
    await c.login();
    const posts = server.count('POST', '/jobs');
    server.inject({ kind: 'status', status: 500, times: 1, match: { method: 'POST', path: '/jobs' } });
    expect(await rejection(c.run('list_content', null))).toBeInstanceOf(ServerError);
    expect(server.count('POST', '/jobs') - posts).toBe(1);
    server.inject({ kind: 'drop', times: 1, match: { method: 'POST', path: '/jobs' } });
    await rejection(c.run('list_content', null));
    expect(server.count('POST', '/jobs') - posts).toBe(2);
    server.inject({ kind: 'status', status: 503, times: 2, match: { method: 'GET', path: /\/status$/ } });
    server.inject({ kind: 'drop', times: 1, match: { method: 'GET', path: /\/status$/ } });
    expect((await c.run('list_content', null)).status).toBe('completed');
    expect(server.count('POST', '/jobs') - posts).toBe(3);
  });

  it('cancels mid-request', async () => {
    const c = make();
    await c.login();
    server.inject({ kind: 'latency', ms: 500, times: 1, match: { method: 'POST', path: '/jobs' } });
    const ac = new AbortController();
    setTimeout(() => ac.abort(), 30);
    const t0 = Date.now();
    expect(await rejection(c.run('list_content', null, { signal: ac.signal }))).toBeInstanceOf(CancelledError);
    expect(Date.now() - t0).toBeLessThan(450);
  });

  it('cancels mid-poll and stops polling', async () => {
    server.state.runMs = 60_000;
    try {
      const c = make();
      const ac = new AbortController();
      let endpoint = '';
      const p = c.run('list_content', null, { signal: ac.signal, onSubmitted: (s) => (endpoint = s), onProgress: (pr) => pr.message?.includes('running') && ac.abort() });
      const e = await rejection(p);
      expect(e).toBeInstanceOf(CancelledError);
      expect(e.message).toMatch(/remote job may still run/);
      const path = new URL(endpoint).pathname;
      const polls = server.count('GET', path);
      await new Promise((r) => setTimeout(r, 60));
      expect(server.count('GET', path)).toBe(polls);
    } finally {
      server.state.runMs = 5;
    }
  });

  it('resumes polling a submitted job by its status endpoint', async () => {
    const c = make();
    await c.login();
    const endpoint = await c.submit('list_content', null);
    const job = await c.resume('list_content', endpoint);
    expect(job.status).toBe('completed');
    expect(job.id).toBe(endpoint.split('/').at(-2));
  });
});
