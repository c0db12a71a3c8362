/**
 * Ximilar custom similarity connector: descriptor extraction, tasks, types,
 * groups and workspaces. Auth: `Authorization: Token <key>`.
 */
import { ValidationError } from '../../contract/errors.js';
import { keyedHttp, type CallOptions, type ConnectorOptions } from '../connector.js';
import type { HttpClient } from '../http/client.js';
import { collectPages, iteratePages, type Page } from '../util/pages.js';
import { checkRecords } from '../util/records.js';
import { isBlob, optionalString, requireId, requireInt, requireObject, requireString, requireStringArray } from '../util/validate.js';
import type {
  XimilarDescriptorRequest,
  XimilarDescriptorResponse,
  XimilarGroup,
  XimilarImage,
  XimilarNamed,
  XimilarTask,
  XimilarType,
} from './types.js';

export const XIMILAR_BASE_URL = 'https://api.ximilar.com/similarity/training/v2';
/** Training images live in the shared Ximilar image store (documented in the Vize/recognition docs). */
export const XIMILAR_RECOGNITION_URL = 'https://api.ximilar.com/recognition/v2';

export interface XimilarOptions extends ConnectorOptions {
  /** Workspace UUID; without it the token's default workspace is used. */
  workspace?: string;
  /** Root of the image store used by {@link XimilarClient.uploadImage}. @defaultValue XIMILAR_RECOGNITION_URL */
  recognitionBaseUrl?: string;
}

type GroupMember = 'images' | 'groups' | 'objects';

export class XimilarClient {
  readonly #http: HttpClient;
  readonly #images: HttpClient;
  readonly #workspace: string | undefined;

  constructor(options: XimilarOptions) {
    const spec = { service: 'ximilar', defaultBaseUrl: XIMILAR_BASE_URL, secretName: 'ximilar.token', scheme: 'Token' as const };
    const { http, secrets } = keyedHttp(spec, options);
    this.#http = http;
    this.#images = keyedHttp(spec, { ...options, secrets }, options.recognitionBaseUrl ?? XIMILAR_RECOGNITION_URL).http;
    this.#workspace = optionalString(options.workspace, 'options.workspace');
  }

  /** The workspace in use (undefined = the token's default). */
  get workspace(): string | undefined {
    return this.#workspace;
  }

  #query(): Record<string, string | undefined> {
    return { workspace: this.#workspace };
  }

  #form(fields: Record<string, string | undefined>): FormData {
    const form = new FormData();
    for (const [k, v] of Object.entries({ ...fields, workspace: this.#workspace })) if (v !== undefined) form.append(k, v);
    return form;
  }

  /**
   * Extract descriptors (embeddings) for records given by `_url` or `_base64`,
   * with a collection's model or a task's model at a version. Pure
   * computation, so it is retried like a GET.
   */
  async extractDescriptors(req: XimilarDescriptorRequest, opts: CallOptions = {}): Promise<XimilarDescriptorResponse> {
    requireObject(req, 'req');
    const records = checkRecords(req.records, 'req.records');
    const body: Record<string, unknown> = { records };
    if (req.collection !== undefined && req.task_id !== undefined) throw new ValidationError('req.collection', 'either collection or task_id, not both');
    if (req.collection !== undefined) body.collection = requireString(req.collection, 'req.collection', 'collection UUID');
    else if (req.task_id !== undefined) {
      body.task_id = requireString(req.task_id, 'req.task_id', 'task UUID');
      body.version = requireInt(req.version, 'req.version', 1, 'int >= 1 (required with task_id)');
    } else throw new ValidationError('req.collection', 'collection or task_id (with version) required');
    if (this.#workspace) body.workspace = this.#workspace;
    return this.#http.request({ method: 'POST', path: 'descriptor', json: body, idempotent: true, signal: opts.signal });
  }

  /** Create a similarity task (multipart form, as documented). Not retried. */
  async createTask(task: XimilarNamed, opts: CallOptions = {}): Promise<XimilarTask> {
    requireObject(task, 'task');
    const name = requireString(task.name, 'task.name');
    const description = optionalString(task.description, 'task.description');
    return this.#http.request({ method: 'POST', path: 'task', body: this.#form({ name, description }), signal: opts.signal });
  }

  async getTask(taskId: string, opts: CallOptions = {}): Promise<XimilarTask> {
    return this.#http.request({ method: 'GET', path: `task/${requireId(taskId, 'taskId')}`, query: this.#query(), signal: opts.signal });
  }

  /** Async iterator over the pages of the task list (follows `next`). */
  listTasks(opts: CallOptions = {}): AsyncGenerator<Page<XimilarTask>> {
    return iteratePages<XimilarTask>(this.#http, 'task/', this.#query(), opts.signal);
  }

  /** Every task, all pages concatenated. */
  async allTasks(opts: CallOptions = {}): Promise<XimilarTask[]> {
    return collectPages(this.listTasks(opts));
  }

  /** Attach a similarity type to a task (a task needs at least one type to train). */
  async addTypeToTask(taskId: string, typeId: string, opts: CallOptions = {}): Promise<XimilarTask> {
    return this.#taskType('add-type', taskId, typeId, opts);
  }

  async removeTypeFromTask(taskId: string, typeId: string, opts: CallOptions = {}): Promise<XimilarTask> {
    return this.#taskType('remove-type', taskId, typeId, opts);
  }

  async #taskType(action: string, taskId: string, typeId: string, opts: CallOptions): Promise<XimilarTask> {
    const json: Record<string, unknown> = { type_id: requireId(typeId, 'typeId') };
    if (this.#workspace) json.workspace = this.#workspace;
    // Set semantics: adding or removing the same type twice changes nothing, so a retry is safe.
    return this.#http.request({ method: 'POST', path: `task/${requireId(taskId, 'taskId')}/${action}`, json, idempotent: true, signal: opts.signal });
  }

  async createType(type: XimilarNamed, opts: CallOptions = {}): Promise<XimilarType> {
    requireObject(type, 'type');
    const name = requireString(type.name, 'type.name');
    const description = optionalString(type.description, 'type.description');
    return this.#http.request({ method: 'POST', path: 'type', body: this.#form({ name, description }), signal: opts.signal });
  }

  listTypes(opts: CallOptions = {}): AsyncGenerator<Page<XimilarType>> {
    return iteratePages<XimilarType>(this.#http, 'type/', this.#query(), opts.signal);
  }

  /** Create a group of one similarity type; a group holds only images or only groups. */
  async createGroup(group: XimilarNamed & { type: string }, opts: CallOptions = {}): Promise<XimilarGroup> {
    requireObject(group, 'group');
    const name = requireString(group.name, 'group.name');
    const type = requireString(group.type, 'group.type', 'type UUID');
    const description = optionalString(group.description, 'group.description');
    return this.#http.request({ method: 'POST', path: 'group/', body: this.#form({ name, type, description }), signal: opts.signal });
  }

  listGroups(opts: CallOptions = {}): AsyncGenerator<Page<XimilarGroup>> {
    return iteratePages<XimilarGroup>(this.#http, 'group/', this.#query(), opts.signal);
  }

  async addImagesToGroup(groupId: string, imageIds: string[], opts: CallOptions = {}): Promise<unknown> {
    return this.#members(groupId, 'add', 'images', imageIds, opts);
  }

  async removeImagesFromGroup(groupId: string, imageIds: string[], opts: CallOptions = {}): Promise<unknown> {
    return this.#members(groupId, 'remove', 'images', imageIds, opts);
  }

  async addGroupsToGroup(groupId: string, groupIds: string[], opts: CallOptions = {}): Promise<unknown> {
    return this.#members(groupId, 'add', 'groups', groupIds, opts);
  }

  async removeGroupsFromGroup(groupId: string, groupIds: string[], opts: CallOptions = {}): Promise<unknown> {
    return this.#members(groupId, 'remove', 'groups', groupIds, opts);
  }

  async addObjectsToGroup(groupId: string, objectIds: string[], opts: CallOptions = {}): Promise<unknown> {
    return this.#members(groupId, 'add', 'objects', objectIds, opts);
  }

  async removeObjectsFromGroup(groupId: string, objectIds: string[], opts: CallOptions = {}): Promise<unknown> {
    return this.#members(groupId, 'remove', 'objects', objectIds, opts);
  }

  async #members(groupId: string, op: 'add' | 'remove', kind: GroupMember, ids: string[], opts: CallOptions): Promise<unknown> {
    const json: Record<string, unknown> = { [kind]: requireStringArray(ids, kind) };
    if (this.#workspace) json.workspace = this.#workspace;
    // Membership changes have set semantics, so repeating one is harmless.
    return this.#http.request({ method: 'POST', path: `group/${requireId(groupId, 'groupId')}/${op}-${kind}`, json, idempotent: true, signal: opts.signal });
  }

  /**
   * Upload one image file to the workspace's image store (multipart
   * `img_path`), returning its UUID for {@link addImagesToGroup}. Only files:
   * the docs describe no URL upload for training images. Not retried: a
   * repeated upload would create a second image.
   */
  async uploadImage(image: Blob, fileName = 'image', opts: CallOptions = {}): Promise<XimilarImage> {
    if (!isBlob(image)) throw new ValidationError('image', 'Blob (training images are uploaded as files)');
    const form = new FormData();
    form.append('img_path', image, requireString(fileName, 'fileName'));
    if (this.#workspace) form.append('workspace', this.#workspace);
    return this.#images.request({ method: 'POST', path: 'training-image/', body: form, signal: opts.signal });
  }
}
