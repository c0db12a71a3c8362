/**
 * DeepVA connector: mining jobs (create, read, list, detailed results, poll to
 * completion) and storage upload. Auth: `Authorization: Key <key>`.
 */
import { RemoteError, ValidationError } from '../../contract/errors.js';
import { keyedHttp, type CallOptions, type ConnectorOptions } from '../connector.js';
import type { HttpClient } from '../http/client.js';
import { pollUntil, type PollOptions } from '../util/poll.js';
import { isBlob, optionalString, requireArray, requireId, requireObject, requireString } from '../util/validate.js';
import { DEEPVA_MEDIA_TYPES, type DeepvaCreateJob, type DeepvaJob, type DeepvaStorageItem } from './types.js';

export const DEEPVA_BASE_URL = 'https://api.deepva.com/api/v1';

/** Read DeepVA's zone-less timestamps as UTC; null stays null. */
export function parseDeepvaTime(value: string | null | undefined): number | null {
  if (!value) return null;
  const iso = value.includes('T') ? value : value.replace(' ', 'T');
  const withZone = /[zZ]|[+-]\d\d:?\d\d$/.test(iso) ? iso : `${iso}Z`;
  const ms = Date.parse(withZone);
  return Number.isNaN(ms) ? null : ms;
}

function checkSource(s: unknown, field: string): string {
  const v = requireString(s, field, 'storage://, http(s) URL or on-prem path');
  if (/^storage:\/\/\S+$/.test(v) || /^https?:\/\/\S+$/.test(v) || v.startsWith('/')) return v;
  throw new ValidationError(field, 'storage://, http(s) URL or on-prem path');
}

export interface WaitOptions extends CallOptions {
  poll?: PollOptions;
  /** Called with each polled job (progress 0..1 and state). */
  onProgress?: (job: DeepvaJob) => void;
}

export class DeepvaClient {
  readonly #http: HttpClient;

  constructor(options: ConnectorOptions) {
    this.#http = keyedHttp({ service: 'deepva', defaultBaseUrl: DEEPVA_BASE_URL, secretName: 'deepva.key', scheme: 'Key' }, options).http;
  }

  /** Create a mining job. Not retried: a repeat would run (and bill) the job twice. */
  async createJob(req: DeepvaCreateJob, opts: CallOptions = {}): Promise<DeepvaJob> {
    requireObject(req, 'req');
    const sources = requireArray<unknown>(req.sources, 'req.sources').map((s, i) => checkSource(s, `req.sources[${i}]`));
    const modules = requireObject(req.modules, 'req.modules', 'object of module name → configuration');
    if (Object.keys(modules).length === 0) throw new ValidationError('req.modules', 'at least one module');
    for (const [k, v] of Object.entries(modules)) requireObject(v, `req.modules.${k}`, 'module configuration object');
    const json: Record<string, unknown> = { sources, modules };
    const tag = optionalString(req.tag, 'req.tag');
    if (tag !== undefined) json.tag = tag;
    return this.#http.request({ method: 'POST', path: 'jobs/', json, signal: opts.signal });
  }

  async getJob(jobId: string, opts: CallOptions = {}): Promise<DeepvaJob> {
    return this.#http.request({ method: 'GET', path: `jobs/${requireId(jobId, 'jobId')}/`, signal: opts.signal });
  }

  /**
   * Detailed results (bounding boxes, landmarks, per-frame data). Built from
   * the base URL, not from `detailed_link`, whose documented form lacks the
   * `/api` prefix of every other endpoint.
   */
  async getDetailedResults(jobId: string, opts: CallOptions = {}): Promise<unknown> {
    return this.#http.request({ method: 'GET', path: `jobs/${requireId(jobId, 'jobId')}/detailed-results`, signal: opts.signal });
  }

  /** The account's jobs (`{"data": [...]}` as in the docs' sample). */
  async listJobs(opts: CallOptions = {}): Promise<DeepvaJob[]> {
    const body = await this.#http.request<{ data?: DeepvaJob[] } | DeepvaJob[]>({ method: 'GET', path: 'jobs/', signal: opts.signal });
    if (Array.isArray(body)) return body;
    if (!body || !Array.isArray(body.data)) throw new RemoteError('deepva: job list without a "data" array', undefined, { service: 'deepva' });
    return body.data;
  }

  /**
   * Upload a media file to DeepVA storage (multipart `folder` + `file`);
   * use the returned `url` (storage://…) as a job source. Not retried.
   */
  async uploadToStorage(file: Blob, opts: CallOptions & { fileName?: string; folder?: string } = {}): Promise<DeepvaStorageItem> {
    if (!isBlob(file)) throw new ValidationError('file', 'Blob');
    if (file.type !== '' && !(DEEPVA_MEDIA_TYPES as readonly string[]).includes(file.type)) {
      throw new ValidationError('file', `type in ${DEEPVA_MEDIA_TYPES.join(', ')}`, `file: DeepVA does not accept ${file.type}`);
    }
    const folder = opts.folder ?? '/';
    if (typeof folder !== 'string' || !folder.startsWith('/') || !folder.endsWith('/')) throw new ValidationError('opts.folder', 'path starting and ending with "/"');
    const form = new FormData();
    form.append('folder', folder);
    form.append('file', file, requireString(opts.fileName ?? (file instanceof File ? file.name : 'upload'), 'opts.fileName'));
    return this.#http.request({ method: 'POST', path: 'storage/', body: form, signal: opts.signal });
  }

  /**
   * Poll a job until it is completed (resolves with it) or failed/cancelled
   * (rejects with RemoteError carrying the service's message).
   */
  async waitForJob(jobId: string, opts: WaitOptions = {}): Promise<DeepvaJob> {
    return pollUntil(
      async () => {
        const job = await this.getJob(jobId, opts);
        opts.onProgress?.(job);
        const state = String(job.state).toLowerCase();
        if (state === 'completed') return job;
        if (state === 'failed' || state === 'cancelled' || state === 'canceled' || state === 'error') {
          // The docs define no failure field; take `error` or `message` when the service sends one.
          const why = typeof job.error === 'string' ? job.error : typeof job.message === 'string' ? job.message : 'no reason given';
          throw new RemoteError(`deepva: job ${job.id} ${state}: ${why}`, undefined, { service: 'deepva', state, jobId: job.id });
        }
        return undefined;
      },
      `deepva: job ${jobId}`,
      opts.poll,
      opts.signal,
    );
  }

  /** Create a job and wait for its completion. */
  async runJob(req: DeepvaCreateJob, opts: WaitOptions = {}): Promise<DeepvaJob> {
    const job = await this.createJob(req, opts);
    return this.waitForJob(job.id, opts);
  }
}
