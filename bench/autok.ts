/**
 * `npm run bench:autok` — automatic k on labelled sets of real embeddings
 * (bench/core/autok-sets.ts), the product's criterion (silhouette against
 * column-permuted null references, parsimony tolerance, k up to √(2n)) beside
 * the criterion it replaced (plain silhouette, its best k, k up to √n), both
 * through core autoKmeans.
 * Per set: the k each chose, NMI at that k, and NMI of k-means at the true k.
 * The targets: k within ±30 % of the true k, and NMI at the chosen k
 * ≥ NMI at the true k − 0.05. Times are medians of 3 runs.
 */
import { autoKmeans, kmeans, type AutoKOptions } from '../src/core/cluster/index.js';
import { labelledSets } from './core/autok-sets.js';
import { nmi } from './quality-metrics.js';
import { median, printTable, type BenchRow } from './core/row.js';

const sets = await labelledSets();
const rows: BenchRow[] = [];
const times = { ours: [] as number[], plain: [] as number[] };
let metOurs = 0, metPlain = 0;
for (const s of sets) {
  const trueK = new Set(s.labels).size;
  const score = (a: Int32Array) => nmi(s.labels.map((l, i) => [l, a[i]] as [string, number]));
  const atTrue = score((await kmeans(s.vs, trueK, { seed: 0 })).assignments);
  const run = async (opts: AutoKOptions, into: number[]) => {
    let r = await autoKmeans(s.vs, opts);
    const t: number[] = [];
    for (let i = 0; i < 3; i++) {
      const t0 = performance.now();
      r = await autoKmeans(s.vs, opts);
      t.push(performance.now() - t0);
    }
    into.push(median(t));
    return { k: r.k, nmi: score(r.result.assignments), maxK: r.scores.at(-1)!.k };
  };
  const ours = await run({}, times.ours);
  // The criterion before: plain silhouette, its best k, k up to √n.
  const plain = await run({ references: 0, tolerance: 0, maxK: Math.min(25, Math.max(2, Math.floor(Math.sqrt(s.vs.n)))) }, times.plain);
  const ok = (x: { k: number; nmi: number }) => Math.abs(x.k - trueK) <= 0.3 * trueK && x.nmi >= atTrue - 0.05;
  metOurs += Number(ok(ours));
  metPlain += Number(ok(plain));
  rows.push({
    task: `${s.name}: n ${s.vs.n}, true k ${trueK}`,
    ours: `k ${ours.k}, NMI ${ours.nmi.toFixed(3)}`,
    peer: `plain silhouette: k ${plain.k}, NMI ${plain.nmi.toFixed(3)}`,
    ratio: ours.nmi / Math.max(1e-9, plain.nmi),
    target: `k ${Math.ceil(0.7 * trueK)}–${Math.floor(1.3 * trueK)}, NMI ≥ ${(atTrue - 0.05).toFixed(3)}`,
    met: ok(ours),
    note: `NMI at true k ${atTrue.toFixed(3)}; k tried 2–${ours.maxK}; plain met: ${ok(plain) ? 'yes' : 'no'}`,
  });
}
rows.push({
  task: 'time per auto-k run (median over the sets)',
  ours: `${median(times.ours).toFixed(0)} ms`,
  peer: `plain silhouette ${median(times.plain).toFixed(0)} ms`,
  ratio: median(times.ours) / median(times.plain),
  target: 'report',
  met: true,
  note: `sets meeting both targets: ours ${metOurs}/${sets.length}, plain ${metPlain}/${sets.length}`,
});
printTable('bench:autok — automatic k on real embeddings (default model), ratio = NMI ours / NMI plain silhouette', rows);
