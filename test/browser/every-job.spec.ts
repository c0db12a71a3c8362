/**
 * Every job type of the Vector Curator document through one `curator.run`,
 * as the README's remote example sets it up: a Curator with the Vector
 * Curator conformance server as its remote runner and `where: 'auto'`. The 21
 * the browser can do run here, on real sample images and the real model; the 2
 * that need video/sound decoders go to the server. Each completes, says where
 * it ran, and returns the documented result fields (docs/job-inputs.md).
 */
import { JOB_SUPPORT } from '../../src/contract/input-support.js';
import { JOB_TYPES } from '../../src/contract/job-types.js';
import { startVectorCuratorServer } from '../servers/vector-curator.js';
import { test, expect } from './fixtures.js';

test('all 23 job types run through curator.run: 21 here, 2 remotely, each with its documented results', async ({ harness: page }) => {
  test.setTimeout(300_000);
  const server = await startVectorCuratorServer({ queueMs: 5, runMs: 10 });
  try {
    const [alice] = server.state.users;
    const ran = await page.evaluate(
      async ({ baseUrl, user, password }) => {
        const w = window as any;
        const { VectorCuratorClient } = await import('/src/cloud/index.ts' as string);
        const remote = new VectorCuratorClient({ baseUrl, usernameOrEmail: user, password, poll: { intervalMs: 10, backoff: 1, maxIntervalMs: 10 } });
        const c = await w.curatekit.createCurator({ dbName: `every-job-${Date.now()}`, remote });
        const out: Record<string, { where: string; status: string; keys: string[] }> = {};
        const run = async (type: string, inputs: unknown) => {
          const job = await c.run(type, inputs);
          out[type] = { where: job.where, status: job.status, keys: job.results ? Object.keys(job.results) : [] };
          return job.results;
        };
        const index = await (await fetch('/samples/index.json')).json();
        const entries = [...index.entries.filter((e: any) => e.kind === 'photo').slice(0, 6), ...index.entries.filter((e: any) => e.kind === 'emoji').slice(0, 6)];
        const files = await Promise.all(entries.map(async (e: any) => new File([await (await fetch(`/samples/${e.file}`)).blob()], e.file)));
        try {
          await run('create_archive', { name: 'every', content_type: 'Image', description: 'all jobs' });
          await run('update_parameters', { archive: 'every', description: 'all jobs, once each', nr_similar_allowed: 2 });
          // The last file comes through the local batch folder.
          await c.batchFolder.add([files.at(-1)]);
          const ids = (await run('index', { archive: 'every', files: files.slice(0, -1), download_from_batch_cloud_folder: true })).name_to_indexed_content_id;
          await run('clear_batch_folder', null);
          const idList = Object.values(ids) as number[];
          await run('list_content', null);
          await run('get_archive_ids_and_urls', { archive: 'every' });
          await run('get_vectors', { archive: 'every', archive_content_ids_subset: idList.slice(0, 2) });
          await run('add_urls_to_contents', { archive: 'every', indexed_content_id_to_url: { [idList[0]]: 'https://cdn.example/first.jpg' } });
          await run('search', { archive: 'every', indexed_ids_references: [idList[0]], nr_results: 3, get_mean_distance: true });
          // 200 pairs for calibrate_similarity, as vectors near the archive's own.
          const stored = await c.vectors('every');
          let seed = 9;
          const rand = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31) * 2 - 1;
          const jitter = (row: number) => Float32Array.from(stored.data.subarray(row * stored.dim, (row + 1) * stored.dim), (x: number) => x + 0.01 * rand());
          const pairs = Array.from({ length: 200 }, (_, p) => [{ name: `${p}_a`, vector: jitter(p % stored.ids.length) }, { name: `${p}_b`, vector: jitter(p % stored.ids.length) }]).flat();
          await run('calibrate_similarity', { archive: 'every', vectors: pairs });
          await run('calibrate_relevance', { archive: 'every' });
          await run('inliers_outliers', { archive: 'every' });
          const clusters = (await run('cluster_by_number_of_clusters', { archive: 'every', nr_of_clusters: 2, sort_content_ids_by_distance_to_cluster_center: true })).clustered_content_ids;
          await run('cluster_by_calibrated_similarity', { archive: 'every' });
          await run('data_balance', { clustered_content_ids_sorted_by_decreasing_diversity_with_contents_sorted_by_distance_to_centroid: clusters });
          await run('pca_vector_dim_reduction', { archive: 'every', nr_of_dimensions: 2 });
          await run('extract_similarity_dataset', { archive: 'every', max_nr_of_pairs: 2 });
          await run('send_feedback', { feedback: 'every job ran' });
          await c.training.setLabels('every', Object.fromEntries(entries.map((e: any) => [ids[e.file], [e.kind]]).filter(([id]: any) => id !== undefined)));
          await run('fine_tune_vectorizer', { content_type: 'Image', custom_vectorizer_name: 'every-tuned', archive: 'every' });
          const names = entries.map((e: any) => e.file).filter((n: string) => ids[n] !== undefined);
          await run('fine_tune_translator', { translator_name: 'every-translator', input_archive: 'every', output_archive: 'every', training_mappings: names.map((n: string, k: number) => [n, names[(k + 1) % names.length]]) });
          await run('remove_content', { archive: 'every', archive_content_ids_subset: [idList[0]] });
          await run('sample_data', { source_content_type: 'Video', content_type: 'Image', time_intervals_or_highlights: 'highlights', file_urls: ['https://files.example/clip.mp4'] });
          await run('trim_by_highlights', { source_content_type: 'Video', nr_trims_per_file: 1, max_trim_size: 5, file_urls: ['https://files.example/clip.mp4'] });
          return { out, indexed: Object.keys(ids).length };
        } finally {
          await c.close();
        }
      },
      { baseUrl: server.url, user: alice.username, password: alice.password },
    );
    expect(ran.indexed).toBe(12);
    expect(Object.keys(ran.out).sort()).toEqual([...JOB_TYPES].sort());
    for (const t of JOB_TYPES) {
      const r = ran.out[t];
      expect(r.status, t).toBe('completed');
      expect(r.where, t).toBe(t === 'sample_data' || t === 'trim_by_highlights' ? 'remote' : 'local');
      // Every documented result field is there (local extensions may come beside them).
      for (const field of Object.keys(JOB_SUPPORT[t].results)) expect(r.keys, `${t}.${field}`).toContain(field);
    }
    // Only the two cloud-only jobs reached the server.
    expect(server.count('POST', '/jobs')).toBe(2);
    expect(server.state.schemaViolations).toEqual([]);
  } finally {
    await server.close();
  }
});
