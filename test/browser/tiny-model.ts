/**
 * A tiny real ONNX image encoder for tests, written with onnx-proto:
 * NCHW [N,3,32,32] → Conv 3→16 (3×3, fixed pseudo-random weights) → Relu →
 * GlobalAveragePool → Flatten → "features" [N,16].
 */
import onnxProto from 'onnx-proto';

const { onnx } = onnxProto;

export function tinyEncoderOnnx(): Uint8Array {
  const w = new Float32Array(16 * 3 * 3 * 3);
  let s = 12345;
  for (let i = 0; i < w.length; i++) {
    s = (s * 1103515245 + 12345) >>> 0;
    w[i] = (s / 2 ** 32) * 2 - 1;
  }
  const dims = (ds: (number | string)[]) => ({ dim: ds.map((d) => (typeof d === 'string' ? { dimParam: d } : { dimValue: d })) });
  const graph = onnx.GraphProto.create({
    name: 'tiny',
    node: [
      { opType: 'Conv', input: ['pixels', 'w'], output: ['c'], attribute: [{ name: 'pads', type: onnx.AttributeProto.AttributeType.INTS, ints: [1, 1, 1, 1] }] },
      { opType: 'Relu', input: ['c'], output: ['r'] },
      { opType: 'GlobalAveragePool', input: ['r'], output: ['p'] },
      { opType: 'Flatten', input: ['p'], output: ['features'] },
    ],
    initializer: [{ name: 'w', dataType: onnx.TensorProto.DataType.FLOAT, dims: [16, 3, 3, 3], rawData: new Uint8Array(w.buffer) }],
    input: [{ name: 'pixels', type: { tensorType: { elemType: onnx.TensorProto.DataType.FLOAT, shape: dims(['N', 3, 32, 32]) } } }],
    output: [{ name: 'features', type: { tensorType: { elemType: onnx.TensorProto.DataType.FLOAT, shape: dims(['N', 16]) } } }],
  });
  const model = onnx.ModelProto.create({ irVersion: 7, opsetImport: [{ domain: '', version: 13 }], producerName: 'curatekit-tests', graph });
  return onnx.ModelProto.encode(model).finish();
}

/** Its manifest, for a given URL. */
export function tinyManifest(url: string) {
  return {
    id: 'tiny',
    name: 'Tiny test encoder',
    dimension: 16,
    input: { width: 32, height: 32, layout: 'NCHW', resize: 'center-crop', scale: 1 / 255, mean: [0.485, 0.456, 0.406], std: [0.229, 0.224, 0.225] },
    runtimes: { onnx: { files: [url], input: 'pixels', output: 'features' } },
    pooling: 'none',
    normalize: 'l2',
    license: 'MIT (test fixture)',
  };
}
