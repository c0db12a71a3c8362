/** Weight decoding bit-for-bit against tf.io.decodeWeights; quantized weights through the whole converter; transposeConst. */
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { WeightStore, decodeFloat16, type TfWeightEntry } from '../index.js';
import { transposeConst, type ConstTensor } from '../tensor.js';
import { convAttrs, expectSameAsTfjs, node, rand, type Weight } from './harness.js';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

function join(parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((s, p) => s + p.byteLength, 0));
  let o = 0;
  for (const p of parts) {
    out.set(p, o);
    o += p.byteLength;
  }
  return out;
}

const u8 = (v: ArrayBufferView): Uint8Array => new Uint8Array(v.buffer, v.byteOffset, v.byteLength);

/** A TF.js string weight: per element a uint32 length and the bytes. */
function stringBytes(values: string[]): Uint8Array {
  return join(values.flatMap((s) => {
    const b = new TextEncoder().encode(s);
    return [u8(Uint32Array.of(b.byteLength)), b];
  }));
}

describe('WeightStore', () => {
  it('decodes plain, uint8/uint16/float16-quantized and int32 weights exactly as tf.io.decodeWeights', async () => {
    const halfSpecials = Uint16Array.of(0x0000, 0x8000, 0x0001, 0x03ff, 0x0400, 0x3c00, 0xbc00, 0x7bff, 0xfbff, 0x7c00, 0xfc00, 0x7e00, 0x3555, 0x1234);
    const specs: TfWeightEntry[] = [
      { name: 'plain', shape: [2, 3], dtype: 'float32' },
      { name: 'q8', shape: [5, 7], dtype: 'float32', quantization: { dtype: 'uint8', min: -6.255818266027114, scale: 0.04344318240296607 } },
      { name: 'words', shape: [2], dtype: 'string' },
      { name: 'q16', shape: [9], dtype: 'float32', quantization: { dtype: 'uint16', min: -0.1234567, scale: 3.0517578125e-6 } },
      { name: 'half', shape: [halfSpecials.length], dtype: 'float32', quantization: { dtype: 'float16' } },
      { name: 'ints', shape: [4], dtype: 'int32' },
      { name: 'qints', shape: [4], dtype: 'int32', quantization: { dtype: 'uint8', min: -3.3, scale: 0.7 } },
      { name: 'flags', shape: [3], dtype: 'bool' },
    ];
    const q8 = Uint8Array.from({ length: 35 }, (_, i) => (i * 37) % 256);
    const q16 = Uint16Array.from({ length: 9 }, (_, i) => (i * 7919) % 65536);
    const data = join([
      u8(rand(6, 3)),
      q8,
      stringBytes(['héllo', '']),
      u8(q16),
      u8(halfSpecials),
      u8(Int32Array.of(-5, 0, 7, 2147483647)),
      Uint8Array.of(0, 1, 9, 255),
      Uint8Array.of(1, 0, 1),
    ]);
    const store = new WeightStore([{ paths: ['a'], weights: specs }], data);
    const ref = tf.io.decodeWeights(data.slice().buffer, specs as tf.io.WeightsManifestEntry[]);
    for (const s of specs) {
      if (s.dtype === 'string') continue;
      const mine = store.get(s.name) as ConstTensor;
      const theirs = ref[s.name].dataSync();
      expect(mine.shape, s.name).toEqual(s.shape);
      // Compare bit patterns, so NaN and -0 count too.
      expect(Array.from(u8(mine.data)), s.name).toEqual(Array.from(u8(theirs as unknown as ArrayBufferView)));
    }
    expect(store.get('missing')).toBeUndefined();
    tf.dispose(Object.values(ref));
  });

  it('joins shards given separately', () => {
    const spec: TfWeightEntry = { name: 'w', shape: [4], dtype: 'float32' };
    const bytes = u8(Float32Array.of(1, 2, 3, 4));
    const store = new WeightStore([{ paths: ['a', 'b'], weights: [spec] }], [bytes.slice(0, 6).buffer, bytes.slice(6)]);
    expect(Array.from(store.get('w')?.data ?? [])).toEqual([1, 2, 3, 4]);
  });

  it('decodes float16 like TF.js, including its handling of infinities', () => {
    const f = decodeFloat16(Uint16Array.of(0x3c00, 0xc000, 0x3555, 0x0001));
    expect(Array.from(f)).toEqual([1, -2, Math.fround(0.333251953125), Math.fround(2 ** -24)]);
  });
});

describe('quantized weights through the converter', () => {
  it('a conv with a uint8-quantized filter and a uint16-quantized bias matches TF.js', async () => {
    const filterQ = Uint8Array.from({ length: 3 * 3 * 3 * 4 }, (_, i) => (i * 53 + 11) % 256);
    const biasQ = Uint16Array.of(0, 20000, 40000, 65535);
    const weights: Weight[] = [
      { spec: { name: 'w', shape: [3, 3, 3, 4], dtype: 'float32', quantization: { dtype: 'uint8', min: -0.731, scale: 0.0057 } }, bytes: filterQ },
      { spec: { name: 'b', shape: [4], dtype: 'float32', quantization: { dtype: 'uint16', min: -1.5, scale: 4.6e-5 } }, bytes: u8(biasQ) },
    ];
    await expectSameAsTfjs([node('y', '_FusedConv2D', ['x', 'w', 'b'], convAttrs({ stride: 2, fused: ['BiasAdd', 'Relu6'] }))], weights, [2, 7, 8, 3], ['y']);
  });

  it('a depthwise conv with a float16 filter matches TF.js', async () => {
    const halves = Uint16Array.from({ length: 3 * 3 * 4 }, (_, i) => 0x3000 + ((i * 131) % 0x0c00) + (i % 2 ? 0x8000 : 0));
    const weights: Weight[] = [{ spec: { name: 'w', shape: [3, 3, 4, 1], dtype: 'float32', quantization: { dtype: 'float16' } }, bytes: u8(halves) }];
    await expectSameAsTfjs([node('y', 'DepthwiseConv2dNative', ['x', 'w'], convAttrs({ stride: 2 }))], weights, [1, 8, 8, 4], ['y']);
  });
});

describe('transposeConst', () => {
  function naive(t: ConstTensor, perm: number[]): number[] {
    const shape = perm.map((p) => t.shape[p]);
    const strides = t.shape.map((_, a) => t.shape.slice(a + 1).reduce((s, d) => s * d, 1));
    const out: number[] = [];
    const n = shape.reduce((s, d) => s * d, 1);
    for (let o = 0; o < n; o++) {
      let rest = o;
      let src = 0;
      for (let a = shape.length - 1; a >= 0; a--) {
        src += (rest % shape[a]) * strides[perm[a]];
        rest = Math.floor(rest / shape[a]);
      }
      out.push(t.data[src]);
    }
    return out;
  }
  const cases: [number[], number[]][] = [
    [[3, 3, 2, 5], [3, 2, 0, 1]],
    [[3, 3, 4, 2], [2, 3, 0, 1]],
    [[2, 4, 5, 3], [0, 3, 1, 2]],
    [[4, 7], [1, 0]],
    [[5], [0]],
    [[2, 1, 3], [2, 0, 1]],
  ];
  for (const [shape, perm] of cases) {
    it(`[${shape}] by [${perm}]`, () => {
      const t: ConstTensor = { dtype: 'float32', shape, data: rand(shape.reduce((s, d) => s * d, 1), 9) };
      const r = transposeConst(t, perm);
      expect(r.shape).toEqual(perm.map((p) => shape[p]));
      expect(Array.from(r.data)).toEqual(naive(t, perm));
    });
  }
});
