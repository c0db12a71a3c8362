/**
 * Named exclusive locks across tabs and workers of an origin (Web Locks API).
 * Where the API is missing (Node, old browsers) an in-process queue keeps one
 * context's writers apart; the commit transaction's own duplicate check still
 * keeps ingest exactly-once between contexts.
 */
import { throwIfAborted } from '../contract/errors.js';

export interface LockOptions {
  /** Stop waiting (the lock is then never taken). */
  signal?: AbortSignal;
  /** Called once when the lock is held by someone else and `fn` must wait. */
  onWait?: () => void;
}

const local = new Map<string, Promise<unknown>>();

async function withLocalLock<T>(name: string, fn: () => Promise<T>, options: LockOptions): Promise<T> {
  const before = local.get(name);
  let release!: () => void;
  const mine = new Promise<void>((r) => (release = r));
  const tail = (before ?? Promise.resolve()).then(() => mine);
  local.set(name, tail);
  try {
    if (before) {
      options.onWait?.();
      await before;
    }
    throwIfAborted(options.signal);
    return await fn();
  } finally {
    release();
    if (local.get(name) === tail) local.delete(name);
  }
}

export async function withLock<T>(name: string, fn: () => Promise<T>, options: LockOptions = {}): Promise<T> {
  const locks = (globalThis as { navigator?: { locks?: LockManager } }).navigator?.locks;
  if (!locks) return withLocalLock(name, fn, options);
  throwIfAborted(options.signal);
  // Try first without waiting, so the caller can say why it waits.
  const now = await locks.request(name, { ifAvailable: true }, async (lock) => (lock ? { value: await fn() } : null));
  if (now) return now.value;
  options.onWait?.();
  try {
    return await locks.request(name, { signal: options.signal }, () => fn());
  } catch (e) {
    throwIfAborted(options.signal);
    throw e;
  }
}
