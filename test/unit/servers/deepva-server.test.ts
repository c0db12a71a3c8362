/**
 * The DeepVA conformance server over plain HTTP (not through our client):
 * the documented error names, per-key jobs, refusals by field, the polling
 * states of its samples, the detailed_link as documented, and results from
 * the media bytes. (The doc describes no pagination.)
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEEPVA_OTHER_KEY, DEEPVA_TEST_KEY, startDeepvaServer, type DeepvaState, type TestServer } from '../../servers/index.js';
import { host, mp4, png } from '../../servers/media.js';
import { call, formInit, jsonBody } from './fetch-json.js';

let server: TestServer<DeepvaState>;
const auth = (key = DEEPVA_TEST_KEY) => ({ authorization: `Key ${key}` });
const api = (path: string) => `${server.url}/api/v1/${path}`;
const create = (body: unknown, key?: string) => call(api('jobs/'), jsonBody(body, auth(key)));
const face = { face_recognition: { model: 'celebrities' } };
const until = async (id: string, state: string) => {
  for (;;) {
    const j = (await call(api(`jobs/${id}/`), { headers: auth() })).body;
    if (j.state === state || j.state === 'completed' || j.state === 'failed') return j;
    await new Promise((r) => setTimeout(r, 3));
  }
};

beforeAll(async () => {
  server = await startDeepvaServer({ queueMs: 20, runMs: 80 });
  host(server.state.web, 'https://demo.deepva.com/demo1.jpg', png(16, 16, 1));
});
afterAll(async () => {
  expect(server.state.schemaViolations).toEqual([]);
  await server.close();
});

describe('DeepVA server: errors', () => {
  it('answers with the documented error names: 401, 404, 405', async () => {
    expect(await call(api('jobs/'))).toMatchObject({ status: 401, body: { error: 'NotAuthenticated', message: expect.any(String) } });
    const theirs = (await create({ sources: ['https://demo.deepva.com/demo1.jpg'], modules: face }, DEEPVA_OTHER_KEY)).body.id;
    expect(await call(api(`jobs/${theirs}/`), { headers: auth() })).toMatchObject({ status: 404, body: { error: 'NotFound' } });
    expect((await call(api('jobs/'), { headers: auth() })).body.data.map((j: { id: string }) => j.id)).not.toContain(theirs);
    const del = await call(api(`jobs/${theirs}/`), { method: 'DELETE', headers: auth() });
    expect(del).toMatchObject({ status: 405, body: { error: 'MethodNotAllowed' } });
    expect(del.headers.get('allow')).toBe('GET');
    expect((await call(api('storage/'), { method: 'GET', headers: auth() })).status).toBe(405);
  });

  it('refuses bad requests naming the field (400 BadRequest)', async () => {
    const msg = async (body: unknown) => (await create(body)).body;
    expect(await msg({ modules: face })).toEqual({ error: 'BadRequest', message: 'sources is required' });
    expect(await msg({ sources: [], modules: face })).toEqual({ error: 'BadRequest', message: 'sources must NOT have fewer than 1 items' });
    expect((await msg({ sources: ['ftp://x/y'], modules: face })).message).toBe('sources[0]: a source is a storage:// URL, a public URL, a YouTube/Vimeo link or a local path');
    expect((await msg({ sources: ['/media/x.mp4'], modules: face })).message).toMatch(/on-prem only/);
    expect((await msg({ sources: ['https://a/b'], modules: { face_recognition: 'celebrities' } })).message).toBe('modules.face_recognition must be object');
    expect((await msg({ sources: ['https://a/b'], modules: { teleport: {} } })).message).toBe('modules: unknown module teleport');
    const other = (await call(api('storage/'), formInit({ file: [new Blob([png(2, 2)]), 'a.png'] }, auth(DEEPVA_OTHER_KEY)))).body.url;
    expect((await msg({ sources: [other], modules: face })).message).toBe(`sources: unknown storage file ${other}`);
    const text = await call(api('storage/'), formInit({ folder: '/', file: [new Blob(['hello'], { type: 'image/jpeg' }), 'a.jpg'] }, auth()));
    expect(text).toMatchObject({ status: 400, body: { error: 'BadRequest', message: expect.stringMatching(/not a supported media type/) } });
    const folder = await call(api('storage/'), formInit({ folder: 'x', file: [new Blob([png(2, 2)]), 'a.png'] }, auth()));
    expect(folder.body.message).toBe('folder: folder is a path that starts and ends with "/"');
  });
});

describe('DeepVA server: jobs', () => {
  it('goes waiting (progress 0) → running → completed (progress 1), with the documented detailed_link serving detailed results', async () => {
    const job = (await create({ sources: ['https://demo.deepva.com/demo1.jpg'], modules: face, tag: 't' })).body;
    expect(job).toMatchObject({ state: 'waiting', progress: 0, duration: 0, time_started: null, time_completed: null, tag: 't', result: { summary: [] } });
    expect(job.result.detailed_link).toBe(`${server.url}/v1/jobs/${job.id}/detailed-results`);
    expect(await call(job.result.detailed_link, { headers: auth() })).toMatchObject({ status: 400, body: { error: 'BadRequest', message: expect.stringMatching(/waiting/) } });
    const running = await until(job.id, 'running');
    expect(running.state).toBe('running');
    expect(running.progress).toBeGreaterThanOrEqual(0);
    expect(running.progress).toBeLessThan(1);
    expect(running.time_started).toMatch(/^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\.\d{6}$/);
    const done = await until(job.id, 'completed');
    expect(done).toMatchObject({ state: 'completed', progress: 1, result: { summary: [{ source: 'https://demo.deepva.com/demo1.jpg', media_type: 'image', info: {}, items: [{ type: 'face' }] }] } });
    expect(done.duration).toBeCloseTo(0.08, 5);
    const detailed = await call(job.result.detailed_link, { headers: auth() });
    expect(detailed.body).toEqual((await call(api(`jobs/${job.id}/detailed-results`), { headers: auth() })).body);
    expect(detailed.body.results[0].items[0]).toMatchObject({ type: 'face', label: done.result.summary[0].items[0].label, bounding_box: { x: expect.any(Number) } });
  });

  it('reads the media: the same bytes stored or at a URL give the same labels; a video link is a video; an unreachable source fails the job', async () => {
    const bytes = png(8, 8, 4);
    host(server.state.web, 'https://cdn.example.org/p.png', bytes);
    const up = await call(api('storage/'), formInit({ folder: '/pets/', file: [new Blob([bytes]), 'p.png'] }, auth()));
    // As the doc's sample answers right after the upload.
    expect(up).toMatchObject({ status: 201, body: { url: expect.stringMatching(/^storage:\/\/[A-Za-z0-9]{20}$/), file_size: null, name: 'p.png', is_folder: false, uploaded: false, is_image: true, upload_failed: false } });
    const sources = [up.body.url, 'https://cdn.example.org/p.png', 'https://www.youtube.com/watch?v=UwsrzCVZAb8'];
    const job = (await create({ sources, modules: { object_scene_recognition: {} } })).body;
    const done = await until(job.id, 'completed');
    const [stored, byUrl, video] = done.result.summary;
    expect(byUrl.items).toEqual(stored.items);
    expect([stored.media_type, video.media_type]).toEqual(['image', 'video']);
    const vid = await call(api('storage/'), formInit({ file: [new Blob([mp4('clip')]), 'clip.mp4'] }, auth()));
    expect(vid.body.is_image).toBe(false);
    const lost = (await create({ sources: ['https://unreachable.example.org/x.jpg'], modules: face })).body;
    const failed = await until(lost.id, 'completed');
    expect(failed).toMatchObject({ state: 'failed', error: 'Media could not be processed: https://unreachable.example.org/x.jpg (the URL could not be reached)' });
  });
});
