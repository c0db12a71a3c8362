/**
 * The Vize conformance server over plain HTTP (not through our client):
 * DRF errors, per-user tasks, schema refusals by field, pagination, the
 * training minimums and polling states, and predictions from image bytes.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startVizeServer, VIZE_OTHER_TOKEN, VIZE_TEST_TOKEN, type TestServer, type VizeState } from '../../servers/index.js';
import { host, png } from '../../servers/media.js';
import { b64, call, formInit, jsonBody } from './fetch-json.js';

let server: TestServer<VizeState>;
const auth = (token = VIZE_TEST_TOKEN) => ({ authorization: `Token ${token}` });
const url = (path: string) => `${server.url}/v2/${path}`;
const form = (path: string, fields: Parameters<typeof formInit>[0], token?: string) => call(url(path), formInit(fields, auth(token)));
const image = (seed: number) => new Blob([png(4, 4, seed)], { type: 'image/png' });

/** A task with two labels of 20 images each (not trained). */
async function readyTask(name: string): Promise<{ task: string; labels: string[] }> {
  const task = (await form('task/', { name })).body.id;
  const labels: string[] = [];
  for (const l of ['a', 'b']) {
    const label = (await form('label/', { name: `${name}-${l}`, task })).body.id;
    labels.push(label);
    for (let i = 0; i < 20; i++) {
      const img = (await form('training-image/', { img_path: [image(i), `${l}${i}.png`] })).body.id;
      await form(`training-image/${img}/add-label`, { label_id: label });
    }
  }
  return { task, labels };
}

beforeAll(async () => {
  server = await startVizeServer({ trainMs: 40, pageSize: 2 });
});
afterAll(async () => {
  expect(server.state.schemaViolations).toEqual([]);
  await server.close();
});

describe('Vize server: auth, owners, errors', () => {
  it('answers 401 and keeps each user to their own tasks (404 otherwise)', async () => {
    expect(await call(url('task/'))).toMatchObject({ status: 401, body: { detail: 'Authentication credentials were not provided.' } });
    const theirs = (await form('task/', { name: 'private' }, VIZE_OTHER_TOKEN)).body.id;
    expect(await call(url(`task/${theirs}/`), { headers: auth() })).toMatchObject({ status: 404, body: { detail: 'Not found.' } });
    expect((await call(url('task/'), { headers: auth() })).body.results.map((t: { id: string }) => t.id)).not.toContain(theirs);
    const label = (await form('label/', { name: 'mine' })).body.id;
    expect((await form(`task/${theirs}/add-label/`, { label_id: label }, VIZE_OTHER_TOKEN)).body).toEqual({ label_id: [`Invalid pk "${label}" - object does not exist.`] });
  });

  it('refuses bad requests by field', async () => {
    expect((await form('task/', { description: 'no name' })).body).toEqual({ name: ['This field is required.'] });
    expect((await form('label/', { name: 'x', task: 'nope' })).body).toEqual({ task: ['Must be a valid UUID.'] });
    const { task } = await readyTask('untrained');
    const v2 = (body: unknown) => call(`${server.url}/v2/classify`, jsonBody(body, auth()));
    const many = Array.from({ length: 11 }, () => ({ _url: 'https://img.example.com/a.png' }));
    expect((await v2({ task_id: task, records: many })).body).toEqual({ records: ['Ensure this field has no more than 10 elements.'] });
    expect((await v2({ task_id: task, descriptor: 'yes', records: many.slice(0, 1) })).body).toEqual({ descriptor: ['Must be a valid boolean.'] });
    expect((await v2({ task_id: task, records: many.slice(0, 1) })).body).toEqual({ task_id: ['The task has no trained model yet (production version -1).'] });
    const v1 = await call(`${server.url}/v1/classify/`, formInit({ task, image_url: 'https://img.example.com/a.png', image_base64: 'eA==' }, auth()));
    expect(v1.body).toEqual({ non_field_errors: ['Provide exactly one of image_file, image_url or image_base64.'] });
    const gif = await form('training-image/', { img_path: [new Blob(['GIF89a'], { type: 'image/gif' }), 'x.gif'] });
    expect(gif.body).toEqual({ img_path: ['Upload a valid image. The file you uploaded was either not an image or a corrupted image.'] });
  });

  it('pages task lists (DRF)', async () => {
    for (let i = 0; i < 3; i++) await form('task/', { name: `page ${i}` });
    const first = (await call(url('task/'), { headers: auth() })).body;
    expect(first.count).toBeGreaterThan(2);
    expect(first.results).toHaveLength(2);
    expect(first.next).toBe(`${url('task/')}?page=2`);
    expect((await call(`${url('task/')}?page=99`, { headers: auth() })).body).toEqual({ detail: 'Invalid page.' });
  });
});

describe('Vize server: training and classification', () => {
  it('enforces the documented minimums', async () => {
    const task = (await form('task/', { name: 'one label' })).body.id;
    await form('label/', { name: 'only', task });
    expect((await call(url(`task/${task}/train/`), { method: 'POST', headers: auth() })).body).toEqual({ detail: 'Each task requires at least two labels for training; this task has 1.' });
    const label = (await form('label/', { name: 'empty', task })).body.id;
    expect(label).toBeTruthy();
    expect((await call(url(`task/${task}/train/`), { method: 'POST', headers: auth() })).body.detail).toMatch(/at least 20 images; label "only" has 0/);
  });

  it('trains: production version -1 while training, then 1; classifies from the bytes, however sent', async () => {
    const { task } = await readyTask('fruit');
    const started = await call(url(`task/${task}/train/`), { method: 'POST', headers: auth() });
    expect(started).toMatchObject({ status: 200, body: { task } });
    expect((await call(url(`task/${task}/`), { headers: auth() })).body).toMatchObject({ production_version: -1, training_in_progress: true });
    expect((await call(url(`task/${task}/train/`), { method: 'POST', headers: auth() })).body).toEqual({ detail: 'Training already in progress.' });
    await new Promise((r) => setTimeout(r, 50));
    expect((await call(url(`task/${task}/`), { headers: auth() })).body).toMatchObject({ production_version: 1, training_in_progress: false });

    const bytes = png(30, 20, 7);
    host(server.state.web, 'https://photos.example.org/p.png', bytes);
    const byFile = (await call(`${server.url}/v1/classify/`, formInit({ task, image_file: [new Blob([bytes]), 'any-name.png'] }, auth()))).body;
    const byUrl = (await call(`${server.url}/v1/classify/`, formInit({ task, image_url: 'https://photos.example.org/p.png' }, auth()))).body;
    expect(byUrl.labels).toEqual(byFile.labels);
    expect(byFile.labels.reduce((s: number, l: { prob: number }) => s + l.prob, 0)).toBeCloseTo(1, 9);
    const batch = (await call(`${server.url}/v2/classify`, jsonBody({ task_id: task, descriptor: 1, records: [{ _base64: b64(bytes) }, { _url: 'https://nowhere.example.org/x.png' }] }, auth()))).body;
    expect(batch.records[0]).toMatchObject({ best_label: byFile.best_label, _width: 30, _height: 20 });
    expect(batch.records[0]._descriptor).toHaveLength(12);
    expect(batch.records[1]).toEqual({ _id: expect.any(String), _url: 'https://nowhere.example.org/x.png', _status: { code: 400, text: 'Unable to load the image: the URL could not be reached', request_id: expect.any(String) } });
    const unreadable = await call(`${server.url}/v1/classify/`, formInit({ task, image_base64: b64(new Uint8Array([1, 2, 3])) }, auth()));
    expect(unreadable.body).toEqual({ image_base64: ['Unable to load the image: the data is not a jpg or png image'] });
  });

  it('serves a training image at its img_path', async () => {
    const bytes = png(3, 5, 2);
    const up = (await form('training-image/', { img_path: [new Blob([bytes]), 'x.png'] })).body;
    expect(up).toMatchObject({ _width: 3, _height: 5, labels: [] });
    expect((await call(up.img_path, { bytes: true })).body).toEqual(bytes);
  });
});
