/** Metrics for bench:quality (pure; unit-tested in test/unit/bench-metrics.test.ts). */

/** Area under the ROC curve: P(score of a positive > score of a negative), ties count half. */
export function auroc(scored: [number, boolean][]): number {
  const sorted = [...scored].sort((a, b) => a[0] - b[0]);
  let rankSum = 0, pos = 0;
  for (let i = 0; i < sorted.length; ) {
    let j = i;
    while (j < sorted.length && sorted[j][0] === sorted[i][0]) j++;
    const avgRank = (i + 1 + j) / 2;
    for (let t = i; t < j; t++) if (sorted[t][1]) {
      rankSum += avgRank;
      pos++;
    }
    i = j;
  }
  const neg = sorted.length - pos;
  if (!pos || !neg) return NaN;
  return (rankSum - (pos * (pos + 1)) / 2) / (pos * neg);
}

function counts(pairs: [string, number][]) {
  const joint = new Map<string, number>(), byLabel = new Map<string, number>(), byCluster = new Map<number, number>();
  for (const [l, c] of pairs) {
    joint.set(`${l}\u0000${c}`, (joint.get(`${l}\u0000${c}`) ?? 0) + 1);
    byLabel.set(l, (byLabel.get(l) ?? 0) + 1);
    byCluster.set(c, (byCluster.get(c) ?? 0) + 1);
  }
  return { joint, byLabel, byCluster, n: pairs.length };
}

const entropy = (m: Map<unknown, number>, n: number) => [...m.values()].reduce((s, x) => s - (x / n) * Math.log(x / n), 0);

/** Normalised mutual information (arithmetic mean normalisation) of (true label, cluster) pairs. */
export function nmi(pairs: [string, number][]): number {
  const { joint, byLabel, byCluster, n } = counts(pairs);
  let mi = 0;
  for (const [key, x] of joint) {
    const [l, c] = key.split('\u0000');
    mi += (x / n) * Math.log((x * n) / (byLabel.get(l)! * byCluster.get(Number(c))!));
  }
  const h = (entropy(byLabel, n) + entropy(byCluster, n)) / 2;
  return h === 0 ? 1 : mi / h;
}

/** Fraction of items whose cluster's majority label is their own label. */
export function purity(pairs: [string, number][]): number {
  const { joint, n } = counts(pairs);
  const best = new Map<number, number>();
  for (const [key, x] of joint) {
    const c = Number(key.split('\u0000')[1]);
    best.set(c, Math.max(best.get(c) ?? 0, x));
  }
  return [...best.values()].reduce((s, x) => s + x, 0) / n;
}
