import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { PHOTOS, test, expect } from './fixtures.js';
import { tinyEncoderOnnx, tinyManifest } from './tiny-model.js';

test('an ONNX encoder added by URL + manifest loads, is cached, and works offline afterwards', async ({ harness: page }) => {
  const model = tinyEncoderOnnx();
  let requests = 0;
  const server: Server = createServer((req, res) => {
    requests++;
    // Cross-origin from the page: CORS, since the page is cross-origin isolated (COEP require-corp).
    res.writeHead(req.url === '/tiny.onnx' ? 200 : 404, { 'access-control-allow-origin': '*', 'content-type': 'application/octet-stream', 'content-length': model.length });
    res.end(req.url === '/tiny.onnx' ? Buffer.from(model) : undefined);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/tiny.onnx`;
  const manifest = tinyManifest(url);
  const indexOnce = (name: string) =>
    page.evaluate(async ({ manifest, photos, name }) => {
      const { createCurator } = (window as any).curatekit;
      const c = await createCurator({ dbName: 'custom-model', vectorizers: [manifest] });
      const list = await c.run('list_content', null);
      if (!list.results.archive_to_content_type_states_nr_of_contents.tiny) {
        await c.run('create_archive', { name: 'tiny', content_type: 'Image', default_vectorizer: 'tiny' });
      }
      const files = await Promise.all(photos.slice(0, 3).map(async (u: string, i: number) => new File([await (await fetch(u)).blob(), name], `${name}-${i}.jpg`)));
      const r = await c.run('index', { archive: 'tiny', files });
      const v = await c.vectors('tiny', null, 'tiny');
      await c.close();
      return { ids: r.results.name_to_indexed_content_id, failed: r.results.failure_reasons, dim: v.dim, n: v.ids.length, norm: Math.hypot(...v.data.slice(0, v.dim)) };
    }, { manifest, photos: PHOTOS, name });
  try {
    const first = await indexOnce('online');
    expect(first.failed).toEqual({});
    expect(first.dim).toBe(16);
    expect(first.n).toBe(3);
    expect(first.norm).toBeCloseTo(1, 3); // stored as float16
    expect(requests).toBe(1);
  } finally {
    await new Promise((r) => server.close(r));
  }
  // The server is gone: a new worker must load the model from Cache Storage.
  const second = await indexOnce('offline');
  expect(second.n).toBe(6);
  expect(requests).toBe(1);
  const bad = await page.evaluate(async () => {
    const { createCurator } = (window as any).curatekit;
    const c = await createCurator({ dbName: 'custom-model' });
    try {
      await c.addVectorizer({ id: 'broken', dimension: 0 });
      return null;
    } catch (e: any) {
      return { name: e.name, field: e.field };
    } finally {
      await c.close();
    }
  });
  expect(bad).toMatchObject({ name: 'ValidationError', field: 'vectorizer.dimension' });
});
