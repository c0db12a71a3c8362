/** Make sure an archive exists (the dropzone and the demo create it on first use). */
import type { CuratorLike } from './curator-like.js';
import { own } from '../../contract/dict.js';

export async function ensureArchive(curator: CuratorLike, archive: string, description: string | null = null): Promise<boolean> {
  const list = await curator.run('list_content', null);
  // Own keys only: an archive named "constructor" is not Object.prototype.constructor.
  if (list.results && own(list.results.archive_to_content_type_states_nr_of_contents, archive)) return false;
  await curator.run('create_archive', { name: archive, content_type: 'Image', description });
  return true;
}

/** Number of contents in an archive (0 when it does not exist). */
export async function archiveSize(curator: CuratorLike, archive: string): Promise<number> {
  const list = await curator.run('list_content', null);
  return (list.results && own(list.results.archive_to_content_type_states_nr_of_contents, archive))?.nr_of_contents ?? 0;
}
