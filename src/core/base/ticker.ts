/**
 * Cooperative scheduling for long synchronous math in a worker: a loop calls
 * `ticker.tick()` between blocks; every `sliceMs` it yields to the event loop
 * (so an abort message can arrive and flip the AbortSignal) and then throws
 * CancelledError if the signal was aborted. Without yielding, a worker busy in
 * one long loop never sees the abort.
 */
import { throwIfAborted } from '../../contract/errors.js';

/** Resolve on the next macrotask: setImmediate in Node, a MessageChannel hop in browsers/workers. */
export function yieldToEventLoop(): Promise<void> {
  const g = globalThis as { setImmediate?: (cb: () => void) => unknown };
  if (typeof g.setImmediate === 'function') return new Promise((resolve) => g.setImmediate!(resolve));
  if (typeof MessageChannel === 'function') {
    return new Promise((resolve) => {
      const ch = new MessageChannel();
      ch.port1.onmessage = () => {
        ch.port1.close();
        resolve();
      };
      ch.port2.postMessage(null);
    });
  }
  return new Promise((resolve) => setTimeout(resolve, 0));
}

/** Options every long grouping operation accepts. */
export interface RunOptions {
  /** Cancels the operation: it rejects with CancelledError at the next check. */
  signal?: AbortSignal;
  /** Called with the fraction done, 0..1, non-decreasing. */
  onProgress?: (fraction: number) => void;
}

/** Time-sliced yielding, abort checks and monotone progress for one operation. */
export class Ticker {
  private last = now();
  private lastProgress = 0;

  /**
   * @param signal checked at every yield
   * @param onProgress receives fractions mapped into [from, to]
   * @param sliceMs how long to compute between yields
   */
  constructor(
    private readonly signal: AbortSignal | undefined,
    private readonly onProgress: ((fraction: number) => void) | undefined,
    private readonly sliceMs = 40,
    private readonly from = 0,
    private readonly to = 1,
  ) {
    throwIfAborted(signal);
  }

  /**
   * Returns a promise when it is time to yield (await it), otherwise undefined,
   * so hot loops pay no microtask per block: `const p = t.tick(); if (p) await p;`.
   */
  tick(): Promise<void> | undefined {
    // An abort raised on this thread (or seen at an earlier yield) stops at once, not a slice later.
    if (this.signal?.aborted) throwIfAborted(this.signal);
    if (now() - this.last < this.sliceMs) return undefined;
    return this.pause();
  }

  /** Yield now and check the signal. */
  async pause(): Promise<void> {
    await yieldToEventLoop();
    this.last = now();
    throwIfAborted(this.signal);
  }

  /** Report progress (fraction of this ticker's span, clamped, never decreasing). */
  progress(fraction: number): void {
    const f = this.from + (this.to - this.from) * Math.min(1, Math.max(0, fraction));
    if (f < this.lastProgress) return;
    this.lastProgress = f;
    this.onProgress?.(f);
  }

  /** A ticker for a sub-range [a, b] of this one's span (same signal and callback). */
  sub(a: number, b: number): Ticker {
    const span = this.to - this.from;
    const t = new Ticker(this.signal, this.onProgress, this.sliceMs, this.from + span * a, this.from + span * b);
    t.lastProgress = this.lastProgress;
    return t;
  }

  /** Throw CancelledError now if aborted (no yield). */
  check(): void {
    throwIfAborted(this.signal);
  }
}

function now(): number {
  return typeof performance !== 'undefined' ? performance.now() : Date.now();
}
