/**
 * NumPy .npy (format 1.0) writer for 1-D and 2-D little-endian arrays, so
 * exported vectors load with `numpy.load` and nothing else.
 */
import { ValidationError } from '../contract/errors.js';

export type NpyArray = Float32Array | Int32Array;

const MAGIC = [0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59]; // \x93NUMPY

function descr(a: NpyArray): string {
  return a instanceof Float32Array ? '<f4' : '<i4';
}

function checkShape(data: NpyArray, shape: number[]): void {
  if (!(data instanceof Float32Array) && !(data instanceof Int32Array)) throw new ValidationError('data', 'Float32Array or Int32Array');
  if (!Array.isArray(shape) || shape.length < 1 || shape.length > 2 || shape.some((d) => !Number.isInteger(d) || d < 0)) {
    throw new ValidationError('shape', '1 or 2 dimensions, each int >= 0');
  }
  if (shape.reduce((a, b) => a * b, 1) !== data.length) throw new ValidationError('shape', 'product of dimensions equals data.length');
}

/** Encode `data` (row-major) with the given shape as a .npy file. */
export function encodeNpy(data: NpyArray, shape: number[]): Uint8Array {
  checkShape(data, shape);
  const shapeText = shape.length === 1 ? `(${shape[0]},)` : `(${shape.join(', ')})`;
  let header = `{'descr': '${descr(data)}', 'fortran_order': False, 'shape': ${shapeText}, }`;
  // Magic(6) + version(2) + length(2) + header + '\n' must be a multiple of 64 (data alignment).
  const unpadded = 10 + header.length + 1;
  header += ' '.repeat((64 - (unpadded % 64)) % 64) + '\n';
  const out = new Uint8Array(10 + header.length + data.byteLength);
  out.set(MAGIC, 0);
  out[6] = 1;
  out[7] = 0;
  new DataView(out.buffer).setUint16(8, header.length, true);
  for (let i = 0; i < header.length; i++) out[10 + i] = header.charCodeAt(i);
  writeLittleEndian(out, 10 + header.length, data);
  return out;
}

/** Copy typed-array bytes as little-endian whatever the host order is. */
export function writeLittleEndian(out: Uint8Array, offset: number, data: NpyArray): void {
  const view = new DataView(out.buffer, out.byteOffset + offset, data.byteLength);
  if (data instanceof Float32Array) for (let i = 0; i < data.length; i++) view.setFloat32(i * 4, data[i], true);
  else for (let i = 0; i < data.length; i++) view.setInt32(i * 4, data[i], true);
}

/** Parse a .npy written by {@link encodeNpy} (used to verify exports). */
export function decodeNpy(bytes: Uint8Array): { data: NpyArray; shape: number[] } {
  if (bytes.length < 10 || MAGIC.some((b, i) => bytes[i] !== b)) throw new ValidationError('bytes', 'a .npy file (magic \\x93NUMPY)');
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const len = view.getUint16(8, true);
  const header = new TextDecoder().decode(bytes.subarray(10, 10 + len));
  const d = /'descr': '([<>|]?[a-z]\d)'/.exec(header)?.[1];
  const s = /'shape': \(([^)]*)\)/.exec(header)?.[1];
  if (!d || s === undefined || !['<f4', '<i4'].includes(d)) throw new ValidationError('bytes', "descr '<f4' or '<i4' with a shape");
  const shape = s.split(',').map((x) => x.trim()).filter(Boolean).map(Number);
  const n = shape.reduce((a, b) => a * b, 1);
  const start = 10 + len;
  const data = d === '<f4' ? new Float32Array(n) : new Int32Array(n);
  for (let i = 0; i < n; i++) data[i] = d === '<f4' ? view.getFloat32(start + i * 4, true) : view.getInt32(start + i * 4, true);
  return { data, shape };
}
