/**
 * Prepare the default vectorizer (MobileNetV2-1.4 "Mid" from nsfwjs) for both
 * runtimes, offline, under models/generated/:
 *
 * - mobilenet_v2_mid/model.json + group1-shardNofM.bin: the TF.js graph model as
 *   plain files (nsfwjs ships the shards as base64 JS modules), loadable by URL;
 * - mobilenet_v2_mid.onnx: the same graph converted by src/embed/convert,
 *   pruned to the 1792-d embedding, output `embedding`, input `input` NHWC [N,224,224,3] in [0,1];
 * - mobilenet_v2_mid.stamp.json: what the files were made from. A rerun with the
 *   same nsfwjs version and converter sources only checks the files and exits.
 *
 * Usage: `npx tsx scripts/prepare-models.ts [--force]` (also run by `npm prepare`).
 */
import { createHash } from 'node:crypto';
import { mkdir, readFile, readdir, rename, stat, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { CONVERTER_VERSION, convertTfjsGraphToOnnx, type TfjsGraphModelJson } from '../tools/convert/index.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const CONVERTER_DIR = path.join(ROOT, 'tools/convert');

/** Id of the default model; names its files. */
export const MODEL_ID = 'mobilenet_v2_mid';
/** The graph node whose output is the 1792-d embedding. */
export const EMBEDDING_NODE =
  'StatefulPartitionedCall/sequential/keras_layer/StatefulPartitionedCall/StatefulPartitionedCall/StatefulPartitionedCall/predict/feature_vector/SpatialSqueeze';
/** ONNX output name of the embedding. */
export const EMBEDDING_OUTPUT = 'embedding';

/** The TF.js model as nsfwjs ships it, decoded. */
export interface NsfwjsModel {
  readonly version: string;
  readonly modelJson: TfjsGraphModelJson;
  /** Shard bytes keyed by the manifest path (e.g. `group1-shard1of2`). */
  readonly shards: ReadonlyMap<string, Uint8Array>;
}

/** Version of the installed nsfwjs (its package.json is not in its exports map, so walk up from the entry). */
export async function nsfwjsVersion(): Promise<string> {
  let dir = path.dirname(createRequire(import.meta.url).resolve('nsfwjs'));
  for (let i = 0; i < 8; i++) {
    try {
      const pkg = JSON.parse(await readFile(path.join(dir, 'package.json'), 'utf8')) as { name?: string; version?: string };
      if (pkg.name === 'nsfwjs' && pkg.version) return pkg.version;
    } catch {
      // no package.json at this level: keep walking up
    }
    dir = path.dirname(dir);
  }
  throw new Error('cannot find the package.json of nsfwjs');
}

/** Load MobileNetV2Mid from the installed nsfwjs (model.json object + base64 shards → bytes). */
export async function loadNsfwjsMobileNetV2Mid(): Promise<NsfwjsModel> {
  const { MobileNetV2MidModel: def } = await import('nsfwjs/models/mobilenet_v2_mid');
  const modelJson = ((await def.modelJson()) as { default: TfjsGraphModelJson }).default;
  const n = def.weightBundles.length;
  const shards = new Map<string, Uint8Array>();
  for (let i = 0; i < n; i++) {
    // nsfwjs names bundle i "group1-shard{i+1}of{n}", the path used in the manifest.
    const base64 = ((await def.weightBundles[i]()) as { default: string }).default;
    shards.set(`group1-shard${i + 1}of${n}`, new Uint8Array(Buffer.from(base64, 'base64')));
  }
  for (const p of modelJson.weightsManifest.flatMap((g) => g.paths)) {
    if (!shards.has(p)) throw new Error(`nsfwjs ships no weight bundle for manifest path ${p}`);
  }
  return { version: await nsfwjsVersion(), modelJson, shards };
}

/** Shard bytes in manifest order. */
export function shardsInOrder(model: NsfwjsModel): Uint8Array[] {
  return model.modelJson.weightsManifest.flatMap((g) => g.paths.map((p) => model.shards.get(p) as Uint8Array));
}

/** Hash of the converter sources and this script: a change regenerates the ONNX file. */
async function sourceHash(): Promise<string> {
  const h = createHash('sha256');
  const files = (await readdir(CONVERTER_DIR, { recursive: true })).filter((f) => f.endsWith('.ts') && !f.startsWith('test/')).sort();
  for (const f of files) h.update(f).update(await readFile(path.join(CONVERTER_DIR, f)));
  h.update(await readFile(fileURLToPath(import.meta.url)));
  return h.digest('hex').slice(0, 16);
}

interface Stamp {
  readonly nsfwjs: string;
  readonly converter: string;
  readonly sources: string;
  /** Relative path → byte size of every file written. */
  readonly files: Record<string, number>;
}

async function isUpToDate(outDir: string, want: Omit<Stamp, 'files'>): Promise<boolean> {
  let stamp: Stamp;
  try {
    stamp = JSON.parse(await readFile(path.join(outDir, `${MODEL_ID}.stamp.json`), 'utf8')) as Stamp;
  } catch {
    return false;
  }
  if (stamp.nsfwjs !== want.nsfwjs || stamp.converter !== want.converter || stamp.sources !== want.sources) return false;
  for (const [rel, size] of Object.entries(stamp.files ?? {})) {
    const s = await stat(path.join(outDir, rel)).catch(() => null);
    if (!s || s.size !== size) return false;
  }
  return Object.keys(stamp.files ?? {}).length > 0;
}

/** Write via a temporary name so a crash never leaves a truncated file under the real name. */
async function writeAtomic(file: string, data: string | Uint8Array): Promise<number> {
  await mkdir(path.dirname(file), { recursive: true });
  const tmp = `${file}.tmp-${process.pid}`;
  await writeFile(tmp, data);
  await rename(tmp, file);
  return typeof data === 'string' ? Buffer.byteLength(data) : data.byteLength;
}

/** What {@link prepareModels} did. */
export interface PrepareSummary {
  readonly skipped: boolean;
  readonly outDir: string;
  readonly nsfwjs: string;
  readonly line: string;
}

/**
 * Write (or confirm) the generated model files.
 * @param opts.outDir - target folder @defaultValue `<repo>/models/generated`
 * @param opts.force - regenerate even when up to date @defaultValue false
 */
export async function prepareModels(opts: { outDir?: string; force?: boolean } = {}): Promise<PrepareSummary> {
  const t0 = performance.now();
  const outDir = opts.outDir ?? path.join(ROOT, 'models/generated');
  const want = { nsfwjs: await nsfwjsVersion(), converter: CONVERTER_VERSION, sources: await sourceHash() };
  if (!opts.force && (await isUpToDate(outDir, want))) {
    const line = `prepare-models: ${MODEL_ID} up to date (nsfwjs@${want.nsfwjs}, converter ${want.converter}/${want.sources}) in ${(performance.now() - t0).toFixed(0)} ms`;
    return { skipped: true, outDir, nsfwjs: want.nsfwjs, line };
  }

  const model = await loadNsfwjsMobileNetV2Mid();
  const files: Record<string, number> = {};
  // TF.js graph model as plain files: shards get a .bin name, the manifest follows.
  const tfjsJson: TfjsGraphModelJson = {
    ...model.modelJson,
    weightsManifest: model.modelJson.weightsManifest.map((g) => ({ ...g, paths: g.paths.map((p) => `${p}.bin`) })),
  };
  for (const [p, bytes] of model.shards) {
    const rel = `${MODEL_ID}/${p}.bin`;
    files[rel] = await writeAtomic(path.join(outDir, rel), bytes);
  }
  files[`${MODEL_ID}/model.json`] = await writeAtomic(path.join(outDir, MODEL_ID, 'model.json'), JSON.stringify(tfjsJson));

  const result = convertTfjsGraphToOnnx(model.modelJson, shardsInOrder(model), {
    outputs: [EMBEDDING_NODE],
    outputNames: [EMBEDDING_OUTPUT],
    inputName: 'input',
    opset: 13,
    inputLayout: 'NHWC',
  });
  files[`${MODEL_ID}.onnx`] = await writeAtomic(path.join(outDir, `${MODEL_ID}.onnx`), result.model);
  const stamp: Stamp = { ...want, files };
  await writeAtomic(path.join(outDir, `${MODEL_ID}.stamp.json`), `${JSON.stringify(stamp, null, 2)}\n`);

  const s = result.stats;
  const mb = (n: number): string => (n / 2 ** 20).toFixed(1);
  const weightBytes = [...model.shards.values()].reduce((t, b) => t + b.byteLength, 0);
  const line =
    `prepare-models: ${MODEL_ID} from nsfwjs@${want.nsfwjs}: ${Object.keys(s.tfOps).length} TF op types, ` +
    `${s.tfNodes} -> ${s.keptNodes} nodes -> ${s.onnxNodes} ONNX nodes, ONNX ${mb(s.bytes)} MiB ` +
    `(converted in ${(s.ms / 1000).toFixed(2)} s), TF.js ${mb(weightBytes)} MiB in ${model.shards.size} shards, ` +
    `total ${((performance.now() - t0) / 1000).toFixed(2)} s`;
  return { skipped: false, outDir, nsfwjs: want.nsfwjs, line };
}

const invokedDirectly = process.argv[1] !== undefined && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href;
if (invokedDirectly) {
  prepareModels({ force: process.argv.includes('--force') }).then(
    (summary) => console.log(summary.line),
    (err: unknown) => {
      console.error('prepare-models failed:', err);
      process.exitCode = 1;
    },
  );
}
