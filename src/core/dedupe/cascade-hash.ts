/**
 * The hash stages of the redundancy cascade: equal byte hashes, equal
 * decoded-pixel hashes, perceptual hashes within a Hamming radius. Each
 * returns up to `limit` matches of every batch item it looks at (archive
 * items first, then earlier batch items; phash matches closest first), so the
 * cascade can both name the closest match and count matches against
 * `similarAllowed`.
 */
import { throwIfAborted } from '../../contract/errors.js';
import { popcount32 } from '../image/index.js';
import type { CascadeItem, CascadeMatch, ItemRef } from './cascade-types.js';

export interface StageScope {
  withinBatch: boolean;
  againstArchive: boolean;
  /** Batch indices to look at. */
  pending: number[];
  /** Matches wanted per item at most (the cascade's allowance): more cannot change its decision. */
  limit: number;
  signal?: AbortSignal;
}

/** Matches by equal `key` (byteHash or pixelHash). */
export function equalHashMatches(batch: CascadeItem[], archive: CascadeItem[], key: 'byteHash' | 'pixelHash', scope: StageScope): Map<number, CascadeMatch[]> {
  const refs = new Map<string, ItemRef[]>();
  const add = (h: string | null | undefined, ref: ItemRef) => {
    if (!h) return;
    const list = refs.get(h);
    if (list) list.push(ref);
    else refs.set(h, [ref]);
  };
  if (scope.againstArchive) archive.forEach((it, i) => add(it[key], { in: 'archive', index: i }));
  if (scope.withinBatch) batch.forEach((it, i) => add(it[key], { in: 'batch', index: i }));
  const stage = key === 'byteHash' ? 'bytes' : 'pixels';
  const out = new Map<number, CascadeMatch[]>();
  for (const i of scope.pending) {
    const h = batch[i][key];
    if (!h) continue;
    // refs are archive items first, then batch items in order: stop at this item or at the limit.
    const ms: CascadeMatch[] = [];
    for (const matched of refs.get(h) ?? []) {
      if (ms.length >= scope.limit || (matched.in === 'batch' && matched.index >= i)) break;
      ms.push({ index: i, stage, matched, similarity: 1 });
    }
    if (ms.length) out.set(i, ms);
  }
  return out;
}

/** Matches by perceptual hash within `radius` bits, closest first (ties: archive before batch, lower index). */
export function phashMatches(halves: { batch: ([number, number] | null)[]; archive: ([number, number] | null)[] }, radius: number, scope: StageScope): Map<number, CascadeMatch[]> {
  const out = new Map<number, CascadeMatch[]>();
  for (const [x, i] of scope.pending.entries()) {
    const mine = halves.batch[i];
    if (!mine) continue;
    if ((x & 63) === 0) throwIfAborted(scope.signal);
    const [lo, hi] = mine;
    const found: { d: number; ref: ItemRef }[] = [];
    const scan = (list: ([number, number] | null)[], where: ItemRef['in'], end: number) => {
      for (let j = 0; j < end; j++) {
        const h = list[j];
        if (!h) continue;
        const d = popcount32(lo ^ h[0]) + popcount32(hi ^ h[1]);
        if (d <= radius) found.push({ d, ref: { in: where, index: j } });
      }
    };
    if (scope.againstArchive) scan(halves.archive, 'archive', halves.archive.length);
    if (scope.withinBatch) scan(halves.batch, 'batch', i);
    if (!found.length) continue;
    // Stable sort: equal distances keep archive-before-batch, lower index first.
    found.sort((a, b) => a.d - b.d);
    out.set(i, found.slice(0, scope.limit).map(({ d, ref }) => ({ index: i, stage: 'phash', matched: ref, similarity: 1 - d / 64 })));
  }
  return out;
}
