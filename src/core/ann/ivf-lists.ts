/**
 * Storage and scanning of IVF cells: logical arrays (cell-ordered ids and
 * 8-bit codes, f32 vectors by id) plus their kernel-memory layout (cells
 * padded to whole kernel steps). Immutable: `append` returns a new instance,
 * so a search never sees a half-built layout.
 */
import { ValidationError } from '../../contract/errors.js';
import type { VectorSet } from '../base/index.js';
import { TopKRows, topKOfArray } from '../base/index.js';
import { Arena } from '../kernels/index.js';
import { MANY_R, paddedCodeDim, paddedDim } from '../kernels/index.js';
import type { IvfSnapshot } from './ivf-snapshot.js';

/** Widening of the per-dimension code range beyond the training sample, so later rows clip less. */
const RANGE_SLACK = 0.05;

export class IvfLists {
  private arena!: Arena;
  private cOff = 0;
  private csOff = 0;
  private qOff = 0;
  private q16Off = 0;
  private codesOff = 0;
  private outOff = 0;
  private vOff = 0;
  private idxOff = 0;
  /** Capacity of the shortlist buffers (rows). */
  private maxRerank = 0;
  /** Padded start row (kernel layout) per cell. */
  private padStart!: Int32Array;

  private constructor(
    readonly dim: number,
    readonly nlist: number,
    readonly centroids: Float32Array,
    readonly vmin: Float32Array,
    readonly vstep: Float32Array,
    readonly offsets: Int32Array,
    readonly ids: Int32Array,
    readonly codes: Uint8Array,
    /** f32 rows by id (used once to fill kernel memory, then dropped: the arena holds them). */
    vectors: Float32Array | null,
  ) {
    this.hasVectors = vectors !== null;
    this.layout(vectors);
  }

  /** Whether exact re-ranking vectors are kept. */
  readonly hasVectors: boolean;

  get size(): number {
    return this.ids.length;
  }

  /** Empty lists with code ranges taken from the first `sampleRows` rows of a seeded order of `vs`. */
  static create(dim: number, nlist: number, centroids: Float32Array, vs: VectorSet, sampleRows: number, seed: number, keepVectors: boolean): IvfLists {
    const lo = new Float32Array(dim).fill(Infinity), hi = new Float32Array(dim).fill(-Infinity);
    // Strided sample: deterministic and spread over the whole set.
    const step = Math.max(1, Math.floor(vs.n / sampleRows));
    for (let i = (seed >>> 0) % step; i < vs.n; i += step) {
      for (let d = 0; d < dim; d++) {
        const v = vs.data[i * dim + d];
        if (v < lo[d]) lo[d] = v;
        if (v > hi[d]) hi[d] = v;
      }
    }
    const vmin = new Float32Array(dim), vstep = new Float32Array(dim);
    for (let d = 0; d < dim; d++) {
      const span = Math.max(hi[d] - lo[d], 1e-6);
      vmin[d] = lo[d] - RANGE_SLACK * span;
      vstep[d] = (span * (1 + 2 * RANGE_SLACK)) / 255;
    }
    return new IvfLists(dim, nlist, centroids, vmin, vstep, new Int32Array(nlist + 1), new Int32Array(0), new Uint8Array(0), keepVectors ? new Float32Array(0) : null);
  }

  /** New lists with the rows of `vs` (ids n, n+1, …) added to cells `label`. */
  add(vs: VectorSet, label: Int32Array): IvfLists {
    const { dim, nlist } = this;
    const n0 = this.size, n1 = n0 + vs.n;
    const counts = new Int32Array(nlist);
    for (let c = 0; c < nlist; c++) counts[c] = this.offsets[c + 1] - this.offsets[c];
    for (let i = 0; i < vs.n; i++) counts[label[i]]++;
    const offsets = new Int32Array(nlist + 1);
    for (let c = 0; c < nlist; c++) offsets[c + 1] = offsets[c] + counts[c];
    const ids = new Int32Array(n1);
    const codes = new Uint8Array(n1 * dim);
    const fill = new Int32Array(nlist);
    for (let c = 0; c < nlist; c++) {
      const a = this.offsets[c], b = this.offsets[c + 1];
      ids.set(this.ids.subarray(a, b), offsets[c]);
      codes.set(this.codes.subarray(a * dim, b * dim), offsets[c] * dim);
      fill[c] = offsets[c] + (b - a);
    }
    for (let i = 0; i < vs.n; i++) {
      const at = fill[label[i]]++;
      ids[at] = n0 + i;
      for (let d = 0; d < dim; d++) {
        const v = Math.round((vs.data[i * dim + d] - this.vmin[d]) / this.vstep[d]);
        codes[at * dim + d] = v < 0 ? 0 : v > 255 ? 255 : v;
      }
    }
    let vectors: Float32Array | null = null;
    if (this.hasVectors) {
      vectors = new Float32Array(n1 * dim);
      vectors.set(this.vectorsCopy());
      vectors.set(vs.data.subarray(0, vs.n * dim), n0 * dim);
    }
    return new IvfLists(dim, nlist, this.centroids, this.vmin, this.vstep, offsets, ids, codes, vectors);
  }

  /** The f32 rows by id, copied out of kernel memory. */
  private vectorsCopy(): Float32Array {
    const { dim, size: n } = this;
    const out = new Float32Array(n * dim);
    const s = paddedDim(dim), v = this.vOff >> 2;
    for (let i = 0; i < n; i++) out.set(this.arena.f32.subarray(v + i * s, v + i * s + dim), i * dim);
    return out;
  }

  private layout(vectors: Float32Array | null): void {
    const { dim, nlist, size: n } = this;
    const sF = paddedDim(dim) * 4, sC = paddedCodeDim(dim);
    const nlPad = Math.ceil(nlist / MANY_R) * MANY_R;
    this.padStart = new Int32Array(nlist + 1);
    for (let c = 0; c < nlist; c++) this.padStart[c + 1] = this.padStart[c] + Math.ceil((this.offsets[c + 1] - this.offsets[c]) / MANY_R) * MANY_R;
    const rows = this.padStart[nlist];
    const vBytes = vectors ? n * sF : 0;
    // Shortlists are at most max(rows, 1024) long; the score buffer doubles as their output.
    this.maxRerank = Math.max(rows, 1024);
    const outBytes = (this.maxRerank + MANY_R) * 4;
    this.arena = new Arena(dim, nlPad * sF + nlPad * 4 + sF + sC * 2 + rows * sC + outBytes + vBytes + this.maxRerank * 4 + 256);
    const a = this.arena;
    this.vOff = a.alloc(vBytes);
    this.idxOff = a.alloc(this.maxRerank * 4);
    if (vectors) a.putF32(this.vOff, vectors, 0, n);
    this.cOff = a.alloc(nlPad * sF);
    this.csOff = a.alloc(nlPad * 4);
    this.qOff = a.alloc(sF);
    this.q16Off = a.alloc(sC * 2);
    this.codesOff = a.alloc(rows * sC);
    this.outOff = a.alloc(outBytes);
    a.putF32(this.cOff, this.centroids, 0, nlist);
    for (let c = 0; c < nlist; c++) {
      for (let r = this.offsets[c], p = this.padStart[c]; r < this.offsets[c + 1]; r++, p++) {
        a.u8.set(this.codes.subarray(r * dim, (r + 1) * dim), this.codesOff + p * sC);
      }
    }
  }

  /** Approximate top-k ids and cosine distances for one query. */
  search(q: Float32Array, k: number, nprobe: number, rerank: number): { ids: Int32Array; dist: Float32Array } {
    const { arena: a, dim, nlist } = this;
    const sC = paddedCodeDim(dim);
    a.putF32(this.qOff, q, 0, 1);
    a.k.f32Many(this.qOff, this.cOff, Math.ceil(nlist / MANY_R) * MANY_R, this.csOff);
    const cells = topKOfArray(a.f32.subarray(this.csOff >> 2, (this.csOff >> 2) + nlist), nlist, nprobe);
    // Code scores: q·x ≈ Σ q_d·vmin_d + Σ (q_d·vstep_d)·code_d, the second sum in exact integers.
    let base = 0, maxW = 0;
    for (let d = 0; d < dim; d++) {
      base += q[d] * this.vmin[d];
      maxW = Math.max(maxW, Math.abs(q[d] * this.vstep[d]));
    }
    // Largest weight level that keeps Σ |w|·255 over the padded dims inside an i32.
    const level = Math.min(32767, Math.floor((2 ** 31 - 1) / (sC * 255)));
    const scale = maxW > 0 ? level / maxW : 1;
    const q16 = this.q16Off >> 1;
    for (let d = 0; d < dim; d++) a.i16[q16 + d] = Math.round(q[d] * this.vstep[d] * scale);
    const shortlist = new TopKRows(1, rerank);
    const floor = shortlist.floor;
    const out = this.outOff >> 2;
    const inv = 1 / scale;
    for (const c of cells) {
      const cnt = this.offsets[c + 1] - this.offsets[c];
      if (cnt === 0) continue;
      const padCnt = this.padStart[c + 1] - this.padStart[c];
      a.k.u8Many(this.q16Off, this.codesOff + this.padStart[c] * sC, padCnt, this.outOff);
      for (let r = 0; r < cnt; r++) {
        const s = base + a.i32[out + r] * inv;
        if (s >= floor[0]) shortlist.push(0, this.ids[this.offsets[c] + r], s);
      }
    }
    const m = shortlist.count[0];
    const final = new TopKRows(1, k);
    if (this.hasVectors) {
      // Exact re-scoring of the shortlist against the f32 rows (scores land in the code-score buffer).
      a.i32.set(shortlist.ids.subarray(0, m), this.idxOff >> 2);
      a.k.f32Gather(this.qOff, this.vOff, this.idxOff, m, this.outOff);
      for (let t = 0; t < m; t++) final.push(0, shortlist.ids[t], a.f32[out + t]);
    } else {
      for (let t = 0; t < m; t++) final.push(0, shortlist.ids[t], shortlist.scores[t]);
    }
    const got = final.count[0];
    const ids = new Int32Array(k).fill(-1), dist = new Float32Array(k).fill(Infinity);
    for (let t = 0; t < got; t++) {
      ids[t] = final.ids[t];
      dist[t] = 1 - final.scores[t];
    }
    return { ids, dist };
  }

  serialize(): Omit<IvfSnapshot, 'version' | 'seed'> {
    return {
      dim: this.dim, nlist: this.nlist,
      centroids: this.centroids.slice(), vmin: this.vmin.slice(), vstep: this.vstep.slice(),
      offsets: this.offsets.slice(), ids: this.ids.slice(), codes: this.codes.slice(),
      vectors: this.hasVectors ? this.vectorsCopy() : null,
    };
  }

  static deserialize(s: IvfSnapshot): IvfLists {
    const f = (name: string, rule: string) => new ValidationError(`snapshot.${name}`, rule);
    if (!s || s.version !== 1) throw f('version', '1');
    const { dim, nlist } = s;
    if (!Number.isInteger(dim) || dim < 1) throw f('dim', 'int >= 1');
    if (!Number.isInteger(nlist) || nlist < 1) throw f('nlist', 'int >= 1');
    if (!(s.centroids instanceof Float32Array) || s.centroids.length !== nlist * dim) throw f('centroids', 'Float32Array of nlist*dim');
    if (!(s.vmin instanceof Float32Array) || s.vmin.length !== dim) throw f('vmin', 'Float32Array of dim');
    if (!(s.vstep instanceof Float32Array) || s.vstep.length !== dim) throw f('vstep', 'Float32Array of dim');
    if (!(s.offsets instanceof Int32Array) || s.offsets.length !== nlist + 1 || s.offsets[0] !== 0) throw f('offsets', 'Int32Array of nlist+1 starting at 0');
    for (let c = 0; c < nlist; c++) if (s.offsets[c + 1] < s.offsets[c]) throw f('offsets', 'non-decreasing');
    const n = s.offsets[nlist];
    if (!(s.ids instanceof Int32Array) || s.ids.length !== n) throw f('ids', 'Int32Array of offsets[nlist]');
    const seen = new Uint8Array(n);
    for (const id of s.ids) {
      if (id < 0 || id >= n || seen[id]) throw f('ids', 'a permutation of 0..n-1');
      seen[id] = 1;
    }
    if (!(s.codes instanceof Uint8Array) || s.codes.length !== n * dim) throw f('codes', 'Uint8Array of n*dim');
    if (s.vectors !== null && (!(s.vectors instanceof Float32Array) || s.vectors.length !== n * dim)) throw f('vectors', 'Float32Array of n*dim or null');
    return new IvfLists(dim, nlist, s.centroids.slice(), s.vmin.slice(), s.vstep.slice(), s.offsets.slice(), s.ids.slice(), s.codes.slice(), s.vectors ? s.vectors.slice() : null);
  }
}
