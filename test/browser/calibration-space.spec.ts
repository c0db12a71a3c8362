import { test, expect } from './fixtures.js';
import { tinyManifest } from './tiny-model.js';

/**
 * A similarity calibration belongs to the space it was fitted in: fitted with
 * another vectorizer than the archive is read with, its threshold is not
 * applied (cosines of two models do not compare) and the job says so; fitted
 * in the archive's space, it is applied without a warning.
 */
test('a similarity calibration fitted with another vectorizer is not applied, and the job warns', async ({ harness: page }) => {
  test.setTimeout(120_000);
  const out = await page.evaluate(async (manifest) => {
    const { createCurator } = (window as any).curatekit;
    // The tiny model is never loaded: calibration pairs are given as vectors.
    const c = await createCurator({ dbName: 'calibration-space', vectorizers: [manifest] });
    let seed = 3;
    const rand = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31) * 2 - 1;
    const unit = (v: Float32Array) => { const n = Math.hypot(...v); return v.map((x) => x / n); };
    const near = (v: Float32Array, e: number) => unit(v.map((x) => x + e * rand()));
    const D = 1792;
    const themes = [0, 1, 2].map(() => unit(Float32Array.from({ length: D }, rand)));
    const items = Array.from({ length: 45 }, (_, i) => ({ name: `i${i}`, vector: near(themes[i % 3], 0.9) }));
    await c.run('create_archive', { name: 'a', content_type: 'Image' });
    await c.run('index', { archive: 'a', vectors: items });
    const cluster = async () => {
      const job = await c.run('cluster_by_calibrated_similarity', { archive: 'a' });
      return { n: job.results.clustered_content_ids.length, warnings: job.warnings ?? [] };
    };
    const before = await cluster();
    // 200 very tight pairs in the tiny model's 16-d space.
    const pairs = (dim: number, e: number) => Array.from({ length: 200 }, (_, p) => {
      const v = unit(Float32Array.from({ length: dim }, rand));
      return [{ name: `${p}_a`, vector: v }, { name: `${p}_b`, vector: near(v, e) }];
    }).flat();
    await c.run('calibrate_similarity', { archive: 'a', custom_vectorizer_name: 'tiny', vectors: pairs(16, 0.01) });
    const otherSpace = await cluster();
    // Loose pairs in the archive's own space: applied, so the clustering changes.
    await c.run('calibrate_similarity', { archive: 'a', vectors: pairs(D, 0.9) });
    const ownSpace = await cluster();
    await c.close();
    return { before, otherSpace, ownSpace };
  }, tinyManifest('http://127.0.0.1:9/never-loaded.onnx'));
  expect(out.before.warnings).toEqual([]);
  expect(out.otherSpace.n).toBe(out.before.n);
  expect(out.otherSpace.warnings.join(' ')).toMatch(/fitted with tiny, the archive is read with .+: its threshold does not carry over/);
  expect(out.ownSpace.warnings).toEqual([]);
  expect(out.ownSpace.n).not.toBe(out.before.n);
});
