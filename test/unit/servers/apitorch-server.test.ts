/**
 * The API Torch conformance server over plain HTTP (not through our client):
 * error bodies, Basic auth, per-account training sets, refusals by input,
 * signed image URLs valid for the day and serving the real bytes, and
 * classifications from the image bytes. (The doc describes no pagination.)
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { APITORCH_OTHER_KEY, APITORCH_TEST_KEY, startApiTorchServer, type ApiTorchState, type TestServer } from '../../servers/index.js';
import { BROKEN_IMAGE_URL, host, png, sniff } from '../../servers/media.js';
import { call, formInit } from './fetch-json.js';

let server: TestServer<ApiTorchState>;
const auth = (key = APITORCH_TEST_KEY) => ({ authorization: `Basic ${btoa(`${key}:`)}` });
const api = (path: string) => `${server.url}/api/${path}`;
const classify = (fields: string, key?: string) => call(api('classify'), { method: 'POST', headers: { ...auth(key), 'content-type': 'application/x-www-form-urlencoded' }, body: fields });

beforeAll(async () => {
  server = await startApiTorchServer();
});
afterAll(async () => {
  expect(server.state.schemaViolations).toEqual([]);
  await server.close();
});

describe('API Torch server: auth and errors', () => {
  it('answers 401 error objects with a Basic challenge', async () => {
    const none = await call(api('ping'));
    expect(none).toMatchObject({ status: 401, body: { object: 'error', message: expect.stringMatching(/Basic auth/) } });
    expect(none.headers.get('www-authenticate')).toBe('Basic realm="API Torch"');
    expect((await call(api('ping'), { headers: auth('wrong') })).body).toEqual({ object: 'error', message: 'Invalid API key.' });
    expect((await call(api('ping'), { headers: auth() })).body).toEqual({ object: 'ping', message: 'ok' });
  });

  it('lists only the caller\'s training sets, with the documented attributes; another account\'s set is 404', async () => {
    const sets = (await call(api('training-sets'), { headers: auth() })).body;
    expect(sets.object).toBe('list');
    expect(sets.data[0]).toEqual({ object: 'training_set', id: 294, description: 'Distinguishes between different breed of zebra', labels: ['Mountain Zebra', 'Maneless Zebra'], name: 'Zebra Breeds', url: `${server.url}/training-sets/294/zebra-breeds` });
    expect((await call(sets.data[0].url)).status).toBe(200);
    expect(sets.data.map((s: { id: number }) => s.id)).not.toContain(500);
    expect(await call(api('training-set/500/images'), { headers: auth() })).toMatchObject({ status: 404, body: { object: 'error', message: 'Training set not found.' } });
    expect((await call(api('training-set/500/images'), { headers: auth(APITORCH_OTHER_KEY) })).status).toBe(200);
  });

  it('refuses bad inputs naming them, and unknown methods with 405', async () => {
    const none = await call(api('training-set/294/zebra/image'), formInit({}, auth()));
    expect(none).toMatchObject({ status: 400, body: { object: 'error', message: 'One of image_url or image must be specified.' } });
    expect((await classify('image_url=https://img.example.com/a.png')).body).toEqual({ object: 'error', message: 'classifiers is required.', param: 'classifiers' });
    expect((await classify('classifiers[]=safe-for-work&image_url=nope')).body).toEqual({ object: 'error', message: 'image_url: Enter a valid URL.', param: 'image_url' });
    expect((await classify('classifiers[]=teleport&image_url=https://img.example.com/a.png')).body).toMatchObject({ message: 'Unknown classifier: teleport', param: 'classifiers' });
    const freeform = await call(`${api('feedback/freeform')}?message=not*base64`, { method: 'POST', headers: auth() });
    expect(freeform.body).toEqual({ object: 'error', message: 'message: must be base64 encoded.', param: 'message' });
    // The feedback inputs are URL parameters: a body does not count.
    const inBody = await call(api('feedback/classification'), { method: 'POST', headers: { ...auth(), 'content-type': 'application/x-www-form-urlencoded' }, body: 'classification_id=x&correct_label_id=1' });
    expect(inBody.body).toMatchObject({ param: 'classification_id' });
    expect((await call(api('ping'), { method: 'DELETE', headers: auth() })).status).toBe(405);
  });
});

describe('API Torch server: documented behaviour', () => {
  it('stores the bytes of a file or of the image behind a URL; signed URLs serve them for the current day only', async () => {
    const file = png(9, 9, 1);
    const remote = png(5, 7, 2);
    host(server.state.web, 'https://photos.example.org/z.png', remote);
    const a = await call(api('training-set/419/Plains%20Zebra/image'), formInit({ image: [new Blob([file]), 'z.png'] }, auth()));
    expect(a.body).toEqual({ object: 'training_image', id: expect.stringMatching(/^ti_[0-9a-f]{40}$/), message: 'Image added to training set.' });
    await call(api('training-set/419/plains_zebra/image'), formInit({ image_url: 'https://photos.example.org/z.png' }, auth()));
    const dead = await call(api('training-set/419/plains_zebra/image'), formInit({ image_url: BROKEN_IMAGE_URL }, auth()));
    expect(dead.body).toEqual({ object: 'error', message: 'Could not download image_url: downloading the URL answered HTTP 404.', param: 'image_url' });
    const listing = (await call(api('training-set/419/images'), { headers: auth() })).body;
    expect(listing).toMatchObject({ object: 'list', training_set_id: 419, training_set_slug: 'pokemon-151', training_set_url: `${server.url}/training-sets/419/pokemon-151` });
    const [label] = listing.data;
    expect(label.label).toBe('plains_zebra');
    expect(label.images.map((i: { filename: string }) => i.filename)).toEqual([expect.stringMatching(/^[0-9a-f]{40}\.png$/), expect.stringMatching(/\.png$/)]);
    const got = await Promise.all(label.images.map((i: { url: string }) => call(i.url, { bytes: true })));
    expect(got.map((g) => g.body)).toEqual([file, remote]);
    // Change the signature's first digit (to another digit: a signature starting with 0 once made this a no-op, 1 run in 16).
    const tampered = await call(label.images[0].url.replace(/Signature=(.)/, (_m: string, c: string) => `Signature=${c === '0' ? '1' : '0'}`));
    expect(tampered).toMatchObject({ status: 403, body: expect.stringContaining('<Code>AccessDenied</Code>') });
    server.state.now = () => Date.now() + 86_400_000;
    try {
      expect(await call(label.images[0].url)).toMatchObject({ status: 403, body: expect.stringContaining('Request has expired') });
    } finally {
      server.state.now = () => Date.now();
    }
    // An empty label of the set is listed with no images.
    expect((await call(api('training-set/294/images'), { headers: auth() })).body.data).toEqual([
      { object: 'training_label', label: 'mountain_zebra', images: [] },
      { object: 'training_label', label: 'maneless_zebra', images: [] },
    ]);
    const del = await call(api(`training-image/${a.body.id}`), { method: 'DELETE', headers: auth() });
    expect(del.body).toEqual({ object: 'training_image', id: a.body.id, message: 'Image deleted.' });
    expect((await call(api(`training-image/${a.body.id}`), { method: 'DELETE', headers: auth(APITORCH_OTHER_KEY) })).status).toBe(404);
  });

  it('classifies the bytes behind image_url: the same image at two URLs, the same answer; unreadable is "unknown"', async () => {
    const img = png(12, 12, 5);
    host(server.state.web, 'https://a.example.org/1.png', img);
    host(server.state.web, 'https://b.example.org/copy.png', img);
    const one = (await classify('classifiers[]=safe-for-work&classifiers[]=extract-text&image_url=https://a.example.org/1.png&options[show_confidence_value]=true')).body;
    const two = (await classify('classifiers[]=safe-for-work&classifiers[]=extract-text&image_url=https://b.example.org/copy.png&options[show_confidence_value]=true')).body;
    const strip = (r: { data: Record<string, unknown>[] }) => r.data.map(({ id: _id, ...rest }) => rest);
    expect(strip(two)).toEqual(strip(one));
    expect(one.id).toMatch(/^api_[0-9a-f]{40}$/);
    expect(one.data[0]).toMatchObject({ object: 'classification', classifier: 'safe-for-work', confidence_value: expect.stringMatching(/^0\.\d{4}$|^1\.0000$/) });
    expect(typeof one.data[1].value).toBe('boolean');
    expect(one.data[1].confidence).toBeUndefined();
    const lost = (await classify(`classifiers[]=safe-for-work&image_url=${BROKEN_IMAGE_URL}`)).body;
    expect(lost.data[0]).toMatchObject({ label: 'unknown', confidence: 'unknown' });
    expect(sniff(img)?.type).toBe('image/png');
    // Feedback on a classification of another account is not found.
    const fb = await call(`${api('feedback/classification')}?classification_id=${one.data[0].id}&correct_label_id=3`, { method: 'POST', headers: auth(APITORCH_OTHER_KEY) });
    expect(fb.body).toEqual({ object: 'error', message: 'Classification not found.' });
  });
});
