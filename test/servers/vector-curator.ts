/**
 * Conformance server for the Vector Curator Cloud API
 * (shared/api-docs/vector-curator-cloud.txt): /session/new, POST /jobs, the
 * status endpoint; documented bodies `{"token"}`, `{"status_endpoint"}`,
 * `{"status","results","error"}`, `{"error": ...}` for 401/500.
 */
import { idMaker, json, startServer, type Req, type Res, type TestServer } from './harness.js';
import { JobFailure, newAccount, runJob, WRITE_JOBS, type Account } from './vector-curator-jobs.js';
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
  inputs: Record<string, unknown>;
  created: number;
  done: boolean;
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
  /** Result files of sampling jobs, served at /downloads/:id. */
  downloads: Map<string, { name: string; body: string }>;
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

/** Advance a job by wall-clock time; its result is computed once, when it leaves 'running'. */
async function advance(state: VcState, job: VcJob, origin: string, ids: ReturnType<typeof idMaker>): Promise<void> {
  if (job.done) return;
  const age = Date.now() - job.created;
  if (age < state.queueMs) job.status = 'waiting';
  else if (age < state.queueMs + state.runMs) job.status = 'running';
  else {
    job.done = true;
    const user = state.users.find((u) => u.username === job.owner)!;
    try {
      if (WRITE_JOBS.has(job.job_type) && !user.privileges.includes('write')) throw new JobFailure(`Account privileges ["write"] required for ${job.job_type}`);
      const acc = account(state, job.owner);
      const publish = (name: string, body: string) => {
        const id = ids.hex();
        state.downloads.set(id, { name, body });
        return `${origin}/downloads/${id}/${encodeURIComponent(name)}`;
      };
      job.results = TRAINING_JOBS.has(job.job_type) ? await runTrainingJob(acc, job.job_type, job.inputs ?? {}, publish) : runJob(acc, job.job_type, job.inputs ?? {}, origin);
      job.status = 'completed';
    } catch (e) {
      if (!(e instanceof JobFailure)) throw e;
      job.status = 'failed';
      job.error = e.message;
    }
  }
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
  };
  return startServer(
    [
      {
        // The docs give headers but no method for the login: both are accepted.
        method: ['GET', 'POST'],
        path: '/session/new',
        handler: (req) => {
          const who = req.headers.username_or_email;
          const user = state.users.find((u) => u.username === who || u.email === who);
          if (!user || req.headers.password !== user.password) return json(401, { error: 'Invalid username or password' });
          const token = `tok-${ids.hex()}`;
          state.tokens.set(token, user.username);
          return json(200, { token });
        },
      },
      {
        method: 'POST',
        path: '/jobs',
        handler: (req) => {
          const user = userOf(state, req);
          if (!user) return unauth();
          const body = req.json as { job_type?: unknown; inputs?: unknown } | undefined;
          if (!body || typeof body.job_type !== 'string') return json(400, { error: 'Missing job_type' });
          if (body.inputs !== null && body.inputs !== undefined && (typeof body.inputs !== 'object' || Array.isArray(body.inputs))) return json(400, { error: 'inputs must be a dict or None' });
          const id = ids.uuid();
          state.jobs.set(id, { id, owner: user, job_type: body.job_type, inputs: (body.inputs ?? {}) as Record<string, unknown>, created: Date.now(), done: false, status: 'waiting', results: null, error: null });
          const path = `/jobs/${id}/status`;
          const se = state.statusEndpoint;
          return json(200, { status_endpoint: se === 'relative' ? path : `${se === 'absolute' ? req.origin : se.origin}${path}` });
        },
      },
      {
        method: 'GET',
        path: '/jobs/:id/status',
        handler: async (req) => {
          const user = userOf(state, req);
          if (!user) return unauth();
          const job = state.jobs.get(req.params.id);
          if (!job || job.owner !== user) return json(404, { error: 'Job not found' });
          await advance(state, job, req.origin, ids);
          return json(200, { status: job.status, results: job.status === 'completed' ? job.results : null, error: job.error });
        },
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
