/**
 * Conformance server for Vize (shared/api-docs/vize-image-recognition.txt):
 * tasks, labels, training images, training (>= 2 labels, >= 20 images each;
 * production version -1 until the first training finished, then +1 per
 * training), /v1/classify/ (multipart) and /v2/classify (JSON, <= 10
 * records). A DRF service, like the Ximilar server (drf.ts).
 *
 * Independent of what a client guesses: predictions and descriptors come
 * from the image bytes (uploaded, decoded from base64, or fetched from
 * `state.web` for URLs) and the task's model, never from names or URL text;
 * every request and answer is held to vize-schema.ts. "Only you can access
 * your tasks": each token is a user, and another user's task, label or image
 * is 404 (DRF filters querysets by owner, so they do not exist for you).
 */
import { idMaker, json, startServer, type Req, type Res, type TestServer } from './harness.js';
import { detail, drfAnswers, drfCheck, fieldError, invalidPk, malformedJson, notFound, page, tokenOf } from './drf.js';
import { decodeBase64, isImage, loadUrl, newWeb, sha256, sniff, type Sniffed, type Web } from './media.js';
import { checkedRoutes, formBody, type Checked, type DocRoute } from './schema-kit.js';
import { vectorOf } from './vector-curator-vectors.js';
import { vRequests, vResponses } from './vize-schema.js';

export interface VTask { id: string; owner: string; name: string; description: string; production_version: number; labels: string[]; training: { started: number; targetVersion: number } | null }
export interface VLabel { id: string; owner: string; name: string; description: string }
export interface VImage { id: string; owner: string; name: string; size: number; type: string; bytes: Uint8Array; media: Sniffed; labels: string[] }

export interface VizeState extends Checked {
  /** token → user */
  tokens: Map<string, string>;
  tasks: Map<string, VTask>;
  labels: Map<string, VLabel>;
  images: Map<string, VImage>;
  trainings: { taskId: string; at: number }[];
  /** A training finishes (new production version) this long after it starts. */
  trainMs: number;
  pageSize: number;
  /** What image URLs are fetched from (media.ts). */
  web: Web;
}

export const VIZE_TEST_TOKEN = 'vize-test-token-fedcba9876543210';
/** Another user's token. */
export const VIZE_OTHER_TOKEN = 'vize-other-token-0011223344556677';
export const VIZE_MIN_LABELS = 2;
export const VIZE_MIN_IMAGES = 20;
const MAX_BYTES = 10 * 1024 * 1024;
const DESCRIPTOR_DIM = 12;

export async function startVizeServer(options: { token?: string; trainMs?: number; pageSize?: number } = {}): Promise<TestServer<VizeState>> {
  const ids = idMaker();
  const state: VizeState = {
    tokens: new Map([
      [options.token ?? VIZE_TEST_TOKEN, 'user-1'],
      [VIZE_OTHER_TOKEN, 'user-2'],
    ]),
    tasks: new Map(),
    labels: new Map(),
    images: new Map(),
    trainings: [],
    trainMs: options.trainMs ?? 20,
    pageSize: options.pageSize ?? 2,
    web: newWeb(),
    schemaViolations: [],
  };
  const h = (fn: (req: Req, user: string) => Res | Promise<Res>) => (req: Req) => {
    const token = tokenOf(req, (t) => state.tokens.has(t));
    return typeof token === 'string' ? fn(req, state.tokens.get(token)!) : token;
  };
  const mine = <T extends { owner: string }>(map: Map<string, T>, id: unknown, user: string) => {
    const x = typeof id === 'string' ? map.get(id) : undefined;
    return x && x.owner === user ? x : undefined;
  };
  /** A task as answered; a training whose time is up has finished (the polling state the doc describes). */
  const view = (t: VTask) => {
    if (t.training && Date.now() - t.training.started >= state.trainMs) {
      t.production_version = t.training.targetVersion;
      t.training = null;
    }
    const { id, name, description, production_version, labels } = t;
    return { id, name, description, production_version, labels, training_in_progress: t.training !== null };
  };
  const imageView = (origin: string, img: VImage) => ({ id: img.id, img_path: `${origin}/media/training-images/${img.id}`, labels: img.labels, ...(img.media.width && img.media.height ? { _width: img.media.width, _height: img.media.height } : {}) });

  /** The task's model: its labels' probabilities and a descriptor, from the bytes. */
  const predict = (t: VTask, version: number, bytes: Uint8Array) => {
    const key = `${t.id}@${version}|${sha256(bytes)}`;
    const raw = vectorOf(key, t.labels.length).map((x) => Math.exp(3 * x));
    const sum = raw.reduce((a, b) => a + b, 0);
    const labels = t.labels.map((l, i) => ({ id: l, name: state.labels.get(l)!.name, prob: raw[i] / sum })).sort((a, b) => b.prob - a.prob);
    return { prediction: { best_label: labels[0], labels }, descriptor: vectorOf(`descriptor:${key}`, DESCRIPTOR_DIM) };
  };
  /** A task that can classify, or DRF's refusal naming `field`. */
  const trained = (field: string, id: unknown, user: string): VTask | Res => {
    const t = mine(state.tasks, id, user);
    if (!t) return invalidPk(field, id);
    view(t);
    // "Until the first task training is successfully finished the production version of the task is -1 and the task cannot be used for classification."
    if (t.production_version < 1 || t.labels.length < VIZE_MIN_LABELS) return fieldError(field, 'The task has no trained model yet (production version -1).');
    return t;
  };
  const image = (bytes: Uint8Array | undefined): { bytes: Uint8Array; media: Sniffed } | { error: string } => {
    const media = bytes && sniff(bytes);
    return bytes && isImage(media) ? { bytes, media } : { error: bytes ? 'the data is not a jpg or png image' : 'not valid base64' };
  };
  const fromUrl = (url: string) => {
    const got = loadUrl(state.web, url);
    return 'error' in got ? got : image(got.bytes);
  };

  const train = h((req, user) => {
    const t = mine(state.tasks, req.params.id, user);
    if (!t) return notFound();
    view(t);
    if (t.labels.length < VIZE_MIN_LABELS) return detail(400, `Each task requires at least two labels for training; this task has ${t.labels.length}.`);
    for (const l of t.labels) {
      const n = [...state.images.values()].filter((im) => im.owner === user && im.labels.includes(l)).length;
      if (n < VIZE_MIN_IMAGES) return detail(400, `Each label must contain at least 20 images; label "${state.labels.get(l)!.name}" has ${n}.`);
    }
    if (t.training) return detail(400, 'Training already in progress.');
    t.training = { started: Date.now(), targetVersion: Math.max(0, t.production_version) + 1 };
    state.trainings.push({ taskId: t.id, at: Date.now() });
    return json(200, { detail: 'Training started.', task: t.id });
  });

  const addLabel = <T extends { labels: string[] }>(find: (id: string, user: string) => T | undefined, answer: (req: Req, x: T) => unknown) =>
    h((req, user) => {
      const x = find(req.params.id, user);
      if (!x) return notFound();
      const b = formBody(req) as Record<string, string>;
      const refused = drfCheck(vRequests.labelId, b);
      if (refused) return refused;
      if (!mine(state.labels, b.label_id, user)) return invalidPk('label_id', b.label_id);
      // Set semantics: a label already there changes nothing.
      if (!x.labels.includes(b.label_id)) x.labels.push(b.label_id);
      return json(200, answer(req, x));
    });

  const classifyV1 = h(async (req, user) => {
    const b = formBody(req) as Record<string, string>;
    const refused = drfCheck(vRequests.classifyV1, b);
    if (refused) return refused;
    const t = trained('task', b.task, user);
    if ('status' in t) return t;
    const f = req.files.image_file?.[0];
    const field = f ? 'image_file' : b.image_url !== undefined ? 'image_url' : 'image_base64';
    const got = f ? image(new Uint8Array(await f.arrayBuffer())) : b.image_url !== undefined ? fromUrl(b.image_url) : image(decodeBase64(b.image_base64));
    if ('error' in got) return fieldError(field, `Unable to load the image: ${got.error}`);
    return json(200, { ...predict(t, t.production_version, got.bytes).prediction, task_id: t.id, version: t.production_version, status: { code: 200, text: 'OK' } });
  });

  const classifyV2 = h((req, user) => {
    const refused = drfCheck(vRequests.classifyV2, req.json);
    if (refused) return refused;
    const body = req.json as { task_id: string; version?: number; descriptor?: number | boolean; records: Record<string, string>[] };
    const t = trained('task_id', body.task_id, user);
    if ('status' in t) return t;
    const version = body.version ?? t.production_version;
    if (version > t.production_version) return fieldError('version', `Version ${version} of this task does not exist.`);
    const records = body.records.map((r) => {
      const base = { _id: ids.uuid(), ...(r._url !== undefined ? { _url: r._url } : {}) };
      const got = r._url !== undefined ? fromUrl(r._url) : image(decodeBase64(r._base64));
      if ('error' in got) return { ...base, _status: { code: 400, text: `Unable to load the image: ${got.error}`, request_id: ids.uuid() } };
      const { prediction, descriptor } = predict(t, version, got.bytes);
      const size = got.media.width && got.media.height ? { _width: got.media.width, _height: got.media.height } : {};
      return { ...base, ...size, ...prediction, ...(body.descriptor === 1 || body.descriptor === true ? { _descriptor: descriptor } : {}), _status: { code: 200, text: 'OK', request_id: ids.uuid() } };
    });
    return json(200, { records, task_id: t.id, version, status: { code: 200, text: 'OK' } });
  });

  const uploadImage = h(async (req, user) => {
    const refused = drfCheck(vRequests.trainingImage, formBody(req));
    if (refused) return refused;
    const f = req.files.img_path[0];
    if (f.size > MAX_BYTES) return fieldError('img_path', 'Ensure this file is at most 10 MB.');
    const got = image(new Uint8Array(await f.arrayBuffer()));
    // "Our endpoint will accept jpg and png images up to 10MB."
    if ('error' in got) return fieldError('img_path', 'Upload a valid image. The file you uploaded was either not an image or a corrupted image.');
    const img: VImage = { id: ids.uuid(), owner: user, name: f.name, size: f.size, type: got.media.type, bytes: got.bytes, media: got.media, labels: [] };
    state.images.set(img.id, img);
    return json(201, imageView(req.origin, img));
  });

  const routes: DocRoute[] = [
    { method: 'GET', path: '/v2/task', ok: vResponses.taskPage, handler: h((req, user) => page(req, [...state.tasks.values()].filter((t) => t.owner === user).map(view), state.pageSize)) },
    {
      method: 'POST',
      path: '/v2/task',
      ok: vResponses.task,
      handler: h((req, user) => {
        const b = formBody(req) as Record<string, string>;
        const refused = drfCheck(vRequests.task, b);
        if (refused) return refused;
        const t: VTask = { id: ids.uuid(), owner: user, name: b.name, description: b.description ?? '', production_version: -1, labels: [], training: null };
        state.tasks.set(t.id, t);
        return json(201, view(t));
      }),
    },
    {
      method: 'GET',
      path: '/v2/task/:id',
      ok: vResponses.task,
      handler: h((req, user) => {
        const t = mine(state.tasks, req.params.id, user);
        return t ? json(200, view(t)) : notFound();
      }),
    },
    { method: 'DELETE', path: '/v2/task/:id', ok: 'empty', handler: h((req, user) => (mine(state.tasks, req.params.id, user) && state.tasks.delete(req.params.id) ? { status: 204 } : notFound())) },
    { method: 'POST', path: '/v2/task/:id/add-label', ok: vResponses.task, handler: addLabel((id, user) => mine(state.tasks, id, user), (_req, t) => view(t)) },
    // The doc shows POST (curl) and GET (its Python sample) for training: both start it.
    { method: ['POST', 'GET'], path: '/v2/task/:id/train', ok: vResponses.train, handler: train },
    { method: 'GET', path: '/v2/label', ok: vResponses.labelPage, handler: h((req, user) => page(req, [...state.labels.values()].filter((l) => l.owner === user).map(({ id, name, description }) => ({ id, name, description })), state.pageSize)) },
    {
      method: 'POST',
      path: '/v2/label',
      ok: vResponses.label,
      handler: h((req, user) => {
        const b = formBody(req) as Record<string, string>;
        const refused = drfCheck(vRequests.label, b);
        if (refused) return refused;
        // The doc's Python sample sends `task`: the new label is connected to it.
        const t = b.task === undefined ? undefined : mine(state.tasks, b.task, user);
        if (b.task !== undefined && !t) return invalidPk('task', b.task);
        const l: VLabel = { id: ids.uuid(), owner: user, name: b.name, description: b.description ?? '' };
        state.labels.set(l.id, l);
        t?.labels.push(l.id);
        return json(201, { id: l.id, name: l.name, description: l.description });
      }),
    },
    { method: 'POST', path: '/v2/training-image', ok: vResponses.trainingImage, handler: uploadImage },
    { method: 'POST', path: '/v2/training-image/:id/add-label', ok: vResponses.trainingImage, handler: addLabel((id, user) => mine(state.images, id, user), (req, img) => imageView(req.origin, img)) },
    {
      // A stored image's file (its img_path): a public media link, no token.
      method: 'GET',
      path: '/media/training-images/:id',
      ok: 'raw',
      handler: (req) => {
        const img = state.images.get(req.params.id);
        return img ? { status: 200, raw: Buffer.from(img.bytes), headers: { 'content-type': img.media.type } } : notFound();
      },
    },
    { method: 'POST', path: '/v1/classify', ok: vResponses.classifyV1, handler: classifyV1 },
    { method: 'POST', path: '/v2/classify', ok: vResponses.classifyV2, handler: classifyV2 },
  ];
  return startServer(checkedRoutes(state, routes, drfAnswers(vResponses.error)), state, { malformedBody: malformedJson });
}
