/** TF.js graph model → ONNX converter (browser- and Node-safe). */
export {
  convertTfjsGraphToOnnx,
  supportedTfOps,
  CONVERTER_VERSION,
  type ConvertResult,
  type ConvertedOutput,
  type ConversionStats,
} from './convert.js';
export type { ConvertOptions } from './validate.js';
export type { WeightData } from './weights.js';
export { WeightStore, decodeFloat16 } from './weights.js';
export type { TfjsGraphModelJson, TfNodeDef, TfWeightEntry, TfWeightGroup, TfGraphDef, TfAttrValue } from './tfjs-types.js';
export type { ConstTensor, ConstDtype } from './tensor.js';
