/** Export of a curated set: zip of files + manifest, vectors as .npy and .safetensors. */
export { buildExportZip, type ExportItem, type ExportManifest, type ExportOptions, type ExportVectors } from './zip.js';
export { LABELS_FILE, UNLABELLED_FOLDER, type ExportLayout } from './layout.js';
export { collectExport, type CollectOptions, type ExportSource } from './collect.js';
export { encodeNpy, decodeNpy, type NpyArray } from './npy.js';
export { encodeSafetensors, decodeSafetensors, type Tensor } from './safetensors.js';
export { safeFileName, UniqueNames } from './files.js';
export { decodeVectorFile, encodeVectorFile, isVectorFileName, VECTOR_TENSOR } from './pt-vector.js';
