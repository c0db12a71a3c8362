/**
 * The `index` job: files, URLs or vectors into an archive. Each batch is
 * committed in one transaction with its vectors; a failure or a cancel keeps
 * the batches already committed and nothing of the one in flight.
 */
import { throwIfAborted, ValidationError } from '../../contract/errors.js';
import type { NewContent } from '../../store/store.js';
import type { JobContext } from '../context.js';
import type { ImageInput, IndexInputs, IndexResults } from '../../contract/jobs.js';
import { checkRedundancy, pixelFacts, type BatchItemFacts } from '../curation-hooks.js';
import * as v from '../validate.js';
import { sha256Hex } from '../sha256.js';

const KEYS = [
  'archive', 'check_for_redundancy_against_archived', 'archive_content_ids_subset', 'check_for_redundancy_within_batch',
  'check_for_relevance', 'custom_vectorizer_name', 'file_urls', 'download_from_batch_cloud_folder', 'files', 'vectors',
] as const;

interface Pending {
  name: string;
  blob: Blob;
  bytes: Uint8Array;
  byteHash: string;
  source: NewContent['source'];
}


function fileName(input: ImageInput, i: number): { name: string; blob: Blob } {
  if (input instanceof Blob) {
    const f = input as File & { webkitRelativePath?: string };
    return { name: f.webkitRelativePath || f.name || `file-${i}`, blob: input };
  }
  if (typeof input !== 'object' || input === null || !(input.blob instanceof Blob) || typeof input.name !== 'string' || !input.name) {
    throw new ValidationError(`inputs.files[${i}]`, 'a File or { name: non-empty string, blob: Blob }');
  }
  return input;
}

/** Names must be unique in one batch (results are keyed by name): later repeats get " (2)", " (3)". */
function uniqueNamer(): (name: string) => string {
  const seen = new Map<string, number>();
  return (name) => {
    const n = (seen.get(name) ?? 0) + 1;
    seen.set(name, n);
    return n === 1 ? name : `${name} (${n})`;
  };
}

export async function runIndex(ctx: JobContext, inputs: IndexInputs): Promise<IndexResults> {
  const i = v.object(inputs);
  v.knownKeys(i, KEYS);
  v.noBatchFolder(i.download_from_batch_cloud_folder);
  const archive = await ctx.store.getArchive(v.string(i.archive, 'archive'));
  const vectorizer = v.optionalString(i.custom_vectorizer_name, 'custom_vectorizer_name') ?? archive.parameters.default_vectorizer;
  const urls = v.urlList(i.file_urls, 'file_urls') ?? [];
  const files = i.files === undefined ? [] : Array.isArray(i.files) ? (i.files as ImageInput[]).map(fileName) : (() => { throw new ValidationError('inputs.files', 'a list of Files'); })();
  const vectors = i.vectors === undefined ? [] : Array.isArray(i.vectors) ? (i.vectors as unknown[]) : (() => { throw new ValidationError('inputs.vectors', 'a list of { name, vector }'); })();
  if (!files.length && !urls.length && !vectors.length) throw new ValidationError('inputs', 'one of files, vectors or file_urls is required');
  const subset = v.idList(i.archive_content_ids_subset, 'archive_content_ids_subset');
  const checks = {
    withinBatch: v.bool(i.check_for_redundancy_within_batch, 'check_for_redundancy_within_batch'),
    againstArchived: v.bool(i.check_for_redundancy_against_archived, 'check_for_redundancy_against_archived'),
    relevance: v.bool(i.check_for_relevance, 'check_for_relevance'),
  };

  const results: IndexResults = {
    name_to_indexed_content_id: {},
    exact_duplicate_file_names: [],
    failed_vectorization_names: [],
    redundant_content_names: [],
    irrelevant_content_names: [],
    failure_reasons: {},
    redundancy_evidence: {},
  };
  const unique = uniqueNamer();
  const fail = (name: string, reason: string) => {
    results.failed_vectorization_names.push(name);
    results.failure_reasons![name] = reason;
  };
  const total = files.length + urls.length + vectors.length;
  let done = 0;
  const step = (message: string) => ctx.progress(done / Math.max(1, total), message);

  // Vectors given directly: validated as a whole before anything is written.
  if (vectors.length) {
    const known = (() => { try { return ctx.manifest(vectorizer); } catch { return undefined; } })();
    const existing = await ctx.store.loadVectors(archive.id, vectorizer, []);
    const dim = known?.dimension ?? (existing.dim || undefined);
    const rows = vectors.map((item, k) => {
      const it = v.object(item, `inputs.vectors[${k}]`);
      const name = v.string(it.name, `vectors[${k}].name`, 0);
      const vec = v.vector(it.vector, `vectors[${k}].vector`, dim ?? undefined);
      return { name: unique(name), vec };
    });
    const d = rows[0].vec.length;
    rows.forEach((r, k) => {
      if (r.vec.length !== d) throw new ValidationError(`inputs.vectors[${k}].vector`, `length ${d} like the others`);
      let s = 0;
      for (const x of r.vec) s += x * x;
      if (s === 0) throw new ValidationError(`inputs.vectors[${k}].vector`, 'not all zeros (cosine is undefined)');
      const inv = 1 / Math.sqrt(s);
      for (let j = 0; j < d; j++) r.vec[j] *= inv;
    });
    const facts: BatchItemFacts[] = rows.map((r) => ({ name: r.name, byteHash: null, pixelHash: null, phash: null }));
    const data = new Float32Array(rows.length * d);
    rows.forEach((r, k) => data.set(r.vec, k * d));
    const keep = await checkRedundancy(ctx, archive, vectorizer, facts, data, d, checks, subset, results);
    const kept = rows.filter((_, k) => keep[k]);
    const keptData = new Float32Array(kept.length * d);
    kept.forEach((r, k) => keptData.set(r.vec, k * d));
    throwIfAborted(ctx.signal);
    const ids = await ctx.store.commitBatch(archive.id, {
      contents: kept.map((r) => ({ name: r.name, source: { kind: 'vector' }, byte_hash: null, pixel_hash: null, phash: null, size: 0, width: 0, height: 0, thumbnail: null, quality: null, added_at: Date.now() })),
      vectors: [{ vectorizer, dim: d, data: keptData }],
    });
    kept.forEach((r, k) => (results.name_to_indexed_content_id[r.name] = ids[k]));
    done += rows.length;
    step('vectors indexed');
  }

  // Files and URLs: read, hash, drop exact duplicates, then decode + embed in batches.
  const pending: Pending[] = [];
  const seenHashes = new Set<string>();
  const take = async (name: string, blob: Blob, source: NewContent['source']) => {
    const bytes = new Uint8Array(await blob.arrayBuffer());
    const byteHash = await sha256Hex(bytes);
    if (seenHashes.has(byteHash) || (await ctx.store.findByByteHash(archive.id, byteHash)).length) {
      results.exact_duplicate_file_names.push(name);
      done++;
      return;
    }
    seenHashes.add(byteHash);
    pending.push({ name, blob, bytes, byteHash, source });
  };
  for (const f of files) {
    throwIfAborted(ctx.signal);
    await take(unique(f.name), f.blob, { kind: 'file', type: f.blob.type || undefined });
  }
  for (const url of urls) {
    throwIfAborted(ctx.signal);
    const name = unique(v.urlName(url));
    step(`downloading ${name}`);
    try {
      const res = await fetch(url, { signal: ctx.signal });
      if (!res.ok) throw new Error(`HTTP ${res.status}`);
      const blob = await res.blob();
      await take(name, blob, { kind: 'url', url, type: blob.type || undefined });
    } catch (e) {
      throwIfAborted(ctx.signal);
      fail(name, `download failed: ${(e as Error).message}`);
      done++;
    }
  }
  if (pending.length) {
    step('loading model');
    const embedder = await ctx.embedder(vectorizer);
    const dim = embedder.manifest.dimension;
    for await (const batch of embedder.embed(pending.map((p) => ({ blob: p.blob, bytes: p.bytes, tag: p })), ctx.signal)) {
      const ok = batch.items.filter((b) => b.decoded);
      for (const b of batch.items) if (b.error) fail(b.tag.name, b.error);
      const facts = ok.map((b) => ({ name: b.tag.name, byteHash: b.tag.byteHash, ...pixelFacts(b.decoded!.analysis, b.decoded!) }));
      const keep = await checkRedundancy(ctx, archive, vectorizer, facts, batch.vectors, dim, checks, subset, results);
      const rows = ok.map((_, k) => k).filter((k) => keep[k]);
      const data = new Float32Array(rows.length * dim);
      rows.forEach((k, r) => data.set(batch.vectors.subarray(k * dim, (k + 1) * dim), r * dim));
      throwIfAborted(ctx.signal);
      const ids = await ctx.store.commitBatch(archive.id, {
        contents: rows.map((k) => {
          const b = ok[k];
          const d = b.decoded!;
          const fx = facts[k];
          return {
            name: b.tag.name, source: b.tag.source, byte_hash: b.tag.byteHash, pixel_hash: fx.pixelHash, phash: fx.phash,
            size: b.tag.blob.size, width: d.width, height: d.height, thumbnail: d.thumbnail, quality: fx.quality ?? null,
            added_at: Date.now(), file: b.tag.blob,
          };
        }),
        vectors: [{ vectorizer, dim, data }],
      });
      rows.forEach((k, r) => (results.name_to_indexed_content_id[ok[k].tag.name] = ids[r]));
      done += batch.items.length;
      step(`indexed ${done}/${total}`);
    }
  }
  return results;
}
