/**
 * Job inputs: the shared validators (src/contract/validate.ts) applied to
 * `inputs.<name>`, plus the job-only rules (URL lists, vectors, the batch
 * folder, unknown keys). Each throws ValidationError naming the field and
 * the documented rule.
 */
import { ValidationError } from '../contract/errors.js';
import { CONTENT_TYPES, type ContentType } from '../contract/jobs.js';
import { checkBool, checkIds, checkInt, checkObject, checkOneOf, checkString } from '../contract/validate.js';

const f = (name: string) => `inputs.${name}`;

/** The inputs object itself. */
export function object(inputs: unknown, field = 'inputs'): Record<string, unknown> {
  return checkObject(inputs, field);
}

/** A string with min < length < max (strict, as the API documents it). */
export function string(value: unknown, name: string, min = 0, max = Infinity): string {
  return checkString(value, f(name), min, max);
}

export function optionalString(value: unknown, name: string, min = 0, max = Infinity): string | null {
  return value === undefined || value === null ? null : string(value, name, min, max);
}

export function bool(value: unknown, name: string, fallback = false): boolean {
  return value === undefined || value === null ? fallback : checkBool(value, f(name));
}

export function int(value: unknown, name: string, min = -Infinity, max = Infinity, rule?: string): number {
  return checkInt(value, f(name), min, max, rule);
}

export function optionalInt(value: unknown, name: string, min = -Infinity, max = Infinity, rule?: string): number | null {
  return value === undefined || value === null ? null : int(value, name, min, max, rule);
}

export function contentType(value: unknown, name = 'content_type'): ContentType {
  return checkOneOf(value, f(name), CONTENT_TYPES);
}

/** A list of ints without repeats (or null). */
export function idList(value: unknown, name: string): number[] | null {
  return value === undefined || value === null ? null : checkIds(value, f(name), { unique: true });
}

/** A list of URL strings (http, https, blob, data). */
export function urlList(value: unknown, name: string): string[] | null {
  if (value === undefined || value === null) return null;
  if (!Array.isArray(value)) throw new ValidationError(f(name), 'list of strings or None');
  return value.map((u, i) => {
    if (typeof u !== 'string') throw new ValidationError(`${f(name)}[${i}]`, 'a URL string');
    try {
      const p = new URL(u).protocol;
      if (!['http:', 'https:', 'blob:', 'data:'].includes(p)) throw new Error(p);
    } catch {
      throw new ValidationError(`${f(name)}[${i}]`, 'an absolute http(s), blob or data URL');
    }
    return u;
  });
}

/** A finite float vector of the expected dimension: a Float32Array, a Float64Array or a list of numbers (never strings coerced). */
export function vector(value: unknown, name: string, dim?: number): Float32Array {
  if (Array.isArray(value)) {
    const k = value.findIndex((x) => typeof x !== 'number');
    if (k >= 0) throw new ValidationError(f(name), 'numbers only', `${f(name)}: numbers only (element ${k} is ${typeof value[k] === 'string' ? JSON.stringify(value[k]).slice(0, 20) : typeof value[k]})`);
  } else if (!(value instanceof Float32Array) && !(value instanceof Float64Array)) throw new ValidationError(f(name), 'a Float32Array or list of numbers');
  const v = value instanceof Float32Array ? value : Float32Array.from(value as ArrayLike<number>);
  if (dim !== undefined && v.length !== dim) throw new ValidationError(f(name), `length ${dim} (the vectorizer's dimension), got ${v.length}`);
  if (v.length === 0) throw new ValidationError(f(name), 'non-empty');
  for (let i = 0; i < v.length; i++) if (!Number.isFinite(v[i])) throw new ValidationError(f(name), `finite numbers only (element ${i} is ${v[i]})`);
  return v;
}

/** Reject keys the job does not document (catches typos such as `nr_result`). */
export function knownKeys(inputs: Record<string, unknown>, allowed: readonly string[]): void {
  for (const k of Object.keys(inputs)) {
    if (!allowed.includes(k)) throw new ValidationError(f(k), `not an input of this job (inputs are: ${allowed.join(', ')})`);
  }
}

/**
 * The file name a URL stands for: a blob: URL's fragment when it has one (the
 * engine names the blob URLs it hands out that way, e.g. `blob:…#1_cat.jpg`,
 * because a blob URL has no path), else the last path segment, else the URL.
 */
export function urlName(url: string): string {
  try {
    const u = new URL(url);
    if (u.protocol === 'blob:' && u.hash.length > 1) return decodeURIComponent(u.hash.slice(1));
    const last = decodeURIComponent(u.pathname.split('/').filter(Boolean).pop() ?? '');
    return last || url;
  } catch {
    return url;
  }
}
