/**
 * Plain-HTTP helpers for testing the Vector Curator conformance server itself
 * (no client code from src/): log in, run a job and poll it, host files on
 * the server's download route, and build/read safetensors vectors written
 * here from the format, apart from the server's own parser.
 */
import { expect } from 'vitest';
import { DEFAULT_VC_USERS, startVectorCuratorServer, type TestServer, type VcState } from '../../servers/index.js';

export interface Status {
  status: string;
  results: Record<string, unknown> | null;
  error: string | null;
}

export interface Vc {
  server: TestServer<VcState>;
  /** Submit a job and poll it to its end. */
  job(type: string, inputs: unknown): Promise<Status>;
  /** A job that must complete; its results. */
  ok<T = Record<string, unknown>>(type: string, inputs: unknown): Promise<T>;
  /** A job that must fail; its error. */
  failure(type: string, inputs: unknown): Promise<string>;
  /** Serve bytes or text at a URL of the server's download route. */
  host(name: string, body: Uint8Array | string): string;
}

export async function startVc(): Promise<Vc> {
  const server = await startVectorCuratorServer({ queueMs: 0, runMs: 0 });
  const [alice] = DEFAULT_VC_USERS;
  const login = await fetch(`${server.url}/session/new`, { method: 'POST', headers: { username_or_email: alice.username, password: alice.password } });
  const { token } = (await login.json()) as { token: string };
  let hosted = 0;
  const job = async (type: string, inputs: unknown): Promise<Status> => {
    const res = await fetch(`${server.url}/jobs`, { method: 'POST', headers: { auth_token: token, 'content-type': 'application/json' }, body: JSON.stringify({ job_type: type, inputs }) });
    expect(res.status).toBe(200);
    const { status_endpoint } = (await res.json()) as { status_endpoint: string };
    for (;;) {
      const poll = await fetch(status_endpoint, { headers: { auth_token: token } });
      expect(poll.status).toBe(200);
      const s = (await poll.json()) as Status;
      if (s.status === 'completed' || s.status === 'failed') return s;
      await new Promise((r) => setTimeout(r, 2));
    }
  };
  return {
    server,
    job,
    async ok<T>(type: string, inputs: unknown) {
      const s = await job(type, inputs);
      expect(s.error).toBeNull();
      expect(s.status).toBe('completed');
      return s.results as T;
    },
    async failure(type: string, inputs: unknown) {
      const s = await job(type, inputs);
      expect(s.status).toBe('failed');
      expect(s.results).toBeNull();
      return s.error!;
    },
    host(name, body) {
      const id = `hosted-${++hosted}`;
      server.state.downloads.set(id, { name, body });
      return `${server.url}/downloads/${id}/${encodeURIComponent(name)}`;
    },
  };
}

/** A safetensors file of the given tensors (dtype, shape, raw little-endian bytes). */
export function safetensors(tensors: Record<string, { dtype: string; shape: number[]; data: Uint8Array }>, metadata?: Record<string, string>): Uint8Array {
  const header: Record<string, unknown> = metadata ? { __metadata__: metadata } : {};
  let offset = 0;
  for (const [name, t] of Object.entries(tensors)) {
    header[name] = { dtype: t.dtype, shape: t.shape, data_offsets: [offset, offset + t.data.length] };
    offset += t.data.length;
  }
  const head = new TextEncoder().encode(JSON.stringify(header));
  const out = new Uint8Array(8 + head.length + offset);
  new DataView(out.buffer).setBigUint64(0, BigInt(head.length), true);
  out.set(head, 8);
  let at = 8 + head.length;
  for (const t of Object.values(tensors)) {
    out.set(t.data, at);
    at += t.data.length;
  }
  return out;
}

export const f32 = (v: number[]) => new Uint8Array(Float32Array.from(v).buffer);
/** A ".pt" vector: one 1-D F32 tensor. */
export const pt = (v: number[]) => safetensors({ vector: { dtype: 'F32', shape: [v.length], data: f32(v) } });
/** What an F32 round trip makes of v (the server stores what the file holds). */
export const asF32 = (v: number[]) => Array.from(Float32Array.from(v));

/** Read a downloaded ".pt": exactly one 1-D F32 tensor. */
export function readPt(bytes: Uint8Array): number[] {
  const n = Number(new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength).getBigUint64(0, true));
  const header = JSON.parse(new TextDecoder().decode(bytes.subarray(8, 8 + n))) as Record<string, { dtype: string; shape: number[]; data_offsets: [number, number] }>;
  const tensors = Object.entries(header).filter(([k]) => k !== '__metadata__');
  expect(tensors).toHaveLength(1);
  const [, t] = tensors[0];
  expect(t.dtype).toBe('F32');
  expect(t.shape).toHaveLength(1);
  const data = bytes.slice(8 + n + t.data_offsets[0], 8 + n + t.data_offsets[1]);
  expect(data.length).toBe(t.shape[0] * 4);
  return Array.from(new Float32Array(data.buffer));
}

export const cos = (a: number[], b: number[]) => {
  const d = (x: number[], y: number[]) => x.reduce((s, v, i) => s + v * y[i], 0);
  return d(a, b) / Math.sqrt(d(a, a) * d(b, b));
};
export const unit = (a: number[]) => {
  const n = Math.sqrt(a.reduce((s, x) => s + x * x, 0));
  return a.map((x) => x / n);
};

/** A seeded PRNG (mulberry32) and helpers for planting geometry. */
export function rng(seed: number) {
  let s = seed >>> 0;
  const next = () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const gauss = () => Math.sqrt(-2 * Math.log(1 - next())) * Math.cos(2 * Math.PI * next());
  return { next, gauss, direction: (dim: number) => unit(Array.from({ length: dim }, gauss)), near: (c: number[], noise: number) => c.map((x) => x + noise * gauss()) };
}
