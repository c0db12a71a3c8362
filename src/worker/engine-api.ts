/**
 * The engine side of the protocol: an EngineApi backed by one Engine.
 * workers/curator.worker.ts exposes it; so can a caller's own worker.
 */
import * as Comlink from 'comlink';
import { ValidationError, WorkerError } from '../contract/errors.js';
import { Engine } from '../jobs/engine.js';
import { handlers } from '../jobs/handlers/index.js';
import type { EngineApi, EngineInit } from '../contract/protocol.js';
import type { InsightMap, InsightName, StoredViewName } from '../contract/views.js';
import * as insights from '../jobs/insights.js';
import * as trash from '../jobs/trash.js';
import * as results from '../jobs/results.js';
import { training } from '../jobs/training-calls.js';

export interface WorkerDefaults {
  /** Where the bundled models/ folder is, as seen from the worker. */
  modelsBaseUrl: string;
  wasmPaths?: EngineInit['wasmPaths'];
  /** Exact URLs of bundled model files (manifest path → URL); unused when the caller sets modelsBaseUrl. */
  modelFileUrls?: Record<string, string>;
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
          // A self-hosted models folder (options.modelsBaseUrl) replaces the bundled file URLs too.
          modelFileUrls: options.modelsBaseUrl === undefined ? defaults.modelFileUrls : undefined,
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
      try {
        return await insight(need().store, name, archive, options, { signal: controller.signal, onProgress: onProgress ? (f: number) => void onProgress(f) : undefined });
      } finally {
        tokens.delete(token);
      }
    },
    async training(token, name, options, onProgress) {
      const controller = new AbortController();
      tokens.set(token, controller);
      try {
        return await training(need(), name, options, { signal: controller.signal, onProgress: onProgress ? (p) => void onProgress(p) : undefined });
      } finally {
        tokens.delete(token);
      }
    },
    cancel(token) {
      tokens.get(token)?.abort();
    },
    async batchFolder(token, call, onProgress) {
      const folder = need().batchFolder;
      const controller = new AbortController();
      tokens.set(token, controller);
      try {
        if (call?.op === 'add') await folder.add(call.files, { signal: controller.signal, onProgress: onProgress ? (d, t) => void onProgress(d, t) : undefined });
        else if (call?.op === 'link') await folder.link(call.handle);
        else if (call?.op !== 'list') throw new ValidationError('call.op', "one of 'list', 'add', 'link'");
        return await folder.listing();
      } finally {
        tokens.delete(token);
      }
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
    embed: (files, vectorizer) => embedFiles(need(), files, vectorizer),
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

type InsightRun = (store: Engine['store'], archive: string, options: never, run: insights.InsightOptions) => Promise<unknown>;

/** The archive views by name (a Map: a name from the page is never looked up on a prototype). */
const INSIGHTS = new Map<InsightName, InsightRun>([
  ['duplicates', (store, archive, options: object, run) => insights.duplicateGroups(store, archive, { ...options, ...run })],
  ['scores', (store, archive, options: object, run) => insights.archiveScores(store, archive, { ...options, ...run })],
  ['map', (store, archive, options: object, run) => insights.archiveMap(store, archive, { ...options, ...run })],
  ['calibrationPairs', (store, archive, options: { count?: number }) => insights.calibrationPairs(store, archive, options)],
  ['calibrateFromAnswers', (store, archive, options: { answers: never }) => insights.calibrateFromAnswers(store, archive, options.answers)],
  ['answerPairs', (store, archive, options: { answers: unknown }) => insights.answerPairs(store, archive, options.answers)],
  ['setKeeper', (store, archive, options: { keep?: unknown; group?: unknown }) => insights.setKeeper(store, archive, options)],
  ['forgetAnswers', (store, archive, options: { pairs?: unknown }) => insights.forgetAnswers(store, archive, options.pairs)],
  ['forgetKeeper', (store, archive, options: { keep?: unknown }) => insights.forgetKeeper(store, archive, options.keep)],
  ['integrity', (store, archive) => store.integrity(archive)],
  ['trash', (store, archive) => trash.listTrash(store, archive)],
  ['restore', (store, archive, options: { ids?: unknown }) => trash.restore(store, archive, options)],
  ['emptyTrash', (store, archive, options: { ids?: unknown }) => trash.emptyTrash(store, archive, options)],
  ['stored', (store, archive, options: { name?: unknown }) => results.storedView(store, archive, options)],
  ['decisions', async (store, archive) => insights.decisionsOf(await store.getArchive(archive))],
  ['duplicatePreview', (store, archive, _options: object, run) => insights.duplicatePreview(store, archive, run)],
]);

async function insight<K extends InsightName>(store: Engine['store'], name: K, archive: string, options: InsightMap[K]['options'], run: insights.InsightOptions): Promise<InsightMap[K]['result']> {
  const compute = INSIGHTS.get(name);
  if (!compute) throw new ValidationError('name', `one of ${[...INSIGHTS.keys()].join(', ')}`);
  const result = (await compute(store, archive, (options ?? {}) as never, run)) as InsightMap[K]['result'];
  // Kept for the next visit; a failure to keep it must not fail the view itself.
  if ((results.STORED_VIEWS as readonly string[]).includes(name)) await results.saveView(store, archive, name as StoredViewName, options ?? {}, result).catch(() => undefined);
  if (name === 'map') {
    const m = result as InsightMap['map']['result'];
    return Comlink.transfer(result, [m.x.buffer, m.y.buffer]);
  }
  return result;
}

/** Embed blobs without storing them; a file that does not decode gets its error in `errors` and a zero row. */
async function embedFiles(engine: Engine, files: Blob[], vectorizer?: string | null) {
  if (!Array.isArray(files) || files.some((f) => !(f instanceof Blob))) throw new ValidationError('files', 'a list of Blobs');
  const embedder = await engine.embedder(vectorizer);
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
}
