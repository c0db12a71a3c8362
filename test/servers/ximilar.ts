/**
 * Conformance server for Ximilar custom similarity
 * (shared/api-docs/ximilar-custom-similarity.txt) plus the shared image store
 * (recognition/v2/training-image). DRF-style answers: 201 on create,
 * `{"detail": ...}` on 401/404, `{"field": ["This field is required."]}` on 400.
 */
import { idMaker, json, startServer, type Req, type Res, type TestServer } from './harness.js';
import { field, notFound, page, required, tokenAuth } from './drf.js';
import { vectorOf } from './vector-curator-jobs.js';

export interface XTask { id: string; name: string; description: string; workspace: string; types: string[]; production_version: number }
export interface XType { id: string; name: string; description: string; workspace: string }
export interface XGroup { id: string; name: string; type: string; description: string; workspace: string; images: string[]; groups: string[]; objects: string[] }
export interface XImage { id: string; name: string; size: number; workspace: string }

export interface XimilarState {
  tokens: Set<string>;
  defaultWorkspace: string;
  workspaces: Set<string>;
  collections: Set<string>;
  tasks: Map<string, XTask>;
  types: Map<string, XType>;
  groups: Map<string, XGroup>;
  images: Map<string, XImage>;
  /** Known object UUIDs (for add-objects). */
  objects: Set<string>;
  pageSize: number;
  descriptorDim: number;
}

export interface XimilarServerOptions {
  token?: string;
  pageSize?: number;
}

export const XIMILAR_TEST_TOKEN = 'ximilar-test-token-0123456789abcdef';
export const XIMILAR_COLLECTION = '11111111-2222-4333-8444-555555555555';
export const XIMILAR_OTHER_WORKSPACE = '99999999-0000-4000-8000-000000000009';
const SIM = '/similarity/training/v2';

export async function startXimilarServer(options: XimilarServerOptions = {}): Promise<TestServer<XimilarState>> {
  const ids = idMaker();
  const state: XimilarState = {
    tokens: new Set([options.token ?? XIMILAR_TEST_TOKEN]),
    defaultWorkspace: '99999999-0000-4000-8000-000000000001',
    workspaces: new Set(['99999999-0000-4000-8000-000000000001', XIMILAR_OTHER_WORKSPACE]),
    collections: new Set([XIMILAR_COLLECTION]),
    tasks: new Map(),
    types: new Map(),
    groups: new Map(),
    images: new Map(),
    objects: new Set(['77777777-0000-4000-8000-000000000001']),
    pageSize: options.pageSize ?? 2,
    descriptorDim: 16,
  };

  /** Auth, then the workspace (query for GET, body field for POST) or an error answer. */
  const guard = (req: Req): Res | string => {
    const denied = tokenAuth(req, state.tokens);
    if (denied) return denied;
    const ws = req.method === 'GET' ? req.query.get('workspace') : field(req, 'workspace');
    if (ws && !state.workspaces.has(ws)) return json(403, { detail: 'You do not have permission to perform this action.' });
    return ws ?? state.defaultWorkspace;
  };
  const h = (fn: (req: Req, ws: string) => Res) => (req: Req) => {
    const g = guard(req);
    return typeof g === 'string' ? fn(req, g) : g;
  };

  const descriptor = h((req) => {
    const body = req.json as Record<string, unknown> | undefined;
    if (!body || !Array.isArray(body.records) || body.records.length === 0) return required('records');
    if (body.collection === undefined && body.task_id === undefined) return json(400, { detail: 'Either collection or task_id must be provided.' });
    let version: number | undefined;
    let taskId: string | undefined;
    if (body.collection !== undefined) {
      if (!state.collections.has(body.collection as string)) return notFound();
    } else {
      const task = state.tasks.get(body.task_id as string);
      if (!task) return notFound();
      if (body.version === undefined) return required('version');
      if (!Number.isInteger(body.version) || (body.version as number) < 1 || (body.version as number) > task.production_version) return json(400, { version: [`Version ${String(body.version)} of this task does not exist.`] });
      version = body.version as number;
      taskId = task.id;
    }
    const records = (body.records as Record<string, unknown>[]).map((r) => {
      const out: Record<string, unknown> = { ...r, _id: ids.uuid() };
      const key = typeof r._url === 'string' ? r._url : typeof r._base64 === 'string' ? r._base64 : undefined;
      delete out._base64;
      if (key === undefined || /broken/.test(key) || (typeof r._base64 === 'string' && Buffer.from(r._base64, 'base64').length === 0)) {
        out._status = { code: 400, text: 'Unable to load the image', request_id: ids.uuid() };
        return out;
      }
      return { ...out, _width: 640, _height: 480, _descriptor: vectorOf(`${version ?? body.collection}|${key}`, state.descriptorDim), _status: { code: 200, text: 'OK', request_id: ids.uuid() } };
    });
    return json(200, { records, version: version ?? 1, task_id: taskId ?? null, status: { code: 200, text: 'OK' }, statistics: { 'processing time': 0.01 } });
  });

  const createNamed = <T extends { id: string }>(map: Map<string, T>, make: (req: Req, ws: string, name: string) => T | { error: Res }) =>
    h((req, ws) => {
      const name = field(req, 'name');
      if (!name) return required('name');
      const made = make(req, ws, name);
      if ('error' in made) return made.error;
      map.set(made.id, made);
      return json(201, made);
    });

  const members = (kind: 'images' | 'groups' | 'objects', op: 'add' | 'remove') =>
    h((req) => {
      const g = state.groups.get(req.params.id);
      if (!g) return notFound();
      const list = (req.json as Record<string, unknown> | undefined)?.[kind];
      if (!Array.isArray(list)) return required(kind);
      const known = kind === 'images' ? state.images : kind === 'groups' ? state.groups : state.objects;
      const missing = list.filter((x) => !known.has(x as string));
      if (missing.length) return json(400, { [kind]: [`Unknown ids: ${missing.join(', ')}`] });
      if (op === 'add' && ((kind === 'images' && g.groups.length) || (kind === 'groups' && g.images.length))) return json(400, { detail: 'A group can contain only images or only groups.' });
      g[kind] = op === 'add' ? [...new Set([...g[kind], ...(list as string[])])] : g[kind].filter((x) => !list.includes(x));
      return json(200, g);
    });

  const taskType = (op: 'add' | 'remove') =>
    h((req) => {
      const t = state.tasks.get(req.params.id);
      if (!t) return notFound();
      const typeId = field(req, 'type_id');
      if (!typeId) return required('type_id');
      if (!state.types.has(typeId)) return json(400, { type_id: ['Unknown type.'] });
      t.types = op === 'add' ? [...new Set([...t.types, typeId])] : t.types.filter((x) => x !== typeId);
      return json(200, t);
    });

  const inWs = <T extends { workspace: string }>(map: Map<string, T>) => h((req, ws) => page(req, [...map.values()].filter((x) => x.workspace === ws), state.pageSize));

  return startServer(
    [
      { method: 'POST', path: `${SIM}/descriptor`, handler: descriptor },
      { method: 'POST', path: `${SIM}/task`, handler: createNamed(state.tasks, (req, ws, name) => ({ id: ids.uuid(), name, description: field(req, 'description') ?? '', workspace: ws, types: [], production_version: -1 })) },
      { method: 'GET', path: `${SIM}/task`, handler: inWs(state.tasks) },
      { method: 'GET', path: `${SIM}/task/:id`, handler: h((req) => (state.tasks.has(req.params.id) ? json(200, state.tasks.get(req.params.id)) : notFound())) },
      { method: 'DELETE', path: `${SIM}/task/:id`, handler: h((req) => (state.tasks.delete(req.params.id) ? { status: 204 } : notFound())) },
      { method: 'POST', path: `${SIM}/task/:id/add-type`, handler: taskType('add') },
      { method: 'POST', path: `${SIM}/task/:id/remove-type`, handler: taskType('remove') },
      { method: 'POST', path: `${SIM}/type`, handler: createNamed(state.types, (req, ws, name) => ({ id: ids.uuid(), name, description: field(req, 'description') ?? '', workspace: ws })) },
      { method: 'GET', path: `${SIM}/type`, handler: inWs(state.types) },
      {
        method: 'POST',
        path: `${SIM}/group`,
        handler: createNamed(state.groups, (req, ws, name) => {
          const type = field(req, 'type');
          if (!type) return { error: required('type') };
          if (!state.types.has(type)) return { error: json(400, { type: ['Unknown type.'] }) };
          return { id: ids.uuid(), name, type, description: field(req, 'description') ?? '', workspace: ws, images: [], groups: [], objects: [] };
        }),
      },
      { method: 'GET', path: `${SIM}/group`, handler: inWs(state.groups) },
      ...(['images', 'groups', 'objects'] as const).flatMap((k) => [
        { method: 'POST', path: `${SIM}/group/:id/add-${k}`, handler: members(k, 'add') },
        { method: 'POST', path: `${SIM}/group/:id/remove-${k}`, handler: members(k, 'remove') },
      ]),
      {
        method: 'POST',
        path: '/recognition/v2/training-image',
        handler: h((req, ws) => {
          const file = req.files.img_path?.[0];
          if (!file) return required('img_path');
          const img: XImage = { id: ids.uuid(), name: file.name, size: file.size, workspace: ws };
          state.images.set(img.id, img);
          return json(201, img);
        }),
      },
    ],
    state,
  );
}
