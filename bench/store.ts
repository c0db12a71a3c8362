/**
 * npm run bench:store — write then reopen 100k vectors (1792-d float32, the
 * default model's size) in real IndexedDB (headless Chromium), chunked as the
 * store keeps them, against the naive peer: one IndexedDB record per vector.
 * Medians of 3 rounds; each round uses a fresh database.
 */
import { median, printTable, type BenchRow } from './core/row.js';
import { withBenchPage } from './browser.js';

const N = 100_000;
const DIM = 1792;
const BATCH = 2000;
const NAIVE_N = 20_000; // the peer is measured on fewer vectors (rates are per vector)

const rounds = await withBenchPage(async (page) => {
  const out: { write: number; reopen: number; naiveWrite: number; naiveReopen: number }[] = [];
  for (let r = 0; r < 3; r++) {
    console.error(`round ${r + 1}/3 ...`);
    out.push(
      await page.evaluate(async ({ N, DIM, BATCH, NAIVE_N, r }) => {
        const { ArchiveStore } = window as any;
        const name = `bench-store-${r}`;
        const store = await ArchiveStore.open(name);
        const archive = await store.createArchive({ name: 'b', content_type: 'Image', description: null, parameters: { nr_similar_allowed: null, use_default_similarity_calibration: true, store_files: false, default_vectorizer: 'v' }, calibrations: {} });
        const data = new Float32Array(BATCH * DIM);
        for (let i = 0; i < data.length; i++) data[i] = Math.sin(i);
        const content = (i: number) => ({ name: `c${i}`, source: { kind: 'vector' }, byte_hash: null, pixel_hash: null, phash: null, size: 0, width: 0, height: 0, thumbnail: null, quality: null, added_at: 0 });
        let t0 = performance.now();
        for (let b = 0; b < N / BATCH; b++) {
          await store.commitBatch(archive.id, { contents: Array.from({ length: BATCH }, (_, i) => content(b * BATCH + i)), vectors: [{ vectorizer: 'v', dim: DIM, data: data.slice() }] });
        }
        const write = N / ((performance.now() - t0) / 1000);
        store.close();
        t0 = performance.now();
        const again = await ArchiveStore.open(name);
        const loaded = await again.loadVectors(archive.id, 'v');
        const reopen = (performance.now() - t0) / 1000;
        if (loaded.ids.length !== N) throw new Error(`reopened ${loaded.ids.length} vectors`);
        again.close();
        await new Promise((res) => { const q = indexedDB.deleteDatabase(name); q.onsuccess = q.onerror = q.onblocked = res; });

        // Peer: one record per vector, 2000 per transaction.
        const naiveName = `bench-naive-${r}`;
        const db: IDBDatabase = await new Promise((res, rej) => {
          const q = indexedDB.open(naiveName, 1);
          q.onupgradeneeded = () => q.result.createObjectStore('v', { keyPath: 'id' });
          q.onsuccess = () => res(q.result);
          q.onerror = () => rej(q.error);
        });
        t0 = performance.now();
        for (let b = 0; b < NAIVE_N / BATCH; b++) {
          await new Promise<void>((res, rej) => {
            const tx = db.transaction('v', 'readwrite');
            const s = tx.objectStore('v');
            for (let i = 0; i < BATCH; i++) s.put({ id: b * BATCH + i, vector: data.slice(i * DIM, (i + 1) * DIM) });
            tx.oncomplete = () => res();
            tx.onerror = () => rej(tx.error);
          });
        }
        const naiveWrite = NAIVE_N / ((performance.now() - t0) / 1000);
        db.close();
        t0 = performance.now();
        const db2: IDBDatabase = await new Promise((res) => { const q = indexedDB.open(naiveName, 1); q.onsuccess = () => res(q.result); });
        const all: unknown[] = await new Promise((res) => { const q = db2.transaction('v').objectStore('v').getAll(); q.onsuccess = () => res(q.result); });
        const naiveReopen = ((performance.now() - t0) / 1000) * (N / all.length);
        db2.close();
        await new Promise((res) => { const q = indexedDB.deleteDatabase(naiveName); q.onsuccess = q.onerror = q.onblocked = res; });
        return { write, reopen, naiveWrite, naiveReopen };
      }, { N, DIM, BATCH, NAIVE_N, r }),
    );
  }
  return out;
});

const m = (k: keyof (typeof rounds)[0]) => median(rounds.map((x) => x[k]));
const rows: BenchRow[] = [
  { task: `write ${N / 1000}k × ${DIM}-d vectors + contents`, ours: `${(m('write') / 1000).toFixed(1)} k vec/s`, peer: `one record per vector ${(m('naiveWrite') / 1000).toFixed(1)} k vec/s`, ratio: m('write') / m('naiveWrite'), target: '≥ 50 k vec/s', met: m('write') >= 50_000 },
  { task: `reopen + load ${N / 1000}k vectors`, ours: `${m('reopen').toFixed(2)} s`, peer: `one record per vector ${m('naiveReopen').toFixed(2)} s (scaled to ${N / 1000}k)`, ratio: m('naiveReopen') / m('reopen'), target: '≤ 2 s', met: m('reopen') <= 2, note: 'ratio = times faster than the peer' },
];
printTable('bench:store — IndexedDB in headless Chromium, medians of 3', rows);
