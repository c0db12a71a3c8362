/**
 * spaceWarning: the pre-job storage warning. navigator.storage.estimate() is the browser's,
 * stood in for here (Node has none); the real exhaustion path is test/browser/quota.spec.ts.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { spaceWarning } from '../../../src/store/store.js';

const realNavigator = Object.getOwnPropertyDescriptor(globalThis, 'navigator');
function estimateGives(value: { usage?: number; quota?: number } | Error): void {
  const estimate = async () => {
    if (value instanceof Error) throw value;
    return value;
  };
  Object.defineProperty(globalThis, 'navigator', { value: { storage: { estimate } }, configurable: true });
}
afterEach(() => {
  if (realNavigator) Object.defineProperty(globalThis, 'navigator', realNavigator);
  else delete (globalThis as { navigator?: unknown }).navigator;
});

describe('spaceWarning', () => {
  it('warns with the sizes when the estimate says the write will not fit', async () => {
    estimateGives({ usage: 1_500_000, quota: 2_000_000 });
    expect(await spaceWarning(3_000_000, 'indexing 3 contents')).toBe(
      'indexing 3 contents needs about 3.0 MB; the browser reports 0.5 MB free (1.5 MB used of 2.0 MB). It may stop when storage is full: each batch is written whole or not at all, so nothing is half-written. Free space first, or index fewer files per job.',
    );
  });

  it('says nothing when it fits, or when the browser gives no estimate', async () => {
    estimateGives({ usage: 1_000, quota: 10_000_000 });
    expect(await spaceWarning(3_000_000, 'x')).toBeNull();
    estimateGives({});
    expect(await spaceWarning(3_000_000, 'x')).toBeNull();
    estimateGives(new Error('blocked'));
    expect(await spaceWarning(3_000_000, 'x')).toBeNull();
  });
});
