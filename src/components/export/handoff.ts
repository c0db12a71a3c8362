/**
 * Hand-off of the kept set to a cloud trainer through curatekit/cloud's
 * exportToTrainer. The cloud module is loaded on first use so pages that never
 * hand off do not download it.
 */
import { ValidationError } from '../../contract/errors.js';
import type { ExportItem } from '../../export/zip.js';

export type TrainerServiceName = 'apitorch' | 'vize' | 'ximilar';

export interface HandoffForm {
  service: TrainerServiceName;
  apiKey: string;
  /** Service root (for self-hosted or test servers). @defaultValue the service's public URL */
  baseUrl?: string;
  /** API Torch training set id, Vize task id or Ximilar task id; a Vize/Ximilar task is created by name when empty. */
  target: string;
}

export interface HandoffSummary {
  uploaded: number;
  skipped: number;
  training: string;
  /** Multi-label images sent under their first label (API Torch and Ximilar take one label per image). */
  firstLabelOnly: number;
}

export async function handOff(items: ExportItem[], form: HandoffForm, options: { signal?: AbortSignal; onProgress?: (done: number, total: number, phase: string) => void } = {}): Promise<HandoffSummary> {
  if (!['apitorch', 'vize', 'ximilar'].includes(form.service)) throw new ValidationError('form.service', "'apitorch' | 'vize' | 'ximilar'");
  if (typeof form.apiKey !== 'string' || form.apiKey === '') throw new ValidationError('form.apiKey', 'non-empty string');
  const cloud = await import('../../cloud/index.js');
  const conn = { apiKey: form.apiKey, ...(form.baseUrl ? { baseUrl: form.baseUrl } : {}) };
  const multi = form.service === 'vize';
  let firstLabelOnly = 0;
  const trainerItems = items
    .filter((it) => it.blob)
    .map((it) => {
      const [label = it.cluster ?? 'unlabelled', ...more] = it.labels?.length ? it.labels : it.label ? [it.label] : [];
      if (more.length && !multi) firstLabelOnly++;
      return { name: it.name, label, blob: it.blob!, ...(multi && more.length ? { moreLabels: more } : {}) };
    });
  if (trainerItems.length === 0) throw new ValidationError('items', 'at least one item with its original file');
  const target = form.target.trim();
  let spec: Parameters<typeof cloud.exportToTrainer>[1];
  if (form.service === 'apitorch') {
    if (!/^\d+$/.test(target)) throw new ValidationError('form.target', 'API Torch training set id (int >= 0)');
    spec = { service: 'apitorch', client: new cloud.ApiTorchClient(conn), trainingSetId: Number(target) };
  } else if (form.service === 'vize') {
    spec = { service: 'vize', client: new cloud.VizeClient(conn), ...(target ? { taskId: target } : { taskName: 'curatekit export' }) };
  } else {
    spec = { service: 'ximilar', client: new cloud.XimilarClient(conn), ...(target ? { taskId: target } : { taskName: 'curatekit export' }) };
  }
  const result = await cloud.exportToTrainer(trainerItems, spec, { signal: options.signal, onProgress: (p) => options.onProgress?.(p.done, p.total, p.phase) });
  return { uploaded: result.uploaded.length, skipped: result.skipped.length, training: result.training.status, firstLabelOnly };
}
