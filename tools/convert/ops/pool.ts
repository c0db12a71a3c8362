/**
 * AvgPool / MaxPool → ONNX AveragePool / MaxPool in NCHW. TF averages over the
 * pixels inside the image only, hence count_include_pad = 0.
 */
import { attrString } from '../attrs.js';
import type { ConvertContext, OpHandler, Value } from '../context.js';
import { hwPair, spatialPadding } from '../padding.js';

function pool(ctx: ConvertContext, inputs: readonly Value[], onnxOp: 'AveragePool' | 'MaxPool'): Value {
  const format = attrString(ctx.node, 'data_format', 'NHWC');
  if (format !== 'NHWC') ctx.fail(`unsupported data_format "${format}" (only NHWC)`);
  const x = inputs[0];
  const xs = x?.shape;
  if (!xs || xs.length !== 4) ctx.fail(`input must be rank 4 (NHWC), got ${xs ? `rank ${xs.length}` : 'unknown rank'}`);
  const kernel = hwPair(ctx, 'ksize', []);
  const strides = hwPair(ctx, 'strides', [1, 1, 1, 1]);
  const pad = spatialPadding(ctx, [xs[1], xs[2]], kernel, strides, [1, 1]);
  const attrs = { kernel_shape: { ints: kernel }, strides: { ints: strides }, ...pad.attrs };
  const y = ctx.emit(onnxOp, [ctx.tensor(x, 'nchw')], onnxOp === 'AveragePool' ? { ...attrs, count_include_pad: { i: 0 } } : attrs);
  return ctx.runtime(y, 'nchw', [xs[0], pad.out[0], pad.out[1], xs[3]]);
}

export const poolOps: Record<string, OpHandler> = {
  AvgPool: (ctx, inputs) => pool(ctx, inputs, 'AveragePool'),
  MaxPool: (ctx, inputs) => pool(ctx, inputs, 'MaxPool'),
};
