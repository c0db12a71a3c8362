/**
 * The Ximilar conformance server over plain HTTP (not through our client):
 * DRF error bodies, auth and workspace privileges, schema refusals by field,
 * DRF pagination, descriptors from image bytes, and a caught bad answer.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  startXimilarServer,
  XIMILAR_COLLECTION,
  XIMILAR_DEFAULT_WORKSPACE,
  XIMILAR_STRANGER_TOKEN,
  XIMILAR_TEST_TOKEN,
  type TestServer,
  type XimilarState,
} from '../../servers/index.js';
import { BROKEN_IMAGE_URL, host, png } from '../../servers/media.js';
import { b64, call, formInit, jsonBody } from './fetch-json.js';

let server: TestServer<XimilarState>;
const SIM = '/similarity/training/v2';
const auth = (token = XIMILAR_TEST_TOKEN) => ({ authorization: `Token ${token}` });
const url = (path: string) => `${server.url}${SIM}/${path}`;
const post = (path: string, body: unknown, token?: string) => call(url(path), jsonBody(body, auth(token)));
const type = async (name: string, token?: string) => (await post('type', { name }, token)).body.id as string;

beforeAll(async () => {
  server = await startXimilarServer({ pageSize: 2 });
});
afterAll(async () => {
  expect(server.state.schemaViolations).toEqual([]);
  await server.close();
});

describe('Ximilar server: auth and privileges', () => {
  it('answers 401 with DRF bodies and a Token challenge', async () => {
    const none = await call(url('task'));
    expect(none).toMatchObject({ status: 401, body: { detail: 'Authentication credentials were not provided.' } });
    expect(none.headers.get('www-authenticate')).toBe('Token');
    expect((await call(url('task'), { headers: auth('nope') })).body).toEqual({ detail: 'Invalid token.' });
  });

  it('refuses a workspace the token has no access to (403), and hides objects of other workspaces (404)', async () => {
    const denied = await call(`${url('task')}?workspace=${XIMILAR_DEFAULT_WORKSPACE}`, { headers: auth(XIMILAR_STRANGER_TOKEN) });
    expect(denied).toMatchObject({ status: 403, body: { detail: 'You do not have permission to perform this action.' } });
    expect((await post('task', { name: 'x', workspace: XIMILAR_DEFAULT_WORKSPACE }, XIMILAR_STRANGER_TOKEN)).status).toBe(403);
    const theirs = (await post('task', { name: 'secret' }, XIMILAR_STRANGER_TOKEN)).body.id;
    expect(await call(url(`task/${theirs}`), { headers: auth() })).toMatchObject({ status: 404, body: { detail: 'Not found.' } });
    // Their type cannot be used in my group: a body reference to an object I cannot see.
    const theirType = await type('theirs', XIMILAR_STRANGER_TOKEN);
    expect((await post('group/', { name: 'g', type: theirType })).body).toEqual({ type: [`Invalid pk "${theirType}" - object does not exist.`] });
  });
});

describe('Ximilar server: requests held to the documented schema', () => {
  it('refuses bad bodies by field, in DRF words', async () => {
    expect((await post('task', {})).body).toEqual({ name: ['This field is required.'] });
    expect((await post('task', { name: '' })).body).toEqual({ name: ['This field may not be blank.'] });
    // The doc's own form (-F name=...) is taken too.
    expect((await call(url('task'), formInit({ name: 'by form' }, auth()))).status).toBe(201);
    expect((await post('group/', { name: 'g', type: 'not-a-uuid' })).body).toEqual({ type: ['Must be a valid UUID.'] });
    expect((await post('descriptor', { collection: XIMILAR_COLLECTION, records: [{}] })).body).toEqual({ records: ['records[0]: Each record must contain either _url or _base64 field.'] });
    expect((await post('descriptor', { records: [{ _url: 'https://img.example.com/a' }] })).body).toEqual({ non_field_errors: ['Either collection or task_id must be provided.'] });
    const task = (await post('task', { name: 't' })).body.id;
    expect((await post('descriptor', { task_id: task, records: [{ _url: 'https://img.example.com/a' }] })).body).toEqual({ version: ['This field is required.'] });
    const g = (await post('group/', { name: 'g', type: await type('v') })).body.id;
    expect((await post(`group/${g}/add-images`, { images: 'x' })).body).toEqual({ images: ['Expected a list of items but got type "str".'] });
    const bad = await call(url('task'), { method: 'POST', headers: { ...auth(), 'content-type': 'application/json' }, body: '{"name": ' });
    expect(bad).toMatchObject({ status: 400, body: { detail: expect.stringMatching(/^JSON parse error/) } });
  });

  it('answers 405 (with Allow) for a known path under another method', async () => {
    const task = (await post('task', { name: 't' })).body.id;
    const res = await call(url(`task/${task}`), { method: 'PUT', headers: auth() });
    expect(res).toMatchObject({ status: 405, body: { detail: 'Method "PUT" not allowed.' } });
    expect(res.headers.get('allow')).toBe('GET, DELETE, OPTIONS');
  });
});

describe('Ximilar server: documented behaviour', () => {
  it('pages lists the DRF way: count, next/previous links, Invalid page', async () => {
    const ws = '?workspace=99999999-0000-4000-8000-000000000009';
    for (let i = 0; i < 5; i++) await post('type', { name: `t${i}`, workspace: '99999999-0000-4000-8000-000000000009' });
    const first = (await call(`${url('type')}${ws}`, { headers: auth() })).body;
    expect(first).toMatchObject({ count: 5, previous: null, results: [{ name: 't0' }, { name: 't1' }] });
    const second = (await call(first.next, { headers: auth() })).body;
    expect(second.previous).toBe(`${url('type')}${ws}`);
    const last = (await call(`${url('type')}${ws}&page=last`, { headers: auth() })).body;
    expect(last).toMatchObject({ next: null, results: [{ name: 't4' }] });
    for (const p of ['4', '0', 'abc']) expect((await call(`${url('type')}${ws}&page=${p}`, { headers: auth() })).body).toEqual({ detail: 'Invalid page.' });
  });

  it('computes descriptors from the image bytes and the model, with the collection task and version', async () => {
    const img = png(20, 10, 3);
    host(server.state.web, 'https://a.example.net/x.png', img);
    host(server.state.web, 'https://b.example.net/copy.png', img);
    const res = await post('descriptor', { collection: XIMILAR_COLLECTION, records: [{ _url: 'https://a.example.net/x.png', mine: 1 }, { _url: 'https://b.example.net/copy.png' }, { _base64: b64(img) }, { _url: BROKEN_IMAGE_URL }] });
    expect(res.status).toBe(200);
    const [a, b, c, broken] = res.body.records;
    expect(a).toMatchObject({ _url: 'https://a.example.net/x.png', _width: 20, _height: 10 });
    // Undocumented record fields are not echoed back.
    expect(a.mine).toBeUndefined();
    expect(b._descriptor).toEqual(a._descriptor);
    expect(c._descriptor).toEqual(a._descriptor);
    expect(broken._status).toMatchObject({ code: 400, text: 'Unable to load the image: downloading the URL answered HTTP 404' });
    expect(res.body.version).toBe(1);
    expect(res.body.statistics['processing time']).toBeGreaterThanOrEqual(0);
    // Another model (a trained task at version 2) sees the same bytes differently.
    const t = (await post('task', { name: 'model' })).body.id;
    server.state.tasks.get(t)!.production_version = 2;
    const other = await post('descriptor', { task_id: t, version: 2, records: [{ _base64: b64(img) }] });
    expect(other.body).toMatchObject({ task_id: t, version: 2 });
    expect(other.body.records[0]._descriptor).not.toEqual(a._descriptor);
    expect((await post('descriptor', { task_id: t, version: 3, records: [{ _base64: b64(img) }] })).body).toEqual({ version: ['Version 3 of this task does not exist.'] });
  });

  it('stores uploaded images, serves them at img_path, and refuses files that are not jpg/png', async () => {
    const bytes = png(4, 4, 1);
    const up = await call(`${server.url}/recognition/v2/training-image/`, formInit({ img_path: [new Blob([bytes], { type: 'image/png' }), 'a.png'] }, auth()));
    expect(up).toMatchObject({ status: 201, body: { _width: 4, _height: 4, workspace: XIMILAR_DEFAULT_WORKSPACE } });
    expect((await call(up.body.img_path, { bytes: true })).body).toEqual(bytes);
    const text = await call(`${server.url}/recognition/v2/training-image/`, formInit({ img_path: [new Blob(['hello'], { type: 'image/png' }), 'a.png'] }, auth()));
    expect(text).toMatchObject({ status: 400, body: { img_path: [expect.stringMatching(/not an image/)] } });
    expect((await call(`${server.url}/recognition/v2/training-image/`, formInit({}, auth()))).body).toEqual({ img_path: ['This field is required.'] });
  });

  it('a group holds only images or only groups (non_field_errors)', async () => {
    const v = await type('rule');
    const [g1, g2] = [(await post('group/', { name: 'a', type: v })).body.id, (await post('group/', { name: 'b', type: v })).body.id];
    expect((await post(`group/${g2}/add-groups`, { groups: [g1] })).body.groups).toEqual([g1]);
    const up = await call(`${server.url}/recognition/v2/training-image/`, formInit({ img_path: [new Blob([png(2, 2)]), 'i.png'] }, auth()));
    expect((await post(`group/${g2}/add-images`, { images: [up.body.id] })).body).toEqual({ non_field_errors: ['A group can contain only images or only groups.'] });
    expect((await post(`group/${g2}/add-images`, { images: ['00000000-0000-4000-8000-0000000fffff'] })).body).toEqual({ images: ['Invalid pk "00000000-0000-4000-8000-0000000fffff" - object does not exist.'] });
  });

  it('catches its own answer when it breaks the schema: recorded, answered 500', async () => {
    const t = (await post('task', { name: 'ok' })).body.id;
    server.state.tasks.get(t)!.name = '';
    const res = await call(url(`task/${t}`), { headers: auth() });
    expect(res).toMatchObject({ status: 500, body: { detail: 'A server error occurred.' } });
    expect(server.state.schemaViolations).toEqual([`GET ${SIM}/task/${t} 200: name must NOT have fewer than 1 characters`]);
    server.state.schemaViolations.length = 0;
    server.state.tasks.delete(t);
  });
});
