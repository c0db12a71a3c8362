/**
 * Labels as the elements share them: the archive (curator.training) is the
 * truth, so a label set in the gallery is what training learns from; the
 * model holds a copy (every label; the first of each content for colours and balance).
 * A client without training keeps labels in the model only, as before.
 */
import type { ArchiveLabels } from '../../contract/training.js';
import type { CuratorLike } from './curator-like.js';
import type { CurationModel, LabelEdit } from './model.js';

/** Load the archive's labels into the model; null when the client keeps no labels. */
export async function loadLabels(curator: CuratorLike, archive: string, model: CurationModel): Promise<ArchiveLabels | null> {
  if (!curator.training) return null;
  const got = await curator.training.labels(archive);
  if (model.archive === archive) model.replaceLabels(Object.entries(got.labels).map(([id, l]): [number, string[]] => [Number(id), l]));
  return got;
}

/** Set one label (or none) on contents, in the archive when the client keeps labels, and in the model. */
export function writeLabel(curator: CuratorLike, archive: string, model: CurationModel, ids: number[], label: string | null): Promise<void> {
  return editLabels(curator, archive, model, ids, 'set', label?.trim() || null);
}

/** Replace, add or take off one label on contents: the archive first (it validates; a refusal changes neither), then the model. */
export async function editLabels(curator: CuratorLike, archive: string, model: CurationModel, ids: number[], edit: LabelEdit, label: string | null): Promise<void> {
  // Edits start from the archive's labels as they are now (another element or tab may have changed them).
  if (curator.training && edit !== 'set') await loadLabels(curator, archive, model);
  const next = model.editedLabels(ids, edit, label);
  if (curator.training) await curator.training.setLabels(archive, Object.fromEntries(next));
  model.putLabels(next);
}
