/**
 * Cluster balancing (the `data_balance` job): which rows to remove from over-represented clusters and
 * which to use as seeds ("find more like these") for under-represented ones.
 *
 * Input: clusters sorted by decreasing diversity, members sorted by distance
 * to their centroid (closest first) — exactly what cluster_by_number_of_clusters
 * returns with both sort options on.
 *
 * Rule:
 * 1. Forbidden ids that are clustered come first in the remove list, in the
 *    given order, and no longer count toward their cluster's size. They are
 *    never sources.
 * 2. Target size T = the median of the remaining non-empty cluster sizes,
 *    rounded (or `options.targetSize`).
 * 3. Over-represented (size > T): remove the most redundant members first —
 *    those closest to the centroid (the typical ones carry the least new
 *    information). When `inliersToOutliers` is given, a
 *    member's redundancy is the mean of its relative position in the cluster
 *    (0 = closest) and in that ranking (0 = most inlier), so rows typical for
 *    the whole set go first and outliers are kept as diversity. Essential ids
 *    are never removed. Removals are interleaved across clusters: always from
 *    the currently largest cluster (ties: the less diverse one), so any
 *    prefix of the list is the best partial balancing.
 * 4. Under-represented (0 < size < T): list up to min(size, T − size) seeds
 *    per cluster — essential members first (their order), then the others
 *    closest to the centroid first — interleaved by largest remaining deficit
 *    (ties: the more diverse cluster), counting each listed seed as one more
 *    item to come.
 * Ids in the optional lists that are not clustered are ignored.
 */
import { ValidationError } from '../../contract/errors.js';
import { checkInt } from '../../contract/validate.js';
import { medianOf } from '../base/index.js';

/** Options of {@link balanceClusters}. */
export interface BalanceOptions {
  /** Ids ranked from most inlier to most outlier (e.g. from findOutliers); blends into the removal order. */
  inliersToOutliers?: readonly number[] | null;
  /** Ids never removed, listed first among seeds (in their order). */
  essential?: readonly number[] | null;
  /** Ids removed first (in their order), never seeds. */
  forbidden?: readonly number[] | null;
  /** Size every cluster is balanced toward. @defaultValue the rounded median of the non-empty cluster sizes (forbidden ids set aside) */
  targetSize?: number;
}

/** Removal and seed lists, each in priority order (any prefix is the best partial balancing). */
export interface BalanceResult {
  remove: number[];
  source: number[];
}

/**
 * Balance clusters following the rule in this module's header.
 * @param clusters - clusters by decreasing diversity, members closest to the centroid first; each id once
 * @throws ValidationError naming the field for malformed input (non-int ids, an id twice, an id both essential and forbidden)
 */
export function balanceClusters(clusters: readonly (readonly number[])[], options: BalanceOptions = {}): BalanceResult {
  readIdLists(clusters, 'clusters');
  const inlierRank = readIdList(options.inliersToOutliers, 'options.inliersToOutliers');
  const essential = readIdList(options.essential, 'options.essential');
  const forbidden = readIdList(options.forbidden, 'options.forbidden');
  const target0 = options.targetSize === undefined ? undefined : checkInt(options.targetSize, 'options.targetSize', 1);
  const essentialPos = positions(essential);
  const forbiddenSet = new Set(forbidden);
  forbidden.forEach((id, j) => {
    if (essentialPos.has(id)) throw new ValidationError(`options.forbidden[${j}]`, 'id not also in options.essential');
  });
  const clustered = new Set(clusters.flat());
  const remove: number[] = forbidden.filter((id) => clustered.has(id));
  const kept = clusters.map((c) => c.filter((id) => !forbiddenSet.has(id)));

  const sizes = kept.map((c) => c.length).filter((s) => s > 0);
  const target = target0 ?? (sizes.length ? Math.round(medianOf(sizes)) : 0);

  // 3. Over-represented clusters: removable members in redundancy order.
  const inlierPos = positions(inlierRank);
  const denom = Math.max(1, inlierRank.length - 1);
  const over = kept
    .map((members, ci) => {
      const s = members.length;
      const keyed = members.map((id, p) => {
        const pc = s > 1 ? p / (s - 1) : 0;
        const q = inlierPos.get(id);
        return { id, key: q === undefined ? pc : (pc + q / denom) / 2, p };
      });
      const removable = keyed.filter((m) => !essentialPos.has(m.id)).sort((x, y) => x.key - y.key || x.p - y.p);
      return { ci, size: s, queue: removable.map((m) => m.id), next: 0 };
    })
    .filter((c) => c.size > target && c.queue.length > 0);
  for (;;) {
    let pick = -1;
    for (let j = 0; j < over.length; j++) {
      const c = over[j];
      if (c.size <= target || c.next >= c.queue.length) continue;
      if (pick < 0 || c.size > over[pick].size || (c.size === over[pick].size && c.ci > over[pick].ci)) pick = j;
    }
    if (pick < 0) break;
    const c = over[pick];
    remove.push(c.queue[c.next++]);
    c.size--;
  }

  // 4. Under-represented clusters: seeds, essential first.
  const under = kept
    .map((members, ci) => {
      const ess = members.filter((id) => essentialPos.has(id)).sort((x, y) => essentialPos.get(x)! - essentialPos.get(y)!);
      const rest = members.filter((id) => !essentialPos.has(id));
      const s = members.length;
      return { ci, virtual: s, quota: Math.min(s, target - s), seeds: [...ess, ...rest], next: 0 };
    })
    .filter((c) => c.seeds.length > 0 && c.virtual < target);
  const source: number[] = [];
  for (;;) {
    let pick = -1;
    for (let j = 0; j < under.length; j++) {
      const c = under[j];
      if (c.next >= c.quota) continue;
      if (pick < 0 || c.virtual < under[pick].virtual || (c.virtual === under[pick].virtual && c.ci < under[pick].ci)) pick = j;
    }
    if (pick < 0) break;
    const c = under[pick];
    source.push(c.seeds[c.next++]);
    c.virtual++;
  }
  return { remove, source };
}

/** Lists of ids, each id in one list once; a ValidationError names `field[i][j]`. */
export function readIdLists(value: unknown, field: string): number[][] {
  if (!Array.isArray(value)) throw new ValidationError(field, 'list of lists of int');
  const seen = new Set<number>();
  return value.map((c, i) => {
    if (!Array.isArray(c)) throw new ValidationError(`${field}[${i}]`, 'list of int');
    return c.map((id, j) => {
      if (!Number.isSafeInteger(id)) throw new ValidationError(`${field}[${i}][${j}]`, 'int');
      if (seen.has(id)) throw new ValidationError(`${field}[${i}][${j}]`, 'each id in one cluster once', `${field}[${i}][${j}]: id ${id} appears twice`);
      seen.add(id);
      return id as number;
    });
  });
}

/** An optional list of distinct ids (null/undefined = empty); a ValidationError names `field[j]`. */
export function readIdList(value: unknown, field: string): number[] {
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value)) throw new ValidationError(field, 'list of int or None');
  const seen = new Set<number>();
  value.forEach((id, j) => {
    if (!Number.isSafeInteger(id)) throw new ValidationError(`${field}[${j}]`, 'int');
    if (seen.has(id)) throw new ValidationError(`${field}[${j}]`, 'each id once', `${field}[${j}]: id ${id} appears twice`);
    seen.add(id);
  });
  return value as number[];
}

function positions(list: readonly number[]): Map<number, number> {
  return new Map(list.map((id, j) => [id, j]));
}
