/**
 * Activations, standalone (Relu, Relu6, ...) and fused into conv / matmul
 * (`fused_ops` = [BiasAdd, <activation>]), mapped to ONNX ops.
 */
import { attrFloat, attrInt, attrStrings } from '../attrs.js';
import type { ConvertContext, Value } from '../context.js';
import type { Layout } from '../layout.js';

/** Activation names as TF writes them in `fused_ops` and as op types. */
export type Activation = 'Relu' | 'Relu6' | 'Elu' | 'Sigmoid' | 'Tanh' | 'LeakyRelu' | 'Prelu';

/** Apply an activation to ONNX tensor `x` held in `layout`; returns the output name. */
export function applyActivation(
  ctx: ConvertContext,
  act: Activation,
  x: string,
  layout: Layout,
  opts: { alpha?: number; preluAlpha?: Value } = {},
): string {
  switch (act) {
    case 'Relu':
      return ctx.emit('Relu', [x]);
    case 'Relu6':
      // Opset 13 Clip takes its bounds as inputs.
      return ctx.emit('Clip', [x, ctx.scalar(0), ctx.scalar(6)]);
    case 'Elu':
      return ctx.emit('Elu', [x], { alpha: { f: 1 } });
    case 'Sigmoid':
      return ctx.emit('Sigmoid', [x]);
    case 'Tanh':
      return ctx.emit('Tanh', [x]);
    case 'LeakyRelu':
      return ctx.emit('LeakyRelu', [x], { alpha: { f: opts.alpha ?? 0.2 } });
    case 'Prelu': {
      if (!opts.preluAlpha) return ctx.fail('Prelu needs an alpha input');
      return ctx.emit('PRelu', [x, ctx.operand(opts.preluAlpha, layout)]);
    }
  }
}

const FUSABLE: readonly string[] = ['Relu', 'Relu6', 'Elu', 'Sigmoid', 'LeakyRelu', 'Prelu'];

/** What `fused_ops` adds after a conv or matmul. */
export interface FusedTail {
  readonly bias?: Value;
  readonly activation?: Activation;
  readonly preluAlpha?: Value;
  readonly leakyAlpha: number;
}

/**
 * Read `fused_ops` / `num_args` the way TF.js does; the extra inputs start at
 * `inputs[first]`. Only [], [BiasAdd] and [BiasAdd, activation] are accepted.
 */
export function readFusedTail(ctx: ConvertContext, inputs: readonly Value[], first: number): FusedTail {
  const ops = attrStrings(ctx.node, 'fused_ops');
  const numArgs = attrInt(ctx.node, 'num_args', 0);
  const leakyAlpha = attrFloat(ctx.node, 'leakyrelu_alpha', 0.2);
  if (ops.length === 0) return { leakyAlpha };
  if (ops[0] !== 'BiasAdd' || ops.length > 2) ctx.fail(`unsupported fused_ops [${ops.join(', ')}] (expected [BiasAdd] or [BiasAdd, activation])`);
  const act = ops[1];
  if (act !== undefined && !FUSABLE.includes(act)) ctx.fail(`unsupported fused activation "${act}"`);
  const wantArgs = act === 'Prelu' ? 2 : 1;
  if (numArgs !== wantArgs || inputs.length < first + wantArgs) {
    ctx.fail(`fused_ops [${ops.join(', ')}] needs ${wantArgs} extra input(s), num_args is ${numArgs} and ${inputs.length - first} are given`);
  }
  return {
    bias: inputs[first],
    activation: act as Activation | undefined,
    preluAlpha: act === 'Prelu' ? inputs[first + 1] : undefined,
    leakyAlpha,
  };
}

/** Add the bias (as a broadcasting Add) and the activation of a fused tail to `x`. */
export function applyTail(ctx: ConvertContext, tail: FusedTail, x: string, layout: Layout, biasDone = false): string {
  let y = x;
  if (tail.bias && !biasDone) y = ctx.emit('Add', [y, ctx.operand(tail.bias, layout)]);
  if (tail.activation) y = applyActivation(ctx, tail.activation, y, layout, { alpha: tail.leakyAlpha, preluAlpha: tail.preluAlpha });
  return y;
}
