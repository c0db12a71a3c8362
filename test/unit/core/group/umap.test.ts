import { describe, expect, it } from 'vitest';
import { umap } from '../../../../src/core/map/umap.js';
import { CancelledError, ValidationError } from '../../../../src/contract/errors.js';
import { blobs } from './fixtures.js';

describe('umap', () => {
  const { vs, labels } = blobs({ sizes: [40, 40, 40], dim: 32, spread: 4, sigma: 0.3, seed: 3, unit: true });

  it('is seeded: same seed, same map; another seed, another map', async () => {
    const a = await umap(vs, { seed: 1, nEpochs: 60 });
    const b = await umap(vs, { seed: 1, nEpochs: 60 });
    const c = await umap(vs, { seed: 2, nEpochs: 60 });
    expect(a.embedding.length).toBe(vs.n * 2);
    expect(Array.from(a.embedding)).toEqual(Array.from(b.embedding));
    expect(Array.from(a.embedding)).not.toEqual(Array.from(c.embedding));
    expect(a.epochs).toBe(60);
  });

  it('keeps clusters apart in the map', async () => {
    const { embedding } = await umap(vs, { seed: 5, nEpochs: 200 });
    const cent = [0, 1, 2].map((c) => {
      let x = 0, y = 0, m = 0;
      for (let i = 0; i < vs.n; i++) {
        if (labels[i] !== c) continue;
        x += embedding[2 * i];
        y += embedding[2 * i + 1];
        m++;
      }
      return [x / m, y / m];
    });
    // every point is nearer its own cluster's centre than any other centre
    let ok = 0;
    for (let i = 0; i < vs.n; i++) {
      const d = cent.map(([x, y]) => Math.hypot(embedding[2 * i] - x, embedding[2 * i + 1] - y));
      if (d.indexOf(Math.min(...d)) === labels[i]) ok++;
    }
    expect(ok).toBe(vs.n);
  });

  it('reports monotone progress ending at 1', async () => {
    const seen: number[] = [];
    await umap(vs, { nEpochs: 100, onProgress: (f) => seen.push(f) });
    expect(seen.length).toBeGreaterThan(10);
    expect(seen.at(-1)).toBe(1);
    for (let i = 1; i < seen.length; i++) expect(seen[i]).toBeGreaterThanOrEqual(seen[i - 1]);
  });

  it('cancels mid-optimisation', async () => {
    const ac = new AbortController();
    let aborted = false;
    const p = umap(vs, {
      nEpochs: 5000,
      onProgress: (f) => {
        if (f > 0.4 && !aborted) {
          aborted = true;
          setTimeout(() => ac.abort(), 0);
        }
      },
      signal: ac.signal,
    });
    await expect(p).rejects.toBeInstanceOf(CancelledError);
  });

  it('reduces with PCA above the threshold, handles tiny inputs, validates', async () => {
    const r = await umap(vs, { pcaAbove: 50, pcaDims: 8, nEpochs: 20 });
    expect(r.pcaDims).toBe(8);
    expect(r.embedding.every(Number.isFinite)).toBe(true);
    const two = await umap({ data: vs.data.slice(0, 64), n: 2, dim: 32 });
    expect(Array.from(two.embedding)).toEqual([0, 0, 1, 0]);
    await expect(umap(vs, { nComponents: 0 })).rejects.toMatchObject({ field: 'options.nComponents' });
    const raw = blobs({ sizes: [10], dim: 4 }).vs;
    await expect(umap(raw)).rejects.toBeInstanceOf(ValidationError);
  });
});
