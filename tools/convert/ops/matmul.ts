/** MatMul / _FusedMatMul → ONNX MatMul (+ Add, activation), transposes folded into constants. */
import { attrBool } from '../attrs.js';
import type { ConvertContext, OpHandler, Value } from '../context.js';
import { type Dim } from '../layout.js';
import { transposeConst } from '../tensor.js';
import { applyTail, readFusedTail } from './activation.js';

function swapLast(rank: number): number[] {
  const perm = [...Array(rank).keys()];
  [perm[rank - 2], perm[rank - 1]] = [perm[rank - 1], perm[rank - 2]];
  return perm;
}

/** The operand in TF layout, with its last two axes swapped when `transpose` is set. */
function side(ctx: ConvertContext, v: Value, transpose: boolean): { name: string; shape: Dim[] } {
  const shape = v.shape;
  if (!shape || shape.length < 2) ctx.fail(`operands must have rank >= 2, got ${shape ? `rank ${shape.length}` : 'unknown rank'}`);
  if (!transpose) return { name: ctx.tensor(v, 'tf'), shape: [...shape] };
  const perm = swapLast(shape.length);
  const swapped = perm.map((p) => shape[p]);
  if (v.constant) return { name: ctx.initializer(transposeConst(v.constant, perm), 'transposed', v.label), shape: swapped };
  return { name: ctx.emit('Transpose', [ctx.tensor(v, 'tf')], { perm: { ints: perm } }), shape: swapped };
}

function matmul(ctx: ConvertContext, inputs: readonly Value[], fused: boolean): Value {
  if (inputs.length < 2) ctx.fail(`expects 2 operands, got ${inputs.length}`);
  const a = side(ctx, inputs[0], attrBool(ctx.node, 'transpose_a', false));
  const b = side(ctx, inputs[1], attrBool(ctx.node, 'transpose_b', false));
  const k1 = a.shape[a.shape.length - 1];
  const k2 = b.shape[b.shape.length - 2];
  if (k1 !== null && k2 !== null && k1 !== k2) ctx.fail(`inner dimensions differ (${k1} vs ${k2})`);
  const tail = fused ? readFusedTail(ctx, inputs, 2) : { leakyAlpha: 0.2 };
  const y = applyTail(ctx, tail, ctx.emit('MatMul', [a.name, b.name]), 'tf');
  const batch = a.shape.length >= b.shape.length ? a.shape.slice(0, -2) : b.shape.slice(0, -2);
  return ctx.runtime(y, 'tf', [...batch, a.shape[a.shape.length - 2], b.shape[b.shape.length - 1]]);
}

export const matmulOps: Record<string, OpHandler> = {
  MatMul: (ctx, inputs) => matmul(ctx, inputs, false),
  _FusedMatMul: (ctx, inputs) => matmul(ctx, inputs, true),
};
