/**
 * Stratified splits of labelled rows: every label keeps its share in each
 * part, so a rare label is never missing from the held-out set by chance.
 */
import { Rng } from '../base/index.js';
import { ValidationError } from '../../contract/errors.js';

/** Fisher–Yates shuffle in place with a seeded generator. */
function shuffle(xs: number[], rng: Rng): number[] {
  for (let i = xs.length - 1; i > 0; i--) {
    const j = rng.int(i + 1);
    [xs[i], xs[j]] = [xs[j], xs[i]];
  }
  return xs;
}

/** Rows by their (first) class, each list shuffled. */
function byClass(classOf: ArrayLike<number>, rng: Rng): number[][] {
  const groups: number[][] = [];
  for (let i = 0; i < classOf.length; i++) (groups[classOf[i]] ??= []).push(i);
  return groups.filter(Boolean).map((g) => shuffle(g, rng));
}

/**
 * Hold out `fraction` of each class (rounded, at least one row of every class
 * with two or more rows; a class with one row stays in training).
 * @param classOf the class index of each row (multi-label: its first label)
 */
export function stratifiedSplit(classOf: ArrayLike<number>, fraction: number, seed = 1): { train: number[]; test: number[] } {
  if (!(fraction > 0 && fraction < 1)) throw new ValidationError('fraction', 'a number in (0, 1)');
  const rng = new Rng(seed);
  const train: number[] = [];
  const test: number[] = [];
  for (const g of byClass(classOf, rng)) {
    const k = g.length < 2 ? 0 : Math.min(g.length - 1, Math.max(1, Math.round(g.length * fraction)));
    test.push(...g.slice(0, k));
    train.push(...g.slice(k));
  }
  return { train: shuffle(train, rng), test: test.sort((a, b) => a - b) };
}

/**
 * `folds` stratified folds: each row is in exactly one fold's test part.
 * @returns for each fold, the rows it holds out
 */
export function stratifiedFolds(classOf: ArrayLike<number>, folds: number, seed = 1): number[][] {
  if (!Number.isInteger(folds) || folds < 2) throw new ValidationError('folds', 'an int >= 2');
  const rng = new Rng(seed);
  const out: number[][] = Array.from({ length: folds }, () => []);
  // Deal each class round-robin, continuing where the last class stopped, so fold sizes stay even.
  let f = 0;
  for (const g of byClass(classOf, rng)) {
    for (const i of g) {
      out[f].push(i);
      f = (f + 1) % folds;
    }
  }
  return out.map((o) => o.sort((a, b) => a - b));
}
