/** The pair list of <curate-duplicates>: every accepted pair of the groups found, most similar first. */
import type { DuplicateGroup, DuplicatePair } from '../../contract/views.js';
import { pairKey } from '../../contract/pair-key.js';

export interface PairRow extends DuplicatePair {
  /** Index of the group the pair belongs to (keeper–member), or null for a related pair (links two groups; never marked). */
  group: number | null;
}

/**
 * Keeper–member pairs and related pairs of `groups`, each unordered pair once (a keeper–member
 * listing wins over a related one), sorted by similarity descending, then by ids.
 */
export function pairRows(groups: readonly DuplicateGroup[]): PairRow[] {
  const rows = new Map<string, PairRow>();
  const key = (p: DuplicatePair) => pairKey(p.a, p.b);
  groups.forEach((g, i) => {
    for (const p of g.pairs) rows.set(key(p), { ...p, group: i });
  });
  for (const g of groups) {
    for (const p of g.related) if (!rows.has(key(p))) rows.set(key(p), { ...p, group: null });
  }
  return [...rows.values()].sort((x, y) => y.similarity - x.similarity || Math.min(x.a, x.b) - Math.min(y.a, y.b) || Math.max(x.a, x.b) - Math.max(y.a, y.b));
}
