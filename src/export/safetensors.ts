/**
 * safetensors writer: 8-byte little-endian header length, a JSON header
 * (dtype, shape, byte offsets per tensor, string metadata), then the raw
 * little-endian tensor bytes back to back.
 */
import { ValidationError } from '../contract/errors.js';
import { writeLittleEndian, type NpyArray } from './npy.js';

export interface Tensor {
  data: NpyArray;
  shape: number[];
}

interface HeaderEntry {
  dtype: 'F32' | 'I32';
  shape: number[];
  data_offsets: [number, number];
}

/** Encode named tensors (and optional string metadata) as one .safetensors file. */
export function encodeSafetensors(tensors: Record<string, Tensor>, metadata: Record<string, string> = {}): Uint8Array {
  if (typeof tensors !== 'object' || tensors === null) throw new ValidationError('tensors', 'an object of name → { data, shape }');
  for (const [k, v] of Object.entries(metadata)) if (typeof v !== 'string') throw new ValidationError(`metadata.${k}`, 'string');
  const header: Record<string, HeaderEntry | Record<string, string>> = {};
  if (Object.keys(metadata).length) header.__metadata__ = metadata;
  const names = Object.keys(tensors).sort();
  let offset = 0;
  for (const name of names) {
    const { data, shape } = tensors[name];
    if (!(data instanceof Float32Array) && !(data instanceof Int32Array)) throw new ValidationError(`tensors.${name}.data`, 'Float32Array or Int32Array');
    if (!Array.isArray(shape) || shape.some((d) => !Number.isInteger(d) || d < 0) || shape.reduce((a, b) => a * b, 1) !== data.length) {
      throw new ValidationError(`tensors.${name}.shape`, 'ints >= 0 whose product is data.length');
    }
    header[name] = { dtype: data instanceof Float32Array ? 'F32' : 'I32', shape, data_offsets: [offset, offset + data.byteLength] };
    offset += data.byteLength;
  }
  let json = JSON.stringify(header);
  // Pad with spaces so the data starts 8-byte aligned (what the reference writer does).
  json += ' '.repeat((8 - ((8 + new TextEncoder().encode(json).length) % 8)) % 8);
  const headerBytes = new TextEncoder().encode(json);
  const out = new Uint8Array(8 + headerBytes.length + offset);
  const view = new DataView(out.buffer);
  view.setBigUint64(0, BigInt(headerBytes.length), true);
  out.set(headerBytes, 8);
  const base = 8 + headerBytes.length;
  for (const name of names) writeLittleEndian(out, base + (header[name] as HeaderEntry).data_offsets[0], tensors[name].data);
  return out;
}

/** Parse a .safetensors file with F32/I32 tensors (used to verify exports). */
export function decodeSafetensors(bytes: Uint8Array): { tensors: Record<string, Tensor>; metadata: Record<string, string> } {
  if (bytes.length < 8) throw new ValidationError('bytes', 'a .safetensors file (8-byte header length)');
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const n = Number(view.getBigUint64(0, true));
  if (8 + n > bytes.length) throw new ValidationError('bytes', 'header length within the file');
  const header = JSON.parse(new TextDecoder().decode(bytes.subarray(8, 8 + n))) as Record<string, HeaderEntry | Record<string, string>>;
  const tensors: Record<string, Tensor> = {};
  let metadata: Record<string, string> = {};
  for (const [name, entry] of Object.entries(header)) {
    if (name === '__metadata__') {
      metadata = entry as Record<string, string>;
      continue;
    }
    const e = entry as HeaderEntry;
    const [start, end] = e.data_offsets;
    const count = (end - start) / 4;
    const data = e.dtype === 'F32' ? new Float32Array(count) : new Int32Array(count);
    for (let i = 0; i < count; i++) {
      const at = 8 + n + start + i * 4;
      data[i] = e.dtype === 'F32' ? view.getFloat32(at, true) : view.getInt32(at, true);
    }
    tensors[name] = { data, shape: e.shape };
  }
  return { tensors, metadata };
}
