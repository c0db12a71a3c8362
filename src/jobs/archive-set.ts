/** Load an archive's vectors (optionally a subset) as a core VectorSet with their content ids. */
import { ValidationError } from '../contract/errors.js';
import { vectorSet, type VectorSet } from '../core/base/index.js';
import type { ArchiveRecord } from '../store/schema.js';
import type { JobContext } from './context.js';

export interface ArchiveSet {
  archive: ArchiveRecord;
  vectorizer: string;
  /** Content id of each row. */
  ids: Int32Array;
  vs: VectorSet;
}

/**
 * The archive's vectors for `vectorizer` (default: the archive's), restricted to
 * `subset` when given (unknown ids → NotFoundError). `min` rows are required.
 */
export async function loadArchiveSet(ctx: JobContext, name: string, subset: number[] | null, options: { vectorizer?: string | null; min?: number; field?: string } = {}): Promise<ArchiveSet> {
  const archive = await ctx.store.getArchive(name);
  const vectorizer = options.vectorizer ?? archive.parameters.default_vectorizer;
  if (subset) await ctx.store.getContents(archive.id, subset, { thumbnails: false });
  const loaded = await ctx.store.loadVectors(archive.id, vectorizer, subset ?? undefined);
  const min = options.min ?? 1;
  if (loaded.ids.length < min) {
    throw new ValidationError(options.field ?? (subset ? 'inputs.archive_content_ids_subset' : 'inputs.archive'), `at least ${min} contents with ${vectorizer} vectors (found ${loaded.ids.length})`);
  }
  return { archive, vectorizer, ids: loaded.ids, vs: vectorSet(loaded.data, loaded.dim || ctx.manifest(vectorizer).dimension) };
}

/** Map row-index lists to content-id lists. */
export function toIds(ids: Int32Array, rows: ArrayLike<number>[]): number[][] {
  return rows.map((r) => Array.from(r, (i) => ids[i]));
}
