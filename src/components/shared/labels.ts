/**
 * Labels as the elements share them: the archive (curator.training) is the
 * truth, so a label set in the gallery is what training learns from; the
 * model holds a copy (the first label of each content) for badges and filters.
 * A client without training keeps labels in the model only, as before.
 */
import type { ArchiveLabels } from '../../contract/training.js';
import type { CuratorLike } from './curator-like.js';
import type { CurationModel } from './model.js';

/** Load the archive's labels into the model; null when the client keeps no labels. */
export async function loadLabels(curator: CuratorLike, archive: string, model: CurationModel): Promise<ArchiveLabels | null> {
  if (!curator.training) return null;
  const got = await curator.training.labels(archive);
  if (model.archive === archive) model.replaceLabels(Object.entries(got.labels).map(([id, l]): [number, string] => [Number(id), l[0]]));
  return got;
}

/** Set one label (or none) on contents, in the archive when the client keeps labels, and in the model. */
export async function writeLabel(curator: CuratorLike, archive: string, model: CurationModel, ids: number[], label: string | null): Promise<void> {
  // The archive first: it validates, and a refused label changes neither.
  const trimmed = label?.trim();
  if (curator.training) await curator.training.setLabels(archive, Object.fromEntries(ids.map((id) => [id, trimmed ? [trimmed] : []])));
  model.setLabel(ids, label);
}
