/** Hand-off to Vize: task, labels connected to it, labelled training images (multi-label: every label attached), training. */
import { ValidationError } from '../../contract/errors.js';
import { checkVizeImage, checkVizeMinimums } from '../vize/client.js';
import { itemLabels } from './labels.js';
import type { ExportRun, TargetAdapter } from './run.js';
import type { TrainerItem, VizeTarget } from './types.js';
import { dict } from '../../contract/dict.js';

function labelCounts(items: TrainerItem[]): Record<string, number> {
  const counts = dict<number>();
  for (const it of items) for (const l of itemLabels(it)) counts[l] = (counts[l] ?? 0) + 1;
  return counts;
}

export function vizeAdapter(target: VizeTarget): TargetAdapter {
  const client = target.client;
  const train = target.train ?? true;
  return {
    validate(items: TrainerItem[]) {
      if (target.taskId === undefined && (typeof target.taskName !== 'string' || target.taskName.trim() === '')) {
        throw new ValidationError('target.taskName', 'non-empty string (or target.taskId)');
      }
      items.forEach((it, i) => {
        if (it.blob === undefined) throw new ValidationError(`items[${i}].blob`, 'Blob (Vize documents file upload only for training images)');
        checkVizeImage(it.blob, `items[${i}].blob`);
      });
      if (train) checkVizeMinimums(labelCounts(items), 'items');
    },
    defaultKey: () => `vize:${target.taskId ?? `new:${target.taskName}`}`,
    async setup(run: ExportRun) {
      const opts = { signal: run.signal };
      let taskId = target.taskId ?? run.cp.remote.task;
      if (taskId === undefined) taskId = (await client.createTask({ name: target.taskName as string, description: target.description }, opts)).id;
      if (run.cp.remote.task !== taskId) await run.setRemote('task', taskId);
      for (const label of Object.keys(labelCounts(run.items))) {
        if (run.cp.remote[`label:${label}`] === undefined) await run.setRemote(`label:${label}`, (await client.createLabel({ name: label }, opts)).id);
        if (run.cp.remote[`connected:${label}`] === undefined) {
          await client.connectLabel(taskId, run.cp.remote[`label:${label}`], opts);
          await run.setRemote(`connected:${label}`, taskId);
        }
        run.progress('setup', { message: `label ${label} ready` });
      }
    },
    async sendItem(run: ExportRun, item: TrainerItem) {
      let state = run.item(item.name);
      if (state === undefined) {
        const img = await client.uploadTrainingImage(item.blob as Blob, item.name, { signal: run.signal });
        await run.setItem(item.name, img.id, 'uploaded');
        state = run.item(item.name);
      }
      if (state && state.step === 'uploaded') {
        // Adding a label the image already has changes nothing, so a resumed item may repeat them.
        for (const l of itemLabels(item)) await client.addLabelToImage(state.remoteId, run.cp.remote[`label:${l}`], { signal: run.signal });
        await run.setItem(item.name, state.remoteId, 'labelled');
      }
    },
    async finish(run: ExportRun) {
      if (!train) return { status: 'skipped', reason: 'target.train is false' };
      const taskId = run.cp.remote.task;
      const opts = { signal: run.signal };
      if (!run.cp.training?.started) {
        const before = await client.getTask(taskId, opts);
        run.cp.training = { started: false, fromVersion: typeof before.production_version === 'number' ? before.production_version : -1 };
        await client.train(taskId, labelCounts(run.items), opts);
        run.cp.training.started = true;
        await run.save();
      }
      run.progress('training', { message: 'training started' });
      if (target.waitForTraining === false) return { status: 'started' };
      const poll = { intervalMs: 10_000, backoff: 1.5, maxIntervalMs: 120_000, ...run.options.poll };
      const task = await client.waitForTraining(taskId, run.cp.training?.fromVersion ?? -1, poll, opts);
      run.cp.training = { ...run.cp.training, started: true, finished: true, version: task.production_version };
      await run.save();
      run.progress('training', { message: `trained: version ${String(task.production_version)}` });
      return { status: 'completed', version: task.production_version };
    },
  };
}
