import { startVectorCuratorServer } from '../servers/vector-curator.js';
import { test, expect } from './fixtures.js';

test('a cloud connector runs in a Web Worker against the Vector Curator conformance server', async ({ harness: page }) => {
  const server = await startVectorCuratorServer();
  try {
    const run = (password: string) =>
      page.evaluate(
        ({ baseUrl, password }) =>
          new Promise<any>((resolve) => {
            const w = new Worker('/test/browser/pages/cloud-worker.ts', { type: 'module' });
            w.onmessage = (e) => {
              resolve(e.data);
              w.terminate();
            };
            w.postMessage({ baseUrl, user: 'alice', password });
          }),
        { baseUrl: server.url, password },
      );
    const ok = await run('alice-Pa55word-XYZ');
    expect(ok).toMatchObject({ ok: true, status: 'completed' });
    expect(ok.archives).toContain('remote');
    const bad = await run('wrong-Secret-123');
    expect(bad).toMatchObject({ ok: false, name: 'AuthError', code: 'auth' });
    // The credential never shows in the error or in the logger's events.
    expect(bad.text).not.toContain('wrong-Secret-123');
    expect(JSON.stringify(bad.logs) + JSON.stringify(ok.logs)).not.toContain('Pa55word');
  } finally {
    await server.close();
  }
});
