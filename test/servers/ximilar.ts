/**
 * Conformance server for Ximilar custom similarity
 * (shared/api-docs/ximilar-custom-similarity.txt) plus the shared image store
 * (recognition/v2/training-image, documented in the Vize doc). A DRF
 * service: 201 on create, `{"detail": ...}` on 401/403/404/405,
 * `{"field": ["..."]}` on 400 (see drf.ts).
 *
 * Independent of what a client guesses: descriptors are computed from the
 * image bytes (fetched from `state.web` for `_url`, decoded for `_base64`),
 * the model version and task come from the collection or task, sizes come
 * from the image header, and every request and answer is held to
 * ximilar-schema.ts. Each token belongs to an account with a default
 * workspace and the workspaces it may use: another one is 403, an object of
 * another workspace is 404 (DRF filters its querysets by workspace).
 */
import { idMaker, json, startServer, type Req, type Res, type TestServer } from './harness.js';
import { drfAnswers, drfCheck, fieldError, forbidden, invalidPk, malformedJson, notFound, page, ruleError, tokenOf } from './drf.js';
import { decodeBase64, isImage, loadUrl, newWeb, sha256, sniff, type Sniffed, type Web } from './media.js';
import { checkedRoutes, formBody, type Checked, type DocRoute } from './schema-kit.js';
import { vectorOf } from './vector-curator-vectors.js';
import { xRequests, xResponses } from './ximilar-schema.js';

export interface XTask { id: string; name: string; description: string; workspace: string; types: string[]; production_version: number }
export interface XType { id: string; name: string; description: string; workspace: string }
export interface XGroup { id: string; name: string; type: string; description: string; workspace: string; images: string[]; groups: string[]; objects: string[] }
export interface XImage { id: string; name: string; size: number; workspace: string; bytes: Uint8Array; media: Sniffed }
/** A collection extracts with the production model of its task. */
export interface XCollection { id: string; workspace: string; task: string }
export interface XAccount { defaultWorkspace: string; workspaces: Set<string> }

export interface XimilarState extends Checked {
  /** token → its account */
  accounts: Map<string, XAccount>;
  collections: Map<string, XCollection>;
  tasks: Map<string, XTask>;
  types: Map<string, XType>;
  groups: Map<string, XGroup>;
  images: Map<string, XImage>;
  /** Objects (for add-objects), by id. */
  objects: Map<string, { id: string; workspace: string }>;
  /** What `_url` records are fetched from (media.ts). */
  web: Web;
  pageSize: number;
  descriptorDim: number;
}

export interface XimilarServerOptions {
  token?: string;
  pageSize?: number;
}

export const XIMILAR_TEST_TOKEN = 'ximilar-test-token-0123456789abcdef';
/** A token of another account: its own workspace only. */
export const XIMILAR_STRANGER_TOKEN = 'ximilar-stranger-token-fedcba987654';
export const XIMILAR_COLLECTION = '11111111-2222-4333-8444-555555555555';
export const XIMILAR_DEFAULT_WORKSPACE = '99999999-0000-4000-8000-000000000001';
export const XIMILAR_OTHER_WORKSPACE = '99999999-0000-4000-8000-000000000009';
export const XIMILAR_STRANGER_WORKSPACE = '99999999-0000-4000-8000-00000000000f';
/** The task behind XIMILAR_COLLECTION (trained: production version 1). */
export const XIMILAR_COLLECTION_TASK = '11111111-2222-4333-8444-000000000001';
const SIM = '/similarity/training/v2';
const MAX_IMAGE_BYTES = 10 * 1024 * 1024;

type Ctx = { ws: string };

export async function startXimilarServer(options: XimilarServerOptions = {}): Promise<TestServer<XimilarState>> {
  const ids = idMaker();
  const state: XimilarState = {
    accounts: new Map([
      [options.token ?? XIMILAR_TEST_TOKEN, { defaultWorkspace: XIMILAR_DEFAULT_WORKSPACE, workspaces: new Set([XIMILAR_DEFAULT_WORKSPACE, XIMILAR_OTHER_WORKSPACE]) }],
      [XIMILAR_STRANGER_TOKEN, { defaultWorkspace: XIMILAR_STRANGER_WORKSPACE, workspaces: new Set([XIMILAR_STRANGER_WORKSPACE]) }],
    ]),
    collections: new Map([[XIMILAR_COLLECTION, { id: XIMILAR_COLLECTION, workspace: XIMILAR_DEFAULT_WORKSPACE, task: XIMILAR_COLLECTION_TASK }]]),
    tasks: new Map([[XIMILAR_COLLECTION_TASK, { id: XIMILAR_COLLECTION_TASK, name: 'collection model', description: '', workspace: XIMILAR_DEFAULT_WORKSPACE, types: [], production_version: 1 }]]),
    types: new Map(),
    groups: new Map(),
    images: new Map(),
    objects: new Map([['77777777-0000-4000-8000-000000000001', { id: '77777777-0000-4000-8000-000000000001', workspace: XIMILAR_DEFAULT_WORKSPACE }]]),
    web: newWeb(),
    pageSize: options.pageSize ?? 2,
    descriptorDim: 16,
    schemaViolations: [],
  };
  const inWs = <T extends { workspace: string }>(map: Map<string, T>, id: unknown, ws: string) => {
    const x = typeof id === 'string' ? map.get(id) : undefined;
    return x && x.workspace === ws ? x : undefined;
  };

  /** Auth (401), then the workspace: the query for GET/DELETE, the body for POST ("Using Different Workspace"); one not the account's is 403. */
  const h = (fn: (req: Req, ctx: Ctx) => Res | Promise<Res>) => (req: Req) => {
    const token = tokenOf(req, (t) => state.accounts.has(t));
    if (typeof token !== 'string') return token;
    const acc = state.accounts.get(token)!;
    const body = formBody(req) as Record<string, unknown> | undefined;
    const asked = req.method === 'POST' ? body?.workspace : (req.query.get('workspace') ?? undefined);
    if (asked !== undefined && (typeof asked !== 'string' || !acc.workspaces.has(asked))) return forbidden();
    return fn(req, { ws: (asked as string | undefined) ?? acc.defaultWorkspace });
  };

  /** One record of a descriptor answer: the image's bytes decide it, or why it could not be loaded. */
  const describeRecord = (r: Record<string, unknown>, model: string) => {
    const base = { _id: ids.uuid(), ...(typeof r._url === 'string' ? { _url: r._url } : {}) };
    let loaded: { bytes: Uint8Array; media: Sniffed | undefined } | { error: string };
    if (typeof r._url === 'string') loaded = loadUrl(state.web, r._url);
    else {
      const bytes = decodeBase64(r._base64 as string);
      loaded = bytes ? { bytes, media: sniff(bytes) } : { error: '_base64 is not valid base64' };
    }
    if ('bytes' in loaded && !isImage(loaded.media)) loaded = { error: 'the data is not a jpg or png image' };
    if ('error' in loaded) return { ...base, _status: { code: 400, text: `Unable to load the image: ${loaded.error}`, request_id: ids.uuid() } };
    const { width, height } = loaded.media!;
    return {
      ...base,
      ...(width && height ? { _width: width, _height: height } : {}),
      _descriptor: vectorOf(`${model}|${sha256(loaded.bytes)}`, state.descriptorDim),
      _status: { code: 200, text: 'OK', request_id: ids.uuid() },
    };
  };

  const descriptor = h((req, { ws }) => {
    const started = performance.now();
    const refused = drfCheck(xRequests.descriptor, req.json);
    if (refused) return refused;
    const body = req.json as { records: Record<string, unknown>[]; collection?: string; task_id?: string; version?: number };
    let task: XTask | undefined;
    let version: number;
    if (body.collection !== undefined) {
      const coll = inWs(state.collections, body.collection, ws);
      if (!coll) return invalidPk('collection', body.collection);
      task = state.tasks.get(coll.task)!;
      version = task.production_version;
    } else {
      task = inWs(state.tasks, body.task_id, ws);
      if (!task) return invalidPk('task_id', body.task_id);
      version = body.version!;
      // Versions 1..production_version exist (-1: never trained, so none).
      if (version > task.production_version) return fieldError('version', `Version ${version} of this task does not exist.`);
    }
    const records = body.records.map((r) => describeRecord(r, `${task.id}@${version}`));
    return json(200, { records, version, task_id: task.id, status: { code: 200, text: 'OK' }, statistics: { 'processing time': (performance.now() - started) / 1000 } });
  });

  const create = <T extends { id: string }>(schema: keyof typeof xRequests, map: Map<string, T>, make: (b: Record<string, string>, ws: string) => T | Res) =>
    h((req, { ws }) => {
      const b = formBody(req) as Record<string, string>;
      const refused = drfCheck(xRequests[schema], b);
      if (refused) return refused;
      const made = make(b, ws);
      if ('status' in made) return made;
      map.set(made.id, made);
      return json(201, made);
    });

  const members = (kind: 'images' | 'groups' | 'objects', op: 'add' | 'remove') =>
    h((req, { ws }) => {
      const g = inWs(state.groups, req.params.id, ws);
      if (!g) return notFound();
      const refused = drfCheck(xRequests[kind], req.json);
      if (refused) return refused;
      const wanted = (req.json as Record<string, string[]>)[kind];
      const known: Map<string, { workspace: string }> = kind === 'images' ? state.images : kind === 'groups' ? state.groups : state.objects;
      const missing = wanted.find((x) => !inWs(known, x, ws));
      if (missing !== undefined) return invalidPk(kind, missing);
      if (op === 'add' && kind === 'groups' && wanted.includes(g.id)) return ruleError('A group cannot contain itself.');
      if (op === 'add' && wanted.length && ((kind === 'images' && g.groups.length) || (kind === 'groups' && g.images.length))) return ruleError('A group can contain only images or only groups.');
      // Set semantics: adding a member twice or removing an absent one changes nothing.
      g[kind] = op === 'add' ? [...new Set([...g[kind], ...wanted])] : g[kind].filter((x) => !wanted.includes(x));
      return json(200, g);
    });

  const taskType = (op: 'add' | 'remove') =>
    h((req, { ws }) => {
      const t = inWs(state.tasks, req.params.id, ws);
      if (!t) return notFound();
      const b = formBody(req) as Record<string, string>;
      const refused = drfCheck(xRequests.taskType, b);
      if (refused) return refused;
      if (!inWs(state.types, b.type_id, ws)) return invalidPk('type_id', b.type_id);
      t.types = op === 'add' ? [...new Set([...t.types, b.type_id])] : t.types.filter((x) => x !== b.type_id);
      return json(200, t);
    });

  const listed = <T extends { workspace: string }>(map: Map<string, T>) => h((req, { ws }) => page(req, [...map.values()].filter((x) => x.workspace === ws), state.pageSize));
  const imagePath = (origin: string, img: XImage) => `${origin}/media/training-images/${img.id}.${img.media.type === 'image/png' ? 'png' : 'jpg'}`;

  const uploadImage = h(async (req, { ws }) => {
    const b = formBody(req);
    const refused = drfCheck(xRequests.trainingImage, b);
    if (refused) return refused;
    const f = req.files.img_path[0];
    if (f.size > MAX_IMAGE_BYTES) return fieldError('img_path', 'Ensure this file is at most 10 MB.');
    const bytes = new Uint8Array(await f.arrayBuffer());
    const media = sniff(bytes);
    // "Our endpoint will accept jpg and png images up to 10MB" (Vize doc, the same image store).
    if (!isImage(media)) return fieldError('img_path', 'Upload a valid image. The file you uploaded was either not an image or a corrupted image.');
    const img: XImage = { id: ids.uuid(), name: f.name, size: f.size, workspace: ws, bytes, media };
    state.images.set(img.id, img);
    const url = imagePath(req.origin, img);
    state.web.set(url, { status: 200, body: bytes, type: media.type });
    return json(201, { id: img.id, img_path: url, workspace: ws, ...(media.width && media.height ? { _width: media.width, _height: media.height } : {}) });
  });

  const routes: DocRoute[] = [
    { method: 'POST', path: `${SIM}/descriptor`, ok: xResponses.descriptor, handler: descriptor },
    { method: 'POST', path: `${SIM}/task`, ok: xResponses.task, handler: create('task', state.tasks, (b, ws) => ({ id: ids.uuid(), name: b.name, description: b.description ?? '', workspace: ws, types: [], production_version: -1 })) },
    { method: 'GET', path: `${SIM}/task`, ok: xResponses.taskPage, handler: listed(state.tasks) },
    { method: 'GET', path: `${SIM}/task/:id`, ok: xResponses.task, handler: h((req, { ws }) => {
      const t = inWs(state.tasks, req.params.id, ws);
      return t ? json(200, t) : notFound();
    }) },
    { method: 'DELETE', path: `${SIM}/task/:id`, ok: 'empty', handler: h((req, { ws }) => (inWs(state.tasks, req.params.id, ws) && state.tasks.delete(req.params.id) ? { status: 204 } : notFound())) },
    { method: 'POST', path: `${SIM}/task/:id/add-type`, ok: xResponses.task, handler: taskType('add') },
    { method: 'POST', path: `${SIM}/task/:id/remove-type`, ok: xResponses.task, handler: taskType('remove') },
    { method: 'POST', path: `${SIM}/type`, ok: xResponses.type, handler: create('type', state.types, (b, ws) => ({ id: ids.uuid(), name: b.name, description: b.description ?? '', workspace: ws })) },
    { method: 'GET', path: `${SIM}/type`, ok: xResponses.typePage, handler: listed(state.types) },
    {
      method: 'POST',
      path: `${SIM}/group`,
      ok: xResponses.group,
      handler: create('group', state.groups, (b, ws) => (inWs(state.types, b.type, ws) ? { id: ids.uuid(), name: b.name, type: b.type, description: b.description ?? '', workspace: ws, images: [], groups: [], objects: [] } : invalidPk('type', b.type))),
    },
    { method: 'GET', path: `${SIM}/group`, ok: xResponses.groupPage, handler: listed(state.groups) },
    ...(['images', 'groups', 'objects'] as const).flatMap((k) => [
      { method: 'POST', path: `${SIM}/group/:id/add-${k}`, ok: xResponses.group, handler: members(k, 'add') },
      { method: 'POST', path: `${SIM}/group/:id/remove-${k}`, ok: xResponses.group, handler: members(k, 'remove') },
    ]),
    { method: 'POST', path: '/recognition/v2/training-image', ok: xResponses.trainingImage, handler: uploadImage },
    {
      // Stored files are public links (as a storage URL would be): no token.
      method: 'GET',
      path: '/media/training-images/:file',
      ok: 'raw',
      handler: (req) => {
        const f = state.web.get(`${req.origin}${req.path}`);
        return f ? { status: 200, raw: Buffer.from(f.body), headers: { 'content-type': f.type } } : notFound();
      },
    },
  ];
  return startServer(checkedRoutes(state, routes, drfAnswers(xResponses.error)), state, { malformedBody: malformedJson });
}
