/**
 * The export bundle of a kept set, as one zip:
 *   files/<name>            the original files (stored: images are already compressed)
 *   files/example_to_labels.json   file name → labels, when any item is labelled: the folder is then
 *                           a Vector Curator fine-tuning dataset as documented (host it, pass file_urls)
 *   or, with layout 'by-label', files/<label>/<name> (a folder per label, the ImageFolder layout of
 *                           Keras, torchvision and Teachable Machine; a multi-label item is in each)
 *   manifest.json           one entry per item (id, name, file(s), label(s), cluster, scores)
 *   vectors.npy, ids.npy    float32 [n, dim] and int32 [n] (row i belongs to ids[i])
 *   vectors.safetensors     the same two tensors ("vectors", "ids") with metadata
 * Built with fflate's streaming Zip on the calling thread (no blob workers, so it runs under a strict CSP).
 */
import { Zip, ZipDeflate, ZipPassThrough } from 'fflate';
import { ValidationError } from '../contract/errors.js';
import { encodeNpy } from './npy.js';
import { encodeSafetensors } from './safetensors.js';
import { safeFileName } from './files.js';
import { FileLayout, LABELS_FILE, type ExportLayout } from './layout.js';
import { checkInt } from '../contract/validate.js';

export interface ExportItem {
  id: number;
  name: string;
  /** The original file; null when the archive kept none (the manifest says so). */
  blob: Blob | null;
  label?: string | null;
  /** Every label of a multi-label item (the first is `label`). @defaultValue [label] when label is set */
  labels?: string[] | null;
  cluster?: string | null;
  /** Extra per-item values (scores, sizes) copied into the manifest. */
  extra?: Record<string, string | number | boolean | null>;
}

export interface ExportVectors {
  vectorizer: string;
  dim: number;
  ids: Int32Array;
  data: Float32Array;
}

export type { ExportLayout } from './layout.js';

export interface ExportManifest {
  format: 'curatekit-export';
  version: 1;
  archive: string;
  created_at: string;
  vectorizer: string | null;
  dim: number | null;
  layout: ExportLayout;
  items: ({ id: number; name: string; file: string | null; files: string[]; label: string | null; labels: string[]; cluster: string | null } & Record<string, unknown>)[];
}

export interface ExportOptions {
  archive: string;
  /** Vectors of the items (rows for other ids are dropped). @defaultValue none: no vector files */
  vectors?: ExportVectors | null;
  /** How files are laid out. @defaultValue 'flat' */
  layout?: ExportLayout;
  /** @defaultValue new Date() */
  now?: Date;
}

function labelsOf(it: ExportItem): string[] {
  const all = [...(it.label ? [it.label] : []), ...(it.labels ?? [])].map((l) => l.trim()).filter((l) => l !== '');
  return [...new Set(all)];
}

function checkItems(items: unknown): ExportItem[] {
  if (!Array.isArray(items)) throw new ValidationError('items', 'array of { id, name, blob }');
  items.forEach((it, i) => {
    if (typeof it !== 'object' || it === null) throw new ValidationError(`items[${i}]`, 'object');
    checkInt(it.id, `items[${i}].id`, 0);
    if (typeof it.name !== 'string') throw new ValidationError(`items[${i}].name`, 'string');
    if (it.blob !== null && !(it.blob instanceof Blob)) throw new ValidationError(`items[${i}].blob`, 'Blob or null');
    if (it.labels != null && (!Array.isArray(it.labels) || it.labels.some((l: unknown) => typeof l !== 'string'))) throw new ValidationError(`items[${i}].labels`, 'array of strings or null');
  });
  return items as ExportItem[];
}

/** Rows of `vectors` for `ids`, in that order (ids without a vector are left out). */
function pickRows(vectors: ExportVectors, ids: number[]): { ids: Int32Array; data: Float32Array } {
  const row = new Map<number, number>();
  vectors.ids.forEach((id, i) => row.set(id, i));
  const kept = ids.filter((id) => row.has(id));
  const data = new Float32Array(kept.length * vectors.dim);
  kept.forEach((id, i) => data.set(vectors.data.subarray(row.get(id)! * vectors.dim, (row.get(id)! + 1) * vectors.dim), i * vectors.dim));
  return { ids: Int32Array.from(kept), data };
}

/** Build the export zip. Resolves with the zip Blob and the manifest written into it. */
export async function buildExportZip(items: ExportItem[], options: ExportOptions): Promise<{ zip: Blob; manifest: ExportManifest }> {
  const list = checkItems(items);
  if (typeof options !== 'object' || options === null || typeof options.archive !== 'string' || options.archive === '') {
    throw new ValidationError('options.archive', 'non-empty string');
  }
  const layout = options.layout ?? 'flat';
  if (layout !== 'flat' && layout !== 'by-label') throw new ValidationError('options.layout', "'flat' or 'by-label'");
  const vectors = options.vectors ?? null;
  if (vectors && (!(vectors.data instanceof Float32Array) || !(vectors.ids instanceof Int32Array) || vectors.data.length !== vectors.ids.length * vectors.dim)) {
    throw new ValidationError('options.vectors', '{ ids: Int32Array, data: Float32Array of ids.length × dim }');
  }
  const chunks: Uint8Array[] = [];
  let failure: Error | null = null;
  const zip = new Zip((err, chunk) => {
    if (err) failure = err;
    else chunks.push(chunk);
  });
  const files = new FileLayout(layout);
  const manifest: ExportManifest = {
    format: 'curatekit-export',
    version: 1,
    archive: options.archive,
    created_at: (options.now ?? new Date()).toISOString(),
    vectorizer: vectors?.vectorizer ?? null,
    dim: vectors?.dim ?? null,
    layout,
    items: [],
  };
  for (const it of list) {
    const labels = labelsOf(it);
    let paths: string[] = [];
    if (it.blob) {
      const bytes = new Uint8Array(await it.blob.arrayBuffer());
      paths = files.place(safeFileName(it.name, `content-${it.id}`), labels);
      for (const path of paths) {
        const entry = new ZipPassThrough(path);
        zip.add(entry);
        entry.push(bytes, true);
      }
    }
    manifest.items.push({ ...it.extra, id: it.id, name: it.name, file: paths[0] ?? null, files: paths, label: labels[0] ?? null, labels, cluster: it.cluster ?? null });
  }
  const labelsFile = files.labelsFile();
  if (labelsFile) addDeflated(zip, `files/${LABELS_FILE}`, labelsFile);
  if (vectors) {
    const rows = pickRows(vectors, list.map((it) => it.id));
    const shape = [rows.ids.length, vectors.dim];
    addDeflated(zip, 'vectors.npy', encodeNpy(rows.data, shape));
    addDeflated(zip, 'ids.npy', encodeNpy(rows.ids, [rows.ids.length]));
    const meta = { format: 'curatekit-export', archive: options.archive, vectorizer: vectors.vectorizer };
    addDeflated(zip, 'vectors.safetensors', encodeSafetensors({ vectors: { data: rows.data, shape }, ids: { data: rows.ids, shape: [rows.ids.length] } }, meta));
  }
  addDeflated(zip, 'manifest.json', new TextEncoder().encode(JSON.stringify(manifest, null, 1)));
  zip.end();
  if (failure) throw failure;
  return { zip: new Blob(chunks as BlobPart[], { type: 'application/zip' }), manifest };
}

function addDeflated(zip: Zip, name: string, bytes: Uint8Array): void {
  const entry = new ZipDeflate(name, { level: 6 });
  zip.add(entry);
  entry.push(bytes, true);
}
