/** Shared settings for the cloud tests: fast retries and polling, tiny images. */
import type { RetryPolicy } from '../../../src/cloud/index.js';

export const fastRetry: RetryPolicy = { limit: 3, baseDelayMs: 1, maxDelayMs: 4 };
export const fastPoll = { intervalMs: 5, backoff: 1.2, maxIntervalMs: 20 };

/** A small valid-looking JPEG blob (the servers check type and size, not pixels). */
export function jpeg(seed: number, bytes = 64): Blob {
  const data = new Uint8Array(bytes);
  data[0] = 0xff;
  data[1] = 0xd8;
  for (let i = 2; i < bytes; i++) data[i] = (seed * 31 + i * 7) & 0xff;
  return new Blob([data], { type: 'image/jpeg' });
}

/** Await a rejection and return the error (fails the test if it resolves). */
export async function rejection(p: Promise<unknown>): Promise<Error> {
  try {
    await p;
  } catch (e) {
    return e as Error;
  }
  throw new Error('expected a rejection');
}
