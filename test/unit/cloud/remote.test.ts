import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ValidationError } from '../../../src/contract/errors.js';
import { ApiTorchClient, DeepvaClient, remoteClassify, remoteDescriptors, VizeClient, XimilarClient, type RemoteItem } from '../../../src/cloud/index.js';
import {
  APITORCH_TEST_KEY,
  DEEPVA_TEST_KEY,
  startApiTorchServer,
  startDeepvaServer,
  startVizeServer,
  startXimilarServer,
  VIZE_TEST_TOKEN,
  XIMILAR_COLLECTION,
  XIMILAR_TEST_TOKEN,
  type ApiTorchState,
  type DeepvaState,
  type TestServer,
  type VizeState,
  type XimilarState,
} from '../../servers/index.js';
import { fastPoll, fastRetry, jpeg, rejection } from './helpers.js';

let x: TestServer<XimilarState>;
let v: TestServer<VizeState>;
let a: TestServer<ApiTorchState>;
let d: TestServer<DeepvaState>;
beforeAll(async () => {
  [x, v, a, d] = await Promise.all([startXimilarServer(), startVizeServer(), startApiTorchServer(), startDeepvaServer({ runMs: 10 })]);
});
afterAll(() => Promise.all([x.close(), v.close(), a.close(), d.close()]));

const ximilar = () => new XimilarClient({ apiKey: XIMILAR_TEST_TOKEN, baseUrl: `${x.url}/similarity/training/v2`, retry: fastRetry });
const vize = () => new VizeClient({ apiKey: VIZE_TEST_TOKEN, baseUrl: v.url, retry: fastRetry });
const mixed: RemoteItem[] = [
  { name: 'one.jpg', blob: jpeg(1) },
  { name: 'two.jpg', url: 'https://img.example.com/two.jpg' },
  { name: 'three.jpg', blob: jpeg(3) },
  { name: 'bad.jpg', url: 'https://img.example.com/broken.jpg' },
  { name: 'five.jpg', url: 'https://img.example.com/five.jpg' },
];

/** A Vize task with two labels, marked trained directly in the server state. */
async function vizeTask(): Promise<string> {
  const c = vize();
  const t = await c.createTask({ name: 'remote' });
  for (const n of ['yes', 'no']) await c.createLabel({ name: n, task: t.id });
  v.state.tasks.get(t.id)!.production_version = 1;
  return t.id;
}

describe('remoteDescriptors', () => {
  it('returns Float32Array descriptors keyed by item name, failures apart, in batches', async () => {
    const before = x.count('POST', '/similarity/training/v2/descriptor');
    const done: number[] = [];
    const res = await remoteDescriptors(mixed, { service: 'ximilar', client: ximilar(), collection: XIMILAR_COLLECTION }, { batchSize: 2, onProgress: (n) => done.push(n) });
    expect(x.count('POST', '/similarity/training/v2/descriptor') - before).toBe(3);
    expect(done).toEqual([2, 4, 5]);
    expect(res.dim).toBe(16);
    expect(Object.keys(res.vectors).sort()).toEqual(['five.jpg', 'one.jpg', 'three.jpg', 'two.jpg']);
    expect(res.vectors['one.jpg']).toBeInstanceOf(Float32Array);
    expect(res.failed['bad.jpg']).toMatch(/^400/);
    const again = await remoteDescriptors(mixed.slice(0, 1), { service: 'ximilar', client: ximilar(), collection: XIMILAR_COLLECTION });
    expect(Array.from(again.vectors['one.jpg'])).toEqual(Array.from(res.vectors['one.jpg']));
  });

  it('uses a Vize task (v2 classify with descriptor) in batches of at most 10', async () => {
    const task = await vizeTask();
    const many = Array.from({ length: 23 }, (_, i) => ({ name: `i${i}`, url: `https://img.example.com/${i}.jpg` }));
    const before = v.count('POST', '/v2/classify');
    const res = await remoteDescriptors(many, { service: 'vize', client: vize(), task_id: task }, { batchSize: 50 });
    expect(v.count('POST', '/v2/classify') - before).toBe(3);
    expect(Object.keys(res.vectors)).toHaveLength(23);
    expect(res.dim).toBe(12);
    expect(res.version).toBe(1);
  });

  it('validates items before sending', async () => {
    const fields = [
      await rejection(remoteDescriptors([], { service: 'ximilar', client: ximilar(), collection: XIMILAR_COLLECTION })),
      await rejection(remoteDescriptors([{ name: 'a' }], { service: 'ximilar', client: ximilar(), collection: XIMILAR_COLLECTION })),
      await rejection(remoteDescriptors([{ name: 'a', url: 'x' }], { service: 'ximilar', client: ximilar(), collection: XIMILAR_COLLECTION })),
      await rejection(remoteDescriptors([{ name: 'a', url: 'https://a/b' }, { name: 'a', url: 'https://a/c' }], { service: 'ximilar', client: ximilar(), collection: XIMILAR_COLLECTION })),
    ].map((e) => (e as ValidationError).field);
    expect(fields).toEqual(['items', 'items[0]', 'items[0].url', 'items[1].name']);
  });
});

describe('remoteClassify', () => {
  it('Vize: best label per item name', async () => {
    const task = await vizeTask();
    const res = await remoteClassify(mixed, { service: 'vize', client: vize(), task_id: task });
    expect(Object.keys(res.results).sort()).toEqual(['five.jpg', 'one.jpg', 'three.jpg', 'two.jpg']);
    expect(['yes', 'no']).toContain(res.results['one.jpg'].best_label?.name);
    expect(Object.keys(res.failed)).toEqual(['bad.jpg']);
  });

  it('API Torch: needs URLs; classifications per item name', async () => {
    const client = new ApiTorchClient({ apiKey: APITORCH_TEST_KEY, baseUrl: `${a.url}/api`, retry: fastRetry });
    const e = (await rejection(remoteClassify(mixed, { service: 'apitorch', client, classifiers: ['safe-for-work'] }))) as ValidationError;
    expect(e.field).toBe('items[0].url');
    const urls = mixed.filter((m) => m.url);
    const res = await remoteClassify(urls, { service: 'apitorch', client, classifiers: ['safe-for-work', 'extract-text'], showConfidenceValue: true });
    expect(Object.keys(res.results).sort()).toEqual(['bad.jpg', 'five.jpg', 'two.jpg']);
    expect(res.results['two.jpg'].map((c) => c.classifier)).toEqual(['safe-for-work', 'extract-text']);
    expect(typeof res.results['two.jpg'][0].confidenceValue).toBe('number');
  });

  it('DeepVA: uploads blobs to storage, one job, summaries per item name', async () => {
    const client = new DeepvaClient({ apiKey: DEEPVA_TEST_KEY, baseUrl: `${d.url}/api/v1`, retry: fastRetry });
    const jobsBefore = d.count('POST', '/api/v1/jobs/');
    const res = await remoteClassify(mixed.slice(0, 3), { service: 'deepva', client, modules: { face_recognition: { model: 'celebrities' } }, poll: fastPoll });
    expect(d.count('POST', '/api/v1/jobs/') - jobsBefore).toBe(1);
    expect(d.state.storage.size).toBe(2);
    expect(Object.keys(res.results).sort()).toEqual(['one.jpg', 'three.jpg', 'two.jpg']);
    expect(res.results['two.jpg'].source).toBe('https://img.example.com/two.jpg');
    expect(res.results['one.jpg'].source).toMatch(/^storage:\/\//);
  });
});
