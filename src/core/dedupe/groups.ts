/**
 * Duplicate groups without chaining (reference groups, as dupeGuru keeps
 * them): a group is a keeper plus members that are each *directly* a
 * duplicate of the keeper. With connected components, A~B and B~C put A and
 * C together although nothing says they are alike, and "keep the best of
 * each group" removes one of them for nothing.
 *
 * Greedy, hub first: the unassigned item with the most unassigned partners
 * (ties: the larger summed similarity, then the lower row) seeds a group of
 * itself and those partners. The keeper is then chosen by `rank` among the
 * members that are partners of every other member (the seed always is), so
 * the group stays one keeper and its direct matches. Every item sits in at
 * most one group. Accepted pairs not between a keeper and its own member are
 * returned as `related`: shown to a person, never acted on.
 *
 * Keepers the user picked seed first and keep their group.
 */
import type { SimilarPairs } from '../search/index.js';

export interface ReferenceGroup {
  /** Row of the keeper (the reference every member matches). */
  keeper: number;
  /** Rows of the other members, ascending. */
  members: number[];
}

export interface ReferenceGrouping {
  groups: ReferenceGroup[];
  /** Indices into the given pairs of accepted pairs between two groups or a group and an ungrouped item. */
  related: number[];
}

export interface GroupingOptions {
  /**
   * Orders a group's candidate keepers best first (rows in, rows out).
   * @defaultValue keeps the given order (the seed first)
   */
  rank?: (candidates: number[], group: number[]) => number[];
  /** Rows a person made keepers: each seeds its group before any other and stays its keeper. */
  keepers?: Iterable<number>;
}

/** Max-heap of (priority tuple, row); stale entries are skipped on pop (priorities only fall). */
class SeedHeap {
  private items: { deg: number; sum: number; row: number }[] = [];
  private less(a: { deg: number; sum: number; row: number }, b: { deg: number; sum: number; row: number }): boolean {
    return a.deg !== b.deg ? a.deg < b.deg : a.sum !== b.sum ? a.sum < b.sum : a.row > b.row;
  }
  push(x: { deg: number; sum: number; row: number }): void {
    const h = this.items;
    h.push(x);
    for (let i = h.length - 1; i > 0;) {
      const p = (i - 1) >> 1;
      if (!this.less(h[p], h[i])) break;
      [h[p], h[i]] = [h[i], h[p]];
      i = p;
    }
  }
  pop(): { deg: number; sum: number; row: number } | undefined {
    const h = this.items;
    if (h.length === 0) return undefined;
    const top = h[0], last = h.pop()!;
    if (h.length > 0) {
      h[0] = last;
      for (let i = 0; ;) {
        const l = 2 * i + 1, r = l + 1;
        let m = i;
        if (l < h.length && this.less(h[m], h[l])) m = l;
        if (r < h.length && this.less(h[m], h[r])) m = r;
        if (m === i) break;
        [h[m], h[i]] = [h[i], h[m]];
        i = m;
      }
    }
    return top;
  }
}

/** Reference groups of `n` items from accepted duplicate pairs (see the module comment). */
export function referenceGroups(n: number, pairs: SimilarPairs, options: GroupingOptions = {}): ReferenceGrouping {
  const adj: Map<number, number>[] = Array.from({ length: n }, () => new Map());
  for (let t = 0; t < pairs.a.length; t++) {
    const a = pairs.a[t], b = pairs.b[t];
    if (a === b || a < 0 || b < 0 || a >= n || b >= n) throw new RangeError(`referenceGroups: pair ${t} (${a}, ${b}) is not two rows of ${n}`);
    adj[a].set(b, pairs.sim[t]);
    adj[b].set(a, pairs.sim[t]);
  }
  const assigned = new Uint8Array(n);
  const live = (row: number) => {
    let deg = 0, sum = 0;
    for (const [j, s] of adj[row]) if (!assigned[j]) { deg++; sum += s; }
    return { deg, sum, row };
  };
  const rank = options.rank ?? ((c: number[]) => c);
  const chosen = new Set<number>();
  const groups: ReferenceGroup[] = [];
  const form = (seed: number, fixedKeeper: boolean) => {
    const group = [seed, ...[...adj[seed].keys()].filter((j) => !assigned[j] && !chosen.has(j))];
    if (group.length < 2) return;
    const candidates = fixedKeeper ? [seed] : group.filter((c) => group.every((o) => o === c || adj[c].has(o)));
    const keeper = rank(candidates, group)[0] ?? seed;
    for (const r of group) assigned[r] = 1;
    groups.push({ keeper, members: group.filter((r) => r !== keeper).sort((x, y) => x - y) });
  };
  for (const k of options.keepers ?? []) chosen.add(k);
  for (const k of chosen) if (k >= 0 && k < n && !assigned[k]) form(k, true);
  const heap = new SeedHeap();
  for (let i = 0; i < n; i++) if (!assigned[i] && adj[i].size > 0) heap.push(live(i));
  for (let top = heap.pop(); top; top = heap.pop()) {
    if (assigned[top.row]) continue;
    const now = live(top.row);
    if (now.deg === 0) continue;
    if (now.deg !== top.deg || now.sum !== top.sum) {
      heap.push(now);
      continue;
    }
    form(top.row, false);
  }
  const keeperOf = new Int32Array(n).fill(-1);
  for (const g of groups) {
    keeperOf[g.keeper] = g.keeper;
    for (const m of g.members) keeperOf[m] = g.keeper;
  }
  const related: number[] = [];
  for (let t = 0; t < pairs.a.length; t++) {
    const a = pairs.a[t], b = pairs.b[t];
    // Member–member pairs of one group are inside it; everything else links the group to another item.
    if (keeperOf[a] === -1 || keeperOf[a] !== keeperOf[b]) related.push(t);
  }
  groups.sort((x, y) => y.members.length - x.members.length || Math.min(x.keeper, ...x.members) - Math.min(y.keeper, ...y.members));
  return { groups, related };
}
