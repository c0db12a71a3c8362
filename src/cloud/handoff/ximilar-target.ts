/**
 * Hand-off to Ximilar similarity: a type, a task with that type, one group
 * per label; images are uploaded to the workspace image store and added to
 * their label's group in batches.
 */
import { ValidationError } from '../../contract/errors.js';
import { isBlob } from '../util/validate.js';
import { requireSingleLabel } from './labels.js';
import type { ExportRun, TargetAdapter } from './run.js';
import type { TrainerItem, XimilarTarget } from './types.js';

/** Ids per add-images call (the docs give no limit; kept modest). */
const GROUP_BATCH = 100;

export function ximilarAdapter(target: XimilarTarget): TargetAdapter {
  const client = target.client;
  return {
    validate(items: TrainerItem[]) {
      if (target.taskId === undefined && (typeof target.taskName !== 'string' || target.taskName.trim() === '')) {
        throw new ValidationError('target.taskName', 'non-empty string (or target.taskId)');
      }
      if (target.typeId === undefined && (target.typeName ?? target.taskName) === undefined) {
        throw new ValidationError('target.typeName', 'non-empty string (or target.typeId)');
      }
      items.forEach((it, i) => {
        if (!isBlob(it.blob)) throw new ValidationError(`items[${i}].blob`, 'Blob (Ximilar training images are uploaded as files)');
      });
      requireSingleLabel(items, 'Ximilar (one group per label)');
    },
    defaultKey: () => `ximilar:${client.workspace ?? 'default'}:${target.taskId ?? `new:${target.taskName}`}`,
    async setup(run: ExportRun) {
      const opts = { signal: run.signal };
      const remote = run.cp.remote;
      if (remote.type === undefined) await run.setRemote('type', target.typeId ?? (await client.createType({ name: (target.typeName ?? target.taskName) as string }, opts)).id);
      if (remote.task === undefined) await run.setRemote('task', target.taskId ?? (await client.createTask({ name: target.taskName as string }, opts)).id);
      if (remote.taskType === undefined) {
        await client.addTypeToTask(remote.task, remote.type, opts);
        await run.setRemote('taskType', remote.type);
      }
      for (const label of new Set(run.items.map((it) => it.label))) {
        if (remote[`group:${label}`] === undefined) await run.setRemote(`group:${label}`, (await client.createGroup({ name: label, type: remote.type }, opts)).id);
      }
      run.progress('setup', { message: 'type, task and groups ready' });
    },
    async sendItem(run: ExportRun, item: TrainerItem) {
      if (run.item(item.name)) return;
      const img = await client.uploadImage(item.blob as Blob, item.name, { signal: run.signal });
      await run.setItem(item.name, img.id, 'uploaded');
    },
    async finish(run: ExportRun) {
      const byLabel = new Map<string, TrainerItem[]>();
      for (const it of run.items) if (run.item(it.name)?.step === 'uploaded') byLabel.set(it.label, [...(byLabel.get(it.label) ?? []), it]);
      for (const [label, items] of byLabel) {
        for (let i = 0; i < items.length; i += GROUP_BATCH) {
          const chunk = items.slice(i, i + GROUP_BATCH);
          await client.addImagesToGroup(run.cp.remote[`group:${label}`], chunk.map((it) => run.item(it.name)!.remoteId), { signal: run.signal });
          for (const it of chunk) run.cp.items[it.name].step = 'labelled';
          await run.save();
          run.progress('label', { message: `group ${label}: ${Math.min(i + GROUP_BATCH, items.length)}/${items.length}` });
        }
      }
      return { status: 'not-available', reason: 'the Ximilar similarity docs describe no training endpoint: train from the Ximilar app' };
    },
  };
}
