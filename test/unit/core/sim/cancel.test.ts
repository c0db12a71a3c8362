/**
 * The long similarity calls are time-sliced: an abort raised from the event
 * loop (as a worker's cancel message would) lands while the call is running,
 * not after it. Each case aborts from a macrotask scheduled at the first
 * progress report, so the abort can only arrive if the call yields; the call
 * must then reject with CancelledError before reporting completion.
 */
import { describe, expect, it } from 'vitest';
import { CancelledError } from '../../../../src/contract/errors.js';
import { knnAll } from '../../../../src/core/search/knn.js';
import { neighborsAndPairs } from '../../../../src/core/search/neighbors.js';
import { nearDuplicates, similarPairs } from '../../../../src/core/dedupe/neardup.js';
import { contentScores } from '../../../../src/core/rank/content-scores.js';
import { searchExact } from '../../../../src/core/search/exact.js';
import type { RunOptions } from '../../../../src/core/base/index.js';
import { randomUnit } from './helpers.js';

/** Large enough that every call below computes for well over one 40 ms time slice. */
const big = randomUnit(6000, 384, 11);
const queries = randomUnit(1000, 384, 12);

async function abortMidCall(call: (o: RunOptions) => Promise<unknown>): Promise<number[]> {
  const ac = new AbortController();
  const seen: number[] = [];
  let scheduled = false;
  const run = call({
    signal: ac.signal,
    onProgress: (f) => {
      seen.push(f);
      if (!scheduled) {
        scheduled = true;
        setImmediate(() => ac.abort());
      }
    },
  });
  await expect(run).rejects.toThrow(CancelledError);
  return seen;
}

describe('cancellation inside long core calls', () => {
  it.each<[string, (o: RunOptions) => Promise<unknown>]>([
    ['knnAll', (o) => knnAll(big, 10, o)],
    ['neighborsAndPairs', (o) => neighborsAndPairs(big, 10, 0.9, o)],
    ['similarPairs', (o) => similarPairs(big, 0.9, o)],
    ['nearDuplicates', (o) => nearDuplicates(big, undefined, o)],
    ['contentScores', (o) => contentScores(big, { k: 10, ...o })],
    ['searchExact', (o) => searchExact(big, queries, 10, o)],
  ])('%s rejects with CancelledError mid-call, progress monotone and short of 1', async (_name, call) => {
    const seen = await abortMidCall(call);
    expect(seen.length).toBeGreaterThan(0);
    for (let i = 1; i < seen.length; i++) expect(seen[i]).toBeGreaterThanOrEqual(seen[i - 1]);
    expect(seen.at(-1)!).toBeLessThan(1);
  });

  it('an aborted signal rejects before any work, and the same call completes without one', async () => {
    const ac = new AbortController();
    ac.abort();
    await expect(similarPairs(big, 0.9, { signal: ac.signal })).rejects.toThrow(CancelledError);
    const seen: number[] = [];
    const small = randomUnit(300, 16, 3);
    await similarPairs(small, 0.9, { onProgress: (f) => seen.push(f) });
    expect(seen.at(-1)).toBe(1);
  });
});
