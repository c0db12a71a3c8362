import { describe, expect, it } from 'vitest';
import { CancelledError } from '../../../../src/contract/errors.js';
import { cascade, type CascadeItem } from '../../../../src/core/dedupe/cascade.js';
import { normalizeRows } from '../../../../src/core/base/matrix.js';
import { Rng } from '../../../../src/core/base/random.js';

/** Vectors: rows 0..39 random (distinct), row 40 = near copy of row 3 (cos ≈ 0.97), row 41 = far copy of row 5 (cos ≈ 0.75). */
function vectors() {
  const dim = 128;
  const r = new Rng(11);
  const data = new Float32Array(42 * dim);
  for (let i = 0; i < 40 * dim; i++) data[i] = r.normal();
  normalizeRows({ data, n: 42, dim });
  for (let d = 0; d < dim; d++) {
    data[40 * dim + d] = data[3 * dim + d] + (r.normal() * 0.25) / Math.sqrt(dim);
    data[41 * dim + d] = data[5 * dim + d] + (r.normal() * 0.88) / Math.sqrt(dim);
  }
  return normalizeRows({ data, n: 42, dim });
}

const vs = vectors();
const archive: CascadeItem[] = Array.from({ length: 20 }, (_, i) => ({ byteHash: `b${i}`, pixelHash: `p${i}`, phash: BigInt(i) << 40n, vector: i }));

describe('cascade', () => {
  it('reports the first stage that catches each item and what it matched', async () => {
    const batch: CascadeItem[] = [
      { byteHash: 'b7', vector: 7 }, // 0: same bytes as archive 7
      { byteHash: 'x1', pixelHash: 'p9', vector: 9 }, // 1: same pixels as archive 9
      { byteHash: 'x2', phash: (9n << 40n) ^ 0b111n, vector: 25 }, // 2: phash 3 bits from archive 9
      { byteHash: 'x3', vector: 40 }, // 3: embedding near copy of archive 3
      { byteHash: 'x4', vector: 41 }, // 4: far copy of archive 5 (rule band)
      { byteHash: 'x5', vector: 30 }, // 5: new
      { byteHash: 'x5', vector: 31 }, // 6: same bytes as batch 5
      { byteHash: 'x7' }, // 7: nothing to compare
    ];
    const res = await cascade(batch, archive, { vectors: vs });
    const by = Object.fromEntries(res.redundant.map((m) => [m.index, m]));
    expect(by[0]).toMatchObject({ stage: 'bytes', matched: { in: 'archive', index: 7 }, similarity: 1 });
    expect(by[1]).toMatchObject({ stage: 'pixels', matched: { in: 'archive', index: 9 } });
    expect(by[2]).toMatchObject({ stage: 'phash', matched: { in: 'archive', index: 9 }, similarity: 1 - 3 / 64 });
    expect(by[3]).toMatchObject({ stage: 'embedding', matched: { in: 'archive', index: 3 } });
    expect(by[3].similarity).toBeGreaterThan(0.92);
    expect(by[4]).toMatchObject({ stage: 'embedding', matched: { in: 'archive', index: 5 } });
    expect(by[4].similarity).toBeLessThan(0.92);
    expect(by[6]).toMatchObject({ stage: 'bytes', matched: { in: 'batch', index: 5 } });
    expect(res.kept).toEqual([5, 7]);
  });

  it('keeps the first of each group within a batch and honours the modes', async () => {
    const batch: CascadeItem[] = [{ vector: 3 }, { vector: 40 }, { vector: 12 }, { byteHash: 'b12', vector: 12 }];
    const inBatch = await cascade(batch, archive, { vectors: vs, againstArchive: false });
    expect(inBatch.redundant.map((m) => [m.index, m.stage, m.matched.in, m.matched.index])).toEqual([
      [1, 'embedding', 'batch', 0],
      [3, 'embedding', 'batch', 2],
    ]);
    expect(inBatch.redundant[1].similarity).toBeCloseTo(1, 5);
    const vsArchive = await cascade(batch, archive, { vectors: vs, withinBatch: false });
    expect(vsArchive.redundant.map((m) => [m.index, m.stage, m.matched.index])).toEqual([
      [0, 'embedding', 3],
      [1, 'embedding', 3],
      [2, 'embedding', 12],
      [3, 'bytes', 12],
    ]);
    expect((await cascade(batch, archive, { vectors: vs, withinBatch: false, againstArchive: false })).redundant).toEqual([]);
  });

  it('phash radius is configurable and -1 turns the stage off', async () => {
    const o = { vectors: vs };
    const nine: CascadeItem[] = [{ phash: (4n << 40n) ^ 0x1ffn }]; // 9 bits from archive 4
    expect((await cascade(nine, archive, o)).redundant).toEqual([]);
    expect((await cascade(nine, archive, { ...o, phashRadius: 9 })).redundant[0]).toMatchObject({ stage: 'phash', matched: { index: 4 } });
    const eight: CascadeItem[] = [{ phash: (4n << 40n) ^ 0xffn }];
    expect((await cascade(eight, archive, o)).redundant[0]).toMatchObject({ stage: 'phash', matched: { index: 4 } });
    expect((await cascade(eight, archive, { ...o, phashRadius: -1 })).redundant).toEqual([]);
    const bytes = new Uint8Array(8);
    bytes[5] = 4;
    expect((await cascade([{ phash: bytes }], archive, { ...o, phashRadius: 0 })).redundant[0]).toMatchObject({ stage: 'phash', matched: { index: 4 }, similarity: 1 });
  });

  it('similarAllowed: an item is redundant only once that many distinct similar items exist, counted over all stages', async () => {
    // Archive 3 and 40 (its near copy) are both in the archive; batch item 0 is another copy of 3.
    const arch: CascadeItem[] = [...archive, { byteHash: 'c40', vector: 40 }];
    const copyOf3: CascadeItem = { byteHash: 'b3', vector: 3 }; // same bytes as archive 3, embedding-similar to archive 20 (row 40)
    expect((await cascade([copyOf3], arch, { vectors: vs })).redundant[0]).toMatchObject({ stage: 'bytes', matched: { in: 'archive', index: 3 } });
    const two = await cascade([copyOf3], arch, { vectors: vs, similarAllowed: 2 });
    // Two distinct similar items (archive 3 by bytes and by embedding, archive 20 by embedding): redundant, evidence from the first stage.
    expect(two.redundant).toEqual([expect.objectContaining({ index: 0, stage: 'bytes', matched: { in: 'archive', index: 3 } })]);
    expect((await cascade([copyOf3], arch, { vectors: vs, similarAllowed: 3 })).kept).toEqual([0]);
    // Within a batch: five copies of one item with 2 allowed keep the first two.
    const five: CascadeItem[] = Array.from({ length: 5 }, () => ({ byteHash: 'same', vector: 30 }));
    const r = await cascade(five, [], { vectors: vs, similarAllowed: 2 });
    expect(r.kept).toEqual([0, 1]);
    expect(r.redundant.map((m) => [m.index, m.matched.index])).toEqual([[2, 0], [3, 0], [4, 0]]);
    await expect(cascade(five, [], { vectors: vs, similarAllowed: 0 })).rejects.toThrow(expect.objectContaining({ field: 'similarAllowed' }));
  });

  it('validates items and options with the offending field', async () => {
    await expect(cascade([{ vector: 3 }], [])).rejects.toThrow(expect.objectContaining({ field: 'vectors' }));
    await expect(cascade([{ vector: 99 }], [], { vectors: vs })).rejects.toThrow(expect.objectContaining({ field: 'batch[0].vector' }));
    await expect(cascade([], [{ phash: -5n }])).rejects.toThrow(expect.objectContaining({ field: 'archive[0].phash' }));
    await expect(cascade([], [], { phashRadius: 65 })).rejects.toThrow(expect.objectContaining({ field: 'phashRadius' }));
    await expect(cascade([], [], { rule: { high: 2 } })).rejects.toThrow(expect.objectContaining({ field: 'rule.high' }));
    const ac = new AbortController();
    ac.abort();
    await expect(cascade([{ byteHash: 'a' }], [], { signal: ac.signal })).rejects.toThrow(CancelledError);
  });
});
