import { PHOTOS, test, expect } from './fixtures.js';

/** Embed the same real photos with one engine per runtime/backend and compare per image. */
test('ONNX (converted in this repo) and TF.js embeddings agree on real photos', async ({ harness: page }) => {
  const out = await page.evaluate(async (photos) => {
    const { createCurator } = (window as any).curatekit;
    const blobs = await Promise.all(photos.slice(0, 6).map(async (u: string) => (await fetch(u)).blob()));
    const run = async (runtime: string) => {
      const c = await createCurator({ dbName: `rt-${runtime}`, runtime, backend: 'wasm' });
      const info = await c.warmUp();
      const r = await c.embed(blobs);
      await c.close();
      return { info, vectors: Array.from(r.vectors as Float32Array), dim: r.dim };
    };
    return { onnx: await run('onnx'), tfjs: await run('tfjs') };
  }, PHOTOS);
  expect(out.onnx.info.runtime).toBe('onnx');
  expect(out.tfjs.info.runtime).toBe('tfjs');
  const dim = out.onnx.dim;
  expect(dim).toBe(1792);
  const cos: number[] = [];
  for (let i = 0; i < 6; i++) {
    let s = 0;
    for (let d = 0; d < dim; d++) s += out.onnx.vectors[i * dim + d] * out.tfjs.vectors[i * dim + d];
    cos.push(s);
  }
  console.log('per-image cosine ONNX vs TF.js:', cos.map((c) => c.toFixed(6)).join(' '));
  for (const c of cos) expect(c).toBeGreaterThanOrEqual(0.9999);
  // Different photos must not collapse onto one vector.
  let cross = 0;
  for (let d = 0; d < dim; d++) cross += out.onnx.vectors[d] * out.onnx.vectors[dim + d];
  expect(cross).toBeLessThan(0.95);
});

test('auto picks wasm over a software WebGPU adapter; forced WebGPU runs and matches wasm', async ({ harness: page }) => {
  test.setTimeout(300_000);
  const out = await page.evaluate(async (photo) => {
    const { createCurator } = (window as any).curatekit;
    const blob = await (await fetch(photo)).blob();
    const auto = await createCurator({ dbName: 'gpu-auto' });
    const autoInfo = await auto.warmUp();
    const a = await auto.embed([blob]);
    await auto.close();
    const gpu = await createCurator({ dbName: 'gpu-forced', backend: 'webgpu', batchSize: 1 });
    const gpuInfo = await gpu.warmUp();
    const g = await gpu.embed([blob]);
    await gpu.close();
    let s = 0;
    for (let d = 0; d < a.dim; d++) s += a.vectors[d] * g.vectors[d];
    return { autoInfo, gpuInfo, cos: s };
  }, PHOTOS[6]);
  console.log('auto:', JSON.stringify(out.autoInfo), '\nforced:', JSON.stringify(out.gpuInfo), '\ncos', out.cos);
  expect(out.autoInfo.gpu.available).toBe(true);
  expect(out.autoInfo.gpu.software).toBe(true);
  expect(out.autoInfo.backend).toBe('wasm');
  expect(out.gpuInfo.backend).toBe('webgpu');
  expect(out.cos).toBeGreaterThan(0.999);
});
