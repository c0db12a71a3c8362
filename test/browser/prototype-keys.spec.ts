/**
 * Every Object.prototype name ("__proto__", "constructor", "toString", …) used
 * as a file name, an archive name or a search preference key is an ordinary
 * string: stored, listed and reported under its own name. (Job types: see
 * input.spec.ts.)
 */
import { readdirSync } from 'node:fs';
import { SAMPLES, test, expect } from './fixtures.js';

const PNGS = readdirSync('demo/public/samples').filter((n) => n.endsWith('.png')).sort().slice(0, 14).map((n) => SAMPLES + n);

test('files and archives named like Object.prototype members are stored and reported under their names', async ({ harness: page }) => {
  const out = await page.evaluate(async (urls) => {
    const { createCurator } = (window as any).curatekit;
    const names = Object.getOwnPropertyNames(Object.prototype);
    const c = await createCurator({ dbName: 'prototype-keys' });
    // One real image per name; a text file named "valueOf" (a second time: " (2)") and one named "hasOwnProperty" fail.
    const files = await Promise.all(names.map(async (n, i) => new File([await (await fetch(urls[i])).blob()], n, { type: 'image/png' })));
    files.push(new File(['not an image'], 'valueOf'));
    await c.run('create_archive', { name: 'protos', content_type: 'Image' });
    const r = (await c.run('index', { archive: 'protos', files })).results;
    const indexed = r.name_to_indexed_content_id;
    const contents = await c.contents('protos');
    // Query files named "toString" (weighted) and "hasOwnProperty" (no weight given: 1, not Object.prototype.hasOwnProperty).
    const search = (await c.run('search', { archive: 'protos', files: [files[names.indexOf('toString')], files[names.indexOf('hasOwnProperty')]], nr_results: 2, name_or_id_to_preference_weight: { toString: 1 } })).results;
    for (const n of names) await c.run('create_archive', { name: n, content_type: 'Image' });
    const listed = (await c.run('list_content', null)).results.archive_to_content_type_states_nr_of_contents;
    await c.close();
    return {
      names,
      ownIndexed: names.filter((n) => Object.hasOwn(indexed, n) && typeof indexed[n] === 'number'),
      ids: names.map((n) => indexed[n]),
      storedNames: contents.map((x: any) => x.name).sort(),
      storedIds: contents.map((x: any) => x.id).sort((a: number, b: number) => a - b),
      failed: r.failed_vectorization_names,
      reason: Object.hasOwn(r.failure_reasons, 'valueOf (2)') ? r.failure_reasons['valueOf (2)'] : null,
      top: search.sorted_indexed_ids_with_distances,
      queryIds: [indexed.toString, indexed.hasOwnProperty],
      listedOwn: names.filter((n) => Object.hasOwn(listed, n) && listed[n].nr_of_contents === 0),
      protosCount: listed.protos.nr_of_contents,
    };
  }, PNGS);
  expect(out.names).toContain('__proto__');
  expect(out.ownIndexed).toEqual(out.names);
  expect(out.storedNames).toEqual([...out.names].sort());
  expect([...out.ids].sort((a, b) => a - b)).toEqual(out.storedIds);
  expect(out.failed).toEqual(['valueOf (2)']);
  expect(out.reason).toMatch(/not a supported image/);
  // Both queries weigh 1: the two nearest are the two query images themselves, at finite distances.
  expect(out.top.map((t: number[]) => t[0]).sort()).toEqual([...out.queryIds].sort());
  for (const t of out.top) expect(Number.isFinite(t[1])).toBe(true);
  expect(out.listedOwn).toEqual(out.names);
  expect(out.protosCount).toBe(out.names.length);
});
