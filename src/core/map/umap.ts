/**
 * 2-D (or n-D) UMAP map of L2-normalised embeddings, via umap-js.
 *
 * The neighbour graph comes from our kNN (cosine) and is handed to umap-js
 * as precomputed, so its own approximate search never runs; umap-js's random
 * source is our seeded generator, so a seed gives the same map. Optimisation
 * runs epoch by epoch (`initializeFit` / `step`), reporting progress and
 * yielding between slices so an abort can land. Above `pcaAbove` rows the
 * vectors are first reduced with PCA (then re-normalised) so the kNN runs on
 * `pcaDims` instead of 1792 dimensions.
 */
import { UMAP } from 'umap-js';
import { normalizeRows, type VectorSet } from '../base/index.js';
import { knnAll, type KnnGraph } from '../search/index.js';
import { Rng } from '../base/index.js';
import { Ticker, type RunOptions } from '../base/index.js';
import { checkInt, checkNumber, checkRunOptions, checkUnitRows, checkVectorSet } from '../base/index.js';
import { checkKnn } from '../search/index.js';
import { fitPca, pcaTransform } from '../linalg/index.js';

/** Options of {@link umap}. */
export interface UmapOptions extends RunOptions {
  /** Neighbours per point, itself included (umap-js convention); capped at n − 1. @defaultValue 15 */
  nNeighbors?: number;
  /** Minimum distance between points in the map. @defaultValue 0.1 */
  minDist?: number;
  /** Output dimensions. @defaultValue 2 */
  nComponents?: number;
  /** Optimisation epochs. @defaultValue umap-js's rule: 500 up to 2,500 rows, 400 to 5,000, 300 to 7,500, else 200 */
  nEpochs?: number;
  /** Seed of the initial layout and the negative sampling. @defaultValue 0 */
  seed?: number;
  /** Reduce with PCA first when there are more rows than this. @defaultValue 5000 */
  pcaAbove?: number;
  /** PCA dimensions for that reduction. @defaultValue 50 */
  pcaDims?: number;
  /** Precomputed cosine kNN graph of these rows (at least nNeighbors − 1 neighbours): skips the PCA and the search. */
  knn?: KnnGraph;
}

/** Result of {@link umap}. */
export interface UmapResult {
  /** n × nComponents, row-major. */
  embedding: Float32Array;
  nComponents: number;
  /** Epochs run. */
  epochs: number;
  /** PCA dimensions used before the kNN, or null when none. */
  pcaDims: number | null;
}

/**
 * Lay out rows in nComponents dimensions. Fewer than 3 rows get a trivial
 * layout (first row at the origin, second at (1, 0, ...)).
 * @throws ValidationError for non-unit rows or bad options
 * @throws CancelledError when `options.signal` aborts
 */
export async function umap(vs: VectorSet, options: UmapOptions = {}): Promise<UmapResult> {
  checkVectorSet(vs, 'vectors');
  checkUnitRows(vs, 'vectors');
  checkRunOptions(options);
  const n = vs.n;
  const nComponents = checkInt(options.nComponents ?? 2, 'options.nComponents', 1, 100);
  const minDist = checkNumber(options.minDist ?? 0.1, 'options.minDist', 0, 10);
  const seed = checkNumber(options.seed ?? 0, 'options.seed');
  const pcaAbove = checkInt(options.pcaAbove ?? 5000, 'options.pcaAbove', 0);
  const pcaDims = checkInt(options.pcaDims ?? 50, 'options.pcaDims', 2);
  const nEpochs = options.nEpochs === undefined ? undefined : checkInt(options.nEpochs, 'options.nEpochs', 1, 100_000);
  const nNeighbors = Math.min(checkInt(options.nNeighbors ?? 15, 'options.nNeighbors', 2), n - 1);
  if (options.knn) checkKnn(options.knn, n, Math.max(0, nNeighbors - 1), 'options.knn');
  const ticker = new Ticker(options.signal, options.onProgress);
  if (n < 3) {
    const embedding = new Float32Array(n * nComponents);
    if (n === 2) embedding[nComponents] = 1;
    ticker.progress(1);
    return { embedding, nComponents, epochs: 0, pcaDims: null };
  }

  let knn = options.knn ?? null;
  let usedPca: number | null = null;
  if (!knn) {
    let space = vs;
    if (n > pcaAbove && vs.dim > pcaDims) {
      const model = await fitPca(vs, pcaDims, { seed, maxFitRows: 5000, signal: options.signal, onProgress: (f) => ticker.progress(0.15 * f) });
      space = normalizeRows(pcaTransform(model, vs));
      usedPca = pcaDims;
    }
    knn = await knnAll(space, nNeighbors - 1, { signal: options.signal });
    await ticker.pause();
  }
  ticker.progress(0.25);
  // umap-js wants each row's neighbours with itself first at distance 0.
  const K = knn.k, kk = nNeighbors - 1;
  const indices: number[][] = new Array(n);
  const distances: number[][] = new Array(n);
  for (let i = 0; i < n; i++) {
    const ix = [i], ds = [0];
    for (let j = 0; j < kk; j++) {
      ix.push(knn.indices[i * K + j]);
      ds.push(Math.max(0, knn.distances[i * K + j]));
    }
    indices[i] = ix;
    distances[i] = ds;
  }
  const rng = new Rng(seed);
  const u = new UMAP({ nComponents, nNeighbors, minDist, nEpochs, random: () => rng.next() });
  u.setPrecomputedKNN(indices, distances);
  // With a precomputed graph umap-js reads X only for its length; pass row views, not copies.
  const rows = Array.from({ length: n }, (_, i) => vs.data.subarray(i * vs.dim, (i + 1) * vs.dim) as unknown as number[]);
  const epochs = u.initializeFit(rows);
  await ticker.pause();
  const every = Math.max(1, Math.floor(epochs / 50));
  for (let e = 0; e < epochs; e++) {
    u.step();
    if ((e + 1) % every === 0) ticker.progress(0.3 + (0.7 * (e + 1)) / epochs);
    const p = ticker.tick();
    if (p) await p;
  }
  const out = u.getEmbedding();
  const embedding = new Float32Array(n * nComponents);
  for (let i = 0; i < n; i++) for (let c = 0; c < nComponents; c++) embedding[i * nComponents + c] = out[i][c];
  ticker.progress(1);
  return { embedding, nComponents, epochs, pcaDims: usedPca };
}
