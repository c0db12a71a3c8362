/**
 * Conv2D / DepthwiseConv2dNative and their fused forms → ONNX Conv in NCHW.
 * Filters: HWIO → OIHW; depthwise [H, W, C, M] → [C*M, 1, H, W] with group = C
 * (output channel c*M + m, the order TF uses).
 */
import { attrString } from '../attrs.js';
import type { ConvertContext, OpHandler, Value } from '../context.js';
import { hwPair, spatialPadding } from '../padding.js';
import { reshapeConst, transposeConst } from '../tensor.js';
import { applyTail, readFusedTail } from './activation.js';

function checkNhwc(ctx: ConvertContext): void {
  const format = attrString(ctx.node, 'data_format', 'NHWC');
  if (format !== 'NHWC') ctx.fail(`unsupported data_format "${format}" (only NHWC)`);
}

function conv(ctx: ConvertContext, inputs: readonly Value[], depthwise: boolean, fused: boolean): Value {
  checkNhwc(ctx);
  if (inputs.length < 2) ctx.fail(`expects input and filter, got ${inputs.length} input(s)`);
  const [x, w] = inputs;
  const filter = ctx.constant(w, 'the filter');
  if (filter.dtype !== 'float32' || filter.shape.length !== 4) ctx.fail(`filter must be float32 of rank 4, got ${filter.dtype} [${filter.shape.join(', ')}]`);
  const [kh, kw, ci, co] = filter.shape;
  const xs = x.shape;
  if (!xs || xs.length !== 4) ctx.fail(`input must be rank 4 (NHWC), got ${xs ? `rank ${xs.length}` : 'unknown rank'}`);
  if (xs[3] !== null && xs[3] !== ci) {
    ctx.fail(`input has ${xs[3]} channels but the filter expects ${ci}${depthwise ? '' : ' (grouped convolution is not supported)'}`);
  }
  const strides = hwPair(ctx, 'strides', [1, 1, 1, 1]);
  const dilations = hwPair(ctx, 'dilations', [1, 1, 1, 1]);
  const pad = spatialPadding(ctx, [xs[1], xs[2]], [kh, kw], strides, dilations);
  const outC = depthwise ? ci * co : co;
  const oihw = depthwise ? reshapeConst(transposeConst(filter, [2, 3, 0, 1]), [outC, 1, kh, kw]) : transposeConst(filter, [3, 2, 0, 1]);
  const convInputs = [ctx.tensor(x, 'nchw'), ctx.initializer(oihw, 'filter_oihw')];
  const tail = fused ? readFusedTail(ctx, inputs, 2) : { leakyAlpha: 0.2 };
  // A constant [outC] bias goes into Conv's own B input; anything else stays a separate Add.
  const b = tail.bias?.constant;
  const biasInConv = b !== undefined && b.dtype === 'float32' && b.shape.length === 1 && b.shape[0] === outC;
  if (biasInConv) convInputs.push(ctx.tensor(tail.bias as Value, 'tf'));
  const y = ctx.emit('Conv', convInputs, {
    kernel_shape: { ints: [kh, kw] },
    strides: { ints: strides },
    dilations: { ints: dilations },
    group: { i: depthwise ? ci : 1 },
    ...pad.attrs,
  });
  const out = applyTail(ctx, tail, y, 'nchw', biasInConv);
  return ctx.runtime(out, 'nchw', [xs[0], pad.out[0], pad.out[1], outC]);
}

export const convOps: Record<string, OpHandler> = {
  Conv2D: (ctx, inputs) => conv(ctx, inputs, false, false),
  _FusedConv2D: (ctx, inputs) => conv(ctx, inputs, false, true),
  DepthwiseConv2dNative: (ctx, inputs) => conv(ctx, inputs, true, false),
  FusedDepthwiseConv2dNative: (ctx, inputs) => conv(ctx, inputs, true, true),
};
