/**
 * Which backend to run on. WebGPU only when the adapter is real hardware:
 * a software/fallback adapter (SwiftShader) is 20–90× slower than wasm.
 */

import type { BackendChoice, BackendName, GpuProbe } from '../contract/vectorizers.js';

/** Ask for a WebGPU adapter and describe it (never throws). */
export async function probeWebGPU(): Promise<GpuProbe> {
  const none: GpuProbe = { available: false, software: false, vendor: '', architecture: '', description: 'no WebGPU' };
  const gpu = (globalThis.navigator as Navigator & { gpu?: GPU })?.gpu;
  if (!gpu) return none;
  try {
    const adapter = await gpu.requestAdapter({ powerPreference: 'high-performance' });
    if (!adapter) return { ...none, description: 'no WebGPU adapter' };
    const info = adapter.info ?? ({} as GPUAdapterInfo);
    const fallback = (adapter as GPUAdapter & { isFallbackAdapter?: boolean }).isFallbackAdapter ?? (info as GPUAdapterInfo & { isFallbackAdapter?: boolean }).isFallbackAdapter ?? false;
    const architecture = info.architecture ?? '';
    const software = fallback || /swiftshader|llvmpipe|software|warp/i.test(`${architecture} ${info.vendor ?? ''} ${info.description ?? ''}`);
    return { available: true, software, vendor: info.vendor ?? '', architecture, description: info.description ?? '' };
  } catch (e) {
    return { ...none, description: `WebGPU adapter request failed: ${(e as Error).message}` };
  }
}

/** The backend `auto` resolves to for this probe. */
export function chooseBackend(choice: BackendChoice, gpu: GpuProbe): BackendName {
  if (choice !== 'auto') return choice;
  return gpu.available && !gpu.software ? 'webgpu' : 'wasm';
}

/** Threads for wasm: all cores (capped) when SharedArrayBuffer is usable, else 1. */
export function defaultThreads(): number {
  const isolated = (globalThis as { crossOriginIsolated?: boolean }).crossOriginIsolated === true;
  if (!isolated) return 1;
  return Math.max(1, Math.min(4, globalThis.navigator?.hardwareConcurrency ?? 1));
}
