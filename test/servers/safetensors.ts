/**
 * A small safetensors reader/writer for the conformance servers, written from
 * the format (8-byte little-endian header length, a JSON header
 * `{name: {dtype, shape, data_offsets}, "__metadata__"?: {...}}`, then the
 * data buffer) and kept apart from src/export/safetensors.ts, so a bug there
 * cannot hide in a test that uses both. The Vector Curator doc accepts
 * "torch safetensors ".pt" one-dimensional, any length" vectors: this reads
 * exactly one 1-D F32, F64, F16 or BF16 tensor and refuses anything else.
 */

const WIDTH: Record<string, number> = { F32: 4, F64: 8, F16: 2, BF16: 2 };

/** Why a file is not a usable vector; the job fails with this message. */
export class SafetensorsError extends Error {}

const bad = (msg: string): never => {
  throw new SafetensorsError(msg);
};

function half(bits: number): number {
  const sign = bits & 0x8000 ? -1 : 1;
  const exp = (bits >> 10) & 0x1f;
  const frac = bits & 0x3ff;
  if (exp === 0) return sign * 2 ** -14 * (frac / 1024);
  if (exp === 0x1f) return frac ? Number.NaN : sign * Number.POSITIVE_INFINITY;
  return sign * 2 ** (exp - 15) * (1 + frac / 1024);
}

/** The one 1-D tensor of a safetensors file, as numbers. Throws SafetensorsError. */
export function parseVector(bytes: Uint8Array): { name: string; dtype: string; values: number[] } {
  if (bytes.length < 8) bad(`file is ${bytes.length} bytes, shorter than the 8-byte header length`);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const headerLen = Number(view.getBigUint64(0, true));
  if (headerLen <= 1 || 8 + headerLen > bytes.length) bad(`header length ${headerLen} does not fit in a ${bytes.length}-byte file`);
  let header: unknown;
  try {
    header = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes.subarray(8, 8 + headerLen)));
  } catch {
    return bad('header is not UTF-8 JSON');
  }
  if (typeof header !== 'object' || header === null || Array.isArray(header)) return bad('header is not a JSON object');
  const tensors = Object.entries(header).filter(([k]) => k !== '__metadata__');
  if (tensors.length !== 1) bad(`expected exactly one tensor, found ${tensors.length}`);
  const [name, info] = tensors[0] as [string, { dtype?: unknown; shape?: unknown; data_offsets?: unknown }];
  const dtype = String(info?.dtype);
  const width = WIDTH[dtype] ?? bad(`tensor "${name}" has dtype ${dtype}; supported: ${Object.keys(WIDTH).join(', ')}`);
  const shape = info.shape;
  if (!Array.isArray(shape) || shape.length !== 1) bad(`tensor "${name}" has shape ${JSON.stringify(shape)}; a vector is one-dimensional`);
  const n = (shape as unknown[])[0];
  if (!Number.isInteger(n) || (n as number) < 1) bad(`tensor "${name}" has length ${String(n)}; a vector needs at least one value`);
  const offs = info.data_offsets;
  const data = bytes.subarray(8 + headerLen);
  if (!Array.isArray(offs) || offs.length !== 2 || !offs.every(Number.isInteger)) return bad(`tensor "${name}" has no [begin, end] data_offsets`);
  const [begin, end] = offs as [number, number];
  if (begin < 0 || end > data.length || end - begin !== (n as number) * width) bad(`tensor "${name}": data_offsets [${begin}, ${end}] do not hold ${String(n)} ${dtype} values in a ${data.length}-byte buffer`);
  const dv = new DataView(data.buffer, data.byteOffset + begin, end - begin);
  const values = Array.from({ length: n as number }, (_, i) => {
    if (dtype === 'F32') return dv.getFloat32(i * 4, true);
    if (dtype === 'F64') return dv.getFloat64(i * 8, true);
    // BF16 is the top half of an F32.
    if (dtype === 'BF16') return new Float32Array(new Uint32Array([dv.getUint16(i * 2, true) << 16]).buffer)[0];
    return half(dv.getUint16(i * 2, true));
  });
  if (!values.every(Number.isFinite)) bad(`tensor "${name}" holds NaN or infinite values`);
  return { name, dtype, values };
}

/** A safetensors file of one 1-D F32 tensor (the header padded to 8 bytes, as the format recommends). */
export function encodeVector(values: ArrayLike<number>, name = 'vector', metadata?: Record<string, string>): Uint8Array {
  const header: Record<string, unknown> = { [name]: { dtype: 'F32', shape: [values.length], data_offsets: [0, values.length * 4] } };
  if (metadata) header.__metadata__ = metadata;
  const raw = new TextEncoder().encode(JSON.stringify(header));
  const head = new Uint8Array(raw.length + ((8 - (raw.length % 8)) % 8)).fill(0x20);
  head.set(raw);
  const out = new Uint8Array(8 + head.length + values.length * 4);
  const view = new DataView(out.buffer);
  view.setBigUint64(0, BigInt(head.length), true);
  out.set(head, 8);
  for (let i = 0; i < values.length; i++) view.setFloat32(8 + head.length + i * 4, values[i], true);
  return out;
}
