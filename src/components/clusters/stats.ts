/** Per-cluster diversity from the vectors: mean cosine distance of members to their centroid. */
import type { VectorsView } from '../../contract/views.js';

export function clusterDiversity(v: VectorsView, clusters: number[][]): number[] {
  const row = new Map<number, number>();
  v.ids.forEach((id, i) => row.set(id, i));
  const d = v.dim;
  return clusters.map((ids) => {
    const rows = ids.map((id) => row.get(id)).filter((r): r is number => r !== undefined);
    if (rows.length < 2) return 0;
    const c = new Float64Array(d);
    for (const r of rows) for (let k = 0; k < d; k++) c[k] += v.data[r * d + k];
    const cn = Math.hypot(...c) || 1;
    let sum = 0;
    for (const r of rows) {
      let dot = 0, n = 0;
      for (let k = 0; k < d; k++) {
        dot += v.data[r * d + k] * c[k];
        n += v.data[r * d + k] ** 2;
      }
      sum += 1 - dot / (cn * (Math.sqrt(n) || 1));
    }
    return sum / rows.length;
  });
}
