/**
 * core/base — the vocabulary every other folder uses: VectorSet rows, a seeded PRNG, float16, union-find, top-k, robust statistics, input checks and the cooperative Ticker that makes long calls cancellable.
 * Exports what the other layers and curatekit/core use; everything else stays inside the folder.
 */
export { checkSameDim, checkSubset, checkUnitRows, checkVectorSet } from './checks.js';
// Scalars are checked by the validators every layer shares.
export { checkInt, checkNumber, checkRunOptions } from '../../contract/validate.js';
export { fromHalf, toHalf } from './half.js';
export { normalizeRows, select, vectorSet, type VectorSet, fromRows } from './matrix.js';
export { Rng } from './random.js';
export { fitRobustScale, oneSidedZ2, robustZEvidence, Z_CLIP } from './robust-z.js';
export { medianOf, minMaxNormalize, quantileSorted, rankNormalize } from './stats.js';
export { type RunOptions, Ticker } from './ticker.js';
export { topKOfArray, TopKRows } from './topk.js';
export { UnionFind } from './union-find.js';
