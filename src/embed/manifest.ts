/**
 * Vectorizer manifests: everything needed to turn pixels into the model's
 * input tensor and read its embedding. The default ships in models/vectorizers.json;
 * any ONNX image encoder (CLIP, DINOv2, ...) can be added by URL + manifest.
 */
import { ValidationError } from '../contract/errors.js';
import bundled from '../../models/vectorizers.json' with { type: 'json' };

import type { VectorizerManifest } from '../contract/vectorizers.js';
import { checkInt } from '../contract/validate.js';

const isNum = (x: unknown): x is number => typeof x === 'number' && Number.isFinite(x);
const isTriple = (x: unknown): boolean => Array.isArray(x) && x.length === 3 && x.every(isNum);

/** Check a manifest (from a user or a URL); throws ValidationError naming the field. */
export function validateManifest(m: unknown, field = 'manifest'): VectorizerManifest {
  const v = m as VectorizerManifest;
  if (typeof v !== 'object' || v === null) throw new ValidationError(field, 'an object');
  if (typeof v.id !== 'string' || !/^[A-Za-z0-9_.-]{1,64}$/.test(v.id)) throw new ValidationError(`${field}.id`, '1-64 chars of [A-Za-z0-9_.-]');
  checkInt(v.dimension, `${field}.dimension`, 1);
  const i = v.input;
  if (typeof i !== 'object' || i === null) throw new ValidationError(`${field}.input`, 'an object');
  for (const k of ['width', 'height'] as const) {
    checkInt(i[k], `${field}.input.${k}`, 8, 1024);
  }
  if (i.layout !== 'NHWC' && i.layout !== 'NCHW') throw new ValidationError(`${field}.input.layout`, 'NHWC or NCHW');
  if (!['stretch', 'center-crop', 'letterbox'].includes(i.resize)) throw new ValidationError(`${field}.input.resize`, 'stretch, center-crop or letterbox');
  if (!isNum(i.scale)) throw new ValidationError(`${field}.input.scale`, 'a finite number');
  if (!isTriple(i.mean)) throw new ValidationError(`${field}.input.mean`, '3 finite numbers');
  if (!isTriple(i.std) || i.std.some((s) => s === 0)) throw new ValidationError(`${field}.input.std`, '3 non-zero finite numbers');
  if (i.background !== undefined && !isTriple(i.background)) throw new ValidationError(`${field}.input.background`, '3 numbers 0..255');
  const runtimes = Object.entries(v.runtimes ?? {});
  if (runtimes.length === 0) throw new ValidationError(`${field}.runtimes`, 'at least one of onnx, tfjs');
  for (const [name, r] of runtimes) {
    if (name !== 'onnx' && name !== 'tfjs') throw new ValidationError(`${field}.runtimes.${name}`, 'onnx or tfjs');
    if (!Array.isArray(r?.files) || r.files.length === 0 || !r.files.every((f) => typeof f === 'string' && f.length > 0)) {
      throw new ValidationError(`${field}.runtimes.${name}.files`, 'a non-empty list of paths or URLs');
    }
    if (typeof r.output !== 'string' || r.output.length === 0) throw new ValidationError(`${field}.runtimes.${name}.output`, 'a node name');
  }
  if (!['none', 'cls', 'mean'].includes(v.pooling)) throw new ValidationError(`${field}.pooling`, 'none, cls or mean');
  if (v.normalize !== 'l2' && v.normalize !== 'none') throw new ValidationError(`${field}.normalize`, 'l2 or none');
  if (typeof v.license !== 'string' || !v.license) throw new ValidationError(`${field}.license`, 'a licence string (say "unknown" if you must)');
  return v;
}

/** The default vectorizer id. */
export const DEFAULT_VECTORIZER: string = bundled.default;

/** The manifests that ship with the package; their files resolve against `modelsBaseUrl`. */
export function bundledManifests(modelsBaseUrl: string): VectorizerManifest[] {
  return (bundled.vectorizers as unknown as VectorizerManifest[]).map((m) => ({ ...validateManifest(m), baseUrl: modelsBaseUrl }));
}

/** Absolute URL of a manifest's file. */
export function resolveFile(m: VectorizerManifest, file: string): string {
  return new URL(file, m.baseUrl ?? globalThis.location?.href).href;
}
