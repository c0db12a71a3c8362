/**
 * The `index` job: files, URLs or vectors into an archive. Each batch is
 * committed in one transaction with its vectors; a failure or a cancel keeps
 * the batches already committed and nothing of the one in flight.
 */
import { throwIfAborted, ValidationError } from '../../contract/errors.js';
import { spaceWarning, type CommittedIds, type NewContent } from '../../store/store.js';
import type { Embedder } from '../../embed/embedder.js';
import type { JobContext } from '../context.js';
import type { IndexInputs, IndexResults } from '../../contract/jobs.js';
import { checkRedundancy, EarlierItems, pixelFacts, type BatchItemFacts, type RedundancyChecks } from '../curation-hooks.js';
import * as v from '../validate.js';
import { batchFolderFiles, download, namedFiles, namedVectors, vectorOfFile, type NamedBlob } from '../inputs.js';
import { isVectorFileName } from '../../export/index.js';
import type { ArchiveRecord } from '../../store/schema.js';
import { sha256Hex } from '../sha256.js';
import { dict } from '../../contract/dict.js';

/**
 * Files are read, hashed, embedded and committed about this many at a time, so
 * a job holds the bytes of one group, not of the whole request.
 */
const GROUP = 64;

/**
 * A group is a whole number of embedder batches: the batches (and the
 * redundancy checks run per batch) are then the same as in one pass over all
 * the files of the request.
 */
function groupSize(batchSize: number): number {
  return Math.max(1, Math.ceil(GROUP / batchSize)) * batchSize;
}

/** A file or URL of the request, not read yet. */
interface Source {
  name: string;
  file?: NamedBlob;
  url?: string;
}

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


/** Names must be unique in one batch (results are keyed by name): later repeats get " (2)", " (3)". */
function uniqueNamer(): (name: string) => string {
  const seen = new Map<string, number>();
  return (name) => {
    const n = (seen.get(name) ?? 0) + 1;
    seen.set(name, n);
    return n === 1 ? name : `${name} (${n})`;
  };
}

/** What one index job works on, read from its inputs before anything is written. */
interface IndexPlan {
  ctx: JobContext;
  archive: ArchiveRecord;
  vectorizer: string;
  checks: RedundancyChecks;
  subset: number[] | null;
  results: IndexResults;
  /** Unique result name for a request name. */
  unique: (name: string) => string;
  fail: (name: string, reason: string) => void;
  /** Count items as handled and report progress. */
  advance: (items: number, message: string) => void;
  /** Byte hashes read so far in this request (repeats are exact duplicates). */
  seenHashes: Set<string>;
  /** Record committed ids by name; a null id lost the race to another writer: an exact duplicate. */
  committed: (names: string[], ids: CommittedIds) => void;
  /** The embedder, loaded on first use. */
  embedder: () => Promise<Embedder>;
  /** Items kept in earlier embedding batches of this request (within-batch checks span the request). */
  earlier?: EarlierItems;
}

export async function runIndex(ctx: JobContext, inputs: IndexInputs): Promise<IndexResults> {
  const i = v.object(inputs);
  v.knownKeys(i, KEYS);
  const archive = await ctx.store.getArchive(v.string(i.archive, 'archive'));
  const named = v.optionalString(i.custom_vectorizer_name, 'custom_vectorizer_name') ?? archive.parameters.default_vectorizer;
  // A fine-tuned vectorizer is read from its base's rows: new content stores base vectors (and the
  // redundancy checks compare those), so every later read, in either space, sees it.
  const vectorizer = fineTunedBase(ctx, named) ?? named;
  const urls = v.urlList(i.file_urls, 'file_urls') ?? [];
  const files = [...namedFiles(i.files), ...(await batchFolderFiles(ctx, i))];
  const vectors = i.vectors;
  if (vectors !== undefined && !Array.isArray(vectors)) throw new ValidationError('inputs.vectors', 'a list of { name, vector }');
  const nVectors = vectors?.length ?? 0;
  if (!files.length && !urls.length && !nVectors) throw new ValidationError('inputs', 'one of files, vectors or file_urls is required');
  const subset = v.idList(i.archive_content_ids_subset, 'archive_content_ids_subset');
  const checks: RedundancyChecks = {
    withinBatch: v.bool(i.check_for_redundancy_within_batch, 'check_for_redundancy_within_batch'),
    againstArchived: v.bool(i.check_for_redundancy_against_archived, 'check_for_redundancy_against_archived'),
    relevance: v.bool(i.check_for_relevance, 'check_for_relevance'),
  };
  // Keyed by file names: no prototype, so "__proto__" or "toString" are names like any other.
  const results: IndexResults = {
    name_to_indexed_content_id: dict(),
    exact_duplicate_file_names: [],
    failed_vectorization_names: [],
    redundant_content_names: [],
    irrelevant_content_names: [],
    failure_reasons: dict(),
    redundancy_evidence: dict(),
  };
  const total = files.length + urls.length + nVectors;
  await warnIfShort(ctx, archive, files, total - files.length);
  let done = 0;
  let embedder: Promise<Embedder> | undefined;
  const plan: IndexPlan = {
    ctx, archive, vectorizer, checks, subset, results,
    unique: uniqueNamer(),
    fail: (name, reason) => {
      results.failed_vectorization_names.push(name);
      results.failure_reasons![name] = reason;
    },
    advance: (items, message) => {
      done += items;
      ctx.progress(done / Math.max(1, total), message === 'indexed' ? `indexed ${done}/${total}` : message);
    },
    seenHashes: new Set(),
    committed: (names, ids) => {
      ids.forEach((id, k) => {
        if (id === null) results.exact_duplicate_file_names.push(names[k]);
        else results.name_to_indexed_content_id[names[k]] = id;
      });
    },
    embedder: () => {
      if (!embedder) {
        ctx.progress(done / Math.max(1, total), 'loading model');
        embedder = ctx.embedder(vectorizer);
      }
      return embedder;
    },
  };
  const all: Source[] = [...files.map((f) => ({ name: f.name, file: f })), ...urls.map((url) => ({ name: v.urlName(url), url }))];
  // ".pt" files hold vectors ("You can pass either data files or vectors"): they join `vectors`.
  const vectorSources = all.filter((s) => isVectorFileName(s.name));
  const sources = all.filter((s) => !isVectorFileName(s.name));
  // One writer per archive at a time (across tabs): batches of two jobs never interleave.
  await ctx.store.withWriterLock(archive.id, async () => {
    const fromFiles = await readVectorSources(plan, vectorSources);
    if (nVectors || fromFiles.length) await indexVectors(plan, vectors, fromFiles);
    let pending: Pending[] = [];
    for (const s of sources) {
      const p = await readSource(plan, s);
      if (p) pending.push(p);
      if (pending.length && pending.length >= groupSize((await plan.embedder()).batchSize)) {
        await embedAndCommit(plan, pending);
        pending = [];
      }
    }
    if (pending.length) await embedAndCommit(plan, pending);
  }, { signal: ctx.signal, onWait: () => ctx.progress(0, `waiting: another job is writing to "${archive.name}"`) });
  return results;
}

/** A vector row to index: from `inputs.vectors` (no bytes) or read from a ".pt" file (its bytes hashed). */
interface VectorRow {
  name: string;
  vec: Float32Array;
  byteHash: string | null;
}

/** ".pt" files and URLs read as the vectors they hold; a bad or repeated one is that item's failure or exact duplicate. */
async function readVectorSources(plan: IndexPlan, sources: readonly Source[]): Promise<VectorRow[]> {
  const { ctx, archive, results, seenHashes } = plan;
  const dim = (() => { try { return ctx.manifest(plan.vectorizer).dimension; } catch { return undefined; } })();
  const rows: VectorRow[] = [];
  for (const s of sources) {
    throwIfAborted(ctx.signal);
    const name = plan.unique(s.name);
    try {
      const blob = s.file ? s.file.blob : await download(s.url!, ctx.signal);
      const byteHash = await sha256Hex(new Uint8Array(await blob.arrayBuffer()));
      if (seenHashes.has(byteHash) || (await ctx.store.findByByteHash(archive.id, byteHash)).length) {
        results.exact_duplicate_file_names.push(name);
        plan.advance(1, `exact duplicate: ${name}`);
        continue;
      }
      seenHashes.add(byteHash);
      rows.push({ name, vec: (await vectorOfFile({ name, blob }, s.file ? 'inputs.files' : 'inputs.file_urls', dim)).vector, byteHash });
    } catch (e) {
      throwIfAborted(ctx.signal);
      if (!(e instanceof ValidationError)) throw e;
      plan.fail(name, e.message.replace(/^could not download \S+: /, 'download failed: '));
      plan.advance(1, `failed: ${name}`);
    }
  }
  return rows;
}

/** Vectors given directly or read from ".pt" files: validated as a whole before anything is written, then one batch. */
async function indexVectors(plan: IndexPlan, vectors: unknown, fromFiles: readonly VectorRow[]): Promise<void> {
  const { ctx, archive, vectorizer, results } = plan;
  const known = (() => { try { return ctx.manifest(vectorizer); } catch { return undefined; } })();
  const existing = await ctx.store.loadVectors(archive.id, vectorizer, []);
  const dim = known?.dimension ?? (existing.dim || fromFiles[0]?.vec.length || undefined);
  const given: VectorRow[] = namedVectors(vectors, dim).map((r) => ({ name: plan.unique(r.name), vec: r.vector, byteHash: null }));
  const rows = [...given, ...fromFiles];
  const d = rows[0].vec.length;
  const odd = rows.findIndex((r) => r.vec.length !== d);
  if (odd >= 0) throw new ValidationError('inputs.files', `vectors of length ${d} like the others`, `"${rows[odd].name}" holds a vector of length ${rows[odd].vec.length}, the others ${d}`);
  const facts: BatchItemFacts[] = rows.map((r) => ({ name: r.name, byteHash: r.byteHash, pixelHash: null, phash: null }));
  const data = new Float32Array(rows.length * d);
  rows.forEach((r, k) => data.set(r.vec, k * d));
  const keep = await checkRedundancy(ctx, archive, vectorizer, facts, data, d, plan.checks, plan.subset, results);
  const kept = rows.filter((_, k) => keep[k]);
  const keptData = new Float32Array(kept.length * d);
  kept.forEach((r, k) => keptData.set(r.vec, k * d));
  throwIfAborted(ctx.signal);
  const ids = await ctx.store.commitBatch(archive.id, {
    contents: kept.map((r) => ({ name: r.name, source: { kind: 'vector' }, byte_hash: r.byteHash, pixel_hash: null, phash: null, size: 0, width: 0, height: 0, thumbnail: null, quality: null, added_at: Date.now() })),
    vectors: [{ vectorizer, dim: d, data: keptData }],
  });
  plan.committed(kept.map((r) => r.name), ids);
  plan.advance(given.length + fromFiles.length, 'vectors indexed');
}

/** One file or URL: read and hash it; undefined when it is an exact duplicate (of the archive or of this request) or failed. */
async function readSource(plan: IndexPlan, s: Source): Promise<Pending | undefined> {
  const { ctx, archive, results, seenHashes } = plan;
  const take = async (name: string, blob: Blob, source: NewContent['source']): Promise<Pending | undefined> => {
    const bytes = new Uint8Array(await blob.arrayBuffer());
    const byteHash = await sha256Hex(bytes);
    // Saves the embedding; the commit transaction checks again (another writer may have won since).
    if (seenHashes.has(byteHash) || (await ctx.store.findByByteHash(archive.id, byteHash)).length) {
      results.exact_duplicate_file_names.push(name);
      plan.advance(1, `exact duplicate: ${name}`);
      return undefined;
    }
    seenHashes.add(byteHash);
    return { name, blob, bytes, byteHash, source };
  };
  throwIfAborted(ctx.signal);
  const name = plan.unique(s.name);
  if (s.file) return take(name, s.file.blob, { kind: 'file', type: s.file.blob.type || undefined });
  const url = s.url!;
  plan.advance(0, `downloading ${name}`);
  try {
    const blob = await download(url, ctx.signal);
    return await take(name, blob, { kind: 'url', url, type: blob.type || undefined });
  } catch (e) {
    throwIfAborted(ctx.signal);
    // One unreachable URL fails that item, not the job.
    plan.fail(name, `download failed: ${(e as Error).message.replace(/^could not download \S+: /, '')}`);
    plan.advance(1, `download failed: ${name}`);
    return undefined;
  }
}

/** Decode + embed in batches; each batch is checked for redundancy and committed with its vectors in one transaction. */
async function embedAndCommit(plan: IndexPlan, pending: readonly Pending[]): Promise<void> {
  const { ctx, archive, vectorizer, results } = plan;
  const embedder = await plan.embedder();
  const dim = embedder.manifest.dimension;
  for await (const batch of embedder.embed(pending.map((p) => ({ blob: p.blob, bytes: p.bytes, tag: p })), ctx.signal)) {
    const ok = batch.items.filter((b) => b.decoded);
    for (const b of batch.items) if (b.error) plan.fail(b.tag.name, b.error);
    const facts = ok.map((b) => ({ name: b.tag.name, byteHash: b.tag.byteHash, ...pixelFacts(b.decoded!.analysis, b.decoded!) }));
    plan.earlier ??= new EarlierItems(dim);
    const keep = await checkRedundancy(ctx, archive, vectorizer, facts, batch.vectors, dim, plan.checks, plan.subset, results, plan.earlier);
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
    plan.committed(rows.map((k) => ok[k].tag.name), ids);
    // Only what was stored counts as an earlier item (a row that lost a commit race is an exact duplicate).
    if (plan.checks.withinBatch && !plan.checks.againstArchived) rows.forEach((k, r) => ids[r] != null && plan.earlier!.add(facts[k], batch.vectors.subarray(k * dim, (k + 1) * dim)));
    plan.advance(batch.items.length, 'indexed');
  }
}

/** The base of a fine-tuned vectorizer; undefined for any other (an unknown name fails where it is embedded with). */
function fineTunedBase(ctx: JobContext, vectorizer: string): string | undefined {
  try {
    return ctx.manifest(vectorizer).fineTunedFrom;
  } catch {
    return undefined;
  }
}

/** Per content besides its file: a thumbnail (~8 KB as stored), a float16 vector row and metadata (rough, on the high side). */
const PER_CONTENT_BYTES = 12_000;

/** Before writing: warn when the browser's estimate says this job's files will not fit. */
async function warnIfShort(ctx: JobContext, archive: ArchiveRecord, files: { blob: Blob }[], others: number): Promise<void> {
  const fileBytes = archive.parameters.store_files ? files.reduce((s, f) => s + f.blob.size, 0) : 0;
  const bytes = fileBytes + (files.length + others) * PER_CONTENT_BYTES;
  const warning = await spaceWarning(bytes, `indexing ${files.length + others} contents`);
  if (warning) ctx.warn(warning);
}
