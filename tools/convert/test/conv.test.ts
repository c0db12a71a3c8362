/** Conv2D / depthwise (plain and fused), padding, strides, dilation, against TF.js cpu. */
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { convAttrs, expectSameAsTfjs, f32, node } from './harness.js';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

describe('Conv2D', () => {
  const cases: { name: string; hw: [number, number]; k: number; stride: number | [number, number]; padding: string; dilation?: number }[] = [
    { name: 'SAME stride 1, odd size', hw: [7, 7], k: 3, stride: 1, padding: 'SAME' },
    { name: 'SAME stride 1, even kernel (pads bottom/right)', hw: [6, 6], k: 2, stride: 1, padding: 'SAME' },
    { name: 'SAME stride 2, odd size', hw: [7, 7], k: 3, stride: 2, padding: 'SAME' },
    { name: 'SAME stride 2, even size', hw: [8, 8], k: 3, stride: 2, padding: 'SAME' },
    { name: 'SAME stride 2, even size, 1x1 kernel', hw: [8, 8], k: 1, stride: 2, padding: 'SAME' },
    { name: 'SAME stride (2,1), rectangular', hw: [9, 6], k: 3, stride: [2, 1], padding: 'SAME' },
    { name: 'VALID stride 2, odd size', hw: [9, 9], k: 3, stride: 2, padding: 'VALID' },
    { name: 'VALID stride 1, even kernel', hw: [6, 7], k: 4, stride: 1, padding: 'VALID' },
    { name: 'SAME dilation 2, odd size', hw: [9, 9], k: 3, stride: 1, padding: 'SAME', dilation: 2 },
    { name: 'VALID dilation 2', hw: [10, 8], k: 3, stride: 1, padding: 'VALID', dilation: 2 },
  ];
  for (const c of cases) {
    it(c.name, async () => {
      const w = f32('w', [c.k, c.k, 3, 5]);
      await expectSameAsTfjs(
        [node('y', 'Conv2D', ['x', 'w'], convAttrs({ stride: c.stride, padding: c.padding, dilation: c.dilation }))],
        [w],
        [2, c.hw[0], c.hw[1], 3],
        ['y'],
      );
    });
  }

  it('EXPLICIT padding', async () => {
    await expectSameAsTfjs(
      [node('y', 'Conv2D', ['x', 'w'], convAttrs({ stride: 2, padding: 'EXPLICIT', explicit: [0, 0, 1, 2, 0, 1, 0, 0] }))],
      [f32('w', [3, 3, 2, 4])],
      [1, 7, 8, 2],
      ['y'],
    );
  });

  it('dynamic batch and unknown spatial size fall back to SAME_UPPER', async () => {
    const r = await expectSameAsTfjs(
      [node('y', 'Conv2D', ['x', 'w'], convAttrs({ stride: 2, padding: 'SAME' }))],
      [f32('w', [3, 3, 3, 4])],
      [3, 9, 8, 3],
      ['y'],
      { placeholderShape: [-1, -1, -1, 3] },
    );
    expect(r.outputs[0].shape).toEqual([null, null, null, 4]);
  });
});

describe('_FusedConv2D', () => {
  const tails: { fused: string[]; extra?: () => ReturnType<typeof f32>[]; attrs?: Record<string, { f: number }> }[] = [
    { fused: [] },
    { fused: ['BiasAdd'] },
    { fused: ['BiasAdd', 'Relu'] },
    { fused: ['BiasAdd', 'Relu6'] },
    { fused: ['BiasAdd', 'Elu'] },
    { fused: ['BiasAdd', 'Sigmoid'] },
    { fused: ['BiasAdd', 'LeakyRelu'], attrs: { leakyrelu_alpha: { f: 0.3 } } },
    { fused: ['BiasAdd', 'Prelu'], extra: () => [f32('alpha', [6], new Float32Array([0.1, 0.2, 0.5, 1.5, -0.3, 0]))] },
  ];
  for (const t of tails) {
    it(`fused_ops [${t.fused.join(', ')}] at stride 2`, async () => {
      // Bias well above zero so Relu6 clips at both ends.
      const bias = f32('b', [6], new Float32Array([3, -2, 0.5, 5, -0.5, 1]));
      const extra = t.extra?.() ?? [];
      const inputs = ['x', 'w', ...(t.fused.length > 0 ? ['b'] : []), ...extra.map((e) => e.spec.name)];
      await expectSameAsTfjs(
        [node('y', '_FusedConv2D', inputs, { ...convAttrs({ stride: 2, fused: t.fused }), ...t.attrs })],
        [f32('w', [3, 3, 4, 6]), ...(t.fused.length > 0 ? [bias] : []), ...extra],
        [2, 9, 9, 4],
        ['y'],
      );
    });
  }
});

describe('DepthwiseConv2dNative', () => {
  const cases: { name: string; hw: [number, number]; k: number; stride: number; mult: number; padding: string; dilation?: number }[] = [
    { name: 'SAME stride 1', hw: [7, 7], k: 3, stride: 1, mult: 1, padding: 'SAME' },
    { name: 'SAME stride 2, odd size', hw: [7, 7], k: 3, stride: 2, mult: 1, padding: 'SAME' },
    { name: 'SAME stride 2, even size', hw: [8, 8], k: 3, stride: 2, mult: 1, padding: 'SAME' },
    { name: 'channel multiplier 2', hw: [6, 7], k: 3, stride: 1, mult: 2, padding: 'SAME' },
    { name: 'VALID 5x5 stride 2', hw: [11, 10], k: 5, stride: 2, mult: 1, padding: 'VALID' },
    { name: 'SAME dilation 2', hw: [9, 9], k: 3, stride: 1, mult: 1, padding: 'SAME', dilation: 2 },
  ];
  for (const c of cases) {
    it(c.name, async () => {
      await expectSameAsTfjs(
        [node('y', 'DepthwiseConv2dNative', ['x', 'w'], convAttrs({ stride: c.stride, padding: c.padding, dilation: c.dilation }))],
        [f32('w', [c.k, c.k, 4, c.mult])],
        [2, c.hw[0], c.hw[1], 4],
        ['y'],
      );
    });
  }

  it('FusedDepthwiseConv2dNative [BiasAdd, Relu6], stride 2, multiplier 2', async () => {
    await expectSameAsTfjs(
      [node('y', 'FusedDepthwiseConv2dNative', ['x', 'w', 'b'], convAttrs({ stride: 2, fused: ['BiasAdd', 'Relu6'] }))],
      [f32('w', [3, 3, 3, 2]), f32('b', [6], new Float32Array([4, -1, 0.2, 5.5, 0, -3]))],
      [1, 9, 8, 3],
      ['y'],
    );
  });
});

describe('a MobileNetV2-like block', () => {
  it('keeps the conv chain in NCHW: one Transpose for the whole graph', async () => {
    const nodes = [
      node('scale', 'Mul', ['two', 'x']),
      node('shift', 'Sub', ['scale', 'one']),
      node('expand', '_FusedConv2D', ['shift', 'w1', 'b1'], convAttrs({ stride: 2, fused: ['BiasAdd', 'Relu6'] })),
      node('dw', 'FusedDepthwiseConv2dNative', ['expand', 'w2', 'b2'], convAttrs({ fused: ['BiasAdd', 'Relu6'] })),
      node('project', '_FusedConv2D', ['dw', 'w3', 'b3'], convAttrs({ fused: ['BiasAdd'] })),
      node('res', 'AddV2', ['project', 'expand_proj']),
      node('expand_proj', '_FusedConv2D', ['expand', 'w4', 'b4'], convAttrs({ fused: ['BiasAdd'] })),
      node('pool', 'AvgPool', ['res'], { ksize: { list: { i: ['1', '5', '5', '1'] } }, strides: { list: { i: ['1', '1', '1', '1'] } }, padding: { s: 'VkFMSUQ=' }, data_format: { s: 'TkhXQw==' } }),
      node('vec', 'Squeeze', ['pool'], { squeeze_dims: { list: { i: ['1', '2'] } } }),
    ];
    const weights = [
      f32('two', [], new Float32Array([2])),
      f32('one', [], new Float32Array([1])),
      f32('w1', [3, 3, 3, 8]),
      f32('b1', [8]),
      f32('w2', [3, 3, 8, 1]),
      f32('b2', [8]),
      f32('w3', [1, 1, 8, 6]),
      f32('b3', [6]),
      f32('w4', [1, 1, 8, 6]),
      f32('b4', [6]),
    ];
    const r = await expectSameAsTfjs(nodes, weights, [2, 10, 10, 3], ['vec']);
    expect(r.stats.onnxOps.Transpose).toBe(1);
    expect(r.stats.onnxOps.Conv).toBe(4);
    expect(r.stats.onnxOps.Clip).toBe(2);
  });
});
