/**
 * Clustering for the Vector Curator conformance server, on cosine geometry:
 *  - cluster_by_number_of_clusters: k-means (ml-kmeans, k-means++, fixed
 *    seeds, best of 5 by inertia) on the L2-normalised vectors. With
 *    nr_of_clusters None or 1 ("determine the number of clusters based on
 *    cluster quality metrics") k is the one in 2..min(10, n − 1) with the best
 *    mean cosine silhouette (the smaller k on a tie); fewer than 3 contents
 *    make one cluster.
 *  - cluster_by_calibrated_similarity: average-linkage agglomerative
 *    clustering, merging while the closest two clusters are within the
 *    archive's calibrated similarity threshold (cosine distance).
 * A cluster's center is the mean direction of its members.
 */
import { kmeans } from 'ml-kmeans';
import { fail } from './vector-curator-model.js';
import { cosineDistance, direction, unit } from './vector-curator-vectors.js';

export interface Item {
  id: number;
  vector: number[];
}

export interface Clustering {
  clustered_content_ids: number[][];
  average_distance_between_cluster_elements_and_cluster_center: number | null;
}

export interface Order {
  /** true: members by ascending distance to the center; false: by ascending id. */
  byDistance: boolean;
  /** true: clusters by descending mean distance to their center; false: by descending size. */
  byDiversity: boolean;
}

/** Order members and clusters as asked, and average every member's distance to its center. */
export function present(groups: Item[][], order: Order): Clustering {
  let total = 0;
  let n = 0;
  const shaped = groups
    .filter((g) => g.length > 0)
    .map((g) => {
      const center = direction(g.map((x) => x.vector));
      const members = g.map((x) => ({ id: x.id, d: cosineDistance(x.vector, center) }));
      for (const m of members) total += m.d;
      n += members.length;
      members.sort((a, b) => (order.byDistance ? a.d - b.d : 0) || a.id - b.id);
      return { ids: members.map((m) => m.id), spread: members.reduce((s, m) => s + m.d, 0) / members.length };
    });
  shaped.sort((a, b) => (order.byDiversity ? b.spread - a.spread : 0) || b.ids.length - a.ids.length || Math.min(...a.ids) - Math.min(...b.ids));
  return { clustered_content_ids: shaped.map((s) => s.ids), average_distance_between_cluster_elements_and_cluster_center: n === 0 ? null : total / n };
}

function kmeansGroups(items: Item[], k: number): Item[][] {
  const data = items.map((x) => unit(x.vector));
  let best: { inertia: number; clusters: number[] } | undefined;
  for (let seed = 1; seed <= 5; seed++) {
    const r = kmeans(data, k, { seed, initialization: 'kmeans++', maxIterations: 300 });
    const inertia = data.reduce((s, v, i) => s + v.reduce((t, x, d) => t + (x - r.centroids[r.clusters[i]][d]) ** 2, 0), 0);
    if (!best || inertia < best.inertia - 1e-12) best = { inertia, clusters: r.clusters };
  }
  const groups: Item[][] = Array.from({ length: k }, () => []);
  best!.clusters.forEach((c, i) => groups[c].push(items[i]));
  return groups.filter((g) => g.length > 0);
}

/** Mean silhouette with cosine distance; a singleton scores 0, as is usual. */
function silhouette(groups: Item[][], dist: (a: Item, b: Item) => number): number {
  let sum = 0;
  let n = 0;
  for (const g of groups) {
    for (const x of g) {
      n += 1;
      if (g.length === 1) continue;
      const a = g.reduce((s, y) => s + (y === x ? 0 : dist(x, y)), 0) / (g.length - 1);
      const b = Math.min(...groups.filter((h) => h !== g).map((h) => h.reduce((s, y) => s + dist(x, y), 0) / h.length));
      sum += Math.max(a, b) === 0 ? 0 : (b - a) / Math.max(a, b);
    }
  }
  return n === 0 ? 0 : sum / n;
}

export function clusterByNumber(items: Item[], k: number | null, order: Order): Clustering {
  const n = items.length;
  if (n === 0) return present([], order);
  if (k != null && k > 1) {
    if (k > n) fail(`nr_of_clusters ${k} is more than the ${n} contents to cluster`);
    return present(kmeansGroups(items, k), order);
  }
  if (n < 3) return present([items], order);
  const memo = new Map<string, number>();
  const dist = (a: Item, b: Item) => {
    const key = a.id < b.id ? `${a.id}:${b.id}` : `${b.id}:${a.id}`;
    let d = memo.get(key);
    if (d === undefined) memo.set(key, (d = cosineDistance(a.vector, b.vector)));
    return d;
  };
  let best: { score: number; groups: Item[][] } | undefined;
  for (let kk = 2; kk <= Math.min(10, n - 1); kk++) {
    const groups = kmeansGroups(items, kk);
    const score = silhouette(groups, dist);
    if (!best || score > best.score + 1e-12) best = { score, groups };
  }
  return present(best!.groups, order);
}

/** Average linkage: d(A ∪ B, C) = (|A|·d(A, C) + |B|·d(B, C)) / (|A| + |B|). */
export function clusterBySimilarity(items: Item[], threshold: number, order: Order): Clustering {
  const groups = items.map((x) => [x]);
  const d = items.map((a) => items.map((b) => cosineDistance(a.vector, b.vector)));
  const alive = items.map(() => true);
  for (;;) {
    let bi = -1;
    let bj = -1;
    let bd = Number.POSITIVE_INFINITY;
    for (let i = 0; i < groups.length; i++) {
      if (!alive[i]) continue;
      for (let j = i + 1; j < groups.length; j++) if (alive[j] && d[i][j] < bd) [bi, bj, bd] = [i, j, d[i][j]];
    }
    if (bi < 0 || bd > threshold) break;
    const [ni, nj] = [groups[bi].length, groups[bj].length];
    for (let k = 0; k < groups.length; k++) {
      if (!alive[k] || k === bi || k === bj) continue;
      d[bi][k] = d[k][bi] = (ni * d[bi][k] + nj * d[bj][k]) / (ni + nj);
    }
    groups[bi].push(...groups[bj]);
    alive[bj] = false;
  }
  return present(
    groups.filter((_, i) => alive[i]),
    order,
  );
}
