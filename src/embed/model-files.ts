/**
 * Fetch model files, caching them in Cache Storage so a model loaded once from
 * a URL works offline afterwards. Progress is reported in bytes.
 */
import { CancelledError, ModelError } from '../contract/errors.js';

/** Cache Storage bucket for model files. Bump the suffix when the cache format changes. */
export const MODEL_CACHE = 'curatekit-models-v1';

export interface FetchModelOptions {
  signal?: AbortSignal;
  onProgress?: (loaded: number, total: number) => void;
  /** Use Cache Storage (where available). @defaultValue true */
  cache?: boolean;
  /** Give up when the server sends nothing (no headers, no bytes) for this long, ms. @defaultValue no limit */
  stallMs?: number;
}

/** Aborts `controller` when `kick()` has not been called for `ms` (a stalled download, not a slow one). */
function stallTimer(controller: AbortController, ms: number | undefined): { kick(): void; stop(): void; stalled(): boolean } {
  let timer: ReturnType<typeof setTimeout> | undefined;
  let fired = false;
  const kick = () => {
    if (ms === undefined) return;
    clearTimeout(timer);
    timer = setTimeout(() => ((fired = true), controller.abort()), ms);
  };
  kick();
  return { kick, stop: () => clearTimeout(timer), stalled: () => fired };
}

async function readWithProgress(res: Response, onProgress?: (loaded: number, total: number) => void, onChunk?: () => void): Promise<ArrayBuffer> {
  const total = Number(res.headers.get('content-length') ?? 0);
  if (!res.body || (!onProgress && !onChunk)) return res.arrayBuffer();
  const reader = res.body.getReader();
  const parts: Uint8Array[] = [];
  let loaded = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    parts.push(value);
    loaded += value.length;
    onChunk?.();
    onProgress?.(loaded, total);
  }
  const out = new Uint8Array(loaded);
  let o = 0;
  for (const p of parts) {
    out.set(p, o);
    o += p.length;
  }
  return out.buffer;
}

/** Get a model file's bytes: from Cache Storage if cached, else from the network (then cached). */
export async function fetchModelFile(url: string, options: FetchModelOptions = {}): Promise<ArrayBuffer> {
  const { signal, onProgress, cache = true, stallMs } = options;
  const store = cache && typeof caches !== 'undefined' ? await caches.open(MODEL_CACHE).catch(() => undefined) : undefined;
  const hit = await store?.match(url);
  if (hit) return readWithProgress(hit, onProgress);
  const controller = new AbortController();
  const stall = stallTimer(controller, stallMs);
  const stalled = () => new ModelError(`model file ${url}: the server sent nothing for ${stallMs} ms (stalled download)`, { url, stallMs });
  let res: Response;
  let bytes: ArrayBuffer;
  try {
    try {
      res = await fetch(url, { signal: signal ? AbortSignal.any([signal, controller.signal]) : controller.signal, mode: 'cors', credentials: 'same-origin' });
    } catch (e) {
      if (signal?.aborted) throw new CancelledError();
      if (stall.stalled()) throw stalled();
      throw new ModelError(`could not download model file ${url}: ${(e as Error).message}`, { url }, { cause: e });
    }
    if (!res.ok) {
      const fix = res.status === 404
        ? ' — the file is not served there. Either let your bundler emit it (Vite follows curatekit\'s `new URL(…, import.meta.url)` when the app uses curatekit\'s own worker), or copy node_modules/curatekit/dist/models/ to your static folder and pass createCurator({ modelsBaseUrl: \'/models/\' }) (see docs/assets.md#troubleshooting).'
        : '';
      throw new ModelError(`could not download model file ${url}: HTTP ${res.status}${fix}`, { url, status: res.status });
    }
    stall.kick();
    try {
      bytes = await readWithProgress(res, onProgress, stall.kick);
    } catch (e) {
      if (signal?.aborted) throw new CancelledError();
      if (stall.stalled()) throw stalled();
      throw new ModelError(`could not download model file ${url}: ${(e as Error).message}`, { url }, { cause: e });
    }
  } finally {
    stall.stop();
  }
  // Cache a copy built from the bytes we read (the response body is consumed).
  await store?.put(url, new Response(bytes, { headers: { 'content-type': res.headers.get('content-type') ?? 'application/octet-stream', 'content-length': String(bytes.byteLength) } })).catch(() => undefined);
  return bytes;
}

/** Drop cached files (all, or those whose URL starts with `prefix`). */
export async function clearModelCache(prefix?: string): Promise<number> {
  if (typeof caches === 'undefined') return 0;
  const store = await caches.open(MODEL_CACHE);
  let n = 0;
  for (const req of await store.keys()) {
    if (!prefix || req.url.startsWith(prefix)) {
      await store.delete(req);
      n++;
    }
  }
  return n;
}
