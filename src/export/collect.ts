/**
 * Gather what an export needs from a client: the original files, vectors and
 * contents of the chosen ids. Only the client is used (no IndexedDB here).
 */
import type { ContentView, VectorsView } from '../contract/views.js';
import type { ExportItem } from './zip.js';
import { checkIds } from '../contract/validate.js';

export interface ExportSource {
  contents(archive: string, ids?: number[] | null): Promise<ContentView[]>;
  vectors(archive: string, ids?: number[] | null): Promise<VectorsView>;
  file(archive: string, id: number): Promise<Blob | null>;
}

export interface CollectOptions {
  /** Label, or labels of a multi-label content, per id (e.g. the archive's labels). */
  labels?: ReadonlyMap<number, string | readonly string[]>;
  /** Cluster name per id. */
  clusters?: ReadonlyMap<number, string>;
  signal?: AbortSignal;
  onProgress?: (done: number, total: number) => void;
}

/** Items and vectors for `ids` (null = the whole archive). */
export async function collectExport(source: ExportSource, archive: string, ids: number[] | null, options: CollectOptions = {}): Promise<{ items: ExportItem[]; vectors: VectorsView | null }> {
  if (ids !== null) checkIds(ids, 'ids');
  const contents = await source.contents(archive, ids);
  const items: ExportItem[] = [];
  for (const c of contents) {
    options.signal?.throwIfAborted();
    const blob = await source.file(archive, c.id);
    const got = options.labels?.get(c.id);
    const labels = got === undefined ? [] : typeof got === 'string' ? [got] : [...got];
    items.push({
      id: c.id,
      name: c.name,
      blob,
      label: labels[0] ?? null,
      labels,
      cluster: options.clusters?.get(c.id) ?? null,
      extra: { width: c.width, height: c.height, size: c.size, byte_hash: c.byte_hash, source: c.source.url ?? c.source.kind },
    });
    options.onProgress?.(items.length, contents.length);
  }
  let vectors: VectorsView | null;
  try {
    vectors = await source.vectors(archive, contents.map((c) => c.id));
  } catch {
    vectors = null; // An archive indexed without vectors still exports its files.
  }
  return { items, vectors };
}
