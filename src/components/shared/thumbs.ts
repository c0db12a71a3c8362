/**
 * Object URLs for thumbnail Blobs. Content ids are never reused inside an
 * archive, so archive + id names a thumbnail for good; the cache is bounded
 * and revokes the oldest URLs so a long session does not leak Blob memory.
 */
const MAX = 4000;
const urls = new Map<string, string>();

export function thumbnailUrl(archive: string, id: number, blob: Blob | null | undefined): string | null {
  if (!blob) return null;
  const key = `${archive}\u0000${id}`;
  const hit = urls.get(key);
  if (hit) {
    // Re-insert: Map order is the LRU order.
    urls.delete(key);
    urls.set(key, hit);
    return hit;
  }
  const url = URL.createObjectURL(blob);
  urls.set(key, url);
  if (urls.size > MAX) {
    const [oldKey, oldUrl] = urls.entries().next().value as [string, string];
    urls.delete(oldKey);
    URL.revokeObjectURL(oldUrl);
  }
  return url;
}

/** Forget every thumbnail of an archive (after it is deleted). */
export function dropThumbnails(archive: string): void {
  const prefix = `${archive}\u0000`;
  for (const [key, url] of urls) {
    if (key.startsWith(prefix)) {
      urls.delete(key);
      URL.revokeObjectURL(url);
    }
  }
}

/**
 * Create the object URLs of `items` ahead of need, a few at a time while the
 * page is idle: creating one costs ~0.5 ms, which a fast scroll through new
 * tiles would otherwise pay inside its frames. Stops at the cache size, and
 * when `isCurrent()` turns false (the list was replaced).
 */
export function warmThumbnails(archive: string, items: readonly { id: number; thumbnail?: Blob | null }[], isCurrent: () => boolean): void {
  const idle = (globalThis as { requestIdleCallback?: (cb: (d: { timeRemaining(): number }) => void) => number }).requestIdleCallback;
  const schedule = (cb: (d: { timeRemaining(): number }) => void) => (idle ? idle(cb) : setTimeout(() => cb({ timeRemaining: () => 8 }), 16));
  const end = Math.min(items.length, MAX);
  let next = 0;
  const step = (d: { timeRemaining(): number }) => {
    if (!isCurrent()) return;
    while (next < end && d.timeRemaining() > 1) {
      const it = items[next++];
      thumbnailUrl(archive, it.id, it.thumbnail);
    }
    if (next < end) schedule(step);
  };
  schedule(step);
}
