/**
 * k-means on 100k × 256 clustered synthetic rows, k = 100: ours (greedy
 * k-means++ on a sample + Hamerly-accelerated Lloyd) against ml-kmeans 7
 * (plain Lloyd on number[][], greedy k-means++ on all rows), same data, same
 * run. ml-kmeans' seeding allocates a row copy per distance and needs minutes
 * on 100k rows, so the comparison is split into what can be measured fully:
 *   1. Lloyd phase from the SAME initial centroids with the same iteration
 *      budget (both run exact Lloyd, so the inertias must match);
 *   2. seeding + one iteration on a 2k-row subset (both seed on all of it),
 *      4 seeds each (the inertia varies ±3% from seed to seed);
 *   3. our end-to-end run on 100k against ml-kmeans extrapolated from 1 and 2
 *      (labelled as an estimate: ml-kmeans is not run end to end).
 * Inertia of either result = Σ squared distance of each row to its nearest
 * returned centroid, computed by the same function.
 */
import { kmeans as mlKmeans } from 'ml-kmeans';
import { kmeans } from '../../src/core/cluster/kmeans.js';
import { kmeansPlusPlus } from '../../src/core/cluster/init.js';
import { Ticker } from '../../src/core/base/ticker.js';
import { BLOCK_ROWS, nearestTwo, rowSqNorms } from '../../src/core/kernels/dense.js';
import { Rng } from '../../src/core/base/random.js';
import { select, type VectorSet } from '../../src/core/base/matrix.js';
import { median, type BenchRow } from './row.js';

const N = 100_000, DIM = 256, K = 100, SEED = 1;
const BUDGET = 10; // Lloyd iterations given to both in part 1
const SUBSET = 2_000;
const SEEDS = [1, 2, 3, 4]; // seed-to-seed spread of the inertia is ±3% here: compare means

/** 100 Gaussian clusters of unequal size (Dirichlet-like weights), centres ~ N(0, 1), noise σ = 0.5. */
function makeData(): VectorSet {
  const rng = new Rng(2024);
  const centres = new Float32Array(K * DIM).map(() => rng.normal());
  const w = Array.from({ length: K }, () => -Math.log(1 - rng.next()));
  const cum: number[] = [];
  w.reduce((s, x, i) => (cum[i] = s + x), 0);
  const total = cum[K - 1];
  const data = new Float32Array(N * DIM);
  for (let i = 0; i < N; i++) {
    const u = rng.next() * total;
    let c = 0;
    while (cum[c] < u) c++;
    for (let d = 0; d < DIM; d++) data[i * DIM + d] = centres[c * DIM + d] + 0.5 * rng.normal();
  }
  return { data, n: N, dim: DIM };
}

/** Σ over rows of the squared distance to the nearest of `centroids`. */
function objective(vs: VectorSet, centroids: Float32Array, k: number): number {
  const xn = rowSqNorms(vs.data, vs.n, vs.dim), cn = rowSqNorms(centroids, k, vs.dim);
  const best = new Int32Array(vs.n), d1 = new Float64Array(vs.n), d2 = new Float64Array(vs.n);
  const scratch = new Float64Array(BLOCK_ROWS * k);
  for (let s = 0; s < vs.n; s += BLOCK_ROWS) nearestTwo(vs.data, vs.dim, xn, null, s, Math.min(BLOCK_ROWS, vs.n - s), centroids, cn, k, best, d1, d2, scratch);
  return d1.reduce((a, b) => a + b, 0);
}

const toRows = (vs: VectorSet): number[][] => Array.from({ length: vs.n }, (_, i) => Array.from(vs.data.subarray(i * vs.dim, (i + 1) * vs.dim)));
const flat = (rows: number[][]): Float32Array => Float32Array.from(rows.flat());
const fmtS = (ms: number) => `${(ms / 1000).toFixed(2)} s`;
const rel = (a: number, b: number) => `${(((a - b) / b) * 100).toFixed(3)}%`;
const spread = (xs: number[]) => `${Math.min(...xs).toExponential(3)}–${Math.max(...xs).toExponential(3)}`;

async function time<T>(f: () => Promise<T> | T): Promise<[number, T]> {
  const t = performance.now();
  const r = await f();
  return [performance.now() - t, r];
}

export async function run(): Promise<BenchRow[]> {
  const vs = makeData();
  const sub = select(vs, new Rng(7).sample(N, SUBSET));
  const C0 = await kmeansPlusPlus(vs.data, N, DIM, K, new Rng(SEED), 6400, new Ticker(undefined, undefined));
  const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;

  // Ours first, before the peer's number[][] copies exist: a 200 MB array-of-arrays
  // heap slows garbage collection for whatever runs beside it.
  // 1. Lloyd phase from C0. tolerance 0: stop only on a fixed point or the budget,
  //    like ml-kmeans (whose own 1e-6 rule does not trigger within the budget here).
  const oursT: number[] = [];
  let ours1 = await kmeans(vs, K, { initialCentroids: C0, maxIterations: BUDGET, tolerance: 0 }); // warm-up
  for (let r = 0; r < 3; r++) {
    const [ms, res] = await time(() => kmeans(vs, K, { initialCentroids: C0, maxIterations: BUDGET, tolerance: 0 }));
    oursT.push(ms);
    ours1 = res;
  }
  // 2. Seeding + 1 iteration on the subset, one run per seed.
  await kmeans(sub, K, { seed: 99, maxIterations: 1 }); // warm-up
  const oursT2: number[] = [], oi2: number[] = [];
  for (const seed of SEEDS) {
    const [ms, res] = await time(() => kmeans(sub, K, { seed, maxIterations: 1 }));
    oursT2.push(ms);
    oi2.push(objective(sub, res.centroids, K));
  }
  // 3. End to end with the defaults.
  const oursT3: number[] = [];
  let ours3 = ours1; // JIT is warm from parts 1 and 2
  for (let r = 0; r < 3; r++) {
    const [ms, res] = await time(() => kmeans(vs, K, { seed: SEED }));
    oursT3.push(ms);
    ours3 = res;
  }

  // The peer, same data and centres.
  const rows2d = toRows(vs);
  const C0rows = toRows({ data: C0, n: K, dim: DIM });
  const peerT: number[] = [];
  let peer1 = mlKmeans(rows2d, K, { initialization: C0rows, maxIterations: 1 }); // warm-up (JIT), 1 iteration
  for (let r = 0; r < 2; r++) {
    const [ms, res] = await time(() => mlKmeans(rows2d, K, { initialization: C0rows, maxIterations: BUDGET }));
    peerT.push(ms);
    peer1 = res;
  }
  const subRows = toRows(sub);
  const peerT2: number[] = [], pi2: number[] = [];
  for (const seed of SEEDS) {
    const [pms, pres] = await time(() => mlKmeans(subRows, K, { seed, maxIterations: 1 }));
    peerT2.push(pms);
    pi2.push(objective(sub, flat(pres.centroids), K));
  }

  const rows: BenchRow[] = [];
  const oursInertia1 = objective(vs, ours1.centroids, K);
  const peerInertia1 = objective(vs, flat(peer1.centroids), K);
  const o1 = median(oursT), p1 = median(peerT);
  rows.push({
    task: `Lloyd ${BUDGET} it, same init, 100k×256 k=100`,
    ours: fmtS(o1),
    peer: `ml-kmeans ${fmtS(p1)}`,
    ratio: p1 / o1,
    target: '≥ 10× faster, inertia ≤ peer',
    met: p1 / o1 >= 10 && oursInertia1 <= peerInertia1 * (1 + 1e-6),
    note: `iterations ${ours1.iterations}/${peer1.iterations}; inertia ours ${oursInertia1.toExponential(6)} vs peer ${peerInertia1.toExponential(6)} (${rel(oursInertia1, peerInertia1)}); ours median of 3, peer of 2`,
  });
  const oursPerIt = o1 / ours1.iterations, peerPerIt = p1 / peer1.iterations;

  const o2 = median(oursT2), p2 = median(peerT2);
  rows.push({
    task: `k-means++ seeding + 1 it, ${SUBSET / 1000}k×256 k=100`,
    ours: fmtS(o2),
    peer: `ml-kmeans ${fmtS(p2)}`,
    ratio: p2 / o2,
    target: '≥ 10× faster, mean inertia ≤ peer + 2%',
    met: p2 / o2 >= 10 && mean(oi2) <= mean(pi2) * 1.02,
    note: `both greedy k-means++ (2+ln k trials) on all rows given; seeds ${SEEDS.join(',')} (different PRNGs), time medians over seeds; mean inertia ${rel(mean(oi2), mean(pi2))} vs peer (ours ${spread(oi2)}, peer ${spread(pi2)})`,
  });

  const o3 = median(oursT3);
  const peerSeedPerRow = Math.max(0, p2 - peerPerIt * (SUBSET / N)) / SUBSET; // seeding cost grows linearly in rows (k fixed); minus its 1 iteration
  const peerEst = peerSeedPerRow * N + peerPerIt * ours3.iterations;
  rows.push({
    task: `end to end (seed + until converged), 100k×256 k=100`,
    ours: fmtS(o3),
    peer: `ml-kmeans ≈${fmtS(peerEst)} (estimate)`,
    ratio: peerEst / o3,
    target: '≥ 10× faster',
    met: peerEst / o3 >= 10,
    note: `ours: tolerance 1e-4 (default), ${ours3.iterations} it, converged ${ours3.converged}, inertia ${ours3.inertia.toExponential(6)} (${rel(ours3.inertia, peerInertia1)} vs row-1 peer); peer NOT run end to end: seeding/row from row 2 × 100k + ${(peerPerIt / 1000).toFixed(2)} s/it (row 1) × ${ours3.iterations} it`,
  });
  rows.push({
    task: 'time per Lloyd iteration (row 1)',
    ours: `${oursPerIt.toFixed(0)} ms`,
    peer: `ml-kmeans ${peerPerIt.toFixed(0)} ms`,
    ratio: peerPerIt / oursPerIt,
    target: '≥ 10× faster',
    met: peerPerIt / oursPerIt >= 10,
    note: 'includes our initial full assignment pass (the costly one); later iterations skip most rows',
  });
  return rows;
}
