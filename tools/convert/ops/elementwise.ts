/**
 * Element-wise ops. They run in whichever layout their inputs already have
 * (see ConvertContext.layoutFor), so residual adds between convs stay NCHW.
 */
import { attrFloat, attrString } from '../attrs.js';
import type { ConvertContext, OpHandler, Value } from '../context.js';
import { broadcastShapes } from '../layout.js';
import { applyActivation, type Activation } from './activation.js';

function binary(onnxOp: string): OpHandler {
  return (ctx: ConvertContext, inputs: readonly Value[]): Value => {
    if (inputs.length !== 2) ctx.fail(`expects 2 inputs, got ${inputs.length}`);
    const [a, b] = inputs;
    if (a.dtype !== b.dtype) ctx.fail(`inputs have different dtypes (${a.dtype}, ${b.dtype})`);
    const shape = broadcastShapes(a.shape, b.shape);
    if (shape === undefined) return ctx.fail(`shapes [${a.shape?.join(', ')}] and [${b.shape?.join(', ')}] do not broadcast`);
    const layout = ctx.layoutFor(inputs);
    const y = ctx.emit(onnxOp, [ctx.operand(a, layout), ctx.operand(b, layout)]);
    return ctx.runtime(y, layout, shape, a.dtype);
  };
}

function unary(act: Activation): OpHandler {
  return (ctx: ConvertContext, inputs: readonly Value[]): Value => {
    const x = inputs[0];
    if (!x || x.dtype !== 'float32') ctx.fail('expects one float32 input');
    const layout = x.preferred;
    const y = applyActivation(ctx, act, ctx.tensor(x, layout), layout, { alpha: attrFloat(ctx.node, 'alpha', 0.2) });
    return ctx.runtime(y, layout, x.shape);
  };
}

function biasAdd(ctx: ConvertContext, inputs: readonly Value[]): Value {
  const format = attrString(ctx.node, 'data_format', 'NHWC');
  if (format !== 'NHWC') ctx.fail(`unsupported data_format "${format}" (only NHWC)`);
  if (inputs.length !== 2) ctx.fail(`expects value and bias, got ${inputs.length} input(s)`);
  const [x, bias] = inputs;
  if (bias.shape?.length !== 1) ctx.fail(`bias must be rank 1, got [${bias.shape?.join(', ')}]`);
  const layout = ctx.layoutFor(inputs);
  const y = ctx.emit('Add', [ctx.tensor(x, layout), ctx.operand(bias, layout)]);
  return ctx.runtime(y, layout, x.shape);
}

/** Identity-like ops: the output is the input value itself, no ONNX node. */
function alias(ctx: ConvertContext, inputs: readonly Value[]): Value {
  if (inputs.length < 1) ctx.fail('expects one input');
  return inputs[0];
}

export const elementwiseOps: Record<string, OpHandler> = {
  Add: binary('Add'),
  AddV2: binary('Add'),
  Sub: binary('Sub'),
  Mul: binary('Mul'),
  RealDiv: binary('Div'),
  Maximum: binary('Max'),
  Minimum: binary('Min'),
  BiasAdd: biasAdd,
  Relu: unary('Relu'),
  Relu6: unary('Relu6'),
  Elu: unary('Elu'),
  Sigmoid: unary('Sigmoid'),
  Tanh: unary('Tanh'),
  LeakyRelu: unary('LeakyRelu'),
  Identity: alias,
};
