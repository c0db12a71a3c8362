/**
 * The client: a small typed facade on the main thread. It starts the engine
 * worker, runs jobs there (or on a remote JobRunner), relays progress as
 * events, and turns AbortSignals into cancel calls.
 */
import * as Comlink from 'comlink';
import { CancelledError, toCuratekitError, ValidationError, WorkerError } from '../contract/errors.js';
import type { EmbedderInfo } from '../contract/vectorizers.js';
import type { VectorizerManifest } from '../contract/vectorizers.js';
import type { FeedbackView } from '../contract/views.js';
import { createJob, type CompletedJob, type Job, type JobInputs, type JobProgress, type JobRunner, type JobRunOptions, type JobType } from '../contract/jobs.js';
import { installErrorTransfer, type BatchFolderCall, type EngineApi, type EngineInit } from '../contract/protocol.js';
import { checkEngineInit } from '../contract/engine-init.js';
import { JOB_WHERE, type JobWhere } from '../contract/job-types.js';
import { chooseWhere } from './where.js';
import { Training } from './training.js';
import { BatchFolder } from './batch-folder.js';
import type { TrainingMap, TrainingName, TrainProgress } from '../contract/training.js';
import { type ContentView, type InsightMap, type InsightName, type VectorsView } from '../contract/views.js';
import type { ArchiveIntegrity, DuplicateDecisions, DuplicateGroup, DuplicatePreview, PairAnswer, RestoreOutcome, StoredView, StoredViewName, TrashedContent } from '../contract/views.js';

/** Options of {@link createCurator}. Every field is optional. */
export interface CuratorOptions extends EngineInit {
  /**
   * A worker running the engine (`createEngineApi` exposed with Comlink), for apps
   * that bundle it themselves. @defaultValue a new module worker from curatekit's workers/curator.worker
   */
  worker?: Worker;
  /**
   * A runner for the jobs that run remotely (e.g. a Vector Curator Cloud connector):
   * the cloud-only job types with `where: 'auto'`, and any job with `where: 'remote'`.
   * Only `run` is delegated; contents, thumbnails and vectors stay local.
   * @defaultValue undefined (every job runs locally)
   */
  remote?: JobRunner;
  /**
   * Where `run` sends a job when the call does not say ({@link JobWhere}).
   * @defaultValue 'auto': locally what the engine runs, the rest on `remote`
   */
  where?: JobWhere;
}

/** Options of {@link Curator.run}: those of every runner, and where to run. */
export interface CuratorRunOptions extends JobRunOptions {
  /**
   * `'local'`, `'remote'` or `'auto'` ({@link JobWhere}); the job record's `where` says which ran it.
   * @defaultValue the client's `where` option ('auto')
   */
  where?: JobWhere;
}

/** Events a Curator dispatches (all prefixed `curate-`). */
export interface CuratorEventMap {
  'curate-job-start': CustomEvent<Job>;
  'curate-job-progress': CustomEvent<JobProgress>;
  'curate-job-end': CustomEvent<Job>;
}

let tokenCounter = 0;

const THREADS_WARNING = (n: number) =>
  `curatekit: ${n} wasm threads were asked for but the page is not cross-origin isolated, so the model runs on 1 thread. ` +
  'Serve the page with the headers Cross-Origin-Opener-Policy: same-origin and Cross-Origin-Embedder-Policy: require-corp ' +
  '(Vite: server.headers and preview.headers). warmUp() reports the threads in effect.';

export class Curator extends EventTarget implements JobRunner {
  private api: Comlink.Remote<EngineApi>;
  /** Jobs running through this client, by the id their events carry. */
  private readonly active = new Map<string, AbortController>();
  private dead: Promise<never>;
  private killWith!: (e: Error) => void;
  /** Labels, classifier training and versions, classification, label errors. */
  readonly training = new Training((name, options, signal, onProgress) => this.trainingCall(name, options, signal, onProgress));
  /**
   * The local batch folder, the browser's counterpart of the cloud's FTP folder: files added
   * (or a linked folder) are what jobs read with `download_from_batch_cloud_folder: true`,
   * until `clear_batch_folder`. Kept per database (dbName) across reloads.
   */
  readonly batchFolder = new BatchFolder(
    (call, signal, onProgress) => this.batchFolderCall(call, signal, onProgress),
    () => this.run('clear_batch_folder', null, { where: 'local' }),
  );

  /** @internal use createCurator */
  constructor(
    private worker: Worker,
    private readonly options: CuratorOptions,
    private readonly ownsWorker: boolean,
  ) {
    super();
    this.api = Comlink.wrap<EngineApi>(worker);
    this.dead = this.deathWatch(worker);
  }

  private deathWatch(worker: Worker): Promise<never> {
    const dead = new Promise<never>((_, reject) => {
      this.killWith = reject;
      worker.addEventListener('error', (e) => {
        // An error event that reached the page means the worker script itself failed.
        e.preventDefault();
        reject(new WorkerError(`engine worker failed: ${e.message || 'script error'}`));
      });
    });
    dead.catch(() => undefined);
    return dead;
  }

  /** Call the worker, failing fast if it dies meanwhile. */
  private call<R>(fn: (api: Comlink.Remote<EngineApi>) => Promise<R>): Promise<R> {
    return Promise.race([fn(this.api), this.dead]).catch((e) => {
      throw toCuratekitError(e);
    });
  }

  /** @internal */
  async init(): Promise<void> {
    const { worker: _w, remote: _r, where: _where, ...init } = this.options;
    const { crossOriginIsolated } = await this.call((api) => api.init(init));
    if ((init.threads ?? 1) > 1 && !crossOriginIsolated) console.warn(THREADS_WARNING(init.threads ?? 1));
  }

  override addEventListener<K extends keyof CuratorEventMap>(type: K, listener: (ev: CuratorEventMap[K]) => void, options?: boolean | AddEventListenerOptions): void;
  override addEventListener(type: string, listener: EventListenerOrEventListenerObject | null, options?: boolean | AddEventListenerOptions): void;
  override addEventListener(type: string, listener: EventListenerOrEventListenerObject | null, options?: boolean | AddEventListenerOptions): void {
    super.addEventListener(type, listener, options);
  }

  private emit<K extends keyof CuratorEventMap>(type: K, detail: CuratorEventMap[K]['detail']): void {
    this.dispatchEvent(new CustomEvent(type, { detail }));
  }

  /**
   * Run a job, locally or on the `remote` runner (`options.where`, default 'auto':
   * locally what the engine runs, remotely the cloud-only job types). Resolves with
   * the completed Job, whose `where` says where it ran; rejects with a typed error.
   * Progress goes to `options.onProgress` and to `curate-job-progress` events.
   *
   * @example
   * const curator = await createCurator({ remote: new VectorCuratorClient({ baseUrl, usernameOrEmail, password }) });
   * await curator.run('index', { archive: 'photos', files });            // local
   * const job = await curator.run('fine_tune_vectorizer', { content_type: 'Image', custom_vectorizer_name: 'mine', file_urls });
   * job.where; // 'remote'
   */
  async run<T extends JobType>(job_type: T, inputs: JobInputs<T>, options: CuratorRunOptions = {}): Promise<CompletedJob<T>> {
    if (typeof job_type !== 'string') throw new ValidationError('job_type', 'a job type name');
    const hasRemote = this.options.remote !== undefined;
    // A translator search runs here when the translator was fitted here: ask the engine which are.
    const translator = (inputs as { data_type_translator_name?: unknown } | null)?.data_type_translator_name;
    const translators = hasRemote && typeof translator === 'string' ? new Set((await this.training.models()).filter((m) => m.kind === 'translator').map((m) => m.name)) : new Set<string>();
    // The batch folder under auto: the local one when it holds files, else the cloud's.
    const batchAsked = job_type === 'clear_batch_folder' || (inputs as { download_from_batch_cloud_folder?: unknown } | null)?.download_from_batch_cloud_folder === true;
    const batchFiles = hasRemote && batchAsked && (options.where ?? this.options.where ?? 'auto') === 'auto' ? (await this.batchFolder.list().catch(() => undefined))?.files.length ?? 0 : 0;
    const where = chooseWhere(job_type, inputs, options.where ?? this.options.where ?? 'auto', hasRemote, { translators, batchFiles });
    const { signal, onProgress } = options;
    if (signal?.aborted) throw new CancelledError();
    if (options.id !== undefined && (typeof options.id !== 'string' || this.active.has(options.id))) throw new ValidationError('options.id', 'a string unique among running jobs');
    const id = options.id ?? `c${++tokenCounter}-${Date.now().toString(36)}`;
    const relay = (p: JobProgress) => {
      onProgress?.(p);
      this.emit('curate-job-progress', p);
    };
    // One controller per job: the caller's signal and cancel(id) both abort it.
    const controller = new AbortController();
    const onAbort = () => controller.abort(signal?.reason);
    signal?.addEventListener('abort', onAbort, { once: true });
    this.active.set(id, controller);
    const started: Job<T> = { ...createJob(id, job_type), status: 'running', started_at: Date.now(), where };
    this.emit('curate-job-start', started);
    let job: CompletedJob<T>;
    try {
      if (where === 'remote') {
        // One id from start to end (events, cancel(id)); the service's own id is kept beside it.
        const remote = await this.options.remote!.run(job_type, inputs, { signal: controller.signal, onProgress: (p) => relay({ ...p, job_id: id }) });
        job = { ...remote, id, ...(remote.id !== id ? { remote_id: remote.id } : {}), where };
      }
      else {
        const cancel = () => void this.api.cancel(id).catch(() => undefined);
        controller.signal.addEventListener('abort', cancel, { once: true });
        job = { ...((await this.call((api) => api.run(id, job_type, inputs, Comlink.proxy(relay)))) as CompletedJob<T>), where };
      }
    } catch (e) {
      const err = toCuratekitError(e);
      this.emit('curate-job-end', { ...started, status: err.code === 'cancelled' ? 'cancelled' : 'failed', error: err.toJSON(), finished_at: Date.now() });
      throw err;
    } finally {
      signal?.removeEventListener('abort', onAbort);
      this.active.delete(id);
    }
    this.emit('curate-job-end', job);
    return job;
  }

  /**
   * Cancel a job that runs through this client, whoever started it, by the id
   * of its `curate-job-start` event. Returns false when no such job is running.
   * The job's own promise rejects with CancelledError.
   */
  cancel(jobId: string): boolean {
    const c = this.active.get(jobId);
    if (!c || c.signal.aborted) return false;
    c.abort();
    return true;
  }

  /** Ids of the jobs running through this client now. */
  runningJobIds(): string[] {
    return [...this.active.keys()];
  }

  private insight<K extends InsightName>(name: K, archive: string, options: InsightMap[K]['options'], signal?: AbortSignal, onProgress?: (f: number) => void): Promise<InsightMap[K]['result']> {
    if (signal?.aborted) return Promise.reject(new CancelledError());
    const token = `i${++tokenCounter}`;
    const onAbort = () => void this.api.cancel(token).catch(() => undefined);
    signal?.addEventListener('abort', onAbort, { once: true });
    const call = this.call((api) => api.insight(token, name, archive, options, onProgress ? Comlink.proxy(onProgress) : undefined) as Promise<InsightMap[K]['result']>);
    return call.finally(() => signal?.removeEventListener('abort', onAbort));
  }

  private batchFolderCall(call: BatchFolderCall, signal?: AbortSignal, onProgress?: (done: number, total: number) => void) {
    if (signal?.aborted) return Promise.reject(new CancelledError());
    const token = `b${++tokenCounter}`;
    const onAbort = () => void this.api.cancel(token).catch(() => undefined);
    signal?.addEventListener('abort', onAbort, { once: true });
    return this.call((api) => api.batchFolder(token, call, onProgress ? Comlink.proxy(onProgress) : undefined)).finally(() => signal?.removeEventListener('abort', onAbort));
  }

  private trainingCall<K extends TrainingName>(name: K, options: TrainingMap[K]['options'], signal?: AbortSignal, onProgress?: (p: TrainProgress | number) => void): Promise<TrainingMap[K]['result']> {
    if (signal?.aborted) return Promise.reject(new CancelledError());
    const token = `t${++tokenCounter}`;
    const onAbort = () => void this.api.cancel(token).catch(() => undefined);
    signal?.addEventListener('abort', onAbort, { once: true });
    const call = this.call((api) => api.training(token, name, options, onProgress ? Comlink.proxy(onProgress) : undefined) as Promise<TrainingMap[K]['result']>);
    return call.finally(() => signal?.removeEventListener('abort', onAbort));
  }

  /**
   * Duplicate groups of an archive: each a keeper and the members that are directly its
   * duplicates (no chaining), with the evidence for each pair (bytes, pixels, perceptual hash
   * or embedding), why the keeper is kept, and related pairs to items outside the group.
   * `threshold` is a floor: no pair below it is returned, and raising it never adds a pair.
   */
  duplicates(archive: string, options: { threshold?: number; signal?: AbortSignal } = {}): Promise<DuplicateGroup[]> {
    const { signal, ...o } = options;
    return this.insight('duplicates', archive, o, signal);
  }

  /** Per-content scores in 0..1: uniqueness, representativeness (centre of a dense group = high), outlier. */
  scores(archive: string, options: { k?: number; signal?: AbortSignal } = {}): Promise<InsightMap['scores']['result']> {
    const { signal, ...o } = options;
    return this.insight('scores', archive, o, signal);
  }

  /** A 2-D map of the archive (UMAP by default, PCA on request or below 16 items). */
  map(archive: string, options: { method?: 'umap' | 'pca'; signal?: AbortSignal; onProgress?: (f: number) => void } = {}): Promise<InsightMap['map']['result']> {
    const { signal, onProgress, ...o } = options;
    return this.insight('map', archive, o, signal, onProgress);
  }

  /** Pairs near the duplicate threshold to ask a person about. */
  calibrationPairs(archive: string, options: { count?: number } = {}): Promise<InsightMap['calibrationPairs']['result']> {
    return this.insight('calibrationPairs', archive, options);
  }

  /** Refit the duplicate threshold from "same / not same" answers; reports how many groups that changes. */
  calibrateFromAnswers(archive: string, answers: { a: number; b: number; same: boolean }[]): Promise<InsightMap['calibrateFromAnswers']['result']> {
    return this.insight('calibrateFromAnswers', archive, { answers });
  }

  /**
   * Store "same" / "not same" answers on pairs (kept with the archive): a "not same" pair is
   * never a duplicate again and a "same" pair always is. Resolves to all stored decisions.
   * @throws ValidationError naming `answers[i].a` etc. for ids not in the archive; nothing is stored then.
   */
  answerPairs(archive: string, answers: PairAnswer[]): Promise<DuplicateDecisions> {
    return this.insight('answerPairs', archive, { answers });
  }

  /**
   * Make `keep` the keeper of its duplicate group (`group`: the group's ids as shown); stored with the archive.
   * @throws ValidationError('options.keep') when `keep` is not in `group`.
   */
  setKeeper(archive: string, keep: number, group: number[]): Promise<DuplicateDecisions> {
    return this.insight('setKeeper', archive, { keep, group });
  }

  /** Take back stored answers on these pairs (undo): the rule decides them again. */
  forgetAnswers(archive: string, pairs: { a: number; b: number }[]): Promise<DuplicateDecisions> {
    return this.insight('forgetAnswers', archive, { pairs });
  }

  /** Stop treating `keep` as a chosen keeper (undo of setKeeper): the suggested keeper applies again. */
  forgetKeeper(archive: string, keep: number): Promise<DuplicateDecisions> {
    return this.insight('forgetKeeper', archive, { keep });
  }

  /**
   * Check that the archive's stores agree with one another — every content once with
   * its count kept, a vector row per content, no thumbnail, file, hash, vector or label
   * left from a content that is gone, no file stored twice — in one read. `ok` with no
   * `problems` when sound. Read-only: it reports and changes nothing.
   */
  integrity(archive: string): Promise<ArchiveIntegrity> {
    return this.insight('integrity', archive, {});
  }

  /**
   * The archive's trash: contents removed (by `remove_content` or an element), kept with
   * everything they had until the trash is emptied. Most recently removed first.
   */
  trash(archive: string): Promise<TrashedContent[]> {
    return this.insight('trash', archive, {});
  }

  /**
   * Put trashed contents back under their ids, with their vectors, files and thumbnails.
   * One whose exact file was added again since is refused (`refused`, with the reason).
   * @throws NotFoundError for an id not in the trash; nothing is restored then.
   */
  restore(archive: string, ids: number[]): Promise<RestoreOutcome> {
    return this.insight('restore', archive, { ids });
  }

  /** Delete trashed contents for good (all of the archive's when `ids` is omitted). */
  emptyTrash(archive: string, ids?: number[]): Promise<{ deleted: number }> {
    return this.insight('emptyTrash', archive, ids === undefined ? {} : { ids });
  }

  /**
   * The last computed duplicates, scores or map of an archive (kept by the engine each time
   * one is computed), with `stale: true` when the archive changed since; null when none was.
   */
  storedView<K extends StoredViewName>(archive: string, name: K): Promise<Extract<StoredView, { name: K }> | null> {
    return this.insight('stored', archive, { name }) as Promise<Extract<StoredView, { name: K }> | null>;
  }

  /** The stored duplicate decisions of an archive (pair answers and chosen keepers). */
  duplicateDecisions(archive: string): Promise<DuplicateDecisions> {
    return this.insight('decisions', archive, {});
  }

  /** Nearest-neighbour similarities and, for each threshold 0.50…1.00, the groups and removals it would give. */
  duplicatePreview(archive: string, options: { signal?: AbortSignal } = {}): Promise<DuplicatePreview> {
    return this.insight('duplicatePreview', archive, {}, options.signal);
  }

  /** Load the default (or named) vectorizer now; reports the runtime and backend chosen. */
  warmUp(vectorizer?: string | null): Promise<EmbedderInfo> {
    return this.call((api) => api.warmUp(vectorizer));
  }

  /** Add a vectorizer (e.g. an ONNX CLIP encoder by URL); files are cached after the first load. */
  addVectorizer(manifest: VectorizerManifest): Promise<void> {
    return this.call((api) => api.addVectorizer(manifest));
  }

  listVectorizers(): Promise<VectorizerManifest[]> {
    return this.call((api) => api.listVectorizers());
  }

  /** Jobs run on this origin, newest first. */
  listJobs(limit?: number): Promise<Job[]> {
    return this.call((api) => api.listJobs(limit));
  }

  /** Feedback stored by send_feedback. */
  listFeedback(): Promise<FeedbackView[]> {
    return this.call((api) => api.listFeedback());
  }

  /** Contents of an archive (names, sizes, hashes, quality, thumbnails). */
  contents(archive: string, ids?: number[] | null): Promise<ContentView[]> {
    return this.call((api) => api.getContents(archive, ids));
  }

  /** Vectors of an archive as one Float32Array (ids[i] owns row i). */
  vectors(archive: string, ids?: number[] | null, vectorizer?: string | null): Promise<VectorsView> {
    return this.call((api) => api.getVectors(archive, ids, vectorizer));
  }

  /** The original file of a content (null when the archive keeps no files). */
  file(archive: string, id: number): Promise<Blob | null> {
    return this.call((api) => api.getFile(archive, id));
  }

  /** Embed images without storing them. */
  embed(files: Blob[], vectorizer?: string | null): Promise<{ vectors: Float32Array; dim: number; errors: (string | null)[] }> {
    return this.call((api) => api.embed(files, vectorizer));
  }

  /** Model-only throughput on this device (random inputs, after a warm-up), images/s. */
  measureModel(options?: { vectorizer?: string | null; batchSize?: number; seconds?: number; warmupSeconds?: number }): Promise<{ imagesPerSecond: number; images: number; seconds: number }> {
    return this.call((api) => api.measureModel(options));
  }

  /**
   * Stop the worker now (running jobs stop; committed batches stay).
   * Pending calls reject with WorkerError.
   */
  terminate(): void {
    this.killWith(new WorkerError('engine worker terminated'));
    this.api[Comlink.releaseProxy]();
    this.worker.terminate();
  }

  /** Replace a dead or terminated worker with a fresh one (own workers only). */
  async restart(): Promise<void> {
    if (!this.ownsWorker) throw new ValidationError('options.worker', 'a worker created by curatekit (restart your own worker yourself)');
    this.terminate();
    this.worker = defaultWorker();
    this.api = Comlink.wrap<EngineApi>(this.worker);
    this.dead = this.deathWatch(this.worker);
    await this.init();
  }

  /** Close the database and stop the worker. */
  async close(): Promise<void> {
    await this.call((api) => api.dispose()).catch(() => undefined);
    this.terminate();
  }
}

function defaultWorker(): Worker {
  return new Worker(new URL('../../workers/curator.worker.ts', import.meta.url), { type: 'module', name: 'curatekit-engine' });
}

/**
 * Start the engine and return a typed client.
 *
 * @example
 * const curator = await createCurator();
 * await curator.run('create_archive', { name: 'photos', content_type: 'Image' });
 * const { results } = await curator.run('index', { archive: 'photos', files }, { onProgress: (p) => bar.value = p.progress });
 */
export async function createCurator(options: CuratorOptions = {}): Promise<Curator> {
  if (typeof options !== 'object' || options === null) throw new ValidationError('options', 'an object');
  // Every option is checked here, with the rules the engine applies, before a worker starts.
  const { worker, remote, where, ...init } = options;
  checkEngineInit(init);
  if (worker !== undefined && typeof (worker as Partial<Worker> | null)?.postMessage !== 'function') throw new ValidationError('options.worker', 'a Worker');
  if (remote !== undefined && typeof (remote as Partial<JobRunner> | null)?.run !== 'function') throw new ValidationError('options.remote', 'a JobRunner (an object with run)');
  if (where !== undefined && !JOB_WHERE.includes(where)) throw new ValidationError('options.where', `one of ${JOB_WHERE.map((w) => `'${w}'`).join(', ')}`);
  if (where === 'remote' && remote === undefined) throw new ValidationError('options.where', "'remote' with a remote runner (options.remote)");
  installErrorTransfer();
  const owns = !options.worker;
  const curator = new Curator(options.worker ?? defaultWorker(), options, owns);
  try {
    await curator.init();
  } catch (e) {
    curator.terminate();
    throw e;
  }
  return curator;
}
