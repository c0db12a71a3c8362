/**
 * Where index meets curation: pixel facts from the decode (hashes, quality)
 * and the redundancy / relevance checks of an incoming batch.
 */
import { cascade, type CascadeItem } from '../core/dedupe/index.js';
import { hashToHex, hexToHash, phash, pixelHash } from '../core/image/index.js';
import { vectorSet } from '../core/base/index.js';
import { pixelQuality, TINY_SIDE, type BlurEffect } from '../core/image/index.js';
import { pixelStats, statsMatrix } from '../core/image/index.js';
import { relevanceScores } from '../core/rank/index.js';
import type { RelevanceModel } from '../core/rank/index.js';
import { resolveRule, type DuplicateRule } from '../core/dedupe/index.js';
import type { ArchiveRecord } from '../store/schema.js';
import type { QualityFlag, QualityScores } from '../contract/views.js';
import type { JobContext } from './context.js';
import type { IndexResults } from '../contract/jobs.js';

export interface BatchItemFacts {
  name: string;
  byteHash: string | null;
  pixelHash: string | null;
  phash: string | null;
  quality?: QualityScores | null;
}

export interface RedundancyChecks {
  withinBatch: boolean;
  againstArchived: boolean;
  relevance: boolean;
}

/**
 * Items of the same request kept in earlier embedding batches. "Within batch"
 * means the whole request (the API's batch), so each embedding batch is also
 * checked against these; otherwise the outcome would depend on where the
 * embedder's batch boundaries fall.
 */
export class EarlierItems {
  readonly facts: BatchItemFacts[] = [];
  private data = new Float32Array(0);
  constructor(readonly dim: number) {}
  get count(): number {
    return this.facts.length;
  }
  /** The vectors, count × dim. */
  vectors(): Float32Array {
    return this.data.subarray(0, this.count * this.dim);
  }
  add(facts: BatchItemFacts, vector: Float32Array): void {
    const need = (this.count + 1) * this.dim;
    if (need > this.data.length) {
      const grown = new Float32Array(Math.max(need, this.data.length * 2));
      grown.set(this.data);
      this.data = grown;
    }
    this.data.set(vector, this.count * this.dim);
    this.facts.push(facts);
  }
}

/** Hashes and quality scores of a decoded image's analysis copy (same decode as the embedding). */
export function pixelFacts(a: { data: Uint8ClampedArray; width: number; height: number }, original?: { width: number; height: number; blur?: BlurEffect }): Omit<BatchItemFacts, 'name' | 'byteHash'> {
  const q = pixelQuality(a.data, a.width, a.height, { blur: original?.blur });
  // Size flags judge the original, not the ≤256 px analysis copy.
  const minSide = original ? Math.min(original.width, original.height) : q.minSide;
  const flags = { ...q.flags, tiny: minSide < TINY_SIDE };
  const quality: QualityScores = {
    brightness: q.brightness,
    highlights: q.highlights,
    exposure: q.exposure,
    sharpness: q.sharpness,
    blur: q.blur === null || q.blur === undefined ? null : Math.round(q.blur * 1e4) / 1e4,
    entropy: q.entropy,
    colorSpread: q.colorSpread,
    minSide,
    aspect: q.aspect,
    flags: (Object.keys(flags) as QualityFlag[]).filter((f) => flags[f]),
    stats: Array.from(pixelStats(a.data, a.width, a.height), (x) => Math.round(x * 1e4) / 1e4),
  };
  return { pixelHash: pixelHash(a.data, a.width, a.height), phash: hashToHex(phash(a.data, a.width, a.height)), quality };
}

/**
 * The archive's similarity calibration if it was fitted in `vectorizer`'s space, else undefined:
 * a threshold learned on one model's cosines means nothing on another's.
 */
export function similarityCalibration(archive: ArchiveRecord, vectorizer: string): ArchiveRecord['calibrations']['similarity'] {
  const cal = archive.calibrations.similarity;
  return cal && (!cal.vectorizer || cal.vectorizer === vectorizer) ? cal : undefined;
}

/** The duplicate rule of an archive read with `vectorizer`: its calibrated one (fitted in that space), else the core default. */
export function archiveRule(archive: ArchiveRecord, vectorizer: string): Partial<DuplicateRule> | undefined {
  return (similarityCalibration(archive, vectorizer) as { rule?: Partial<DuplicateRule> } | undefined)?.rule;
}

/**
 * The embedding rule at index time: the archive's threshold (`high`) alone. A refused file is
 * not stored, so the refusal must not depend on what else happens to be in the pool: the
 * context band of the rule (core/dedupe/rule.ts) reads each item's k-th neighbour, which in
 * a first batch of 8 files is just the farthest of 7 others — with it, a canyon and an airplane
 * at cosine 0.6 passed as copies, and the outcome changed with the batch size. The duplicates
 * view, where nothing is refused and every item is present, applies the whole rule.
 */
export function indexTimeRule(archive: ArchiveRecord, vectorizer: string): DuplicateRule {
  const r = resolveRule(archiveRule(archive, vectorizer));
  return { ...r, low: r.high };
}

/**
 * Run the requested checks on a batch; returns, per item, whether to keep it.
 * Redundant and irrelevant items are not indexed; their names (and the evidence)
 * are written into `results`.
 */
export async function checkRedundancy(
  ctx: JobContext,
  archive: ArchiveRecord,
  vectorizer: string,
  facts: BatchItemFacts[],
  vectors: Float32Array,
  dim: number,
  checks: RedundancyChecks,
  subset: number[] | null,
  results: IndexResults,
  earlier?: EarlierItems,
): Promise<boolean[]> {
  const keep = facts.map(() => true);
  if (!facts.length || (!checks.withinBatch && !checks.againstArchived && !checks.relevance)) return keep;
  const archived = checks.againstArchived || checks.relevance ? await ctx.store.loadVectors(archive.id, vectorizer, subset ?? undefined) : undefined;
  if (checks.withinBatch || checks.againstArchived) {
    const contents = checks.againstArchived ? await ctx.store.getContents(archive.id, subset ?? null, { thumbnails: false }) : [];
    // Earlier items of this request are references too; against the archive they are already in it.
    const prior = checks.withinBatch && !checks.againstArchived && earlier ? earlier : null;
    const row = new Map(Array.from(archived?.ids ?? [], (id, r) => [id, r]));
    const b = facts.length;
    const nArchived = archived?.ids.length ?? 0;
    // One VectorSet: batch rows first, then the archive's rows, then earlier items of the request.
    const all = new Float32Array((b + nArchived + (prior?.count ?? 0)) * dim);
    all.set(vectors.subarray(0, b * dim));
    if (archived) all.set(archived.data, b * dim);
    if (prior) all.set(prior.vectors(), (b + nArchived) * dim);
    const item = (f: BatchItemFacts, vector: number): CascadeItem => ({ byteHash: f.byteHash, pixelHash: f.pixelHash, phash: f.phash ? hexToHash(f.phash) : null, vector });
    const batchItems: CascadeItem[] = facts.map((f, i) => item(f, i));
    const archiveItems: CascadeItem[] = contents.map((c) => ({ byteHash: c.byte_hash, pixelHash: c.pixel_hash, phash: c.phash ? hexToHash(c.phash) : null, vector: row.has(c.id) ? b + row.get(c.id)! : null }));
    for (const [k, f] of (prior?.facts ?? []).entries()) archiveItems.push(item(f, b + nArchived + k));
    const r = await cascade(batchItems, archiveItems, {
      withinBatch: checks.withinBatch,
      againstArchive: checks.againstArchived || (prior?.count ?? 0) > 0,
      vectors: vectorSet(all, dim),
      rule: indexTimeRule(archive, vectorizer),
      // update_parameters' nr_similar_allowed: how many similar items the archive may hold.
      similarAllowed: archive.parameters.nr_similar_allowed ?? 1,
      signal: ctx.signal,
    });
    for (const m of r.redundant) {
      keep[m.index] = false;
      const name = facts[m.index].name;
      results.redundant_content_names.push(name);
      const matched = m.matched.in === 'batch' ? facts[m.matched.index].name : m.matched.index < contents.length ? contents[m.matched.index].id : prior!.facts[m.matched.index - contents.length].name;
      results.redundancy_evidence![name] = { stage: m.stage, matched, similarity: m.similarity };
    }
  }
  if (checks.relevance && archived && archived.ids.length >= 2) {
    const model = (archive.calibrations.relevance as { model?: RelevanceModel } | undefined)?.model ?? null;
    const rows = keep.map((k, i) => (k ? i : -1)).filter((i) => i >= 0);
    const items = new Float32Array(rows.length * dim);
    rows.forEach((i, r) => items.set(vectors.subarray(i * dim, (i + 1) * dim), r * dim));
    // Pixel statistics join the distance when the items have them and the model has a pixel region
    // (or, uncalibrated, when every archived content has them).
    const itemStats = statsMatrix(rows.map((i) => facts[i].quality?.stats));
    let archiveStats = null;
    if (!model && itemStats) {
      const byId = new Map((await ctx.store.getContents(archive.id, subset ?? null, { thumbnails: false })).map((c) => [c.id, c.quality?.stats]));
      archiveStats = statsMatrix(Array.from(archived.ids, (id) => byId.get(id)));
    }
    const rel = await relevanceScores(model, vectorSet(archived.data, dim), vectorSet(items, dim), { itemStats, archiveStats, signal: ctx.signal });
    rows.forEach((i, r) => {
      if (rel.irrelevant[r]) {
        keep[i] = false;
        results.irrelevant_content_names.push(facts[i].name);
      }
    });
  }
  return keep;
}
