/** Account-management jobs: archives, contents, URLs, vectors, feedback. */
import { ValidationError } from '../../contract/errors.js';
import type { HandlerTable } from '../context.js';
import type { ArchiveSummary } from '../../contract/jobs.js';
import * as v from '../validate.js';
import { dict } from '../../contract/dict.js';
import { encodeVectorFile } from '../../export/index.js';
import { calibrateFromAnswers } from '../insights.js';
import type { PairAnswer } from '../../contract/views.js';

/** A blob: URL of one vector as a ".pt" (safetensors) file, as the docs' `id_to_vector_url` gives. */
function vectorUrl(vec: Float32Array, metadata: Record<string, string>): string {
  return URL.createObjectURL(new Blob([encodeVectorFile(vec.slice(), metadata) as Uint8Array<ArrayBuffer>], { type: 'application/octet-stream' }));
}

export const archiveHandlers: HandlerTable = {
  async create_archive(ctx, inputs) {
    const i = v.object(inputs);
    v.knownKeys(i, ['name', 'content_type', 'description', 'use_default_similarity_calibration', 'store_files', 'default_vectorizer']);
    const name = v.string(i.name, 'name', 0, 30);
    if (name.trim() !== name) throw new ValidationError('inputs.name', 'no leading or trailing spaces');
    const content_type = v.contentType(i.content_type);
    // Never embed video, sound or text as if it were an image.
    if (content_type !== 'Image') {
      throw new ValidationError('inputs.content_type', 'Image (the local engine has image vectorizers only)', `inputs.content_type: ${content_type} archives run in Vector Curator Cloud only (the local engine has image vectorizers); create it there with where: 'remote' or 'auto' and a remote runner`);
    }
    const description = v.optionalString(i.description, 'description', 0, 150);
    const vectorizer = i.default_vectorizer === undefined ? ctx.defaultVectorizer : v.string(i.default_vectorizer, 'default_vectorizer', 0, 65);
    // Checked before writing: an archive bound to a vectorizer that does not exist could never be indexed.
    try {
      ctx.manifest(vectorizer);
    } catch {
      throw new ValidationError('inputs.default_vectorizer', 'a registered vectorizer (see listVectorizers)', `inputs.default_vectorizer: no vectorizer "${vectorizer}" is registered`);
    }
    await ctx.store.createArchive({
      name,
      content_type,
      description,
      parameters: {
        nr_similar_allowed: null,
        use_default_similarity_calibration: v.bool(i.use_default_similarity_calibration, 'use_default_similarity_calibration', true),
        store_files: v.bool(i.store_files, 'store_files', true),
        default_vectorizer: vectorizer,
      },
      calibrations: {},
    });
    return null;
  },

  async update_parameters(ctx, inputs) {
    const i = v.object(inputs);
    v.knownKeys(i, ['archive', 'description', 'nr_similar_allowed']);
    const archive = v.string(i.archive, 'archive');
    const patch: { description?: string | null; nr_similar_allowed?: number | null } = {};
    if ('description' in i) patch.description = v.optionalString(i.description, 'description', 0, 150);
    if ('nr_similar_allowed' in i) patch.nr_similar_allowed = v.optionalInt(i.nr_similar_allowed, 'nr_similar_allowed', 1, Infinity, 'int >= 1 or None');
    await ctx.store.updateArchive(archive, (a) => ({
      ...a,
      description: 'description' in patch ? patch.description! : a.description,
      parameters: { ...a.parameters, nr_similar_allowed: 'nr_similar_allowed' in patch ? patch.nr_similar_allowed! : a.parameters.nr_similar_allowed },
    }));
    return null;
  },

  async list_content(ctx, inputs) {
    if (inputs !== undefined && inputs !== null && Object.keys(v.object(inputs)).length) throw new ValidationError('inputs', 'None (list_content takes no inputs)');
    // Keyed by archive names: no prototype, so an archive named "__proto__" is listed like any other.
    const out = dict<ArchiveSummary>();
    for (const a of await ctx.store.listArchives()) {
      out[a.name] = {
        description: a.description,
        content_type: a.content_type,
        // The default calibration counts, as in the cloud, unless the archive was created without it.
        calibrated_for_similarity: !!a.calibrations.similarity || a.parameters.use_default_similarity_calibration !== false,
        calibrated_for_relevance: !!a.calibrations.relevance,
        nr_of_contents: a.nr_of_contents,
      };
    }
    // A linked folder whose permission lapsed counts 0 (its files cannot be read now).
    const batch = await ctx.batchFolder.listing();
    return { archive_to_content_type_states_nr_of_contents: out, nr_files_in_batch_folder: batch.files.length };
  },

  async clear_batch_folder(ctx, inputs) {
    if (inputs !== undefined && inputs !== null && Object.keys(v.object(inputs)).length) throw new ValidationError('inputs', 'None (clear_batch_folder takes no inputs)');
    await ctx.batchFolder.clear();
    return null;
  },

  async remove_content(ctx, inputs) {
    const i = v.object(inputs);
    v.knownKeys(i, ['archive', 'archive_content_ids_subset', 'delete_archive']);
    const archive = v.string(i.archive, 'archive');
    const ids = v.idList(i.archive_content_ids_subset, 'archive_content_ids_subset');
    if (v.bool(i.delete_archive, 'delete_archive')) {
      await ctx.store.deleteArchive(archive);
      return null;
    }
    // The API makes the list required: an omitted one must not empty the archive.
    if (ids === null) throw new ValidationError('inputs.archive_content_ids_subset', 'a list of content ids (or delete_archive: true)', 'inputs.archive_content_ids_subset: a list of content ids to remove is required (to remove the whole archive, pass delete_archive: true)');
    const a = await ctx.store.getArchive(archive);
    await ctx.store.removeContents(a.id, ids);
    return null;
  },

  async get_archive_ids_and_urls(ctx, inputs) {
    const i = v.object(inputs);
    v.knownKeys(i, ['archive']);
    const a = await ctx.store.getArchive(v.string(i.archive, 'archive'));
    const out: Record<number, string> = {};
    for (const c of await ctx.store.getContents(a.id, null, { thumbnails: false })) {
      if (c.source.url) out[c.id] = c.source.url;
      else {
        const file = await ctx.store.getFile(a.id, c.id);
        // "" when the archive keeps no file and no URL was added (vectors given directly).
        out[c.id] = file ? URL.createObjectURL(file) : '';
      }
    }
    return { id_to_download_url: out };
  },

  async get_vectors(ctx, inputs) {
    const i = v.object(inputs);
    v.knownKeys(i, ['archive', 'archive_content_ids_subset', 'custom_vectorizer_name']);
    const a = await ctx.store.getArchive(v.string(i.archive, 'archive'));
    const ids = v.idList(i.archive_content_ids_subset, 'archive_content_ids_subset');
    if (ids) await ctx.store.getContents(a.id, ids, { thumbnails: false }); // NotFoundError for unknown ids
    const vectorizer = v.optionalString(i.custom_vectorizer_name, 'custom_vectorizer_name') ?? a.parameters.default_vectorizer;
    const loaded = await ctx.store.loadVectors(a.id, vectorizer, ids ?? undefined);
    const out: Record<number, string> = {};
    for (let r = 0; r < loaded.ids.length; r++) {
      out[loaded.ids[r]] = vectorUrl(loaded.data.subarray(r * loaded.dim, (r + 1) * loaded.dim), { archive: a.name, content_id: String(loaded.ids[r]), vectorizer });
    }
    return { id_to_vector_url: out };
  },

  async add_urls_to_contents(ctx, inputs) {
    const i = v.object(inputs);
    v.knownKeys(i, ['archive', 'indexed_content_id_to_url']);
    const a = await ctx.store.getArchive(v.string(i.archive, 'archive'));
    const map = v.object(i.indexed_content_id_to_url, 'inputs.indexed_content_id_to_url');
    const entries = new Map<number, string>();
    for (const [k, url] of Object.entries(map)) {
      const id = Number(k);
      if (!Number.isInteger(id)) throw new ValidationError(`inputs.indexed_content_id_to_url.${k}`, 'keys are content ids (ints)');
      entries.set(id, v.urlList([url], `indexed_content_id_to_url.${k}`)![0]);
    }
    await ctx.store.setUrls(a.id, entries);
    return null;
  },

  async send_feedback(ctx, inputs) {
    const i = v.object(inputs);
    v.knownKeys(i, ['feedback', 'archive', 'pairs']);
    const text = v.string(i.feedback, 'feedback', 0, 1000);
    // Local extension: pair answers stored with the archive and refitting its duplicate rule,
    // as the duplicates element's "same / not same" do (checked before anything is written).
    if (i.pairs !== undefined) {
      if (i.archive === undefined) throw new ValidationError('inputs.archive', 'the archive the pairs belong to (required with pairs)');
      await calibrateFromAnswers(ctx.store, v.string(i.archive, 'archive'), i.pairs as PairAnswer[], 'inputs.pairs');
    } else if (i.archive !== undefined) throw new ValidationError('inputs.pairs', 'a non-empty list of { a, b, same } (archive is only for pairs)');
    await ctx.store.addFeedback(text);
    return null;
  },
};
