/**
 * Exactly-once ingest: two tabs, or two jobs in one tab, indexing the same
 * files into one archive store each distinct file once; the job that lost the
 * race reports the file as an exact duplicate. Also the store's own guarantee
 * (check-and-insert in the commit transaction, unique hash index) without the
 * writer lock, and the migration of a database that already holds repeats.
 */
import { readdirSync } from 'node:fs';
import { openHarness, SAMPLES, test, expect } from './fixtures.js';
import type { Page } from '@playwright/test';

// 12 small real images; the redundancy checks stay off so only exact duplicates matter here.
const FILES = readdirSync('demo/public/samples').filter((n) => n.endsWith('.png')).sort().slice(0, 12).map((n) => SAMPLES + n);

interface IndexOutcome {
  indexed: Record<string, number>;
  exact: string[];
  failed: string[];
  messages: string[];
}

/** Run `index` of FILES into `archive` on a curator already open on the page as window.c (or twice at once). */
function indexAll(page: Page, archive: string, times = 1): Promise<IndexOutcome[]> {
  return page.evaluate(async ({ urls, archive, times }) => {
    const c = (window as any).c;
    const files = await Promise.all(urls.map(async (u) => new File([await (await fetch(u)).blob()], u.split('/').pop()!, { type: 'image/png' })));
    return Promise.all(Array.from({ length: times }, async () => {
      const messages: string[] = [];
      const job = await c.run('index', { archive, files }, { onProgress: (p: any) => p.message && messages.push(p.message) });
      const r = job.results;
      return { indexed: { ...r.name_to_indexed_content_id }, exact: r.exact_duplicate_file_names, failed: r.failed_vectorization_names, messages };
    }));
  }, { urls: FILES, archive, times });
}

async function openCurator(page: Page, dbName: string): Promise<void> {
  await page.evaluate(async (dbName) => {
    (window as any).c = await (window as any).curatekit.createCurator({ dbName });
  }, dbName);
}

/** Each file is stored by exactly one of the jobs and is an exact duplicate in the other. */
function expectEachOnce(outcomes: IndexOutcome[], names: string[]): void {
  for (const o of outcomes) expect(o.failed).toEqual([]);
  for (const name of names) {
    const owners = outcomes.filter((o) => name in o.indexed).length;
    const dups = outcomes.filter((o) => o.exact.includes(name)).length;
    expect([name, owners, dups]).toEqual([name, 1, outcomes.length - 1]);
  }
}

async function storedNames(page: Page, archive: string): Promise<{ names: string[]; hashes: number; vectors: number }> {
  return page.evaluate(async (archive) => {
    const c = (window as any).c;
    const contents = await c.contents(archive);
    const v = await c.vectors(archive);
    return { names: contents.map((x: any) => x.name).sort(), hashes: new Set(contents.map((x: any) => x.byte_hash)).size, vectors: v.ids.length };
  }, archive);
}

const NAMES = FILES.map((u) => u.split('/').pop()!).sort();

test('two tabs indexing the same files at once store each file once', async ({ context }) => {
  const [a, b] = [await context.newPage(), await context.newPage()];
  await openHarness(a);
  await openHarness(b);
  await openCurator(a, 'exactly-once-tabs');
  await openCurator(b, 'exactly-once-tabs');
  await a.evaluate(() => (window as any).c.run('create_archive', { name: 'shared', content_type: 'Image' }));
  const [[ra], [rb]] = await Promise.all([indexAll(a, 'shared'), indexAll(b, 'shared')]);
  expectEachOnce([ra, rb], NAMES);
  // The per-archive lock held across tabs: one of the two jobs said it waited for the other.
  expect([ra, rb].filter((o) => o.messages.some((m) => m.startsWith('waiting: another job is writing to "shared"'))).length).toBe(1);
  const stored = await storedNames(b, 'shared');
  expect(stored).toEqual({ names: NAMES, hashes: NAMES.length, vectors: NAMES.length });
  for (const p of [a, b]) await p.evaluate(() => (window as any).c.close());
});

test('two index jobs at once in one tab store each file once', async ({ harness: page }) => {
  await openCurator(page, 'exactly-once-jobs');
  await page.evaluate(() => (window as any).c.run('create_archive', { name: 'twice', content_type: 'Image' }));
  const outcomes = await indexAll(page, 'twice', 2);
  expectEachOnce(outcomes, NAMES);
  expect(await storedNames(page, 'twice')).toEqual({ names: NAMES, hashes: NAMES.length, vectors: NAMES.length });
  await page.evaluate(() => (window as any).c.close());
});

test('without the lock, the commit transaction alone stores a hash once', async ({ harness: page }) => {
  const out = await page.evaluate(async () => {
    const { ArchiveStore } = await import('/src/store/store.ts' as string);
    const [s1, s2] = [await ArchiveStore.open('exactly-once-store'), await ArchiveStore.open('exactly-once-store')];
    const archive = await s1.createArchive({ name: 'raw', content_type: 'Image', description: null, calibrations: {}, parameters: { nr_similar_allowed: null, use_default_similarity_calibration: true, store_files: true, default_vectorizer: 'x' } });
    const content = (h: string) => ({ name: h, source: { kind: 'file' }, byte_hash: h, pixel_hash: null, phash: null, size: 1, width: 1, height: 1, thumbnail: null, quality: null, added_at: 0 });
    const batch = (hs: string[]) => ({ contents: hs.map(content), vectors: [{ vectorizer: 'x', dim: 2, data: Float32Array.from(hs.flatMap((_, i) => [i, 1])) }] });
    const hs = Array.from({ length: 20 }, (_, i) => `h${i}`);
    // Two connections commit the same hashes at once; the second batch also repeats a hash within itself.
    const [i1, i2] = await Promise.all([s1.commitBatch(archive.id, batch(hs)), s2.commitBatch(archive.id, batch([...hs.slice(0, 10), 'new', 'new']))]);
    const contents = await s1.getContents(archive.id);
    const vectors = await s1.loadVectors(archive.id, 'x');
    // The unique index refuses a second row for the same (archive, hash) whatever writes it.
    let direct = '';
    try {
      await s1.db.add('hashes', { archive_id: archive.id, byte_hash: 'h3', id: 999 });
    } catch (e) {
      direct = (e as Error).name;
    }
    s1.close();
    s2.close();
    return { i1, i2, n: contents.length, hashes: new Set(contents.map((c: any) => c.byte_hash)).size, vectorIds: Array.from(vectors.ids as Int32Array).sort((x, y) => x - y), ids: contents.map((c: any) => c.id).sort((x: number, y: number) => x - y), direct };
  });
  // Whichever transaction ran first stored h0..h9; the other got null for them.
  const nulls = (ids: (number | null)[]) => ids.filter((x) => x === null).length;
  expect(nulls(out.i1) + nulls(out.i2)).toBe(10 + 1);
  expect(out.i2[11]).toBeNull();
  expect(out.n).toBe(21);
  expect(out.hashes).toBe(21);
  expect(out.vectorIds).toEqual(out.ids);
  expect(out.direct).toBe('ConstraintError');
});

test('opening a v1 database that already holds repeated hashes migrates it, keeping every content', async ({ harness: page }) => {
  const out = await page.evaluate(async () => {
    const { MIGRATIONS } = await import('/src/store/schema.ts' as string);
    const { ArchiveStore } = await import('/src/store/store.ts' as string);
    const name = 'exactly-once-legacy';
    // A v1 database as the racing jobs left it: three contents, two of them the same file.
    const db: IDBDatabase = await new Promise((resolve, reject) => {
      const req = indexedDB.open(name, 1);
      req.onupgradeneeded = () => MIGRATIONS[0](req.result, req.transaction);
      req.onsuccess = () => resolve(req.result);
      req.onerror = () => reject(req.error);
    });
    const item = (id: number, h: string) => ({ archive_id: 1, id, name: `f${id}`, source: { kind: 'file' }, byte_hash: h, pixel_hash: null, phash: null, size: 1, width: 1, height: 1, quality: null, added_at: 0 });
    const tx = db.transaction(['archives', 'content_chunks', 'hashes'], 'readwrite');
    tx.objectStore('archives').put({ id: 1, name: 'legacy', content_type: 'Image', description: null, calibrations: {}, parameters: { nr_similar_allowed: null, use_default_similarity_calibration: true, store_files: true, default_vectorizer: 'x' }, next_content_id: 4, next_chunk: {}, next_content_chunk: 1, content_count: 3, created_at: 0, updated_at: 0 });
    tx.objectStore('content_chunks').put({ archive_id: 1, chunk: 0, items: [item(1, 'aa'), item(2, 'aa'), item(3, 'bb')] });
    for (const [h, id] of [['aa', 2], ['aa', 1], ['bb', 3]] as const) tx.objectStore('hashes').put({ archive_id: 1, byte_hash: h, id });
    await new Promise((r) => (tx.oncomplete = r));
    db.close();
    const store = await ArchiveStore.open(name);
    const index = store.db.transaction('hashes').store.index('archive_hash');
    const rows = await store.db.getAll('hashes');
    const contents = await store.getContents(1);
    const again = await store.commitBatch(1, { contents: [{ ...item(0, 'aa'), id: undefined, archive_id: undefined }], vectors: [] });
    const version = store.db.version;
    store.close();
    return { version, steps: MIGRATIONS.length, unique: index.unique, keyPath: index.keyPath, rows: rows.map((r: any) => [r.byte_hash, r.id]), contents: contents.map((c: any) => c.id), again };
  });
  expect(out.version).toBe(out.steps);
  expect(out.unique).toBe(true);
  expect(out.keyPath).toEqual(['archive_id', 'byte_hash']);
  expect(out.rows).toEqual([['aa', 1], ['bb', 3]]);
  expect(out.contents).toEqual([1, 2, 3]);
  expect(out.again).toEqual([null]);
});
