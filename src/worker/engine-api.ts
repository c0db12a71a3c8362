/**
 * The engine side of the protocol: an EngineApi backed by one Engine.
 * workers/curator.worker.ts exposes it; so can a caller's own worker.
 */
import * as Comlink from 'comlink';
import { ValidationError, WorkerError } from '../contract/errors.js';
import { Engine } from '../jobs/engine.js';
import { handlers } from '../jobs/handlers/index.js';
import type { EngineApi, EngineInit, InsightName } from '../contract/protocol.js';
import * as insights from '../jobs/insights.js';

export interface WorkerDefaults {
  /** Where the bundled models/ folder is, as seen from the worker. */
  modelsBaseUrl: string;
  wasmPaths?: EngineInit['wasmPaths'];
}

export function createEngineApi(defaults: WorkerDefaults): EngineApi {
  let engine: Engine | undefined;
  const tokens = new Map<string, AbortController>();
  const need = (): Engine => {
    if (!engine) throw new WorkerError('engine not initialised: call init() first');
    return engine;
  };
  const archiveId = async (name: string) => (await need().store.getArchive(name)).id;

  return {
    async init(options) {
      if (engine) await engine.dispose();
      engine = await Engine.open(
        {
          ...options,
          modelsBaseUrl: options.modelsBaseUrl ?? defaults.modelsBaseUrl,
          wasmPaths: { ...defaults.wasmPaths, ...options.wasmPaths },
        },
        handlers,
      );
      return { vectorizers: engine.listVectorizers(), crossOriginIsolated: (globalThis as { crossOriginIsolated?: boolean }).crossOriginIsolated === true };
    },
    async run(token, job_type, inputs, onProgress) {
      const controller = new AbortController();
      tokens.set(token, controller);
      try {
        const job = await need().run(job_type, inputs, { id: token, signal: controller.signal, onProgress: onProgress ? (p) => void onProgress(p) : undefined });
        return job;
      } finally {
        tokens.delete(token);
        if (onProgress) (onProgress as unknown as { [Comlink.releaseProxy]?: () => void })[Comlink.releaseProxy]?.();
      }
    },
    async insight(token, name, archive, options, onProgress) {
      const controller = new AbortController();
      tokens.set(token, controller);
      const store = need().store;
      const o = { ...(options as object), signal: controller.signal, onProgress: onProgress ? (f: number) => void onProgress(f) : undefined };
      const run: Record<InsightName, () => Promise<unknown>> = {
        duplicates: () => insights.duplicateGroups(store, archive, o),
        scores: () => insights.archiveScores(store, archive, o),
        map: () => insights.archiveMap(store, archive, o),
        calibrationPairs: () => insights.calibrationPairs(store, archive, options as { count?: number }),
        calibrateFromAnswers: () => insights.calibrateFromAnswers(store, archive, (options as { answers: never }).answers),
      };
      if (!(name in run)) throw new ValidationError('name', `one of ${Object.keys(run).join(', ')}`);
      try {
        const result = await run[name]();
        if (name === 'map') {
          const m = result as { x: Float32Array; y: Float32Array };
          return Comlink.transfer(result, [m.x.buffer, m.y.buffer]) as never;
        }
        return result as never;
      } finally {
        tokens.delete(token);
      }
    },
    cancel(token) {
      tokens.get(token)?.abort();
    },
    warmUp: (vectorizer) => need().warmUp(vectorizer),
    async addVectorizer(manifest) {
      need().addVectorizer(manifest);
    },
    async listVectorizers() {
      return need().listVectorizers();
    },
    listJobs: (limit) => need().listJobs(limit),
    listFeedback: () => need().store.listFeedback(),
    async getContents(archive, ids) {
      const records = await need().store.getContents(await archiveId(archive), ids ?? null);
      return records.map(({ archive_id: _a, ...c }) => c);
    },
    async getVectors(archive, ids, vectorizer) {
      const a = await need().store.getArchive(archive);
      const v = await need().store.loadVectors(a.id, vectorizer ?? a.parameters.default_vectorizer, ids ?? undefined);
      return Comlink.transfer({ vectorizer: v.vectorizer, dim: v.dim, ids: v.ids, data: v.data }, [v.ids.buffer, v.data.buffer]);
    },
    async getFile(archive, id) {
      const aid = await archiveId(archive);
      await need().store.getContents(aid, [id], { thumbnails: false });
      return (await need().store.getFile(aid, id)) ?? null;
    },
    async embed(files, vectorizer) {
      if (!Array.isArray(files) || files.some((f) => !(f instanceof Blob))) throw new ValidationError('files', 'a list of Blobs');
      const embedder = await need().embedder(vectorizer);
      const dim = embedder.manifest.dimension;
      const vectors = new Float32Array(files.length * dim);
      const errors: (string | null)[] = files.map(() => null);
      for await (const batch of embedder.embed(files.map((blob, i) => ({ blob, tag: i })))) {
        for (const it of batch.items) {
          if (it.error) errors[it.tag] = it.error;
          else vectors.set(batch.vectors.subarray(it.row! * dim, (it.row! + 1) * dim), it.tag * dim);
        }
      }
      return Comlink.transfer({ vectors, dim, errors }, [vectors.buffer]);
    },
    async measureModel(options = {}) {
      return (await need().embedder(options.vectorizer)).measure(options);
    },
    async dispose() {
      for (const c of tokens.values()) c.abort();
      await engine?.dispose();
      engine = undefined;
    },
  };
}
