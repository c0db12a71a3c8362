/**
 * Object URLs for thumbnail Blobs, keyed by the Blob itself: a URL made for
 * one Blob can only ever show that Blob's bytes, whatever happens to ids and
 * archive names (deleted and re-created archives reuse both). The cache is
 * bounded and revokes the oldest URLs so a long session does not leak Blob
 * memory; each entry remembers its archive so a delete can drop them early.
 */
const MAX = 4000;
const urls = new Map<Blob, { url: string; archive: string }>();

/** The object URL of `blob` (made once per Blob), or null when there is no thumbnail. */
export function thumbnailUrl(archive: string, blob: Blob | null | undefined): string | null {
  if (!blob) return null;
  const hit = urls.get(blob);
  if (hit) {
    // Re-insert: Map order is the LRU order.
    urls.delete(blob);
    urls.set(blob, hit);
    return hit.url;
  }
  const url = URL.createObjectURL(blob);
  urls.set(blob, { url, archive });
  if (urls.size > MAX) {
    const [oldBlob, old] = urls.entries().next().value as [Blob, { url: string }];
    urls.delete(oldBlob);
    URL.revokeObjectURL(old.url);
  }
  return url;
}

/** Forget every thumbnail of an archive (after it is deleted or cleared). */
export function dropThumbnails(archive: string): void {
  for (const [blob, entry] of urls) {
    if (entry.archive === archive) {
      urls.delete(blob);
      URL.revokeObjectURL(entry.url);
    }
  }
}

/**
 * Create the object URLs of `items` ahead of need, a few at a time while the
 * page is idle: creating one costs ~0.5 ms, which a fast scroll through new
 * tiles would otherwise pay inside its frames. Stops at the cache size, and
 * when `isCurrent()` turns false (the list was replaced).
 */
export function warmThumbnails(archive: string, items: readonly { thumbnail?: Blob | null }[], isCurrent: () => boolean): void {
  const idle = (globalThis as { requestIdleCallback?: (cb: (d: { timeRemaining(): number }) => void) => number }).requestIdleCallback;
  const schedule = (cb: (d: { timeRemaining(): number }) => void) => (idle ? idle(cb) : setTimeout(() => cb({ timeRemaining: () => 8 }), 16));
  const end = Math.min(items.length, MAX);
  let next = 0;
  const step = (d: { timeRemaining(): number }) => {
    if (!isCurrent()) return;
    while (next < end && d.timeRemaining() > 1) thumbnailUrl(archive, items[next++].thumbnail);
    if (next < end) schedule(step);
  };
  schedule(step);
}
