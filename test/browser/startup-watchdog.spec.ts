/** A runtime that never starts (its thread-worker loader never loads) fails warmUp() with a ModelError, not a hang. */
import { test, expect } from './fixtures.js';

test('a runtime start that stalls rejects warmUp() after startupTimeoutMs, and the engine keeps answering', async ({ harness: page }) => {
  const out = await page.evaluate(async () => {
    const { createCurator } = (window as any).curatekit;
    // A loader module whose top-level await never settles: onnxruntime's import of it hangs,
    // as it did when its thread workers re-ran a classic worker bundle.
    const never = 'data:text/javascript,await new Promise(() => {});';
    const c = await createCurator({ dbName: 'watchdog', backend: 'wasm', wasmPaths: { ortMjs: never }, startupTimeoutMs: 3000 });
    const t0 = performance.now();
    let error: { name: string; message: string } | null = null;
    try {
      await c.warmUp();
    } catch (e: any) {
      error = { name: e.name, message: e.message };
    }
    const seconds = (performance.now() - t0) / 1000;
    const vectorizers = (await c.listVectorizers()).length;
    const badTimeout = await createCurator({ dbName: 'watchdog', startupTimeoutMs: 0 }).then(
      () => null,
      (e: any) => ({ name: e.name, field: e.field }),
    );
    await c.close();
    return { error, seconds, vectorizers, badTimeout };
  });
  expect(out.error).toMatchObject({ name: 'ModelError' });
  expect(out.error!.message).toContain('did not start within 3000 ms');
  expect(out.error!.message).toContain('wasmPaths.ortMjs');
  expect(out.seconds).toBeGreaterThanOrEqual(2.9);
  expect(out.seconds).toBeLessThan(30);
  expect(out.vectorizers).toBeGreaterThan(0);
  expect(out.badTimeout).toEqual({ name: 'ValidationError', field: 'options.startupTimeoutMs' });
});

test('a model download that stalls (no headers, no bytes) rejects warmUp() after startupTimeoutMs', async ({ harness: page }) => {
  // The host never answers: no status line, no bytes (a dead proxy, a hung server).
  await page.route('**/stalled-models/**', () => new Promise(() => {}));
  const out = await page.evaluate(async () => {
    const { createCurator } = (window as any).curatekit;
    const c = await createCurator({ dbName: 'watchdog-download', backend: 'wasm', modelsBaseUrl: new URL('/stalled-models/', location.href).href, startupTimeoutMs: 2000 });
    const t0 = performance.now();
    const error = await c.warmUp().then(
      () => null,
      (e: any) => ({ name: e.name, message: e.message }),
    );
    const seconds = (performance.now() - t0) / 1000;
    await c.close();
    return { error, seconds };
  });
  expect(out.error).toMatchObject({ name: 'ModelError' });
  expect(out.error!.message).toContain('sent nothing for 2000 ms');
  expect(out.error!.message).toContain('/stalled-models/');
  expect(out.seconds).toBeGreaterThanOrEqual(1.9);
  expect(out.seconds).toBeLessThan(30);
});
