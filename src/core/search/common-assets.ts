/**
 * `common_assets_archive_name` of `search`: content that many items share
 * (a logo, a watermark, a template, a studio background) makes everything
 * look alike to the query. Search removes the directions those assets span
 * from the query and from every candidate, and ranks by the cosine of what
 * is left — similarity in what is not common.
 */
import { ValidationError } from '../../contract/errors.js';
import { type VectorSet } from '../base/index.js';
import { fitPca } from '../linalg/index.js';
import { Ticker, type RunOptions } from '../base/index.js';
import { checkInt, checkVectorSet } from '../base/index.js';

/** Assets beyond this many are summarised by their top uncentred principal directions. */
export const MAX_ASSET_DIRECTIONS = 16;
/** Rows with less than this squared norm left after removing the asset directions are assets themselves (cosine 0). */
const EMPTY = 1e-4;

export interface AssetBasis {
  /** rank × dim, orthonormal rows. */
  basis: Float64Array;
  rank: number;
  dim: number;
}

/**
 * Orthonormal basis of the directions the assets span: every asset (Gram–Schmidt)
 * up to `maxRank` of them, else the top `maxRank` uncentred principal
 * directions (PCA of the rows and their negatives, whose mean is 0).
 * @throws ValidationError for malformed vectors or maxRank outside 1..dim
 */
export async function assetBasis(assets: VectorSet, options: RunOptions & { maxRank?: number } = {}): Promise<AssetBasis> {
  checkVectorSet(assets, 'assets');
  const dim = assets.dim;
  const maxRank = options.maxRank ?? MAX_ASSET_DIRECTIONS;
  checkInt(maxRank, 'maxRank', 1, dim);
  let rows: Float64Array;
  let n: number;
  if (assets.n <= maxRank) {
    rows = Float64Array.from(assets.data);
    n = assets.n;
  } else {
    const both = new Float32Array(2 * assets.n * dim);
    both.set(assets.data);
    for (let x = 0; x < assets.data.length; x++) both[assets.data.length + x] = -assets.data[x];
    const model = await fitPca({ data: both, n: 2 * assets.n, dim }, maxRank, { signal: options.signal, onProgress: options.onProgress });
    rows = Float64Array.from(model.components);
    n = maxRank;
  }
  // Modified Gram–Schmidt, dropping rows that add no new direction.
  const basis = new Float64Array(n * dim);
  let rank = 0;
  for (let i = 0; i < n; i++) {
    const v = rows.subarray(i * dim, (i + 1) * dim);
    for (let b = 0; b < rank; b++) {
      const e = basis.subarray(b * dim, (b + 1) * dim);
      let p = 0;
      for (let d = 0; d < dim; d++) p += v[d] * e[d];
      for (let d = 0; d < dim; d++) v[d] -= p * e[d];
    }
    let s = 0;
    for (let d = 0; d < dim; d++) s += v[d] * v[d];
    if (s < 1e-8) continue;
    const inv = 1 / Math.sqrt(s);
    for (let d = 0; d < dim; d++) basis[rank * dim + d] = v[d] * inv;
    rank++;
  }
  return { basis: basis.slice(0, rank * dim), rank, dim };
}

/**
 * Top `k` candidate rows by cosine with `query` once the basis directions are
 * removed from both; distance = 1 − that cosine. Rows that are (almost) all
 * asset get cosine 0; `meanDistance` is over all candidates. Cost: (rank + 1)
 * dot products per candidate; time-sliced, so `options.signal` cancels mid-scan.
 * @throws ValidationError when the query itself lies in the assets' span (field `query`).
 */
export async function searchWithoutAssets(base: VectorSet, query: Float32Array, b: AssetBasis, k: number, candidates: ArrayLike<number>, options: RunOptions = {}): Promise<{ rows: Int32Array; distances: Float32Array; meanDistance: number | null }> {
  const ticker = new Ticker(options.signal, options.onProgress);
  const { dim } = base;
  if (b.dim !== dim || query.length !== dim) throw new ValidationError('query', `vectors of dimension ${b.dim}`);
  const q = Float64Array.from(query);
  for (let r = 0; r < b.rank; r++) {
    let p = 0;
    for (let d = 0; d < dim; d++) p += q[d] * b.basis[r * dim + d];
    for (let d = 0; d < dim; d++) q[d] -= p * b.basis[r * dim + d];
  }
  let qn = 0;
  for (const x of q) qn += x * x;
  if (qn < EMPTY) throw new ValidationError('query', 'not made only of common assets', 'query: the examples are made only of common assets; nothing is left to search by');
  const qf = Float32Array.from(q, (x) => x / Math.sqrt(qn));
  const sims = new Float32Array(candidates.length);
  for (let c = 0; c < candidates.length; c++) {
    if ((c & 255) === 0) {
      ticker.progress(c / candidates.length);
      const p = ticker.tick();
      if (p) await p;
    }
    const o = candidates[c] * dim;
    let s = 0, nn = 0;
    for (let d = 0; d < dim; d++) {
      const v = base.data[o + d];
      s += qf[d] * v;
      nn += v * v;
    }
    // |v'|² = |v|² − Σ (e_r·v)²; qf ⟂ every e_r, so qf·v' = qf·v.
    for (let r = 0; r < b.rank; r++) {
      let p = 0;
      const e = r * dim;
      for (let d = 0; d < dim; d++) p += b.basis[e + d] * base.data[o + d];
      nn -= p * p;
    }
    sims[c] = nn < EMPTY ? 0 : s / Math.sqrt(nn);
  }
  const order = Array.from(sims.keys()).sort((x, y) => sims[y] - sims[x] || candidates[x] - candidates[y]).slice(0, Math.min(k, candidates.length));
  ticker.progress(1);
  let mean = 0;
  for (const x of sims) mean += 1 - x;
  return { rows: Int32Array.from(order, (c) => candidates[c]), distances: Float32Array.from(order, (c) => 1 - sims[c]), meanDistance: sims.length ? mean / sims.length : null };
}
