/**
 * Bounded "k best" lists for many rows at once, struct-of-arrays so that a
 * whole kNN graph lives in two typed arrays. Each list is kept sorted, best
 * first; "better" means a larger score, ties going to the smaller id, so the
 * result never depends on the order candidates arrive in. Insertion is O(k)
 * but rare: after warm-up almost every candidate fails the one comparison
 * against the current worst, which is what the hot loops test first.
 */
export class TopKRows {
  readonly k: number;
  readonly rows: number;
  readonly scores: Float32Array;
  readonly ids: Int32Array;
  readonly count: Int32Array;
  /** Current worst kept score per row (-Infinity until the row holds k items). */
  readonly floor: Float32Array;

  constructor(rows: number, k: number) {
    this.k = k;
    this.rows = rows;
    this.scores = new Float32Array(rows * k);
    this.ids = new Int32Array(rows * k).fill(-1);
    this.count = new Int32Array(rows);
    this.floor = new Float32Array(rows).fill(k === 0 ? Infinity : -Infinity);
  }

  /** Offer candidate `id` with `score` to row `r`. Callers may pre-filter with `score >= floor[r]`. */
  push(r: number, id: number, score: number): void {
    const k = this.k;
    if (k === 0) return;
    const base = r * k;
    const c = this.count[r];
    const scores = this.scores, ids = this.ids;
    if (c === k) {
      const ws = scores[base + k - 1];
      if (score < ws || (score === ws && id > ids[base + k - 1])) return;
    }
    let p = c === k ? k - 1 : c;
    while (p > 0) {
      const s = scores[base + p - 1];
      if (s > score || (s === score && ids[base + p - 1] < id)) break;
      scores[base + p] = s;
      ids[base + p] = ids[base + p - 1];
      p--;
    }
    scores[base + p] = score;
    ids[base + p] = id;
    if (c < k) this.count[r] = c + 1;
    if (this.count[r] === k) this.floor[r] = scores[base + k - 1];
  }
}

/**
 * Indices of the `k` largest values of `scores[0..n)` (ties to the smaller
 * index), best first. For k near n this sorts; for small k it uses a TopKRows.
 */
export function topKOfArray(scores: Float32Array, n: number, k: number): Int32Array {
  const kk = Math.min(k, n);
  if (kk * 8 >= n) {
    const idx = new Int32Array(n);
    for (let i = 0; i < n; i++) idx[i] = i;
    idx.sort((a, b) => scores[b] - scores[a] || a - b);
    return idx.slice(0, kk);
  }
  const t = new TopKRows(1, kk);
  let floor = -Infinity;
  for (let i = 0; i < n; i++) {
    const s = scores[i];
    if (s >= floor) {
      t.push(0, i, s);
      floor = t.floor[0];
    }
  }
  return t.ids.slice(0, kk);
}
