/**
 * The state one conversion threads through the op handlers: values by TF
 * name, the ONNX builder, layout materialisation, and error reporting that
 * names the op and node.
 */
import { ModelError } from '../../src/contract/errors.js';
import type { TfNodeDef } from './tfjs-types.js';
import { type OnnxGraphBuilder, type OnnxAttr } from './onnx-builder.js';
import { isScalarLike, reshapeConst, transposeConst, type ConstDtype, type ConstTensor } from './tensor.js';
import { TO_NCHW, TO_NHWC, type Layout, type Shape } from './layout.js';

/**
 * A TF tensor during conversion: its TF-order shape, its dtype, its value when
 * it is a constant, and the ONNX tensor names that hold it per physical form.
 */
export class Value {
  /** ONNX names by form: 'tf', 'nchw', and 'bcast-nchw' (a constant aligned to rank 4 for NCHW broadcasting). */
  readonly names = new Map<string, string>();
  constructor(
    readonly shape: Shape,
    readonly dtype: ConstDtype,
    readonly constant?: ConstTensor,
    /** The TF node it comes from (names initializers). */
    readonly label = '',
  ) {}

  /** The physical layout an op should prefer so as not to add a transpose. */
  get preferred(): Layout {
    return this.names.has('nchw') && !this.names.has('tf') ? 'nchw' : 'tf';
  }
}

/** A constant as a Value (its initializer is written only if an op reads it as a tensor). */
export function constValue(t: ConstTensor, label: string): Value {
  return new Value(t.shape, t.dtype, t, label);
}

export class ConvertContext {
  /** The TF node being converted (names generated tensors and errors). */
  node: TfNodeDef = { name: '', op: '' };
  private emitted = 0;
  private readonly scalars = new Map<number, string>();

  constructor(readonly onnx: OnnxGraphBuilder) {}

  /** Start converting a node. */
  begin(node: TfNodeDef): void {
    this.node = node;
    this.emitted = 0;
  }

  /** Throw a ModelError naming the current op and node. */
  fail(why: string): never {
    throw new ModelError(`${this.node.op} node "${this.node.name}": ${why}`, { op: this.node.op, node: this.node.name });
  }

  /** A runtime value held in ONNX tensor `name` with the given layout. */
  runtime(name: string, layout: Layout, shape: Shape, dtype: ConstDtype = 'float32'): Value {
    const v = new Value(shape, dtype, undefined, name);
    v.names.set(layout, name);
    return v;
  }

  /** The constant behind an input that must be known at conversion time. */
  constant(v: Value, what: string): ConstTensor {
    if (!v.constant) this.fail(`${what} must be a constant (a weight), not computed at run time`);
    return v.constant;
  }

  /** Append an ONNX node computing part of the current TF node; returns its output name. */
  emit(opType: string, inputs: readonly string[], attrs: Record<string, OnnxAttr> = {}): string {
    // The first ONNX node of a TF node takes the TF name, which keeps the ONNX graph readable.
    const out = this.onnx.unique(this.emitted === 0 ? this.node.name : `${this.node.name}/${opType}`);
    this.emitted++;
    this.onnx.node(opType, inputs, [out], attrs);
    return out;
  }

  /** Write a constant as an initializer named after the current node (or `base`). */
  initializer(t: ConstTensor, suffix: string, base = this.node.name): string {
    const name = this.onnx.unique(suffix ? `${base}/${suffix}` : base);
    this.onnx.initializer(name, t);
    return name;
  }

  /** Write an int64 initializer (shapes, axes). */
  int64(values: readonly number[], suffix: string, dims?: readonly number[]): string {
    const name = this.onnx.unique(`${this.node.name}/${suffix}`);
    this.onnx.int64Initializer(name, values, dims);
    return name;
  }

  /** A shared float32 scalar initializer (Clip bounds). */
  scalar(x: number): string {
    const hit = this.scalars.get(x);
    if (hit) return hit;
    const name = this.onnx.unique(`const_${x}`);
    this.onnx.initializer(name, { dtype: 'float32', shape: [], data: new Float32Array([x]) });
    this.scalars.set(x, name);
    return name;
  }

  /** The ONNX name holding `v` in `layout`, adding a Transpose (or a transposed initializer) once if needed. */
  tensor(v: Value, layout: Layout): string {
    const hit = v.names.get(layout);
    if (hit) return hit;
    if (layout === 'nchw' && v.shape?.length !== 4) this.fail(`an NCHW view needs a rank-4 tensor, got rank ${v.shape?.length ?? 'unknown'}`);
    if (v.constant) {
      const t = layout === 'tf' ? v.constant : transposeConst(v.constant, TO_NCHW);
      const name = this.initializer(t, layout === 'tf' ? '' : 'nchw', v.label || this.node.name);
      v.names.set(layout, name);
      return name;
    }
    const from = v.names.get(layout === 'tf' ? 'nchw' : 'tf');
    if (!from) this.fail('internal: value has no ONNX tensor');
    const name = this.onnx.unique(`${from}/${layout === 'tf' ? 'to_nhwc' : 'to_nchw'}`);
    this.onnx.node('Transpose', [from], [name], { perm: { ints: layout === 'tf' ? TO_NHWC : TO_NCHW } });
    v.names.set(layout, name);
    return name;
  }

  /**
   * The ONNX name of `v` as an operand of a broadcasting op running in `layout`.
   * In NCHW a constant of rank ≤ 4 is right-aligned to rank 4 (TF broadcasting)
   * and then transposed, so a per-channel [C] becomes [1,C,1,1].
   */
  operand(v: Value, layout: Layout): string {
    if (layout === 'tf') return this.tensor(v, 'tf');
    if (!v.constant) return this.tensor(v, 'nchw');
    if (isScalarLike(v.constant) && v.constant.shape.length <= 4) return this.tensor(v, 'tf');
    const hit = v.names.get('bcast-nchw');
    if (hit) return hit;
    const c = v.constant;
    if (c.shape.length > 4) this.fail(`a constant of rank ${c.shape.length} cannot broadcast against a rank-4 tensor`);
    const aligned = reshapeConst(c, [...new Array<number>(4 - c.shape.length).fill(1), ...c.shape]);
    const name = this.initializer(transposeConst(aligned, TO_NCHW), 'nchw', v.label || this.node.name);
    v.names.set('bcast-nchw', name);
    return name;
  }

  /**
   * The layout a broadcasting op over `inputs` should run in: NCHW when some
   * runtime input already lives there and every runtime input is rank 4 (and
   * constants can be aligned), else TF.
   */
  layoutFor(inputs: readonly Value[]): Layout {
    const live = inputs.filter((v) => !v.constant);
    const anyNchw = live.some((v) => v.preferred === 'nchw');
    const allRank4 = live.every((v) => v.shape?.length === 4);
    const constsFit = inputs.every((v) => !v.constant || v.constant.shape.length <= 4);
    return anyNchw && allRank4 && constsFit ? 'nchw' : 'tf';
  }
}

/** Converts one TF node (available as `ctx.node`) whose data inputs are `inputs`. */
export type OpHandler = (ctx: ConvertContext, inputs: readonly Value[]) => Value;
