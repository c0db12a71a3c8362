/**
 * Typed errors shared by every layer (engine, client, cloud connectors).
 *
 * Each error has a stable `code` so callers can branch without `instanceof`
 * (errors cross the worker boundary as plain data and are rebuilt by
 * {@link errorFromJSON}).
 */

export type ErrorCode =
  | 'validation'
  | 'not_found'
  | 'quota'
  | 'auth'
  | 'rate_limit'
  | 'server'
  | 'network'
  | 'remote'
  | 'cancelled'
  | 'model'
  | 'worker';

/** Serializable form of a {@link CuratekitError}. */
export interface ErrorJSON {
  readonly __curatekit_error: true;
  readonly name: string;
  readonly code: ErrorCode;
  readonly message: string;
  readonly details: Record<string, unknown>;
}

/** Base class of every error curatekit throws on purpose. */
export class CuratekitError extends Error {
  readonly code: ErrorCode;
  /** Extra machine-readable fields (field, rule, status, ...). */
  readonly details: Record<string, unknown>;

  constructor(code: ErrorCode, message: string, details: Record<string, unknown> = {}, options?: { cause?: unknown }) {
    super(message, options);
    this.code = code;
    this.details = details;
    this.name = new.target.name;
  }

  toJSON(): ErrorJSON {
    return { __curatekit_error: true, name: this.name, code: this.code, message: this.message, details: this.details };
  }
}

/** An input broke a documented rule. `field` is a dotted path such as `inputs.name`. */
export class ValidationError extends CuratekitError {
  readonly field: string;
  readonly rule: string;
  constructor(field: string, rule: string, message?: string) {
    super('validation', message ?? `${field}: ${rule}`, { field, rule });
    this.field = field;
    this.rule = rule;
  }
}

/** A named thing (archive, content id, vectorizer, job) does not exist. */
export class NotFoundError extends CuratekitError {
  constructor(what: string, key: string | number, message?: string) {
    super('not_found', message ?? `${what} not found: ${String(key)}`, { what, key });
  }
}

/** What a QuotaError knows: what was being written and what the browser said about storage (estimates can be far off). */
export interface QuotaDetails {
  /** What was being written ("a batch of 16 contents"). */
  writing?: string;
  /** About how many bytes that write needed. */
  bytes?: number;
  /** navigator.storage.estimate() at the time: bytes used and the quota it reports. */
  usage?: number;
  quota?: number;
}

/** Storage is full (IndexedDB QuotaExceededError); the failed batch was rolled back. */
export class QuotaError extends CuratekitError {
  constructor(message = 'storage quota exceeded; the batch was not written', options?: { cause?: unknown; details?: QuotaDetails }) {
    super('quota', message, { ...(options?.details ?? {}) }, options);
  }
}

/** The job or request was cancelled through its AbortSignal. */
export class CancelledError extends CuratekitError {
  constructor(message = 'cancelled') {
    super('cancelled', message);
  }
}

/** A model could not be loaded, converted or run. */
export class ModelError extends CuratekitError {
  constructor(message: string, details: Record<string, unknown> = {}, options?: { cause?: unknown }) {
    super('model', message, details, options);
  }
}

/** The engine worker died or could not start; the client can be restarted. */
export class WorkerError extends CuratekitError {
  constructor(message: string) {
    super('worker', message);
  }
}

/** Remote service said 401/403. Never carries the credential itself. */
export class AuthError extends CuratekitError {
  constructor(message: string, details: Record<string, unknown> = {}) {
    super('auth', message, details);
  }
}

/** Remote service said 429; `retryAfterMs` from Retry-After when given. */
export class RateLimitError extends CuratekitError {
  readonly retryAfterMs: number | undefined;
  constructor(message: string, retryAfterMs?: number, details: Record<string, unknown> = {}) {
    super('rate_limit', message, { ...details, retryAfterMs });
    this.retryAfterMs = retryAfterMs;
  }
}

/** Remote service answered 5xx. */
export class ServerError extends CuratekitError {
  readonly status: number;
  constructor(message: string, status: number, details: Record<string, unknown> = {}) {
    super('server', message, { ...details, status });
    this.status = status;
  }
}

/** The request never got an HTTP answer (DNS, reset, timeout). */
export class NetworkError extends CuratekitError {
  constructor(message: string, details: Record<string, unknown> = {}, options?: { cause?: unknown }) {
    super('network', message, details, options);
  }
}

/** Remote service answered with an error we have no narrower type for (4xx, malformed body). */
export class RemoteError extends CuratekitError {
  readonly status: number | undefined;
  constructor(message: string, status?: number, details: Record<string, unknown> = {}) {
    super('remote', message, { ...details, status });
    this.status = status;
  }
}

export function isErrorJSON(value: unknown): value is ErrorJSON {
  return typeof value === 'object' && value !== null && (value as ErrorJSON).__curatekit_error === true;
}

/** Rebuild a typed error from its JSON form (used at the worker boundary). */
export function errorFromJSON(json: ErrorJSON): CuratekitError {
  const d = json.details;
  let err: CuratekitError;
  switch (json.code) {
    case 'validation':
      err = new ValidationError(String(d.field), String(d.rule), json.message);
      break;
    case 'not_found':
      err = new NotFoundError(String(d.what), d.key as string, json.message);
      break;
    case 'quota':
      // Details survive the worker boundary: what was written, and the browser's estimate.
      err = new QuotaError(json.message, { details: d as QuotaDetails });
      break;
    case 'cancelled':
      err = new CancelledError(json.message);
      break;
    case 'model':
      err = new ModelError(json.message, d);
      break;
    case 'auth':
      err = new AuthError(json.message, d);
      break;
    case 'rate_limit':
      err = new RateLimitError(json.message, d.retryAfterMs as number | undefined, d);
      break;
    case 'server':
      err = new ServerError(json.message, Number(d.status), d);
      break;
    case 'network':
      err = new NetworkError(json.message, d);
      break;
    case 'remote':
      err = new RemoteError(json.message, d.status as number | undefined, d);
      break;
    default:
      err = new WorkerError(json.message);
  }
  return err;
}

/** Normalise anything thrown into a CuratekitError (unknown errors become WorkerError). */
export function toCuratekitError(e: unknown): CuratekitError {
  if (e instanceof CuratekitError) return e;
  if (isErrorJSON(e)) return errorFromJSON(e);
  if (e instanceof DOMException && e.name === 'AbortError') return new CancelledError(e.message || 'cancelled');
  if (e instanceof DOMException && e.name === 'QuotaExceededError') return new QuotaError(undefined, { cause: e });
  const message = e instanceof Error ? e.message : String(e);
  return new WorkerError(message);
}

/** Throw CancelledError when the signal is aborted. */
export function throwIfAborted(signal: AbortSignal | undefined): void {
  if (signal?.aborted) throw new CancelledError(typeof signal.reason === 'string' ? signal.reason : 'cancelled');
}
