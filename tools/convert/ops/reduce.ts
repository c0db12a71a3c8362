/** Softmax and Mean (axis-aware, so they read NCHW values without a transpose). */
import { attrBool } from '../attrs.js';
import type { ConvertContext, OpHandler, Value } from '../context.js';
import { NCHW_POS, type Dim } from '../layout.js';
import { axesOf, constInts, dropAxes } from './shape.js';

function softmax(ctx: ConvertContext, inputs: readonly Value[]): Value {
  const x = inputs[0];
  if (!x || x.dtype !== 'float32') ctx.fail('expects one float32 input');
  // Opset 13 Softmax normalises along one axis, like TF (the last one).
  const layout = x.preferred;
  const y = ctx.emit('Softmax', [ctx.tensor(x, layout)], { axis: { i: layout === 'nchw' ? 1 : -1 } });
  return ctx.runtime(y, layout, x.shape);
}

function mean(ctx: ConvertContext, inputs: readonly Value[]): Value {
  const [x, axesInput] = inputs;
  const xShape = x?.shape;
  if (!xShape) return ctx.fail('input rank must be known');
  const rank = xShape.length;
  const listed = constInts(ctx, axesInput, 'the axes');
  const axes = axesOf(ctx, listed, rank);
  const keep = attrBool(ctx.node, 'keep_dims', false);
  // TF reduces nothing over an empty axis list; ONNX would reduce everything.
  if (axes.length === 0) return x;
  if (keep) {
    const layout = x.preferred;
    const onnxAxes = layout === 'nchw' ? axes.map((a) => NCHW_POS[a]) : axes;
    const y = ctx.emit('ReduceMean', [ctx.tensor(x, layout)], { axes: { ints: onnxAxes }, keepdims: { i: 1 } });
    const shape: Dim[] = xShape.map((d, i) => (axes.includes(i) ? 1 : d));
    return ctx.runtime(y, layout, shape, x.dtype);
  }
  return dropAxes(ctx, x, axes, (input, onnxAxes) => ctx.emit('ReduceMean', [input], { axes: { ints: onnxAxes }, keepdims: { i: 0 } }));
}

export const reduceOps: Record<string, OpHandler> = {
  Softmax: softmax,
  Mean: mean,
};
