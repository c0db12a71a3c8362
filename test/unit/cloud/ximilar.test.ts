import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AuthError, NotFoundError, ValidationError } from '../../../src/contract/errors.js';
import { XimilarClient } from '../../../src/cloud/index.js';
import { startXimilarServer, XIMILAR_COLLECTION, XIMILAR_COLLECTION_TASK, XIMILAR_OTHER_WORKSPACE, XIMILAR_TEST_TOKEN, type TestServer, type XimilarState } from '../../servers/index.js';
import { BROKEN_IMAGE_URL, png } from '../../servers/media.js';
import { fastRetry, jpeg, rejection } from './helpers.js';

let server: TestServer<XimilarState>;
const make = (extra: { workspace?: string; apiKey?: string } = {}) =>
  new XimilarClient({ apiKey: XIMILAR_TEST_TOKEN, baseUrl: `${server.url}/similarity/training/v2`, recognitionBaseUrl: `${server.url}/recognition/v2`, retry: fastRetry, ...extra });

beforeAll(async () => {
  server = await startXimilarServer({ pageSize: 2 });
});
afterAll(async () => {
  expect(server.state.schemaViolations).toEqual([]);
  await server.close();
});

describe('XimilarClient: descriptors', () => {
  it('extracts descriptors by collection from the image bytes, for _url and _base64 records', async () => {
    const image = png(40, 30, 1);
    server.state.web.set('https://cdn.example.org/a.png', { status: 200, body: image, type: 'image/png' });
    const res = await make().extractDescriptors({
      collection: XIMILAR_COLLECTION,
      records: [{ _url: 'https://cdn.example.org/a.png' }, { _base64: Buffer.from(image).toString('base64') }, { _url: BROKEN_IMAGE_URL }, { _base64: btoa('not an image') }],
    });
    expect(res.status).toEqual({ code: 200, text: 'OK' });
    expect(res).toMatchObject({ task_id: XIMILAR_COLLECTION_TASK, version: 1 });
    expect(res.records[0]).toMatchObject({ _url: 'https://cdn.example.org/a.png', _width: 40, _height: 30, _status: { code: 200 } });
    expect(res.records[0]._descriptor).toHaveLength(16);
    // The same bytes by URL or by base64: the same descriptor.
    expect(res.records[1]._descriptor).toEqual(res.records[0]._descriptor);
    expect(res.records[1]._base64).toBeUndefined();
    expect(res.records.slice(2).map((r) => [r._status.code, r._descriptor])).toEqual([[400, undefined], [400, undefined]]);
  });

  it('extracts by task and version', async () => {
    const c = make();
    const task = await c.createTask({ name: 'shoes' });
    server.state.tasks.get(task.id)!.production_version = 3;
    const res = await c.extractDescriptors({ task_id: task.id, version: 2, records: [{ _url: 'https://img.example.com/s.jpg' }] });
    expect(res.version).toBe(2);
    expect(res.task_id).toBe(task.id);
    const e = await rejection(c.extractDescriptors({ task_id: task.id, version: 9, records: [{ _url: 'https://img.example.com/s.jpg' }] }));
    expect(e).toBeInstanceOf(ValidationError);
    expect((e as ValidationError).field).toBe('ximilar.version');
  });

  it('retries descriptor extraction (pure computation) on 503', async () => {
    const before = server.count('POST', '/similarity/training/v2/descriptor');
    server.inject({ kind: 'status', status: 503, times: 1, match: { path: '/descriptor' } });
    await make().extractDescriptors({ collection: XIMILAR_COLLECTION, records: [{ _url: 'https://img.example.com/a.jpg' }] });
    expect(server.count('POST', '/similarity/training/v2/descriptor') - before).toBe(2);
  });

  it('validates records and the model reference', async () => {
    const c = make();
    const bad: [unknown, string][] = [
      [{ collection: XIMILAR_COLLECTION, records: [] }, 'req.records'],
      [{ collection: XIMILAR_COLLECTION, records: [{ _url: 'https://a/b', _base64: 'eA==' }] }, 'req.records[0]'],
      [{ collection: XIMILAR_COLLECTION, records: [{ _url: 'file:///etc/passwd' }] }, 'req.records[0]._url'],
      [{ records: [{ _url: 'https://a/b' }] }, 'req.collection'],
      [{ task_id: 'x', records: [{ _url: 'https://a/b' }] }, 'req.version'],
      [{ task_id: 'x', collection: 'y', version: 1, records: [{ _url: 'https://a/b' }] }, 'req.collection'],
    ];
    for (const [req, field] of bad) {
      const e = await rejection(c.extractDescriptors(req as never));
      expect((e as ValidationError).field, JSON.stringify(req)).toBe(field);
    }
  });
});

describe('XimilarClient: tasks, types, groups', () => {
  it('pages through tasks with an async iterator', async () => {
    const c = make({ workspace: XIMILAR_OTHER_WORKSPACE });
    for (let i = 0; i < 5; i++) await c.createTask({ name: `t${i}`, description: 'd' });
    const pages = [];
    for await (const p of c.listTasks()) pages.push(p.results.map((t) => t.name));
    expect(pages).toEqual([['t0', 't1'], ['t2', 't3'], ['t4']]);
    expect((await c.allTasks()).length).toBe(5);
    const t = (await c.allTasks())[0];
    expect((await c.getTask(t.id)).name).toBe('t0');
  });

  it('keeps workspaces apart and sends the workspace field', async () => {
    const def = make();
    const other = make({ workspace: XIMILAR_OTHER_WORKSPACE });
    const before = (await other.allTasks()).length;
    await def.createTask({ name: 'in-default' });
    expect((await other.allTasks()).length).toBe(before);
    expect((await def.allTasks()).some((t) => t.name === 'in-default')).toBe(true);
    const e = await rejection(make({ workspace: 'unknown-ws' }).allTasks());
    expect(e).toBeInstanceOf(AuthError);
  });

  it('creates types and groups, attaches a type to a task, and edits group members', async () => {
    const c = make();
    const type = await c.createType({ name: 'visual', description: 'looks alike' });
    const task = await c.createTask({ name: 'similar-shoes' });
    expect((await c.addTypeToTask(task.id, type.id)).types).toEqual([type.id]);
    expect((await c.removeTypeFromTask(task.id, type.id)).types).toEqual([]);
    const g1 = await c.createGroup({ name: 'red sneakers', type: type.id });
    const g2 = await c.createGroup({ name: 'all sneakers', type: type.id });
    const img1 = await c.uploadImage(jpeg(1), 'a.jpg');
    const img2 = await c.uploadImage(jpeg(2), 'b.jpg');
    await c.addImagesToGroup(g1.id, [img1.id, img2.id]);
    await c.addImagesToGroup(g1.id, [img1.id]);
    expect(server.state.groups.get(g1.id)!.images).toEqual([img1.id, img2.id]);
    await c.removeImagesFromGroup(g1.id, [img2.id]);
    expect(server.state.groups.get(g1.id)!.images).toEqual([img1.id]);
    await c.addGroupsToGroup(g2.id, [g1.id]);
    expect(server.state.groups.get(g2.id)!.groups).toEqual([g1.id]);
    const mixed = await rejection(c.addImagesToGroup(g2.id, [img2.id]));
    expect(mixed).toBeInstanceOf(ValidationError);
    expect(mixed.message).toContain('only images or only groups');
    await c.removeGroupsFromGroup(g2.id, [g1.id]);
    const obj = [...server.state.objects.keys()][0];
    await c.addObjectsToGroup(g1.id, [obj]);
    expect(server.state.groups.get(g1.id)!.objects).toEqual([obj]);
    await c.removeObjectsFromGroup(g1.id, [obj]);
    expect(server.state.groups.get(g1.id)!.objects).toEqual([]);
    let types = 0;
    for await (const p of c.listTypes()) types += p.results.length;
    expect(types).toBeGreaterThanOrEqual(1);
    let groups = 0;
    for await (const p of c.listGroups()) groups += p.results.length;
    expect(groups).toBeGreaterThanOrEqual(2);
  });

  it('maps DRF errors: field errors, 404, 401', async () => {
    const c = make();
    const e = await rejection(c.createGroup({ name: 'g', type: 'no-such-type' }));
    expect(e).toBeInstanceOf(ValidationError);
    expect((e as ValidationError).field).toBe('ximilar.type');
    expect(await rejection(c.getTask('00000000-dead-4000-8000-000000000000'))).toBeInstanceOf(NotFoundError);
    const auth = await rejection(make({ apiKey: 'wrong-token-123456' }).allTasks());
    expect(auth).toBeInstanceOf(AuthError);
    expect(auth.message).toContain('Invalid token.');
  });

  it('validates ids and names before sending', async () => {
    const c = make();
    const before = server.requests.length;
    expect((await rejection(c.getTask('../etc'))) as ValidationError).toMatchObject({ field: 'taskId' });
    expect((await rejection(c.createTask({ name: ' ' }))) as ValidationError).toMatchObject({ field: 'task.name' });
    expect((await rejection(c.addImagesToGroup('g', []))) as ValidationError).toMatchObject({ field: 'images' });
    expect((await rejection(c.uploadImage('x' as unknown as Blob))) as ValidationError).toMatchObject({ field: 'image' });
    expect(server.requests.length).toBe(before);
    expect(() => new XimilarClient({})).toThrow(ValidationError);
  });
});
