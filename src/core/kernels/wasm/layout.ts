/** Row padding and tile shapes shared by the generated kernels and their callers. */
/** f32 rows are padded to a multiple of this many floats (32 bytes: two v128 per unrolled step). */
export const LANES_F32 = 8;
/** i16 rows are padded to a multiple of this many elements (32 bytes: two v128 per unrolled step). */
export const LANES_I16 = 16;
/** u8 code rows are padded to a multiple of this many bytes (one v128). */
export const LANES_U8 = 16;
/** Query rows per tile (the caller pads query blocks to a multiple). */
export const TILE_Q = 2;
/** Base rows per f32 tile (the caller pads base blocks to a multiple, or provides readable rows past the end). */
export const TILE_R = 2;
/** Base rows per step of the single-query kernels. */
export const MANY_R = 4;

/** Padded f32 row length (floats) for a dimension. */
export function paddedDim(dim: number): number {
  return Math.ceil(dim / LANES_F32) * LANES_F32;
}

/** Padded i16 row length (elements) for a dimension. */
export function paddedDimI16(dim: number): number {
  return Math.ceil(dim / LANES_I16) * LANES_I16;
}

/** Padded u8 code row length (bytes) for a dimension. */
export function paddedCodeDim(dim: number): number {
  return Math.ceil(dim / LANES_U8) * LANES_U8;
}
