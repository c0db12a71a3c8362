/**
 * Vectorizers and the runtime that runs them, as every layer names them:
 * the manifest (models/vectorizers.json), the backend choice and the report
 * warmUp() gives. The embed layer validates and runs these; the client and
 * the components only pass them along.
 */

/** Inference runtime of a vectorizer. */
export type RuntimeName = 'onnx' | 'tfjs';

/** Backend a runtime executes on. */
export type BackendName = 'webgpu' | 'wasm' | 'webgl' | 'cpu';
/** What the caller asks for: `auto` = WebGPU on a real (non-software) GPU, else wasm. */
export type BackendChoice = 'auto' | BackendName;

export interface InputSpec {
  width: number;
  height: number;
  /** Tensor layout the model expects. */
  layout: 'NHWC' | 'NCHW';
  /**
   * How the image is brought to width × height.
   * - stretch: ignore aspect ratio (what the default model was measured with)
   * - center-crop: scale the short side, crop the middle (CLIP, DINOv2)
   * - letterbox: scale the long side, pad with `background`
   */
  resize: 'stretch' | 'center-crop' | 'letterbox';
  /** RGB that transparent pixels are flattened onto, 0..255. @defaultValue [255,255,255] */
  background?: [number, number, number];
  /** Pixel values are multiplied by this first (1/255 → 0..1). */
  scale: number;
  /** Per-channel mean subtracted after scaling. */
  mean: [number, number, number];
  /** Per-channel std divided by after mean subtraction. */
  std: [number, number, number];
}

export interface RuntimeSpec {
  /** Model files (relative to the manifest's base URL, or absolute URLs). ONNX: one file; TF.js: model.json (shards resolved next to it). */
  files: string[];
  /** Input tensor name (ONNX). @defaultValue the model's first input */
  input?: string;
  /** Output tensor / node name holding the embedding. */
  output: string;
}

/** Everything needed to turn pixels into the model's input tensor and read its embedding. */
export interface VectorizerManifest {
  id: string;
  name: string;
  dimension: number;
  input: InputSpec;
  runtimes: Partial<Record<RuntimeName, RuntimeSpec>>;
  /**
   * How a multi-token output becomes one vector: none (already [N, D]),
   * cls (token 0 of [N, T, D]), mean (mean over tokens).
   */
  pooling: 'none' | 'cls' | 'mean';
  /** Embeddings are L2-normalised before storage (cosine = dot). */
  normalize: 'l2' | 'none';
  license: string;
  source?: string;
  /** Base URL the relative file paths resolve against (set when loaded). */
  baseUrl?: string;
  /** Set on a vectorizer fine-tuned in this browser: the vectorizer it refines (its files and input are that one's). */
  fineTunedFrom?: string;
}

/** Where each runtime's .wasm files are (URLs). Needed when a bundler does not emit them next to the runtime. */
export interface WasmPaths {
  /** onnxruntime-web wasm-only build: ort-wasm-simd-threaded.wasm */
  ortWasm?: string;
  /** onnxruntime-web WebGPU build: ort-wasm-simd-threaded.asyncify.wasm */
  ortWebgpuWasm?: string;
  /**
   * onnxruntime-web wasm-only build's loader: ort-wasm-simd-threaded.mjs. Given as its own
   * file so onnxruntime's thread workers start from it, not from the bundle that inlined it.
   */
  ortMjs?: string;
  /** onnxruntime-web WebGPU build's loader: ort-wasm-simd-threaded.asyncify.mjs */
  ortWebgpuMjs?: string;
  /** @tensorflow/tfjs-backend-wasm: file name → URL */
  tfjs?: Record<'tfjs-backend-wasm.wasm' | 'tfjs-backend-wasm-simd.wasm' | 'tfjs-backend-wasm-threaded-simd.wasm', string>;
}

/** The WebGPU adapter as the engine saw it. */
export interface GpuProbe {
  available: boolean;
  /** True for SwiftShader and other software/fallback adapters. */
  software: boolean;
  vendor: string;
  architecture: string;
  description: string;
}

/** What the engine reports about the model it runs. */
export interface EmbedderInfo {
  vectorizer: string;
  dimension: number;
  runtime: RuntimeName;
  backend: BackendName;
  /** Wasm threads really in effect (1 without cross-origin isolation; 0 on WebGPU). */
  threads: number;
  /** Threads asked for (options.threads or the default). */
  threadsRequested: number;
  /** Wasm SIMD available. */
  simd: boolean;
  gpu: GpuProbe;
  crossOriginIsolated: boolean;
}
