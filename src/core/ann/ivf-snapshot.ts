/** The typed arrays that make up an IvfIndex (structured-clone / IndexedDB friendly); ivf.ts writes it, ivf-lists.ts fills its lists. */
export interface IvfSnapshot {
  version: 1;
  dim: number;
  nlist: number;
  seed: number;
  centroids: Float32Array;
  vmin: Float32Array;
  vstep: Float32Array;
  /** n + 1 offsets into `ids`/`codes` rows, per cell. */
  offsets: Int32Array;
  /** Row id of each stored row, cell by cell. */
  ids: Int32Array;
  /** dim bytes per stored row, cell by cell. */
  codes: Uint8Array;
  /** f32 vectors by row id (n × dim), when kept. */
  vectors: Float32Array | null;
}
