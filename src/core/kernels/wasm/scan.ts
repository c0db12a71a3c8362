/**
 * Tile scan: the SIMD pre-filter between the i16 tile kernel and the JS code
 * that keeps candidates. Visiting every score of an all-pairs pass in JS costs
 * about as much as a third of the dot products themselves; this kernel tests
 * four scores per instruction against a per-row and a per-column threshold and
 * hands JS only the groups of four that hold a score at or above either.
 */
import { I32, V128, op, simd, w, type FuncDef } from './emit.js';

/** Scores tested per emitted group (one v128 of i32). */
export const SCAN_GROUP = 4;

/**
 * scanTile(tile, ni, nj, ld, rowThr, colThr, emit) → count. For rows x < ni
 * of the i32 tile at byte offset `tile` (row stride `ld` elements) and columns
 * in [0, nj rounded up to 4): wherever a group of four scores s[x][c..c+4)
 * has one with s ≥ rowThr[x] or s ≥ colThr[c+l], writes x·ld + c to
 * emit[count++]. Thresholds are i32 arrays (byte offsets); colThr must be
 * readable up to the rounded nj.
 */
export function scanTileFn(): FuncDef {
  const [TILE, NI, NJ, LD, ROW, COL, EMIT] = [0, 1, 2, 3, 4, 5, 6];
  const count = 7, jb = 8, rowBase = 9, njb = 10, ldb = 11;
  const rtv = 12, v = 13;
  const code = [
    op.block, 0x40,
    ...w.get(NI), op.i32Eqz, op.brIf, 0,
    ...w.get(NJ), ...w.i32(3), op.i32Add, ...w.i32(-4), op.i32And, ...w.i32(2), op.i32Shl, ...w.tee(njb),
    op.i32Eqz, op.brIf, 0,
    ...w.get(LD), ...w.i32(2), op.i32Shl, ...w.set(ldb),
    ...w.get(TILE), ...w.set(rowBase),
    op.loop, 0x40, // rows
    ...w.get(ROW), ...w.i32Load(0), ...w.simd(simd.i32x4Splat), ...w.set(rtv),
    ...w.i32(0), ...w.set(jb),
    op.loop, 0x40, // groups of four columns
    ...w.get(rowBase), ...w.get(jb), op.i32Add, ...w.v128Load(0), ...w.tee(v),
    ...w.get(rtv), ...w.simd(simd.i32x4GeS),
    ...w.get(v), ...w.get(COL), ...w.get(jb), op.i32Add, ...w.v128Load(0), ...w.simd(simd.i32x4GeS),
    ...w.simd(simd.v128Or), ...w.simd(simd.v128AnyTrue),
    op.if, 0x40,
    ...w.get(EMIT), ...w.get(count), ...w.i32(2), op.i32Shl, op.i32Add,
    ...w.get(rowBase), ...w.get(TILE), op.i32Sub, ...w.get(jb), op.i32Add, ...w.i32(2), op.i32ShrU,
    ...w.i32Store(0),
    ...w.get(count), ...w.i32(1), op.i32Add, ...w.set(count),
    op.end,
    ...w.get(jb), ...w.i32(16), op.i32Add, ...w.tee(jb),
    ...w.get(njb), op.i32LtU, op.brIf, 0,
    op.end,
    ...w.get(rowBase), ...w.get(ldb), op.i32Add, ...w.set(rowBase),
    ...w.get(ROW), ...w.i32(4), op.i32Add, ...w.set(ROW),
    ...w.get(NI), ...w.i32(1), op.i32Sub, ...w.tee(NI),
    op.brIf, 0,
    op.end,
    op.end,
    ...w.get(count),
  ];
  return { name: 'scanTile', params: [I32, I32, I32, I32, I32, I32, I32], results: [I32], locals: [[5, I32], [2, V128]], code };
}

/** Plain-JS twin of scanTile over `i32` (a view of the same memory). */
export function scanTileJs(i32: Int32Array) {
  return (tile: number, ni: number, nj: number, ld: number, rowThr: number, colThr: number, emit: number): number => {
    const t0 = tile >> 2, r0 = rowThr >> 2, c0 = colThr >> 2, e0 = emit >> 2;
    const nj4 = Math.ceil(nj / SCAN_GROUP) * SCAN_GROUP;
    let count = 0;
    for (let x = 0; x < ni; x++) {
      const rt = i32[r0 + x];
      for (let c = 0; c < nj4; c += SCAN_GROUP) {
        let hit = false;
        for (let l = 0; l < SCAN_GROUP; l++) {
          const s = i32[t0 + x * ld + c + l];
          if (s >= rt || s >= i32[c0 + c + l]) hit = true;
        }
        if (hit) i32[e0 + count++] = x * ld + c;
      }
    }
    return count;
  };
}
