import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CancelledError, NetworkError, NotFoundError, ServerError, ValidationError } from '../../../src/contract/errors.js';
import {
  ApiTorchClient,
  exportToTrainer,
  MemoryCheckpointStore,
  VizeClient,
  XimilarClient,
  type CheckpointStore,
  type ExportCheckpoint,
  type ExportProgress,
  type TrainerItem,
} from '../../../src/cloud/index.js';
import {
  APITORCH_TEST_KEY,
  startApiTorchServer,
  startVizeServer,
  startXimilarServer,
  VIZE_TEST_TOKEN,
  XIMILAR_TEST_TOKEN,
  type ApiTorchState,
  type TestServer,
  type VizeState,
  type XimilarState,
} from '../../servers/index.js';
import { fastPoll, fastRetry, jpeg, rejection } from './helpers.js';

let vize: TestServer<VizeState>;
let torch: TestServer<ApiTorchState>;
let ximilar: TestServer<XimilarState>;

beforeAll(async () => {
  [vize, torch, ximilar] = await Promise.all([startVizeServer({ trainMs: 15 }), startApiTorchServer(), startXimilarServer()]);
});
afterAll(() => Promise.all([vize.close(), torch.close(), ximilar.close()]));

const vizeClient = () => new VizeClient({ apiKey: VIZE_TEST_TOKEN, baseUrl: vize.url, retry: fastRetry });
const items = (prefix: string, labels: Record<string, number>): TrainerItem[] =>
  Object.entries(labels).flatMap(([label, n], k) => Array.from({ length: n }, (_, i) => ({ name: `${prefix}-${label}-${i}.jpg`, label, blob: jpeg(k * 100 + i) })));

/** Server-side check: every item name was stored exactly once. */
function namesOnce(names: string[], stored: string[]): void {
  expect(stored.length).toBe(names.length);
  expect([...stored].sort()).toEqual([...names].sort());
}
const vizeNames = (prefix: string) => [...vize.state.images.values()].map((i) => i.name).filter((n) => n.startsWith(`${prefix}-`));

/** A store that keeps only JSON text, proving checkpoints are plain data. */
class JsonStore implements CheckpointStore {
  data = new Map<string, string>();
  saves = 0;
  load(key: string) {
    const s = this.data.get(key);
    return s === undefined ? undefined : (JSON.parse(s) as ExportCheckpoint);
  }
  save(key: string, cp: ExportCheckpoint) {
    this.saves += 1;
    this.data.set(key, JSON.stringify(cp));
  }
  clear(key: string) {
    this.data.delete(key);
  }
}

describe('exportToTrainer → Vize', () => {
  it('creates the task and labels, uploads with per-item progress, trains and polls', async () => {
    const list = items('full', { cat: 20, dog: 20 });
    const progress: ExportProgress[] = [];
    const res = await exportToTrainer(list, { service: 'vize', client: vizeClient(), taskName: 'pets' }, { onProgress: (p) => progress.push(p), poll: fastPoll, concurrency: 3 });
    expect(res.training).toEqual({ status: 'completed', version: 1 });
    expect(res.uploaded).toHaveLength(40);
    expect(res.skipped).toEqual([]);
    namesOnce(list.map((i) => i.name), vizeNames('full'));
    const task = vize.state.tasks.get(res.remote.task)!;
    expect(task.labels.map((l) => vize.state.labels.get(l)!.name).sort()).toEqual(['cat', 'dog']);
    for (const it of list) expect(vize.state.images.get(res.itemIds[it.name])!.labels).toEqual([res.remote[`label:${it.label}`]]);
    const uploads = progress.filter((p) => p.phase === 'upload' && p.item);
    expect(uploads).toHaveLength(40);
    expect(uploads.at(-1)).toMatchObject({ done: 40, total: 40 });
    expect(vize.state.trainings.filter((t) => t.taskId === task.id)).toHaveLength(1);
  });

  it('resumes after a failure in the middle: every image is uploaded exactly once', async () => {
    const list = items('resume', { cat: 20, dog: 21 });
    const store = new JsonStore();
    const target = { service: 'vize' as const, client: vizeClient(), taskName: 'resume-task', waitForTraining: false };
    const uploadsHandled = () => vize.requests.filter((r) => r.method === 'POST' && r.path === '/v2/training-image/' && r.outcome === 'handled').length;
    const handledBefore = uploadsHandled();
    vize.inject({ kind: 'status', status: 500, after: 13, times: 1, match: { method: 'POST', path: /^\/v2\/training-image\/?$/ } });
    const e = await rejection(exportToTrainer(list, target, { checkpoint: store, concurrency: 2 }));
    expect(e).toBeInstanceOf(ServerError);
    const cp = store.load('vize:new:resume-task')!;
    const doneBefore = Object.keys(cp.items).length;
    expect(doneBefore).toBeGreaterThanOrEqual(13);
    expect(doneBefore).toBeLessThan(41);
    expect(vize.state.trainings.filter((t) => t.taskId === cp.remote.task)).toHaveLength(0);

    const res = await exportToTrainer(list, target, { checkpoint: store, concurrency: 2 });
    expect(res.skipped.length).toBe(doneBefore);
    expect(res.uploaded.length + res.skipped.length).toBe(41);
    expect(res.training.status).toBe('started');
    namesOnce(list.map((i) => i.name), vizeNames('resume'));
    expect(uploadsHandled() - handledBefore).toBe(41);
    const tasks = [...vize.state.tasks.values()].filter((t) => t.name === 'resume-task');
    expect(tasks).toHaveLength(1);
    expect(tasks[0].labels).toHaveLength(2);
    expect(vize.state.trainings.filter((t) => t.taskId === cp.remote.task)).toHaveLength(1);

    const again = await exportToTrainer(list, target, { checkpoint: store });
    expect(again.uploaded).toEqual([]);
    expect(again.skipped).toHaveLength(41);
    expect(vize.state.trainings.filter((t) => t.taskId === cp.remote.task)).toHaveLength(1);
  });

  it('resumes after a dropped connection and after a failure while labelling', async () => {
    const list = items('drop', { a: 20, b: 20 });
    const store = new MemoryCheckpointStore();
    const target = { service: 'vize' as const, client: vizeClient(), taskName: 'drop-task', train: false };
    vize.inject({ kind: 'drop', after: 7, times: 1, match: { method: 'POST', path: /^\/v2\/training-image\/?$/ } });
    expect(await rejection(exportToTrainer(list, target, { checkpoint: store, concurrency: 1 }))).toBeInstanceOf(NetworkError);
    vize.inject({ kind: 'status', status: 503, after: 5, times: 20, match: { method: 'POST', path: '/add-label' } });
    expect(await rejection(exportToTrainer(list, target, { checkpoint: store, concurrency: 1 }))).toBeInstanceOf(ServerError);
    vize.clearFaults();
    const res = await exportToTrainer(list, target, { checkpoint: store });
    expect(res.training.status).toBe('skipped');
    namesOnce(list.map((i) => i.name), vizeNames('drop'));
    expect(list.every((it) => vize.state.images.get(res.itemIds[it.name])!.labels.length === 1)).toBe(true);
  });

  it('stops on abort and resumes from the checkpoint', async () => {
    const list = items('abort', { a: 20, b: 20 });
    const store = new MemoryCheckpointStore();
    const target = { service: 'vize' as const, client: vizeClient(), taskName: 'abort-task', train: false };
    const ac = new AbortController();
    const e = await rejection(exportToTrainer(list, target, { checkpoint: store, signal: ac.signal, onProgress: (p) => p.done >= 5 && ac.abort() }));
    expect(e).toBeInstanceOf(CancelledError);
    const partial = vizeNames('abort').length;
    expect(partial).toBeLessThan(40);
    await exportToTrainer(list, target, { checkpoint: store });
    namesOnce(list.map((i) => i.name), vizeNames('abort'));
  });

  it('enforces the documented minimums before any request', async () => {
    const before = vize.requests.length;
    const e = (await rejection(exportToTrainer(items('min', { a: 20, b: 19 }), { service: 'vize', client: vizeClient(), taskName: 'min' }))) as ValidationError;
    expect(e).toBeInstanceOf(ValidationError);
    expect(e.field).toBe('items.b');
    const one = (await rejection(exportToTrainer(items('min', { a: 25 }), { service: 'vize', client: vizeClient(), taskName: 'min' }))) as ValidationError;
    expect(one.rule).toBe('>= 2 labels');
    const noBlob = (await rejection(exportToTrainer([{ name: 'u', label: 'a', url: 'https://x/y.jpg' }], { service: 'vize', client: vizeClient(), taskName: 'min', train: false }))) as ValidationError;
    expect(noBlob.field).toBe('items[0].blob');
    expect(vize.requests.length).toBe(before);
  });
});

describe('exportToTrainer: multi-label items', () => {
  it('Vize attaches every label to the image and counts each label towards the minimums', async () => {
    // 20 images of "cat" of which 20 are also "pet": both labels meet Vize's 20-per-label minimum.
    const list: TrainerItem[] = items('multi', { cat: 20, dog: 20 }).map((it) => (it.label === 'cat' ? { ...it, moreLabels: ['pet'] } : it));
    const res = await exportToTrainer(list, { service: 'vize', client: vizeClient(), taskName: 'multi', waitForTraining: false });
    const task = vize.state.tasks.get(res.remote.task)!;
    expect(task.labels.map((l) => vize.state.labels.get(l)!.name).sort()).toEqual(['cat', 'dog', 'pet']);
    for (const it of list) {
      const want = [it.label, ...(it.moreLabels ?? [])].map((l) => res.remote[`label:${l}`]).sort();
      expect([...vize.state.images.get(res.itemIds[it.name])!.labels].sort()).toEqual(want);
    }
    // One image of "pet" too few: refused by name before any request.
    const before = vize.requests.length;
    const short = list.map((it, i) => (i === 0 ? { ...it, moreLabels: [] } : it));
    const e = (await rejection(exportToTrainer(short, { service: 'vize', client: vizeClient(), taskName: 'multi2' }))) as ValidationError;
    expect(e.field).toBe('items.pet');
    expect(vize.requests.length).toBe(before);
  });

  it('API Torch and Ximilar take one label per image: an item with more is refused by name, nothing sent', async () => {
    const torchClient = new ApiTorchClient({ apiKey: APITORCH_TEST_KEY, baseUrl: `${torch.url}/api`, retry: fastRetry });
    const ximClient = new XimilarClient({ apiKey: XIMILAR_TEST_TOKEN, baseUrl: `${ximilar.url}/similarity/training/v2`, recognitionBaseUrl: `${ximilar.url}/recognition/v2`, retry: fastRetry });
    const list: TrainerItem[] = [{ name: 'one.jpg', label: 'a', blob: jpeg(1) }, { name: 'two.jpg', label: 'a', moreLabels: ['b'], blob: jpeg(2) }];
    const [t0, x0] = [torch.requests.length, ximilar.requests.length];
    const e1 = (await rejection(exportToTrainer(list, { service: 'apitorch', client: torchClient, trainingSetId: 1 }))) as ValidationError;
    expect(e1).toBeInstanceOf(ValidationError);
    expect(e1.field).toBe('items[1].moreLabels');
    const e2 = (await rejection(exportToTrainer(list, { service: 'ximilar', client: ximClient, taskName: 't' }))) as ValidationError;
    expect(e2.field).toBe('items[1].moreLabels');
    expect([torch.requests.length, ximilar.requests.length]).toEqual([t0, x0]);
    // The same label twice is one label.
    expect(((await rejection(exportToTrainer([{ name: 'x', label: 'a', moreLabels: [''], blob: jpeg(3) }], { service: 'vize', client: vizeClient(), taskName: 't', train: false }))) as ValidationError).field).toBe('items[0].moreLabels[0]');
  });
});

describe('exportToTrainer → API Torch', () => {
  const client = () => new ApiTorchClient({ apiKey: APITORCH_TEST_KEY, baseUrl: `${torch.url}/api`, retry: fastRetry });

  it('uploads files and URLs into an existing training set, resumably', async () => {
    const list: TrainerItem[] = [
      ...Array.from({ length: 6 }, (_, i) => ({ name: `t${i}.jpg`, label: i % 2 ? 'Plains Zebra' : 'Mountain Zebra', blob: jpeg(i) })),
      { name: 'remote.jpg', label: 'Plains Zebra', url: 'https://img.example.com/remote.jpg' },
    ];
    const store = new MemoryCheckpointStore();
    torch.inject({ kind: 'status', status: 500, after: 3, times: 1, match: { method: 'POST', path: '/image' } });
    expect(await rejection(exportToTrainer(list, { service: 'apitorch', client: client(), trainingSetId: 419 }, { checkpoint: store, concurrency: 1 }))).toBeInstanceOf(ServerError);
    const res = await exportToTrainer(list, { service: 'apitorch', client: client(), trainingSetId: 419 }, { checkpoint: store });
    expect(res.skipped).toHaveLength(3);
    expect(res.training.status).toBe('not-available');
    const stored = [...torch.state.images.values()].filter((i) => i.trainingSetId === 419);
    expect(stored).toHaveLength(7);
    expect(stored.filter((i) => i.url === 'https://img.example.com/remote.jpg')).toHaveLength(1);
    expect(new Set(stored.map((i) => i.label))).toEqual(new Set(['mountain_zebra', 'plains_zebra']));
  });

  it('requires an existing training set id', async () => {
    const e = (await rejection(exportToTrainer([{ name: 'a', label: 'x', blob: jpeg(1) }], { service: 'apitorch', client: client() } as never))) as ValidationError;
    expect(e.field).toBe('target.trainingSetId');
    expect(await rejection(exportToTrainer([{ name: 'a', label: 'x', blob: jpeg(1) }], { service: 'apitorch', client: client(), trainingSetId: 5 }))).toBeInstanceOf(NotFoundError);
  });
});

describe('exportToTrainer → Ximilar', () => {
  const client = () => new XimilarClient({ apiKey: XIMILAR_TEST_TOKEN, baseUrl: `${ximilar.url}/similarity/training/v2`, recognitionBaseUrl: `${ximilar.url}/recognition/v2`, retry: fastRetry });

  it('creates type, task and one group per label; resumes a failed grouping without re-uploading', async () => {
    const list = items('xim', { red: 4, blue: 3 });
    const store = new MemoryCheckpointStore();
    const target = { service: 'ximilar' as const, client: client(), taskName: 'colours' };
    ximilar.inject({ kind: 'status', status: 500, times: 10, match: { method: 'POST', path: '/add-images' } });
    expect(await rejection(exportToTrainer(list, target, { checkpoint: store }))).toBeInstanceOf(ServerError);
    ximilar.clearFaults();
    const imagesAfterFailure = ximilar.state.images.size;
    const res = await exportToTrainer(list, target, { checkpoint: store });
    expect(ximilar.state.images.size).toBe(imagesAfterFailure);
    expect(res.skipped).toHaveLength(7);
    expect(res.training.status).toBe('not-available');
    const task = ximilar.state.tasks.get(res.remote.task)!;
    expect(task.types).toEqual([res.remote.type]);
    const red = ximilar.state.groups.get(res.remote['group:red'])!;
    expect(red.images.sort()).toEqual(list.filter((i) => i.label === 'red').map((i) => res.itemIds[i.name]).sort());
    expect(ximilar.state.groups.get(res.remote['group:blue'])!.images).toHaveLength(3);
    expect([...ximilar.state.images.values()].filter((i) => i.name.startsWith('xim-'))).toHaveLength(7);
  });
});

describe('exportToTrainer: input checks', () => {
  it('rejects bad items, options and foreign checkpoints', async () => {
    const c = vizeClient();
    const dup = [{ name: 'a', label: 'x', blob: jpeg(1) }, { name: 'a', label: 'y', blob: jpeg(2) }];
    expect(((await rejection(exportToTrainer(dup, { service: 'vize', client: c, taskName: 't', train: false }))) as ValidationError).field).toBe('items[1].name');
    expect(((await rejection(exportToTrainer([], { service: 'vize', client: c, taskName: 't' }))) as ValidationError).field).toBe('items');
    expect(((await rejection(exportToTrainer([{ name: 'a', label: '', blob: jpeg(1) }], { service: 'vize', client: c, taskName: 't' }))) as ValidationError).field).toBe('items[0].label');
    expect(((await rejection(exportToTrainer(dup.slice(0, 1), { service: 'nope', client: c } as never))) as ValidationError).field).toBe('target.service');
    expect(((await rejection(exportToTrainer(dup.slice(0, 1), { service: 'vize', client: c, taskName: 't', train: false }, { concurrency: 0 }))) as ValidationError).field).toBe('options.concurrency');
    const store = new MemoryCheckpointStore();
    store.save('k', { version: 1, service: 'apitorch', remote: {}, items: {} });
    expect(((await rejection(exportToTrainer(dup.slice(0, 1), { service: 'vize', client: c, taskName: 't', train: false }, { checkpoint: store, checkpointKey: 'k' }))) as ValidationError).field).toBe('options.checkpointKey');
  });
});

describe('exportToTrainer: Object.prototype names are ordinary names', () => {
  it('uploads items and labels named __proto__, constructor, toString …, and resumes them from a JSON checkpoint', async () => {
    const protoNames = Object.getOwnPropertyNames(Object.prototype);
    const labels = ['__proto__', 'constructor'];
    const list: TrainerItem[] = Array.from({ length: 40 }, (_, i) => ({
      name: i < protoNames.length ? protoNames[i] : `proto-filler-${i}.jpg`,
      label: labels[i % 2],
      blob: jpeg(500 + i),
    }));
    const store = new JsonStore();
    const target = { service: 'vize' as const, client: vizeClient(), taskName: 'proto-task', waitForTraining: false };
    vize.inject({ kind: 'status', status: 500, after: 20, times: 1, match: { method: 'POST', path: /^\/v2\/training-image\/?$/ } });
    await rejection(exportToTrainer(list, target, { checkpoint: store, concurrency: 1 }));
    const res = await exportToTrainer(list, target, { checkpoint: store, concurrency: 1 });
    expect(res.uploaded.length + res.skipped.length).toBe(40);
    for (const it of list) {
      expect(Object.hasOwn(res.itemIds, it.name)).toBe(true);
      expect(vize.state.images.get(res.itemIds[it.name])!.labels).toEqual([res.remote[`label:${it.label}`]]);
    }
    const stored = [...vize.state.images.values()].map((i) => i.name);
    for (const n of protoNames) expect(stored.filter((s) => s === n)).toHaveLength(1);
    const task = [...vize.state.tasks.values()].find((t) => t.name === 'proto-task')!;
    expect(task.labels.map((l) => vize.state.labels.get(l)!.name).sort()).toEqual([...labels].sort());
  });
});
