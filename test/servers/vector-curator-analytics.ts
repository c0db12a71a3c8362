/**
 * The read-only analytics jobs of the Vector Curator conformance server:
 * search, inliers_outliers, pca_vector_dim_reduction and data_balance, on
 * cosine distance (1 − cos). Where the doc names an input without saying what
 * it does, the rule chosen here is stated by the function that applies it.
 */
import { PCA } from 'ml-pca';
import { archiveOf, dimOf, fail, subset, type Archive, type JobContext, type In } from './vector-curator-model.js';
import { cosineDistance, direction, loadData, norm, sameVector } from './vector-curator-vectors.js';

/** cos ≥ 0.999: "near-identical" for common assets. */
const NEAR_IDENTICAL = 0.001;

function sameLength(a: Archive, vectors: { label: string; vector: number[] }[]): void {
  const dim = dimOf(a) ?? vectors[0]?.vector.length;
  for (const v of vectors) if (v.vector.length !== dim) fail(`${v.label} has ${v.vector.length} values; the vectors of archive "${a.name}" have ${dim}`);
}

interface Reference {
  /** What name_or_id_to_preference_weight may call it: the content id, or the file name. */
  key: string;
  label: string;
  vector: number[];
  weight: number;
}

/**
 * The query of a search: the references are the indexed_ids_references
 * contents plus the files (file_urls, batch folder). name_or_id_to_preference_weight
 * gives each a weight, by content id or file name (1 when not named; a key
 * naming no reference fails the job): the query is the weighted mean
 * direction Σ w·unit(v), so weight 0 drops a reference and a negative weight
 * pushes the query away from it. At least one weight must be positive.
 */
async function references(ctx: JobContext, a: Archive, inputs: In): Promise<Reference[]> {
  const refs: Reference[] = [];
  for (const id of (inputs.indexed_ids_references as number[] | null) ?? []) {
    const c = a.contents.get(id) ?? fail(`Content id ${id} is not in archive "${a.name}"`);
    refs.push({ key: String(id), label: `Content id ${id}`, vector: c.vector, weight: 1 });
  }
  if ((inputs.file_urls as unknown[] | null)?.length || inputs.download_from_batch_cloud_folder === true) {
    for (const d of await loadData(ctx.acc, inputs)) refs.push({ key: d.name, label: `Query file "${d.name}"`, vector: d.vector, weight: 1 });
  }
  if (refs.length === 0) fail('No search input: pass file_urls, indexed_ids_references or the batch folder');
  sameLength(a, refs);
  for (const [key, w] of Object.entries((inputs.name_or_id_to_preference_weight as Record<string, number> | null) ?? {})) {
    const named = refs.filter((r) => r.key === key);
    if (named.length === 0) fail(`name_or_id_to_preference_weight names "${key}", which is neither an indexed_ids_references id nor a query file name`);
    for (const r of named) r.weight = w;
  }
  if (!refs.some((r) => r.weight > 0)) fail('name_or_id_to_preference_weight: at least one reference needs a positive weight');
  return refs.filter((r) => r.weight !== 0);
}

/**
 * search. Results by ascending cosine distance to the query (ties by id),
 * within archive_content_ids_subset. speed_up_with_hash_matching: contents
 * whose vector equals a positively weighted reference's exactly (what a hash
 * lookup finds) come first, at distance 0. common_assets_archive_name (which
 * must exist): when the query is near-identical (cos ≥ 0.999) to one of that
 * archive's contents, it is a common asset (a logo, a stock background), and
 * the hits near-identical to it are left out.
 */
export async function search(ctx: JobContext, inputs: In): Promise<unknown> {
  const a = archiveOf(ctx.acc, inputs);
  const assets = inputs.common_assets_archive_name != null ? archiveOf(ctx.acc, inputs, 'common_assets_archive_name') : null;
  const refs = await references(ctx, a, inputs);
  const q = direction(
    refs.map((r) => r.vector),
    refs.map((r) => r.weight),
  );
  if (norm(q) < 1e-12) fail('The weighted references cancel out: the query has no direction');
  if (assets) sameLength(assets, [{ label: 'The query', vector: q }]);
  const isAsset = assets !== null && [...assets.contents.values()].some((c) => cosineDistance(c.vector, q) <= NEAR_IDENTICAL);
  const exact = (v: number[]) => inputs.speed_up_with_hash_matching === true && refs.some((r) => r.weight > 0 && sameVector(r.vector, v));
  const ranked = subset(a, inputs)
    .map(([id, c]) => ({ id, toQuery: cosineDistance(c.vector, q), exact: exact(c.vector) }))
    .filter((r) => !(isAsset && r.toQuery <= NEAR_IDENTICAL))
    .map((r) => ({ ...r, d: r.exact ? 0 : r.toQuery }))
    .sort((x, y) => Number(y.exact) - Number(x.exact) || x.d - y.d || x.id - y.id);
  const n = inputs.nr_results as number | null | undefined;
  const cut = (n == null ? ranked : ranked.slice(0, n)).map((r) => [r.id, r.d] as [number, number]);
  const mean = inputs.get_mean_distance === true && cut.length > 0 ? cut.reduce((s, r) => s + r[1], 0) / cut.length : null;
  return { sorted_indexed_ids_with_distances: cut, mean_distance: mean };
}

/**
 * inliers_outliers: each content's cosine distance to the mean direction of
 * the contents ranked, weighted by id_to_preference_weight (1 when not named;
 * negative weights push the center away; a key must be one of the contents).
 */
export function inliersOutliers(ctx: JobContext, inputs: In): unknown {
  const items = subset(archiveOf(ctx.acc, inputs), inputs);
  if (items.length === 0) fail('No contents to rank');
  const weights = (inputs.id_to_preference_weight as Record<string, number> | null) ?? {};
  const ids = new Set(items.map(([id]) => String(id)));
  for (const k of Object.keys(weights)) if (!ids.has(k)) fail(`id_to_preference_weight names content id ${k}, which is not among the contents ranked`);
  const center = direction(
    items.map(([, c]) => c.vector),
    items.map(([id]) => weights[String(id)] ?? 1),
  );
  if (norm(center) < 1e-12) fail('The weighted contents cancel out: their mean has no direction');
  const ranked = items.map(([id, c]) => ({ id, d: cosineDistance(c.vector, center) })).sort((x, y) => x.d - y.d || x.id - y.id);
  const order = ranked.map((r) => r.id);
  return { content_ids_sorted_by_inliers: order, content_ids_sorted_by_outliers: [...order].reverse(), mean_distance: ranked.reduce((s, r) => s + r.d, 0) / ranked.length };
}

/** pca_vector_dim_reduction: PCA (centred, SVD) of the archive subset's vectors and/or the files' vectors, keyed by content id or file name. */
export async function pca(ctx: JobContext, inputs: In): Promise<unknown> {
  const rows: [string, number[]][] = [];
  if (inputs.archive != null) rows.push(...subset(archiveOf(ctx.acc, inputs), inputs).map(([id, c]) => [String(id), c.vector] as [string, number[]]));
  if ((inputs.file_urls as unknown[] | null)?.length || inputs.download_from_batch_cloud_folder === true) {
    for (const d of await loadData(ctx.acc, inputs)) {
      if (rows.some(([k]) => k === d.name)) fail(`Two inputs are named "${d.name}": identifiers must be unique`);
      rows.push([d.name, d.vector]);
    }
  }
  if (rows.length === 0) fail('No vectors to reduce: pass archive, file_urls or the batch folder');
  const len = rows[0][1].length;
  const odd = rows.find(([, v]) => v.length !== len);
  if (odd) fail(`"${odd[0]}" has ${odd[1].length} values, "${rows[0][0]}" has ${len}: all vectors must have one length`);
  const k = inputs.nr_of_dimensions as number;
  const max = Math.min(len, rows.length);
  if (!Number.isInteger(k) || k < 1 || k > max) fail(`nr_of_dimensions must be between 1 and min(vector length ${len}, number of vectors ${rows.length}) = ${max}, got ${k}`);
  const data = rows.map(([, v]) => v);
  const projected = new PCA(data, { center: true, scale: false }).predict(data, { nComponents: k }).to2DArray();
  return { identifier_to_pca_vector: Object.fromEntries(rows.map(([id], i) => [id, projected[i].map((x) => (Math.abs(x) < 1e-12 ? 0 : x))])) };
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length === 0 ? 0 : s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

/**
 * data_balance. Removal list: ids_sorted_by_forbidden_examples first (in
 * their order); then, from each cluster larger than the median cluster size
 * (sizes counted without the forbidden ids), its surplus above ⌈median⌉,
 * taken from the end of its list (the furthest from the centroid), never an
 * id of ids_sorted_by_essential_examples. That surplus is ordered most
 * outlying first by ids_sorted_from_inliers_to_outliers (later = more
 * outlying); ids it does not rank follow in cluster order. Sourcing list: the
 * first (most central) remaining id of each cluster smaller than the median.
 * An id in two clusters, or both essential and forbidden, fails the job.
 */
export function dataBalance(inputs: In): unknown {
  const clusters = inputs.clustered_content_ids_sorted_by_decreasing_diversity_with_contents_sorted_by_distance_to_centroid as number[][];
  const seen = new Set<number>();
  for (const id of clusters.flat()) {
    if (seen.has(id)) fail(`Content id ${id} is in more than one cluster`);
    seen.add(id);
  }
  const forbidden = [...new Set((inputs.ids_sorted_by_forbidden_examples as number[] | null) ?? [])];
  const essential = new Set((inputs.ids_sorted_by_essential_examples as number[] | null) ?? []);
  const both = forbidden.find((id) => essential.has(id));
  if (both !== undefined) fail(`Content id ${both} is both essential and forbidden`);
  const gone = new Set(forbidden);
  const kept = clusters.map((c) => c.filter((id) => !gone.has(id)));
  const m = median(kept.map((c) => c.length));
  const surplus: number[] = [];
  for (const c of kept) {
    let extra = c.length > m ? c.length - Math.ceil(m) : 0;
    for (let i = c.length - 1; i >= 0 && extra > 0; i--) {
      if (essential.has(c[i])) continue;
      surplus.push(c[i]);
      extra -= 1;
    }
  }
  const rank = new Map(((inputs.ids_sorted_from_inliers_to_outliers as number[] | null) ?? []).map((id, i) => [id, i]));
  const order = surplus.map((id, i) => ({ id, i, r: rank.get(id) ?? -1 })).sort((x, y) => y.r - x.r || x.i - y.i);
  return {
    prioritized_over_represented_ids_to_remove: [...forbidden, ...order.map((o) => o.id)],
    prioritized_under_represented_ids_to_source: kept.filter((c) => c.length > 0 && c.length < m).map((c) => c[0]),
  };
}
