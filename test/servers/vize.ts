/**
 * Conformance server for Vize (shared/api-docs/vize-image-recognition.txt):
 * tasks, labels, training images, training (≥ 2 labels, ≥ 20 images each,
 * enforced), /v1/classify/ (multipart) and /v2/classify (JSON, ≤ 10 records).
 * DRF-style errors like the Ximilar server.
 */
import { idMaker, json, startServer, type Req, type Res, type TestServer } from './harness.js';
import { field, notFound, page, required, tokenAuth } from './drf.js';
import { vectorOf } from './vector-curator-jobs.js';

export interface VTask { id: string; name: string; description: string; production_version: number; labels: string[]; training: { started: number; targetVersion: number } | null }
export interface VLabel { id: string; name: string; description: string }
export interface VImage { id: string; name: string; size: number; type: string; labels: string[] }

export interface VizeState {
  tokens: Set<string>;
  tasks: Map<string, VTask>;
  labels: Map<string, VLabel>;
  images: Map<string, VImage>;
  trainings: { taskId: string; at: number }[];
  /** A training finishes (new production version) this long after it starts. */
  trainMs: number;
  pageSize: number;
}

export const VIZE_TEST_TOKEN = 'vize-test-token-fedcba9876543210';
const MAX_BYTES = 10 * 1024 * 1024;

export async function startVizeServer(options: { token?: string; trainMs?: number; pageSize?: number } = {}): Promise<TestServer<VizeState>> {
  const ids = idMaker();
  const state: VizeState = { tokens: new Set([options.token ?? VIZE_TEST_TOKEN]), tasks: new Map(), labels: new Map(), images: new Map(), trainings: [], trainMs: options.trainMs ?? 20, pageSize: options.pageSize ?? 2 };
  const h = (fn: (req: Req) => Res) => (req: Req) => tokenAuth(req, state.tokens) ?? fn(req);
  const view = (t: VTask) => {
    if (t.training && Date.now() - t.training.started >= state.trainMs) {
      t.production_version = t.training.targetVersion;
      t.training = null;
    }
    const { training, ...rest } = t;
    return { ...rest, training_in_progress: training !== null };
  };
  const task = (id: string) => state.tasks.get(id);

  /** Labels and per-label probabilities for an image key, over the task's labels. */
  const predict = (t: VTask, key: string) => {
    const names = t.labels.map((l) => state.labels.get(l)!.name);
    const raw = vectorOf(key, names.length).map((x) => Math.exp(x));
    const sum = raw.reduce((a, b) => a + b, 0);
    const labels = names.map((name, i) => ({ name, prob: raw[i] / sum })).sort((a, b) => b.prob - a.prob);
    return { best_label: labels[0], labels };
  };
  const trainedTask = (id: string | undefined): VTask | Res => {
    const t = id ? task(id) : undefined;
    if (!t) return id ? notFound() : required('task');
    view(t);
    return t.production_version < 1 ? json(400, { detail: 'The task has no trained model yet (production version -1).' }) : t;
  };

  const train = h((req) => {
    const t = task(req.params.id);
    if (!t) return notFound();
    if (t.labels.length < 2) return json(400, { detail: 'Each task requires at least two labels for training.' });
    for (const l of t.labels) {
      const n = [...state.images.values()].filter((im) => im.labels.includes(l)).length;
      if (n < 20) return json(400, { detail: `Each label must contain at least 20 images; label "${state.labels.get(l)!.name}" has ${n}.` });
    }
    if (t.training) return json(400, { detail: 'Training already in progress.' });
    t.training = { started: Date.now(), targetVersion: Math.max(0, t.production_version) + 1 };
    state.trainings.push({ taskId: t.id, at: Date.now() });
    return json(200, { detail: 'Training started.', task: t.id });
  });

  return startServer(
    [
      { method: 'GET', path: '/v2/task', handler: h((req) => page(req, [...state.tasks.values()].map(view), state.pageSize)) },
      {
        method: 'POST',
        path: '/v2/task',
        handler: h((req) => {
          const name = field(req, 'name');
          if (!name) return required('name');
          const t: VTask = { id: ids.uuid(), name, description: field(req, 'description') ?? '', production_version: -1, labels: [], training: null };
          state.tasks.set(t.id, t);
          return json(201, view(t));
        }),
      },
      { method: 'GET', path: '/v2/task/:id', handler: h((req) => (task(req.params.id) ? json(200, view(task(req.params.id)!)) : notFound())) },
      { method: 'DELETE', path: '/v2/task/:id', handler: h((req) => (state.tasks.delete(req.params.id) ? { status: 204 } : notFound())) },
      {
        method: 'POST',
        path: '/v2/task/:id/add-label',
        handler: h((req) => {
          const t = task(req.params.id);
          if (!t) return notFound();
          const labelId = field(req, 'label_id');
          if (!labelId) return required('label_id');
          if (!state.labels.has(labelId)) return json(400, { label_id: ['Invalid label.'] });
          if (!t.labels.includes(labelId)) t.labels.push(labelId);
          return json(200, view(t));
        }),
      },
      // The docs show POST (curl) and GET (Python sample) for training: both start it.
      { method: ['POST', 'GET'], path: '/v2/task/:id/train', handler: train },
      { method: 'GET', path: '/v2/label', handler: h((req) => page(req, [...state.labels.values()], state.pageSize)) },
      {
        method: 'POST',
        path: '/v2/label',
        handler: h((req) => {
          const name = field(req, 'name');
          if (!name) return required('name');
          const taskId = field(req, 'task');
          if (taskId && !task(taskId)) return json(400, { task: ['Invalid task.'] });
          const l: VLabel = { id: ids.uuid(), name, description: field(req, 'description') ?? '' };
          state.labels.set(l.id, l);
          if (taskId) task(taskId)!.labels.push(l.id);
          return json(201, l);
        }),
      },
      {
        method: 'POST',
        path: '/v2/training-image',
        handler: h((req) => {
          const f = req.files.img_path?.[0];
          if (!f) return required('img_path');
          if (f.size === 0 || f.size > MAX_BYTES || (f.type !== '' && !/^image\/(jpe?g|png)$/.test(f.type))) return json(400, { img_path: ['Upload a valid jpg or png image up to 10MB.'] });
          const img: VImage = { id: ids.uuid(), name: f.name, size: f.size, type: f.type, labels: [] };
          state.images.set(img.id, img);
          return json(201, img);
        }),
      },
      {
        method: 'POST',
        path: '/v2/training-image/:id/add-label',
        handler: h((req) => {
          const img = state.images.get(req.params.id);
          if (!img) return notFound();
          const labelId = field(req, 'label_id');
          if (!labelId) return required('label_id');
          if (!state.labels.has(labelId)) return json(400, { label_id: ['Invalid label.'] });
          if (!img.labels.includes(labelId)) img.labels.push(labelId);
          return json(200, img);
        }),
      },
      {
        method: 'POST',
        path: '/v1/classify',
        handler: h((req) => {
          const t = trainedTask(req.fields.task?.[0]);
          if (!('id' in t)) return t;
          const file = req.files.image_file?.[0];
          const key = file ? `${file.name}:${file.size}` : (req.fields.image_url?.[0] ?? req.fields.image_base64?.[0]);
          if (!key) return json(400, { detail: 'Provide image_file, image_url or image_base64.' });
          return json(200, { ...predict(t, key), task_id: t.id, version: t.production_version, status: { code: 200, text: 'OK' } });
        }),
      },
      {
        method: 'POST',
        path: '/v2/classify',
        handler: h((req) => {
          const body = req.json as Record<string, unknown> | undefined;
          const t = trainedTask(body?.task_id as string | undefined);
          if (!('id' in t)) return t;
          if (!Array.isArray(body!.records) || body!.records.length === 0) return required('records');
          if (body!.records.length > 10) return json(400, { records: ['Ensure this field has no more than 10 elements.'] });
          const version = (body!.version as number | undefined) ?? t.production_version;
          if (!Number.isInteger(version) || version < 1 || version > t.production_version) return json(400, { version: ['Invalid version.'] });
          const records = (body!.records as Record<string, unknown>[]).map((r) => {
            const key = (r._url ?? r._base64) as string | undefined;
            const rest = { ...r };
            delete rest._base64;
            if (!key || /broken/.test(key)) return { ...rest, _id: ids.uuid(), _status: { code: 400, text: 'Unable to load the image' } };
            const out: Record<string, unknown> = { ...rest, _id: ids.uuid(), ...predict(t, key), _status: { code: 200, text: 'OK' } };
            if (body!.descriptor === 1 || body!.descriptor === true) out._descriptor = vectorOf(`vize:${version}|${key}`, 12);
            return out;
          });
          return json(200, { records, task_id: t.id, version, status: { code: 200, text: 'OK' } });
        }),
      },
    ],
    state,
  );
}
