import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AuthError, CancelledError, NotFoundError, RemoteError, ServerError, ValidationError } from '../../../src/contract/errors.js';
import { DeepvaClient, parseDeepvaTime, type DeepvaJob } from '../../../src/cloud/index.js';
import { DEEPVA_TEST_KEY, startDeepvaServer, type DeepvaState, type TestServer } from '../../servers/index.js';
import { host, png } from '../../servers/media.js';
import { fastPoll, fastRetry, jpeg, rejection } from './helpers.js';

let server: TestServer<DeepvaState>;
const make = (apiKey = DEEPVA_TEST_KEY) => new DeepvaClient({ apiKey, baseUrl: `${server.url}/api/v1`, retry: fastRetry });
const face = { face_recognition: { model: 'celebrities' } };

beforeAll(async () => {
  server = await startDeepvaServer({ queueMs: 5, runMs: 30 });
  // The doc's example image, on the server's stand-in web.
  host(server.state.web, 'https://demo.deepva.com/assets/image1.jpg', png(32, 24, 9));
});
afterAll(async () => {
  expect(server.state.schemaViolations).toEqual([]);
  await server.close();
});

describe('DeepvaClient', () => {
  it('creates a job, reads it, lists it, waits with progress and fetches detailed results', async () => {
    const c = make();
    const job = await c.createJob({ sources: ['https://demo.deepva.com/assets/image1.jpg'], modules: face, tag: 'demo' });
    expect(job).toMatchObject({ state: 'waiting', progress: 0, tag: 'demo', time_started: null });
    expect((await c.getJob(job.id)).id).toBe(job.id);
    expect((await c.listJobs()).some((j) => j.id === job.id)).toBe(true);
    const seen: DeepvaJob[] = [];
    const done = await c.waitForJob(job.id, { poll: fastPoll, onProgress: (j) => seen.push(j) });
    expect(done.state).toBe('completed');
    expect(done.progress).toBe(1);
    expect(done.result.summary[0]).toMatchObject({ source: 'https://demo.deepva.com/assets/image1.jpg', media_type: 'image' });
    expect(done.result.summary[0].items[0].type).toBe('face');
    const progress = seen.map((j) => j.progress);
    expect(progress).toEqual([...progress].sort((a, b) => a - b));
    expect(parseDeepvaTime(done.time_completed)! - parseDeepvaTime(done.time_created)!).toBeGreaterThanOrEqual(30);
    const detailed = (await c.getDetailedResults(job.id)) as { results: { items: { bounding_box: unknown }[] }[] };
    expect(detailed.results[0].items[0].bounding_box).toBeDefined();
  });

  it('uploads to storage and uses the storage:// URL as a source', async () => {
    const c = make();
    const item = await c.uploadToStorage(jpeg(5), { fileName: 'me.jpg' });
    expect(item.url).toMatch(/^storage:\/\//);
    expect(item).toMatchObject({ name: 'me.jpg', is_folder: false, upload_failed: false });
    const done = await c.runJob({ sources: [item.url], modules: { object_scene_recognition: {} } }, { poll: fastPoll });
    expect(done.result.summary[0].source).toBe(item.url);
  });

  it('rejects failed jobs with the service message, and maps 400/401/404/405', async () => {
    const c = make();
    // A source the service cannot download fails the job.
    const e = await rejection(c.runJob({ sources: ['https://x.example.com/fail.jpg'], modules: face }, { poll: fastPoll }));
    expect(e).toBeInstanceOf(RemoteError);
    expect(e.message).toContain('Media could not be processed');
    const bad = await rejection(c.createJob({ sources: ['https://x/y.jpg'], modules: { teleport: {} } }));
    expect(bad).toBeInstanceOf(ValidationError);
    expect(bad.message).toContain('unknown module teleport');
    expect(await rejection(make('bad-key-000000').listJobs())).toBeInstanceOf(AuthError);
    expect(await rejection(c.getJob('no-such-job'))).toBeInstanceOf(NotFoundError);
    const res = await fetch(`${server.url}/api/v1/jobs/x/`, { method: 'DELETE', headers: { Authorization: `Key ${DEEPVA_TEST_KEY}` } });
    expect(res.status).toBe(405);
  });

  it('does not retry job creation or uploads; retries reads', async () => {
    const c = make();
    const posts = server.count('POST', '/api/v1/jobs/');
    server.inject({ kind: 'status', status: 500, times: 1, match: { method: 'POST', path: '/jobs' } });
    expect(await rejection(c.createJob({ sources: ['https://x/y.jpg'], modules: face }))).toBeInstanceOf(ServerError);
    expect(server.count('POST', '/api/v1/jobs/') - posts).toBe(1);
    server.inject({ kind: 'status', status: 503, times: 2, match: { method: 'GET', path: '/jobs' } });
    await c.listJobs();
  });

  it('stops polling when aborted', async () => {
    server.state.runMs = 60_000;
    try {
      const c = make();
      const job = await c.createJob({ sources: ['https://x/slow.jpg'], modules: face });
      const ac = new AbortController();
      const p = c.waitForJob(job.id, { poll: fastPoll, signal: ac.signal, onProgress: (j) => j.state === 'running' && ac.abort() });
      expect(await rejection(p)).toBeInstanceOf(CancelledError);
      const polls = server.count('GET', `/api/v1/jobs/${job.id}/`);
      await new Promise((r) => setTimeout(r, 50));
      expect(server.count('GET', `/api/v1/jobs/${job.id}/`)).toBe(polls);
    } finally {
      server.state.runMs = 30;
    }
  });

  it('validates sources, modules and media before sending', async () => {
    const c = make();
    const before = server.requests.length;
    const fields = [
      await rejection(c.createJob({ sources: [], modules: face })),
      await rejection(c.createJob({ sources: ['ftp://x/y'], modules: face })),
      await rejection(c.createJob({ sources: ['https://x/y'], modules: {} })),
      await rejection(c.uploadToStorage(new Blob(['x'], { type: 'text/plain' }))),
      await rejection(c.uploadToStorage(jpeg(1), { folder: 'no-slash' })),
    ].map((e) => (e as ValidationError).field);
    expect(fields).toEqual(['req.sources', 'req.sources[0]', 'req.modules', 'file', 'opts.folder']);
    expect(server.requests.length).toBe(before);
  });

  it('parses DeepVA timestamps as UTC', () => {
    expect(parseDeepvaTime('2019-08-12 08:14:28.430144')).toBe(Date.UTC(2019, 7, 12, 8, 14, 28, 430));
    expect(parseDeepvaTime(null)).toBeNull();
    expect(parseDeepvaTime('garbage')).toBeNull();
  });
});
