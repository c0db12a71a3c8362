/**
 * TF.js graph model → ONNX (opset 13). Prunes the graph to the requested
 * outputs, dequantizes weights as TF.js does, and maps each TF op through the
 * table in ops/index.ts. Pure TypeScript with no Node imports: runs in Node,
 * in a worker or on a page.
 */
import { ModelError, ValidationError } from '../../src/contract/errors.js';
import { attrType, shapeFromJson } from './attrs.js';
import { ConvertContext, constValue, type Value } from './context.js';
import { dataInputs, opHistogram, parseRef, pruneAndSort } from './graph.js';
import type { Shape } from './layout.js';
import { ElemType, OnnxGraphBuilder } from './onnx-builder.js';
import { OP_HANDLERS } from './ops/index.js';
import type { TfjsGraphModelJson, TfNodeDef } from './tfjs-types.js';
import { resolveOptions, validateModel, type ConvertOptions } from './validate.js';
import { WeightStore, type WeightData } from './weights.js';

/** Written as the ONNX producer_version; bump when the generated graph changes. */
export const CONVERTER_VERSION = '1.0.0';

/** Numbers about one conversion. */
export interface ConversionStats {
  /** Nodes in the TF graph. */
  readonly tfNodes: number;
  /** TF nodes the requested outputs depend on (the rest is pruned). */
  readonly keptNodes: number;
  /** TF op types among the kept nodes, with counts. */
  readonly tfOps: Readonly<Record<string, number>>;
  /** ONNX nodes written. */
  readonly onnxNodes: number;
  /** ONNX op types written, with counts. */
  readonly onnxOps: Readonly<Record<string, number>>;
  /** ONNX initializers written. */
  readonly initializers: number;
  /** Size of the ONNX model in bytes. */
  readonly bytes: number;
  /** Wall time of the conversion in milliseconds. */
  readonly ms: number;
}

/** One graph output of the converted model. */
export interface ConvertedOutput {
  readonly name: string;
  readonly tfNode: string;
  readonly shape: Shape;
}

/** What {@link convertTfjsGraphToOnnx} returns. */
export interface ConvertResult {
  /** The serialized ONNX ModelProto. */
  readonly model: Uint8Array;
  /** ONNX input name, or null for a graph without Placeholder. */
  readonly inputName: string | null;
  /** ONNX input shape in TF (NHWC) order; null entries are dynamic. */
  readonly inputShape: Shape;
  readonly outputs: readonly ConvertedOutput[];
  readonly stats: ConversionStats;
}

/** TF op types the converter can map (besides Placeholder and Const). */
export function supportedTfOps(): string[] {
  return Object.keys(OP_HANDLERS).sort();
}

function checkOps(kept: readonly TfNodeDef[]): void {
  for (const n of kept) {
    if (n.op === 'Const' || n.op === 'Placeholder' || Object.hasOwn(OP_HANDLERS, n.op)) continue;
    throw new ModelError(`unsupported TF op "${n.op}" at node "${n.name}"`, { op: n.op, node: n.name });
  }
  const inputs = kept.filter((n) => n.op === 'Placeholder');
  if (inputs.length > 1) {
    throw new ModelError(`the outputs depend on ${inputs.length} Placeholders (${inputs.map((n) => `"${n.name}"`).join(', ')}); only one input is supported`, {
      op: 'Placeholder',
      node: inputs[1].name,
    });
  }
}

/**
 * Convert a TF.js graph model to ONNX.
 *
 * @param model - the parsed `model.json` (GraphDef in `modelTopology`, `weightsManifest`)
 * @param weightData - the weight shards, joined or in manifest order
 * @param options - outputs to expose and naming; see {@link ConvertOptions}
 * @throws ValidationError for malformed arguments, ModelError for an op or attribute the converter cannot map (the message names the op and node)
 */
export function convertTfjsGraphToOnnx(model: TfjsGraphModelJson, weightData: WeightData, options: ConvertOptions): ConvertResult {
  const t0 = performance.now();
  validateModel(model);
  const opts = resolveOptions(options);
  const refs = opts.outputs.map((name, i) => {
    const ref = parseRef(name);
    if (!ref || ref.index !== 0) throw new ValidationError(`options.outputs[${i}]`, 'node name, optionally with :0');
    return ref;
  });
  const allNodes = model.modelTopology.node ?? [];
  const kept = pruneAndSort(allNodes, refs);
  checkOps(kept);
  const weights = new WeightStore(model.weightsManifest, weightData);

  const onnx = new OnnxGraphBuilder();
  onnx.claim(opts.inputName);
  opts.outputNames.forEach((n) => onnx.claim(n));
  const ctx = new ConvertContext(onnx);
  const values = new Map<string, Value>();
  let inputShape: Shape = null;
  let inputName: string | null = null;

  for (const node of kept) {
    ctx.begin(node);
    if (node.op === 'Const') {
      const t = weights.get(node.name) ?? ctx.fail('no weight of this name in weightsManifest');
      values.set(node.name, constValue(t, node.name));
    } else if (node.op === 'Placeholder') {
      const dtype = attrType(node, 'dtype');
      if (dtype !== undefined && dtype !== 'DT_FLOAT') ctx.fail(`input dtype ${dtype} is not supported (DT_FLOAT only)`);
      inputShape = shapeFromJson(node.attr?.shape?.shape);
      inputName = opts.inputName;
      onnx.input(inputName, ElemType.float32, inputShape);
      values.set(node.name, ctx.runtime(inputName, 'tf', inputShape));
    } else {
      const inputs = dataInputs(node).map((ref) => {
        if (ref.index !== 0) ctx.fail(`reads output ${ref.index} of "${ref.node}"; only first outputs are supported`);
        return values.get(ref.node) as Value;
      });
      values.set(node.name, OP_HANDLERS[node.op](ctx, inputs));
    }
  }

  const outputs = refs.map((ref, i) => {
    const v = values.get(ref.node) as Value;
    const name = opts.outputNames[i];
    ctx.begin(kept.find((n) => n.name === ref.node) as TfNodeDef);
    // Identity gives the output its exact name whatever produced it (op, constant or input).
    onnx.node('Identity', [ctx.tensor(v, 'tf')], [name], {}, onnx.unique(`${name}/output`));
    onnx.output(name, ElemType[v.dtype], v.shape);
    return { name, tfNode: ref.node, shape: v.shape };
  });

  const bytes = onnx.encode({
    graphName: 'tfjs_graph',
    opset: opts.opset,
    producerName: 'curatekit-tfjs-to-onnx',
    producerVersion: CONVERTER_VERSION,
    docString: `Converted from a TF.js graph model (${model.convertedBy ?? model.generatedBy ?? 'unknown converter'}).`,
    metadata: { source_format: 'tfjs-graph-model', input_layout: 'NHWC' },
  });
  return {
    model: bytes,
    inputName,
    inputShape,
    outputs,
    stats: {
      tfNodes: allNodes.length,
      keptNodes: kept.length,
      tfOps: opHistogram(kept),
      onnxNodes: onnx.nodeCount,
      onnxOps: onnx.counts(),
      initializers: onnx.initializerCount,
      bytes: bytes.byteLength,
      ms: performance.now() - t0,
    },
  };
}
