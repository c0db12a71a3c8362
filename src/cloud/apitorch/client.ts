/**
 * API Torch connector. Auth: HTTP Basic with the API key as user name and an
 * empty password.
 */
import { ValidationError } from '../../contract/errors.js';
import { keyedHttp, type CallOptions, type ConnectorOptions } from '../connector.js';
import { base64Utf8 } from '../http/auth.js';
import { HttpClient } from '../http/client.js';
import { isBlob, requireHttpUrl, requireId, requireObject, requireString, requireStringArray } from '../util/validate.js';
import { checkInt } from '../../contract/validate.js';
import type {
  ApiTorchClassifier,
  ApiTorchClassifyRequest,
  ApiTorchClassifyResponse,
  ApiTorchImageDownload,
  ApiTorchImageListing,
  ApiTorchList,
  ApiTorchTrainingImage,
  ApiTorchTrainingSet,
} from './types.js';

export const APITORCH_BASE_URL = 'https://www.apitorch.com/api';

/** Free-form feedback is base64-encoded into a URL parameter; keep it well under URL limits. */
const MAX_FEEDBACK_CHARS = 4000;

function requireTrainingSetId(id: unknown, field = 'trainingSetId'): number {
  return checkInt(id, field, 0, Infinity, 'int >= 0 (training set id)');
}

export class ApiTorchClient {
  readonly #http: HttpClient;
  readonly #options: ConnectorOptions;

  constructor(options: ConnectorOptions) {
    this.#http = keyedHttp({ service: 'apitorch', defaultBaseUrl: APITORCH_BASE_URL, secretName: 'apitorch.key', scheme: 'Basic' }, options).http;
    // Only transport settings are kept (for image downloads); never the key.
    this.#options = { timeoutMs: options.timeoutMs, retry: options.retry, fetch: options.fetch, logger: options.logger };
  }

  /** True when the key works (`{"object": "ping", "message": "ok"}`). */
  async ping(opts: CallOptions = {}): Promise<boolean> {
    const body = await this.#http.request<{ object?: string; message?: string }>({ method: 'GET', path: 'ping', signal: opts.signal });
    return body?.object === 'ping' && body.message === 'ok';
  }

  async listTrainingSets(opts: CallOptions = {}): Promise<ApiTorchTrainingSet[]> {
    const body = await this.#http.request<ApiTorchList<ApiTorchTrainingSet>>({ method: 'GET', path: 'training-sets', signal: opts.signal });
    return body.data;
  }

  /**
   * Add one image to `label` of a training set, from a file or a URL. Not
   * retried (a repeat would add the image twice).
   */
  async uploadImage(
    trainingSetId: number,
    label: string,
    image: Blob | { url: string },
    opts: CallOptions & { fileName?: string } = {},
  ): Promise<ApiTorchTrainingImage> {
    const id = requireTrainingSetId(trainingSetId);
    const lbl = requireString(label, 'label');
    const form = new FormData();
    if (isBlob(image)) form.append('image', image, requireString(opts.fileName ?? 'image', 'opts.fileName'));
    else form.append('image_url', requireHttpUrl(requireObject(image, 'image', 'Blob or { url }').url, 'image.url'));
    return this.#http.request({ method: 'POST', path: `training-set/${id}/${encodeURIComponent(lbl)}/image`, body: form, signal: opts.signal });
  }

  /** Delete a training image; accepts the id with or without its "ti_" prefix. */
  async deleteImage(imageId: string, opts: CallOptions = {}): Promise<ApiTorchTrainingImage> {
    const raw = requireId(imageId, 'imageId').replace(/^ti_/, '');
    return this.#http.request({ method: 'DELETE', path: `training-image/${raw}`, signal: opts.signal });
  }

  /** Labels and signed image URLs of a training set. */
  async listTrainingImages(trainingSetId: number, opts: CallOptions = {}): Promise<ApiTorchImageListing> {
    return this.#http.request({ method: 'GET', path: `training-set/${requireTrainingSetId(trainingSetId)}/images`, signal: opts.signal });
  }

  /**
   * Download every image of a training set, one at a time. Signed URLs are
   * fetched WITHOUT the API key (they live on another host and carry their
   * own signature).
   */
  async *downloadTrainingSet(
    trainingSetId: number,
    opts: CallOptions & { onProgress?: (done: number, total: number) => void } = {},
  ): AsyncGenerator<ApiTorchImageDownload> {
    const listing = await this.listTrainingImages(trainingSetId, opts);
    const all = listing.data.flatMap((l) => l.images.map((img) => ({ label: l.label, img })));
    let done = 0;
    for (const { label, img } of all) {
      const origin = new URL(requireHttpUrl(img.url, 'listing.data[].images[].url')).origin;
      const http = new HttpClient({ service: 'apitorch-images', baseUrl: origin, ...this.#options });
      const blob = await http.request<Blob>({ method: 'GET', path: img.url, responseType: 'blob', auth: false, signal: opts.signal });
      done += 1;
      opts.onProgress?.(done, all.length);
      yield { label, filename: img.filename, blob };
    }
  }

  async listClassifiers(opts: CallOptions = {}): Promise<ApiTorchClassifier[]> {
    const body = await this.#http.request<ApiTorchList<ApiTorchClassifier>>({ method: 'GET', path: 'classifiers', signal: opts.signal });
    return body.data;
  }

  /**
   * Classify an image URL with one or more classifiers. Sent form-encoded as
   * in the docs (`classifiers[]=a&classifiers[]=b`, `options[show_confidence_value]=true`).
   * Inference changes nothing, so it is retried like a GET.
   */
  async classify(req: ApiTorchClassifyRequest, opts: CallOptions = {}): Promise<ApiTorchClassifyResponse> {
    requireObject(req, 'req');
    const classifiers = requireStringArray(req.classifiers, 'req.classifiers');
    const form = new URLSearchParams();
    form.set('image_url', requireHttpUrl(req.image_url, 'req.image_url'));
    for (const c of classifiers) form.append('classifiers[]', c);
    if (req.options !== undefined) {
      requireObject(req.options, 'req.options');
      const show = req.options.show_confidence_value;
      if (show !== undefined && typeof show !== 'boolean') throw new ValidationError('req.options.show_confidence_value', 'boolean');
      if (show !== undefined) form.set('options[show_confidence_value]', String(show));
    }
    const body = await this.#http.request<ApiTorchClassifyResponse>({ method: 'POST', path: 'classify', body: form, idempotent: true, signal: opts.signal });
    for (const c of body.data ?? []) {
      const v = c.confidence_value !== undefined ? Number(c.confidence_value) : NaN;
      if (Number.isFinite(v)) c.confidenceValue = v;
    }
    return body;
  }

  /** Correct a classification: the image joins the training images of `correct_label_id`. */
  async sendClassificationFeedback(fb: { classification_id: string; correct_label_id: string | number }, opts: CallOptions = {}): Promise<unknown> {
    requireObject(fb, 'feedback');
    const query = {
      classification_id: requireId(fb.classification_id, 'feedback.classification_id'),
      correct_label_id: requireId(fb.correct_label_id, 'feedback.correct_label_id'),
    };
    return this.#http.request({ method: 'POST', path: 'feedback/classification', query, signal: opts.signal });
  }

  /** Free-form feedback; the message is base64-encoded (UTF-8) as the docs ask. */
  async sendFreeformFeedback(message: string, opts: CallOptions = {}): Promise<unknown> {
    const text = requireString(message, 'message');
    if (text.length > MAX_FEEDBACK_CHARS) throw new ValidationError('message', `length <= ${MAX_FEEDBACK_CHARS}`);
    return this.#http.request({ method: 'POST', path: 'feedback/freeform', query: { message: base64Utf8(text) }, signal: opts.signal });
  }
}
