/**
 * The subset of the TF.js graph-model format (`model.json`) the converter reads.
 * Field names follow the JSON that `tensorflowjs_converter` writes (GraphDef as
 * protobuf-JSON: int64 values are strings, `s` values are base64).
 */

/** A tensor shape as written in GraphDef JSON (`size` -1 = unknown). */
export interface TfShapeJson {
  dim?: { size?: string | number }[];
  unknownRank?: boolean;
}

/** One `attr` entry of a node. */
export interface TfAttrValue {
  s?: string;
  i?: string | number;
  f?: number;
  b?: boolean;
  type?: string;
  shape?: TfShapeJson;
  list?: {
    s?: string[];
    i?: (string | number)[];
    f?: number[];
    b?: boolean[];
    type?: string[];
    shape?: TfShapeJson[];
  };
  tensor?: { dtype?: string; tensorShape?: TfShapeJson };
}

/** One GraphDef node. */
export interface TfNodeDef {
  name: string;
  op: string;
  input?: string[];
  attr?: Record<string, TfAttrValue>;
  device?: string;
}

/** The `modelTopology` of a graph model. */
export interface TfGraphDef {
  node?: TfNodeDef[];
  versions?: Record<string, unknown>;
  library?: unknown;
}

/** Storage type of a quantized weight. */
export type TfQuantizationDtype = 'uint8' | 'uint16' | 'float16';

/** One weight in `weightsManifest[].weights`. */
export interface TfWeightEntry {
  name: string;
  shape: number[];
  dtype: string;
  quantization?: { dtype: TfQuantizationDtype | string; min?: number; scale?: number };
}

/** One shard group of the manifest; its shards are concatenated in order. */
export interface TfWeightGroup {
  paths: string[];
  weights: TfWeightEntry[];
}

/** A parsed `model.json` of a TF.js graph model. */
export interface TfjsGraphModelJson {
  format?: string;
  generatedBy?: string;
  convertedBy?: string | null;
  modelTopology: TfGraphDef;
  weightsManifest: TfWeightGroup[];
  userDefinedMetadata?: Record<string, unknown>;
  signature?: unknown;
}
