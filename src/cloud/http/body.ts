/**
 * Reading an answer's body with bounds: at most `maxBytes` (a 300 MB answer
 * must not take the tab down) and before `deadline` (headers at once and a
 * trickled body must not hang the call). Both end in a typed error and cancel
 * the stream, which frees the connection.
 */
import { CancelledError, NetworkError, RemoteError } from '../../contract/errors.js';

export interface BodyBounds {
  /** Largest body accepted, bytes. */
  maxBytes: number;
  /** Epoch ms by which the whole body must have arrived. */
  deadline: number;
  signal?: AbortSignal;
  /** Past maxBytes, return the first maxBytes instead of failing (error bodies: only the start is shown). */
  truncate?: boolean;
  /** For messages: the service and the request ("vize", "GET /v2/task/"). */
  service: string;
  where: string;
  /** The whole-attempt timeout, for the message. */
  timeoutMs: number;
}

function tooLarge(b: BodyBounds, status: number, size: number | 'more'): RemoteError {
  const seen = size === 'more' ? `more than ${b.maxBytes}` : String(size);
  return new RemoteError(`${b.service}: the answer to ${b.where} is too large (${seen} bytes; the limit is ${b.maxBytes})`, status, {
    service: b.service,
    tooLarge: true,
    maxBytes: b.maxBytes,
  });
}

/** The body of `res`, bounded in size and time. */
export async function readBounded(res: Response, b: BodyBounds): Promise<Uint8Array> {
  const declared = Number(res.headers.get('content-length'));
  if (!b.truncate && Number.isFinite(declared) && declared > b.maxBytes) {
    await res.body?.cancel().catch(() => undefined);
    throw tooLarge(b, res.status, declared);
  }
  if (!res.body) return new Uint8Array(0);
  const reader = res.body.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let onAbort: (() => void) | undefined;
  // One promise that rejects at the deadline or on abort; every read races it.
  const stop = new Promise<never>((_, reject) => {
    const left = b.deadline - Date.now();
    const late = () => reject(new NetworkError(`${b.service}: ${b.where} timed out after ${b.timeoutMs} ms (reading the answer)`, { service: b.service, timeout: true }));
    if (left <= 0) late();
    else timer = setTimeout(late, left);
    onAbort = () => reject(new CancelledError(`${b.service}: cancelled during ${b.where}`));
    b.signal?.addEventListener('abort', onAbort, { once: true });
  });
  stop.catch(() => undefined);
  try {
    for (;;) {
      const { done, value } = await Promise.race([reader.read(), stop]);
      if (done) break;
      if (total + value.byteLength > b.maxBytes) {
        if (!b.truncate) throw tooLarge(b, res.status, 'more');
        chunks.push(value.subarray(0, b.maxBytes - total));
        total = b.maxBytes;
        break;
      }
      chunks.push(value);
      total += value.byteLength;
    }
  } catch (e) {
    void reader.cancel().catch(() => undefined);
    throw e;
  } finally {
    clearTimeout(timer);
    if (onAbort) b.signal?.removeEventListener('abort', onAbort);
  }
  if (total === b.maxBytes) void reader.cancel().catch(() => undefined);
  const out = new Uint8Array(total);
  let at = 0;
  for (const c of chunks) {
    out.set(c, at);
    at += c.byteLength;
  }
  return out;
}
