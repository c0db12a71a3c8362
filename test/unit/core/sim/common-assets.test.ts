import { describe, expect, it } from 'vitest';
import { assetBasis, searchWithoutAssets } from '../../../../src/core/search/common-assets.js';
import { normalizeRows } from '../../../../src/core/base/matrix.js';
import { Rng } from '../../../../src/core/base/random.js';
import { searchExact } from '../../../../src/core/search/exact.js';

const dim = 48;
const r = new Rng(21);
const gauss = (n: number) => Float32Array.from({ length: n }, () => r.normal());
const unit = (v: Float32Array) => normalizeRows({ data: Float32Array.from(v), n: 1, dim: v.length }).data;

/** 60 items = 3 × logo + own content; the query is item 7's content with the logo and some noise. */
function logoSet() {
  const logo = unit(gauss(dim));
  const own = Array.from({ length: 60 }, () => unit(gauss(dim)));
  const data = new Float32Array(60 * dim);
  own.forEach((o, i) => data.set(unit(Float32Array.from(o, (x, d) => x + 3 * logo[d])), i * dim));
  const noise = gauss(dim);
  const query = unit(Float32Array.from(own[7], (x, d) => x + 3 * logo[d] + 0.6 * noise[d] / Math.sqrt(dim)));
  return { logo, base: { data, n: 60, dim }, query };
}

describe('common assets', () => {
  it('basis: orthonormal, spans the assets, drops dependent rows, summarises many assets by principal directions', async () => {
    const a = unit(gauss(dim)), b = unit(gauss(dim));
    const mix = unit(Float32Array.from(a, (x, d) => 0.6 * x + 0.8 * b[d]));
    const small = await assetBasis({ data: Float32Array.from([...a, ...b, ...mix]), n: 3, dim });
    expect(small.rank).toBe(2);
    for (let i = 0; i < 2; i++) for (let j = 0; j < 2; j++) {
      let s = 0;
      for (let d = 0; d < dim; d++) s += small.basis[i * dim + d] * small.basis[j * dim + d];
      expect(s).toBeCloseTo(i === j ? 1 : 0, 6);
    }
    // 40 noisy copies of two directions: the top directions recover them.
    const many = new Float32Array(40 * dim);
    for (let i = 0; i < 40; i++) many.set(unit(Float32Array.from(i % 2 ? a : b, (x) => x + 0.05 * r.normal())), i * dim);
    const big = await assetBasis({ data: many, n: 40, dim }, { maxRank: 2 });
    expect(big.rank).toBe(2);
    const inSpan = (v: Float32Array) => {
      let left = 1;
      for (let k = 0; k < 2; k++) {
        let p = 0;
        for (let d = 0; d < dim; d++) p += v[d] * big.basis[k * dim + d];
        left -= p * p;
      }
      return left;
    };
    expect(inSpan(a)).toBeLessThan(0.02);
    expect(inSpan(b)).toBeLessThan(0.02);
    await expect(assetBasis({ data: a, n: 1, dim }, { maxRank: 0 })).rejects.toMatchObject({ field: 'maxRank' });
  });

  it('a shared logo hides the right item from plain cosine; removing its direction finds it', async () => {
    const { logo, base, query } = logoSet();
    const all = Int32Array.from({ length: 60 }, (_, i) => i);
    const basis = await assetBasis({ data: logo, n: 1, dim });
    const found = await searchWithoutAssets(base, query, basis, 5, all);
    expect(found.rows[0]).toBe(7);
    // Plain cosine: the logo dominates, every item is ~0.9 similar and the runner-up is close behind.
    const plain = await searchExact(base, query, 2);
    const margin = (d: Float32Array) => d[1] - d[0];
    expect(margin(found.distances)).toBeGreaterThan(3 * margin(plain.distances));
    expect(found.distances[0]).toBeGreaterThan(0);
    expect(found.meanDistance).toBeGreaterThan(0.8); // distinct contents are ~orthogonal once the logo is gone
    // Candidates restrict the result; the logo itself (all asset) scores cosine 0.
    const withLogo = { data: Float32Array.from([...base.data, ...logo]), n: 61, dim };
    const sub = await searchWithoutAssets(withLogo, query, basis, 61, [3, 60, 7]);
    expect(sub.rows[0]).toBe(7);
    expect(new Set(sub.rows)).toEqual(new Set([3, 7, 60]));
    expect(sub.distances[Array.from(sub.rows).indexOf(60)]).toBeCloseTo(1, 6);
    // Cancel lands inside the scan.
    const ac = new AbortController();
    ac.abort();
    await expect(searchWithoutAssets(base, query, basis, 5, all, { signal: ac.signal })).rejects.toMatchObject({ name: 'CancelledError' });
    // A query made only of the asset has nothing left to search by.
    await expect(searchWithoutAssets(base, logo, basis, 5, all)).rejects.toThrow(expect.objectContaining({ field: 'query', rule: 'not made only of common assets' }));
  });
});
