/**
 * The in-memory account model of the Vector Curator conformance server
 * (archives, contents, batch folder, fine-tuned models) and the helpers every
 * job module shares: failing a job, finding an archive and a content subset.
 */

export const CONTENT_TYPES = ['Image', 'Video', 'Sound', 'Text', 'Point_Cloud'];

export interface Content {
  name: string;
  url: string | null;
  vector: number[];
}

export interface Archive {
  name: string;
  content_type: string;
  description: string | null;
  nr_similar_allowed: number | null;
  calibrated_for_similarity: boolean;
  calibrated_for_relevance: boolean;
  /** Cosine distance at or below which two contents are "similar" (set by calibration). */
  similarityThreshold: number | null;
  /** What calibrate_relevance learnt: the mean direction of the relevant contents and how far they spread. */
  relevance: { center: number[]; radius: number } | null;
  contents: Map<number, Content>;
  nextId: number;
}

export interface Account {
  archives: Map<string, Archive>;
  /** Names of the files placed in the batch folder by FTP. */
  batchFolder: string[];
  /**
   * Content of batch-folder files a job reads: text (example_to_labels.json,
   * training_mappings.json) or bytes (".pt" vectors, ".zip" pair files).
   * A name without an entry is a media file the stand-in model reads by name.
   */
  batchContents: Map<string, string | Uint8Array>;
  feedback: string[];
  /** Fine-tuned vectorizers, by custom_vectorizer_name. */
  vectorizers: Map<string, { content_type: string; examples: number; labels: string[] }>;
  /** Fine-tuned translators, by translator_name. */
  translators: Map<string, { training: number; validation: number }>;
}

export function newAccount(): Account {
  return { archives: new Map(), batchFolder: [], batchContents: new Map(), feedback: [], vectorizers: new Map(), translators: new Map() };
}

export function newArchive(name: string, content_type: string, description: string | null, threshold: number | null): Archive {
  return {
    name,
    content_type,
    description,
    nr_similar_allowed: null,
    calibrated_for_similarity: threshold !== null,
    calibrated_for_relevance: false,
    similarityThreshold: threshold,
    relevance: null,
    contents: new Map(),
    nextId: 1,
  };
}

/** What a job may touch besides its inputs. */
export interface JobContext {
  acc: Account;
  /** Store a result file under the server's /downloads route and return its URL. */
  publish(name: string, body: string | Uint8Array): string;
}

/** A job that fails: the server puts the message in the status `error`. */
export class JobFailure extends Error {}

export type In = Record<string, unknown>;

export const fail = (msg: string): never => {
  throw new JobFailure(msg);
};

export function archiveOf(acc: Account, inputs: In, field = 'archive'): Archive {
  const name = inputs[field];
  if (typeof name !== 'string') return fail(`Missing input: ${field}`);
  return acc.archives.get(name) ?? fail(`Archive "${name}" does not exist`);
}

/** The contents named by archive_content_ids_subset (all of them when None), in id order. */
export function subset(a: Archive, inputs: In): [number, Content][] {
  const ids = inputs.archive_content_ids_subset as number[] | null | undefined;
  if (ids == null) return [...a.contents].sort((x, y) => x[0] - y[0]);
  return [...new Set(ids)].map((id) => [id, a.contents.get(id) ?? fail(`Content id ${id} is not in archive "${a.name}"`)]);
}

/** The vector length of an archive (its contents all share one), or null while it is empty. */
export function dimOf(a: Archive): number | null {
  for (const c of a.contents.values()) return c.vector.length;
  return null;
}
