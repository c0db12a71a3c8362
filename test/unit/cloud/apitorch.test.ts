import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AuthError, NotFoundError, ValidationError } from '../../../src/contract/errors.js';
import { ApiTorchClient } from '../../../src/cloud/index.js';
import { APITORCH_TEST_KEY, startApiTorchServer, type ApiTorchState, type TestServer } from '../../servers/index.js';
import { fastRetry, jpeg, rejection } from './helpers.js';

let server: TestServer<ApiTorchState>;
const make = (apiKey = APITORCH_TEST_KEY) => new ApiTorchClient({ apiKey, baseUrl: `${server.url}/api`, retry: fastRetry });

beforeAll(async () => {
  server = await startApiTorchServer();
});
afterAll(async () => {
  expect(server.state.schemaViolations).toEqual([]);
  await server.close();
});

describe('ApiTorchClient', () => {
  it('pings with Basic auth (key as user, blank password)', async () => {
    expect(await make().ping()).toBe(true);
    const e = await rejection(make('not-the-key-000').ping());
    expect(e).toBeInstanceOf(AuthError);
    expect(e.message).toContain('Invalid API key.');
  });

  it('lists training sets and classifiers', async () => {
    const sets = await make().listTrainingSets();
    expect(sets.map((s) => s.id)).toEqual([294, 419]);
    expect(sets[0]).toMatchObject({ object: 'training_set', name: 'Zebra Breeds' });
    const cls = await make().listClassifiers();
    expect(cls.map((c) => c.slug)).toContain('safe-for-work');
  });

  it('uploads by file and by URL, lists, downloads without the key, and deletes', async () => {
    const c = make();
    const blob = jpeg(7, 200);
    const a = await c.uploadImage(294, 'Mountain Zebra', blob, { fileName: 'z1.jpg' });
    expect(a).toMatchObject({ object: 'training_image', message: 'Image added to training set.' });
    expect(a.id).toMatch(/^ti_/);
    await c.uploadImage(294, 'maneless zebra', { url: 'https://img.example.com/z2.jpg' });
    const listing = await c.listTrainingImages(294);
    expect(listing.data.map((l) => l.label).sort()).toEqual(['maneless_zebra', 'mountain_zebra']);
    const seen: number[] = [];
    const files = [];
    for await (const f of c.downloadTrainingSet(294, { onProgress: (d) => seen.push(d) })) files.push(f);
    expect(seen).toEqual([1, 2]);
    const mine = files.find((f) => f.label === 'mountain_zebra')!;
    expect(new Uint8Array(await mine.blob.arrayBuffer())).toEqual(new Uint8Array(await blob.arrayBuffer()));
    const imageRequests = server.requests.filter((r) => r.path.startsWith('/images/'));
    expect(imageRequests.length).toBe(2);
    expect(imageRequests.every((r) => !r.auth)).toBe(true);
    expect((await c.deleteImage(a.id)).message).toBe('Image deleted.');
    const other = listing.data.find((l) => l.label === 'maneless_zebra')!.images[0].filename.replace(/\.(jpg|png)$/, '');
    expect((await c.deleteImage(other)).id).toBe(`ti_${other}`);
    expect(await rejection(c.deleteImage(a.id))).toBeInstanceOf(NotFoundError);
  });

  it('never retries an upload, and reports a missing training set', async () => {
    const c = make();
    server.inject({ kind: 'status', status: 502, times: 1, match: { method: 'POST', path: '/image' } });
    const before = server.count('POST', '/api/training-set/294/cats/image');
    await rejection(c.uploadImage(294, 'cats', jpeg(1)));
    expect(server.count('POST', '/api/training-set/294/cats/image') - before).toBe(1);
    expect(await rejection(c.uploadImage(1, 'cats', jpeg(1)))).toBeInstanceOf(NotFoundError);
  });

  it('classifies with several classifiers, confidence words and parsed confidence values', async () => {
    const res = await make().classify({ classifiers: ['safe-for-work', 'extract-text'], image_url: 'https://img.example.com/x.jpg', options: { show_confidence_value: true } });
    expect(res.object).toBe('list');
    const [sfw, text] = res.data;
    expect(['very high', 'high', 'possible', 'low', 'very low', 'unknown']).toContain(sfw.confidence);
    expect(typeof sfw.confidence_value).toBe('string');
    expect(sfw.confidenceValue).toBeCloseTo(Number(sfw.confidence_value), 6);
    expect(typeof text.value).toBe('boolean');
    expect(text.confidenceValue).toBeUndefined();
    const plain = await make().classify({ classifiers: ['safe-for-work'], image_url: 'https://img.example.com/x.jpg' });
    expect(plain.data[0].confidence_value).toBeUndefined();
  });

  it('retries classify (inference) on 503 and maps a 400 to ValidationError', async () => {
    const before = server.count('POST', '/api/classify');
    server.inject({ kind: 'status', status: 503, times: 1, match: { path: '/api/classify' } });
    await make().classify({ classifiers: ['design-score'], image_url: 'https://img.example.com/y.jpg' });
    expect(server.count('POST', '/api/classify') - before).toBe(2);
    const e = await rejection(make().classify({ classifiers: ['nope'], image_url: 'https://img.example.com/y.jpg' }));
    expect(e).toBeInstanceOf(ValidationError);
    expect(e.message).toContain('Unknown classifier: nope');
  });

  it('sends classification corrections and base64 free-form feedback', async () => {
    const c = make();
    const cls = await c.classify({ classifiers: ['safe-for-work'], image_url: 'https://img.example.com/z.jpg' });
    await c.sendClassificationFeedback({ classification_id: cls.data[0].id, correct_label_id: 12 });
    expect(server.state.corrections.at(-1)).toEqual({ classification_id: cls.data[0].id, correct_label_id: '12' });
    await c.sendFreeformFeedback('Zebras are great — ünïcode too');
    expect(server.state.feedback.at(-1)).toBe('Zebras are great — ünïcode too');
    expect(await rejection(c.sendClassificationFeedback({ classification_id: 'cls_unknown', correct_label_id: 1 }))).toBeInstanceOf(NotFoundError);
  });

  it('validates before sending', async () => {
    const c = make();
    const before = server.requests.length;
    const fields = [
      await rejection(c.classify({ classifiers: [], image_url: 'https://a/b' })),
      await rejection(c.classify({ classifiers: ['a'], image_url: 'nope' })),
      await rejection(c.uploadImage(-1, 'a', jpeg(1))),
      await rejection(c.uploadImage(1, '', jpeg(1))),
      await rejection(c.sendFreeformFeedback('')),
    ].map((e) => (e as ValidationError).field);
    expect(fields).toEqual(['req.classifiers', 'req.image_url', 'trainingSetId', 'label', 'message']);
    expect(server.requests.length).toBe(before);
  });
});
