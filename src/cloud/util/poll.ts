/** Abortable sleep and a generic poll loop with backoff. */
import { CancelledError, NetworkError } from '../../contract/errors.js';

/** How a long-running remote operation is polled. */
export interface PollOptions {
  /** First wait between two status requests. @defaultValue 2000 */
  intervalMs?: number;
  /** Each wait is the previous one times this factor. @defaultValue 1.5 */
  backoff?: number;
  /** Cap on one wait. @defaultValue 30000 */
  maxIntervalMs?: number;
  /** Give up (NetworkError with `details.timeout`) after this long; none by default. */
  timeoutMs?: number;
}

/** Resolve after `ms`, or reject with CancelledError as soon as `signal` aborts. */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(new CancelledError());
    const onAbort = () => {
      clearTimeout(timer);
      reject(new CancelledError());
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

/**
 * Call `check` until it returns a value other than undefined. Waits grow
 * geometrically from `intervalMs` to `maxIntervalMs`.
 */
export async function pollUntil<T>(
  check: () => Promise<T | undefined>,
  what: string,
  options: PollOptions = {},
  signal?: AbortSignal,
): Promise<T> {
  const started = Date.now();
  let wait = options.intervalMs ?? 2000;
  const factor = options.backoff ?? 1.5;
  const cap = options.maxIntervalMs ?? 30_000;
  for (;;) {
    if (signal?.aborted) throw new CancelledError();
    const value = await check();
    if (value !== undefined) return value;
    if (options.timeoutMs !== undefined && Date.now() - started + wait > options.timeoutMs) {
      throw new NetworkError(`${what}: still not finished after ${options.timeoutMs} ms of polling`, { timeout: true });
    }
    await sleep(wait, signal);
    wait = Math.min(cap, wait * factor);
  }
}
