/** Pooling, element-wise, shape, matmul and reduction ops against TF.js cpu, in TF and NCHW layout contexts. */
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { aB, aF, aInts, aS, convAttrs, expectSameAsTfjs, f32, i32, node, type Weight } from './harness.js';
import type { TfNodeDef } from '../index.js';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

/** A 1x1 conv producing `c` channels from `x`: puts its output in NCHW inside the ONNX graph. */
function nchwSource(name: string, cin: number, c: number): { nodes: TfNodeDef[]; weights: Weight[] } {
  return { nodes: [node(name, 'Conv2D', ['x', `${name}_w`], convAttrs({}))], weights: [f32(`${name}_w`, [1, 1, cin, c])] };
}

function poolAttrs(k: number, stride: number, padding: string): Record<string, ReturnType<typeof aS>> {
  return { ksize: aInts([1, k, k, 1]), strides: aInts([1, stride, stride, 1]), padding: aS(padding), data_format: aS('NHWC') };
}

describe('pooling', () => {
  const cases: { op: string; hw: number; k: number; stride: number; padding: string }[] = [
    { op: 'AvgPool', hw: 7, k: 3, stride: 2, padding: 'SAME' },
    { op: 'AvgPool', hw: 8, k: 3, stride: 2, padding: 'SAME' },
    { op: 'AvgPool', hw: 6, k: 2, stride: 1, padding: 'SAME' },
    { op: 'AvgPool', hw: 7, k: 7, stride: 1, padding: 'VALID' },
    { op: 'MaxPool', hw: 7, k: 3, stride: 2, padding: 'SAME' },
    { op: 'MaxPool', hw: 8, k: 2, stride: 2, padding: 'SAME' },
    { op: 'MaxPool', hw: 9, k: 3, stride: 2, padding: 'VALID' },
  ];
  for (const c of cases) {
    it(`${c.op} ${c.k}x${c.k} stride ${c.stride} ${c.padding} on ${c.hw}x${c.hw}`, async () => {
      await expectSameAsTfjs([node('y', c.op, ['x'], poolAttrs(c.k, c.stride, c.padding))], [], [2, c.hw, c.hw, 3], ['y']);
    });
  }
});

describe('element-wise binary ops', () => {
  const ops = ['Add', 'AddV2', 'Sub', 'Mul', 'RealDiv', 'Maximum', 'Minimum'];
  for (const op of ops) {
    it(`${op} with a per-channel constant, in TF layout`, async () => {
      // Divisors kept away from zero.
      const c = f32('c', [4], new Float32Array([0.5, -1.5, 2, 3]));
      await expectSameAsTfjs([node('y', op, ['x', 'c'])], [c], [2, 3, 5, 4], ['y']);
    });
    it(`${op} of a constant [W,C] and an NCHW value`, async () => {
      const src = nchwSource('conv', 3, 4);
      const c = f32('c', [5, 4], new Float32Array(20).map((_, i) => 0.5 + (i % 7) * 0.25));
      const r = await expectSameAsTfjs([...src.nodes, node('y', op, ['c', 'conv'])], [...src.weights, c], [2, 3, 5, 3], ['y']);
      // The op ran in NCHW: one transpose in (for the conv) and one out (for the output).
      expect(r.stats.onnxOps.Transpose).toBe(2);
    });
  }

  it('Mul of two runtime values, one NCHW and one not (mixed layouts)', async () => {
    const src = nchwSource('conv', 3, 3);
    await expectSameAsTfjs([...src.nodes, node('y', 'Mul', ['conv', 'x'])], src.weights, [2, 4, 4, 3], ['y']);
  });

  it('Add with a scalar constant and broadcasting of a rank-2 runtime value', async () => {
    await expectSameAsTfjs(
      [node('sq', 'Squeeze', ['x'], { squeeze_dims: aInts([1, 2]) }), node('y', 'AddV2', ['sq', 'k']), node('z', 'Mul', ['y', 'sq'])],
      [f32('k', [], new Float32Array([0.75]))],
      [3, 1, 1, 5],
      ['y', 'z'],
    );
  });

  it('BiasAdd in TF layout and after a conv (NCHW)', async () => {
    const src = nchwSource('conv', 3, 4);
    await expectSameAsTfjs(
      [...src.nodes, node('y', 'BiasAdd', ['conv', 'b'], { data_format: aS('NHWC') }), node('z', 'BiasAdd', ['x', 'b3'])],
      [...src.weights, f32('b', [4]), f32('b3', [3])],
      [2, 3, 3, 3],
      ['y', 'z'],
    );
  });
});

describe('activations', () => {
  const acts: { op: string; attr?: Record<string, ReturnType<typeof aF>> }[] = [
    { op: 'Relu' },
    { op: 'Relu6' },
    { op: 'Elu' },
    { op: 'Sigmoid' },
    { op: 'Tanh' },
    { op: 'LeakyRelu', attr: { alpha: aF(0.1) } },
  ];
  for (const a of acts) {
    it(`${a.op}, in TF layout and after a conv`, async () => {
      // Scale so Relu6 sees values beyond 6.
      const src = nchwSource('conv', 3, 3);
      await expectSameAsTfjs(
        [
          node('big', 'Mul', ['x', 'eight']),
          node('y', a.op, ['big'], a.attr),
          ...src.nodes,
          node('big2', 'Mul', ['conv', 'eight']),
          node('z', a.op, ['big2'], a.attr),
        ],
        [f32('eight', [], new Float32Array([8])), ...src.weights],
        [2, 3, 4, 3],
        ['y', 'z'],
      );
    });
  }

  it('Identity passes the value through', async () => {
    const r = await expectSameAsTfjs([node('y', 'Identity', ['x'])], [], [2, 3], ['y']);
    expect(r.stats.onnxOps).toEqual({ Identity: 1 });
  });
});

describe('shape ops', () => {
  it('Squeeze of a pooled NCHW value needs no transpose', async () => {
    const src = nchwSource('conv', 3, 6);
    const r = await expectSameAsTfjs(
      [...src.nodes, node('pool', 'AvgPool', ['conv'], poolAttrs(4, 1, 'VALID')), node('y', 'Squeeze', ['pool'], { squeeze_dims: aInts([1, 2]) })],
      src.weights,
      [2, 4, 4, 3],
      ['y'],
    );
    expect(r.stats.onnxOps.Transpose).toBe(1);
  });

  it('Squeeze that breaks the NCHW order (axis 1 of [N,1,W,C]) goes back to NHWC first', async () => {
    const src = nchwSource('conv', 3, 5);
    await expectSameAsTfjs([...src.nodes, node('y', 'Squeeze', ['conv'], { squeeze_dims: aInts([-3]) })], src.weights, [2, 1, 4, 3], ['y']);
  });

  it('Squeeze without axes drops every size-1 axis', async () => {
    await expectSameAsTfjs([node('y', 'Squeeze', ['x'])], [], [1, 3, 1, 2], ['y']);
  });

  it('Reshape with -1 after a conv', async () => {
    const src = nchwSource('conv', 3, 4);
    await expectSameAsTfjs([...src.nodes, node('y', 'Reshape', ['conv', 'shape'])], [...src.weights, i32('shape', [-1, 12])], [2, 3, 1, 3], ['y']);
  });

  it('ConcatV2 along channels of two NCHW values and along the last axis in TF layout', async () => {
    const a = nchwSource('ca', 3, 2);
    const b = nchwSource('cb', 3, 5);
    await expectSameAsTfjs(
      [...a.nodes, ...b.nodes, node('y', 'ConcatV2', ['ca', 'cb', 'axis']), node('z', 'ConcatV2', ['x', 'x', 'axis_neg'])],
      [...a.weights, ...b.weights, i32('axis', [3], []), i32('axis_neg', [-1], [])],
      [2, 3, 4, 3],
      ['y', 'z'],
    );
  });

  it('ConcatV2 along H', async () => {
    await expectSameAsTfjs([node('y', 'ConcatV2', ['x', 'c', 'axis'])], [f32('c', [2, 2, 4, 3]), i32('axis', [1], [])], [2, 3, 4, 3], ['y']);
  });
});

describe('MatMul', () => {
  it('MatMul with a constant right side', async () => {
    await expectSameAsTfjs([node('y', 'MatMul', ['x', 'w'], { transpose_a: aB(false), transpose_b: aB(false) })], [f32('w', [6, 4])], [3, 6], ['y']);
  });

  it('MatMul with transpose_b on a constant and transpose_a on a runtime value', async () => {
    await expectSameAsTfjs([node('y', 'MatMul', ['x', 'w'], { transpose_a: aB(true), transpose_b: aB(true) })], [f32('w', [4, 5])], [5, 3], ['y']);
  });

  it('MatMul of two runtime values', async () => {
    await expectSameAsTfjs([node('xx', 'Relu', ['x']), node('y', 'MatMul', ['x', 'xx'], { transpose_b: aB(true) })], [], [3, 4], ['y']);
  });

  for (const fused of [['BiasAdd'], ['BiasAdd', 'Relu'], ['BiasAdd', 'Sigmoid']]) {
    it(`_FusedMatMul [${fused.join(', ')}]`, async () => {
      await expectSameAsTfjs(
        [node('y', '_FusedMatMul', ['x', 'w', 'b'], { transpose_a: aB(false), transpose_b: aB(false), fused_ops: { list: { s: fused.map((s) => Buffer.from(s).toString('base64')) } }, num_args: { i: '1' } })],
        [f32('w', [6, 5]), f32('b', [5])],
        [2, 6],
        ['y'],
      );
    });
  }
});

describe('reductions', () => {
  it('Softmax on rank 2 and on an NCHW rank-4 value', async () => {
    const src = nchwSource('conv', 3, 5);
    const r = await expectSameAsTfjs([node('y', 'Softmax', ['x']), ...src.nodes, node('z', 'Softmax', ['conv'])], src.weights, [2, 3, 2, 3], ['z']);
    expect(r.stats.onnxOps.Softmax).toBe(1);
    await expectSameAsTfjs([node('y', 'Softmax', ['x'])], [], [4, 7], ['y']);
  });

  it('Mean over H, W of an NCHW value, with and without keep_dims', async () => {
    const src = nchwSource('conv', 3, 4);
    await expectSameAsTfjs(
      [...src.nodes, node('y', 'Mean', ['conv', 'axes'], { keep_dims: aB(false) }), node('z', 'Mean', ['conv', 'axes'], { keep_dims: aB(true) })],
      [...src.weights, i32('axes', [1, 2])],
      [2, 3, 5, 3],
      ['y', 'z'],
    );
  });

  it('Mean over the channel axis (scalar axis) in TF layout', async () => {
    await expectSameAsTfjs([node('y', 'Mean', ['x', 'axis'])], [i32('axis', [-1], [])], [2, 3, 5, 3], ['y']);
  });
});
