/** Squeeze, Reshape and ConcatV2. */
import { attrInts } from '../attrs.js';
import type { ConvertContext, OpHandler, Value } from '../context.js';
import { NCHW_POS, dropAxesInNchw, normAxis, type Dim } from '../layout.js';

/** Axes of a rank-`rank` value, normalised and checked. */
export function axesOf(ctx: ConvertContext, axes: readonly number[], rank: number): number[] {
  const out = axes.map((a) => {
    const n = normAxis(a, rank);
    if (n === null) ctx.fail(`axis ${a} is out of range for rank ${rank}`);
    return n;
  });
  return [...new Set(out)].sort((x, y) => x - y);
}

/** Integer values of a constant input (axes, shapes). */
export function constInts(ctx: ConvertContext, v: Value | undefined, what: string): number[] {
  if (!v) return ctx.fail(`missing ${what} input`);
  const c = ctx.constant(v, what);
  if (c.dtype !== 'int32' || c.shape.length > 1) ctx.fail(`${what} must be an int32 scalar or vector`);
  return Array.from(c.data);
}

/**
 * Drop `tfAxes` from `x` with an ONNX op that takes axes as an input (Squeeze-13)
 * or attribute; reads x in NCHW when it lives there and the rest stays in TF order.
 */
export function dropAxes(ctx: ConvertContext, x: Value, tfAxes: number[], make: (input: string, axes: number[]) => string): Value {
  const shape = x.shape as Dim[];
  const outShape = shape.filter((_, i) => !tfAxes.includes(i));
  if (x.preferred === 'nchw') {
    const m = dropAxesInNchw(tfAxes);
    if (m.remainingInTfOrder) return ctx.runtime(make(ctx.tensor(x, 'nchw'), m.axes), 'tf', outShape, x.dtype);
  }
  return ctx.runtime(make(ctx.tensor(x, 'tf'), tfAxes), 'tf', outShape, x.dtype);
}

function squeeze(ctx: ConvertContext, inputs: readonly Value[]): Value {
  const x = inputs[0];
  const shape = x?.shape;
  if (!shape) return ctx.fail('input rank must be known');
  // TF writes `squeeze_dims`; TF.js also accepts `axis`.
  const listed = attrInts(ctx.node, 'squeeze_dims', attrInts(ctx.node, 'axis', []));
  let axes: number[];
  if (listed.length > 0) {
    axes = axesOf(ctx, listed, shape.length);
    for (const a of axes) if (shape[a] !== 1 && shape[a] !== null) ctx.fail(`cannot squeeze axis ${a} of size ${shape[a]}`);
  } else {
    if (shape.some((d) => d === null)) ctx.fail('squeezing all size-1 axes needs a fully known shape');
    axes = shape.flatMap((d, i) => (d === 1 ? [i] : []));
  }
  if (axes.length === 0) return x;
  return dropAxes(ctx, x, axes, (input, onnxAxes) => ctx.emit('Squeeze', [input, ctx.int64(onnxAxes, 'axes')]));
}

function reshape(ctx: ConvertContext, inputs: readonly Value[]): Value {
  const [x, shapeInput] = inputs;
  const target = constInts(ctx, shapeInput, 'the shape');
  // ONNX Reshape reads 0 as "copy this dim"; TF means an empty axis.
  if (target.some((d) => d === 0 || d < -1) || target.filter((d) => d === -1).length > 1) {
    ctx.fail(`unsupported target shape [${target.join(', ')}]`);
  }
  let outShape: Dim[] = target.map((d) => (d === -1 ? null : d));
  const known = x.shape?.every((d) => d !== null);
  if (known && target.includes(-1)) {
    const total = (x.shape as number[]).reduce((s, d) => s * d, 1);
    const rest = target.reduce((s, d) => (d === -1 ? s : s * d), 1);
    outShape = target.map((d) => (d === -1 ? total / rest : d));
  }
  const y = ctx.emit('Reshape', [ctx.tensor(x, 'tf'), ctx.int64(target, 'shape')]);
  return ctx.runtime(y, 'tf', outShape, x.dtype);
}

function concat(ctx: ConvertContext, inputs: readonly Value[]): Value {
  if (inputs.length < 2) ctx.fail('expects at least one value and the axis');
  const values = inputs.slice(0, -1);
  const axisList = constInts(ctx, inputs[inputs.length - 1], 'the axis');
  const rank = values[0].shape?.length;
  if (rank === undefined || values.some((v) => v.shape?.length !== rank)) return ctx.fail('all inputs need the same known rank');
  if (values.some((v) => v.dtype !== values[0].dtype)) ctx.fail('all inputs need the same dtype');
  const axis = axesOf(ctx, axisList, rank)[0];
  const outShape: Dim[] = [...(values[0].shape as Dim[])];
  outShape[axis] = values.reduce<Dim>((s, v) => (s === null || v.shape?.[axis] == null ? null : s + (v.shape[axis] as number)), 0);
  const layout = ctx.layoutFor(values);
  const y = ctx.emit(
    'Concat',
    values.map((v) => ctx.tensor(v, layout)),
    { axis: { i: layout === 'nchw' ? NCHW_POS[axis] : axis } },
  );
  return ctx.runtime(y, layout, outShape, values[0].dtype);
}

export const shapeOps: Record<string, OpHandler> = {
  Squeeze: squeeze,
  Reshape: reshape,
  ConcatV2: concat,
};
