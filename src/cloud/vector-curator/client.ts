/**
 * Vector Curator Cloud connector. Implements the JobRunner contract, so
 * `runner.run('search', inputs)` works the same against the local engine and
 * the cloud: session login, POST /jobs, then polling of the status endpoint.
 */
import { AuthError, CancelledError, CuratekitError, RemoteError, ValidationError } from '../../contract/errors.js';
import { createJob, type CompletedJob, type Job, type JobInputs, type JobRunner, type JobRunOptions, type JobType } from '../../contract/jobs.js';
import { MemorySecretStore, type SecretStore } from '../http/auth.js';
import { HttpClient, type HttpSettings } from '../http/client.js';
import { pollUntil, type PollOptions } from '../util/poll.js';
import { optionalString, requireHttpUrl, requireObject, requireString } from '../util/validate.js';
import { jobIdFromEndpoint, mapRemoteStatus, type RemoteJobStatus } from './status.js';
import { REMOTE_JOB_TYPES, toRemoteInputs } from './validate.js';

export const VECTOR_CURATOR_BASE_URL = 'https://api.data2vector.ai';
const SECRET = { user: 'vector-curator.username_or_email', password: 'vector-curator.password', token: 'vector-curator.token' };

export interface VectorCuratorOptions extends HttpSettings {
  /** Account user name or e-mail, for /session/new. */
  usernameOrEmail?: string;
  password?: string;
  /** A session token from an earlier login (login is skipped until it is rejected). */
  token?: string;
  /** Where the credentials and the session token live. @defaultValue a private in-memory store */
  secrets?: SecretStore;
  /** @defaultValue VECTOR_CURATOR_BASE_URL */
  baseUrl?: string;
  /** Status polling. @defaultValue { intervalMs: 1000, backoff: 1.5, maxIntervalMs: 15000 } */
  poll?: PollOptions;
}

/** run() options beyond the JobRunner ones. */
export interface RemoteRunOptions extends JobRunOptions {
  /** Called once the job is accepted, with the endpoint to {@link VectorCuratorClient.resume} from later. */
  onSubmitted?: (statusEndpoint: string) => void;
  poll?: PollOptions;
}

export class VectorCuratorClient implements JobRunner {
  readonly #http: HttpClient;
  readonly #secrets: SecretStore;
  readonly #ready: Promise<void>;
  readonly #poll: PollOptions;
  #login: Promise<string> | undefined;

  constructor(options: VectorCuratorOptions) {
    requireObject(options, 'options');
    const user = optionalString(options.usernameOrEmail, 'options.usernameOrEmail');
    const password = optionalString(options.password, 'options.password');
    const token = optionalString(options.token, 'options.token');
    if ((user === undefined) !== (password === undefined)) throw new ValidationError(user ? 'options.password' : 'options.usernameOrEmail', 'required together with the other credential');
    if (user === undefined && token === undefined && options.secrets === undefined) {
      throw new ValidationError('options.usernameOrEmail', 'credentials (usernameOrEmail + password), a token, or a secrets store holding them');
    }
    const baseUrl = requireHttpUrl(options.baseUrl ?? VECTOR_CURATOR_BASE_URL, 'options.baseUrl');
    this.#secrets = options.secrets ?? new MemorySecretStore();
    const writes: (void | Promise<void>)[] = [];
    if (user !== undefined && password !== undefined) writes.push(this.#secrets.set(SECRET.user, user), this.#secrets.set(SECRET.password, password));
    if (token !== undefined) writes.push(this.#secrets.set(SECRET.token, token));
    this.#ready = Promise.all(writes).then(() => undefined);
    this.#poll = { intervalMs: 1000, backoff: 1.5, maxIntervalMs: 15_000, ...options.poll };
    this.#http = new HttpClient({
      service: 'vector-curator',
      baseUrl,
      auth: async () => ({ auth_token: await this.#token() }),
      timeoutMs: options.timeoutMs,
      retry: options.retry,
      fetch: options.fetch,
      logger: options.logger,
      maxResponseBytes: options.maxResponseBytes,
      allowRedirectTo: options.allowRedirectTo,
    });
    for (const s of [password, token]) this.#http.redactor.add(s);
  }

  /** Log in with the stored credentials; stores and returns nothing secret to the caller. */
  async login(opts: { signal?: AbortSignal } = {}): Promise<void> {
    await this.#freshLogin(opts.signal);
  }

  /** Forget the session token (the API documents no logout endpoint). */
  async logout(): Promise<void> {
    await this.#secrets.delete(SECRET.token);
  }

  async #freshLogin(signal?: AbortSignal): Promise<string> {
    // Concurrent callers share one login request.
    this.#login ??= (async () => {
      await this.#ready;
      const user = await this.#secrets.get(SECRET.user);
      const password = await this.#secrets.get(SECRET.password);
      if (!user || !password) throw new AuthError('vector-curator: session expired or missing and no username/password to log in with', { service: 'vector-curator' });
      this.#http.redactor.add(password);
      // Method not documented: POST (it creates a session). A repeated login only makes another token, so it may be retried.
      const body = await this.#http.request<{ token?: unknown }>({
        method: 'POST',
        path: 'session/new',
        secretHeaders: { username_or_email: user, password },
        auth: false,
        idempotent: true,
        signal,
      });
      if (typeof body?.token !== 'string' || body.token === '') throw new RemoteError('vector-curator: login answer without a token', 200, { service: 'vector-curator' });
      this.#http.redactor.add(body.token);
      await this.#secrets.set(SECRET.token, body.token);
      return body.token;
    })().finally(() => {
      this.#login = undefined;
    });
    return this.#login;
  }

  async #token(): Promise<string> {
    await this.#ready;
    const token = await this.#secrets.get(SECRET.token);
    if (token) {
      this.#http.redactor.add(token);
      return token;
    }
    return this.#freshLogin();
  }

  /** Run a call; on 401 with credentials at hand, log in again once and repeat (a 401 means nothing was done). */
  async #authed<T>(call: () => Promise<T>, signal?: AbortSignal): Promise<T> {
    try {
      return await call();
    } catch (e) {
      if (!(e instanceof AuthError) || !(await this.#secrets.get(SECRET.password))) throw e;
      await this.#secrets.delete(SECRET.token);
      await this.#freshLogin(signal);
      return call();
    }
  }

  /** POST /jobs. Never retried on its own (a repeat would start a second job). */
  async submit(jobType: string, inputs: Record<string, unknown> | null, opts: { signal?: AbortSignal } = {}): Promise<string> {
    requireString(jobType, 'job_type');
    const body = await this.#authed(
      () => this.#http.request<{ status_endpoint?: unknown }>({ method: 'POST', path: 'jobs', json: { job_type: jobType, inputs }, signal: opts.signal }),
      opts.signal,
    );
    if (typeof body?.status_endpoint !== 'string' || body.status_endpoint === '') {
      throw new RemoteError('vector-curator: job accepted without a status_endpoint', 200, { service: 'vector-curator' });
    }
    // Resolve now, so a status endpoint on another origin is refused before anything is polled.
    this.#http.resolve(body.status_endpoint);
    return body.status_endpoint;
  }

  /** GET the status endpoint once. */
  async status(statusEndpoint: string, opts: { signal?: AbortSignal } = {}): Promise<RemoteJobStatus> {
    requireString(statusEndpoint, 'statusEndpoint');
    return this.#authed(() => this.#http.request<RemoteJobStatus>({ method: 'GET', path: statusEndpoint, signal: opts.signal }), opts.signal);
  }

  /** Validate, submit and poll a job to its end (JobRunner). */
  async run<T extends JobType>(job_type: T, inputs: JobInputs<T>, options: RemoteRunOptions = {}): Promise<CompletedJob<T>> {
    if (!REMOTE_JOB_TYPES.includes(job_type)) throw new ValidationError('job_type', `one of ${REMOTE_JOB_TYPES.join(', ')}`);
    const remoteInputs = toRemoteInputs(job_type, inputs);
    const created = Date.now();
    const endpoint = await this.submit(job_type, remoteInputs, options);
    options.onSubmitted?.(endpoint);
    // resume() resolves only with a completed job (failures reject).
    return (await this.resume(job_type, endpoint, options, created)) as CompletedJob<T>;
  }

  /**
   * Run a job type this package has no typed contract for (fine_tune_vectorizer,
   * fine_tune_translator, sample_data, trim_by_highlights); inputs are sent as given.
   */
  async runRaw(jobType: string, inputs: Record<string, unknown> | null, options: RemoteRunOptions = {}): Promise<Job> {
    if (inputs !== null) requireObject(inputs, 'inputs', 'object or null');
    const created = Date.now();
    const endpoint = await this.submit(jobType, inputs, options);
    options.onSubmitted?.(endpoint);
    return this.resume(jobType as JobType, endpoint, options, created);
  }

  /**
   * Poll an already submitted job until it completes (resolves with the Job),
   * fails (RemoteError with the service's message) or is cancelled. Aborting
   * only stops the polling: the API has no cancel endpoint, the remote job runs on.
   */
  async resume<T extends JobType>(job_type: T, statusEndpoint: string, options: RemoteRunOptions = {}, createdAt = Date.now()): Promise<Job<T>> {
    const job = createJob(jobIdFromEndpoint(statusEndpoint), job_type, createdAt);
    const poll = { ...this.#poll, ...options.poll };
    try {
      return await pollUntil(
        async () => {
          const s = await this.status(statusEndpoint, options);
          const status = mapRemoteStatus(s?.status);
          const now = Date.now();
          job.status = status;
          job.message = `remote status: ${String(s?.status)}`;
          if (status !== 'waiting') job.started_at ??= now;
          if (typeof s?.progress === 'number' && s.progress >= 0 && s.progress <= 1) job.progress = Math.max(job.progress, s.progress);
          if (status === 'completed') {
            job.progress = 1;
            job.finished_at = now;
            job.results = (s.results ?? null) as Job<T>['results'];
          }
          options.onProgress?.({ job_id: job.id, job_type, progress: job.progress, message: job.message });
          if (status === 'completed') return job;
          if (status === 'failed' || status === 'cancelled') {
            job.finished_at = now;
            const why = this.#http.redactor.redact(typeof s.error === 'string' && s.error ? s.error : 'no reason given');
            const err =
              status === 'cancelled'
                ? new CancelledError(`vector-curator: job ${job.id} (${job_type}) was cancelled remotely: ${why}`)
                : new RemoteError(`vector-curator: job ${job.id} (${job_type}) failed: ${why}`, undefined, { service: 'vector-curator', job_id: job.id, job_type, serviceMessage: why });
            job.error = err.toJSON();
            throw err;
          }
          return undefined;
        },
        `vector-curator: job ${job.id}`,
        poll,
        options.signal,
      );
    } catch (e) {
      if (options.signal?.aborted && !(e instanceof CuratekitError && e.code !== 'cancelled')) {
        throw new CancelledError(`vector-curator: stopped waiting for job ${job.id}; the remote job may still run (the API has no cancel endpoint)`);
      }
      throw e;
    }
  }
}
