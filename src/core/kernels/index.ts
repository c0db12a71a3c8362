/**
 * core/kernels — the hot loops: tiled dot products (JS and wasm SIMD), int8/int16 quantisation, dense block products.
 * Exports what the other layers and curatekit/core use; everything else stays inside the folder.
 */
export { BLOCK_ROWS, dotBlock, dotRows, nearestTwo, rowSqNorms } from './dense.js';
export { maxQuantLevel, quantizeRows, rowErrorBounds } from './quantize.js';
export { CB, chunkBytes, crossTiles, crossTilesAsync, QB, RB, residentF32, selfTiles, TILE_BYTES } from './tiles.js';
export { type RunOptions } from '../base/index.js';
export { Arena, MAX_ARENA_BYTES } from './wasm/arena.js';
export { MANY_R, paddedCodeDim, paddedDim, paddedDimI16, simdSupported } from './wasm/kernels.js';
export { SCAN_GROUP } from './wasm/scan.js';
