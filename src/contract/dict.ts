/**
 * Maps keyed by user data (file names, labels, archive names, job types).
 * A plain `{}` looks keys up through Object.prototype: `m['__proto__'] = x`
 * sets the prototype instead of storing x, and `m['toString']` finds a
 * function that nobody stored. These objects have no prototype, so every
 * string is an ordinary key; they still clone and JSON-encode as plain objects.
 */

/** An empty object without a prototype, typed as a record. */
export function dict<T>(): Record<string, T> {
  return Object.create(null) as Record<string, T>;
}

/** `obj[key]` only when `key` is obj's own property (never an inherited one). */
export function own<T>(obj: Readonly<Record<string, T>>, key: string): T | undefined {
  return Object.prototype.hasOwnProperty.call(obj, key) ? obj[key] : undefined;
}
