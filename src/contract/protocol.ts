/**
 * The one protocol between the client (page) and the engine (worker).
 * Everything crossing it is structured-cloneable; big buffers are transferred.
 */
import * as Comlink from 'comlink';
import { CuratekitError, errorFromJSON, isErrorJSON, WorkerError, type ErrorJSON } from './errors.js';
import type { BackendChoice, EmbedderInfo, RuntimeName, VectorizerManifest, WasmPaths } from './vectorizers.js';
import type { BatchFolderListing, ContentView, FeedbackView, InsightMap, InsightName, VectorsView } from './views.js';
import type { CompletedJob, Job, JobInputs, JobProgress, JobType } from './jobs.js';
import type { TrainingMap, TrainingName, TrainProgress } from './training.js';

/** Engine settings sent to the worker at start. See CuratorOptions for the documented defaults. */
export interface EngineInit {
  dbName?: string;
  modelsBaseUrl?: string;
  runtime?: RuntimeName;
  backend?: BackendChoice;
  threads?: number;
  batchSize?: number;
  wasmPaths?: WasmPaths;
  vectorizers?: VectorizerManifest[];
  /**
   * Watchdog, ms: longest a runtime may take to start on a downloaded model (wasm
   * threads spawned, session built), and longest a model download may go without
   * receiving a byte, before warmUp() rejects with a ModelError instead of waiting
   * forever. A slow download that keeps receiving goes on. @defaultValue 60000
   */
  startupTimeoutMs?: number;
}


/** An operation on the local batch folder (see Curator.batchFolder). */
export type BatchFolderCall =
  | { op: 'list' }
  | { op: 'add'; files: { name: string; blob: Blob }[] }
  | { op: 'link'; handle: FileSystemDirectoryHandle | null };

/** What the worker exposes. */
export interface EngineApi {
  init(options: EngineInit): Promise<{ vectorizers: VectorizerManifest[]; crossOriginIsolated: boolean }>;
  /** Run a job; `token` names it for cancel() and becomes the job's id. */
  run<T extends JobType>(token: string, job_type: T, inputs: JobInputs<T>, onProgress?: (p: JobProgress) => void): Promise<CompletedJob<T>>;
  cancel(token: string): void;
  /** The local batch folder: list, add files, link a picked folder; `token` names an add for cancel(). Resolves with the listing after. */
  batchFolder(token: string, call: BatchFolderCall, onProgress?: (done: number, total: number) => void): Promise<BatchFolderListing>;
  /** Compute an archive view; `token` names it for cancel(). */
  insight<K extends InsightName>(token: string, name: K, archive: string, options: InsightMap[K]['options'], onProgress?: (fraction: number) => void): Promise<InsightMap[K]['result']>;
  /** Labels, classifier training and classification; `token` names it for cancel(). Progress: TrainProgress per epoch (train) or a fraction. */
  training<K extends TrainingName>(token: string, name: K, options: TrainingMap[K]['options'], onProgress?: (p: TrainProgress | number) => void): Promise<TrainingMap[K]['result']>;
  /** Load a model now and report runtime/backend. */
  warmUp(vectorizer?: string | null): Promise<EmbedderInfo>;
  addVectorizer(manifest: VectorizerManifest): Promise<void>;
  listVectorizers(): Promise<VectorizerManifest[]>;
  listJobs(limit?: number): Promise<Job[]>;
  listFeedback(): Promise<FeedbackView[]>;
  getContents(archive: string, ids?: number[] | null): Promise<ContentView[]>;
  getVectors(archive: string, ids?: number[] | null, vectorizer?: string | null): Promise<VectorsView>;
  getFile(archive: string, id: number): Promise<Blob | null>;
  /** Embed images without storing them (for previews and benchmarks). */
  embed(files: Blob[], vectorizer?: string | null): Promise<{ vectors: Float32Array; dim: number; errors: (string | null)[] }>;
  /** Model-only throughput (images/s) on this device, after a warm-up. */
  measureModel(options?: { vectorizer?: string | null; batchSize?: number; seconds?: number; warmupSeconds?: number }): Promise<{ imagesPerSecond: number; images: number; seconds: number }>;
  dispose(): Promise<void>;
}

let installed = false;

/** Make thrown errors keep their type across the worker boundary (both sides call this). */
export function installErrorTransfer(): void {
  if (installed) return;
  installed = true;
  const original = Comlink.transferHandlers.get('throw')!;
  Comlink.transferHandlers.set('throw', {
    canHandle: original.canHandle,
    serialize({ value }: { value: unknown }) {
      if (value instanceof CuratekitError) return [{ curatekit: value.toJSON() }, []];
      return original.serialize({ value } as never);
    },
    deserialize(serialized: unknown) {
      const s = serialized as { curatekit?: ErrorJSON };
      if (s && isErrorJSON(s.curatekit)) throw errorFromJSON(s.curatekit);
      try {
        return original.deserialize(serialized as never);
      } catch (e) {
        throw e instanceof CuratekitError ? e : new WorkerError((e as Error)?.message ?? String(e));
      }
    },
  } as Comlink.TransferHandler<unknown, unknown>);
}
