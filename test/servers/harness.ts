/**
 * A small node:http harness for the conformance servers: routing, body
 * parsing (JSON, urlencoded, multipart), CORS, a request log, and fault
 * injection (latency, status bursts with Retry-After, dropped connections,
 * malformed JSON). Listens on 127.0.0.1, port 0.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface Match {
  method?: string;
  /** Substring of, or pattern for, the request path. */
  path?: string | RegExp;
}

/**
 * Faults apply to matching requests, `times` times (forever when omitted),
 * after letting the first `after` matching requests through untouched.
 */
export type Fault = { times?: number; after?: number; match?: Match } & (
  | { kind: 'latency'; ms: number }
  | { kind: 'status'; status: number; retryAfter?: string | number; body?: unknown }
  | { kind: 'drop' }
  | { kind: 'malformed' }
);

export interface RequestRecord {
  method: string;
  path: string;
  query: string;
  /** What answered: the route, or the fault that pre-empted it. */
  outcome: 'handled' | 'latency+handled' | 'status' | 'drop' | 'malformed' | 'not-found';
  status?: number;
  /** Whether the request carried an Authorization header (its value is not kept). */
  auth: boolean;
}

export interface Req {
  method: string;
  path: string;
  params: Record<string, string>;
  query: URLSearchParams;
  headers: IncomingMessage['headers'];
  /** Parsed JSON body (undefined when none or not JSON). */
  json: unknown;
  /** Form fields (urlencoded or multipart), each a list. */
  fields: Record<string, string[]>;
  files: Record<string, File[]>;
  /** Base URL of this server (for absolute links in answers). */
  origin: string;
}

export interface Res {
  status: number;
  body?: unknown;
  /** Bytes to send as they are (instead of JSON `body`). */
  raw?: Buffer;
  headers?: Record<string, string>;
}

export type Handler = (req: Req) => Res | Promise<Res>;

export interface Route {
  method: string | string[];
  /** Path with :params (and optionally a final "*"); a trailing slash is optional when matching. */
  path: string;
  handler: Handler;
}

export interface TestServer<S> {
  /** Origin, e.g. http://127.0.0.1:41234 */
  url: string;
  state: S;
  requests: RequestRecord[];
  inject(fault: Fault): void;
  clearFaults(): void;
  /** Requests (not OPTIONS) whose method and path match. */
  count(method: string, path: string | RegExp): number;
  close(): Promise<void>;
}

export const json = (status: number, body: unknown, headers?: Record<string, string>): Res => ({ status, body, headers });

function matches(m: Match | undefined, method: string, path: string): boolean {
  if (!m) return true;
  if (m.method && m.method.toUpperCase() !== method) return false;
  if (m.path === undefined) return true;
  return typeof m.path === 'string' ? path.includes(m.path) : m.path.test(path);
}

const trim = (p: string) => (p.length > 1 ? p.replace(/\/+$/, '') : p);

/** The first route that takes `method` on `path`, with its params (also used by the servers' own 404/405 answers). */
export function matchRoute(routes: Route[], method: string, path: string): { route: Route; params: Record<string, string> } | undefined {
  const segs = trim(path).split('/');
  for (const route of routes) {
    const methods = Array.isArray(route.method) ? route.method : [route.method];
    if (!methods.includes(method)) continue;
    const rsegs = trim(route.path).split('/');
    // A final "*" segment matches any (non-empty) rest of the path.
    if (rsegs.at(-1) === '*') {
      const head = rsegs.slice(0, -1);
      if (segs.length > head.length && head.every((r, i) => r === segs[i])) return { route, params: { rest: segs.slice(head.length).join('/') } };
      continue;
    }
    if (rsegs.length !== segs.length) continue;
    const params: Record<string, string> = {};
    if (rsegs.every((r, i) => (r.startsWith(':') ? ((params[r.slice(1)] = decodeURIComponent(segs[i])), true) : r === segs[i]))) return { route, params };
  }
  return undefined;
}

async function readBody(req: IncomingMessage, origin: string): Promise<Pick<Req, 'json' | 'fields' | 'files'>> {
  const chunks: Buffer[] = [];
  for await (const c of req) chunks.push(c as Buffer);
  const raw = Buffer.concat(chunks);
  const type = req.headers['content-type'] ?? '';
  const out: Pick<Req, 'json' | 'fields' | 'files'> = { json: undefined, fields: {}, files: {} };
  if (raw.length === 0) return out;
  if (type.includes('application/json')) {
    out.json = JSON.parse(raw.toString('utf8'));
  } else if (type.includes('application/x-www-form-urlencoded') || type.includes('multipart/form-data')) {
    const form = await new Request(origin, { method: 'POST', headers: { 'content-type': type }, body: raw }).formData();
    for (const [k, v] of form.entries()) {
      if (typeof v === 'string') (out.fields[k] ??= []).push(v);
      else (out.files[k] ??= []).push(v as File);
    }
  }
  return out;
}

function cors(req: IncomingMessage, res: ServerResponse): void {
  res.setHeader('Access-Control-Allow-Origin', '*');
  res.setHeader('Access-Control-Expose-Headers', 'Retry-After');
  if (req.method === 'OPTIONS') {
    res.setHeader('Access-Control-Allow-Methods', 'GET, POST, PUT, PATCH, DELETE, HEAD, OPTIONS');
    // Echo: the wildcard does not cover Authorization.
    res.setHeader('Access-Control-Allow-Headers', req.headers['access-control-request-headers'] ?? '*');
    res.setHeader('Access-Control-Max-Age', '600');
  }
}

export interface ServerOptions {
  /** The service's answer to a body it cannot parse (default `{"error": "Malformed request body"}`, 400). */
  malformedBody?: () => Res;
}

/** Start a server for `routes` with shared `state`. */
export async function startServer<S>(routes: Route[], state: S, options: ServerOptions = {}): Promise<TestServer<S>> {
  let faults: (Fault & { left: number; skip: number })[] = [];
  const requests: RequestRecord[] = [];
  let origin = '';

  const take = (pred: (f: Fault) => boolean, method: string, path: string) => {
    for (const f of faults) {
      if (f.left <= 0 || !pred(f) || !matches(f.match, method, path)) continue;
      if (f.skip > 0) {
        f.skip -= 1;
        continue;
      }
      f.left -= 1;
      return f;
    }
    return undefined;
  };

  const server = createServer(async (req, res) => {
    cors(req, res);
    const method = (req.method ?? 'GET').toUpperCase();
    if (method === 'OPTIONS') {
      res.writeHead(204).end();
      return;
    }
    const u = new URL(req.url ?? '/', origin);
    const rec: RequestRecord = { method, path: u.pathname, query: u.search, outcome: 'handled', auth: req.headers.authorization !== undefined };
    requests.push(rec);
    const lat = take((x) => x.kind === 'latency', method, u.pathname);
    if (lat?.kind === 'latency') await new Promise((r) => setTimeout(r, lat.ms));
    const delayed = lat !== undefined;
    const fault = take((x) => x.kind !== 'latency', method, u.pathname);
    try {
      if (fault?.kind === 'drop') {
        rec.outcome = 'drop';
        req.socket.destroy();
        return;
      }
      if (fault?.kind === 'malformed') {
        rec.outcome = 'malformed';
        rec.status = 200;
        res.writeHead(200, { 'content-type': 'application/json' }).end('{"status": "completed", "results": {');
        return;
      }
      if (fault?.kind === 'status') {
        rec.outcome = 'status';
        rec.status = fault.status;
        const headers: Record<string, string> = { 'content-type': 'application/json' };
        if (fault.retryAfter !== undefined) headers['retry-after'] = String(fault.retryAfter);
        res.writeHead(fault.status, headers).end(JSON.stringify(fault.body ?? { error: fault.status === 429 ? 'Too many requests' : 'Internal server error' }));
        return;
      }
      const found = matchRoute(routes, method, u.pathname);
      if (!found) {
        rec.outcome = 'not-found';
        rec.status = 404;
        res.writeHead(404, { 'content-type': 'application/json' }).end(JSON.stringify({ error: 'Not found' }));
        return;
      }
      let body: Pick<Req, 'json' | 'fields' | 'files'>;
      try {
        body = await readBody(req, origin);
      } catch {
        const bad = options.malformedBody?.() ?? json(400, { error: 'Malformed request body' });
        rec.status = bad.status;
        res.writeHead(bad.status, { 'content-type': 'application/json', ...bad.headers }).end(JSON.stringify(bad.body));
        return;
      }
      const out = await found.route.handler({ method, path: u.pathname, params: found.params, query: u.searchParams, headers: req.headers, ...body, origin });
      rec.outcome = delayed ? 'latency+handled' : 'handled';
      rec.status = out.status;
      if (out.raw) {
        res.writeHead(out.status, { 'content-type': 'application/octet-stream', ...out.headers }).end(out.raw);
        return;
      }
      const text = out.body === undefined ? '' : JSON.stringify(out.body);
      res.writeHead(out.status, { ...(text ? { 'content-type': 'application/json' } : {}), ...out.headers }).end(text);
    } catch (e) {
      rec.status = 500;
      if (!res.headersSent) res.writeHead(500, { 'content-type': 'application/json' }).end(JSON.stringify({ error: `Internal server error: ${(e as Error).message}` }));
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url: origin,
    state,
    requests,
    inject(fault) {
      faults.push({ ...fault, left: fault.times ?? Number.POSITIVE_INFINITY, skip: fault.after ?? 0 });
    },
    clearFaults() {
      faults = [];
    },
    count(method, path) {
      return requests.filter((r) => r.method === method.toUpperCase() && (typeof path === 'string' ? r.path === path : path.test(r.path))).length;
    },
    close() {
      return new Promise<void>((resolve, reject) => {
        server.close((err) => (err ? reject(err) : resolve()));
        server.closeAllConnections();
      });
    },
  };
}

/** Sequential ids that look like the services' own (UUID-shaped where they use UUIDs). */
export function idMaker(): { uuid(): string; int(): number; hex(): string } {
  let n = 0;
  return {
    uuid: () => `00000000-0000-4000-8000-${(++n).toString(16).padStart(12, '0')}`,
    int: () => ++n,
    hex: () => (++n).toString(16).padStart(40, '0'),
  };
}
