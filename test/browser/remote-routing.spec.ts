/**
 * The README's remote example, as a user runs it: one Curator with a Vector
 * Curator connector as its remote runner, in real Chromium, against the
 * conformance server. Local jobs never reach the server; cloud-only jobs do,
 * and the job record says where each ran.
 */
import { startVectorCuratorServer } from '../servers/vector-curator.js';
import { test, expect, PHOTOS } from './fixtures.js';

test("createCurator({ remote }): local jobs stay local, cloud-only jobs run remotely, where: 'remote' reaches the account", async ({ harness: page }) => {
  const server = await startVectorCuratorServer({ queueMs: 5, runMs: 10 });
  try {
    const [alice] = server.state.users;
    const base = 'https://files.example/set';
    server.state.downloads.set('labels', { name: 'example_to_labels.json', body: JSON.stringify({ 'a.jpg': ['sky'], 'b.jpg': ['sea'] }) });
    const labelsUrl = `${server.url}/downloads/labels/example_to_labels.json`;
    const out = await page.evaluate(
      async ({ baseUrl, user, password, photos, base, labelsUrl }) => {
        const w = window as any;
        const { VectorCuratorClient } = await import('/src/cloud/index.ts' as string);
        const remote = new VectorCuratorClient({ baseUrl, usernameOrEmail: user, password, poll: { intervalMs: 10, backoff: 1, maxIntervalMs: 10 } });
        const curator = await w.curatekit.createCurator({ dbName: `remote-${Date.now()}`, remote });
        const starts: string[] = [];
        const startIds: string[] = [];
        const endIds: string[] = [];
        curator.addEventListener('curate-job-start', (e: CustomEvent) => (starts.push(`${e.detail.job_type}:${e.detail.where}`), startIds.push(e.detail.id)));
        curator.addEventListener('curate-job-end', (e: CustomEvent) => endIds.push(e.detail.id));
        const files = await Promise.all(photos.map(async (u: string, i: number) => new File([await (await fetch(u)).blob()], `p${i}.jpg`)));
        const errorOf = async (p: Promise<unknown>) => p.then(() => null, (e: any) => ({ name: e.name, field: e.field, message: e.message }));
        try {
          const created = await curator.run('create_archive', { name: 'photos', content_type: 'Image' });
          const indexed = await curator.run('index', { archive: 'photos', files });
          const tuned = await curator.run('fine_tune_vectorizer', { content_type: 'Image', custom_vectorizer_name: 'my-photos', file_urls: [`${base}/a.jpg`, `${base}/b.jpg`, labelsUrl] });
          await curator.run('create_archive', { name: 'cloud-photos', content_type: 'Image' }, { where: 'remote' });
          await curator.run('index', { archive: 'cloud-photos', custom_vectorizer_name: 'my-photos', file_urls: [`${base}/c.jpg`, `${base}/d.jpg`] }, { where: 'remote' });
          const remoteList = await curator.run('list_content', null, { where: 'remote' });
          const localList = await curator.run('list_content', null);
          // The batch folder under auto: the cloud's while the local one is empty, then the local one.
          const clearedRemote = await curator.run('clear_batch_folder', null);
          await curator.batchFolder.add([files[0]]);
          const fromFolder = await curator.run('index', { archive: 'photos', download_from_batch_cloud_folder: true });
          const clearedLocal = await curator.run('clear_batch_folder', null);
          const forcedLocal = await errorOf(curator.run('fine_tune_vectorizer', { content_type: 'Image', custom_vectorizer_name: 'x', file_urls: [labelsUrl] }, { where: 'local' }));
          const badWhere = await errorOf(curator.run('list_content', null, { where: 'cloud' }));
          const alone = await w.curatekit.createCurator({ dbName: `alone-${Date.now()}` });
          const noRemote = await errorOf(alone.run('sample_data', { source_content_type: 'Video', content_type: 'Image', time_intervals_or_highlights: 'highlights', file_urls: [`${base}/v.mp4`] }));
          const noRemoteWhere = await errorOf(alone.run('list_content', null, { where: 'remote' }));
          await alone.close();
          return {
            wheres: [created.where, indexed.where, tuned.where, remoteList.where, localList.where],
            batchWheres: [clearedRemote.where, fromFolder.where, clearedLocal.where],
            fromFolder: fromFolder.results.exact_duplicate_file_names,
            tunedIds: { id: tuned.id, remote: tuned.remote_id },
            startIds,
            endIds,
            indexedLocally: Object.keys(indexed.results.name_to_indexed_content_id).length,
            remoteArchives: Object.keys(remoteList.results.archive_to_content_type_states_nr_of_contents),
            remoteCount: remoteList.results.archive_to_content_type_states_nr_of_contents['cloud-photos']?.nr_of_contents,
            localArchives: Object.keys(localList.results.archive_to_content_type_states_nr_of_contents),
            starts,
            forcedLocal,
            badWhere,
            noRemote,
            noRemoteWhere,
          };
        } finally {
          await curator.close();
        }
      },
      { baseUrl: server.url, user: alice.username, password: alice.password, photos: PHOTOS.slice(0, 3), base, labelsUrl },
    );
    expect(out.wheres).toEqual(['local', 'local', 'remote', 'remote', 'local']);
    expect(out.indexedLocally).toBe(3);
    expect(out.batchWheres).toEqual(['remote', 'local', 'local']);
    expect(out.fromFolder).toEqual(['p0.jpg']); // the folder's copy of p0, already in the archive
    // One id from curate-job-start to curate-job-end, remote jobs too; the service's id beside it.
    expect(out.endIds).toEqual(out.startIds);
    expect(out.tunedIds.remote).toMatch(/^[0-9a-f-]{36}$/);
    expect(out.tunedIds.id).not.toBe(out.tunedIds.remote);
    expect(out.startIds).toContain(out.tunedIds.id);
    expect(out.localArchives).toEqual(['photos']);
    expect(out.remoteArchives).toEqual(['cloud-photos']);
    expect(out.remoteCount).toBe(2);
    expect(out.starts).toContain('fine_tune_vectorizer:remote');
    expect(out.starts).toContain('index:local');
    // The server saw the five remote jobs and nothing else.
    expect(server.count('POST', '/jobs')).toBe(5);
    expect(server.state.accounts.get(alice.username)!.vectorizers.get('my-photos')?.labels).toEqual(['sea', 'sky']);
    // Run here on request: the labels name files that were not sent with them, and the local engine says so.
    expect(out.forcedLocal).toMatchObject({ name: 'ValidationError', field: 'example_to_labels.json["a.jpg"]' });
    expect(out.badWhere).toMatchObject({ name: 'ValidationError', field: 'options.where' });
    expect(out.noRemote).toMatchObject({ name: 'ValidationError', field: 'job_type' });
    expect(out.noRemote!.message).toContain('createCurator({ remote');
    expect(out.noRemoteWhere).toMatchObject({ name: 'ValidationError', field: 'options.where' });
  } finally {
    await server.close();
  }
});
