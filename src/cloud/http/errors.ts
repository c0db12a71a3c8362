/**
 * Turn an HTTP error answer into a typed curatekit error that carries the
 * service's own message (redacted) and, for 400/422, the field it blamed.
 */
import {
  AuthError,
  type CuratekitError,
  NotFoundError,
  RateLimitError,
  RemoteError,
  ServerError,
  ValidationError,
} from '../../contract/errors.js';
import type { Redactor } from './redact.js';

/** Longest service message kept in an error (bodies can be whole HTML pages). */
const MAX_MESSAGE = 500;

/** Parse a Retry-After header (delta-seconds or HTTP date) into milliseconds. */
export function parseRetryAfter(value: string | null, now = Date.now()): number | undefined {
  if (value === null || value.trim() === '') return undefined;
  const seconds = Number(value);
  if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
  const at = Date.parse(value);
  return Number.isNaN(at) ? undefined : Math.max(0, at - now);
}

function asText(v: unknown): string | undefined {
  if (typeof v === 'string' && v.trim() !== '') return v;
  if (Array.isArray(v) && v.length > 0 && v.every((x) => typeof x === 'string')) return v.join('; ');
  return undefined;
}

/**
 * Find the message and blamed field in the error bodies these services use:
 * `{"error": "..."}` (Vector Curator), `{"detail": "..."}` and
 * `{"field": ["msg"]}` (Django REST, Ximilar/Vize), `{"message": "..."}`
 * (API Torch, DeepVA), `{"status": {"text": "..."}}` (Ximilar records),
 * `{"error": {"message": "..."}}`.
 */
export function extractServiceMessage(body: unknown): { message?: string; field?: string } {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) return {};
  const o = body as Record<string, unknown>;
  const err = o.error;
  if (typeof err === 'object' && err !== null) {
    const inner = extractServiceMessage(err);
    if (inner.message) return inner;
  }
  const direct = asText(o.message) ?? asText(o.error) ?? asText(o.detail) ?? asText(o.non_field_errors);
  const status = o.status as Record<string, unknown> | undefined;
  const statusText = typeof status === 'object' && status !== null ? asText(status.text) : undefined;
  const message = direct ?? statusText;
  if (message && typeof o.field === 'string') return { message, field: o.field };
  if (message) return { message };
  // Django REST field errors: {"name": ["This field is required."]}
  for (const [k, v] of Object.entries(o)) {
    const text = asText(v);
    if (text) return { message: `${k}: ${text}`, field: k };
  }
  return {};
}

export interface ErrorContext {
  service: string;
  method: string;
  /** URL path (and query) of the request, used in messages; never carries secrets. */
  path: string;
  redactor: Redactor;
}

/** Build the typed error for a non-2xx answer, from `body` when the caller read it (bounded), else from the body text. */
export async function errorFromResponse(res: Response, ctx: ErrorContext, body?: string): Promise<CuratekitError> {
  let text = body ?? '';
  if (body === undefined) {
    try {
      text = await res.text();
    } catch {
      // A body that cannot be read still gives a status-based error below.
    }
  }
  let parsed: unknown;
  try {
    parsed = text ? JSON.parse(text) : undefined;
  } catch {
    parsed = undefined;
  }
  const found = extractServiceMessage(parsed);
  const raw = found.message ?? (text && !text.trimStart().startsWith('<') ? text : res.statusText || `HTTP ${res.status}`);
  const serviceMessage = ctx.redactor.redact(raw.slice(0, MAX_MESSAGE));
  const where = `${ctx.method} ${ctx.redactor.redact(ctx.path)}`;
  const message = `${ctx.service}: ${serviceMessage} (HTTP ${res.status}, ${where})`;
  const details = { service: ctx.service, status: res.status, serviceMessage };
  const s = res.status;
  if (s === 401 || s === 403) return new AuthError(message, details);
  if (s === 429) return new RateLimitError(message, parseRetryAfter(res.headers.get('retry-after')), details);
  if (s >= 500) return new ServerError(message, s, { service: ctx.service, serviceMessage });
  if (s === 400 || s === 422) {
    const field = found.field ? `${ctx.service}.${found.field}` : `${ctx.service}.request`;
    const err = new ValidationError(field, serviceMessage, message);
    Object.assign(err.details, details);
    return err;
  }
  if (s === 404) {
    const err = new NotFoundError('resource', ctx.redactor.redact(ctx.path), message);
    Object.assign(err.details, details);
    return err;
  }
  return new RemoteError(message, s, { service: ctx.service, serviceMessage });
}
