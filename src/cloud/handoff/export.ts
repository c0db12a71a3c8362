/**
 * exportToTrainer: send locally curated items to a cloud trainer, resumably.
 * Independent of IndexedDB: progress goes to a CheckpointStore (in memory by
 * default) after every remote step, and a re-run with the same store and key
 * skips everything already done, so no image is uploaded twice.
 */
import { ValidationError } from '../../contract/errors.js';
import { runPool } from '../util/pool.js';
import { requireArray, requireInt, requireObject, requireString, requireUniqueNames } from '../util/validate.js';
import { apiTorchAdapter } from './apitorch-target.js';
import { emptyCheckpoint, keyedByName, MemoryCheckpointStore } from './checkpoint.js';
import { ExportRun, type TargetAdapter } from './run.js';
import type { ExportOptions, ExportResult, TrainerItem, TrainerTarget } from './types.js';
import { vizeAdapter } from './vize-target.js';
import { ximilarAdapter } from './ximilar-target.js';

function adapterFor(target: TrainerTarget): TargetAdapter {
  requireObject(target, 'target');
  if (target.client === undefined || target.client === null) throw new ValidationError('target.client', 'connector instance');
  switch (target.service) {
    case 'apitorch':
      return apiTorchAdapter(target);
    case 'vize':
      return vizeAdapter(target);
    case 'ximilar':
      return ximilarAdapter(target);
    default:
      throw new ValidationError('target.service', 'one of apitorch, vize, ximilar');
  }
}

function checkItems(items: unknown): TrainerItem[] {
  const list = requireArray<TrainerItem>(items, 'items');
  list.forEach((it, i) => {
    requireObject(it, `items[${i}]`);
    requireString(it.label, `items[${i}].label`);
    if (it.moreLabels !== undefined) {
      if (!Array.isArray(it.moreLabels)) throw new ValidationError(`items[${i}].moreLabels`, 'array of non-empty strings');
      it.moreLabels.forEach((l, j) => requireString(l, `items[${i}].moreLabels[${j}]`));
    }
  });
  requireUniqueNames(list, 'items');
  return list;
}

/**
 * Create the training set/task/labels on the target, upload the items that
 * are not yet uploaded (progress per item), then start and poll training
 * where the service has it. Rejects with the first typed error; the
 * checkpoint then holds everything finished so far.
 */
export async function exportToTrainer(items: TrainerItem[], target: TrainerTarget, options: ExportOptions = {}): Promise<ExportResult> {
  const list = checkItems(items);
  const adapter = adapterFor(target);
  requireObject(options, 'options');
  const concurrency = options.concurrency === undefined ? 2 : requireInt(options.concurrency, 'options.concurrency', 1);
  adapter.validate(list);
  const store = options.checkpoint ?? new MemoryCheckpointStore();
  const key = options.checkpointKey === undefined ? adapter.defaultKey() : requireString(options.checkpointKey, 'options.checkpointKey');
  const loaded = await store.load(key);
  const cp = loaded ? keyedByName(loaded) : emptyCheckpoint(target.service);
  if (cp.service !== target.service) throw new ValidationError('options.checkpointKey', `a checkpoint of ${target.service} (this one is for ${cp.service})`);
  const run = new ExportRun(store, key, cp, list, options);
  const skipped = list.filter((it) => cp.items[it.name] !== undefined).map((it) => it.name);

  await adapter.setup(run);
  run.progress('upload', { message: skipped.length ? `${skipped.length} already uploaded, skipped` : undefined });
  try {
    await runPool(
      list,
      concurrency,
      async (item) => {
        if (cp.items[item.name]?.step === 'labelled') return;
        await adapter.sendItem(run, item);
        run.progress('upload', { item: item.name });
      },
      options.signal,
    );
  } finally {
    // Writes of items that finished while another failed must land before the caller resumes.
    await run.save();
  }
  const training = await adapter.finish(run);
  return {
    service: target.service,
    checkpointKey: key,
    remote: { ...cp.remote },
    itemIds: Object.fromEntries(list.map((it) => [it.name, cp.items[it.name]?.remoteId ?? ''])),
    uploaded: [...run.uploaded],
    skipped,
    training,
  };
}
