/**
 * The fine-tuning and sampling jobs of the Vector Curator conformance server
 * (fine_tune_vectorizer, fine_tune_translator, sample_data, trim_by_highlights),
 * written from shared/api-docs/vector-curator-cloud.txt independently of the
 * client. The dataset files are read the way the service reads them: from the
 * `file_urls` (downloaded over HTTP) or from the account's batch folder.
 * Training itself is not modelled: a fine-tuned vectorizer or translator is
 * registered under its name (so later jobs can name it) once its dataset
 * passes the documented rules.
 */
import { JobFailure, CONTENT_TYPES, type Account } from './vector-curator-model.js';

type In = Record<string, unknown>;
const fail = (msg: string): never => {
  throw new JobFailure(msg);
};

export const TRAINING_JOBS = new Set(['fine_tune_vectorizer', 'fine_tune_translator', 'sample_data', 'trim_by_highlights']);

interface DataFile {
  name: string;
  /** Reads the file as text (a download for a URL, the stored bytes for the batch folder). */
  text(): Promise<string>;
}

function dataFiles(acc: Account, inputs: In): DataFile[] {
  const urls = (inputs.file_urls as string[] | null | undefined) ?? [];
  const out: DataFile[] = urls.map((u) => {
    let name: string;
    try {
      name = decodeURIComponent(new URL(u).pathname.split('/').filter(Boolean).pop() ?? u);
    } catch {
      return fail(`Invalid file url: ${u}`);
    }
    return {
      name,
      text: async () => {
        const res = await fetch(u).catch(() => fail(`Could not download ${u}`));
        if (!res.ok) fail(`Could not download ${u}: HTTP ${res.status}`);
        return res.text();
      },
    };
  });
  if (inputs.download_from_batch_cloud_folder === true) {
    for (const name of acc.batchFolder) {
      const stored = acc.batchContents.get(name);
      out.push({ name, text: async () => (stored instanceof Uint8Array ? new TextDecoder().decode(stored) : (stored ?? fail(`Batch folder file ${name} is not text`))) });
    }
  }
  if (out.length === 0) fail('No input files: pass file_urls or upload to the batch folder');
  return out;
}

async function readJson(files: DataFile[], name: string, required: boolean): Promise<unknown> {
  const f = files.find((d) => d.name === name);
  if (!f) return required ? fail(`Missing ${name}: place it with the dataset files`) : undefined;
  try {
    return JSON.parse(await f.text());
  } catch (e) {
    if (e instanceof JobFailure) throw e;
    return fail(`${name} is not valid JSON`);
  }
}

const str = (v: unknown): v is string => typeof v === 'string' && v.length > 0;
function optionalVectorizer(acc: Account, v: unknown, field: string): void {
  if (v == null) return;
  if (!str(v)) fail(`Invalid ${field}: string or None`);
  if (!acc.vectorizers.has(v as string)) fail(`Custom vectorizer "${String(v)}" does not exist`);
}
function contentType(v: unknown, field: string, allowed: readonly string[], nullable: boolean): void {
  if (v == null && nullable) return;
  if (!allowed.includes(v as string)) fail(`Invalid ${field}: must be one of ${allowed.join(', ')}`);
}
const positive = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v) && v > 0;

async function fineTuneVectorizer(acc: Account, inputs: In): Promise<null> {
  contentType(inputs.content_type, 'content_type', CONTENT_TYPES, false);
  if (!str(inputs.custom_vectorizer_name)) fail('Invalid custom_vectorizer_name: non-empty string');
  optionalVectorizer(acc, inputs.starting_custom_vectorizer_name, 'starting_custom_vectorizer_name');
  optionalVectorizer(acc, inputs.custom_vectorizer_name_for_sampling, 'custom_vectorizer_name_for_sampling');
  const files = dataFiles(acc, inputs);
  const labels = await readJson(files, 'example_to_labels.json', true);
  if (typeof labels !== 'object' || labels === null || Array.isArray(labels)) fail('example_to_labels.json: an object of file name → list of labels');
  const names = new Set(files.map((f) => f.name));
  const distinct = new Set<string>();
  for (const [file, ls] of Object.entries(labels as object)) {
    if (!Array.isArray(ls) || ls.length === 0 || !ls.every(str)) fail(`example_to_labels.json: "${file}" needs a non-empty list of labels`);
    if (!names.has(file)) fail(`example_to_labels.json names "${file}", which is not among the files`);
    for (const l of ls as string[]) distinct.add(l);
  }
  if (distinct.size === 0) fail('example_to_labels.json has no examples');
  if (distinct.size > 100) fail(`Up to 100 labels are supported, got ${distinct.size}`);
  acc.vectorizers.set(inputs.custom_vectorizer_name as string, { content_type: inputs.content_type as string, examples: Object.keys(labels as object).length, labels: [...distinct].sort() });
  return null;
}

function mappings(v: unknown, name: string): [string, string][] {
  if (!Array.isArray(v) || v.length === 0 || !v.every((p) => Array.isArray(p) && p.length === 2 && str(p[0]) && str(p[1]))) fail(`${name}: a non-empty list of [input_name, output_name] pairs`);
  return v as [string, string][];
}

async function fineTuneTranslator(acc: Account, inputs: In): Promise<null> {
  if (!str(inputs.translator_name)) fail('Invalid translator_name: non-empty string');
  contentType(inputs.input_content_type, 'input_content_type', CONTENT_TYPES, true);
  contentType(inputs.output_content_type, 'output_content_type', CONTENT_TYPES, true);
  optionalVectorizer(acc, inputs.input_custom_vectorizer_name, 'input_custom_vectorizer_name');
  optionalVectorizer(acc, inputs.output_custom_vectorizer_name, 'output_custom_vectorizer_name');
  const files = dataFiles(acc, inputs);
  const training = mappings(await readJson(files, 'training_mappings.json', true), 'training_mappings.json');
  const given = await readJson(files, 'validation_mappings.json', false);
  // Documented: without a validation file, 15 % of the training pairs are held out.
  const validation = given === undefined ? Math.max(1, Math.round(training.length * 0.15)) : mappings(given, 'validation_mappings.json').length;
  acc.translators.set(inputs.translator_name as string, { training: given === undefined ? training.length - validation : training.length, validation });
  return null;
}

const EXT: Record<string, string> = { Image: 'jpg', Video: 'mp4', Sound: 'wav', Text: 'txt' };
const stem = (name: string) => name.replace(/\.[^.]+$/, '');

function media(files: DataFile[]): DataFile[] {
  const out = files.filter((f) => !f.name.endsWith('.json'));
  if (out.length === 0) fail('No media files among the inputs');
  return out;
}

function sampleData(acc: Account, inputs: In, publish: (name: string, body: string) => string): { samples_file_names_with_download_urls: string[][] } {
  contentType(inputs.source_content_type, 'source_content_type', ['Video', 'Sound', 'Text'], false);
  contentType(inputs.content_type, 'content_type', ['Image', 'Video', 'Sound', 'Text'], false);
  const mode = inputs.time_intervals_or_highlights;
  if (mode !== 'time_intervals' && mode !== 'highlights') fail('Invalid time_intervals_or_highlights: must be one of time_intervals, highlights');
  if (inputs.time_interval != null && !positive(inputs.time_interval)) fail('Invalid time_interval: positive float or None');
  const n = inputs.nr_samples_per_file ?? 3;
  if (!Number.isInteger(n) || (n as number) < 1) fail('Invalid nr_samples_per_file: int >= 1 or None');
  optionalVectorizer(acc, inputs.custom_vectorizer_name, 'custom_vectorizer_name');
  const ext = EXT[inputs.content_type as string];
  return {
    samples_file_names_with_download_urls: media(dataFiles(acc, inputs)).flatMap((f) =>
      Array.from({ length: n as number }, (_, i) => {
        const name = `${stem(f.name)}_sample_${i + 1}.${ext}`;
        return [name, publish(name, `sample ${i + 1} of ${f.name} (${String(mode)})`)];
      }),
    ),
  };
}

function trimByHighlights(acc: Account, inputs: In, publish: (name: string, body: string) => string): { trims_file_names_with_download_urls: string[][] } {
  contentType(inputs.source_content_type, 'source_content_type', ['Video', 'Sound'], false);
  if (!Number.isInteger(inputs.nr_trims_per_file) || (inputs.nr_trims_per_file as number) < 1) fail('Invalid nr_trims_per_file: int >= 1');
  if (!positive(inputs.max_trim_size)) fail('Invalid max_trim_size: positive float');
  if (inputs.min_trim_size != null && (!positive(inputs.min_trim_size) || inputs.min_trim_size > (inputs.max_trim_size as number))) fail('Invalid min_trim_size: positive float not above max_trim_size, or None');
  optionalVectorizer(acc, inputs.custom_vectorizer_name, 'custom_vectorizer_name');
  const ext = EXT[inputs.source_content_type as string];
  return {
    trims_file_names_with_download_urls: media(dataFiles(acc, inputs)).flatMap((f) =>
      Array.from({ length: inputs.nr_trims_per_file as number }, (_, i) => {
        const name = `${stem(f.name)}_trim_${i + 1}.${ext}`;
        return [name, publish(name, `trim ${i + 1} of ${f.name}, at most ${String(inputs.max_trim_size)} s`)];
      }),
    ),
  };
}

/**
 * Run one of {@link TRAINING_JOBS}; `publish` stores a result file and returns its download URL.
 * Sampling results list one `[file_name, download_url]` per sample.
 */
export async function runTrainingJob(acc: Account, type: string, inputs: In, publish: (name: string, body: string) => string): Promise<unknown> {
  switch (type) {
    case 'fine_tune_vectorizer':
      return fineTuneVectorizer(acc, inputs);
    case 'fine_tune_translator':
      return fineTuneTranslator(acc, inputs);
    case 'sample_data':
      return sampleData(acc, inputs, publish);
    case 'trim_by_highlights':
      return trimByHighlights(acc, inputs, publish);
    default:
      return fail(`Job type "${type}" is not available in this server`);
  }
}
