import { test, expect } from './fixtures.js';

/**
 * The search inputs beyond a plain query, through the client: preference
 * weights (positive pulls, negative pushes), a subset, common assets removed,
 * exact matches by byte hash first, and their errors.
 */
test('search: preference weights, subset, common assets, hash matching, errors', async ({ harness: page }) => {
  test.setTimeout(180_000);
  const out = await page.evaluate(async () => {
    const { createCurator } = (window as any).curatekit;
    const c = await createCurator({ dbName: 'search-extras' });
    const D = 1792;
    let seed = 7;
    const rand = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31) * 2 - 1;
    const unit = (v: Float32Array) => {
      let s = 0;
      for (const x of v) s += x * x;
      return v.map((x) => x / Math.sqrt(s));
    };
    const randv = () => unit(Float32Array.from({ length: D }, rand));
    const mix = (...parts: [Float32Array, number][]) => unit(Float32Array.from({ length: D }, (_, d) => parts.reduce((s, [v, w]) => s + w * v[d], 0)));
    // Two themes, 20 items each; every item carries the same logo.
    const logo = randv(), themeA = randv(), themeB = randv();
    const own = Array.from({ length: 40 }, randv);
    const items = own.map((o, i) => ({ name: `${i < 20 ? 'a' : 'b'}${i}`, vector: mix([o, 1], [i < 20 ? themeA : themeB, 0.8], [logo, 2.5]) }));
    await c.run('create_archive', { name: 'items', content_type: 'Image' });
    const ids = (await c.run('index', { archive: 'items', vectors: items })).results.name_to_indexed_content_id;
    await c.run('create_archive', { name: 'logos', content_type: 'Image' });
    await c.run('index', { archive: 'logos', vectors: [{ name: 'logo', vector: logo }] });
    const top = async (inputs: object) => (await c.run('search', { archive: 'items', ...inputs })).results;
    const nameOf = new Map(Object.entries(ids).map(([n, id]) => [id, n]));
    const names = (r: any) => r.sorted_indexed_ids_with_distances.map(([id]: number[]) => nameOf.get(id));
    // Weights: item a0 pulls, item b20 pushes (ids as keys, as the API's dict of str or int).
    const pull = await top({ indexed_ids_references: [ids.a0], nr_results: 10 });
    const pushPull = await top({ indexed_ids_references: [ids.a0, ids.b20], name_or_id_to_preference_weight: { [ids.a0]: 1, [ids.b20]: -1 }, nr_results: 10 });
    const both = await top({ indexed_ids_references: [ids.a0, ids.b20], nr_results: 10 });
    const subset = await top({ indexed_ids_references: [ids.a0], archive_content_ids_subset: [ids.b21, ids.b22, ids.a5], nr_results: 5 });
    // Common assets: a query of item 7's own content plus the logo.
    const query = [{ name: 'q', vector: mix([own[7], 1], [themeA, 0.8], [logo, 2.5], [randv(), 0.5]) }];
    const plain = await top({ vectors: query, nr_results: 3, get_mean_distance: true });
    const noLogo = await top({ vectors: query, nr_results: 3, get_mean_distance: true, common_assets_archive_name: 'logos' });
    const attempt = async (inputs: object) => {
      try { await top(inputs); return null; } catch (e: any) { return { name: e.name, field: e.field, rule: e.rule }; }
    };
    await c.run('create_archive', { name: 'empty', content_type: 'Image' });
    const errors = {
      unknownAssets: await attempt({ vectors: query, common_assets_archive_name: 'nope' }),
      emptyAssets: await attempt({ vectors: query, common_assets_archive_name: 'empty' }),
      onlyLogo: await attempt({ vectors: [{ name: 'q', vector: logo }], common_assets_archive_name: 'logos' }),
      allNegative: await attempt({ indexed_ids_references: [ids.a0], name_or_id_to_preference_weight: { [ids.a0]: -1 } }),
      badWeight: await attempt({ indexed_ids_references: [ids.a0], name_or_id_to_preference_weight: { [ids.a0]: 'x' } }),
      strayWeight: await attempt({ indexed_ids_references: [ids.a0], name_or_id_to_preference_weight: { [ids.a0]: 1, 'no-such-query.jpg': 2 } }),
    };
    // Hash matching on real files: the byte-identical photo first, at distance exactly 0.
    const index = await (await fetch('/samples/index.json')).json();
    const photos = await Promise.all(index.entries.filter((e: any) => e.kind === 'photo').slice(0, 4).map(async (e: any) => new File([await (await fetch(`/samples/${e.file}`)).blob()], e.file)));
    await c.run('create_archive', { name: 'photos', content_type: 'Image' });
    const pids = (await c.run('index', { archive: 'photos', files: photos })).results.name_to_indexed_content_id;
    const again = new File([photos[2]], 'again.jpg');
    const byHash = (await c.run('search', { archive: 'photos', files: [again], nr_results: 2, speed_up_with_hash_matching: true })).results.sorted_indexed_ids_with_distances;
    const byVector = (await c.run('search', { archive: 'photos', files: [again], nr_results: 2 })).results.sorted_indexed_ids_with_distances;
    // A copy of an example to move away from is no match: only the wanted example's copy comes first.
    const wanted = new File([photos[0]], 'wanted.jpg');
    const mixed = (await c.run('search', { archive: 'photos', files: [again, wanted], name_or_id_to_preference_weight: { 'again.jpg': -1, 'wanted.jpg': 1 }, nr_results: 4, speed_up_with_hash_matching: true })).results.sorted_indexed_ids_with_distances;
    await c.close();
    return { pull: names(pull), pushPull: names(pushPull), both: names(both), subset: names(subset), plain, noLogo, noLogoNames: names(noLogo), plainNames: names(plain), errors, byHash, byVector, mixed, photoId: pids[photos[2].name], wantedId: pids[photos[0].name] };
  });
  const isA = (n: string) => n.startsWith('a');
  // A pull alone finds its theme; a push away from b moves b's theme out of the top.
  expect(out.pull.filter(isA).length).toBeGreaterThanOrEqual(9);
  expect(out.pushPull.every(isA)).toBe(true);
  // Unweighted, the same two examples pull both themes in.
  expect(out.both.filter(isA).length).toBeGreaterThanOrEqual(3);
  expect(out.both.filter((n: string) => !isA(n)).length).toBeGreaterThanOrEqual(3);
  expect(new Set(out.subset)).toEqual(new Set(['b21', 'b22', 'a5']));
  expect(out.subset[0]).toBe('a5');
  // Common assets: the right item first with a far clearer lead once the logo's direction is gone.
  expect(out.noLogoNames[0]).toBe('a7');
  const lead = (r: any) => r.sorted_indexed_ids_with_distances[1][1] - r.sorted_indexed_ids_with_distances[0][1];
  expect(lead(out.noLogo)).toBeGreaterThan(2 * lead(out.plain));
  expect(out.noLogo.mean_distance).toBeGreaterThan(out.plain.mean_distance);
  expect(out.errors.unknownAssets).toMatchObject({ name: 'NotFoundError' });
  expect(out.errors.emptyAssets).toMatchObject({ name: 'ValidationError', field: 'inputs.common_assets_archive_name' });
  expect(out.errors.onlyLogo).toMatchObject({ name: 'ValidationError', field: 'query', rule: 'not made only of common assets' });
  expect(out.errors.allNegative).toMatchObject({ field: 'inputs.name_or_id_to_preference_weight' });
  expect(out.errors.badWeight!.field).toMatch(/^inputs\.name_or_id_to_preference_weight\./);
  // Hash matching: the same bytes are a certain match at distance 0; the vector path gets float16 error at most.
  expect(out.byHash[0]).toEqual([out.photoId, 0]);
  expect(out.byVector[0][0]).toBe(out.photoId);
  expect(out.byVector[0][1]).toBeLessThan(1e-3);
  expect(out.mixed[0]).toEqual([out.wantedId, 0]);
  expect(out.mixed.filter(([, d]: [number, number]) => d === 0)).toHaveLength(1);
  expect(out.mixed.at(-1)[0]).toBe(out.photoId);
  // A weight that names no query is refused by name, not dropped.
  expect(out.errors.strayWeight).toMatchObject({ name: 'ValidationError', field: 'inputs.name_or_id_to_preference_weight.no-such-query.jpg' });
});
