/**
 * ajv (8) plumbing shared by the Ximilar, Vize, API Torch and DeepVA
 * conformance servers: schema builders, error descriptions that name the
 * field, and a wrapper that checks every answer a server sends against the
 * documented body of its route. An answer that breaks its schema is a server
 * bug: it is recorded in `state.schemaViolations` and answered 500 instead.
 */
import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv';
import { matchRoute, type Req, type Res, type Route } from './harness.js';

export type Schema = Record<string, unknown>;

export const ajv = new Ajv({ allowUnionTypes: true, strict: true, strictRequired: false, allErrors: true, verbose: true });
// strictRequired is off: either/or rules name fields declared in the parent ("required" in anyOf/oneOf branches).
// Annotation: the service's own message when this subschema fails (e.g. an either/or rule).
ajv.addKeyword({ keyword: 'x-message', schemaType: 'string' });

export const str: Schema = { type: 'string' };
/** A string that may not be blank (DRF CharField, and what the docs call "required"). */
export const text: Schema = { type: 'string', minLength: 1 };
export const int: Schema = { type: 'integer' };
export const num: Schema = { type: 'number' };
export const bool: Schema = { type: 'boolean' };
export const uuid: Schema = { type: 'string', pattern: '^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$', 'x-message': 'Must be a valid UUID.' };
export const httpUrl: Schema = { type: 'string', pattern: '^https?://[^\\s/]+', 'x-message': 'Enter a valid URL.' };
export const nullable = (s: Schema): Schema => ({ ...s, type: [s.type as string, 'null'] });
export const list = (items: Schema, extra: Schema = {}): Schema => ({ type: 'array', items, ...extra });
export const konst = (v: string): Schema => ({ type: 'string', const: v });
/** A file part of a multipart body, as `formBody` gives it. */
export const file: Schema = { type: 'object', required: ['filename', 'size', 'type'], properties: { filename: str, size: int, type: str }, additionalProperties: false };

/** An object: `req` required, `opt` optional, nothing else (answers: only what the server documents). */
export const obj = (req: Record<string, Schema>, opt: Record<string, Schema> = {}, extra: Schema = {}): Schema => ({
  type: 'object',
  required: Object.keys(req),
  properties: { ...req, ...opt },
  additionalProperties: false,
  ...extra,
});
/** A request object whose unknown fields are ignored, as DRF serializers and most JSON APIs do. */
export const open = (req: Record<string, Schema>, opt: Record<string, Schema> = {}, extra: Schema = {}): Schema => ({ ...obj(req, opt, extra), additionalProperties: true });

export const compileAll = <K extends string>(schemas: Record<K, Schema>) => Object.fromEntries(Object.entries(schemas).map(([k, s]) => [k, ajv.compile(s as Schema)])) as Record<K, ValidateFunction>;

/**
 * The errors that matter, in order: branch errors under an either/or rule that
 * has its own message are dropped (the rule's message says it), as are the
 * bare "must match then/else schema" echoes of if/then/else.
 */
export function errorsOf(fn: ValidateFunction, value: unknown): ErrorObject[] {
  if (fn(value)) return [];
  const all = fn.errors ?? [];
  const ruled = all.filter((e) => ['oneOf', 'anyOf', 'not'].includes(e.keyword) && (e.parentSchema as Schema | undefined)?.['x-message']).map((e) => e.schemaPath);
  return all.filter((e) => e.keyword !== 'if' && !ruled.some((p) => e.schemaPath.startsWith(`${p}/`)));
}

/** The path of an error as a field name: "records[0]._url" (the missing one for "required"). */
export function fieldPath(e: ErrorObject): string[] {
  const segs = e.instancePath.split('/').slice(1).map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'));
  if (e.keyword === 'required') segs.push(String(e.params.missingProperty));
  return segs;
}
export const joinPath = (segs: string[]) => segs.map((s, i) => (/^\d+$/.test(s) ? `[${s}]` : i ? `.${s}` : s)).join('');

/** "<path> <rule>" for one error, naming the field. */
export function describe(e: ErrorObject): string {
  const at = joinPath(fieldPath(e)) || '(top level)';
  const own = (e.parentSchema as Schema | undefined)?.['x-message'];
  if (typeof own === 'string') return `${at}: ${own}`;
  if (e.keyword === 'required') return `${at} is required`;
  if (e.keyword === 'additionalProperties') return `${at}.${String(e.params.additionalProperty)} is not a documented field`;
  return `${at} ${e.message ?? e.keyword}`;
}
export const describeAll = (errors: ErrorObject[]) => errors.map(describe).join('; ');

export interface Checked {
  /** Server bugs: answers that broke the documented schemas. Empty in a good run. */
  schemaViolations: string[];
}

/** A route and the schema of its 2xx body: a compiled schema, 'empty' (204, no body) or 'raw' (a file). */
export type DocRoute = Route & { ok: ValidateFunction | 'empty' | 'raw' };

export interface ServiceAnswers {
  /** Schema of every non-2xx body. */
  error: ValidateFunction;
  /** What the service answers when its own answer broke the schema. */
  internal: () => Res;
  notFound: (req: Req) => Res;
  notAllowed: (req: Req, allowed: string[]) => Res;
}

function whyNot(route: DocRoute, answers: ServiceAnswers, res: Res): string | null {
  const two = res.status >= 200 && res.status < 300;
  // A file route's bytes (an image host's XML errors included) are not JSON to check.
  if (res.raw) return route.ok === 'raw' ? null : 'a file where a JSON body is documented';
  if (!two) return errorsOf(answers.error, res.body).length ? describeAll(errorsOf(answers.error, res.body)) : null;
  if (route.ok === 'empty') return res.status === 204 && res.body === undefined ? null : 'a body where none is documented';
  if (route.ok === 'raw') return 'a JSON body where a file is documented';
  return res.body === undefined ? 'no body' : errorsOf(route.ok, res.body).length ? describeAll(errorsOf(route.ok, res.body)) : null;
}

/**
 * Routes that check what they answer, plus a last route for the rest: 405
 * (with Allow) where the path exists under another method, else 404 — both
 * in the service's own error shape.
 */
export function checkedRoutes(state: Checked, routes: DocRoute[], answers: ServiceAnswers): Route[] {
  const guard = (route: DocRoute): Route => ({
    ...route,
    handler: async (req) => {
      const res = await route.handler(req);
      const why = whyNot(route, answers, res);
      if (why === null) return res;
      state.schemaViolations.push(`${req.method} ${req.path} ${res.status}: ${why}`);
      return answers.internal();
    },
  });
  const METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'HEAD'];
  const rest: DocRoute = {
    method: METHODS,
    path: '/*',
    ok: 'empty',
    handler: (req) => {
      const allowed = METHODS.filter((m) => m !== req.method && matchRoute(routes, m, req.path));
      return allowed.length ? answers.notAllowed(req, allowed) : answers.notFound(req);
    },
  };
  return [...routes, rest].map(guard);
}

/** A request body as one object: JSON as sent, or form fields (first value) and files as {filename, size, type}. */
export function formBody(req: Req, many: string[] = []): Record<string, unknown> | unknown {
  if (req.json !== undefined) return req.json;
  const out: Record<string, unknown> = {};
  for (const [k, vs] of Object.entries(req.fields)) out[k] = many.includes(k) ? vs : vs[0];
  for (const [k, fs] of Object.entries(req.files)) out[k] = { filename: fs[0].name, size: fs[0].size, type: fs[0].type };
  return out;
}

/** An image record of the shared Ximilar / Vize image store: exactly one of `_url` or `_base64`. */
export const imageRecord: Schema = {
  type: 'object',
  properties: { _url: httpUrl, _base64: text },
  'x-message': 'Each record must contain either _url or _base64 field.',
  oneOf: [
    { required: ['_url'], not: { required: ['_base64'] } },
    { required: ['_base64'], not: { required: ['_url'] } },
  ],
};
