/**
 * The engine: runs jobs against the store and the embedders. Lives in the
 * worker; the client talks to it through the protocol in src/contract/protocol.ts.
 */
import { CancelledError, NotFoundError, toCuratekitError, ValidationError } from '../contract/errors.js';
import { Embedder, type EmbedderOptions } from '../embed/embedder.js';
import { type EmbedderInfo } from '../contract/vectorizers.js';
import { bundledManifests, DEFAULT_VECTORIZER, validateManifest } from '../embed/manifest.js';
import { type VectorizerManifest } from '../contract/vectorizers.js';
import { ArchiveStore } from '../store/store.js';
import { BatchFolder } from '../store/batch-folder.js';
import type { JobContext, HandlerTable, JobHandler } from './context.js';
import { createJob, type CompletedJob, type Job, type JobInputs, type JobRunOptions, type JobRunner, type JobType } from '../contract/jobs.js';
import { checkEngineInit } from '../contract/engine-init.js';
import { JOB_TYPES, REMOTE_ONLY_JOB_TYPES, runsLocally } from '../contract/job-types.js';
import { trainingTf } from '../embed/training-tf.js';
import { projectRows, type ProjectionWeights } from '../train/index.js';
import type { TrainedModelRecord } from '../store/schema.js';

export interface EngineOptions extends Omit<EmbedderOptions, 'signal' | 'onLoadProgress'> {
  /** IndexedDB database name. @defaultValue 'curatekit' */
  dbName?: string;
  /** Base URL of the bundled models/ folder (files in models/vectorizers.json resolve against it). */
  modelsBaseUrl: string;
  /** Exact URLs for bundled model files (path in the manifest → URL), for bundlers that fingerprint assets. */
  modelFileUrls?: Record<string, string>;
  /** Extra vectorizers (e.g. a CLIP ONNX encoder by URL). */
  vectorizers?: VectorizerManifest[];
}

let jobCounter = 0;
const newJobId = () => `job-${Date.now().toString(36)}-${(++jobCounter).toString(36)}-${Math.random().toString(36).slice(2, 8)}`;

export class Engine implements JobRunner {
  private readonly manifests = new Map<string, VectorizerManifest>();
  private readonly embedders = new Map<string, Promise<Embedder>>();
  /** Weights of the registered fine-tuned vectorizers, by name. */
  private readonly projections = new Map<string, ProjectionWeights>();
  private readonly running = new Map<string, AbortController>();
  private tfLoad?: Promise<typeof import('@tensorflow/tfjs')>;
  /** The local batch folder (the cloud's FTP folder), one per database. */
  readonly batchFolder: BatchFolder;

  private constructor(
    readonly store: ArchiveStore,
    private readonly options: EngineOptions,
    private readonly handlers: HandlerTable,
  ) {
    this.batchFolder = new BatchFolder(store.db.name);
    for (const m of bundledManifests(options.modelsBaseUrl)) {
      const files = options.modelFileUrls;
      if (files) {
        for (const r of Object.values(m.runtimes)) r.files = r.files.map((f) => files[f] ?? f);
      }
      this.manifests.set(m.id, m);
    }
    for (const m of options.vectorizers ?? []) this.addVectorizer(m);
  }

  static async open(options: EngineOptions, handlers: HandlerTable): Promise<Engine> {
    if (typeof options?.modelsBaseUrl !== 'string') throw new ValidationError('options.modelsBaseUrl', 'a URL string');
    checkEngineInit(options);
    const engine = new Engine(await ArchiveStore.open(options.dbName), options, handlers);
    // Vectorizers fine-tuned in an earlier session; one whose base is gone stays unusable, not fatal.
    for (const r of await engine.store.listModels('custom_vectorizers')) {
      if (engine.manifests.has(r.input)) engine.registerFineTuned(r);
    }
    return engine;
  }

  /**
   * Make a fine-tuned vectorizer usable by name: its manifest is its base's (same model and
   * input) with its own id, its embedder refines the base's vectors, and stored vectors of the
   * base read as its vectors (the store derives them, so no image is decoded again).
   */
  registerFineTuned(record: TrainedModelRecord): void {
    const base = this.manifest(record.input);
    const w = record.weights as ProjectionWeights;
    this.projections.set(record.output, w);
    this.manifests.set(record.output, { ...base, id: record.output, name: record.output, fineTunedFrom: base.id });
    this.embedders.delete(record.output);
    this.store.setDerived(record.output, { base: base.id, derive: (rows, n) => projectRows(w, rows, n) });
  }

  /** Register a vectorizer manifest (validated). Its files load on first use and are cached. */
  addVectorizer(manifest: VectorizerManifest): void {
    const m = validateManifest(manifest, 'vectorizer');
    this.manifests.set(m.id, { ...m, baseUrl: m.baseUrl ?? this.options.modelsBaseUrl });
    this.embedders.delete(m.id);
  }

  listVectorizers(): VectorizerManifest[] {
    return [...this.manifests.values()];
  }

  manifest(id?: string | null): VectorizerManifest {
    const m = this.manifests.get(id ?? DEFAULT_VECTORIZER);
    if (!m) throw new NotFoundError('vectorizer', id ?? DEFAULT_VECTORIZER);
    return m;
  }

  /** Forget a fine-tuned vectorizer (the caller has deleted its record). */
  unregisterFineTuned(name: string): void {
    if (!this.manifests.get(name)?.fineTunedFrom) return;
    this.manifests.delete(name);
    this.projections.delete(name);
    this.embedders.delete(name);
  }

  /** Load (once) and return the embedder of a vectorizer. A failed load is not cached. */
  embedder(id?: string | null, onLoadProgress?: (loaded: number, total: number) => void): Promise<Embedder> {
    const m = this.manifest(id);
    let e = this.embedders.get(m.id);
    const w = this.projections.get(m.id);
    if (!e && m.fineTunedFrom && w) {
      e = this.embedder(m.fineTunedFrom, onLoadProgress).then((base) => Embedder.derive(base, m, (v, n) => projectRows(w, v, n)));
      this.embedders.set(m.id, e);
      e.catch(() => this.embedders.delete(m.id));
    } else if (!e) {
      e = Embedder.create(m, { ...this.options, onLoadProgress });
      this.embedders.set(m.id, e);
      e.catch(() => this.embedders.delete(m.id));
    }
    return e;
  }

  /** tfjs for training classifier heads (loaded once; a failed load is retried next time). */
  trainingTf(): Promise<typeof import('@tensorflow/tfjs')> {
    if (!this.tfLoad) {
      this.tfLoad = trainingTf(this.options);
      this.tfLoad.catch(() => (this.tfLoad = undefined));
    }
    return this.tfLoad;
  }

  /** Load the default (or named) model now and report the runtime and backend chosen. */
  async warmUp(id?: string | null): Promise<EmbedderInfo> {
    return (await this.embedder(id)).info;
  }

  async run<T extends JobType>(job_type: T, inputs: JobInputs<T>, options: JobRunOptions = {}): Promise<CompletedJob<T>> {
    // Own keys only: a job type such as 'toString' or '__proto__' must not find Object.prototype's members.
    const handler = (typeof job_type === 'string' && Object.hasOwn(this.handlers, job_type) ? this.handlers[job_type] : undefined) as JobHandler<T> | undefined;
    if (typeof handler !== 'function') {
      if (typeof job_type === 'string' && (JOB_TYPES as readonly string[]).includes(job_type) && !runsLocally(job_type)) {
        throw new ValidationError('job_type', 'a job type the local engine runs', `${job_type} runs in Vector Curator Cloud only: ${REMOTE_ONLY_JOB_TYPES[job_type]}. Run it remotely: createCurator({ remote }) and run it with where 'remote' or 'auto'`);
      }
      const known = Object.keys(this.handlers).join(', ');
      throw new ValidationError('job_type', `one of ${known}`, `job_type "${String(job_type)}" is not runnable locally (local jobs: ${known})`);
    }
    if (options.id !== undefined && (typeof options.id !== 'string' || !/^[\w.:-]{1,100}$/.test(options.id))) throw new ValidationError('options.id', '1–100 letters, digits, _ . : -');
    if (options.id !== undefined && this.running.has(options.id)) throw new ValidationError('options.id', 'unique among running jobs');
    const job = createJob(options.id ?? newJobId(), job_type);
    const controller = new AbortController();
    const onAbort = () => controller.abort(options.signal?.reason);
    if (options.signal?.aborted) controller.abort(options.signal.reason);
    options.signal?.addEventListener('abort', onAbort, { once: true });
    this.running.set(job.id, controller);
    let lastReport = 0;
    const ctx: JobContext = {
      store: this.store,
      batchFolder: this.batchFolder,
      signal: controller.signal,
      defaultVectorizer: DEFAULT_VECTORIZER,
      progress: (fraction, message) => {
        job.progress = Math.min(1, Math.max(job.progress, fraction));
        job.message = message ?? job.message;
        const now = Date.now();
        if (options.onProgress && (now - lastReport > 80 || fraction >= 1)) {
          lastReport = now;
          options.onProgress({ job_id: job.id, job_type, progress: job.progress, message: job.message });
        }
      },
      warn: (message) => {
        job.warnings = [...(job.warnings ?? []), message];
        job.message = `warning: ${message}`;
        lastReport = Date.now();
        options.onProgress?.({ job_id: job.id, job_type, progress: job.progress, message: job.message });
      },
      embedder: (id) => this.embedder(id),
      manifest: (id) => this.manifest(id),
      tf: () => this.trainingTf(),
      registerFineTuned: (record) => this.registerFineTuned(record),
    };
    try {
      if (controller.signal.aborted) throw new CancelledError();
      job.status = 'running';
      job.started_at = Date.now();
      await this.store.saveJob(stripForStorage(job)).catch(() => undefined);
      const results = await handler(ctx, inputs);
      if (controller.signal.aborted) throw new CancelledError();
      job.results = results;
      job.status = 'completed';
      job.finished_at = Date.now();
      ctx.progress(1, 'done');
      return job as CompletedJob<T>;
    } catch (e) {
      const err = controller.signal.aborted ? new CancelledError() : toCuratekitError(e);
      job.status = err.code === 'cancelled' ? 'cancelled' : 'failed';
      job.error = err.toJSON();
      throw err;
    } finally {
      job.finished_at ??= Date.now();
      options.signal?.removeEventListener('abort', onAbort);
      this.running.delete(job.id);
      await this.store.saveJob(stripForStorage(job)).catch(() => undefined);
    }
  }

  /** Jobs run by this origin, newest first (results of big jobs are not kept). */
  listJobs(limit?: number): Promise<Job[]> {
    return this.store.listJobs(limit);
  }

  async dispose(): Promise<void> {
    for (const c of this.running.values()) c.abort();
    for (const e of this.embedders.values()) await (await e.catch(() => undefined))?.dispose();
    this.store.close();
    this.batchFolder.close();
  }
}

/** Job history keeps status and small results only (results can hold thousands of ids). */
function stripForStorage(job: Job): Job {
  const size = job.results ? JSON.stringify(job.results).length : 0;
  return { ...job, results: size > 64_000 ? null : job.results };
}
