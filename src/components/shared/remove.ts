/** Removing contents: one remove_content job, then every element sharing the model refreshes. */
import type { CuratorLike } from './curator-like.js';
import type { CurationModel } from './model.js';

export async function removeContents(curator: CuratorLike, archive: string, model: CurationModel, ids: number[]): Promise<void> {
  if (ids.length === 0) return;
  await curator.run('remove_content', { archive, archive_content_ids_subset: ids });
  model.contentsChanged(ids);
}
