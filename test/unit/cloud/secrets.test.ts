/**
 * Secret hygiene: keys, passwords and session tokens never show up in
 * console output, logger events, thrown errors (message, stack, JSON,
 * inspect), request URLs, or in the connector objects themselves.
 */
import { inspect } from 'node:util';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { ApiTorchClient, DeepvaClient, VectorCuratorClient, VizeClient, XimilarClient, type HttpEvent } from '../../../src/cloud/index.js';
import { json, startServer, type Req, type TestServer } from '../../servers/harness.js';
import { DEFAULT_VC_USERS, startVectorCuratorServer, type VcState } from '../../servers/index.js';
import { fastPoll, fastRetry, rejection } from './helpers.js';

const KEY = 'S3CRET-key-do-not-leak-4711';
const PASSWORD = DEFAULT_VC_USERS[0].password;

/** Every header value the request carried, decoded where Basic. */
const echo = (req: Req) => {
  const a = String(req.headers.authorization ?? '');
  const basic = /^Basic (.+)$/.exec(a);
  return [a, basic ? Buffer.from(basic[1], 'base64').toString() : '', String(req.headers.auth_token ?? ''), String(req.headers.password ?? '')].join(' | ');
};

let echoServer: TestServer<object>;
let vc: TestServer<VcState>;
const consoleLines: string[] = [];
const events: HttpEvent[] = [];

beforeAll(async () => {
  echoServer = await startServer(
    [
      // A careless service that echoes credentials back in its error bodies.
      { method: ['GET', 'POST'], path: '/e401/*', handler: (req) => json(401, { detail: `Invalid token: ${echo(req)}`, message: `bad key ${echo(req)}` }) },
      { method: ['GET', 'POST'], path: '/e400/*', handler: (req) => json(400, { name: [`rejected ${echo(req)}`] }) },
      { method: ['GET', 'POST'], path: '/e500/*', handler: (req) => json(500, { error: `crash while handling ${echo(req)}` }) },
      { method: ['GET', 'POST'], path: '/session/new', handler: (req) => json(500, { error: `login failed for ${echo(req)}` }) },
    ],
    {},
  );
  vc = await startVectorCuratorServer();
});
afterAll(() => Promise.all([echoServer.close(), vc.close()]));

beforeEach(() => {
  consoleLines.length = 0;
  events.length = 0;
  for (const m of ['log', 'info', 'warn', 'error', 'debug'] as const) vi.spyOn(console, m).mockImplementation((...args: unknown[]) => void consoleLines.push(args.map((x) => inspect(x, { depth: 8 })).join(' ')));
});
afterEach(() => vi.restoreAllMocks());

function everywhere(err: unknown): string {
  const e = err as Error & { toJSON?: () => unknown };
  return [e.message, e.stack, String(e), JSON.stringify(e), JSON.stringify(e.toJSON?.()), inspect(e, { depth: 10, showHidden: true })].join('\n');
}

function assertClean(secrets: string[], ...texts: string[]): void {
  const all = [...texts, ...consoleLines, JSON.stringify(events), ...echoServer.requests.map((r) => r.path + r.query), ...vc.requests.map((r) => r.path + r.query)].join('\n');
  for (const s of secrets) {
    expect(all.includes(s), `secret ${s.slice(0, 4)}… leaked`).toBe(false);
    expect(all.includes(btoa(`${s}:`)), 'base64 form leaked').toBe(false);
  }
}

const opts = (path: string) => ({ apiKey: KEY, baseUrl: `${echoServer.url}/${path}`, retry: fastRetry, logger: (e: HttpEvent) => events.push(e) });

describe('secret hygiene', () => {
  it('redacts keys echoed by the service, for every key scheme', async () => {
    const clients = {
      ximilar: (p: string) => new XimilarClient(opts(p)).getTask('t1'),
      vize: (p: string) => new VizeClient(opts(p)).getTask('t1'),
      apitorch: (p: string) => new ApiTorchClient(opts(p)).ping(),
      deepva: (p: string) => new DeepvaClient(opts(p)).getJob('j1'),
    };
    for (const [name, call] of Object.entries(clients)) {
      for (const kind of ['e401', 'e400', 'e500']) {
        const err = await rejection(call(kind));
        const text = everywhere(err);
        expect(text, `${name} ${kind}`).toContain('[redacted]');
        console.error(err);
        assertClean([KEY], text);
      }
    }
  });

  it('keeps the key out of the client objects', () => {
    const c = new XimilarClient(opts('x'));
    const a = new ApiTorchClient(opts('x'));
    assertClean([KEY], inspect(c, { depth: 10, showHidden: true }), JSON.stringify(c), inspect(a, { depth: 10, showHidden: true }), JSON.stringify(a));
  });

  it('redacts password and session token (Vector Curator)', async () => {
    const failing = new VectorCuratorClient({ baseUrl: echoServer.url, usernameOrEmail: 'alice', password: PASSWORD, retry: { ...fastRetry, limit: 0 }, logger: (e) => events.push(e) });
    const loginErr = await rejection(failing.login());
    expect(everywhere(loginErr)).toContain('[redacted]');
    const c = new VectorCuratorClient({ baseUrl: vc.url, usernameOrEmail: 'alice', password: PASSWORD, retry: fastRetry, poll: fastPoll, logger: (e) => events.push(e) });
    await c.run('create_archive', { name: 'sec', content_type: 'Image' });
    const token = [...vc.state.tokens.keys()].at(-1)!;
    const jobErr = await rejection(c.run('create_archive', { name: 'sec', content_type: 'Image' }));
    vc.inject({ kind: 'status', status: 500, times: 10, body: { error: `token ${token} password ${PASSWORD}` } });
    const serverErr = await rejection(c.run('list_content', null));
    vc.clearFaults();
    expect(everywhere(serverErr)).toContain('[redacted]');
    console.log(c, loginErr, jobErr, serverErr);
    assertClean([PASSWORD, token], everywhere(loginErr), everywhere(jobErr), everywhere(serverErr), inspect(c, { depth: 10, showHidden: true }), JSON.stringify(c));
  });

  it('redacts a failed job error that quotes the token', async () => {
    const c = new VectorCuratorClient({ baseUrl: vc.url, usernameOrEmail: 'alice', password: PASSWORD, retry: fastRetry, poll: fastPoll });
    await c.login();
    const token = [...vc.state.tokens.keys()].at(-1)!;
    const e = await rejection(c.run('search', { archive: `archive-${token}`, indexed_ids_references: [1] }));
    expect(e.message).toContain('does not exist');
    assertClean([token], everywhere(e));
  });
});
