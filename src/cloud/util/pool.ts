/** Run tasks with bounded concurrency; stop scheduling at the first failure. */
import { CancelledError } from '../../contract/errors.js';

/**
 * Calls `worker` for each item with at most `concurrency` in flight. On the
 * first rejection no new item starts; in-flight ones finish (so their results
 * can be checkpointed) and then the first error is thrown.
 */
export async function runPool<T>(
  items: readonly T[],
  concurrency: number,
  worker: (item: T, index: number) => Promise<void>,
  signal?: AbortSignal,
): Promise<void> {
  let next = 0;
  let failure: { error: unknown } | undefined;
  const lane = async () => {
    while (failure === undefined && next < items.length) {
      if (signal?.aborted) {
        failure ??= { error: new CancelledError() };
        return;
      }
      const i = next++;
      try {
        await worker(items[i], i);
      } catch (error) {
        failure ??= { error };
      }
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(concurrency, items.length)) }, lane));
  if (failure) throw failure.error;
}
