/** Point colours and the legend of the map, computed once per draw (not per point). */
import type { CurationModel } from '../shared/model.js';
import { NEUTRAL, PALETTE } from './palette.js';

export type ColorBy = 'cluster' | 'label' | 'flag' | 'none';
type Rgb = [number, number, number];

function sortedLabels(model: CurationModel): string[] {
  return [...new Set(model.labels.values())].sort();
}

/** A function giving each point's colour under the chosen colouring. */
export function colorer(model: CurationModel, by: ColorBy): (id: number, flagged: boolean) => Rgb {
  if (by === 'cluster') {
    const clusterOf = new Map<number, number>();
    model.clusters?.ids.forEach((ids, k) => ids.forEach((id) => clusterOf.set(id, k)));
    return (id) => {
      const k = clusterOf.get(id);
      return k === undefined ? NEUTRAL : PALETTE[k % PALETTE.length];
    };
  }
  if (by === 'label') {
    const index = new Map(sortedLabels(model).map((l, k) => [l, k]));
    return (id) => {
      const label = model.labels.get(id);
      return label === undefined ? NEUTRAL : PALETTE[index.get(label)! % PALETTE.length];
    };
  }
  if (by === 'flag') return (_id, flagged) => (flagged ? PALETTE[2] : NEUTRAL);
  return () => PALETTE[0];
}

/** Legend entries (name and colour) for the chosen colouring. */
export function legend(model: CurationModel, by: ColorBy): { name: string; color: Rgb }[] {
  if (by === 'cluster') return (model.clusters?.names ?? []).map((name, k) => ({ name, color: PALETTE[k % PALETTE.length] }));
  if (by === 'label') return sortedLabels(model).map((name, k) => ({ name, color: PALETTE[k % PALETTE.length] }));
  if (by === 'flag') return [{ name: 'flagged', color: PALETTE[2] }];
  return [];
}
