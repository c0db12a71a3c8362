/**
 * npm run bench:finetune — fine_tune_vectorizer and fine_tune_translator run
 * locally, in real Chromium, on real images: emoji of emoji-datasource-google
 * by category (64 px, every other emoji so skin-tone variants do not pair up),
 * embedded by the default model in the worker.
 *
 * Fine-tuned vectorizer: trained on the labels of 6 categories (80 % of each);
 * k-NN (k = 5, cosine) accuracy measured side by side in the base space and in
 * the fine-tuned one, on the 20 % of the seen categories held out (queries vs
 * the trained 80 %) and on 2 categories it never saw (leave-one-out among
 * them) — the test that it did not just memorise its labels.
 * Translator: black silhouettes → the colour emoji, 85 % of the pairs to fit,
 * 15 % held out; R@1 of mapped held-out silhouettes among the held-out emoji,
 * vs the identity map (plain search).
 */
import { emojiByCategory } from './core/emoji-set.js';
import { printTable, type BenchRow } from './core/row.js';
import { withBenchPage } from './browser.js';

const PER = Number(process.argv.find((a) => /^\d+$/.test(a)) ?? 60);
const items = emojiByCategory(PER);
const cats = [...new Set(items.map((it) => it.label))];
// Unseen: two categories the vectorizer never gets labels of.
const UNSEEN = ['Objects', 'Symbols'].filter((c) => cats.includes(c));

const out = await withBenchPage(async (page) => {
  page.setDefaultTimeout(0);
  return page.evaluate(async ({ items, unseen }) => {
    const w = window as any;
    const c = await w.curatekit.createCurator({ dbName: `bench-finetune-${items.length}` });
    const listed = (await c.run('list_content', null)).results.archive_to_content_type_states_nr_of_contents;
    const blobOf = async (f: string) => (await fetch(`/node_modules/emoji-datasource-google/img/google/64/${f}`)).blob();
    if (listed.e?.nr_of_contents !== items.length) {
      for (const a of Object.keys(listed)) await c.run('remove_content', { archive: a, delete_archive: true });
      await c.run('create_archive', { name: 'e', content_type: 'Image' });
      const files = await Promise.all(items.map(async (it) => new File([await blobOf(it.file)], it.file)));
      await c.run('index', { archive: 'e', files, check_for_redundancy_within_batch: false, check_for_redundancy_against_archived: false });
    }
    const contents = await c.contents('e');
    const labelOf = new Map(items.map((it) => [it.file, it.label]));
    const truth = new Map<number, string>(contents.map((x: any) => [x.id, labelOf.get(x.name)!]));
    const ids: number[] = contents.map((x: any) => x.id);
    const seen = new Map<string, number>();
    const test = new Set<number>();
    for (const id of ids) {
      const l = truth.get(id)!;
      const k = seen.get(l) ?? 0;
      seen.set(l, k + 1);
      if (k % 5 === 4) test.add(id);
    }
    const isUnseen = (id: number) => unseen.includes(truth.get(id)!);
    const trainIds = ids.filter((id) => !test.has(id) && !isUnseen(id));
    const testIds = ids.filter((id) => test.has(id) && !isUnseen(id));
    const unseenIds = ids.filter(isUnseen);
    await c.training.setLabels('e', Object.fromEntries(ids.map((id) => [id, trainIds.includes(id) ? [truth.get(id)!] : []])));
    const t0 = performance.now();
    await c.run('fine_tune_vectorizer', { content_type: 'Image', custom_vectorizer_name: 'bench-tuned', archive: 'e' });
    const fineTuneMs = performance.now() - t0;
    const report = (await c.training.models()).find((m: any) => m.name === 'bench-tuned').report;
    const rowsOf = async (vz: string | undefined) => {
      const v = await c.vectors('e', ids, vz);
      const m = new Map<number, Float32Array>();
      Array.from(v.ids as Int32Array).forEach((id, r) => m.set(id, (v.data as Float32Array).slice(r * v.dim, (r + 1) * v.dim)));
      return m;
    };
    const knn = (rows: Map<number, Float32Array>, queries: number[], pool: number[]) => {
      let right = 0;
      for (const q of queries) {
        const qv = rows.get(q)!;
        const sims = pool.filter((id) => id !== q).map((id) => {
          const v = rows.get(id)!;
          let s = 0;
          for (let j = 0; j < v.length; j++) s += qv[j] * v[j];
          return [s, id] as const;
        }).sort((a, b) => b[0] - a[0]).slice(0, 5);
        const votes = new Map<string, number>();
        for (const [, id] of sims) votes.set(truth.get(id)!, (votes.get(truth.get(id)!) ?? 0) + 1);
        const best = Math.max(...votes.values());
        const pick = sims.find(([, id]) => votes.get(truth.get(id)!) === best)!;
        if (truth.get(pick[1]) === truth.get(q)) right++;
      }
      return right / queries.length;
    };
    const base = await rowsOf(undefined);
    const tuned = await rowsOf('bench-tuned');
    const knnRes = {
      seenBase: knn(base, testIds, trainIds), seenTuned: knn(tuned, testIds, trainIds),
      unseenBase: knn(base, unseenIds, unseenIds), unseenTuned: knn(tuned, unseenIds, unseenIds),
    };
    // Translator: silhouettes → colour emoji (not the flags: their silhouettes are one rectangle).
    const { silhouette } = await import('/test/shared/silhouette.ts' as string);
    const pairable = contents.filter((x: any) => truth.get(x.id) !== 'Flags');
    if (!listed.shapes) {
      await c.run('create_archive', { name: 'shapes', content_type: 'Image' });
      const shapes = await Promise.all(pairable.map(async (x: any) => new File([await silhouette(await blobOf(x.name))], `shape-${x.name}`)));
      await c.run('index', { archive: 'shapes', files: shapes, check_for_redundancy_within_batch: false, check_for_redundancy_against_archived: false });
    }
    const shapeNames = new Set((await c.contents('shapes')).map((x: any) => x.name));
    const pairs = pairable.filter((x: any) => shapeNames.has(`shape-${x.name}`)).map((x: any) => [`shape-${x.name}`, x.name]);
    // Held out: every 7th pair (≈ 15 %), given as validation_mappings so the bench knows which.
    const val = pairs.filter((_: any, k: number) => k % 7 === 3);
    const fit = pairs.filter((_: any, k: number) => k % 7 !== 3);
    const t1 = performance.now();
    await c.run('fine_tune_translator', { translator_name: 'bench-shapes', input_archive: 'shapes', output_archive: 'e', training_mappings: fit, validation_mappings: val });
    const translatorMs = performance.now() - t1;
    const tr = (await c.training.models()).find((m: any) => m.name === 'bench-shapes').report;
    await c.close();
    return { n: ids.length, train: trainIds.length, test: testIds.length, unseen: unseenIds.length, fineTuneMs, report, knn: knnRes, pairs: pairs.length, tr, translatorMs };
  }, { items, unseen: UNSEEN });
});

const pct = (x: number) => `${(x * 100).toFixed(1)} %`;
const rows: BenchRow[] = [
  { task: `k-NN accuracy, seen categories (${out.test} held-out queries)`, ours: pct(out.knn.seenTuned), peer: `base space ${pct(out.knn.seenBase)}`, ratio: out.knn.seenTuned / out.knn.seenBase, target: '> 1× base', met: out.knn.seenTuned > out.knn.seenBase, note: `fine-tuned on ${out.train} labelled, ${out.report.epochs} epochs, ${(out.fineTuneMs / 1000).toFixed(1)} s, ${out.report.backend}` },
  { task: `k-NN accuracy, unseen categories (${out.unseen}, ${UNSEEN.join(' + ')})`, ours: pct(out.knn.unseenTuned), peer: `base space ${pct(out.knn.unseenBase)}`, ratio: out.knn.unseenTuned / out.knn.unseenBase, target: '≥ 0.95× base (no collapse)', met: out.knn.unseenTuned >= 0.95 * out.knn.unseenBase },
  { task: `translator R@1, silhouette → emoji (${out.tr.validationPairs} held-out of ${out.pairs})`, ours: pct(out.tr.recallAt1), peer: `identity ${pct(out.tr.identityRecallAt1 ?? 0)}`, ratio: out.tr.recallAt1 / Math.max(1e-9, out.tr.identityRecallAt1 ?? 0), target: '≥ 1× identity', met: out.tr.recallAt1 >= (out.tr.identityRecallAt1 ?? 0), note: `kept: ${out.tr.kind}; candidates ${JSON.stringify(out.tr.candidates)}; ${(out.translatorMs / 1000).toFixed(1)} s` },
];
printTable(`Fine-tuning in the browser (real Chromium, ${out.n} emoji in ${cats.length} categories)`, rows);
