/** fetchModelFile's stall watchdog against a real local HTTP server: stalled fails, slow goes on. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createServer, type Server } from 'node:http';
import { fetchModelFile } from '../../../src/embed/model-files.js';
import { ModelError } from '../../../src/contract/errors.js';

let server: Server;
let base = '';

beforeAll(async () => {
  server = createServer((req, res) => {
    if (req.url === '/stall-body') {
      res.writeHead(200, { 'content-length': '100' });
      res.write(Buffer.alloc(10, 1)); // then nothing, connection left open
    } else if (req.url === '/slow') {
      res.writeHead(200, { 'content-length': '8' });
      let sent = 0;
      const t = setInterval(() => {
        res.write(Buffer.from([sent]));
        if (++sent === 8) {
          clearInterval(t);
          res.end();
        }
      }, 100);
    } else if (req.url === '/missing') {
      res.writeHead(404).end('no');
    }
    // '/stall-headers': never answered
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  base = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
});
afterAll(() => {
  server.closeAllConnections();
  server.close();
});

describe('fetchModelFile stall watchdog', () => {
  it('fails a download whose headers never come', async () => {
    const err = await fetchModelFile(`${base}/stall-headers`, { stallMs: 300 }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ModelError);
    expect((err as Error).message).toContain('sent nothing for 300 ms');
  });

  it('fails a download whose body stops mid-way', async () => {
    const err = await fetchModelFile(`${base}/stall-body`, { stallMs: 300 }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ModelError);
    expect((err as Error).message).toContain('stalled download');
  });

  it('lets a slow download that keeps sending finish (total time above the stall window)', async () => {
    const t0 = Date.now();
    const bytes = new Uint8Array(await fetchModelFile(`${base}/slow`, { stallMs: 400 }));
    expect(Date.now() - t0).toBeGreaterThan(400);
    expect([...bytes]).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
  });

  it('names the fixes on a 404', async () => {
    const err = await fetchModelFile(`${base}/missing`, { stallMs: 300 }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ModelError);
    expect((err as Error).message).toMatch(/HTTP 404.*modelsBaseUrl/);
  });
});
