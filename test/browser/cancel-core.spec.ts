import { test, expect } from './fixtures.js';

// A job cancelled while the worker is inside one long core call (the all-pairs
// near-duplicate pass) stops there — the call yields, sees the abort and
// rejects — instead of finishing the pass first; the worker stays usable.
test('cancelling a job inside nearDuplicates stops mid-call, and the worker stays usable', async ({ harness: page }) => {
  test.setTimeout(120_000);
  const out = await page.evaluate(async () => {
    const { createCurator } = (window as any).curatekit;
    const c = await createCurator({ dbName: 'cancel-core' });
    await c.run('create_archive', { name: 'big', content_type: 'Image' });
    const n = 5000, dim = 1792;
    let seed = 7;
    const rnd = () => ((seed = (seed * 1103515245 + 12345) >>> 0) / 2 ** 32) - 0.5;
    for (let b = 0; b < n; b += 1000) {
      const vectors = Array.from({ length: 1000 }, (_, k) => ({ name: `v${b + k}`, vector: Float32Array.from({ length: dim }, rnd) }));
      await c.run('index', { archive: 'big', vectors, check_for_redundancy_within_batch: false, check_for_redundancy_against_archived: false });
    }
    const ac = new AbortController();
    const seen: number[] = [];
    let error: any = null;
    try {
      await c.run('extract_similarity_dataset', { archive: 'big', max_nr_of_pairs: 5 }, {
        signal: ac.signal,
        // 0.1..0.9 of this job's progress is the nearDuplicates pass itself.
        onProgress: (p: any) => {
          seen.push(p.progress);
          if (p.progress > 0.15) ac.abort();
        },
      });
    } catch (e: any) {
      error = { name: e.name, code: e.code };
    }
    const jobs = await c.listJobs();
    const vecs = await c.vectors('big');
    const again = await c.run('search', { archive: 'big', vectors: [{ name: 'q', vector: vecs.data.slice(0, dim) }], nr_results: 3 });
    await c.close();
    return {
      error, seen, nv: vecs.ids.length,
      status: jobs.find((j: any) => j.job_type === 'extract_similarity_dataset')?.status,
      again: again.results.sorted_indexed_ids_with_distances,
      firstId: vecs.ids[0],
    };
  });
  expect(out.nv).toBe(5000);
  expect(out.error).toEqual({ name: 'CancelledError', code: 'cancelled' });
  expect(out.status).toBe('cancelled');
  // Cancelled inside the pass: progress got past its start and never reached its end.
  expect(Math.max(...out.seen)).toBeGreaterThan(0.15);
  expect(Math.max(...out.seen)).toBeLessThan(0.9);
  for (let i = 1; i < out.seen.length; i++) expect(out.seen[i]).toBeGreaterThanOrEqual(out.seen[i - 1]);
  expect(out.again).toHaveLength(3);
  expect(out.again[0][0]).toBe(out.firstId);
});
