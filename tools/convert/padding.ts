/**
 * TF padding (SAME / VALID / EXPLICIT) as ONNX pads for NCHW conv and pool.
 * SAME follows TF exactly: out = ceil(in / stride), the total padding
 * (out-1)*stride + dilated_kernel - in is split with the odd pixel at the
 * bottom/right. With an unknown spatial size it falls back to auto_pad
 * SAME_UPPER, which is the same rule, when there is no dilation.
 */
import { attrInts, attrString } from './attrs.js';
import type { ConvertContext } from './context.js';
import type { OnnxAttr } from './onnx-builder.js';
import type { Dim } from './layout.js';

/** ONNX attributes for the padding, and the spatial output size. */
export interface SpatialPadding {
  readonly attrs: Record<string, OnnxAttr>;
  readonly out: [Dim, Dim];
}

/** Read `name` as [1, h, w, 1] (NHWC attribute form) and return [h, w]. */
export function hwPair(ctx: ConvertContext, name: string, fallback: number[]): [number, number] {
  const v = attrInts(ctx.node, name, fallback);
  if (v.length !== 4 || v[0] !== 1 || v[3] !== 1 || !v.every((x) => Number.isInteger(x) && x >= 1)) {
    ctx.fail(`${name} must be [1, h, w, 1] with positive integers, got [${v.join(', ')}]`);
  }
  return [v[1], v[2]];
}

/** Padding for a window op over an NHWC input of spatial size `inHW`. */
export function spatialPadding(
  ctx: ConvertContext,
  inHW: [Dim, Dim],
  kernel: [number, number],
  strides: [number, number],
  dilations: [number, number],
): SpatialPadding {
  const padding = attrString(ctx.node, 'padding', '').toUpperCase();
  const eff = [0, 1].map((i) => (kernel[i] - 1) * dilations[i] + 1);
  if (padding === 'SAME') {
    if (inHW[0] === null || inHW[1] === null) {
      if (dilations[0] !== 1 || dilations[1] !== 1) ctx.fail('SAME padding with dilation needs a known input height and width');
      const out = inHW.map((d, i) => (d === null ? null : Math.ceil(d / strides[i]))) as [Dim, Dim];
      return { attrs: { auto_pad: { s: 'SAME_UPPER' } }, out };
    }
    const out: [number, number] = [0, 0];
    const before = [0, 0];
    const after = [0, 0];
    for (const i of [0, 1]) {
      const size = inHW[i] as number;
      out[i] = Math.ceil(size / strides[i]);
      const total = Math.max((out[i] - 1) * strides[i] + eff[i] - size, 0);
      before[i] = Math.floor(total / 2);
      after[i] = total - before[i];
    }
    return { attrs: { pads: { ints: [before[0], before[1], after[0], after[1]] } }, out };
  }
  if (padding === 'VALID') {
    const out = inHW.map((d, i) => (d === null ? null : Math.ceil((d - eff[i] + 1) / strides[i]))) as [Dim, Dim];
    if (out.some((d) => d !== null && d <= 0)) ctx.fail(`VALID padding: the ${kernel.join('x')} window is larger than the ${inHW.join('x')} input`);
    return { attrs: { pads: { ints: [0, 0, 0, 0] } }, out };
  }
  if (padding === 'EXPLICIT') {
    const p = attrInts(ctx.node, 'explicit_paddings', []);
    if (p.length !== 8 || p[0] !== 0 || p[1] !== 0 || p[6] !== 0 || p[7] !== 0 || p.some((x) => !Number.isInteger(x) || x < 0)) {
      ctx.fail(`explicit_paddings must be 8 non-negative ints with no batch/channel padding, got [${p.join(', ')}]`);
    }
    const [top, bottom, left, right] = [p[2], p[3], p[4], p[5]];
    const out = inHW.map((d, i) =>
      d === null ? null : Math.floor((d + (i === 0 ? top + bottom : left + right) - eff[i]) / strides[i]) + 1,
    ) as [Dim, Dim];
    return { attrs: { pads: { ints: [top, left, bottom, right] } }, out };
  }
  return ctx.fail(`unsupported padding "${padding}" (SAME, VALID or EXPLICIT)`);
}
