/**
 * The one HTTP layer every connector uses: base URL, auth headers, timeouts,
 * retries (idempotent calls only), AbortSignal, JSON parsing and typed,
 * redacted errors. Built on ky, which runs on any fetch (Node 20, browsers,
 * workers) and already implements exponential backoff, jitter and
 * Retry-After; this file decides WHEN it may retry and maps its errors.
 *
 * Upload progress: fetch has no upload progress events. Streaming request
 * bodies (ky's onUploadProgress) need `duplex: 'half'`, which Chromium only
 * allows over HTTP/2 and Firefox/Safari not at all, so connectors report
 * progress per item of a batch instead of per byte.
 */
import ky, { HTTPError, TimeoutError } from 'ky';
import { CancelledError, CuratekitError, NetworkError, RemoteError, ValidationError } from '../../contract/errors.js';
import { checkInt } from '../../contract/validate.js';
import type { AuthProvider } from './auth.js';
import { errorFromResponse } from './errors.js';
import { Redactor } from './redact.js';
import { readBounded } from './body.js';
import { isRedirect, nextHop, pathOf, type Hop, type HttpMethod } from './redirect.js';

/** When and how often idempotent calls are retried. */
export interface RetryPolicy {
  /** Retries after the first attempt. @defaultValue 3 */
  limit?: number;
  /** Backoff before the first retry; doubles each retry, with full jitter. @defaultValue 300 */
  baseDelayMs?: number;
  /** Cap on one backoff delay. @defaultValue 10000 */
  maxDelayMs?: number;
  /** Longest Retry-After honoured; longer waits are clamped to it. @defaultValue 60000 */
  maxRetryAfterMs?: number;
}

/** One attempt, as seen by an optional logger. Never contains headers or bodies. */
export interface HttpEvent {
  service: string;
  method: string;
  /** Path and query relative to the origin, redacted. */
  url: string;
  /** 1 for the first try. */
  attempt: number;
  status?: number;
  error?: string;
}

export type HttpLogger = (event: HttpEvent) => void;

/** Settings shared by the connectors' options objects. */
export interface HttpSettings {
  /** Per-attempt timeout, covering the answer's headers AND its whole body. @defaultValue 30000 */
  timeoutMs?: number;
  /** Largest answer body accepted, bytes (read as a stream; past it, RemoteError with details.tooLarge). @defaultValue 67108864 (64 MiB) */
  maxResponseBytes?: number;
  /**
   * Origins besides the base URL's that a redirect may lead to (e.g. a CDN
   * serving downloads). Such a hop is sent as a plain GET without credentials
   * and without the request body. Any other cross-origin redirect is refused.
   * @defaultValue [] (same-origin redirects only)
   */
  allowRedirectTo?: string[];
  /** Retry policy for idempotent calls. */
  retry?: RetryPolicy;
  /** A fetch implementation (e.g. one that adds a proxy). @defaultValue globalThis.fetch */
  fetch?: typeof fetch;
  /** Receives one redacted event per attempt; off by default. */
  logger?: HttpLogger;
}

export interface HttpClientConfig extends HttpSettings {
  /** Short service name used in messages ("vize"). */
  service: string;
  baseUrl: string;
  auth?: AuthProvider;
  redactor?: Redactor;
}

export type { HttpMethod };

export interface HttpRequest {
  method: HttpMethod;
  /** Relative to the base URL, or an absolute URL on the same origin. */
  path: string;
  query?: Record<string, string | number | boolean | null | undefined>;
  json?: unknown;
  body?: FormData | URLSearchParams;
  headers?: Record<string, string>;
  /** Headers that carry credentials (e.g. a login's password): sent, and redacted everywhere. */
  secretHeaders?: Record<string, string>;
  /**
   * Whether the call may be repeated safely. Defaults to true for GET, PUT,
   * DELETE and HEAD; POST/PATCH are never retried unless marked idempotent.
   */
  idempotent?: boolean;
  signal?: AbortSignal;
  timeoutMs?: number;
  /** Send the auth headers. @defaultValue true */
  auth?: boolean;
  /** @defaultValue 'json' */
  responseType?: 'json' | 'text' | 'blob' | 'none';
  /** Overrides the client's maxResponseBytes for this call. */
  maxBytes?: number;
}

const IDEMPOTENT: ReadonlySet<HttpMethod> = new Set<HttpMethod>(['GET', 'PUT', 'DELETE', 'HEAD']);
const RETRY_STATUS = [408, 429, 500, 502, 503, 504];
/** Error bodies are only shown in messages: their first 64 KiB is plenty. */
const ERROR_BODY_BYTES = 64 * 1024;
/** Redirects followed per call. */
const MAX_HOPS = 5;

function joinUrl(base: string, path: string): string {
  return `${base.replace(/\/+$/, '')}/${path.replace(/^\/+/, '')}`;
}

export class HttpClient {
  readonly service: string;
  readonly baseUrl: string;
  readonly redactor: Redactor;
  #auth: AuthProvider | undefined;
  #timeoutMs: number;
  #retry: Required<RetryPolicy>;
  #fetch: typeof fetch | undefined;
  #logger: HttpLogger | undefined;
  #maxBytes: number;
  #redirectOrigins: string[];

  constructor(config: HttpClientConfig) {
    this.service = config.service;
    this.baseUrl = config.baseUrl;
    this.redactor = config.redactor ?? new Redactor();
    this.#auth = config.auth;
    this.#timeoutMs = config.timeoutMs ?? 30_000;
    this.#retry = {
      limit: config.retry?.limit ?? 3,
      baseDelayMs: config.retry?.baseDelayMs ?? 300,
      maxDelayMs: config.retry?.maxDelayMs ?? 10_000,
      maxRetryAfterMs: config.retry?.maxRetryAfterMs ?? 60_000,
    };
    this.#fetch = config.fetch;
    this.#logger = config.logger;
    this.#maxBytes = config.maxResponseBytes === undefined ? 64 * 1024 * 1024 : checkInt(config.maxResponseBytes, 'options.maxResponseBytes', 1);
    const allowed = config.allowRedirectTo ?? [];
    if (!Array.isArray(allowed)) throw new ValidationError('options.allowRedirectTo', 'a list of http(s) origins');
    this.#redirectOrigins = allowed.map((o, i) => {
      const u = typeof o === 'string' && URL.canParse(o) ? new URL(o) : null;
      if (!u || (u.protocol !== 'https:' && u.protocol !== 'http:')) throw new ValidationError(`options.allowRedirectTo[${i}]`, 'an http(s) origin');
      return u.origin;
    });
  }

  /**
   * Resolve a path against the base URL. Absolute URLs (status endpoints,
   * "next" page links given by the service) must stay on the base URL's
   * origin: credentials are never sent anywhere else.
   */
  resolve(path: string): string {
    if (!/^[a-z][a-z0-9+.-]*:/i.test(path)) return joinUrl(this.baseUrl, path);
    const target = new URL(path);
    if (target.origin !== new URL(this.baseUrl).origin) {
      throw new RemoteError(
        `${this.service}: refusing to send credentials to ${target.origin} (the service pointed outside ${new URL(this.baseUrl).origin})`,
        undefined,
        { service: this.service },
      );
    }
    return target.href;
  }

  /** Perform one call; resolves with the parsed body or rejects with a typed error. */
  async request<T>(req: HttpRequest): Promise<T> {
    const first = new URL(this.resolve(req.path));
    const searchParams = new URLSearchParams();
    for (const [k, v] of Object.entries(req.query ?? {})) if (v !== undefined && v !== null) searchParams.set(k, String(v));
    // As ky's searchParams did: a query given replaces the one in the path.
    if ([...searchParams.keys()].length > 0) first.search = searchParams.toString();
    let hop: Hop = { url: first.href, method: req.method, withBody: true, withAuth: true };
    const redactor = this.redactor.fork();
    for (let n = 0; ; n++) {
      const out = await this.#once<T>(req, hop, redactor);
      if (!('redirect' in out)) return out.value;
      // Redirects are followed here, not by fetch: a body or credentials must never reach another origin.
      hop = nextHop(hop, out.redirect, { service: this.service, base: new URL(this.baseUrl).origin, allowed: this.#redirectOrigins, hops: n + 1, maxHops: MAX_HOPS, shown: (u) => redactor.redact(pathOf(u)) });
    }
  }

  async #once<T>(req: HttpRequest, hop: Hop, redactor: Redactor): Promise<{ value: T } | { redirect: Response }> {
    const url = hop.url;
    const shown = pathOf(url);
    const call = { ...req, method: hop.method };
    if (req.signal?.aborted) throw new CancelledError(`${this.service}: cancelled before ${hop.method} ${redactor.redact(shown)}`);
    const headers: Record<string, string> = hop.withAuth ? { ...req.headers, ...req.secretHeaders } : { ...req.headers };
    if (req.secretHeaders) redactor.addHeaders(req.secretHeaders);
    if (hop.withAuth && req.auth !== false && this.#auth) {
      const authHeaders = await this.#auth();
      redactor.addHeaders(authHeaders);
      Object.assign(headers, authHeaders);
    }
    const idempotent = req.idempotent ?? IDEMPOTENT.has(req.method);
    const log = (e: Omit<HttpEvent, 'service' | 'method' | 'url'>) =>
      this.#logger?.({ service: this.service, method: hop.method, url: redactor.redact(shown), ...e });
    const policy = this.#retry;
    const timeoutMs = req.timeoutMs ?? this.#timeoutMs;
    let attempts = 0;
    let started = Date.now();
    try {
      const res = await ky(url, {
        method: hop.method,
        headers,
        json: hop.withBody ? req.json : undefined,
        body: hop.withBody ? req.body : undefined,
        signal: req.signal,
        timeout: timeoutMs,
        fetch: this.#fetch,
        redirect: 'manual',
        throwHttpErrors: true,
        retry: idempotent
          ? {
              limit: policy.limit,
              methods: [hop.method.toLowerCase() as 'get'],
              statusCodes: RETRY_STATUS,
              afterStatusCodes: [429, 503],
              maxRetryAfter: policy.maxRetryAfterMs,
              backoffLimit: policy.maxDelayMs,
              delay: (n) => policy.baseDelayMs * 2 ** (n - 1),
              jitter: true,
              retryOnTimeout: true,
              // Our own errors (auth provider, cancellation) are final; ky decides the rest.
              shouldRetry: ({ error }) => (req.signal?.aborted || error instanceof CuratekitError ? false : undefined),
            }
          : { limit: 0 },
        hooks: {
          beforeRequest: [
            () => {
              attempts += 1;
              started = Date.now();
            },
          ],
          // No afterResponse hook: ky clones the response for it, and an abort then leaves
          // undici's tee branch with an unhandled rejection. Status is logged here instead.
          beforeRetry: [
            ({ error }) => {
              if (error instanceof HTTPError) {
                log({ attempt: attempts, status: error.response.status });
                // Free the connection: the failed answer's body is never read.
                void error.response.body?.cancel().catch(() => undefined);
              } else log({ attempt: attempts, error: redactor.redact(error.message) });
            },
          ],
        },
      });
      log({ attempt: attempts, status: res.status });
      const bounds = { deadline: started + timeoutMs, timeoutMs, signal: req.signal, service: this.service, where: `${hop.method} ${redactor.redact(shown)}` };
      return { value: (await this.#parse(res, call, shown, redactor, { ...bounds, maxBytes: req.maxBytes ?? this.#maxBytes })) as T };
    } catch (e) {
      if (e instanceof HTTPError && isRedirect(e.response)) {
        log({ attempt: attempts, status: e.response.status });
        void e.response.body?.cancel().catch(() => undefined);
        return { redirect: e.response };
      }
      const mapped = await this.#mapError(e, call, shown, redactor, started + timeoutMs);
      log(e instanceof HTTPError ? { attempt: attempts, status: e.response.status } : { attempt: attempts, error: mapped.message });
      throw mapped;
    }
  }

  async #parse(res: Response, req: HttpRequest, shown: string, redactor: Redactor, bounds: Parameters<typeof readBounded>[1]): Promise<unknown> {
    const type = req.responseType ?? 'json';
    const bytes = await readBounded(res, bounds);
    if (type === 'blob') return new Blob([bytes as Uint8Array<ArrayBuffer>], { type: res.headers.get('content-type') ?? '' });
    if (type === 'none') return undefined;
    const text = new TextDecoder().decode(bytes);
    if (type === 'text') return text;
    if (text.trim() === '') return null;
    try {
      return JSON.parse(text);
    } catch {
      throw new RemoteError(
        `${this.service}: malformed JSON in the answer to ${req.method} ${redactor.redact(shown)} (HTTP ${res.status})`,
        res.status,
        { service: this.service, malformed: true },
      );
    }
  }

  async #mapError(e: unknown, req: HttpRequest, shown: string, redactor: Redactor, deadline: number): Promise<CuratekitError> {
    const where = `${req.method} ${redactor.redact(shown)}`;
    if (req.signal?.aborted) return new CancelledError(`${this.service}: cancelled during ${where}`);
    if (e instanceof CuratekitError) return e;
    if (e instanceof HTTPError) {
      // The error body is read with the same deadline and a small cap: a trickled or huge error page cannot hang the call.
      const where = `${req.method} ${redactor.redact(shown)}`;
      const timeoutMs = req.timeoutMs ?? this.#timeoutMs;
      const text = await readBounded(e.response, { maxBytes: ERROR_BODY_BYTES, truncate: true, deadline, timeoutMs, signal: req.signal, service: this.service, where })
        .then((b) => new TextDecoder().decode(b))
        .catch(() => '');
      return errorFromResponse(e.response, { service: this.service, method: req.method, path: shown, redactor }, text);
    }
    if (e instanceof TimeoutError) {
      return new NetworkError(`${this.service}: ${where} timed out after ${req.timeoutMs ?? this.#timeoutMs} ms`, {
        service: this.service,
        timeout: true,
      });
    }
    // fetch reports refused/reset/dropped connections as TypeError; keep only its text, never the request.
    const cause = e instanceof Error ? `${e.message}${e.cause instanceof Error ? `: ${e.cause.message}` : ''}` : String(e);
    return new NetworkError(`${this.service}: ${where} failed: ${redactor.redact(cause)}`, { service: this.service });
  }
}
