/**
 * Conformance server for the Vector Curator Cloud API
 * (shared/api-docs/vector-curator-cloud.txt): /session/new, POST /jobs, the
 * status endpoint; documented bodies `{"token"}`, `{"status_endpoint"}`,
 * `{"status","results","error"}`, `{"error": ...}` for 401/500.
 *
 * Every job's inputs are checked against the documented schema when it runs
 * (a bad one fails the job, naming the field); every body and job result the
 * server produces is checked too, and a violation, being a server bug, is
 * recorded in `state.schemaViolations` and answered 500.
 */
import { idMaker, json, startServer, type Handler, type Req, type Res, type TestServer } from './harness.js';
import { JobFailure, newAccount, runJob, WRITE_JOBS, type Account, type JobContext } from './vector-curator-jobs.js';
import { bodyError, inputsError, resultsError, type BODY_SCHEMAS } from './vector-curator-schema.js';
import { runTrainingJob, TRAINING_JOBS } from './vector-curator-training.js';

export interface VcUser {
  username: string;
  email: string;
  password: string;
  privileges: ('read' | 'write')[];
}

export interface VcJob {
  id: string;
  owner: string;
  job_type: string;
  /** As sent: a dict or None. */
  inputs: Record<string, unknown> | null;
  created: number;
  done: boolean;
  /** The result being computed (polls that arrive meanwhile wait for it). */
  computing?: Promise<void>;
  /** Set when the job's result broke the documented schema: its status is answered 500. */
  violation?: string;
  status: 'waiting' | 'running' | 'completed' | 'failed';
  results: unknown;
  error: string | null;
}

export interface VcState {
  users: VcUser[];
  /** token → username */
  tokens: Map<string, string>;
  accounts: Map<string, Account>;
  jobs: Map<string, VcJob>;
  /** A job waits this long, then runs this long, before its result is computed. */
  queueMs: number;
  runMs: number;
  /** 'absolute' (default) or 'relative' status endpoints; or an origin to point them elsewhere. */
  statusEndpoint: 'absolute' | 'relative' | { origin: string };
  /** Result files (samples, vectors, similarity pairs), served at /downloads/:id/:name; tests may host inputs here too. */
  downloads: Map<string, { name: string; body: string | Uint8Array }>;
  /** Server bugs: bodies or job results that break the documented schemas, and exceptions inside jobs. Empty in a good run. */
  schemaViolations: string[];
}

export interface VcServerOptions {
  users?: VcUser[];
  queueMs?: number;
  runMs?: number;
}

export const DEFAULT_VC_USERS: VcUser[] = [
  { username: 'alice', email: 'alice@example.com', password: 'alice-Pa55word-XYZ', privileges: ['read', 'write'] },
  { username: 'reader', email: 'reader@example.com', password: 'reader-Pa55word-QRS', privileges: ['read'] },
];

const unauth = (): Res => json(401, { error: 'Not authenticated' });

function account(state: VcState, user: string): Account {
  let acc = state.accounts.get(user);
  if (!acc) state.accounts.set(user, (acc = newAccount()));
  return acc;
}

function userOf(state: VcState, req: Req): string | undefined {
  const token = req.headers.auth_token;
  return typeof token === 'string' ? state.tokens.get(token) : undefined;
}

const INTERNAL = { error: 'Internal server error' };

/** Compute a job's result once: privileges, documented inputs, then the job itself. */
async function finish(state: VcState, job: VcJob, ctx: JobContext): Promise<void> {
  const user = state.users.find((u) => u.username === job.owner)!;
  try {
    if (WRITE_JOBS.has(job.job_type) && !user.privileges.includes('write')) throw new JobFailure(`Account privileges ["write"] required for ${job.job_type}`);
    const invalid = inputsError(job.job_type, job.inputs);
    if (invalid) throw new JobFailure(`Invalid inputs: ${invalid}`);
    const inputs = job.inputs ?? {};
    job.results = TRAINING_JOBS.has(job.job_type) ? await runTrainingJob(ctx.acc, job.job_type, inputs, ctx.publish) : await runJob(ctx, job.job_type, inputs);
    job.status = 'completed';
    const broken = resultsError(job.job_type, job.results);
    if (broken) {
      job.violation = `${job.job_type} results: ${broken}`;
      state.schemaViolations.push(job.violation);
    }
  } catch (e) {
    job.status = 'failed';
    job.results = null;
    if (e instanceof JobFailure) job.error = e.message;
    else {
      job.violation = `${job.job_type} threw: ${(e as Error).stack ?? String(e)}`;
      state.schemaViolations.push(job.violation);
    }
  } finally {
    job.done = true;
  }
}

/** Advance a job by wall-clock time; its result is computed once, when it leaves 'running'. */
async function advance(state: VcState, job: VcJob, origin: string, ids: ReturnType<typeof idMaker>): Promise<void> {
  if (job.done) return;
  const age = Date.now() - job.created;
  if (age < state.queueMs) job.status = 'waiting';
  else if (age < state.queueMs + state.runMs) job.status = 'running';
  else {
    const publish = (name: string, body: string | Uint8Array) => {
      const id = ids.hex();
      state.downloads.set(id, { name, body });
      return `${origin}/downloads/${id}/${encodeURIComponent(name)}`;
    };
    job.computing ??= finish(state, job, { acc: account(state, job.owner), publish });
    await job.computing;
  }
}

/** Check what a route answers against the documented body (`kind` for 200, `error` otherwise); a violation becomes a 500. */
function checked(state: VcState, kind: keyof typeof BODY_SCHEMAS, handler: Handler): Handler {
  return async (req) => {
    const res = await handler(req);
    if (res.raw) return res;
    const why = bodyError(res.status === 200 ? kind : 'error', res.body);
    if (!why) return res;
    state.schemaViolations.push(`${req.method} ${req.path} ${res.status} body: ${why}`);
    return json(500, INTERNAL);
  };
}

export async function startVectorCuratorServer(options: VcServerOptions = {}): Promise<TestServer<VcState>> {
  const ids = idMaker();
  const state: VcState = {
    users: options.users ?? DEFAULT_VC_USERS.map((u) => ({ ...u })),
    tokens: new Map(),
    accounts: new Map(),
    jobs: new Map(),
    queueMs: options.queueMs ?? 5,
    runMs: options.runMs ?? 10,
    statusEndpoint: 'absolute',
    downloads: new Map(),
    schemaViolations: [],
  };
  return startServer(
    [
      {
        // The docs give headers but no method for the login: both are accepted.
        method: ['GET', 'POST'],
        path: '/session/new',
        handler: checked(state, 'token', (req) => {
          const who = req.headers.username_or_email;
          const user = state.users.find((u) => u.username === who || u.email === who);
          if (!user || req.headers.password !== user.password) return json(401, { error: 'Invalid username or password' });
          const token = `tok-${ids.hex()}`;
          state.tokens.set(token, user.username);
          return json(200, { token });
        }),
      },
      {
        method: 'POST',
        path: '/jobs',
        handler: checked(state, 'status_endpoint', (req) => {
          const user = userOf(state, req);
          if (!user) return unauth();
          const body = req.json as { job_type?: unknown; inputs?: unknown } | undefined;
          if (!body || typeof body.job_type !== 'string') return json(400, { error: 'Missing job_type' });
          if (body.inputs !== null && body.inputs !== undefined && (typeof body.inputs !== 'object' || Array.isArray(body.inputs))) return json(400, { error: 'inputs must be a dict or None' });
          const id = ids.uuid();
          state.jobs.set(id, { id, owner: user, job_type: body.job_type, inputs: (body.inputs ?? null) as Record<string, unknown> | null, created: Date.now(), done: false, status: 'waiting', results: null, error: null });
          const path = `/jobs/${id}/status`;
          const se = state.statusEndpoint;
          return json(200, { status_endpoint: se === 'relative' ? path : `${se === 'absolute' ? req.origin : se.origin}${path}` });
        }),
      },
      {
        method: 'GET',
        path: '/jobs/:id/status',
        handler: checked(state, 'status', async (req) => {
          const user = userOf(state, req);
          if (!user) return unauth();
          const job = state.jobs.get(req.params.id);
          if (!job || job.owner !== user) return json(404, { error: 'Job not found' });
          await advance(state, job, req.origin, ids);
          if (job.violation) return json(500, INTERNAL);
          return json(200, { status: job.status, results: job.status === 'completed' ? job.results : null, error: job.error });
        }),
      },
      {
        method: 'GET',
        path: '/downloads/:id/:name',
        handler: (req) => {
          const file = state.downloads.get(req.params.id);
          if (!file || file.name !== req.params.name) return json(404, { error: 'File not found' });
          return { status: 200, raw: Buffer.from(file.body), headers: { 'content-type': 'application/octet-stream' } };
        },
      },
    ],
    state,
  );
}
