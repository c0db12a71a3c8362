/** Django REST framework conventions shared by the Ximilar and Vize servers. */
import { json, type Req, type Res } from './harness.js';

export const notFound = (): Res => json(404, { detail: 'Not found.' });
export const required = (field: string): Res => json(400, { [field]: ['This field is required.'] });

/** `Authorization: Token <t>` check; undefined when fine, else the DRF 401 answer. */
export function tokenAuth(req: Req, tokens: Set<string>): Res | undefined {
  const h = req.headers.authorization;
  if (typeof h !== 'string' || h.trim() === '') return json(401, { detail: 'Authentication credentials were not provided.' });
  const m = /^Token\s+(\S+)$/i.exec(h.trim());
  if (!m || !tokens.has(m[1])) return json(401, { detail: 'Invalid token.' });
  return undefined;
}

/** A field from a JSON body or a form, as a string. */
export function field(req: Req, name: string): string | undefined {
  const j = req.json as Record<string, unknown> | undefined;
  if (j && typeof j[name] === 'string') return j[name] as string;
  return req.fields[name]?.[0];
}

/** DRF page: `{count, next, previous, results}`, `?page=N` (1-based). */
export function page<T>(req: Req, all: T[], pageSize: number): Res {
  const n = Math.max(1, Number(req.query.get('page') ?? '1') || 1);
  const link = (p: number) => {
    const q = new URLSearchParams(req.query);
    q.set('page', String(p));
    return `${req.origin}${req.path}?${q}`;
  };
  const start = (n - 1) * pageSize;
  if (start > 0 && start >= all.length) return notFound();
  return json(200, {
    count: all.length,
    next: start + pageSize < all.length ? link(n + 1) : null,
    previous: n > 1 ? link(n - 1) : null,
    results: all.slice(start, start + pageSize),
  });
}
