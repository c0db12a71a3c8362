import { describe, expect, it } from 'vitest';
import { pairRows } from '../../../src/components/duplicates/pairs.js';
import type { DuplicateGroup } from '../../../src/contract/views.js';

const group = (keep: number, members: [number, number][], related: [number, number, number][] = []): DuplicateGroup => ({
  ids: [keep, ...members.map(([id]) => id)].sort((a, b) => a - b),
  keep,
  keep_reason: '',
  pairs: members.map(([id, s]) => ({ a: keep, b: id, stage: 'embedding', similarity: s })),
  related: related.map(([a, b, s]) => ({ a, b, stage: 'embedding', similarity: s })),
});

describe('pairRows', () => {
  it('lists keeper–member and related pairs, most similar first', () => {
    const rows = pairRows([group(1, [[2, 0.95], [3, 0.81]], [[3, 7, 0.9]]), group(7, [[8, 1]])]);
    expect(rows.map((r) => [r.a, r.b, r.similarity, r.group])).toEqual([
      [7, 8, 1, 1],
      [1, 2, 0.95, 0],
      [3, 7, 0.9, null],
      [1, 3, 0.81, 0],
    ]);
  });

  it('lists an unordered pair once, as a group pair when both groups name it', () => {
    const rows = pairRows([group(1, [[2, 0.9]], [[2, 1, 0.9]]), group(5, [[6, 0.93]], [[6, 5, 0.93]])]);
    expect(rows).toHaveLength(2);
    expect(rows.every((r) => r.group !== null)).toBe(true);
  });

  it('breaks similarity ties by ids and gives nothing for no groups', () => {
    const rows = pairRows([group(4, [[9, 0.9]]), group(2, [[3, 0.9]])]);
    expect(rows.map((r) => r.a)).toEqual([2, 4]);
    expect(pairRows([])).toEqual([]);
  });
});
