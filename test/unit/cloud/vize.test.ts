import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AuthError, NotFoundError, ValidationError } from '../../../src/contract/errors.js';
import { checkVizeMinimums, VizeClient } from '../../../src/cloud/index.js';
import { startVizeServer, VIZE_TEST_TOKEN, type TestServer, type VizeState } from '../../servers/index.js';
import { BROKEN_IMAGE_URL, png } from '../../servers/media.js';
import { fastPoll, fastRetry, jpeg, rejection } from './helpers.js';

let server: TestServer<VizeState>;
const make = (apiKey = VIZE_TEST_TOKEN) => new VizeClient({ apiKey, baseUrl: server.url, retry: fastRetry });

/** A task with two labels of 20 images each, trained once. */
async function trainedTask(c: VizeClient): Promise<string> {
  const task = await c.createTask({ name: 'fruit' });
  for (const name of ['apple', 'pear']) {
    const label = await c.createLabel({ name });
    await c.connectLabel(task.id, label.id);
    for (let i = 0; i < 20; i++) {
      const img = await c.uploadTrainingImage(jpeg(i), `${name}${i}.jpg`);
      await c.addLabelToImage(img.id, label.id);
    }
  }
  await c.train(task.id, { apple: 20, pear: 20 });
  await c.waitForTraining(task.id, -1, fastPoll);
  return task.id;
}

beforeAll(async () => {
  server = await startVizeServer({ trainMs: 15 });
});
afterAll(async () => {
  expect(server.state.schemaViolations).toEqual([]);
  await server.close();
});

describe('VizeClient: tasks and labels', () => {
  it('creates, lists (all pages), reads and deletes tasks', async () => {
    const c = make();
    const made = [];
    for (let i = 0; i < 3; i++) made.push(await c.createTask({ name: `task ${i}`, description: 'demo' }));
    expect(made[0]).toMatchObject({ name: 'task 0', production_version: -1 });
    const all = await c.allTasks();
    expect(all.map((t) => t.name)).toEqual(expect.arrayContaining(['task 0', 'task 1', 'task 2']));
    expect((await c.getTask(made[1].id)).name).toBe('task 1');
    await c.deleteTask(made[2].id);
    expect(await rejection(c.getTask(made[2].id))).toBeInstanceOf(NotFoundError);
  });

  it('creates labels (optionally attached to a task) and connects them', async () => {
    const c = make();
    const task = await c.createTask({ name: 'cars' });
    const a = await c.createLabel({ name: 'sedan' });
    const b = await c.createLabel({ name: 'suv', task: task.id });
    await c.connectLabel(task.id, a.id);
    await c.connectLabel(task.id, a.id);
    expect(server.state.tasks.get(task.id)!.labels).toEqual([b.id, a.id]);
    expect((await c.allLabels()).map((l) => l.name)).toEqual(expect.arrayContaining(['sedan', 'suv']));
  });

  it('maps 401 and DRF field errors', async () => {
    expect(await rejection(make('wrong-token-0000').allTasks())).toBeInstanceOf(AuthError);
    const task = await make().createTask({ name: 'x' });
    const e = await rejection(make().connectLabel(task.id, 'no-such-label'));
    expect(e).toBeInstanceOf(ValidationError);
    expect((e as ValidationError).field).toBe('vize.label_id');
  });
});

describe('VizeClient: training', () => {
  it('checks the documented minimums before calling the service', async () => {
    const c = make();
    const task = await c.createTask({ name: 'too small' });
    const before = server.requests.length;
    const one = (await rejection(c.train(task.id, { only: 25 }))) as ValidationError;
    expect(one.rule).toBe('>= 2 labels');
    const few = (await rejection(c.train(task.id, { a: 25, b: 19 }))) as ValidationError;
    expect(few.field).toBe('labelCounts.b');
    expect(few.message).toContain('has 19');
    expect(server.requests.length).toBe(before);
    expect(() => checkVizeMinimums({ a: 20, b: 20 })).not.toThrow();
  });

  it('surfaces the service refusal when the counts given were wrong', async () => {
    const c = make();
    const task = await c.createTask({ name: 'lies' });
    const e = await rejection(c.train(task.id, { a: 20, b: 20 }));
    expect(e).toBeInstanceOf(ValidationError);
    expect(e.message).toContain('at least two labels');
  });

  it('trains, polls to a new production version and classifies (v1 and v2)', async () => {
    const c = make();
    const taskId = await trainedTask(c);
    expect((await c.getTask(taskId)).production_version).toBe(1);
    const byFile = await c.classify({ task: taskId, file: jpeg(3), fileName: 'q.jpg' });
    expect(byFile).toHaveProperty('best_label');
    const b64 = Buffer.from(png(8, 8, 4)).toString('base64');
    const byUrl = await c.classify({ task: taskId, url: 'https://img.example.com/q.jpg' });
    const byB64 = await c.classify({ task: taskId, base64: b64 });
    expect([byUrl, byB64].every((r) => (r as { status: { code: number } }).status.code === 200)).toBe(true);
    const batch = await c.classifyBatch({ task_id: taskId, descriptor: true, version: 1, records: [{ _url: 'https://img.example.com/1.jpg' }, { _base64: b64 }, { _url: BROKEN_IMAGE_URL }] });
    expect(batch.records[0].best_label?.name).toMatch(/apple|pear/);
    expect(batch.records[0]._descriptor).toHaveLength(12);
    expect(batch.records[2]._status.code).toBe(400);
    const noDesc = await c.classifyBatch({ task_id: taskId, records: [{ _url: 'https://img.example.com/1.jpg' }] });
    expect(noDesc.records[0]._descriptor).toBeUndefined();
  });

  it('validates images and batches before sending', async () => {
    const c = make();
    const before = server.requests.length;
    const big = new Blob([new Uint8Array(10 * 1024 * 1024 + 1)], { type: 'image/jpeg' });
    const fields = [
      await rejection(c.uploadTrainingImage(big)),
      await rejection(c.uploadTrainingImage(new Blob(['gif'], { type: 'image/gif' }))),
      await rejection(c.classify({ task: 't', url: 'https://a/b', base64: 'x' } as never)),
      await rejection(c.classifyBatch({ task_id: 't', records: Array.from({ length: 11 }, () => ({ _url: 'https://a/b' })) })),
      await rejection(c.classifyBatch({ task_id: 't', version: 0, records: [{ _url: 'https://a/b' }] })),
    ].map((e) => [(e as ValidationError).field, (e as ValidationError).rule]);
    expect(fields).toEqual([
      ['image', 'size <= 10 MB'],
      ['image', 'jpg or png image'],
      ['req', 'exactly one of file, url or base64'],
      ['req.records', 'length <= 10'],
      ['req.version', 'int >= 1'],
    ]);
    expect(server.requests.length).toBe(before);
  });

  it('does not retry a training image upload on a dropped connection', async () => {
    const before = server.count('POST', '/v2/training-image/');
    server.inject({ kind: 'drop', times: 1, match: { method: 'POST', path: '/v2/training-image' } });
    await rejection(make().uploadTrainingImage(jpeg(1)));
    expect(server.count('POST', '/v2/training-image/') - before).toBe(1);
  });
});
