/**
 * Redirects, decided by us rather than by fetch (which would replay a 307's
 * body and custom auth headers to wherever the service points). Same origin:
 * followed as fetch would (303, and 301/302 after a POST, become a GET without
 * body). An origin the connector allows: a plain GET, no credentials, no body.
 * Any other origin, or a redirect the browser hides: refused.
 */
import { RemoteError } from '../../contract/errors.js';

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE' | 'HEAD';

/** One request of a call: where, how, and what it may carry. */
export interface Hop {
  url: string;
  method: HttpMethod;
  /** Send the request's body (json/form). */
  withBody: boolean;
  /** Send credentials: the secret headers, and the auth headers unless the request turned them off. */
  withAuth: boolean;
}

export interface RedirectContext {
  service: string;
  /** Origin of the service's base URL. */
  base: string;
  /** Other origins the connector allows redirects to. */
  allowed: readonly string[];
  /** Redirects seen so far in this call, this one included. */
  hops: number;
  maxHops: number;
  /** URL → path for messages (redacted). */
  shown: (url: string) => string;
}

function refuse(ctx: RedirectContext, why: string, status: number): never {
  throw new RemoteError(`${ctx.service}: redirect not followed: ${why}`, status || undefined, { service: ctx.service, redirect: true });
}

/** The request to make for a redirect answer `res` to `hop`, or a RemoteError. */
export function nextHop(hop: Hop, res: Response, ctx: RedirectContext): Hop {
  const from = `${hop.method} ${ctx.shown(hop.url)}`;
  if (res.type === 'opaqueredirect') refuse(ctx, `${from} was redirected and the browser does not say where (only same-origin targets are followed, and only where they can be checked)`, 0);
  if (ctx.hops > ctx.maxHops) refuse(ctx, `more than ${ctx.maxHops} redirects from ${from}`, res.status);
  const location = res.headers.get('location');
  if (!location) refuse(ctx, `${from} answered ${res.status} without a Location`, res.status);
  let target: URL;
  try {
    target = new URL(location, hop.url);
  } catch {
    return refuse(ctx, `${from} answered ${res.status} with an invalid Location`, res.status);
  }
  if (target.protocol !== 'https:' && target.protocol !== 'http:') refuse(ctx, `${from} pointed to a ${target.protocol} URL`, res.status);
  // 303 always, and 301/302 after anything but GET/HEAD, continue as a GET without body (as browsers do).
  const toGet = res.status === 303 || ((res.status === 301 || res.status === 302) && hop.method !== 'GET' && hop.method !== 'HEAD');
  const method: HttpMethod = toGet ? 'GET' : hop.method;
  const withBody = hop.withBody && !toGet;
  if (target.origin === ctx.base) return { url: target.href, method, withBody, withAuth: hop.withAuth };
  if (!ctx.allowed.includes(target.origin)) refuse(ctx, `${from} pointed to another origin (${target.origin}); neither the request body nor credentials are sent there`, res.status);
  // An allowed origin gets neither the body nor the credentials: a 307/308 that must repeat a body cannot go there.
  if (withBody && hop.method !== 'GET' && hop.method !== 'HEAD') refuse(ctx, `${from} (${res.status}) asks to repeat the request body at ${target.origin}`, res.status);
  return { url: target.href, method, withBody: false, withAuth: false };
}

/** Path and query of a URL (what messages show). */
export function pathOf(url: string): string {
  const u = new URL(url);
  return u.pathname + u.search;
}

/** A 3xx answer (Node's fetch) or the opaque stand-in browsers give for one under redirect: 'manual'. */
export function isRedirect(res: Response): boolean {
  return res.type === 'opaqueredirect' || (res.status >= 300 && res.status < 400 && res.status !== 304);
}
