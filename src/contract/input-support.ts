/**
 * What the local engine does with every input and result of every job type:
 * the source of docs/job-inputs.md (scripts/job-inputs-doc.ts writes it; CI
 * checks it is current) and of the tests that hold the engine to it (every
 * `refused` row is run and must fail naming its field). The Vector Curator
 * connector sends every documented input and refuses the local extensions.
 */
import type { JobType } from './jobs.js';

/**
 * - `honoured`: the value changes what the job does or returns (the note says how, where the API leaves it open);
 * - `limited`: honoured for some values, the others refused by name (the note says which);
 * - `refused`: any value other than the default is refused by name, with how to get it (usually: run remotely);
 * - `remote`: the job type runs in Vector Curator Cloud only.
 */
export type LocalSupport = 'honoured' | 'limited' | 'refused' | 'remote';

export interface FieldSupport {
  local: LocalSupport;
  /** false for curatekit's local extensions (not in the API document; the connector refuses them). */
  documented: boolean;
  note?: string;
}

export interface ResultSupport {
  /** `returned` as documented, or `differs` (the note says how). */
  local: 'returned' | 'differs' | 'remote';
  note?: string;
}

export interface JobSupport {
  inputs: Readonly<Record<string, FieldSupport>>;
  results: Readonly<Record<string, ResultSupport>>;
}

const H = (note?: string): FieldSupport => ({ local: 'honoured', documented: true, note });
const L = (note: string): FieldSupport => ({ local: 'limited', documented: true, note });
const R = (note: string): FieldSupport => ({ local: 'refused', documented: true, note });
const X = (note: string): FieldSupport => ({ local: 'honoured', documented: false, note });
const BATCH = H('reads the local batch folder (curator.batchFolder: files added there, or a linked folder); an empty one is refused');
const SUBSET = H('limits the job to these contents');
const remoteJob = (inputs: string[], results: string[] = []): JobSupport => ({
  inputs: Object.fromEntries(inputs.map((k) => [k, { local: 'remote', documented: true } satisfies FieldSupport])),
  results: Object.fromEntries(results.map((k) => [k, { local: 'remote' } satisfies ResultSupport])),
});
const SORTING = {
  sort_content_ids_by_distance_to_cluster_center: H(),
  sort_clusters_by_descending_inner_diversity: H('otherwise clusters come largest first'),
};
const CLUSTER_RESULTS = {
  clustered_content_ids: { local: 'returned' },
  average_distance_between_cluster_elements_and_cluster_center: { local: 'returned', note: 'cosine distance' },
} as const;

/** Every job type, every documented input (and the local extensions), every documented result. */
export const JOB_SUPPORT: { readonly [T in JobType]: JobSupport } = {
  create_archive: {
    inputs: {
      name: H('0 < length < 30, unique, no leading or trailing spaces'),
      content_type: L('Image only: the local engine has image vectorizers; other types are refused (run remotely)'),
      description: H(),
      use_default_similarity_calibration: H('default true locally; false leaves the archive uncalibrated until calibrate_similarity'),
      store_files: X('keep the original files for viewing and export (default true)'),
      default_vectorizer: X('the vectorizer new content is embedded with (must be registered)'),
    },
    results: {},
  },
  update_parameters: {
    inputs: {
      archive: H(),
      description: H(),
      nr_similar_allowed: H('how many similar items the archive may hold before index calls a new one redundant (None: 1)'),
    },
    results: {},
  },
  list_content: {
    inputs: {},
    results: {
      archive_to_content_type_states_nr_of_contents: { local: 'returned' },
      nr_files_in_batch_folder: { local: 'returned', note: 'files in the local batch folder (curator.batchFolder)' },
    },
  },
  remove_content: {
    inputs: {
      archive: H(),
      archive_content_ids_subset: H('required unless delete_archive; removed contents go to the trash (restorable)'),
      delete_archive: H('the subset is then not needed'),
    },
    results: {},
  },
  get_archive_ids_and_urls: {
    inputs: { archive: H() },
    results: { id_to_download_url: { local: 'differs', note: "the content's URL when it has one, else a blob: URL of the stored file (valid while the engine runs), else empty" } },
  },
  get_vectors: {
    inputs: { archive: H(), archive_content_ids_subset: SUBSET, custom_vectorizer_name: X('which vectorizer (default: the archive default)') },
    results: { id_to_vector_url: { local: 'returned', note: 'blob: URLs of .pt (safetensors, one 1-D F32 tensor) files, valid while the engine runs' } },
  },
  add_urls_to_contents: {
    inputs: { archive: H(), indexed_content_id_to_url: H('http(s), blob: or data: URLs; unknown ids are refused') },
    results: {},
  },
  clear_batch_folder: { inputs: {}, results: {} },
  fine_tune_vectorizer: {
    inputs: {
      content_type: L('Image only (the local engine has image vectorizers)'),
      custom_vectorizer_name_for_sampling: R('sampling applies to video, sound and text, which run in the cloud only'),
      starting_custom_vectorizer_name: H('the vectorizer refined (default: the default vectorizer); a fine-tuned one is refused (start from its base)'),
      custom_vectorizer_name: H('1–64 letters, digits, _ . -; not the name of a model vectorizer; an earlier fine-tuned one of that name is replaced'),
      file_urls: H('the labelled files and example_to_labels.json, downloaded'),
      download_from_batch_cloud_folder: BATCH,
      files: X('the labelled files and example_to_labels.json in the request'),
      archive: X("train on an archive's labels and stored vectors (nothing is decoded again)"),
    },
    results: {},
  },
  fine_tune_translator: {
    inputs: {
      translator_name: H('1–64 letters, digits, _ . -'),
      input_content_type: L('Image or None'),
      input_custom_vectorizer_name: H('vectorizer of the query side (default: the default vectorizer)'),
      output_content_type: L('Image or None'),
      output_custom_vectorizer_name: H('vectorizer of the archive side (default: the default vectorizer)'),
      file_urls: H('the files the mappings name and training_mappings.json (optional validation_mappings.json), downloaded'),
      download_from_batch_cloud_folder: BATCH,
      files: X('the same files in the request'),
      input_archive: X("input names are content names of this archive (its stored vectors)"),
      output_archive: X('output names are content names of this archive'),
      training_mappings: X('training_mappings.json inline'),
      validation_mappings: X('validation_mappings.json inline (without one, 15 % of the pairs are held out)'),
    },
    results: {},
  },
  sample_data: remoteJob(
    ['source_content_type', 'content_type', 'time_intervals_or_highlights', 'time_interval', 'nr_samples_per_file', 'custom_vectorizer_name', 'file_urls', 'download_from_batch_cloud_folder'],
    ['samples_file_names_with_download_urls'],
  ),
  trim_by_highlights: remoteJob(
    ['source_content_type', 'nr_trims_per_file', 'max_trim_size', 'min_trim_size', 'custom_vectorizer_name', 'file_urls', 'download_from_batch_cloud_folder'],
    ['trims_file_names_with_download_urls'],
  ),
  data_balance: {
    inputs: {
      clustered_content_ids_sorted_by_decreasing_diversity_with_contents_sorted_by_distance_to_centroid: H('member order sets the removal and sourcing order'),
      ids_sorted_from_inliers_to_outliers: H('blended into the removal order'),
      ids_sorted_by_essential_examples: H('never removed'),
      ids_sorted_by_forbidden_examples: H('removed first'),
    },
    results: { prioritized_over_represented_ids_to_remove: { local: 'returned' }, prioritized_under_represented_ids_to_source: { local: 'returned' } },
  },
  pca_vector_dim_reduction: {
    inputs: {
      archive: H(),
      archive_content_ids_subset: H('with archive only; refused without it'),
      file_urls: H("downloaded and embedded with the archive's vectorizer (the default one without an archive) (.pt / .safetensors files are read as the vectors they hold)"),
      nr_of_dimensions: H('at most min(dimension, number of items)'),
      download_from_batch_cloud_folder: BATCH,
      files: X('images (.pt / .safetensors files are read as the vectors they hold) given in the request'),
    },
    results: { identifier_to_pca_vector: { local: 'returned', note: 'keyed by content id, URL or file name' } },
  },
  extract_similarity_dataset: {
    inputs: {
      source_content_type: R('mining pairs from Sound, Video or Text needs their decoders (cloud only); locally, pass archive'),
      content_type: L('Image or None'),
      max_nr_of_pairs: H('an upper limit'),
      custom_vectorizer_name: H(),
      file_urls: R('index the files into an archive first and pass archive'),
      download_from_batch_cloud_folder: R('index the batch folder into an archive first (index with download_from_batch_cloud_folder) and pass archive'),
      archive: X('the image archive to mine pairs from (required locally)'),
    },
    results: { similarity_calibration_pairs_download_urls: { local: 'differs', note: 'blob: URLs of the pair files, valid while the engine runs; pairs whose files are not stored are skipped' } },
  },
  send_feedback: {
    inputs: {
      feedback: H('stored in the browser (listFeedback); sent nowhere'),
      archive: X('the archive `pairs` belong to'),
      pairs: X('duplicate answers { a, b, same } stored with the archive; the duplicate threshold is refit from all stored answers'),
    },
    results: {},
  },
  calibrate_similarity: {
    inputs: {
      archive: H(),
      custom_vectorizer_name: H(),
      file_urls: H('200–10000 pairs named by a shared prefix ("12_a.jpg", "12_b.jpg") (.pt / .safetensors files are read as the vectors they hold)'),
      download_from_batch_cloud_folder: BATCH,
      files: X('pair images given in the request (.pt / .safetensors files are read as the vectors they hold)'),
      vectors: X('pair vectors given in the request'),
    },
    results: {},
  },
  calibrate_relevance: {
    inputs: { archive: H('at least 3 contents'), archive_content_ids_subset: SUBSET },
    results: {},
  },
  index: {
    inputs: {
      archive: H(),
      check_for_redundancy_against_archived: H('byte-exact copies are refused whatever this says'),
      archive_content_ids_subset: H('the scope of the against-archive and relevance checks'),
      check_for_redundancy_within_batch: H('the batch is the whole request, whatever the embedding batch size'),
      check_for_relevance: H('needs at least 2 archived vectors; skipped below that'),
      custom_vectorizer_name: H(),
      file_urls: H('a failed download fails that item, not the job (.pt / .safetensors files are read as the vectors they hold)'),
      download_from_batch_cloud_folder: BATCH,
      files: X('images given in the request (.pt / .safetensors files are read as the vectors they hold)'),
      vectors: X('vectors given in the request'),
    },
    results: {
      name_to_indexed_content_id: { local: 'returned' },
      exact_duplicate_file_names: { local: 'returned' },
      failed_vectorization_names: { local: 'returned', note: 'the reasons in failure_reasons (local extension)' },
      redundant_content_names: { local: 'returned', note: 'the evidence in redundancy_evidence (local extension)' },
      irrelevant_content_names: { local: 'returned' },
    },
  },
  inliers_outliers: {
    inputs: { archive: H(), archive_content_ids_subset: SUBSET, id_to_preference_weight: H('ids must be in the subset; any finite number') },
    results: { content_ids_sorted_by_inliers: { local: 'returned' }, content_ids_sorted_by_outliers: { local: 'returned' }, mean_distance: { local: 'returned' } },
  },
  search: {
    inputs: {
      input_content_type: L('Image or None'),
      custom_vectorizer_name: H(),
      data_type_translator_name: H('a translator fitted here (fine_tune_translator): query files and vectors are mapped into the archive\'s space; one not kept here goes to the remote runner under auto'),
      archive: H(),
      archive_content_ids_subset: SUBSET,
      indexed_ids_references: H('used as queries and left out of the results'),
      name_or_id_to_preference_weight: H('keys must name a query (file name, URL or reference id); weights sum the queries (Rocchio)'),
      speed_up_with_hash_matching: H('byte-identical copies of wanted queries come first at distance 0; the scan is skipped when they fill nr_results'),
      nr_results: H('None: all'),
      get_mean_distance: H(),
      file_urls: H('keyed by the URL (.pt / .safetensors files are read as the vectors they hold)'),
      common_assets_archive_name: H('the directions that archive spans are removed before ranking'),
      download_from_batch_cloud_folder: BATCH,
      files: X('query images given in the request (.pt / .safetensors files are read as the vectors they hold)'),
      vectors: X('query vectors given in the request'),
    },
    results: { sorted_indexed_ids_with_distances: { local: 'returned', note: 'cosine distance' }, mean_distance: { local: 'returned' } },
  },
  cluster_by_number_of_clusters: {
    inputs: { archive: H(), archive_content_ids_subset: SUBSET, nr_of_clusters: H('None or 1: chosen automatically (auto_k says how)'), ...SORTING },
    results: CLUSTER_RESULTS,
  },
  cluster_by_calibrated_similarity: {
    inputs: { archive: H('calibrated, or created with use_default_similarity_calibration (cosine 0.65)'), archive_content_ids_subset: SUBSET, ...SORTING },
    results: CLUSTER_RESULTS,
  },
};
