/**
 * core/linalg — PCA (exact eigen and randomized) and SPD solves.
 * Exports what the other layers and curatekit/core use; everything else stays inside the folder.
 */
export { fitPca, pca, type PcaModel, type PcaOptions, pcaTransform } from './pca.js';
export { solveSpd } from './solve.js';
