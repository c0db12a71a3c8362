/** Labels of hand-off items: one per image for most trainers, several for Vize. */
import { ValidationError } from '../../contract/errors.js';
import type { TrainerItem } from './types.js';

/** Every label of an item: `label` then `moreLabels`, without repeats. */
export function itemLabels(it: TrainerItem): string[] {
  return [...new Set([it.label, ...(it.moreLabels ?? [])])];
}

/** For the services that take one label per image: refuse an item with more, by name. */
export function requireSingleLabel(items: TrainerItem[], service: string): void {
  items.forEach((it, i) => {
    if (itemLabels(it).length > 1) throw new ValidationError(`items[${i}].moreLabels`, `one label per image (${service} takes a single label per training image; send the item under one label)`);
  });
}
