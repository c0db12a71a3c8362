/**
 * Vectors for the Vector Curator conformance server.
 *
 * The service's image/video/sound models are not modelled: an ordinary file
 * is vectorised by a deterministic hash of its URL (or batch-folder name), an
 * 8-dimensional stand-in. The doc also accepts "torch safetensors ".pt"
 * one-dimensional, any length" vectors: those are downloaded (file_urls) or
 * read from the batch folder's bytes and parsed, so a test can plant real
 * geometry. All distances are cosine distances, 1 − cos(a, b), in [0, 2].
 */
import { unzipSync } from 'fflate';
import { parseVector, SafetensorsError } from './safetensors.js';
import { fail, type Account, type In } from './vector-curator-model.js';

/** The stand-in model: a deterministic vector in [-1, 1)^dim from a key (URL or batch name). */
export function vectorOf(key: string, dim = 8): number[] {
  let h = 2166136261;
  const out: number[] = [];
  for (let d = 0; d < dim; d++) {
    for (const ch of `${key}#${d}`) h = Math.imul(h ^ ch.charCodeAt(0), 16777619) >>> 0;
    out.push((h % 2000) / 1000 - 1);
  }
  return out;
}

export const dot = (a: number[], b: number[]) => a.reduce((s, x, i) => s + x * b[i], 0);
export const norm = (a: number[]) => Math.sqrt(dot(a, a));
export const unit = (a: number[]) => {
  const n = norm(a);
  return n === 0 ? a.map(() => 0) : a.map((x) => x / n);
};
export const sameVector = (a: number[], b: number[]) => a.length === b.length && a.every((x, i) => x === b[i]);

/** 1 − cos(a, b); a zero vector is at distance 1 from everything. Rounding noise is clamped so identical directions give exactly 0. */
export function cosineDistance(a: number[], b: number[]): number {
  const na = norm(a);
  const nb = norm(b);
  if (na === 0 || nb === 0) return 1;
  const d = 1 - dot(a, b) / (na * nb);
  return d < 1e-12 ? 0 : Math.min(2, d);
}

/** Σ wᵢ·unit(vᵢ): the (weighted) mean direction; each vector counts by direction only, as distances are cosine. */
export function direction(vs: number[][], weights?: number[]): number[] {
  const out = new Array<number>(vs[0].length).fill(0);
  vs.forEach((v, i) => unit(v).forEach((x, d) => (out[d] += (weights?.[i] ?? 1) * x)));
  return out.map((x) => x / vs.length);
}

export const fileName = (url: string) => decodeURIComponent(new URL(url).pathname.split('/').filter(Boolean).pop() ?? url);

/** One input file, vectorised. `key` identifies the file (its URL, `batch:name`, or `url#entry` inside a zip). */
export interface DataItem {
  name: string;
  key: string;
  url: string | null;
  vector: number[];
}

const isPt = (name: string) => /\.pt$/i.test(name);

function ptVector(bytes: Uint8Array, name: string): number[] {
  try {
    return parseVector(bytes).values;
  } catch (e) {
    if (e instanceof SafetensorsError) return fail(`Could not read "${name}" as a safetensors vector: ${e.message}`);
    throw e;
  }
}

async function download(url: string): Promise<Uint8Array> {
  const res = await fetch(url).catch(() => fail(`Could not download ${url}`));
  if (!res.ok) fail(`Could not download ${url}: HTTP ${res.status}`);
  return new Uint8Array(await res.arrayBuffer());
}

function fromBytes(name: string, key: string, url: string | null, bytes: Uint8Array | null, zips: boolean): DataItem[] {
  if (zips && /\.zip$/i.test(name) && bytes) {
    let entries: Record<string, Uint8Array>;
    try {
      entries = unzipSync(bytes);
    } catch {
      return fail(`Could not read "${name}" as a zip file`);
    }
    return Object.entries(entries)
      .filter(([path]) => !path.endsWith('/'))
      .flatMap(([path, data]) => fromBytes(path.split('/').pop()!, `${key}#${path}`, null, data, false));
  }
  if (isPt(name)) return [{ name, key, url, vector: ptVector(bytes ?? fail(`"${name}" has no bytes to read as a vector`), name) }];
  return [{ name, key, url, vector: vectorOf(key) }];
}

/**
 * The files of a job: `file_urls` (in order), then the batch folder when
 * download_from_batch_cloud_folder is true. ".pt" files are read as vectors;
 * with `zips`, a ".zip" stands for the files it holds (how
 * extract_similarity_dataset hands out its pairs). Fails when there are none.
 */
export async function loadData(acc: Account, inputs: In, opts: { zips?: boolean } = {}): Promise<DataItem[]> {
  const zips = opts.zips === true;
  const out: DataItem[] = [];
  for (const u of (inputs.file_urls as string[] | null | undefined) ?? []) {
    let name: string;
    try {
      name = fileName(u);
    } catch {
      return fail(`Invalid file url: ${u}`);
    }
    const needsBytes = isPt(name) || (zips && /\.zip$/i.test(name));
    out.push(...fromBytes(name, u, u, needsBytes ? await download(u) : null, zips));
  }
  if (inputs.download_from_batch_cloud_folder === true) {
    for (const name of acc.batchFolder) {
      const stored = acc.batchContents.get(name);
      const bytes = stored instanceof Uint8Array ? stored : null;
      if (isPt(name) && !bytes) fail(`Batch folder file "${name}" holds no bytes: upload the ".pt" file itself`);
      out.push(...fromBytes(name, `batch:${name}`, null, bytes, zips));
    }
  }
  if (out.length === 0) fail('No input files: pass file_urls or upload to the batch folder');
  return out;
}
