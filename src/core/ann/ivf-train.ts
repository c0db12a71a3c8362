/**
 * The IVF coarse quantizer: seeded spherical k-means (Lloyd on unit vectors,
 * centroids re-normalised, cosine assignment) on a sample, and nearest-
 * centroid assignment of all rows. Assignment runs as blocked f32 tiles of
 * rows × centroids (tiles.ts). This is deliberately minimal — the clustering
 * features of the product use their own k-means; this one only needs to cut
 * space into cells of similar size quickly and reproducibly.
 */
import { throwIfAborted } from '../../contract/errors.js';
import type { VectorSet } from '../base/index.js';
import { Rng } from '../base/index.js';
import { crossTiles, TILE_BYTES } from '../kernels/index.js';
import { type RunOptions } from '../base/index.js';
import { Arena } from '../kernels/index.js';
import { paddedDim } from '../kernels/index.js';

/** Rows assigned per copy into kernel memory. */
const ASSIGN_CHUNK = 2048;

/** Nearest centroid (max dot product; ties to the lower index) and its score for every row of `vs`. */
export function assignNearest(vs: VectorSet, centroids: Float32Array, nlist: number, opts: RunOptions = {}): { label: Int32Array; score: Float32Array } {
  const { n, dim } = vs;
  const stride = paddedDim(dim) * 4;
  const nlPad = Math.ceil(nlist / 32) * 32 + 32;
  const arena = new Arena(dim, nlPad * stride + (ASSIGN_CHUNK + 2) * stride + TILE_BYTES);
  const cOff = arena.alloc(nlPad * stride);
  arena.putF32(cOff, centroids, 0, nlist);
  const qOff = arena.alloc((ASSIGN_CHUNK + 2) * stride);
  const out = arena.alloc(TILE_BYTES);
  const label = new Int32Array(n);
  const score = new Float32Array(n).fill(-Infinity);
  for (let r0 = 0; r0 < n; r0 += ASSIGN_CHUNK) {
    throwIfAborted(opts.signal);
    const nr = Math.min(ASSIGN_CHUNK, n - r0);
    arena.putF32(qOff, vs.data, r0, nr);
    crossTiles({ arena, off: qOff, n: nr, out }, { resident: { arena, kind: 'f32', off: cOff, n: nlist } }, (i0, ni, j0, nj, s, o, ld) => {
      for (let x = 0; x < ni; x++) {
        const i = r0 + i0 + x;
        const row = o + x * ld - j0;
        let best = score[i], arg = label[i];
        for (let j = j0; j < j0 + nj; j++) {
          if (s[row + j] > best) {
            best = s[row + j];
            arg = j;
          }
        }
        score[i] = best;
        label[i] = arg;
      }
    });
    opts.onProgress?.((r0 + nr) / n);
  }
  return { label, score };
}

export interface TrainOptions extends RunOptions {
  seed: number;
  iterations: number;
  /** Rows sampled for training. */
  sampleSize: number;
}

/** `nlist` unit centroids trained on a seeded sample of `vs` (nlist ≤ n). */
export function trainCentroids(vs: VectorSet, nlist: number, opts: TrainOptions): Float32Array {
  const { dim } = vs;
  const rng = new Rng(opts.seed);
  const sampleIdx = rng.sample(vs.n, Math.max(nlist, Math.min(vs.n, opts.sampleSize))).sort();
  const sample = new Float32Array(sampleIdx.length * dim);
  for (let t = 0; t < sampleIdx.length; t++) sample.set(vs.data.subarray(sampleIdx[t] * dim, (sampleIdx[t] + 1) * dim), t * dim);
  const S: VectorSet = { data: sample, n: sampleIdx.length, dim };
  // Initial centroids: distinct sample rows (seeded).
  const init = rng.sample(S.n, nlist);
  const cent = new Float32Array(nlist * dim);
  for (let c = 0; c < nlist; c++) cent.set(sample.subarray(init[c] * dim, (init[c] + 1) * dim), c * dim);
  for (let it = 0; it < opts.iterations; it++) {
    throwIfAborted(opts.signal);
    const { label, score } = assignNearest(S, cent, nlist, { signal: opts.signal });
    const sum = new Float64Array(nlist * dim);
    const count = new Int32Array(nlist);
    for (let i = 0; i < S.n; i++) {
      const c = label[i];
      count[c]++;
      for (let d = 0; d < dim; d++) sum[c * dim + d] += sample[i * dim + d];
    }
    // Empty cells take the worst-served sample rows, so every cell stays in use.
    const worst = Array.from(score.keys()).sort((a, b) => score[a] - score[b] || a - b);
    let w = 0;
    for (let c = 0; c < nlist; c++) {
      if (count[c] === 0) {
        const i = worst[w++];
        for (let d = 0; d < dim; d++) sum[c * dim + d] = sample[i * dim + d];
      }
      let norm = 0;
      for (let d = 0; d < dim; d++) norm += sum[c * dim + d] ** 2;
      const inv = norm > 0 ? 1 / Math.sqrt(norm) : 0;
      for (let d = 0; d < dim; d++) cent[c * dim + d] = sum[c * dim + d] * inv;
    }
    opts.onProgress?.((it + 1) / opts.iterations);
  }
  return cent;
}
