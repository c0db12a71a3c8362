/**
 * Conformance server for DeepVA (shared/api-docs/deepva.txt): jobs (create,
 * read, list, detailed results) that go waiting → running → completed with
 * progress 0 → 1, and multipart storage upload returning storage:// URLs.
 * Errors carry the documented names (400 BadRequest, 401 NotAuthenticated,
 * 404 NotFound, 405 MethodNotAllowed, 500 GeneralError): `{"error", "message"}`.
 *
 * Independent of what a client guesses: a job's results come from the media
 * behind its sources (stored uploads, or URLs fetched from `state.web`), read
 * when it is processed; a source that cannot be loaded or is not a supported
 * media type fails the job. Media type and labels come from the bytes, never
 * from a URL's text. Jobs and stored files belong to the key that made them;
 * every request and answer is held to deepva-schema.ts.
 */
import type { ValidateFunction } from 'ajv';
import { idMaker, json, startServer, type Req, type Res, type TestServer } from './harness.js';
import { dRequests, dResponses } from './deepva-schema.js';
import { loadUrl, newWeb, sha256, sniff, type Web } from './media.js';
import { checkedRoutes, describe, errorsOf, formBody, type Checked, type DocRoute, type ServiceAnswers } from './schema-kit.js';

type Outcome = { summary: { source: string; media_type: string; info: Record<string, never>; items: { type: string; label: string }[] }[]; hashes: string[] } | { error: string };
export interface DJob {
  id: string;
  owner: string;
  tag: string;
  sources: string[];
  modules: Record<string, Record<string, unknown>>;
  created: number;
  /** Computed once, when processing ends. */
  outcome?: Outcome;
}
export interface DStored { id: number; owner: string; name: string; folder: string; size: number; type: string; bytes: Uint8Array }

export interface DeepvaState extends Checked {
  /** key → account */
  keys: Map<string, string>;
  jobs: Map<string, DJob>;
  /** By storage:// URL. */
  storage: Map<string, DStored>;
  /** Queue time and processing time of every job. */
  queueMs: number;
  runMs: number;
  /** What URL sources are fetched from (media.ts). */
  web: Web;
}

export const DEEPVA_TEST_KEY = 'deepva-test-key-aabbccddeeff0011';
/** Another account's key. */
export const DEEPVA_OTHER_KEY = 'deepva-other-key-1122334455667788';
/** Visual Mining Modules this server runs, with the item type each reports and the labels it knows. */
const MODULES: Record<string, { type: string; labels: string[] }> = {
  face_recognition: { type: 'face', labels: ['Ada Lovelace', 'Alan Turing', 'Grace Hopper', 'Katherine Johnson'] },
  object_scene_recognition: { type: 'object', labels: ['beach', 'city street', 'forest', 'kitchen'] },
  landmark_recognition: { type: 'landmark', labels: ['Brandenburg Gate', 'Colosseum', 'Eiffel Tower'] },
  text_recognition: { type: 'text', labels: ['EXIT', 'OPEN', 'STOP'] },
  shot_detection: { type: 'shot', labels: ['shot 1'] },
};
export const DEEPVA_MODULES = Object.keys(MODULES);
const API = '/api/v1';
const err = (status: number, name: string, message: string): Res => json(status, { error: name, message });
const notFound = () => err(404, 'NotFound', 'Requested resource could not be found');
const stamp = (ms: number | null) => (ms === null ? null : `${new Date(ms).toISOString().replace('T', ' ').replace('Z', '')}000`);
const BASE62 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

function refuse(fn: ValidateFunction, value: unknown): Res | undefined {
  const errors = errorsOf(fn, value);
  return errors.length ? err(400, 'BadRequest', errors.map(describe).join('; ')) : undefined;
}

const answers: ServiceAnswers = {
  error: dResponses.error,
  internal: () => err(500, 'GeneralError', 'Internal server error. We will work on it.'),
  notFound,
  notAllowed: (req, allowed) => ({ ...err(405, 'MethodNotAllowed', `Method ${req.method} is not allowed here`), headers: { allow: allowed.join(', ') } }),
};

export async function startDeepvaServer(options: { key?: string; queueMs?: number; runMs?: number } = {}): Promise<TestServer<DeepvaState>> {
  const ids = idMaker();
  const state: DeepvaState = {
    keys: new Map([
      [options.key ?? DEEPVA_TEST_KEY, 'account-1'],
      [DEEPVA_OTHER_KEY, 'account-2'],
    ]),
    jobs: new Map(),
    storage: new Map(),
    queueMs: options.queueMs ?? 5,
    runMs: options.runMs ?? 30,
    web: newWeb(),
    schemaViolations: [],
  };
  const h = (fn: (req: Req, owner: string) => Res | Promise<Res>) => (req: Req) => {
    const m = /^Key\s+(\S+)$/.exec(req.headers.authorization ?? '');
    const owner = m ? state.keys.get(m[1]) : undefined;
    return owner ? fn(req, owner) : err(401, 'NotAuthenticated', 'You are not authenticated. Check your authentication headers.');
  };
  const jobOf = (id: string, owner: string) => {
    const j = state.jobs.get(id);
    return j && j.owner === owner ? j : undefined;
  };

  /** Process the sources: every one must load as a supported medium, else the job fails naming it. */
  const process = (j: DJob): Outcome => {
    const loaded = j.sources.map((source) => {
      const stored = state.storage.get(source);
      const got = stored ? { bytes: stored.bytes, media: sniff(stored.bytes) } : loadUrl(state.web, source);
      if ('error' in got) return { source, error: got.error };
      return got.media ? { source, bytes: got.bytes, media: got.media } : { source, error: 'not a supported media type' };
    });
    const bad = loaded.find((x) => 'error' in x);
    if (bad && 'error' in bad) return { error: `Media could not be processed: ${bad.source} (${bad.error})` };
    const ok = loaded as { source: string; bytes: Uint8Array; media: { type: string } }[];
    const hashes = ok.map((x) => sha256(x.bytes));
    const summary = ok.map((x, i) => ({
      source: x.source,
      media_type: x.media.type.startsWith('image/') ? 'image' : 'video',
      info: {},
      items: Object.keys(j.modules).map((m) => ({ type: MODULES[m].type, label: MODULES[m].labels[parseInt(sha256(`${m}|${hashes[i]}`).slice(0, 8), 16) % MODULES[m].labels.length] })),
    }));
    return { summary, hashes };
  };

  const view = (j: DJob, origin: string) => {
    const now = Date.now();
    const age = now - j.created;
    const started = age >= state.queueMs ? j.created + state.queueMs : null;
    const done = age >= state.queueMs + state.runMs;
    const finished = done ? j.created + state.queueMs + state.runMs : null;
    if (done) j.outcome ??= process(j);
    const failed = j.outcome !== undefined && 'error' in j.outcome;
    const progress = done ? 1 : started === null ? 0 : Math.min(0.99, (age - state.queueMs) / state.runMs);
    return {
      id: j.id,
      tag: j.tag,
      state: done ? (failed ? 'failed' : 'completed') : started === null ? 'waiting' : 'running',
      progress,
      duration: started === null ? 0 : ((finished ?? now) - started) / 1000,
      time_created: stamp(j.created),
      time_started: stamp(started),
      time_completed: stamp(finished),
      sources: j.sources,
      modules: j.modules,
      // The doc's detailed_link has no /api prefix; this server answers at that URL too.
      result: { detailed_link: `${origin}/v1/jobs/${j.id}/detailed-results`, summary: j.outcome && 'summary' in j.outcome ? j.outcome.summary : [] },
      ...(j.outcome && 'error' in j.outcome ? { error: j.outcome.error } : {}),
    };
  };

  const createJob = h((req, owner) => {
    const refused = refuse(dRequests.createJob, req.json);
    if (refused) return refused;
    const b = req.json as { sources: string[]; modules: Record<string, Record<string, unknown>>; tag?: string };
    const unknown = Object.keys(b.modules).find((m) => !(m in MODULES));
    if (unknown) return err(400, 'BadRequest', `modules: unknown module ${unknown}`);
    for (const s of b.sources) {
      if (s.startsWith('/')) return err(400, 'BadRequest', `sources: local paths are supported on-prem only (${s})`);
      const stored = state.storage.get(s);
      if (s.startsWith('storage://') && (!stored || stored.owner !== owner)) return err(400, 'BadRequest', `sources: unknown storage file ${s}`);
    }
    const j: DJob = { id: ids.uuid(), owner, tag: b.tag ?? '', sources: b.sources, modules: b.modules, created: Date.now() };
    state.jobs.set(j.id, j);
    return json(200, view(j, req.origin));
  });

  const detailed = h((req, owner) => {
    const j = jobOf(req.params.id, owner);
    if (!j) return notFound();
    const v = view(j, req.origin);
    if (v.state !== 'completed' || !j.outcome || !('summary' in j.outcome)) return err(400, 'BadRequest', `The job is ${v.state}: detailed results exist once it has completed`);
    const hashes = j.outcome.hashes;
    const at = (key: string, k: number) => parseInt(sha256(key).slice(2 * k, 2 * k + 4), 16) / 0xffff;
    const results = j.outcome.summary.map((s, i) => ({
      source: s.source,
      media_type: s.media_type,
      items: s.items.map((it) => {
        const key = `${it.type}|${hashes[i]}`;
        const [x, y] = [at(key, 0) * 0.5, at(key, 2) * 0.5];
        return { ...it, confidence: 0.5 + at(key, 4) / 2, bounding_box: { x, y, w: 0.1 + at(key, 6) * 0.4, h: 0.1 + at(key, 8) * 0.4 } };
      }),
    }));
    return json(200, { job_id: j.id, results });
  });

  const upload = h(async (req, owner) => {
    const refused = refuse(dRequests.storage, formBody(req));
    if (refused) return refused;
    const f = req.files.file[0];
    const bytes = new Uint8Array(await f.arrayBuffer());
    const media = sniff(bytes);
    // The supported media types: JPEG, PNG, MP4, MPEG, MXF, MOV.
    if (!media) return err(400, 'BadRequest', `file: ${f.name} is not a supported media type (JPEG, PNG, MP4, MPEG, MXF, MOV)`);
    const hex = sha256(`${ids.hex()}|${sha256(bytes)}`);
    const url = `storage://${Array.from({ length: 20 }, (_, i) => BASE62[parseInt(hex.slice(2 * i, 2 * i + 2), 16) % 62]).join('')}`;
    const item: DStored = { id: ids.int(), owner, name: f.name, folder: req.fields.folder?.[0] ?? '/', size: f.size, type: media.type, bytes };
    state.storage.set(url, item);
    // As the doc's sample answers: the upload is processed after the answer (no size yet, not "uploaded" yet).
    return json(201, { id: item.id, url, file_size: null, name: f.name, is_folder: false, uploaded: false, is_image: media.type.startsWith('image/'), upload_failed: false });
  });

  const routes: DocRoute[] = [
    { method: 'POST', path: `${API}/jobs`, ok: dResponses.job, handler: createJob },
    { method: 'GET', path: `${API}/jobs`, ok: dResponses.jobs, handler: h((req, owner) => json(200, { data: [...state.jobs.values()].filter((j) => j.owner === owner).map((j) => view(j, req.origin)) })) },
    {
      method: 'GET',
      path: `${API}/jobs/:id`,
      ok: dResponses.job,
      handler: h((req, owner) => {
        const j = jobOf(req.params.id, owner);
        return j ? json(200, view(j, req.origin)) : notFound();
      }),
    },
    { method: 'GET', path: `${API}/jobs/:id/detailed-results`, ok: dResponses.detailed, handler: detailed },
    { method: 'GET', path: '/v1/jobs/:id/detailed-results', ok: dResponses.detailed, handler: detailed },
    { method: 'POST', path: `${API}/storage`, ok: dResponses.storage, handler: upload },
  ];
  return startServer(checkedRoutes(state, routes, answers), state, { malformedBody: () => err(400, 'BadRequest', 'The request body is not valid JSON') });
}
