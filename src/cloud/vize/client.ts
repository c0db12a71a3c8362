/**
 * Vize connector: tasks, labels, training images, training and
 * classification (v1 multipart, v2 JSON batches). Auth: `Authorization: Token <key>`.
 */
import { ValidationError } from '../../contract/errors.js';
import { keyedHttp, type CallOptions, type ConnectorOptions } from '../connector.js';
import type { HttpClient } from '../http/client.js';
import { collectPages, iteratePages, type Page } from '../util/pages.js';
import { checkRecords } from '../util/records.js';
import { pollUntil, type PollOptions } from '../util/poll.js';
import { isBlob, optionalString, requireHttpUrl, requireId, requireInt, requireObject, requireString } from '../util/validate.js';
import {
  VIZE_MAX_BATCH,
  VIZE_MAX_IMAGE_BYTES,
  VIZE_MIN_IMAGES_PER_LABEL,
  VIZE_MIN_LABELS,
  type VizeClassifyV1Request,
  type VizeClassifyV2Request,
  type VizeClassifyV2Response,
  type VizeLabel,
  type VizeTask,
  type VizeTrainingImage,
} from './types.js';

export const VIZE_BASE_URL = 'https://api.vize.ai';

/**
 * Throw a ValidationError unless there are >= 2 labels with >= 20 images each
 * (the documented minimums). `field` names the input the counts came from.
 */
export function checkVizeMinimums(labelCounts: Record<string, number>, field = 'labelCounts'): void {
  requireObject(labelCounts, field);
  const labels = Object.keys(labelCounts);
  if (labels.length < VIZE_MIN_LABELS) {
    throw new ValidationError(field, `>= ${VIZE_MIN_LABELS} labels`, `${field}: Vize needs at least ${VIZE_MIN_LABELS} labels to train, got ${labels.length}`);
  }
  for (const l of labels) {
    const n = labelCounts[l];
    if (!Number.isInteger(n) || n < VIZE_MIN_IMAGES_PER_LABEL) {
      throw new ValidationError(
        `${field}.${l}`,
        `>= ${VIZE_MIN_IMAGES_PER_LABEL} images per label`,
        `${field}.${l}: Vize needs at least ${VIZE_MIN_IMAGES_PER_LABEL} images per label, label "${l}" has ${String(n)}`,
      );
    }
  }
}

/** Check an image against the documented limits (jpg/png, <= 10 MB). */
export function checkVizeImage(blob: unknown, field: string): Blob {
  if (!isBlob(blob)) throw new ValidationError(field, 'Blob');
  if (blob.size === 0) throw new ValidationError(field, 'non-empty image');
  if (blob.size > VIZE_MAX_IMAGE_BYTES) throw new ValidationError(field, 'size <= 10 MB', `${field}: ${blob.size} bytes is over the 10 MB Vize accepts`);
  if (blob.type !== '' && !/^image\/(jpe?g|png)$/.test(blob.type)) throw new ValidationError(field, 'jpg or png image', `${field}: type ${blob.type} is not jpg/png`);
  return blob;
}

export class VizeClient {
  readonly #http: HttpClient;

  constructor(options: ConnectorOptions) {
    this.#http = keyedHttp({ service: 'vize', defaultBaseUrl: VIZE_BASE_URL, secretName: 'vize.token', scheme: 'Token' }, options).http;
  }

  listTasks(opts: CallOptions = {}): AsyncGenerator<Page<VizeTask>> {
    return iteratePages<VizeTask>(this.#http, 'v2/task/', {}, opts.signal);
  }

  async allTasks(opts: CallOptions = {}): Promise<VizeTask[]> {
    return collectPages(this.listTasks(opts));
  }

  async getTask(taskId: string, opts: CallOptions = {}): Promise<VizeTask> {
    return this.#http.request({ method: 'GET', path: `v2/task/${requireId(taskId, 'taskId')}/`, signal: opts.signal });
  }

  async createTask(task: { name: string; description?: string }, opts: CallOptions = {}): Promise<VizeTask> {
    requireObject(task, 'task');
    const form = new FormData();
    form.append('name', requireString(task.name, 'task.name'));
    const description = optionalString(task.description, 'task.description');
    if (description !== undefined) form.append('description', description);
    return this.#http.request({ method: 'POST', path: 'v2/task/', body: form, signal: opts.signal });
  }

  async deleteTask(taskId: string, opts: CallOptions = {}): Promise<void> {
    return this.#http.request({ method: 'DELETE', path: `v2/task/${requireId(taskId, 'taskId')}/`, responseType: 'none', signal: opts.signal });
  }

  listLabels(opts: CallOptions = {}): AsyncGenerator<Page<VizeLabel>> {
    return iteratePages<VizeLabel>(this.#http, 'v2/label/', {}, opts.signal);
  }

  async allLabels(opts: CallOptions = {}): Promise<VizeLabel[]> {
    return collectPages(this.listLabels(opts));
  }

  /** Create a label; `task` (optional, as in the docs' Python sample) also attaches it. */
  async createLabel(label: { name: string; description?: string; task?: string }, opts: CallOptions = {}): Promise<VizeLabel> {
    requireObject(label, 'label');
    const form = new FormData();
    form.append('name', requireString(label.name, 'label.name'));
    const description = optionalString(label.description, 'label.description');
    if (description !== undefined) form.append('description', description);
    if (label.task !== undefined) form.append('task', requireId(label.task, 'label.task'));
    return this.#http.request({ method: 'POST', path: 'v2/label/', body: form, signal: opts.signal });
  }

  /** Connect a label to a task. Set semantics, so retried safely. */
  async connectLabel(taskId: string, labelId: string, opts: CallOptions = {}): Promise<unknown> {
    const form = new FormData();
    form.append('label_id', requireId(labelId, 'labelId'));
    return this.#http.request({ method: 'POST', path: `v2/task/${requireId(taskId, 'taskId')}/add-label/`, body: form, idempotent: true, signal: opts.signal });
  }

  /** Upload a training image (multipart `img_path`). Not retried: a repeat would store it twice. */
  async uploadTrainingImage(image: Blob, fileName = 'image.jpg', opts: CallOptions = {}): Promise<VizeTrainingImage> {
    const form = new FormData();
    form.append('img_path', checkVizeImage(image, 'image'), requireString(fileName, 'fileName'));
    return this.#http.request({ method: 'POST', path: 'v2/training-image/', body: form, signal: opts.signal });
  }

  /** Add a label to a training image (POST, as in the curl sample). Set semantics, so retried safely. */
  async addLabelToImage(imageId: string, labelId: string, opts: CallOptions = {}): Promise<unknown> {
    const form = new FormData();
    form.append('label_id', requireId(labelId, 'labelId'));
    return this.#http.request({ method: 'POST', path: `v2/training-image/${requireId(imageId, 'imageId')}/add-label`, body: form, idempotent: true, signal: opts.signal });
  }

  /**
   * Start training. `labelCounts` (images per label connected to the task) is
   * checked against the documented minimums before the service is called.
   */
  async train(taskId: string, labelCounts: Record<string, number>, opts: CallOptions = {}): Promise<unknown> {
    const id = requireId(taskId, 'taskId');
    checkVizeMinimums(labelCounts);
    return this.#http.request({ method: 'POST', path: `v2/task/${id}/train/`, signal: opts.signal });
  }

  /** Poll the task until its production version is above `fromVersion`; resolves with the task. */
  async waitForTraining(taskId: string, fromVersion: number, poll: PollOptions = {}, opts: CallOptions = {}): Promise<VizeTask> {
    requireInt(fromVersion, 'fromVersion', -1);
    return pollUntil(
      async () => {
        const task = await this.getTask(taskId, opts);
        return typeof task.production_version === 'number' && task.production_version > fromVersion ? task : undefined;
      },
      `vize: training of task ${taskId}`,
      poll,
      opts.signal,
    );
  }

  /** Classify one image with /v1/classify/ (file, URL or base64). Inference: retried like a GET. */
  async classify(req: VizeClassifyV1Request, opts: CallOptions = {}): Promise<Record<string, unknown>> {
    requireObject(req, 'req');
    const form = new FormData();
    form.append('task', requireId(req.task, 'req.task'));
    const given = [req.file, req.url, req.base64].filter((x) => x !== undefined).length;
    if (given !== 1) throw new ValidationError('req', 'exactly one of file, url or base64');
    if (req.file !== undefined) form.append('image_file', checkVizeImage(req.file, 'req.file'), req.fileName ?? 'image');
    else if (req.url !== undefined) form.append('image_url', requireHttpUrl(req.url, 'req.url'));
    else form.append('image_base64', requireString(req.base64, 'req.base64', 'non-empty base64 string'));
    return this.#http.request({ method: 'POST', path: 'v1/classify/', body: form, idempotent: true, signal: opts.signal });
  }

  /** Classify up to 10 records with /v2/classify, optionally with descriptors and a model version. */
  async classifyBatch(req: VizeClassifyV2Request, opts: CallOptions = {}): Promise<VizeClassifyV2Response> {
    requireObject(req, 'req');
    const records = checkRecords(req.records, 'req.records');
    if (records.length > VIZE_MAX_BATCH) throw new ValidationError('req.records', `length <= ${VIZE_MAX_BATCH}`);
    const json: Record<string, unknown> = { task_id: requireId(req.task_id, 'req.task_id'), records };
    if (req.version !== undefined) json.version = requireInt(req.version, 'req.version', 1);
    if (req.descriptor !== undefined) {
      if (typeof req.descriptor !== 'boolean') throw new ValidationError('req.descriptor', 'boolean');
      json.descriptor = req.descriptor ? 1 : 0;
    }
    return this.#http.request({ method: 'POST', path: 'v2/classify', json, idempotent: true, signal: opts.signal });
  }
}
