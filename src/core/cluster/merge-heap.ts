/**
 * Binary min-heap of candidate merges (distance, cluster a, cluster b, and the
 * versions of a and b when the entry was pushed). Stale entries are skipped
 * on pop instead of being removed (lazy deletion), which keeps every update
 * O(log m).
 */
export class MergeHeap {
  private key: Float64Array;
  private a: Int32Array;
  private b: Int32Array;
  private va: Int32Array;
  private vb: Int32Array;
  size = 0;

  constructor(capacity = 1024) {
    this.key = new Float64Array(capacity);
    this.a = new Int32Array(capacity);
    this.b = new Int32Array(capacity);
    this.va = new Int32Array(capacity);
    this.vb = new Int32Array(capacity);
  }

  push(key: number, a: number, b: number, va: number, vb: number): void {
    if (this.size === this.key.length) this.grow();
    let i = this.size++;
    // Sift up: ties broken by (a, b) so pops are deterministic.
    while (i > 0) {
      const p = (i - 1) >> 1;
      if (!this.less(key, a, b, this.key[p], this.a[p], this.b[p])) break;
      this.copy(p, i);
      i = p;
    }
    this.set(i, key, a, b, va, vb);
  }

  /** Remove the minimum into `out` ([key, a, b, va, vb]); false when empty. */
  pop(out: number[]): boolean {
    if (this.size === 0) return false;
    out[0] = this.key[0];
    out[1] = this.a[0];
    out[2] = this.b[0];
    out[3] = this.va[0];
    out[4] = this.vb[0];
    const last = --this.size;
    if (last === 0) return true;
    const key = this.key[last], a = this.a[last], b = this.b[last], va = this.va[last], vb = this.vb[last];
    let i = 0;
    for (;;) {
      const l = 2 * i + 1;
      if (l >= last) break;
      const r = l + 1;
      const c = r < last && this.less(this.key[r], this.a[r], this.b[r], this.key[l], this.a[l], this.b[l]) ? r : l;
      if (!this.less(this.key[c], this.a[c], this.b[c], key, a, b)) break;
      this.copy(c, i);
      i = c;
    }
    this.set(i, key, a, b, va, vb);
    return true;
  }

  private less(k1: number, a1: number, b1: number, k2: number, a2: number, b2: number): boolean {
    return k1 < k2 || (k1 === k2 && (a1 < a2 || (a1 === a2 && b1 < b2)));
  }

  private copy(from: number, to: number): void {
    this.key[to] = this.key[from];
    this.a[to] = this.a[from];
    this.b[to] = this.b[from];
    this.va[to] = this.va[from];
    this.vb[to] = this.vb[from];
  }

  private set(i: number, key: number, a: number, b: number, va: number, vb: number): void {
    this.key[i] = key;
    this.a[i] = a;
    this.b[i] = b;
    this.va[i] = va;
    this.vb[i] = vb;
  }

  private grow(): void {
    const cap = this.key.length * 2;
    const g = <T extends Float64Array | Int32Array>(x: T, y: T) => {
      y.set(x);
      return y;
    };
    this.key = g(this.key, new Float64Array(cap));
    this.a = g(this.a, new Int32Array(cap));
    this.b = g(this.b, new Int32Array(cap));
    this.va = g(this.va, new Int32Array(cap));
    this.vb = g(this.vb, new Int32Array(cap));
  }
}
