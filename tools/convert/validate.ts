/** Argument checks of the public converter entry point. */
import { ValidationError } from '../../src/contract/errors.js';
import type { TfjsGraphModelJson } from './tfjs-types.js';

/** Options of {@link convertTfjsGraphToOnnx}. */
export interface ConvertOptions {
  /** TF node names (`name` or `name:0`) to expose as ONNX outputs; everything they do not need is pruned. */
  readonly outputs: readonly string[];
  /**
   * ONNX names of those outputs, in the same order.
   * @defaultValue the TF node names
   */
  readonly outputNames?: readonly string[];
  /**
   * ONNX name of the graph input (the model's single Placeholder).
   * @defaultValue 'input'
   */
  readonly inputName?: string;
  /**
   * ONNX opset to target; only 13 is implemented.
   * @defaultValue 13
   */
  readonly opset?: 13;
  /** Layout of the TF input, kept as the ONNX input layout; TF.js graphs are NHWC. */
  readonly inputLayout: 'NHWC';
}

/** Options with defaults applied. */
export interface ResolvedOptions {
  readonly outputs: readonly string[];
  readonly outputNames: readonly string[];
  readonly inputName: string;
  readonly opset: 13;
}

const isName = (s: unknown): s is string => typeof s === 'string' && s.length > 0;

function checkNames(field: string, list: unknown): string[] {
  if (!Array.isArray(list) || list.length === 0) throw new ValidationError(field, 'non-empty array of non-empty strings');
  list.forEach((s, i) => {
    if (!isName(s)) throw new ValidationError(`${field}[${i}]`, 'non-empty string');
  });
  if (new Set(list).size !== list.length) throw new ValidationError(field, 'unique names');
  return list as string[];
}

/** Check the model object's shape (not its ops: those fail later with ModelError). */
export function validateModel(model: unknown): asserts model is TfjsGraphModelJson {
  if (typeof model !== 'object' || model === null) throw new ValidationError('model', 'TF.js graph model JSON object');
  const m = model as Partial<TfjsGraphModelJson>;
  if (m.format !== undefined && m.format !== 'graph-model') throw new ValidationError('model.format', "'graph-model' (layers models are not supported)");
  if (typeof m.modelTopology !== 'object' || m.modelTopology === null || !Array.isArray(m.modelTopology.node)) {
    throw new ValidationError('model.modelTopology.node', 'array of GraphDef nodes');
  }
  m.modelTopology.node.forEach((n, i) => {
    if (typeof n !== 'object' || n === null || !isName(n.name) || !isName(n.op)) {
      throw new ValidationError(`model.modelTopology.node[${i}]`, 'object with non-empty name and op');
    }
  });
  if (!Array.isArray(m.weightsManifest)) throw new ValidationError('model.weightsManifest', 'array of weight groups');
  m.weightsManifest.forEach((g, i) => {
    if (typeof g !== 'object' || g === null || !Array.isArray(g.weights)) throw new ValidationError(`model.weightsManifest[${i}].weights`, 'array of weight entries');
    g.weights.forEach((w, j) => {
      if (!isName(w?.name) || !Array.isArray(w.shape) || !w.shape.every((d) => Number.isInteger(d) && d >= 0) || !isName(w.dtype)) {
        throw new ValidationError(`model.weightsManifest[${i}].weights[${j}]`, 'entry with name, shape of non-negative ints, and dtype');
      }
    });
  });
}

/** Check the options and apply defaults. */
export function resolveOptions(options: unknown): ResolvedOptions {
  if (typeof options !== 'object' || options === null) throw new ValidationError('options', 'object');
  const o = options as Partial<ConvertOptions>;
  const outputs = checkNames('options.outputs', o.outputs);
  const outputNames = o.outputNames === undefined ? outputs.map((s) => s.replace(/:0$/, '')) : checkNames('options.outputNames', o.outputNames);
  if (new Set(outputNames).size !== outputNames.length) throw new ValidationError('options.outputs', 'unique nodes');
  if (outputNames.length !== outputs.length) throw new ValidationError('options.outputNames', 'same length as options.outputs');
  const inputName = o.inputName ?? 'input';
  if (!isName(inputName)) throw new ValidationError('options.inputName', 'non-empty string');
  if (outputNames.includes(inputName)) throw new ValidationError('options.inputName', 'different from every output name');
  if (o.opset !== undefined && o.opset !== 13) throw new ValidationError('options.opset', '13');
  if (o.inputLayout !== 'NHWC') throw new ValidationError('options.inputLayout', "'NHWC'");
  return { outputs, outputNames, inputName, opset: 13 };
}
