/**
 * `npm run bench:dups` — the near-duplicate decision on the real-photo fixture
 * (scripts/prepare-photos.ts: 63 originals from Debian wallpaper packages and
 * @stdlib, 7 edit kinds each, look-alike originals that are not duplicates),
 * embedded in Node with the default model (bench/core/photos-set.ts). The
 * embedding stage as the product runs it (core nearDuplicates with the
 * default rule, then reference groups) beside the naive peer: one global
 * cosine threshold, the best one for this very set (an oracle a user does
 * not have). Pixel and hash stages are not part of this (they only add exact
 * and re-encoded copies).
 *
 * Truth: two files are duplicates when they show the same original.
 */
import { nearDuplicates, referenceGroups, DEFAULT_DUPLICATE_RULE } from '../src/core/dedupe/index.js';
import { photoSet } from './core/photos-set.js';
import { printTable, type BenchRow } from './core/row.js';

const { vs, files } = await photoSet();
const n = vs.n;
const same = (i: number, j: number) => files[i].original === files[j].original;
/** Different originals the fixture marks as look-alikes (same place or subject, another shot): a shared tag or one naming the other. */
const lookalike = (i: number, j: number) => {
  const [a, b] = [files[i], files[j]];
  return !same(i, j) && ((a.lookalike !== null && a.lookalike === b.lookalike) || a.lookalike === b.original || b.lookalike === a.original);
};
const cos = (i: number, j: number) => {
  let s = 0;
  for (let d = 0; d < vs.dim; d++) s += vs.data[i * vs.dim + d] * vs.data[j * vs.dim + d];
  return s;
};

let truth = 0;
const all: { i: number; j: number; sim: number; dup: boolean }[] = [];
for (let i = 0; i < n; i++) {
  for (let j = i + 1; j < n; j++) {
    const dup = same(i, j);
    truth += Number(dup);
    all.push({ i, j, sim: cos(i, j), dup });
  }
}
const prf = (accepted: { i: number; j: number }[]) => {
  const tp = accepted.filter((p) => same(p.i, p.j)).length;
  const precision = tp / Math.max(1, accepted.length), recall = tp / Math.max(1, truth);
  return { precision, recall, f1: (2 * precision * recall) / Math.max(1e-12, precision + recall), fp: accepted.length - tp };
};

// Peer: the best single threshold, scanning the sorted similarities once.
all.sort((a, b) => b.sim - a.sim);
let tp = 0, bestF1 = 0, bestT = 1;
all.forEach((p, r) => {
  tp += Number(p.dup);
  const f1 = (2 * tp) / (r + 1 + truth);
  if (f1 > bestF1) {
    bestF1 = f1;
    bestT = p.sim;
  }
});
const peer = prf(all.filter((p) => p.sim >= bestT));

// Ours: the rule's pairs, and the pairs a person acts on (keeper–member within a reference group).
const t0 = performance.now();
const nd = await nearDuplicates(vs, DEFAULT_DUPLICATE_RULE);
const grouping = referenceGroups(n, nd.pairs);
const ms = performance.now() - t0;
const rulePairs = Array.from(nd.pairs.a, (a, t) => ({ i: Math.min(a, nd.pairs.b[t]), j: Math.max(a, nd.pairs.b[t]) }));
const ours = prf(rulePairs);
const groupOf = new Int32Array(n).fill(-1);
grouping.groups.forEach((g, k) => [g.keeper, ...g.members].forEach((r) => (groupOf[r] = k)));
const groupPairs = all.filter((p) => groupOf[p.i] >= 0 && groupOf[p.i] === groupOf[p.j]);
const grouped = prf(groupPairs);
const mixing = grouping.groups.filter((g) => new Set([g.keeper, ...g.members].map((r) => files[r].original)).size > 1).length;
const lookalikeAccepted = rulePairs.filter((p) => lookalike(p.i, p.j)).length;
const lookalikeTotal = all.filter((p) => lookalike(p.i, p.j)).length;

// Recall per edit kind: the original and its edit end in one group.
const original = new Map(files.map((f, r) => [f, r] as const).filter(([f]) => f.edit === null).map(([f, r]) => [f.original, r]));
const kinds = [...new Set(files.map((f) => f.edit).filter((e): e is NonNullable<typeof e> => e !== null))];
const byKind = kinds.map((kind) => {
  const rows = files.map((f, r) => (f.edit === kind ? r : -1)).filter((r) => r >= 0);
  const hit = rows.filter((r) => {
    const o = original.get(files[r].original)!;
    return groupOf[r] >= 0 && groupOf[r] === groupOf[o];
  }).length;
  const peerHit = rows.filter((r) => cos(r, original.get(files[r].original)!) >= bestT).length;
  return { kind, recall: hit / rows.length, peer: peerHit / rows.length };
});
const worst = byKind.reduce((a, b) => (a.recall <= b.recall ? a : b));
const f = (x: number) => x.toFixed(3);

const rows: BenchRow[] = [
  {
    task: `pair F1, groups a person acts on (${n} files, ${truth} true pairs)`,
    ours: `F1 ${f(grouped.f1)} (P ${f(grouped.precision)} R ${f(grouped.recall)})`,
    peer: `best global threshold ${f(bestT)}: F1 ${f(peer.f1)} (P ${f(peer.precision)} R ${f(peer.recall)})`,
    ratio: grouped.f1 / peer.f1,
    target: 'F1 ≥ 0.95',
    met: grouped.f1 >= 0.95,
    note: `rule pairs alone: F1 ${f(ours.f1)} (P ${f(ours.precision)} R ${f(ours.recall)}); ${grouping.groups.length} groups; ${ms.toFixed(0)} ms`,
  },
  {
    task: 'recall per edit kind (original and edit in one group)',
    ours: `worst: ${worst.kind} ${f(worst.recall)}`,
    peer: `peer on ${worst.kind}: ${f(worst.peer)}`,
    ratio: worst.recall / Math.max(1e-9, worst.peer),
    target: '≥ 0.9 on every kind',
    met: byKind.every((k) => k.recall >= 0.9),
    note: byKind.map((k) => `${k.kind} ${f(k.recall)} (peer ${f(k.peer)})`).join(', '),
  },
  {
    task: 'groups mixing two different originals',
    ours: `${mixing} of ${grouping.groups.length}`,
    peer: '—',
    ratio: mixing,
    target: '0',
    met: mixing === 0,
    note: `look-alike pairs accepted: ${lookalikeAccepted} of ${lookalikeTotal}`,
  },
];
// DUPS_DEBUG=1 lists the mixed groups and the missed crops, letterboxes and re-encodes.
if (process.env.DUPS_DEBUG) {
  for (const g of grouping.groups) {
    const origins = new Set([g.keeper, ...g.members].map((r) => files[r].original));
    if (origins.size > 1) console.log('mixed group:', [g.keeper, ...g.members].map((r) => files[r].file).join(', '));
  }
  for (const kind of ['lowq', 'crop', 'letterbox'] as const) {
    for (const [r, file] of files.entries()) {
      if (file.edit !== kind) continue;
      const o = original.get(file.original)!;
      if (groupOf[r] >= 0 && groupOf[r] === groupOf[o]) continue;
      console.log(`missed ${file.file}: cos ${f(cos(r, o))}, ref ${f(nd.reference[r])} / ${f(nd.reference[o])}, groups ${groupOf[r]} / ${groupOf[o]}`);
    }
  }
}
printTable('bench:dups — near-duplicates on the real-photo fixture, embedding stage, default rule (Node)', rows);
