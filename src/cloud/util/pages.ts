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
 * service's origin). `maxPages` bounds a service that never says null.
 */
export async function* iteratePages<T>(
  http: HttpClient,
  path: string,
  query: Record<string, string | number | undefined>,
  signal?: AbortSignal,
  maxPages = 10_000,
): AsyncGenerator<Page<T>> {
  let page = toPage<T>(await http.request({ method: 'GET', path, query, signal }), http.service);
  yield page;
  for (let n = 1; page.next !== null && n < maxPages; n++) {
    page = toPage<T>(await http.request({ method: 'GET', path: page.next, signal }), http.service);
    yield page;
  }
}

/** All items of every page. */
export async function collectPages<T>(pages: AsyncIterable<Page<T>>): Promise<T[]> {
  const out: T[] = [];
  for await (const p of pages) out.push(...p.results);
  return out;
}
