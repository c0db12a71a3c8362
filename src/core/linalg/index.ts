/**
 * core/linalg — PCA (exact eigen and randomized).
 * Exports what the other layers and curatekit/core use; everything else stays inside the folder.
 */
export { fitPca, pca, type PcaModel, type PcaOptions, pcaTransform } from './pca.js';
