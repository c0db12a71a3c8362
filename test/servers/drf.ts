/**
 * Django REST framework conventions shared by the Ximilar and Vize servers
 * (both are DRF services; their docs show the token header and DRF list
 * pages but no error bodies, so these are DRF's own): `{"detail": ...}` for
 * 401/403/404/405, `{"field": ["message"]}` for 400 (`non_field_errors` for
 * a rule over several fields), PageNumberPagination with `?page=N`.
 */
import type { ErrorObject, ValidateFunction } from 'ajv';
import { json, type Req, type Res } from './harness.js';
import { errorsOf, fieldPath, joinPath, list, obj, str, type Schema, type ServiceAnswers } from './schema-kit.js';

export const detail = (status: number, message: string): Res => json(status, { detail: message });
export const notFound = (): Res => detail(404, 'Not found.');
export const forbidden = (): Res => detail(403, 'You do not have permission to perform this action.');
export const fieldError = (field: string, ...messages: string[]): Res => json(400, { [field]: messages });
export const ruleError = (message: string): Res => json(400, { non_field_errors: [message] });
export const invalidPk = (field: string, pk: unknown): Res => fieldError(field, `Invalid pk "${String(pk)}" - object does not exist.`);

/** The answers every DRF server shares (404, 405, 500 and the error schema). */
export const DRF_ERROR: Schema = {
  type: 'object',
  minProperties: 1,
  anyOf: [obj({ detail: str }), { additionalProperties: list(str, { minItems: 1 }) }],
};
export function drfAnswers(error: ValidateFunction): ServiceAnswers {
  return {
    error,
    // DRF itself answers an unhandled exception with Django's HTML 500 page; JSON here keeps the harness simple.
    internal: () => detail(500, 'A server error occurred.'),
    notFound,
    notAllowed: (req, allowed) => ({ ...detail(405, `Method "${req.method}" not allowed.`), headers: { allow: [...allowed, 'OPTIONS'].join(', ') } }),
  };
}
export const malformedJson = (): Res => detail(400, 'JSON parse error - Expecting value: line 1 column 1 (char 0)');

/** `Authorization: Token <t>` (TokenAuthentication): the token, or DRF's 401 answers (with WWW-Authenticate). */
export function tokenOf(req: Req, known: (token: string) => boolean): string | Res {
  const h = req.headers.authorization;
  const challenge = { 'www-authenticate': 'Token' };
  if (typeof h !== 'string' || h.trim() === '') return { ...detail(401, 'Authentication credentials were not provided.'), headers: challenge };
  const m = /^Token\s+(\S+)$/i.exec(h.trim());
  if (!m) return { ...detail(401, /^Token\s*$/i.test(h.trim()) ? 'Invalid token header. No credentials provided.' : 'Authentication credentials were not provided.'), headers: challenge };
  return known(m[1]) ? m[1] : { ...detail(401, 'Invalid token.'), headers: challenge };
}

const pyType = (v: unknown) => (v === null ? 'NoneType' : Array.isArray(v) ? 'list' : typeof v === 'string' ? 'str' : typeof v === 'boolean' ? 'bool' : typeof v === 'number' ? (Number.isInteger(v) ? 'int' : 'float') : 'dict');

/** DRF's wording of one schema error. */
function drfMessage(e: ErrorObject): string {
  const own = (e.parentSchema as Schema | undefined)?.['x-message'];
  if (typeof own === 'string') return own;
  const p = e.params as Record<string, unknown>;
  switch (e.keyword) {
    case 'required':
      return 'This field is required.';
    case 'minLength':
      return p.limit === 1 ? 'This field may not be blank.' : `Ensure this field has at least ${String(p.limit)} characters.`;
    case 'maxLength':
      return `Ensure this field has no more than ${String(p.limit)} characters.`;
    case 'minItems':
      return p.limit === 1 ? 'This list may not be empty.' : `Ensure this field has at least ${String(p.limit)} elements.`;
    case 'maxItems':
      return `Ensure this field has no more than ${String(p.limit)} elements.`;
    case 'minimum':
      return `Ensure this value is greater than or equal to ${String(p.limit)}.`;
    case 'enum':
      return `"${String(e.data)}" is not a valid choice.`;
    case 'type': {
      const t = String(p.type);
      if (e.data === null) return 'This field may not be null.';
      if (t.startsWith('integer')) return 'A valid integer is required.';
      if (t.startsWith('number')) return 'A valid number is required.';
      if (t.startsWith('boolean')) return 'Must be a valid boolean.';
      if (t.startsWith('array')) return `Expected a list of items but got type "${pyType(e.data)}".`;
      if (t.startsWith('object')) return `Invalid data. Expected a dictionary, but got ${pyType(e.data)}.`;
      return 'Not a valid string.';
    }
    default:
      return e.message ?? e.keyword;
  }
}

/**
 * Schema errors as DRF's 400 body: `{"<top field>": ["message", ...]}`, a
 * nested field named in its message ("records[0]: ..."; DRF would nest the
 * errors, flattened here), a rule over the whole body under non_field_errors.
 */
export function drfRefusal(errors: ErrorObject[]): Res {
  const body: Record<string, string[]> = {};
  for (const e of errors) {
    const segs = fieldPath(e);
    const key = segs[0] ?? 'non_field_errors';
    const msg = segs.length > 1 ? `${joinPath(segs)}: ${drfMessage(e)}` : drfMessage(e);
    if (!(body[key] ??= []).includes(msg)) body[key].push(msg);
  }
  return json(400, body);
}

/** Validate a request body: undefined when fine, else DRF's 400. */
export function drfCheck(fn: ValidateFunction, value: unknown): Res | undefined {
  if (value === undefined || value === null || typeof value !== 'object' || Array.isArray(value)) {
    return ruleError(`Invalid data. Expected a dictionary, but got ${value === undefined ? 'nothing' : pyType(value)}.`);
  }
  const errors = errorsOf(fn, value);
  return errors.length ? drfRefusal(errors) : undefined;
}

/** A DRF page's schema: `{count, next, previous, results}`. */
export const pageOf = (item: Schema): Schema => obj({ count: { type: 'integer', minimum: 0 }, next: { type: ['string', 'null'] }, previous: { type: ['string', 'null'] }, results: list(item) });

/** DRF page of `all`, `?page=N` (1-based, or "last"); a page that is not a positive int or past the end is 404 "Invalid page.". */
export function page<T>(req: Req, all: T[], pageSize: number): Res {
  const last = Math.max(1, Math.ceil(all.length / pageSize));
  const asked = req.query.get('page') ?? '1';
  const n = asked === 'last' ? last : /^\d+$/.test(asked) ? Number(asked) : NaN;
  if (!(n >= 1 && n <= last)) return detail(404, 'Invalid page.');
  const link = (p: number) => {
    const q = new URLSearchParams(req.query);
    // DRF drops the parameter for the first page.
    if (p === 1) q.delete('page');
    else q.set('page', String(p));
    const qs = q.toString();
    return `${req.origin}${req.path}${qs ? `?${qs}` : ''}`;
  };
  const start = (n - 1) * pageSize;
  return json(200, { count: all.length, next: n < last ? link(n + 1) : null, previous: n > 1 ? link(n - 1) : null, results: all.slice(start, start + pageSize) });
}
