/**
 * Weight decoding for TF.js graph models, bit-for-bit as `tf.io.decodeWeights`
 * (tfjs-core 4.x io_utils): shards are concatenated in manifest order, uint8 /
 * uint16 quantized values become `q * scale + min` rounded once to float32, and
 * float16 goes through the same table decoder TF.js uses.
 * Decoding is lazy so that pruned weights are never dequantized.
 */
import { ModelError, ValidationError } from '../../src/contract/errors.js';
import type { TfWeightEntry, TfWeightGroup } from './tfjs-types.js';
import { sizeOf, type ConstTensor } from './tensor.js';

/** Weight bytes: one buffer (all shards joined) or the shards in manifest order. */
export type WeightData = ArrayBuffer | ArrayBufferView | readonly (ArrayBuffer | ArrayBufferView)[];

const BYTES: Record<string, number> = { float32: 4, int32: 4, bool: 1, uint8: 1, uint16: 2, float16: 2, complex64: 8 };

interface Located {
  readonly spec: TfWeightEntry;
  readonly offset: number;
  readonly byteLength: number;
}

function asBytes(part: ArrayBuffer | ArrayBufferView): Uint8Array {
  if (part instanceof ArrayBuffer) return new Uint8Array(part);
  if (ArrayBuffer.isView(part)) return new Uint8Array(part.buffer, part.byteOffset, part.byteLength);
  throw new ValidationError('weightData', 'ArrayBuffer, typed array, or an array of them');
}

/** Join weight shards into one byte array (no copy when there is a single part). */
export function joinWeightData(data: WeightData): Uint8Array {
  if (!Array.isArray(data)) return asBytes(data as ArrayBuffer | ArrayBufferView);
  const parts = (data as readonly (ArrayBuffer | ArrayBufferView)[]).map(asBytes);
  if (parts.length === 1) return parts[0];
  const out = new Uint8Array(parts.reduce((s, p) => s + p.byteLength, 0));
  let o = 0;
  for (const p of parts) {
    out.set(p, o);
    o += p.byteLength;
  }
  return out;
}

let float16Tables: { mantissa: Uint32Array; exponent: Uint32Array; offset: Uint32Array } | undefined;

/** The lookup tables of tfjs-core's getFloat16Decoder (fox-toolkit half→float). */
function halfTables(): NonNullable<typeof float16Tables> {
  if (float16Tables) return float16Tables;
  const mantissa = new Uint32Array(2048);
  for (let i = 1; i < 1024; i++) {
    let m = i << 13;
    let e = 0;
    while ((m & 0x00800000) === 0) {
      e -= 0x00800000;
      m <<= 1;
    }
    m &= ~0x00800000;
    e += 0x38800000;
    mantissa[i] = m | e;
  }
  for (let i = 1024; i < 2048; i++) mantissa[i] = 0x38000000 + ((i - 1024) << 13);
  const exponent = new Uint32Array(64);
  exponent[31] = 0x47800000;
  exponent[32] = 0x80000000;
  exponent[63] = 0xc7800000;
  for (let i = 1; i < 31; i++) exponent[i] = i << 23;
  for (let i = 33; i < 63; i++) exponent[i] = 0x80000000 + ((i - 32) << 23);
  const offset = new Uint32Array(64).fill(1024);
  offset[0] = offset[32] = 0;
  float16Tables = { mantissa, exponent, offset };
  return float16Tables;
}

/** Decode IEEE half floats exactly as TF.js does. */
export function decodeFloat16(halves: Uint16Array): Float32Array {
  const { mantissa, exponent, offset } = halfTables();
  const bits = new Uint32Array(halves.length);
  for (let i = 0; i < halves.length; i++) {
    const h = halves[i];
    bits[i] = mantissa[offset[h >> 10] + (h & 0x3ff)] + exponent[h >> 10];
  }
  return new Float32Array(bits.buffer);
}

/** Byte length of one weight in the joined buffer; strings need a walk over their length prefixes. */
function byteLengthOf(spec: TfWeightEntry, bytes: Uint8Array, offset: number): number {
  const size = sizeOf(spec.shape);
  if (spec.quantization) {
    const b = BYTES[spec.quantization.dtype];
    if (b === undefined) throw new ModelError(`weight "${spec.name}": unknown quantization dtype ${spec.quantization.dtype}`, { weight: spec.name });
    return size * b;
  }
  if (spec.dtype === 'string') {
    const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    let len = 0;
    for (let i = 0; i < size; i++) {
      if (offset + len + 4 > bytes.byteLength) break;
      len += 4 + view.getUint32(offset + len, true);
    }
    return len;
  }
  const b = BYTES[spec.dtype];
  if (b === undefined) throw new ModelError(`weight "${spec.name}": unsupported dtype ${spec.dtype}`, { weight: spec.name });
  return size * b;
}

/** Copy a slice so typed-array views start aligned. */
function sliceBuffer(bytes: Uint8Array, offset: number, length: number): ArrayBuffer {
  return bytes.slice(offset, offset + length).buffer;
}

function decode(spec: TfWeightEntry, raw: ArrayBuffer): ConstTensor {
  const shape = [...spec.shape];
  const q = spec.quantization;
  const fail = (why: string): never => {
    throw new ModelError(`weight "${spec.name}": ${why}`, { weight: spec.name });
  };
  if (q) {
    if (q.dtype === 'float16') {
      if (spec.dtype !== 'float32') fail(`float16 quantization needs dtype float32, got ${spec.dtype}`);
      return { dtype: 'float32', shape, data: decodeFloat16(new Uint16Array(raw)) };
    }
    if (typeof q.min !== 'number' || typeof q.scale !== 'number') fail(`${q.dtype} quantization without min and scale`);
    const quantized = q.dtype === 'uint8' ? new Uint8Array(raw) : new Uint16Array(raw);
    const { min, scale } = q as { min: number; scale: number };
    if (spec.dtype === 'float32') {
      const out = new Float32Array(quantized.length);
      // Same expression as TF.js: computed in double, rounded once on store.
      for (let i = 0; i < quantized.length; i++) out[i] = quantized[i] * scale + min;
      return { dtype: 'float32', shape, data: out };
    }
    if (spec.dtype === 'int32') {
      const out = new Int32Array(quantized.length);
      for (let i = 0; i < quantized.length; i++) out[i] = Math.round(quantized[i] * scale + min);
      return { dtype: 'int32', shape, data: out };
    }
    return fail(`quantized weights of dtype ${spec.dtype} are not supported`);
  }
  if (spec.dtype === 'float32') return { dtype: 'float32', shape, data: new Float32Array(raw) };
  if (spec.dtype === 'int32') return { dtype: 'int32', shape, data: new Int32Array(raw) };
  if (spec.dtype === 'bool') return { dtype: 'bool', shape, data: new Uint8Array(raw) };
  return fail(`dtype ${spec.dtype} is not supported by the converter`);
}

/** Lazily decoded weights of one model, looked up by weight (= Const node) name. */
export class WeightStore {
  private readonly bytes: Uint8Array;
  private readonly located = new Map<string, Located>();
  private readonly cache = new Map<string, ConstTensor>();
  /** Total bytes the manifest describes. */
  readonly byteLength: number;

  constructor(manifest: readonly TfWeightGroup[], data: WeightData) {
    this.bytes = joinWeightData(data);
    let offset = 0;
    for (const group of manifest) {
      for (const spec of group.weights) {
        const byteLength = byteLengthOf(spec, this.bytes, offset);
        this.located.set(spec.name, { spec, offset, byteLength });
        offset += byteLength;
      }
    }
    this.byteLength = offset;
    if (offset !== this.bytes.byteLength) {
      throw new ValidationError(
        'weightData',
        `byteLength equal to the manifest total (${offset})`,
        `weightData: the manifest describes ${offset} bytes but ${this.bytes.byteLength} were given`,
      );
    }
  }

  /** Whether the manifest has a weight of this name. */
  has(name: string): boolean {
    return this.located.has(name);
  }

  /** The decoded weight, or undefined when the manifest has none of that name. */
  get(name: string): ConstTensor | undefined {
    const hit = this.cache.get(name);
    if (hit) return hit;
    const loc = this.located.get(name);
    if (!loc) return undefined;
    const t = decode(loc.spec, sliceBuffer(this.bytes, loc.offset, loc.byteLength));
    this.cache.set(name, t);
    return t;
  }
}
