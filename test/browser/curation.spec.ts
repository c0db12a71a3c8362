import { test, expect } from './fixtures.js';

/**
 * The curation jobs through the client, on the bundled sample collection:
 * 60 emoji in 4 categories, 9 photographs, 3 near-duplicate variants and one exact copy.
 */
test('curation jobs and archive views run in the worker with the documented shapes', async ({ harness: page }) => {
  test.setTimeout(300_000);
  const out = await page.evaluate(async () => {
    const { createCurator } = (window as any).curatekit;
    const index = await (await fetch('/samples/index.json')).json();
    const file = async (e: any) => new File([await (await fetch(`/samples/${e.file}`)).blob()], e.file);
    const base = index.entries.filter((e: any) => e.kind === 'emoji' || e.kind === 'photo');
    const dups = index.entries.filter((e: any) => e.kind !== 'emoji' && e.kind !== 'photo');
    const c = await createCurator({ dbName: 'curation' });
    await c.run('create_archive', { name: 'samples', content_type: 'Image' });
    const first = await c.run('index', { archive: 'samples', files: await Promise.all(base.map(file)) });
    const second = await c.run('index', { archive: 'samples', files: await Promise.all(dups.map(file)), check_for_redundancy_against_archived: true, check_for_redundancy_within_batch: true });
    const contents = await c.contents('samples');
    const nameOf = new Map(contents.map((x: any) => [x.id, x.name]));
    const groupOf = new Map(index.entries.map((e: any) => [e.file, e.group]));
    const ids = first.results.name_to_indexed_content_id;

    const k4 = await c.run('cluster_by_number_of_clusters', { archive: 'samples', nr_of_clusters: 5, sort_content_ids_by_distance_to_cluster_center: true, sort_clusters_by_descending_inner_diversity: true });
    const auto = await c.run('cluster_by_number_of_clusters', { archive: 'samples', nr_of_clusters: null });
    const bySim = await c.run('cluster_by_calibrated_similarity', { archive: 'samples' });
    const photoIds = base.filter((e: any) => e.kind === 'photo').map((e: any) => ids[e.file]);
    const io = await c.run('inliers_outliers', { archive: 'samples' });
    const food = base.filter((e: any) => e.group === 'Food & Drink').map((e: any) => ids[e.file]);
    const pushed = await c.run('inliers_outliers', { archive: 'samples', id_to_preference_weight: Object.fromEntries(food.slice(0, 5).map((id: number) => [id, -5])) });
    const balance = await c.run('data_balance', {
      clustered_content_ids_sorted_by_decreasing_diversity_with_contents_sorted_by_distance_to_centroid: k4.results.clustered_content_ids,
      ids_sorted_from_inliers_to_outliers: io.results.content_ids_sorted_by_inliers,
      ids_sorted_by_essential_examples: [photoIds[0]],
      ids_sorted_by_forbidden_examples: [photoIds[1]],
    });
    const pcaJob = await c.run('pca_vector_dim_reduction', { archive: 'samples', nr_of_dimensions: 8 });
    // Distances of each cluster's members to its centre (cosine on the stored unit vectors), in the order returned.
    const all = await c.vectors('samples');
    const rowOf = new Map(Array.from(all.ids as ArrayLike<number>, (id, r) => [id, r] as [number, number]));
    const memberDistances = k4.results.clustered_content_ids.map((members: number[]) => {
      const centre = new Float64Array(all.dim);
      for (const id of members) for (let d = 0; d < all.dim; d++) centre[d] += all.data[rowOf.get(id)! * all.dim + d] / members.length;
      const norm = Math.hypot(...centre);
      return members.map((id) => {
        let dot = 0;
        for (let d = 0; d < all.dim; d++) dot += (all.data[rowOf.get(id)! * all.dim + d] * centre[d]) / norm;
        return 1 - dot;
      });
    });
    await c.run('calibrate_relevance', { archive: 'samples' });
    const statsLength = contents[0].quality?.stats?.length;
    const vecs = await c.vectors('samples');
    const noisy = (row: number, seed: number) => {
      const v = vecs.data.slice(row * vecs.dim, (row + 1) * vecs.dim);
      for (let d = 0; d < v.length; d++) v[d] += 0.02 * Math.sin(seed * 31 + d * 7);
      return v;
    };
    const pairs = Array.from({ length: 200 }, (_, p) => [
      { name: `${p + 1}_a.jpg`, vector: noisy(p % vecs.ids.length, p) },
      { name: `${p + 1}_b.jpg`, vector: noisy(p % vecs.ids.length, p + 1000) },
    ]).flat();
    let tooFew: any = null;
    try { await c.run('calibrate_similarity', { archive: 'samples', vectors: pairs.slice(0, 20) }); } catch (e: any) { tooFew = { name: e.name, field: e.field }; }
    await c.run('calibrate_similarity', { archive: 'samples', vectors: pairs });
    const list = await c.run('list_content', null);
    const groups = await c.duplicates('samples', { threshold: 0.8 });
    const scores = await c.scores('samples');
    const progress: number[] = [];
    const map = await c.map('samples', { onProgress: (f: number) => progress.push(f) });
    const ask = await c.calibrationPairs('samples', { count: 6 });
    const refit = await c.calibrateFromAnswers('samples', ask.map((p: any) => ({ a: p.a, b: p.b, same: groupOf.get(nameOf.get(p.a)) === groupOf.get(nameOf.get(p.b)) && p.similarity > 0.85 })));
    const ac = new AbortController();
    const cancelled = c.run('cluster_by_number_of_clusters', { archive: 'samples', nr_of_clusters: null }, { signal: ac.signal }).then(() => null, (e: any) => e.name);
    ac.abort();
    const feedbackOk = await c.run('send_feedback', { feedback: 'works offline' });
    const feedback = await c.listFeedback();
    const cancelledName = await cancelled;
    // Last, as it adds a content: check_for_relevance with the calibrated model (its pixel region included): noise is irrelevant, a known emoji is not.
    const cv = new OffscreenCanvas(128, 128);
    const img = cv.getContext('2d')!.createImageData(128, 128);
    let seed = 7;
    for (let i = 0; i < img.data.length; i++) img.data[i] = i % 4 === 3 ? 255 : (seed = (seed * 1103515245 + 12345) % 2147483648) >> 23;
    cv.getContext('2d')!.putImageData(img, 0, 0);
    const emojiAgain = base.find((e: any) => e.kind === 'emoji');
    // Redrawn at another size: other bytes (not an exact duplicate), the same emoji.
    const redraw = async (b: Blob) => {
      const bmp = await createImageBitmap(b);
      const o = new OffscreenCanvas(72, 72);
      o.getContext('2d')!.drawImage(bmp, 0, 0, 72, 72);
      return o.convertToBlob({ type: 'image/png' });
    };
    const relevance = await c.run('index', { archive: 'samples', check_for_relevance: true, files: [
      new File([await cv.convertToBlob({ type: 'image/png' })], 'noise.png'),
      new File([await redraw(await (await fetch(`/samples/${emojiAgain.file}`)).blob())], 'emoji-again.png'),
    ] });
    await c.close();
    return {
      memberDistances, food, n: contents.length, second: second.results, k4: k4.results, auto: auto.results, bySim: bySim.results, io: io.results, pushed: pushed.results, photoIds,
      balance: balance.results, pcaDims: Object.values(pcaJob.results.identifier_to_pca_vector).map((v: any) => v.length), pcaCount: Object.keys(pcaJob.results.identifier_to_pca_vector).length,
      tooFew, calibrated: list.results.archive_to_content_type_states_nr_of_contents.samples, groups, groupNames: groups.map((g: any) => g.ids.map((id: number) => nameOf.get(id))),
      scores, map: { n: map.ids.length, method: map.method, spread: Math.max(...map.x) - Math.min(...map.x), finite: [...map.x, ...map.y].every(Number.isFinite) }, progressEnd: progress.at(-1),
      ask, refit, cancelledName, feedback: feedback.map((f: any) => f.feedback), feedbackOk: feedbackOk.status,
      relevance: relevance.results, statsLength,
    };
  });
  console.log(JSON.stringify({ second: out.second, auto: out.auto.clustered_content_ids.length, bySim: out.bySim.clustered_content_ids.length, groups: out.groupNames, refit: out.refit, map: out.map }, null, 1));
  // 69 originals, then 4 variants: each is stored, an exact copy, or redundant — exactly one of these.
  const second = out.second;
  expect(Object.keys(second.name_to_indexed_content_id).length + second.exact_duplicate_file_names.length + second.redundant_content_names.length).toBe(4);
  expect(out.n).toBe(69 + Object.keys(second.name_to_indexed_content_id).length);
  // Redundancy: the exact copy by bytes, the variants by the cascade.
  expect(out.second.exact_duplicate_file_names).toEqual(['photo-march-pastoral-copy.jpg']);
  expect(out.second.redundant_content_names.length).toBeGreaterThanOrEqual(2);
  for (const name of out.second.redundant_content_names) expect(out.second.redundancy_evidence[name].stage).toMatch(/pixels|phash|embedding/);
  // Clustering shapes.
  expect(out.k4.clustered_content_ids).toHaveLength(5);
  expect(out.k4.clustered_content_ids.flat().sort((a: number, b: number) => a - b)).toHaveLength(out.n);
  expect(out.k4.average_distance_between_cluster_elements_and_cluster_center).toBeGreaterThan(0);
  // Sorted as asked: clusters by descending inner diversity, members by distance to their centre.
  const diversity = out.k4.inner_diversity!;
  expect(diversity).toHaveLength(5);
  for (let i = 1; i < diversity.length; i++) expect(diversity[i]).toBeLessThanOrEqual(diversity[i - 1]);
  for (const d of out.memberDistances) for (let i = 1; i < d.length; i++) expect(d[i]).toBeGreaterThanOrEqual(d[i - 1] - 1e-4);
  expect(out.auto.clustered_content_ids.length).toBeGreaterThanOrEqual(2);
  expect(out.bySim.clustered_content_ids.flat()).toHaveLength(out.n);
  // Outliers: all ids, reversed orders, photos pulled towards inliers by positive weights.
  expect(out.io.content_ids_sorted_by_outliers).toEqual([...out.io.content_ids_sorted_by_inliers].reverse());
  expect(out.io.mean_distance).toBeGreaterThan(0);
  // "Less like these" on five food emoji pushes the other food emoji towards the outliers.
  const rest = out.food.slice(5);
  const meanRank = (order: number[]) => rest.reduce((s: number, id: number) => s + order.indexOf(id), 0) / rest.length;
  expect(meanRank(out.pushed.content_ids_sorted_by_inliers)).toBeGreaterThan(meanRank(out.io.content_ids_sorted_by_inliers));
  // Balance invariants.
  expect(out.balance.prioritized_over_represented_ids_to_remove).not.toContain(out.photoIds[0]);
  expect(out.balance.prioritized_over_represented_ids_to_remove[0]).toBe(out.photoIds[1]);
  expect(out.balance.prioritized_under_represented_ids_to_source).not.toContain(out.photoIds[1]);
  // PCA, calibration, feedback.
  expect(out.pcaCount).toBe(out.n);
  expect(new Set(out.pcaDims)).toEqual(new Set([8]));
  expect(out.tooFew).toMatchObject({ name: 'ValidationError' });
  expect(out.calibrated).toMatchObject({ calibrated_for_similarity: true, calibrated_for_relevance: true });
  // Relevance: 19 pixel statistics per image content (colour + layout); the index check drops noise, keeps a known emoji.
  expect(out.statsLength).toBe(19);
  expect(out.relevance.irrelevant_content_names).toEqual(['noise.png']);
  expect(Object.keys(out.relevance.name_to_indexed_content_id)).toEqual(['emoji-again.png']);
  expect(out.feedback).toContain('works offline');
  expect(out.feedbackOk).toBe('completed');
  // Views for the UI.
  expect(out.groups.length).toBeGreaterThanOrEqual(1);
  for (const g of out.groups) {
    expect(g.ids).toContain(g.keep);
    expect(g.pairs.length).toBeGreaterThanOrEqual(g.ids.length - 1);
  }
  expect(out.scores.ids).toHaveLength(out.n);
  for (const key of ['uniqueness', 'representativeness', 'outlier']) {
    expect(Math.min(...out.scores[key])).toBeGreaterThanOrEqual(0);
    expect(Math.max(...out.scores[key])).toBeLessThanOrEqual(1);
  }
  expect(out.map).toMatchObject({ n: out.n, method: 'umap', finite: true });
  expect(out.map.spread).toBeGreaterThan(0);
  expect(out.progressEnd).toBe(1);
  expect(out.ask.length).toBeGreaterThan(0);
  expect(out.refit.threshold).toBeGreaterThan(0);
  expect(out.cancelledName).toBe('CancelledError');
});
