/**
 * The HTTP layer against a hostile server (real node:http servers, nothing of
 * ours mocked): huge answers, trickled bodies, pagination loops and
 * cross-origin redirects. Two servers on two ports are two origins.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CancelledError, NetworkError, RemoteError, ValidationError } from '../../../src/contract/errors.js';
import { HttpClient } from '../../../src/cloud/index.js';
import { collectPages, iteratePages } from '../../../src/cloud/util/pages.js';
import { fastRetry, rejection } from './helpers.js';

interface Seen {
  method: string;
  url: string;
  auth: string | undefined;
  body: string;
}

interface Hostile {
  url: string;
  seen: Seen[];
  /** Responses still open (trickles), ended by close(). */
  open: Set<ServerResponse>;
  close: () => Promise<void>;
}

type Route = (req: IncomingMessage, res: ServerResponse, body: string, self: Hostile) => void;

async function serve(routes: Record<string, Route>): Promise<Hostile> {
  const h: Hostile = { url: '', seen: [], open: new Set(), close: async () => undefined };
  const server: Server = createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString()));
    req.on('end', () => {
      h.seen.push({ method: req.method!, url: req.url!, auth: req.headers.authorization, body });
      const route = routes[new URL(req.url!, 'http://x').pathname];
      if (!route) {
        res.writeHead(404).end();
        return;
      }
      h.open.add(res);
      res.on('close', () => h.open.delete(res));
      route(req, res, body, h);
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  h.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  h.close = () =>
    new Promise<void>((r) => {
      for (const res of h.open) res.destroy();
      server.closeAllConnections();
      server.close(() => r());
    });
  return h;
}

/** Send `total` bytes in 64 KiB chunks, as fast as the client reads. */
function stream(res: ServerResponse, total: number): void {
  const chunk = Buffer.alloc(64 * 1024, 0x20);
  let sent = 0;
  const pump = () => {
    while (sent < total && !res.destroyed) {
      sent += chunk.length;
      if (!res.write(chunk)) return void res.once('drain', pump);
    }
    res.end();
  };
  pump();
}

/** Headers at once, then one byte every `ms` forever. */
function trickle(res: ServerResponse, status: number, ms: number): void {
  res.writeHead(status, { 'content-type': 'application/json' });
  res.write('{');
  const t = setInterval(() => (res.destroyed ? clearInterval(t) : res.write(' ')), ms);
  res.on('close', () => clearInterval(t));
}

const redirect = (status: number, to: (self: Hostile) => string): Route => (_req, res, _b, self) => void res.writeHead(status, { location: to(self) }).end();
const ok: Route = (req, res, body) => void res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ method: req.method, body, auth: req.headers.authorization ?? null }));

let svc: Hostile;
let other: Hostile;

beforeAll(async () => {
  other = await serve({ '/sink': ok });
  svc = await serve({
    '/api/big': (_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      stream(res, 20 * 1024 * 1024);
    },
    '/api/declared-huge': (_req, res) => {
      // Declares 300 MB; the client must refuse on the header, not after reading.
      res.writeHead(200, { 'content-type': 'application/octet-stream', 'content-length': String(300 * 1024 * 1024) });
      res.write(Buffer.alloc(1024));
    },
    '/api/small': (_req, res) => void res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ x: 'y'.repeat(1000) })),
    '/api/trickle': (_req, res) => trickle(res, 200, 100),
    '/api/trickle-error': (_req, res) => trickle(res, 500, 100),
    '/api/self-page': (_req, res, _b, self) => void res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ count: null, next: `${self.url}/api/self-page?page=1`, results: [1] })),
    '/api/ping': (req, res, _b, self) => {
      const page = new URL(req.url!, self.url).searchParams.get('p') === 'b' ? 'a' : 'b';
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ next: `${self.url}/api/ping?p=${page}`, results: [page] }));
    },
    '/api/endless': (req, res, _b, self) => {
      const n = Number(new URL(req.url!, self.url).searchParams.get('n') ?? 0);
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ next: `${self.url}/api/endless?n=${n + 1}`, results: [n] }));
    },
    '/api/to-other-307': redirect(307, () => `${other.url}/sink`),
    '/api/to-other-302': redirect(302, () => `${other.url}/sink`),
    '/api/to-other-303': redirect(303, () => `${other.url}/sink`),
    '/api/to-same-307': redirect(307, (self) => `${self.url}/api/echo`),
    '/api/to-same-303': redirect(303, () => '/api/echo'),
    '/api/loop': redirect(302, () => '/api/loop'),
    '/api/echo': ok,
  });
});
afterAll(() => Promise.all([svc.close(), other.close()]));

const client = (extra: Partial<ConstructorParameters<typeof HttpClient>[0]> = {}) =>
  new HttpClient({ service: 'svc', baseUrl: `${svc.url}/api`, retry: fastRetry, auth: async () => ({ Authorization: 'Token s3cret-hostile' }), ...extra });

describe('HttpClient: answer size', () => {
  it('refuses a streamed body past maxResponseBytes with a typed error, without reading it all', async () => {
    const before = process.memoryUsage().arrayBuffers;
    const e = await rejection(client({ maxResponseBytes: 1024 * 1024 }).request({ method: 'GET', path: 'big' }));
    expect(e).toBeInstanceOf(RemoteError);
    expect((e as RemoteError).details).toMatchObject({ tooLarge: true, maxBytes: 1024 * 1024 });
    expect(e.message).toMatch(/too large .*limit is 1048576/);
    expect(process.memoryUsage().arrayBuffers - before).toBeLessThan(16 * 1024 * 1024);
  });

  it('refuses a declared 300 MB answer on its Content-Length under the default limit (64 MiB)', async () => {
    const t0 = Date.now();
    const e = await rejection(client().request({ method: 'GET', path: 'declared-huge', responseType: 'blob' }));
    expect(e).toBeInstanceOf(RemoteError);
    expect(e.message).toContain(`${300 * 1024 * 1024} bytes; the limit is ${64 * 1024 * 1024}`);
    expect(Date.now() - t0).toBeLessThan(5000);
  });

  it('reads answers within the limit, per-call limits included', async () => {
    expect(await client({ maxResponseBytes: 4096 }).request({ method: 'GET', path: 'small' })).toEqual({ x: 'y'.repeat(1000) });
    const e = await rejection(client().request({ method: 'GET', path: 'small', maxBytes: 100 }));
    expect((e as RemoteError).details.tooLarge).toBe(true);
  });

  it('validates the limit and the redirect allow-list', () => {
    expect(() => client({ maxResponseBytes: 0 })).toThrow(ValidationError);
    expect(() => client({ allowRedirectTo: ['ftp://x'] })).toThrow(/options.allowRedirectTo\[0\]/);
  });
});

describe('HttpClient: the timeout covers the body', () => {
  it('a trickled body ends in NetworkError(timeout) after timeoutMs, for each retry', async () => {
    const t0 = Date.now();
    const e = await rejection(client({ timeoutMs: 400, retry: { limit: 0 } }).request({ method: 'GET', path: 'trickle' }));
    const took = Date.now() - t0;
    expect(e).toBeInstanceOf(NetworkError);
    expect((e as NetworkError).details).toMatchObject({ timeout: true });
    expect(e.message).toMatch(/timed out after 400 ms \(reading the answer\)/);
    expect(took).toBeGreaterThanOrEqual(350);
    expect(took).toBeLessThan(3000);
  });

  it('a trickled error page does not hang the call either', async () => {
    const t0 = Date.now();
    const e = await rejection(client({ timeoutMs: 400 }).request({ method: 'POST', path: 'trickle-error', json: {} }));
    expect(e.name).toBe('ServerError');
    expect(Date.now() - t0).toBeLessThan(3000);
  });

  it('an abort while the body trickles is a CancelledError', async () => {
    const ac = new AbortController();
    setTimeout(() => ac.abort(), 150);
    const e = await rejection(client({ timeoutMs: 10_000 }).request({ method: 'GET', path: 'trickle', signal: ac.signal }));
    expect(e).toBeInstanceOf(CancelledError);
  });
});

describe('pagination bounds', () => {
  it('stops a next link that points to itself after the second fetch', async () => {
    const before = svc.seen.length;
    const e = await rejection(collectPages(iteratePages(client(), 'self-page', {})));
    expect(e).toBeInstanceOf(RemoteError);
    expect((e as RemoteError).details.pageLoop).toBe(true);
    expect(svc.seen.length - before).toBeLessThanOrEqual(3);
  });

  it('stops a loop between two pages', async () => {
    const before = svc.seen.length;
    const e = await rejection(collectPages(iteratePages(client(), 'ping', { p: 'a' })));
    expect(e.message).toMatch(/pages loop/);
    expect(svc.seen.length - before).toBeLessThanOrEqual(4);
  });

  it('stops an endless list at maxPages with a typed error, not silently', async () => {
    const before = svc.seen.length;
    const e = await rejection(collectPages(iteratePages(client(), 'endless', {}, undefined, 25)));
    expect(e.message).toMatch(/more than 25 pages/);
    expect(svc.seen.length - before).toBe(25);
  });
});

describe('redirects', () => {
  const otherHits = () => other.seen.length;

  it('never replays a POST body or credentials to another origin (307, 302, 303)', async () => {
    const before = otherHits();
    for (const path of ['to-other-307', 'to-other-302', 'to-other-303']) {
      const e = await rejection(client().request({ method: 'POST', path, json: { secret: 'payload' } }));
      expect(e).toBeInstanceOf(RemoteError);
      expect((e as RemoteError).details.redirect).toBe(true);
      expect(e.message).toContain(`another origin (${other.url})`);
      expect(e.message).not.toContain('s3cret-hostile');
    }
    const g = await rejection(client().request({ method: 'GET', path: 'to-other-302' }));
    expect(g).toBeInstanceOf(RemoteError);
    expect(otherHits()).toBe(before);
  });

  it('follows same-origin redirects: 307 repeats the POST with its body and auth, 303 continues as GET', async () => {
    expect(await client().request({ method: 'POST', path: 'to-same-307', json: { a: 1 } })).toEqual({ method: 'POST', body: '{"a":1}', auth: 'Token s3cret-hostile' });
    expect(await client().request({ method: 'POST', path: 'to-same-303', json: { a: 1 } })).toEqual({ method: 'GET', body: '', auth: 'Token s3cret-hostile' });
  });

  it('an allowed origin gets a plain GET without credentials, and never a repeated body', async () => {
    const c = client({ allowRedirectTo: [other.url] });
    expect(await c.request({ method: 'GET', path: 'to-other-302' })).toEqual({ method: 'GET', body: '', auth: null });
    expect(other.seen.at(-1)?.auth).toBeUndefined();
    const before = otherHits();
    const e = await rejection(c.request({ method: 'POST', path: 'to-other-307', json: { secret: 'payload' } }));
    expect(e.message).toMatch(/repeat the request body/);
    expect(otherHits()).toBe(before);
  });

  it('gives up on a redirect loop', async () => {
    const e = await rejection(client().request({ method: 'GET', path: 'loop' }));
    expect(e.message).toMatch(/more than 5 redirects/);
  });
});
