/**
 * The data a request carries — `files`, `vectors`, `file_urls` — read once,
 * the same way for every job: names, blobs and unit vectors with errors that
 * name the input.
 */
import { ValidationError } from '../contract/errors.js';
import { decodeVectorFile, isVectorFileName } from '../export/index.js';
import type { JobContext } from './context.js';
import * as v from './validate.js';

/** A file of the request with the name results will use. */
export interface NamedBlob {
  name: string;
  blob: Blob;
}

/** A vector of the request, L2-normalised. */
export interface NamedVector {
  name: string;
  vector: Float32Array;
}

/**
 * `inputs.files`: Files (a folder pick keeps its relative path as the name)
 * or `{ name, blob }` objects; absent = none.
 */
export function namedFiles(value: unknown, field = 'inputs.files'): NamedBlob[] {
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value)) throw new ValidationError(field, 'a list of Files or { name, blob }');
  return value.map((input: unknown, i) => {
    if (input instanceof Blob) {
      const f = input as File & { webkitRelativePath?: string };
      return { name: f.webkitRelativePath || f.name || `file-${i}`, blob: input };
    }
    const o = input as Partial<NamedBlob> | null;
    if (typeof o !== 'object' || o === null || !(o.blob instanceof Blob) || typeof o.name !== 'string' || !o.name) {
      throw new ValidationError(`${field}[${i}]`, 'a File or { name: non-empty string, blob: Blob }');
    }
    return { name: o.name, blob: o.blob };
  });
}

/**
 * `inputs.vectors`: `{ name, vector }` items of finite numbers, all of one
 * length (`dim` when given), none all-zero; returned L2-normalised.
 */
export function namedVectors(value: unknown, dim?: number, field = 'inputs.vectors'): NamedVector[] {
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value)) throw new ValidationError(field, 'a list of { name, vector }');
  const out = value.map((item, k): NamedVector => {
    const it = v.object(item, `${field}[${k}]`);
    const name = v.string(it.name, `vectors[${k}].name`, 0);
    const vector = unit(v.vector(it.vector, `vectors[${k}].vector`, dim), `${field}[${k}].vector`);
    return { name, vector };
  });
  const d = out[0]?.vector.length;
  out.forEach((r, k) => {
    if (r.vector.length !== d) throw new ValidationError(`${field}[${k}].vector`, `length ${d} like the others`);
  });
  return out;
}

/** Download one URL; a network error or a non-2xx status throws a ValidationError naming `inputs.file_urls`. */
export async function download(url: string, signal: AbortSignal): Promise<Blob> {
  const res = await fetch(url, { signal }).catch((e: Error) => {
    if (signal.aborted) throw e;
    throw new ValidationError('inputs.file_urls', 'reachable URLs', `could not download ${url}: ${e.message}`);
  });
  if (!res.ok) throw new ValidationError('inputs.file_urls', 'reachable URLs', `could not download ${url}: HTTP ${res.status}`);
  return res.blob();
}

/**
 * The local batch folder's files when `inputs.download_from_batch_cloud_folder`
 * is true (named by their path in it), else none. An empty folder is refused:
 * the job would otherwise run on nothing.
 */
export async function batchFolderFiles(ctx: JobContext, i: Record<string, unknown>): Promise<NamedBlob[]> {
  if (!v.bool(i.download_from_batch_cloud_folder, 'download_from_batch_cloud_folder')) return [];
  const files = await ctx.batchFolder.files(ctx.signal);
  if (!files.length) {
    throw new ValidationError('inputs.download_from_batch_cloud_folder', 'a batch folder with files', 'inputs.download_from_batch_cloud_folder: the local batch folder is empty; add files (curator.batchFolder.add, or link a folder) first');
  }
  return files.map((f) => ({ name: f.name, blob: f.file }));
}

/**
 * `inputs.files`, the downloads of `inputs.file_urls` (named by {@link v.urlName}
 * unless `nameOf` says otherwise), then the batch folder's files when asked for.
 */
export async function filesAndUrls(ctx: JobContext, i: Record<string, unknown>, nameOf: (url: string) => string = v.urlName): Promise<NamedBlob[]> {
  const files = namedFiles(i.files);
  const urls = v.urlList(i.file_urls, 'file_urls') ?? [];
  const batch = await batchFolderFiles(ctx, i);
  for (const url of urls) files.push({ name: nameOf(url), blob: await download(url, ctx.signal) });
  return [...files, ...batch];
}

/** L2-normalise in place; an all-zero vector is refused (cosine is undefined). */
function unit(vector: Float32Array, field: string): Float32Array {
  let s = 0;
  for (const x of vector) s += x * x;
  if (s === 0) throw new ValidationError(field, 'not all zeros (cosine is undefined)');
  const inv = 1 / Math.sqrt(s);
  for (let j = 0; j < vector.length; j++) vector[j] *= inv;
  return vector;
}

/**
 * A ".pt" / ".safetensors" file of the request read as its vector (the docs:
 * "You can pass either data files or vectors"), L2-normalised.
 * @param dim - the length it must have (the vectorizer's), when known
 */
export async function vectorOfFile(b: NamedBlob, field: string, dim?: number): Promise<NamedVector> {
  const vector = decodeVectorFile(new Uint8Array(await b.blob.arrayBuffer()), field, `"${b.name}"`);
  if (dim !== undefined && vector.length !== dim) throw new ValidationError(field, `a vector of length ${dim} (the vectorizer's)`, `${field}: "${b.name}" holds a vector of length ${vector.length}, the vectorizer's have ${dim}`);
  return { name: b.name, vector: unit(vector, field) };
}

/**
 * Embed named blobs (all must decode: a request's query or calibration
 * images are not optional) into rows of one matrix, in order. A ".pt" file
 * is taken as the vector it holds instead of being decoded.
 * @param progress - maps the fraction embedded to the job's progress
 */
export async function embedNamed(ctx: JobContext, vectorizer: string, blobs: readonly NamedBlob[], progress?: (fraction: number, message: string) => void): Promise<{ names: string[]; data: Float32Array; dim: number }> {
  const dim = ctx.manifest(vectorizer).dimension;
  const data = new Float32Array(blobs.length * dim);
  const names: string[] = blobs.map((b) => b.name);
  if (!blobs.length) return { names, data, dim };
  const images: number[] = [];
  for (let k = 0; k < blobs.length; k++) {
    if (isVectorFileName(blobs[k].name)) data.set((await vectorOfFile(blobs[k], 'inputs.files', dim)).vector, k * dim);
    else images.push(k);
  }
  if (!images.length) return { names, data, dim };
  const embedder = await ctx.embedder(vectorizer);
  let done = 0;
  for await (const batch of embedder.embed(images.map((k) => ({ blob: blobs[k].blob, tag: k })), ctx.signal)) {
    for (const it of batch.items) {
      if (it.error) throw new ValidationError('inputs.files', 'decodable images', `"${blobs[it.tag].name}" could not be used: ${it.error}`);
      data.set(batch.vectors.subarray(it.row! * dim, (it.row! + 1) * dim), it.tag * dim);
      done++;
    }
    progress?.(done / images.length, `embedding ${done}/${images.length}`);
  }
  return { names, data, dim };
}
