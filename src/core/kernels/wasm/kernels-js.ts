/**
 * Plain-JS twins of the wasm kernels (same memory layout, same contract), used
 * where WebAssembly SIMD is unavailable and by tests to cross-check the
 * generated code. About 10× slower than the SIMD kernels.
 */
import { paddedCodeDim, paddedDim, paddedDimI16, type Kernels } from './kernels.js';
import { scanTileJs } from './scan.js';

/** Kernels over `buffer` with the layout of {@link instantiateKernels} for `dim`. */
export function jsKernels(dim: number, buffer: ArrayBuffer): Kernels {
  const f32 = new Float32Array(buffer);
  const i32 = new Int32Array(buffer);
  const i16 = new Int16Array(buffer);
  const u8 = new Uint8Array(buffer);
  const sf = paddedDim(dim); // f32 row stride in floats
  const si = paddedDimI16(dim); // i16 row stride in elements
  const sc = paddedCodeDim(dim); // u8 code stride in bytes

  function f32Dot(a: number, b: number): number {
    let s0 = 0, s1 = 0;
    for (let d = 0; d < sf; d += 2) {
      s0 += f32[a + d] * f32[b + d];
      s1 += f32[a + d + 1] * f32[b + d + 1];
    }
    return s0 + s1;
  }

  return {
    f32Tile(q, nq, r, nr, out, ldo) {
      const q0 = q >> 2, r0 = r >> 2, o0 = out >> 2;
      for (let i = 0; i < nq; i++) {
        for (let j = 0; j < nr; j++) f32[o0 + i * ldo + j] = f32Dot(q0 + i * sf, r0 + j * sf);
      }
    },
    i16Tile(q, nq, r, nr, out, ldo) {
      const q0 = q >> 1, r0 = r >> 1, o0 = out >> 2;
      for (let i = 0; i < nq; i++) {
        const qi = q0 + i * si;
        for (let j = 0; j < nr; j++) {
          const rj = r0 + j * si;
          let s = 0;
          for (let d = 0; d < si; d++) s += i16[qi + d] * i16[rj + d];
          i32[o0 + i * ldo + j] = s;
        }
      }
    },
    f32Many(q, r, nr, out) {
      const q0 = q >> 2, r0 = r >> 2, o0 = out >> 2;
      for (let j = 0; j < nr; j++) f32[o0 + j] = f32Dot(q0, r0 + j * sf);
    },
    i16Many(q, r, nr, out) {
      const q0 = q >> 1, r0 = r >> 1, o0 = out >> 2;
      for (let j = 0; j < nr; j++) {
        let s = 0;
        for (let d = 0; d < si; d++) s += i16[q0 + d] * i16[r0 + j * si + d];
        i32[o0 + j] = s;
      }
    },
    f32Gather(q, base, idx, count, out) {
      const q0 = q >> 2, b0 = base >> 2, x0 = idx >> 2, o0 = out >> 2;
      for (let j = 0; j < count; j++) f32[o0 + j] = f32Dot(q0, b0 + i32[x0 + j] * sf);
    },
    u8Many(q16, codes, nr, out) {
      const q0 = q16 >> 1, o0 = out >> 2;
      for (let j = 0; j < nr; j++) {
        const c = codes + j * sc;
        let s = 0;
        for (let d = 0; d < sc; d++) s += i16[q0 + d] * u8[c + d];
        i32[o0 + j] = s;
      }
    },
    scanTile: scanTileJs(i32),
  };
}
