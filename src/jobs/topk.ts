/**
 * Exact top-k of one query over chosen rows (cosine distance on L2-normalised rows).
 * Interim scan used by the search job until core/ exports its blocked kernel.
 */
import type { VectorSet } from '../core/matrix.js';

export interface Hit {
  row: number;
  distance: number;
}

export function searchTopK(vs: VectorSet, q: Float32Array, k: number, opts: { rows?: number[] } = {}): Hit[] {
  const { data, dim } = vs;
  const rows = opts.rows ?? Array.from({ length: vs.n }, (_, r) => r);
  const hits: Hit[] = [];
  for (const r of rows) {
    let dot = 0;
    const o = r * dim;
    for (let d = 0; d < dim; d++) dot += data[o + d] * q[d];
    hits.push({ row: r, distance: 1 - dot });
  }
  hits.sort((a, b) => a.distance - b.distance);
  return hits.slice(0, k);
}
