/**
 * Conformance server for DeepVA (shared/api-docs/deepva.txt): jobs (create,
 * read, list, detailed results) that go waiting → running → completed with
 * progress, and multipart storage upload returning storage:// URLs.
 * Errors use the documented names: `{"error": "NotAuthenticated", "message": ...}`.
 */
import { idMaker, json, startServer, type Req, type Res, type TestServer } from './harness.js';

export interface DJob {
  id: string;
  tag: string;
  sources: string[];
  modules: Record<string, Record<string, unknown>>;
  created: number;
  fails: boolean;
}

export interface DeepvaState {
  keys: Set<string>;
  jobs: Map<string, DJob>;
  storage: Map<string, { id: number; name: string; folder: string; size: number; type: string }>;
  /** Queue time and processing time of every job. */
  queueMs: number;
  runMs: number;
}

export const DEEPVA_TEST_KEY = 'deepva-test-key-aabbccddeeff0011';
export const DEEPVA_MODULES = ['face_recognition', 'object_scene_recognition', 'landmark_recognition', 'text_recognition', 'shot_detection'];
const API = '/api/v1';
const err = (status: number, name: string, message: string): Res => json(status, { error: name, message });
const stamp = (ms: number | null) => (ms === null ? null : `${new Date(ms).toISOString().replace('T', ' ').replace('Z', '')}000`);

function hashLabel(s: string, options: string[]): string {
  let h = 0;
  for (const ch of s) h = (h * 31 + ch.charCodeAt(0)) >>> 0;
  return options[h % options.length];
}

export async function startDeepvaServer(options: { key?: string; queueMs?: number; runMs?: number } = {}): Promise<TestServer<DeepvaState>> {
  const ids = idMaker();
  const state: DeepvaState = { keys: new Set([options.key ?? DEEPVA_TEST_KEY]), jobs: new Map(), storage: new Map(), queueMs: options.queueMs ?? 5, runMs: options.runMs ?? 30 };
  const h = (fn: (req: Req) => Res | Promise<Res>) => (req: Req) => {
    const m = /^Key\s+(\S+)$/.exec(req.headers.authorization ?? '');
    if (!m || !state.keys.has(m[1])) return err(401, 'NotAuthenticated', 'You are not authenticated. Check your authentication headers.');
    return fn(req);
  };

  const view = (j: DJob, origin: string) => {
    const age = Date.now() - j.created;
    const started = age >= state.queueMs ? j.created + state.queueMs : null;
    const done = age >= state.queueMs + state.runMs;
    const finished = done ? j.created + state.queueMs + state.runMs : null;
    const progress = done ? 1 : started === null ? 0 : Math.min(0.99, (age - state.queueMs) / state.runMs);
    const jobState = done ? (j.fails ? 'failed' : 'completed') : started === null ? 'waiting' : 'running';
    const summary = jobState === 'completed'
      ? j.sources.map((source) => ({
          source,
          media_type: /\.(mp4|mov|mpeg|mxf)$/i.test(source) ? 'video' : 'image',
          info: {},
          items: Object.keys(j.modules).map((m) => ({ type: m === 'face_recognition' ? 'face' : m.replace(/_recognition$/, ''), label: hashLabel(`${m}|${source}`, ['Ada Lovelace', 'Alan Turing', 'Grace Hopper', 'Katherine Johnson']) })),
        }))
      : [];
    return {
      id: j.id,
      tag: j.tag,
      state: jobState,
      progress,
      duration: finished !== null && started !== null ? (finished - started) / 1000 : 0,
      time_created: stamp(j.created),
      time_started: stamp(started),
      time_completed: stamp(finished),
      sources: j.sources,
      modules: j.modules,
      result: { detailed_link: `${origin}${API}/jobs/${j.id}/detailed-results`, summary },
      ...(jobState === 'failed' ? { error: 'Media could not be processed' } : {}),
    };
  };

  return startServer(
    [
      {
        method: 'POST',
        path: `${API}/jobs`,
        handler: h((req) => {
          const b = req.json as Record<string, unknown> | undefined;
          if (!b || !Array.isArray(b.sources) || b.sources.length === 0) return err(400, 'BadRequest', 'sources: a non-empty list is required');
          if (!b.modules || typeof b.modules !== 'object' || Object.keys(b.modules).length === 0) return err(400, 'BadRequest', 'modules: at least one Visual Mining Module is required');
          for (const m of Object.keys(b.modules)) if (!DEEPVA_MODULES.includes(m)) return err(400, 'BadRequest', `modules: unknown module ${m}`);
          for (const s of b.sources as unknown[]) {
            if (typeof s !== 'string') return err(400, 'BadRequest', 'sources: strings expected');
            if (s.startsWith('storage://') && !state.storage.has(s)) return err(400, 'BadRequest', `sources: unknown storage file ${s}`);
            if (s.startsWith('/')) return err(400, 'BadRequest', 'sources: local paths are supported on-prem only');
            if (!/^(storage|https?):\/\//.test(s)) return err(400, 'BadRequest', `sources: unsupported source ${s}`);
          }
          const j: DJob = { id: ids.uuid(), tag: typeof b.tag === 'string' ? b.tag : '', sources: b.sources as string[], modules: b.modules as DJob['modules'], created: Date.now(), fails: (b.sources as string[]).some((s) => /fail/.test(s)) };
          state.jobs.set(j.id, j);
          return json(200, view(j, req.origin));
        }),
      },
      { method: 'GET', path: `${API}/jobs`, handler: h((req) => json(200, { data: [...state.jobs.values()].map((j) => view(j, req.origin)) })) },
      { method: 'GET', path: `${API}/jobs/:id`, handler: h((req) => (state.jobs.has(req.params.id) ? json(200, view(state.jobs.get(req.params.id)!, req.origin)) : err(404, 'NotFound', 'Requested resource could not be found'))) },
      { method: ['PUT', 'PATCH', 'DELETE'], path: `${API}/jobs/:id`, handler: h(() => err(405, 'MethodNotAllowed', 'Method not allowed')) },
      {
        method: 'GET',
        path: `${API}/jobs/:id/detailed-results`,
        handler: h((req) => {
          const j = state.jobs.get(req.params.id);
          if (!j) return err(404, 'NotFound', 'Requested resource could not be found');
          const v = view(j, req.origin);
          if (v.state !== 'completed') return err(400, 'BadRequest', 'The job has not completed yet');
          return json(200, { job_id: j.id, results: v.result.summary.map((s) => ({ source: s.source, items: s.items.map((it) => ({ ...it, bounding_box: { x: 0.1, y: 0.2, w: 0.3, h: 0.4 }, confidence: 0.9 })) })) });
        }),
      },
      {
        method: 'POST',
        path: `${API}/storage`,
        handler: h((req) => {
          const f = req.files.file?.[0];
          if (!f) return err(400, 'BadRequest', 'file: a file is required');
          const folder = req.fields.folder?.[0] ?? '/';
          const url = `storage://${ids.hex().slice(-20)}`;
          const item = { id: ids.int(), name: f.name, folder, size: f.size, type: f.type };
          state.storage.set(url, item);
          return json(201, { id: item.id, url, file_size: f.size, name: f.name, is_folder: false, uploaded: true, is_image: f.type.startsWith('image/'), upload_failed: false });
        }),
      },
    ],
    state,
  );
}
