import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AuthError, CancelledError, NetworkError, NotFoundError, RateLimitError, RemoteError, ServerError, ValidationError } from '../../../src/contract/errors.js';
import { HttpClient, parseRetryAfter, type HttpEvent } from '../../../src/cloud/index.js';
import { json, startServer, type TestServer } from '../../servers/harness.js';
import { fastRetry, rejection } from './helpers.js';

let server: TestServer<{ hits: number }>;
const client = (extra: Partial<ConstructorParameters<typeof HttpClient>[0]> = {}) =>
  new HttpClient({ service: 'svc', baseUrl: `${server.url}/api`, retry: fastRetry, auth: async () => ({ Authorization: 'Token t0ps3cret-token' }), ...extra });

beforeAll(async () => {
  server = await startServer(
    [
      { method: 'GET', path: '/api/item', handler: () => json(200, { ok: true }) },
      { method: 'PUT', path: '/api/item', handler: () => json(200, { put: true }) },
      { method: 'DELETE', path: '/api/item', handler: () => ({ status: 204 }) },
      { method: 'POST', path: '/api/item', handler: (req) => json(201, { got: req.json }) },
      { method: 'POST', path: '/api/form', handler: (req) => json(200, { fields: req.fields, files: Object.keys(req.files) }) },
      { method: 'GET', path: '/api/query', handler: (req) => json(200, { q: Object.fromEntries(req.query) }) },
      { method: 'POST', path: '/api/drf400', handler: () => json(400, { name: ['This field is required.'] }) },
      { method: 'GET', path: '/api/401', handler: () => json(401, { detail: 'Invalid token.' }) },
      { method: 'GET', path: '/api/403', handler: () => json(403, { error: 'Forbidden' }) },
      { method: 'GET', path: '/api/404', handler: () => json(404, { detail: 'Not found.' }) },
      { method: 'GET', path: '/api/418', handler: () => json(418, { message: "I'm a teapot" }) },
      { method: 'GET', path: '/api/html500', handler: () => ({ status: 502, raw: Buffer.from('<html>bad gateway</html>') }) },
    ],
    { hits: 0 },
  );
});
afterAll(() => server.close());

describe('HttpClient: requests', () => {
  it('sends JSON, forms, queries and auth headers', async () => {
    const c = client();
    expect(await c.request({ method: 'GET', path: 'item' })).toEqual({ ok: true });
    expect(await c.request({ method: 'POST', path: '/item', json: { a: 1 } })).toEqual({ got: { a: 1 } });
    const form = new FormData();
    form.append('name', 'x');
    form.append('file', new Blob(['abc']), 'f.bin');
    expect(await c.request({ method: 'POST', path: 'form', body: form })).toEqual({ fields: { name: ['x'] }, files: ['file'] });
    expect(await c.request({ method: 'GET', path: 'query', query: { a: 1, b: undefined, c: null, d: 'x y' } })).toEqual({ q: { a: '1', d: 'x y' } });
    expect(await c.request({ method: 'DELETE', path: 'item', responseType: 'none' })).toBeUndefined();
    expect(server.requests.at(-1)?.auth).toBe(true);
  });

  it('resolves same-origin absolute URLs and refuses other origins', async () => {
    const c = client();
    expect(await c.request({ method: 'GET', path: `${server.url}/api/item` })).toEqual({ ok: true });
    const e = await rejection(c.request({ method: 'GET', path: 'http://127.0.0.2:9/api/item' }));
    expect(e).toBeInstanceOf(RemoteError);
    expect(e.message).toMatch(/refusing to send credentials/);
  });
});

describe('HttpClient: error mapping', () => {
  it('maps statuses to typed errors carrying the service message', async () => {
    const c = client();
    const v = await rejection(c.request({ method: 'POST', path: 'drf400', json: {} }));
    expect(v).toBeInstanceOf(ValidationError);
    expect((v as ValidationError).field).toBe('svc.name');
    expect(v.message).toContain('This field is required.');
    expect(await rejection(c.request({ method: 'GET', path: '401' }))).toBeInstanceOf(AuthError);
    expect(await rejection(c.request({ method: 'GET', path: '403' }))).toBeInstanceOf(AuthError);
    const nf = await rejection(c.request({ method: 'GET', path: '404' }));
    expect(nf).toBeInstanceOf(NotFoundError);
    expect(nf.message).toContain('Not found.');
    const tea = await rejection(c.request({ method: 'GET', path: '418' }));
    expect(tea).toBeInstanceOf(RemoteError);
    expect((tea as RemoteError).status).toBe(418);
    expect(tea.message).toContain("I'm a teapot");
  });

  it('does not paste HTML error pages into messages', async () => {
    const e = await rejection(client({ retry: { limit: 0 } }).request({ method: 'GET', path: 'html500' }));
    expect(e).toBeInstanceOf(ServerError);
    expect(e.message).not.toContain('<html>');
  });

  it('reports malformed JSON as RemoteError', async () => {
    server.inject({ kind: 'malformed', times: 1, match: { path: '/api/item' } });
    const e = await rejection(client().request({ method: 'GET', path: 'item' }));
    expect(e).toBeInstanceOf(RemoteError);
    expect(e.message).toMatch(/malformed JSON/);
  });

  it('times out as NetworkError', async () => {
    server.inject({ kind: 'latency', ms: 300, times: 1, match: { path: '/api/item' } });
    const e = await rejection(client({ timeoutMs: 40, retry: { limit: 0 } }).request({ method: 'GET', path: 'item' }));
    expect(e).toBeInstanceOf(NetworkError);
    expect(e.message).toMatch(/timed out/);
  });
});

describe('HttpClient: retry policy', () => {
  it('retries idempotent calls on 5xx, 429 and dropped connections', async () => {
    for (const [method, path] of [['GET', '/api/item'], ['PUT', '/api/item'], ['DELETE', '/api/item']] as const) {
      const before = server.count(method, path);
      server.inject({ kind: 'status', status: 503, times: 1, match: { method, path } });
      server.inject({ kind: 'status', status: 429, times: 1, match: { method, path }, retryAfter: 0 });
      server.inject({ kind: 'drop', times: 1, match: { method, path } });
      await client().request({ method, path: 'item', responseType: 'none' });
      expect(server.count(method, path) - before).toBe(4);
    }
  });

  it('never retries a POST unless marked idempotent', async () => {
    for (const fault of [{ kind: 'status', status: 500 }, { kind: 'status', status: 429, retryAfter: 0 }, { kind: 'drop' }] as const) {
      const before = server.count('POST', '/api/item');
      server.inject({ ...fault, times: 1, match: { method: 'POST', path: '/api/item' } });
      const e = await rejection(client().request({ method: 'POST', path: 'item', json: { n: 1 } }));
      expect(e).toBeInstanceOf(fault.kind === 'drop' ? NetworkError : fault.status === 429 ? RateLimitError : ServerError);
      expect(server.count('POST', '/api/item') - before).toBe(1);
    }
    const before = server.count('POST', '/api/item');
    server.inject({ kind: 'status', status: 502, times: 2, match: { method: 'POST', path: '/api/item' } });
    expect(await client().request({ method: 'POST', path: 'item', json: { n: 2 }, idempotent: true })).toEqual({ got: { n: 2 } });
    expect(server.count('POST', '/api/item') - before).toBe(3);
  });

  it('gives up after the limit with the last typed error', async () => {
    const before = server.count('GET', '/api/item');
    server.inject({ kind: 'status', status: 500, times: 10, match: { path: '/api/item' }, body: { error: 'Internal server error' } });
    const e = await rejection(client().request({ method: 'GET', path: 'item' }));
    server.clearFaults();
    expect(e).toBeInstanceOf(ServerError);
    expect(e.message).toContain('Internal server error');
    expect(server.count('GET', '/api/item') - before).toBe(fastRetry.limit! + 1);
    server.inject({ kind: 'status', status: 429, times: 10, retryAfter: 0, match: { path: '/api/item' } });
    const r = await rejection(client({ retry: { ...fastRetry, limit: 1 } }).request({ method: 'GET', path: 'item' }));
    server.clearFaults();
    expect(r).toBeInstanceOf(RateLimitError);
    expect((r as RateLimitError).retryAfterMs).toBe(0);
  });

  it('waits for Retry-After before retrying a 429', async () => {
    server.inject({ kind: 'status', status: 429, times: 1, retryAfter: 1, match: { path: '/api/item' } });
    const t0 = Date.now();
    await client().request({ method: 'GET', path: 'item' });
    expect(Date.now() - t0).toBeGreaterThanOrEqual(900);
  });

  it('clamps Retry-After to maxRetryAfterMs', async () => {
    server.inject({ kind: 'status', status: 429, times: 1, retryAfter: 3600, match: { path: '/api/item' } });
    const t0 = Date.now();
    await client({ retry: { ...fastRetry, maxRetryAfterMs: 20 } }).request({ method: 'GET', path: 'item' });
    expect(Date.now() - t0).toBeLessThan(2000);
  });

  it('logs one redacted event per attempt', async () => {
    const events: HttpEvent[] = [];
    server.inject({ kind: 'status', status: 503, times: 1, match: { path: '/api/item' } });
    await client({ logger: (e) => events.push(e) }).request({ method: 'GET', path: 'item' });
    expect(events.map((e) => [e.attempt, e.status])).toEqual([
      [1, 503],
      [2, 200],
    ]);
    expect(JSON.stringify(events)).not.toContain('t0ps3cret');
  });
});

describe('HttpClient: cancellation', () => {
  it('aborts mid-request with CancelledError', async () => {
    server.inject({ kind: 'latency', ms: 400, times: 1, match: { path: '/api/item' } });
    const ac = new AbortController();
    const t0 = Date.now();
    setTimeout(() => ac.abort(), 30);
    const e = await rejection(client().request({ method: 'GET', path: 'item', signal: ac.signal }));
    expect(e).toBeInstanceOf(CancelledError);
    expect(Date.now() - t0).toBeLessThan(350);
  });

  it('aborts during a retry wait, without further attempts', async () => {
    server.inject({ kind: 'status', status: 503, times: 1, retryAfter: 5, match: { path: '/api/item' } });
    const before = server.count('GET', '/api/item');
    const ac = new AbortController();
    setTimeout(() => ac.abort(), 50);
    const e = await rejection(client().request({ method: 'GET', path: 'item', signal: ac.signal }));
    server.clearFaults();
    expect(e).toBeInstanceOf(CancelledError);
    expect(server.count('GET', '/api/item') - before).toBe(1);
  });

  it('rejects at once when already aborted', async () => {
    const before = server.requests.length;
    const e = await rejection(client().request({ method: 'GET', path: 'item', signal: AbortSignal.abort() }));
    expect(e).toBeInstanceOf(CancelledError);
    expect(server.requests.length).toBe(before);
  });
});

describe('parseRetryAfter', () => {
  it('reads seconds and HTTP dates', () => {
    expect(parseRetryAfter('2')).toBe(2000);
    expect(parseRetryAfter(null)).toBeUndefined();
    expect(parseRetryAfter('soon')).toBeUndefined();
    const now = Date.parse('2026-01-01T00:00:00Z');
    expect(parseRetryAfter('Thu, 01 Jan 2026 00:00:05 GMT', now)).toBe(5000);
    expect(parseRetryAfter('Wed, 31 Dec 2025 00:00:00 GMT', now)).toBe(0);
  });
});
