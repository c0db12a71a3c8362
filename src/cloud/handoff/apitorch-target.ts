/** Hand-off to API Torch: upload into an existing training set, one label per item. */
import { NotFoundError, ValidationError } from '../../contract/errors.js';
import { requireHttpUrl } from '../util/validate.js';
import { requireSingleLabel } from './labels.js';
import type { ExportRun, TargetAdapter } from './run.js';
import type { ApiTorchTarget, TrainerItem } from './types.js';

export function apiTorchAdapter(target: ApiTorchTarget): TargetAdapter {
  return {
    validate(items: TrainerItem[]) {
      const id = target.trainingSetId;
      if (typeof id !== 'number' || !Number.isInteger(id) || id < 0) {
        throw new ValidationError('target.trainingSetId', 'int >= 0 (API Torch documents no endpoint to create a training set: create it on apitorch.com)');
      }
      items.forEach((it, i) => {
        if (it.blob === undefined && it.url === undefined) throw new ValidationError(`items[${i}]`, 'blob or url');
        if (it.blob === undefined) requireHttpUrl(it.url, `items[${i}].url`);
      });
      requireSingleLabel(items, 'API Torch');
    },
    defaultKey: () => `apitorch:${target.trainingSetId}`,
    async setup(run: ExportRun) {
      if (run.cp.remote.trainingSet) return;
      const sets = await target.client.listTrainingSets({ signal: run.signal });
      if (!sets.some((s) => s.id === target.trainingSetId)) throw new NotFoundError('apitorch training set', target.trainingSetId);
      await run.setRemote('trainingSet', String(target.trainingSetId));
    },
    async sendItem(run: ExportRun, item: TrainerItem) {
      if (run.item(item.name)) return;
      const image = item.blob ?? { url: item.url as string };
      const res = await target.client.uploadImage(target.trainingSetId, item.label, image, { fileName: item.name, signal: run.signal });
      await run.setItem(item.name, res.id, 'labelled');
    },
    async finish() {
      return { status: 'not-available', reason: 'API Torch documents no training endpoint: train from its web app' };
    },
  };
}
