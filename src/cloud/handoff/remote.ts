/**
 * Remote descriptor extraction and classification of a list of items,
 * results keyed by item name (the engine stores remote descriptors as an
 * extra vectorizer of an archive).
 */
import { RemoteError, ValidationError } from '../../contract/errors.js';
import type { ApiTorchClient } from '../apitorch/client.js';
import type { ApiTorchClassification } from '../apitorch/types.js';
import type { DeepvaClient } from '../deepva/client.js';
import type { DeepvaSummary } from '../deepva/types.js';
import { blobToBase64 } from '../util/base64.js';
import type { PollOptions } from '../util/poll.js';
import { runPool } from '../util/pool.js';
import { isBlob, requireArray, requireHttpUrl, requireInt, requireObject, requireUniqueNames } from '../util/validate.js';
import type { VizeClient } from '../vize/client.js';
import type { VizeRecordResult } from '../vize/types.js';
import type { XimilarClient } from '../ximilar/client.js';
import type { XimilarRecord, XimilarRecordResult } from '../ximilar/types.js';
import { dict } from '../../contract/dict.js';

/** An item to analyse remotely: bytes or a URL the service can fetch. */
export interface RemoteItem {
  name: string;
  blob?: Blob;
  url?: string;
}

export interface RemoteOptions {
  signal?: AbortSignal;
  /** Called after each batch/item with items finished so far. */
  onProgress?: (done: number, total: number) => void;
  /** Records per request (Ximilar, Vize; Vize allows at most 10). @defaultValue 10 */
  batchSize?: number;
}

export type DescriptorSource =
  | { service: 'ximilar'; client: XimilarClient; collection: string }
  | { service: 'ximilar'; client: XimilarClient; task_id: string; version: number }
  | { service: 'vize'; client: VizeClient; task_id: string; version?: number };

export interface RemoteDescriptors {
  vectors: Record<string, Float32Array>;
  /** Item name → the service's per-record error. */
  failed: Record<string, string>;
  /** Descriptor length (null when every item failed). */
  dim: number | null;
  /** Model version that answered, when the service says. */
  version?: number;
}

export type ClassifyTarget =
  | { service: 'apitorch'; client: ApiTorchClient; classifiers: string[]; showConfidenceValue?: boolean }
  | { service: 'vize'; client: VizeClient; task_id: string; version?: number }
  | { service: 'deepva'; client: DeepvaClient; modules: Record<string, Record<string, unknown>>; poll?: PollOptions };

export interface RemoteClassifications<R> {
  results: Record<string, R>;
  failed: Record<string, string>;
}

function checkItems(items: unknown, needUrl: boolean): RemoteItem[] {
  const list = requireArray<RemoteItem>(items, 'items');
  requireUniqueNames(list, 'items');
  list.forEach((it, i) => {
    if (needUrl) requireHttpUrl(it.url, `items[${i}].url`);
    else if (isBlob(it.blob)) return;
    else if (it.url !== undefined) requireHttpUrl(it.url, `items[${i}].url`);
    else throw new ValidationError(`items[${i}]`, 'blob or url');
  });
  return list;
}

async function toRecord(it: RemoteItem): Promise<XimilarRecord> {
  return isBlob(it.blob) ? { _base64: await blobToBase64(it.blob) } : { _url: it.url as string };
}

function batchSize(options: RemoteOptions, max: number): number {
  return options.batchSize === undefined ? Math.min(10, max) : Math.min(requireInt(options.batchSize, 'options.batchSize', 1), max);
}

/** Run `call` on record batches; answers are matched to items by position. */
async function inBatches<R extends XimilarRecordResult>(
  list: RemoteItem[],
  size: number,
  options: RemoteOptions,
  call: (records: XimilarRecord[]) => Promise<{ records: R[]; version?: number }>,
  service: string,
): Promise<{ results: Record<string, R>; failed: Record<string, string>; version?: number }> {
  const results = dict<R>();
  const failed = dict<string>();
  let version: number | undefined;
  for (let i = 0; i < list.length; i += size) {
    const chunk = list.slice(i, i + size);
    const answer = await call(await Promise.all(chunk.map(toRecord)));
    if (!Array.isArray(answer?.records) || answer.records.length !== chunk.length) {
      throw new RemoteError(`${service}: sent ${chunk.length} records, got ${String(answer?.records?.length)} back`, undefined, { service });
    }
    version ??= answer.version;
    chunk.forEach((it, k) => {
      const r = answer.records[k];
      const code = r?._status?.code;
      if (code === undefined || code === 200) results[it.name] = r;
      else failed[it.name] = `${code} ${r._status.text ?? ''}`.trim();
    });
    options.onProgress?.(Math.min(i + size, list.length), list.length);
  }
  return { results, failed, version };
}

/** Descriptors (embeddings) for each item from a Ximilar similarity model or a Vize task. */
export async function remoteDescriptors(items: RemoteItem[], source: DescriptorSource, options: RemoteOptions = {}): Promise<RemoteDescriptors> {
  const list = checkItems(items, false);
  requireObject(source, 'source');
  const signal = options.signal;
  let call: (records: XimilarRecord[]) => Promise<{ records: XimilarRecordResult[]; version?: number }>;
  if (source.service === 'ximilar') {
    const ref = 'collection' in source && source.collection !== undefined ? { collection: source.collection } : { task_id: (source as { task_id: string }).task_id, version: (source as { version: number }).version };
    call = (records) => source.client.extractDescriptors({ ...ref, records }, { signal });
  } else if (source.service === 'vize') {
    call = (records) => source.client.classifyBatch({ task_id: source.task_id, version: source.version, descriptor: true, records }, { signal });
  } else throw new ValidationError('source.service', 'ximilar or vize');
  const { results, failed, version } = await inBatches(list, batchSize(options, source.service === 'vize' ? 10 : Infinity), options, call, source.service);
  const vectors = dict<Float32Array>();
  let dim: number | null = null;
  for (const [name, r] of Object.entries(results)) {
    if (!Array.isArray(r._descriptor) || r._descriptor.length === 0) {
      failed[name] = 'no descriptor in the answer';
      continue;
    }
    dim ??= r._descriptor.length;
    if (r._descriptor.length !== dim) throw new RemoteError(`${source.service}: descriptors of different lengths (${dim} and ${r._descriptor.length})`, undefined, { service: source.service });
    vectors[name] = Float32Array.from(r._descriptor);
  }
  return { vectors, failed, dim, version };
}

/** Classify each item remotely; results keyed by item name. */
export function remoteClassify(items: RemoteItem[], target: Extract<ClassifyTarget, { service: 'apitorch' }>, options?: RemoteOptions): Promise<RemoteClassifications<ApiTorchClassification[]>>;
export function remoteClassify(items: RemoteItem[], target: Extract<ClassifyTarget, { service: 'vize' }>, options?: RemoteOptions): Promise<RemoteClassifications<VizeRecordResult>>;
export function remoteClassify(items: RemoteItem[], target: Extract<ClassifyTarget, { service: 'deepva' }>, options?: RemoteOptions): Promise<RemoteClassifications<DeepvaSummary>>;
export async function remoteClassify(items: RemoteItem[], target: ClassifyTarget, options: RemoteOptions = {}): Promise<RemoteClassifications<unknown>> {
  requireObject(target, 'target');
  const signal = options.signal;
  if (target.service === 'apitorch') {
    // The classify endpoint takes an image URL only.
    const list = checkItems(items, true);
    const results = dict<ApiTorchClassification[]>();
    let done = 0;
    await runPool(list, 2, async (it) => {
      const opts = target.showConfidenceValue === undefined ? undefined : { show_confidence_value: target.showConfidenceValue };
      results[it.name] = (await target.client.classify({ classifiers: target.classifiers, image_url: it.url as string, options: opts }, { signal })).data;
      options.onProgress?.(++done, list.length);
    }, signal);
    return { results, failed: dict<string>() };
  }
  if (target.service === 'vize') {
    const list = checkItems(items, false);
    const call = (records: XimilarRecord[]) => target.client.classifyBatch({ task_id: target.task_id, version: target.version, records }, { signal });
    const { results, failed } = await inBatches<VizeRecordResult>(list, batchSize(options, 10), options, call, 'vize');
    return { results, failed };
  }
  if (target.service === 'deepva') return deepvaClassify(checkItems(items, false), target, options);
  throw new ValidationError('target.service', 'apitorch, vize or deepva');
}

/** DeepVA: upload blobs to storage (progress per upload), one job over all sources, summaries mapped back by source. */
async function deepvaClassify(
  list: RemoteItem[],
  target: Extract<ClassifyTarget, { service: 'deepva' }>,
  options: RemoteOptions,
): Promise<RemoteClassifications<DeepvaSummary>> {
  const signal = options.signal;
  const sourceOf = new Map<string, string>();
  let done = 0;
  for (const it of list) {
    const src = isBlob(it.blob) ? (await target.client.uploadToStorage(it.blob, { fileName: it.name, signal })).url : (it.url as string);
    sourceOf.set(it.name, src);
    options.onProgress?.(++done, list.length * 2);
  }
  const job = await target.client.runJob({ sources: [...sourceOf.values()], modules: target.modules }, { signal, poll: target.poll });
  const bySource = new Map(job.result.summary.map((s) => [s.source, s]));
  const results = dict<DeepvaSummary>();
  const failed = dict<string>();
  for (const it of list) {
    const s = bySource.get(sourceOf.get(it.name) as string);
    if (s) results[it.name] = s;
    else failed[it.name] = 'no summary for this source in the job result';
  }
  options.onProgress?.(list.length * 2, list.length * 2);
  return { results, failed };
}
