/** "Keep the best of each group" rules. */
import type { ContentView } from '../../contract/views.js';
import type { DuplicateGroup } from '../../contract/views.js';

export type KeepRule = 'suggested' | 'largest' | 'sharpest';

export function bestByRule(group: DuplicateGroup, rule: KeepRule, byId: ReadonlyMap<number, ContentView>): number {
  if (rule === 'suggested') return group.keep;
  const area = (id: number) => (byId.get(id)?.width ?? 0) * (byId.get(id)?.height ?? 0);
  const bytes = (id: number) => byId.get(id)?.size ?? 0;
  const sharp = (id: number) => byId.get(id)?.quality?.sharpness ?? Number.NEGATIVE_INFINITY;
  const order = rule === 'largest'
    ? (a: number, b: number) => area(b) - area(a) || bytes(b) - bytes(a) || a - b
    : (a: number, b: number) => sharp(b) - sharp(a) || area(b) - area(a) || a - b;
  return [...group.ids].sort(order)[0];
}

/** The strongest evidence linking `id` to the rest of its group. */
export function evidenceFor(group: DuplicateGroup, id: number): DuplicateGroup['pairs'][number] | null {
  const rank = { bytes: 0, pixels: 1, phash: 2, embedding: 3 } as const;
  const mine = group.pairs.filter((p) => p.a === id || p.b === id);
  return mine.sort((x, y) => rank[x.stage] - rank[y.stage] || y.similarity - x.similarity)[0] ?? null;
}
