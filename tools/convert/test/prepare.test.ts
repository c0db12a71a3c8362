/** scripts/prepare-models.ts: files written, TF.js files loadable, ONNX deterministic, reruns skip, damage regenerates. */
import { mkdtemp, readFile, rm, stat, unlink } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import * as ort from 'onnxruntime-web';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { convertTfjsGraphToOnnx, type TfjsGraphModelJson } from '../index.js';
import { EMBEDDING_NODE, MODEL_ID, loadNsfwjsMobileNetV2Mid, prepareModels, shardsInOrder } from '../../../scripts/prepare-models.js';

let outDir: string;

beforeAll(async () => {
  outDir = await mkdtemp(path.join(tmpdir(), 'curatekit-prepare-'));
});

afterAll(async () => {
  await rm(outDir, { recursive: true, force: true });
});

describe('prepareModels', () => {
  it('writes the TF.js files and the ONNX model, then skips when up to date', async () => {
    const first = await prepareModels({ outDir });
    expect(first.skipped).toBe(false);
    expect(first.line).toMatch(/^prepare-models: mobilenet_v2_mid from nsfwjs@4\.4\.0: \d+ TF op types, 178 -> \d+ nodes/);

    // TF.js graph model as plain files: manifest paths point at the written .bin shards.
    const json = JSON.parse(await readFile(path.join(outDir, MODEL_ID, 'model.json'), 'utf8')) as TfjsGraphModelJson;
    const paths = json.weightsManifest.flatMap((g) => g.paths);
    expect(paths).toEqual(['group1-shard1of2.bin', 'group1-shard2of2.bin']);
    const shards = await Promise.all(paths.map((p) => readFile(path.join(outDir, MODEL_ID, p))));
    const original = await loadNsfwjsMobileNetV2Mid();
    const want = shardsInOrder(original);
    expect(shards.length).toBe(want.length);
    // Buffer.compare: a deep toEqual over 4 MB of bytes takes half a minute.
    shards.forEach((b, i) => expect(Buffer.compare(b, want[i]), paths[i]).toBe(0));
    expect(JSON.stringify(json.modelTopology)).toBe(JSON.stringify(original.modelJson.modelTopology));

    // The ONNX file is exactly what the converter produces (deterministic), named input/embedding.
    const onnxBytes = new Uint8Array(await readFile(path.join(outDir, `${MODEL_ID}.onnx`)));
    const fresh = convertTfjsGraphToOnnx(original.modelJson, shardsInOrder(original), {
      outputs: [EMBEDDING_NODE],
      outputNames: ['embedding'],
      inputLayout: 'NHWC',
    });
    expect(onnxBytes.byteLength).toBe(fresh.model.byteLength);
    expect(Buffer.compare(onnxBytes, fresh.model)).toBe(0);
    ort.env.wasm.numThreads = 1;
    const session = await ort.InferenceSession.create(onnxBytes);
    expect(session.inputNames).toEqual(['input']);
    expect(session.outputNames).toEqual(['embedding']);
    await session.release();

    const stamp = JSON.parse(await readFile(path.join(outDir, `${MODEL_ID}.stamp.json`), 'utf8')) as { nsfwjs: string; files: Record<string, number> };
    expect(stamp.nsfwjs).toBe('4.4.0');
    expect(Object.keys(stamp.files).sort()).toEqual([`${MODEL_ID}.onnx`, `${MODEL_ID}/group1-shard1of2.bin`, `${MODEL_ID}/group1-shard2of2.bin`, `${MODEL_ID}/model.json`]);

    const mtime = (await stat(path.join(outDir, `${MODEL_ID}.onnx`))).mtimeMs;
    const second = await prepareModels({ outDir });
    expect(second.skipped).toBe(true);
    expect(second.line).toContain('up to date');
    expect((await stat(path.join(outDir, `${MODEL_ID}.onnx`))).mtimeMs).toBe(mtime);
  }, 120_000);

  it('regenerates when a file is missing, and when forced', async () => {
    await prepareModels({ outDir });
    await unlink(path.join(outDir, MODEL_ID, 'group1-shard2of2.bin'));
    const repaired = await prepareModels({ outDir });
    expect(repaired.skipped).toBe(false);
    expect((await stat(path.join(outDir, MODEL_ID, 'group1-shard2of2.bin'))).size).toBeGreaterThan(0);
    expect((await prepareModels({ outDir, force: true })).skipped).toBe(false);
  }, 120_000);
});
