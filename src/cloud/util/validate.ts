/** Small input checks that throw ValidationError naming the field and the rule. */
import { ValidationError } from '../../contract/errors.js';
import { checkInt } from '../../contract/validate.js';

export function requireString(value: unknown, field: string, rule = 'non-empty string'): string {
  if (typeof value !== 'string' || value.trim() === '') throw new ValidationError(field, rule);
  return value;
}

export function optionalString(value: unknown, field: string, rule = 'non-empty string or undefined'): string | undefined {
  if (value === undefined || value === null) return undefined;
  return requireString(value, field, rule);
}

export function requireInt(value: unknown, field: string, min: number, rule = `int >= ${min}`): number {
  return checkInt(value, field, min, Infinity, rule);
}

export function requireArray<T>(value: unknown, field: string, rule = 'non-empty array'): T[] {
  if (!Array.isArray(value) || value.length === 0) throw new ValidationError(field, rule);
  return value as T[];
}

export function requireStringArray(value: unknown, field: string, rule = 'non-empty array of non-empty strings'): string[] {
  const arr = requireArray<unknown>(value, field, rule);
  arr.forEach((v, i) => requireString(v, `${field}[${i}]`, 'non-empty string'));
  return arr as string[];
}

export function requireObject(value: unknown, field: string, rule = 'object'): Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new ValidationError(field, rule);
  return value as Record<string, unknown>;
}

export function isBlob(value: unknown): value is Blob {
  return typeof Blob !== 'undefined' && value instanceof Blob;
}

/** http(s) URL check; the services download these themselves. */
export function requireHttpUrl(value: unknown, field: string): string {
  const s = requireString(value, field, 'http(s) URL');
  let u: URL;
  try {
    u = new URL(s);
  } catch {
    throw new ValidationError(field, 'http(s) URL');
  }
  if (u.protocol !== 'http:' && u.protocol !== 'https:') throw new ValidationError(field, 'http(s) URL');
  return s;
}

/** A path segment id: non-empty, no slash, so it cannot escape its URL. */
export function requireId(value: unknown, field: string): string {
  if (typeof value === 'number' && Number.isInteger(value) && value >= 0) return String(value);
  const s = requireString(value, field, 'id (non-empty string without "/" or an int >= 0)');
  if (s.includes('/') || s.includes('?') || s.includes('#')) throw new ValidationError(field, 'id (non-empty string without "/" or an int >= 0)');
  return s;
}

/** Names of items handed to a service must be unique: results are keyed by them. */
export function requireUniqueNames(items: { name: string }[], field: string): void {
  const seen = new Set<string>();
  items.forEach((it, i) => {
    requireString(it?.name, `${field}[${i}].name`);
    if (seen.has(it.name)) throw new ValidationError(`${field}[${i}].name`, 'unique among items', `${field}[${i}].name: duplicate name "${it.name}"`);
    seen.add(it.name);
  });
}
