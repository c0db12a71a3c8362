/** Disjoint sets over 0..n-1 (path halving + union by size). */
export class UnionFind {
  private readonly parent: Int32Array;
  private readonly size: Int32Array;

  constructor(n: number) {
    this.parent = new Int32Array(n);
    this.size = new Int32Array(n).fill(1);
    for (let i = 0; i < n; i++) this.parent[i] = i;
  }

  find(x: number): number {
    const p = this.parent;
    while (p[x] !== x) {
      p[x] = p[p[x]];
      x = p[x];
    }
    return x;
  }

  /** Merge the sets of a and b; returns false when they were already one set. */
  union(a: number, b: number): boolean {
    let ra = this.find(a), rb = this.find(b);
    if (ra === rb) return false;
    if (this.size[ra] < this.size[rb]) [ra, rb] = [rb, ra];
    this.parent[rb] = ra;
    this.size[ra] += this.size[rb];
    return true;
  }

  /** Sets with at least `minSize` members, each sorted ascending, ordered by their smallest member. */
  groups(minSize = 2): number[][] {
    const n = this.parent.length;
    const byRoot = new Map<number, number[]>();
    for (let i = 0; i < n; i++) {
      const r = this.find(i);
      if (this.size[r] < minSize) continue;
      let g = byRoot.get(r);
      if (!g) byRoot.set(r, (g = []));
      g.push(i);
    }
    return [...byRoot.values()].sort((a, b) => a[0] - b[0]);
  }
}
