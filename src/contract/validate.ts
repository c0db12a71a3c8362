/**
 * The one set of input checks. Every public entry point (jobs, client,
 * components, core, connectors) validates with these, so a rule reads the
 * same everywhere: each throws a {@link ValidationError} naming the field
 * (a dotted path such as `inputs.nr_results`) and the rule, and returns the
 * checked value typed.
 */
import { ValidationError } from './errors.js';

const shown = (v: unknown): string => (typeof v === 'string' ? JSON.stringify(v).slice(0, 40) : String(v));

/** The rule text of a range: `int >= 1`, `int in [1, 256]`, `number <= 1`. */
function rangeRule(kind: 'int' | 'number', min: number, max: number): string {
  if (min > -Infinity && max < Infinity) return `${kind} in [${min}, ${max}]`;
  if (min > -Infinity) return `${kind} >= ${min}`;
  if (max < Infinity) return `${kind} <= ${max}`;
  return kind === 'int' ? 'an integer' : 'a finite number';
}

/**
 * An integer in [min, max].
 * @param rule - rule text to report instead of the generated one (e.g. `int > 0 or None`).
 */
export function checkInt(value: unknown, field: string, min = -Infinity, max = Infinity, rule?: string): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
    const r = rule ?? rangeRule('int', min, max);
    throw new ValidationError(field, r, `${field}: ${r}, got ${shown(value)}`);
  }
  return value;
}

/** A finite number in [min, max] (inclusive). */
export function checkNumber(value: unknown, field: string, min = -Infinity, max = Infinity, rule?: string): number {
  if (typeof value !== 'number' || !Number.isFinite(value) || value < min || value > max) {
    const r = rule ?? rangeRule('number', min, max);
    throw new ValidationError(field, r, `${field}: ${r}, got ${shown(value)}`);
  }
  return value;
}

/** A string with min < length < max (strict, as the Vector Curator API documents its limits). */
export function checkString(value: unknown, field: string, min = 0, max = Infinity): string {
  if (typeof value !== 'string') throw new ValidationError(field, 'a string');
  if (!(value.length > min && value.length < max)) throw new ValidationError(field, max === Infinity ? `string len > ${min}` : `string ${min} < len < ${max}`);
  return value;
}

/** A boolean. */
export function checkBool(value: unknown, field: string): boolean {
  if (typeof value !== 'boolean') throw new ValidationError(field, 'a boolean');
  return value;
}

/** A plain object (not null, not an array). */
export function checkObject(value: unknown, field: string): Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new ValidationError(field, 'an object');
  return value as Record<string, unknown>;
}

/** One of the listed values. */
export function checkOneOf<T extends string | number>(value: unknown, field: string, allowed: readonly T[]): T {
  if (!allowed.includes(value as T)) throw new ValidationError(field, `one of ${allowed.join(', ')}`, `${field}: one of ${allowed.join(', ')}, got ${shown(value)}`);
  return value as T;
}

/** Content ids: integers >= 0; `unique` also refuses repeats. */
export function checkIds(value: unknown, field: string, options: { unique?: boolean } = {}): number[] {
  if (!Array.isArray(value)) throw new ValidationError(field, 'a list of content ids (int >= 0)');
  const seen = options.unique ? new Set<number>() : null;
  value.forEach((v, i) => {
    checkInt(v, `${field}[${i}]`, 0);
    if (seen) {
      if (seen.has(v)) throw new ValidationError(`${field}[${i}]`, `no repeated ids (${v} appears twice)`);
      seen.add(v);
    }
  });
  return value as number[];
}

/** The optional `signal` / `onProgress` pair every long operation accepts. */
export function checkRunOptions(options: { signal?: unknown; onProgress?: unknown }, field = 'options'): void {
  if (options.onProgress !== undefined && typeof options.onProgress !== 'function') {
    throw new ValidationError(`${field}.onProgress`, 'function or undefined');
  }
  const s = options.signal as { aborted?: unknown } | undefined;
  if (s !== undefined && (s === null || typeof s !== 'object' || typeof s.aborted !== 'boolean')) {
    throw new ValidationError(`${field}.signal`, 'AbortSignal or undefined');
  }
}
