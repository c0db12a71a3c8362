/**
 * The real-photo fixture set (scripts/prepare-photos.ts) embedded in Node with the default model
 * (TF.js wasm; the browser's ONNX embeddings agree to cosine 1.0000, test/browser/runtimes.spec.ts).
 * Used by the pure-algorithm benchmarks; bench:quality measures the same set through the product.
 * Embeddings are cached in .cache/photos/ (≈ 1 min to compute once).
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { normalizeRows, type VectorSet } from '../../src/core/base/matrix.js';
import { preparePhotos, PHOTOS_DIR, type PhotoEntry } from '../../scripts/prepare-photos.js';
import { decodeAny } from '../../scripts/photo-codec.js';
import { embed } from './neardup-real.js';
import type { Rgba } from './neardup-images.js';

export async function photoSet(): Promise<{ vs: VectorSet; files: PhotoEntry[] }> {
  const files = preparePhotos();
  const cache = join(PHOTOS_DIR, 'embeddings-node.json');
  if (existsSync(cache)) {
    const c = JSON.parse(readFileSync(cache, 'utf8')) as { n: number; data: string };
    if (c.n === files.length) return { vs: normalizeRows({ data: new Float32Array(new Uint8Array(Buffer.from(c.data, 'base64')).buffer), n: c.n, dim: 1792 }), files };
  }
  function* imgs(): Generator<Rgba> {
    for (const f of files) yield decodeAny(readFileSync(join(PHOTOS_DIR, f.file))) as Rgba;
  }
  const data = await embed(imgs(), files.length);
  writeFileSync(cache, JSON.stringify({ n: files.length, data: Buffer.from(data.buffer).toString('base64') }));
  return { vs: normalizeRows({ data, n: files.length, dim: 1792 }), files };
}

if (process.argv[1]?.endsWith('photos-set.ts')) {
  const { vs } = await photoSet();
  console.log(`photos: ${vs.n} embedded`);
}
