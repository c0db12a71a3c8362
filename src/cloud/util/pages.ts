/**
 * Pagination of list endpoints. Ximilar and Vize are Django REST services:
 * a page is `{count, next, previous, results}` with `next` an absolute URL or
 * null. A bare array (unpaginated answer) is treated as a single page.
 */
import { RemoteError } from '../../contract/errors.js';
import type { HttpClient } from '../http/client.js';

export interface Page<T> {
  count: number | null;
  next: string | null;
  previous: string | null;
  results: T[];
}

export function toPage<T>(body: unknown, service: string): Page<T> {
  if (Array.isArray(body)) return { count: body.length, next: null, previous: null, results: body as T[] };
  const o = body as Partial<Page<T>> | null;
  if (!o || !Array.isArray(o.results)) {
    throw new RemoteError(`${service}: expected a list page ({results: [...]}) but got something else`, undefined, { service });
  }
  return {
    count: typeof o.count === 'number' ? o.count : null,
    next: typeof o.next === 'string' && o.next !== '' ? o.next : null,
    previous: typeof o.previous === 'string' ? o.previous : null,
    results: o.results,
  };
}

/**
 * Yields pages, following `next` links (which the HTTP layer keeps on the
 * service's origin). A `next` that was already fetched (a loop, e.g. a page
 * pointing to itself) and more than `maxPages` pages are RemoteErrors: a
 * list that never ends is a broken answer, not a long one.
 */
export async function* iteratePages<T>(
  http: HttpClient,
  path: string,
  query: Record<string, string | number | undefined>,
  signal?: AbortSignal,
  maxPages = 1_000,
): AsyncGenerator<Page<T>> {
  let page = toPage<T>(await http.request({ method: 'GET', path, query, signal }), http.service);
  yield page;
  const seen = new Set<string>();
  for (let n = 1; page.next !== null; n++) {
    const next = http.resolve(page.next);
    if (seen.has(next)) throw new RemoteError(`${http.service}: the list pages loop (page ${n + 1} points back to ${http.redactor.redact(new URL(next).pathname + new URL(next).search)})`, undefined, { service: http.service, pageLoop: true });
    if (n >= maxPages) throw new RemoteError(`${http.service}: the list has more than ${maxPages} pages; stopped`, undefined, { service: http.service, maxPages });
    seen.add(next);
    page = toPage<T>(await http.request({ method: 'GET', path: next, signal }), http.service);
    yield page;
  }
}

/** All items of every page. */
export async function collectPages<T>(pages: AsyncIterable<Page<T>>): Promise<T[]> {
  const out: T[] = [];
  for await (const p of pages) out.push(...p.results);
  return out;
}
