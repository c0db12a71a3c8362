/**
 * One vector as a ".pt" file, the way the Vector Curator docs describe it:
 * "torch safetensors ".pt" one-dimensional, any length" — a safetensors
 * file holding a single 1-D tensor. Read strictly (one tensor, offsets
 * inside the file, finite values); written as F32 with string metadata.
 */
import { ValidationError } from '../contract/errors.js';
import { encodeSafetensors } from './safetensors.js';

/** The tensor name written by {@link encodeVectorFile}; any single name is read. */
export const VECTOR_TENSOR = 'vector';

/** File names read as vectors instead of being decoded as images. */
export function isVectorFileName(name: string): boolean {
  return /\.(pt|safetensors)$/i.test(name);
}

/** Encode one vector as a .pt (safetensors) file. */
export function encodeVectorFile(vector: Float32Array, metadata: Record<string, string> = {}): Uint8Array {
  return encodeSafetensors({ [VECTOR_TENSOR]: { data: vector, shape: [vector.length] } }, metadata);
}

const SIZES: Record<string, number> = { F64: 8, F32: 4, F16: 2, BF16: 2 };

function half(bits: number): number {
  const s = bits & 0x8000 ? -1 : 1;
  const e = (bits >> 10) & 0x1f;
  const m = bits & 0x3ff;
  if (e === 0) return s * m * 2 ** -24;
  if (e === 31) return m ? NaN : s * Infinity;
  return s * (1 + m / 1024) * 2 ** (e - 15);
}

/**
 * Read the one vector of a .pt (safetensors) file: a 1-D tensor (or 1 × d)
 * of F32, F64, F16 or BF16, returned as float32.
 * @param field - the input named in errors, e.g. `inputs.files[3]`
 * @throws ValidationError naming `field` and what is wrong with the file
 */
export function decodeVectorFile(bytes: Uint8Array, field: string, name = 'the file'): Float32Array {
  const bad = (rule: string, detail: string): never => {
    throw new ValidationError(field, rule, `${field}: ${name} is not a .pt vector file: ${detail}`);
  };
  if (bytes.length < 8) bad('a safetensors file', 'shorter than the 8-byte header length');
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const n = view.getBigUint64(0, true);
  if (n > BigInt(bytes.length - 8)) bad('a safetensors file', 'its header length runs past the end');
  let header: unknown;
  try {
    header = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes.subarray(8, 8 + Number(n))));
  } catch {
    return bad('a safetensors file', 'its header is not JSON');
  }
  if (typeof header !== 'object' || header === null || Array.isArray(header)) return bad('a safetensors file', 'its header is not an object');
  const entries = Object.entries(header as Record<string, unknown>).filter(([k]) => k !== '__metadata__');
  if (entries.length !== 1) return bad('exactly one tensor', `it holds ${entries.length} tensors`);
  const e = entries[0][1] as { dtype?: unknown; shape?: unknown; data_offsets?: unknown };
  const size = typeof e.dtype === 'string' ? SIZES[e.dtype] : undefined;
  if (!size) return bad('F32, F64, F16 or BF16', `dtype ${JSON.stringify(e.dtype)}`);
  const shape = Array.isArray(e.shape) && e.shape.every((d) => Number.isInteger(d) && d >= 0) ? (e.shape as number[]) : bad('a shape of ints', 'no valid shape');
  const dims = shape.filter((d) => d !== 1);
  const length = shape.reduce((a, b) => a * b, 1);
  if (shape.length === 0 || dims.length > 1 || length === 0) bad('one-dimensional', `shape [${shape.join(', ')}]`);
  const off = e.data_offsets;
  if (!Array.isArray(off) || off.length !== 2 || !off.every((x) => Number.isInteger(x) && x >= 0)) return bad('valid data_offsets', 'no valid data_offsets');
  const [start, end] = off as [number, number];
  const base = 8 + Number(n);
  if (end - start !== length * size || base + end > bytes.length) bad('data inside the file', `offsets [${start}, ${end}] for ${length} × ${e.dtype}`);
  const out = new Float32Array(length);
  for (let i = 0; i < length; i++) {
    const at = base + start + i * size;
    const x =
      e.dtype === 'F32' ? view.getFloat32(at, true)
      : e.dtype === 'F64' ? view.getFloat64(at, true)
      : e.dtype === 'F16' ? half(view.getUint16(at, true))
      : new Float32Array(new Uint32Array([view.getUint16(at, true) << 16]).buffer)[0];
    if (!Number.isFinite(x) || !Number.isFinite(Math.fround(x))) bad('finite numbers', `element ${i} is ${x}`);
    out[i] = x;
  }
  return out;
}
