/** Plain-fetch helpers for testing the conformance servers themselves (no client code from src/). */

export interface Answer {
  status: number;
  headers: Headers;
  /** Parsed JSON, or the text when the body is not JSON, or the bytes for `bytes: true`. */
  body: any; // eslint-disable-line @typescript-eslint/no-explicit-any
}

export async function call(url: string, init: RequestInit & { bytes?: boolean } = {}): Promise<Answer> {
  const res = await fetch(url, init);
  if (init.bytes) return { status: res.status, headers: res.headers, body: new Uint8Array(await res.arrayBuffer()) };
  const text = await res.text();
  let body: unknown = text;
  try {
    body = text ? JSON.parse(text) : undefined;
  } catch {
    // Not JSON: keep the text.
  }
  return { status: res.status, headers: res.headers, body };
}

/** A JSON request's init. */
export const jsonBody = (body: unknown, headers: Record<string, string> = {}, method = 'POST'): RequestInit => ({ method, headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) });

/** A multipart request's init from fields and files. */
export function formInit(fields: Record<string, string | Blob | [Blob, string]>, headers: Record<string, string> = {}, method = 'POST'): RequestInit {
  const form = new FormData();
  for (const [k, v] of Object.entries(fields)) {
    if (Array.isArray(v)) form.append(k, v[0], v[1]);
    else form.append(k, v);
  }
  return { method, headers, body: form };
}

export const b64 = (bytes: Uint8Array) => Buffer.from(bytes).toString('base64');
