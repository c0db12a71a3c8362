/**
 * The duplicates view of an archive: reference groups (keeper + direct
 * matches, core/dedupe/groups.ts) under the archive's rule, with a person's
 * stored answers and keeper choices applied, each keeper explained, and a
 * preview of what each threshold would do.
 *
 * Threshold semantics: a threshold given here is a floor — no pair below it
 * is returned, and the rule's context evidence only tightens above it
 * (core/dedupe/rule.ts atThreshold), so raising it never adds a pair.
 * Stored answers win over the rule: a "not same" pair is never a duplicate,
 * a "same" pair always is.
 */
import type { DuplicateDecisions, DuplicateGroup, DuplicatePair, DuplicatePreview, DuplicateStage } from '../contract/views.js';
import { ValidationError } from '../contract/errors.js';
import { atThreshold, chooseKeeper, nearDuplicates, referenceGroups, resolveRule, type DuplicateRule, type KeeperFacts } from '../core/dedupe/index.js';
import { hamming64, hexToHash, PIXEL_STAT_NAMES } from '../core/image/index.js';
import { vectorSet, type VectorSet } from '../core/base/index.js';
import type { ArchiveStore } from '../store/store.js';
import type { ArchiveRecord, ContentRecord } from '../store/schema.js';
import { archiveRule } from './curation-hooks.js';
import { decisionsOf, pairKey } from './decisions.js';

export interface DuplicateOptions {
  /** Floor on the cosine similarity, in (0, 1]. @defaultValue the archive's rule alone */
  threshold?: number;
  signal?: AbortSignal;
  onProgress?: (fraction: number) => void;
}

/** Perceptual-hash distance (of 64 bits) at which a pair's evidence is called "phash" (as in the index cascade). */
const PHASH_RADIUS = 8;
const STAT = (name: (typeof PIXEL_STAT_NAMES)[number]) => PIXEL_STAT_NAMES.indexOf(name);

interface Loaded {
  a: ArchiveRecord;
  /** The space read (the instance space of the archive's default). */
  vectorizer: string;
  ids: Int32Array;
  vs: VectorSet;
  contents: (ContentRecord | undefined)[];
}

async function load(store: ArchiveStore, archive: string): Promise<Loaded> {
  const a = await store.getArchive(archive);
  // The instance space: copies are told apart there, not in a fine-tuned one (see instanceVectorizer).
  const loaded = await store.loadVectors(a.id, store.instanceVectorizer(a.parameters.default_vectorizer));
  const byId = new Map((await store.getContents(a.id, null, { thumbnails: false })).map((c) => [c.id, c]));
  return { a, vectorizer: loaded.vectorizer, ids: loaded.ids, vs: vectorSet(loaded.data, loaded.dim || 1), contents: Array.from(loaded.ids, (id) => byId.get(id)) };
}

function checkThreshold(t: number | undefined): void {
  if (t !== undefined && !(typeof t === 'number' && t > 0 && t <= 1)) throw new ValidationError('options.threshold', 'a cosine similarity in (0, 1]');
}

/** The rule in force in `vectorizer`'s space: the archive's (calibrated there, or default), under the floor when one is given. */
export function ruleFor(a: ArchiveRecord, vectorizer: string, threshold?: number): DuplicateRule {
  const rule = resolveRule(archiveRule(a, vectorizer));
  return threshold === undefined ? rule : atThreshold(rule, threshold);
}

const dot = (vs: VectorSet, i: number, j: number) => {
  let s = 0;
  for (let d = 0; d < vs.dim; d++) s += vs.data[i * vs.dim + d] * vs.data[j * vs.dim + d];
  return s;
};

/** The cheapest evidence that also links the pair (bytes, then pixels, then pHash, else the embedding). */
function stageOf(x: ContentRecord | undefined, y: ContentRecord | undefined): DuplicateStage {
  if (x?.byte_hash && x.byte_hash === y?.byte_hash) return 'bytes';
  if (x?.pixel_hash && x.pixel_hash === y?.pixel_hash) return 'pixels';
  if (x?.phash && y?.phash && hamming64(hexToHash(x.phash), hexToHash(y.phash)) <= PHASH_RADIUS) return 'phash';
  return 'embedding';
}

/** What the keeper rule knows about a content, from its stored record. */
function factsOf(c: ContentRecord | undefined): KeeperFacts {
  const stats = c?.quality?.stats;
  const at = (name: (typeof PIXEL_STAT_NAMES)[number]) => (stats && stats.length > STAT(name) ? stats[STAT(name)] : undefined);
  const white = at('whiteFraction'), dark = at('darkFraction'), border = at('borderUniformity'), box = at('bboxArea');
  return {
    width: c?.width ?? 0,
    height: c?.height ?? 0,
    bytes: c?.source.kind === 'vector' ? 0 : (c?.size ?? 0),
    type: c?.source.type,
    sharpness: c?.quality?.sharpness,
    clipped: white !== undefined && dark !== undefined ? white + dark : undefined,
    // A clean uniform border around a smaller picture is a letterbox or a frame: it adds pixels, not picture.
    contentShare: border !== undefined && box !== undefined && border > 0.9 && box > 0.05 ? box : 1,
  };
}

/** Accepted pairs (rows) after the stored answers: "not same" removed, "same" added. */
async function acceptedPairs(l: Loaded, rule: DuplicateRule, decisions: DuplicateDecisions, options: DuplicateOptions) {
  const r = await nearDuplicates(l.vs, rule, { signal: options.signal, onProgress: options.onProgress && ((f) => options.onProgress!(0.9 * f)) });
  const row = new Map(Array.from(l.ids, (id, i) => [id, i]));
  const verdict = new Map(decisions.pairs.map((p) => [pairKey(p.a, p.b), p.same]));
  const a: number[] = [], b: number[] = [], sim: number[] = [];
  const seen = new Set<string>();
  for (let t = 0; t < r.pairs.a.length; t++) {
    const key = pairKey(l.ids[r.pairs.a[t]], l.ids[r.pairs.b[t]]);
    seen.add(key);
    if (verdict.get(key) === false) continue;
    a.push(r.pairs.a[t]); b.push(r.pairs.b[t]); sim.push(r.pairs.sim[t]);
  }
  for (const p of decisions.pairs) {
    const ra = row.get(p.a), rb = row.get(p.b);
    if (!p.same || ra === undefined || rb === undefined || seen.has(pairKey(p.a, p.b))) continue;
    a.push(Math.min(ra, rb)); b.push(Math.max(ra, rb)); sim.push(dot(l.vs, ra, rb));
  }
  return { pairs: { a: Int32Array.from(a), b: Int32Array.from(b), sim: Float32Array.from(sim) }, nearest: r.nearest, rule: r.rule };
}

/** Duplicate groups of an archive (see the module comment). Groups with the most members first. */
export async function duplicateGroups(store: ArchiveStore, archive: string, options: DuplicateOptions = {}): Promise<DuplicateGroup[]> {
  checkThreshold(options.threshold);
  const l = await load(store, archive);
  const decisions = decisionsOf(l.a);
  const { pairs } = await acceptedPairs(l, ruleFor(l.a, l.vectorizer, options.threshold), decisions, options);
  const userKeepers = new Set(decisions.keepers);
  const reasons = new Map<number, string>();
  const rank = (candidates: number[], group: number[]) => {
    const facts = candidates.map((c) => ({ ...factsOf(l.contents[c]), centrality: group.reduce((s, o) => (o === c ? s : s + dot(l.vs, c, o)), 0) / (group.length - 1) }));
    const choice = chooseKeeper(facts);
    // One candidate: the others are duplicates of it but not of each other, so it must be the keeper.
    reasons.set(candidates[choice.keep], candidates.length === 1 && group.length > 1 ? 'the reference: each other member is a duplicate of it, not of one another' : choice.reason);
    return [candidates[choice.keep], ...candidates.filter((_, i) => i !== choice.keep)];
  };
  const keepers = Array.from(l.ids, (id, i) => (userKeepers.has(id) ? i : -1)).filter((i) => i >= 0);
  const g = referenceGroups(l.vs.n, pairs, { rank, keepers });
  const pairOf = (t: number): DuplicatePair => {
    const x = pairs.a[t], y = pairs.b[t];
    return { a: Math.min(l.ids[x], l.ids[y]), b: Math.max(l.ids[x], l.ids[y]), stage: stageOf(l.contents[x], l.contents[y]), similarity: pairs.sim[t] };
  };
  const index = new Map<string, number>();
  for (let t = 0; t < pairs.a.length; t++) index.set(pairKey(pairs.a[t], pairs.b[t]), t);
  const at = (x: number, y: number) => index.get(pairKey(x, y))!;
  const relatedBy = new Map<number, DuplicatePair[]>();
  for (const t of g.related) for (const r of [pairs.a[t], pairs.b[t]]) relatedBy.set(r, [...(relatedBy.get(r) ?? []), pairOf(t)]);
  options.onProgress?.(1);
  return g.groups.map((gr) => {
    const rows = [gr.keeper, ...gr.members];
    return {
      ids: rows.map((r) => l.ids[r]).sort((x, y) => x - y),
      keep: l.ids[gr.keeper],
      keep_reason: userKeepers.has(l.ids[gr.keeper]) ? 'chosen by you' : (reasons.get(gr.keeper) ?? ''),
      pairs: gr.members.map((m) => pairOf(at(gr.keeper, m))),
      related: rows.flatMap((r) => relatedBy.get(r) ?? []),
    };
  });
}

/** Nearest-neighbour similarities and, per threshold, how many groups and removals it would give. */
export async function duplicatePreview(store: ArchiveStore, archive: string, options: Omit<DuplicateOptions, 'threshold'> = {}): Promise<DuplicatePreview> {
  const l = await load(store, archive);
  const base = ruleFor(l.a, l.vectorizer);
  const { pairs, nearest } = await acceptedPairs(l, base, decisionsOf(l.a), options);
  // Under a floor t the accepted pairs are exactly the base rule's pairs with sim ≥ t (rule.ts atThreshold),
  // so one pass serves every threshold.
  const thresholds = Array.from({ length: 51 }, (_, i) => {
    const t = Math.round((0.5 + i / 100) * 100) / 100;
    const keep = Array.from(pairs.sim, (s, k) => (s >= t ? k : -1)).filter((k) => k >= 0);
    const g = referenceGroups(l.vs.n, { a: Int32Array.from(keep, (k) => pairs.a[k]), b: Int32Array.from(keep, (k) => pairs.b[k]), sim: Float32Array.from(keep, (k) => pairs.sim[k]) });
    return { threshold: t, groups: g.groups.length, remove: g.groups.reduce((s, x) => s + x.members.length, 0) };
  });
  return { nearest: Array.from(nearest), thresholds, current: base.high };
}
