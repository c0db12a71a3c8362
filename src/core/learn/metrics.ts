/** Held-out metrics of a classifier: accuracy, per-label precision / recall, confusion, confidence words. */
import { CONFIDENCE_CUTS, type ConfidenceMetrics, type ConfidenceWord, type LabelMetrics } from '../../contract/training.js';

/** The confidence word of a top probability (CONFIDENCE_CUTS). */
export function confidenceWord(top: number): ConfidenceWord {
  return top >= CONFIDENCE_CUTS.high ? 'high' : top >= CONFIDENCE_CUTS.medium ? 'medium' : 'low';
}

/** Index of the largest of row `i` of a row-major n × c matrix. */
export function argmaxRow(p: ArrayLike<number>, c: number, i: number): number {
  let best = 0;
  for (let j = 1; j < c; j++) if (p[i * c + j] > p[i * c + best]) best = j;
  return best;
}

export interface SingleLabelMetrics {
  accuracy: number;
  perLabel: LabelMetrics[];
  confusion: number[][];
  confidence: ConfidenceMetrics[];
}

const safe = (a: number, b: number) => (b > 0 ? a / b : 0);

function confidenceTable(top: number[], right: boolean[]): ConfidenceMetrics[] {
  return (['high', 'medium', 'low'] as const).map((word) => {
    const rows = top.map((t, i) => i).filter((i) => confidenceWord(top[i]) === word);
    return { word, count: rows.length, accuracy: safe(rows.filter((i) => right[i]).length, rows.length) };
  });
}

/**
 * Metrics of single-label predictions.
 * @param probs row-major n × labels.length probabilities
 * @param truth the true class of each row
 */
export function singleLabelMetrics(probs: ArrayLike<number>, truth: ArrayLike<number>, labels: string[]): SingleLabelMetrics {
  const c = labels.length;
  const n = truth.length;
  const confusion = labels.map(() => new Array<number>(c).fill(0));
  const top: number[] = [];
  const right: boolean[] = [];
  for (let i = 0; i < n; i++) {
    const p = argmaxRow(probs, c, i);
    confusion[truth[i]][p]++;
    top.push(probs[i * c + p]);
    right.push(p === truth[i]);
  }
  const perLabel = labels.map((label, j) => {
    const tp = confusion[j][j];
    const predicted = confusion.reduce((s, row) => s + row[j], 0);
    const support = confusion[j].reduce((s, v) => s + v, 0);
    return { label, precision: safe(tp, predicted), recall: safe(tp, support), support };
  });
  return { accuracy: safe(right.filter(Boolean).length, n), perLabel, confusion, confidence: confidenceTable(top, right) };
}

/**
 * Metrics of multi-label predictions (a label is predicted at probability >= 0.5).
 * Accuracy is the share of rows whose predicted set equals the true set.
 * @param truth row-major n × labels.length, 1 where the row carries the label
 */
export function multiLabelMetrics(probs: ArrayLike<number>, truth: ArrayLike<number>, labels: string[]): SingleLabelMetrics {
  const c = labels.length;
  const n = truth.length / c;
  const tp = new Array<number>(c).fill(0);
  const pred = new Array<number>(c).fill(0);
  const sup = new Array<number>(c).fill(0);
  const top: number[] = [];
  const right: boolean[] = [];
  for (let i = 0; i < n; i++) {
    let exact = true;
    let best = 0;
    for (let j = 0; j < c; j++) {
      const p = probs[i * c + j] >= 0.5 ? 1 : 0;
      const t = truth[i * c + j] ? 1 : 0;
      if (p !== t) exact = false;
      tp[j] += p & t;
      pred[j] += p;
      sup[j] += t;
      best = Math.max(best, probs[i * c + j]);
    }
    top.push(best);
    right.push(exact);
  }
  const perLabel = labels.map((label, j) => ({ label, precision: safe(tp[j], pred[j]), recall: safe(tp[j], sup[j]), support: sup[j] }));
  return { accuracy: safe(right.filter(Boolean).length, n), perLabel, confusion: [], confidence: confidenceTable(top, right) };
}
