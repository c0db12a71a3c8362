/**
 * The mini-batch loop both trainers share (classifier heads and fine-tuned
 * projections): shuffle, one optimizer step per batch, validate, keep the best
 * epoch's weights, stop after `patience` epochs without improvement, check for
 * cancel between epochs and let messages reach the worker.
 */
import { CancelledError } from '../contract/errors.js';
import type { Rng } from '../core/base/index.js';

export interface EpochLoop<V extends { validationLoss: number }, S> {
  rows: number;
  batchSize: number;
  maxEpochs: number;
  patience: number;
  rng: Rng;
  signal?: AbortSignal;
  /** Whether there is a validation part; without one the loop runs maxEpochs (its loss is the training loss). */
  validating: boolean;
  /** One optimizer step on these rows; resolves to its loss (NaN when the optimizer reported none). */
  step(rows: Int32Array): Promise<number>;
  /** After each epoch: the validation measures, given the epoch's mean training loss. */
  validate(trainLoss: number): Promise<V>;
  onEpoch?(epoch: number, trainLoss: number, validation: V): void;
  /** A copy of the current weights (kept when the epoch is the best so far). */
  snapshot(): Promise<S>;
}

const yieldNow = () => new Promise<void>((r) => setTimeout(r, 0));

type Tf = typeof import('@tensorflow/tfjs');
type Tensor1D = import('@tensorflow/tfjs').Tensor1D;
type Scalar = import('@tensorflow/tfjs').Scalar;
type Optimizer = import('@tensorflow/tfjs').Optimizer;
type Variable = import('@tensorflow/tfjs').Variable;

/** One optimizer step on `rows` (the loss gets them as an int32 index tensor); resolves to the loss, NaN when none was reported. */
export async function optimizerStep(tf: Tf, optimizer: Optimizer, vars: Variable[], rows: Int32Array, loss: (idx: Tensor1D) => Scalar): Promise<number> {
  const idx = tf.tensor1d(rows, 'int32');
  const cost = optimizer.minimize(() => loss(idx), true, vars);
  idx.dispose();
  if (!cost) return NaN;
  const value = (await cost.data())[0];
  cost.dispose();
  return value;
}

/** @throws CancelledError when `signal` aborts (checked at the start of every epoch) */
export async function runEpochs<V extends { validationLoss: number }, S>(o: EpochLoop<V, S>): Promise<{ best: S; epochs: number; stoppedEarly: boolean }> {
  const order = Array.from({ length: o.rows }, (_, i) => i);
  let best = Infinity;
  let kept: S | undefined;
  let since = 0;
  let epoch = 1;
  let stoppedEarly = false;
  for (; epoch <= o.maxEpochs; epoch++) {
    if (o.signal?.aborted) throw new CancelledError();
    o.rng.shuffle(order);
    let lossSum = 0;
    let steps = 0;
    for (let s = 0; s < order.length; s += o.batchSize) {
      const loss = await o.step(Int32Array.from(order.slice(s, s + o.batchSize)));
      if (!Number.isNaN(loss)) lossSum += loss;
      steps++;
    }
    const trainLoss = lossSum / Math.max(1, steps);
    const v = await o.validate(trainLoss);
    o.onEpoch?.(epoch, trainLoss, v);
    if (v.validationLoss < best - 1e-4) {
      best = v.validationLoss;
      since = 0;
      kept = await o.snapshot();
    } else if (o.validating && ++since >= o.patience) {
      stoppedEarly = true;
      break;
    }
    await yieldNow();
  }
  return { best: kept ?? (await o.snapshot()), epochs: Math.min(epoch, o.maxEpochs), stoppedEarly };
}
