/**
 * A small ONNX GraphProto builder on top of `onnx-proto` (protobufjs): nodes,
 * initializers (raw little-endian bytes), typed inputs/outputs, unique names.
 */
import onnxProto from 'onnx-proto';
import type { ConstDtype, ConstTensor } from './tensor.js';

const { onnx } = onnxProto;

/** One ONNX attribute value, typed explicitly (JS numbers cannot tell int from float). */
export type OnnxAttr = { i: number } | { f: number } | { s: string } | { ints: readonly number[] } | { floats: readonly number[] };

/** ONNX element types the converter writes. */
export const ElemType = { float32: 1, int32: 6, int64: 7, bool: 9 } as const;

const utf8 = new TextEncoder();
const AT = onnx.AttributeProto.AttributeType;

function bytesOf(view: ArrayBufferView): Uint8Array {
  // Copy: the initializer must not alias a buffer the caller may reuse.
  return new Uint8Array(view.buffer, view.byteOffset, view.byteLength).slice();
}

function toAttribute(name: string, a: OnnxAttr): onnxProto.onnx.IAttributeProto {
  if ('i' in a) return { name, type: AT.INT, i: a.i };
  if ('f' in a) return { name, type: AT.FLOAT, f: a.f };
  if ('s' in a) return { name, type: AT.STRING, s: utf8.encode(a.s) };
  if ('ints' in a) return { name, type: AT.INTS, ints: [...a.ints] };
  return { name, type: AT.FLOATS, floats: [...a.floats] };
}

/**
 * Equal dim_param names declare equal sizes, so an unknown dim is named after
 * its tensor and axis; only the input's first dim is the shared batch `N`.
 */
function typeProto(elemType: number, tensor: string, dims: readonly (number | null)[] | null, batch: boolean): onnxProto.onnx.ITypeProto {
  const tensorType: onnxProto.onnx.TypeProto.ITensor = { elemType };
  if (dims) {
    tensorType.shape = { dim: dims.map((d, i) => (d !== null ? { dimValue: d } : { dimParam: batch && i === 0 ? 'N' : `${tensor}_d${i}` })) };
  }
  return { tensorType };
}

/** Model-level fields written around the graph. */
export interface OnnxModelMeta {
  readonly graphName: string;
  readonly opset: number;
  readonly producerName: string;
  readonly producerVersion: string;
  readonly docString?: string;
  readonly metadata?: Record<string, string>;
}

export class OnnxGraphBuilder {
  private readonly nodes: onnxProto.onnx.INodeProto[] = [];
  private readonly initializers: onnxProto.onnx.ITensorProto[] = [];
  private readonly inputs: onnxProto.onnx.IValueInfoProto[] = [];
  private readonly outputs: onnxProto.onnx.IValueInfoProto[] = [];
  private readonly used = new Set<string>();
  private readonly opCounts = new Map<string, number>();

  /** Take an exact name (graph input/output) before any generated name can use it. */
  claim(name: string): void {
    if (this.used.has(name)) throw new Error(`ONNX name "${name}" is already taken`);
    this.used.add(name);
  }

  /** A fresh tensor/node name derived from `base`. */
  unique(base: string): string {
    let name = base;
    for (let k = 1; this.used.has(name); k++) name = `${base}_${k}`;
    this.used.add(name);
    return name;
  }

  /** Append a node; `name` defaults to its first output. */
  node(opType: string, inputs: readonly string[], outputs: readonly string[], attrs: Record<string, OnnxAttr> = {}, name?: string): void {
    this.nodes.push({
      opType,
      name: name ?? outputs[0],
      input: [...inputs],
      output: [...outputs],
      attribute: Object.entries(attrs).map(([k, v]) => toAttribute(k, v)),
    });
    this.opCounts.set(opType, (this.opCounts.get(opType) ?? 0) + 1);
  }

  /** Add a constant as an initializer under an exact name. */
  initializer(name: string, t: ConstTensor): void {
    const dataType = ElemType[t.dtype as ConstDtype];
    this.initializers.push({ name, dataType, dims: [...t.shape], rawData: bytesOf(t.data) });
  }

  /** Add an int64 initializer (shapes, axes). */
  int64Initializer(name: string, values: readonly number[], dims: readonly number[] = [values.length]): void {
    const data = BigInt64Array.from(values, (v) => BigInt(v));
    this.initializers.push({ name, dataType: ElemType.int64, dims: [...dims], rawData: bytesOf(data) });
  }

  /** Declare a graph input. */
  input(name: string, elemType: number, dims: readonly (number | null)[] | null): void {
    this.inputs.push({ name, type: typeProto(elemType, name, dims, true) });
  }

  /** Declare a graph output. */
  output(name: string, elemType: number, dims: readonly (number | null)[] | null): void {
    this.outputs.push({ name, type: typeProto(elemType, name, dims, false) });
  }

  /** ONNX nodes written so far, per op type. */
  counts(): Record<string, number> {
    return Object.fromEntries([...this.opCounts.entries()].sort(([a], [b]) => (a < b ? -1 : 1)));
  }

  get nodeCount(): number {
    return this.nodes.length;
  }

  get initializerCount(): number {
    return this.initializers.length;
  }

  /** Serialize a ModelProto. */
  encode(meta: OnnxModelMeta): Uint8Array {
    const model = onnx.ModelProto.create({
      // IR 7 is the IR version that goes with opset 13 (ONNX 1.8).
      irVersion: 7,
      opsetImport: [{ domain: '', version: meta.opset }],
      producerName: meta.producerName,
      producerVersion: meta.producerVersion,
      docString: meta.docString ?? '',
      metadataProps: Object.entries(meta.metadata ?? {}).map(([key, value]) => ({ key, value })),
      graph: {
        name: meta.graphName,
        node: this.nodes,
        initializer: this.initializers,
        input: this.inputs,
        output: this.outputs,
      },
    });
    const buf = onnx.ModelProto.encode(model).finish();
    // protobufjs returns a Node Buffer in Node (small ones live in a shared pool):
    // hand back a plain Uint8Array that owns its whole ArrayBuffer.
    if (buf.byteOffset === 0 && buf.byteLength === buf.buffer.byteLength && buf.constructor === Uint8Array) return buf;
    return new Uint8Array(buf);
  }
}
