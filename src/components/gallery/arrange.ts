/** Sorting and filtering of the gallery's items (pure, so it is easy to reason about). */
import type { ContentView } from '../../contract/views.js';
import type { CurationModel } from '../shared/model.js';
import { flagsOf, qualityScoreKeys, qualityValue } from '../shared/flags.js';

/** 'added' | 'name' | 'cluster' | 'score:<name>' | 'quality:<key>'; a leading '-' reverses. */
export type SortKey = string;
/** 'all' | 'selected' | 'flagged' | 'flag:<QualityFlag>' | 'unlabelled' | 'cluster:<index>' | 'label:<text>' */
export type FilterKey = string;

function scoreOf(model: CurationModel, c: ContentView, key: string): number {
  if (key.startsWith('score:')) return model.scores.get(key.slice(6))?.get(c.id) ?? Number.NaN;
  if (key.startsWith('quality:')) return qualityValue(c.quality, key.slice(8));
  if (key === 'cluster') {
    const k = model.clusterOf(c.id);
    return k < 0 ? Number.NaN : k;
  }
  return c.id;
}

export function filterItems(items: ContentView[], model: CurationModel, filter: FilterKey): ContentView[] {
  if (filter === 'selected') return items.filter((c) => model.selected.has(c.id));
  if (filter === 'flagged') return items.filter((c) => flagsOf(c.quality).length > 0);
  if (filter.startsWith('flag:')) {
    const flag = filter.slice(5);
    return items.filter((c) => (c.quality?.flags as string[] | undefined)?.includes(flag));
  }
  if (filter === 'unlabelled') return items.filter((c) => !model.labels.has(c.id));
  if (filter.startsWith('cluster:')) {
    const k = Number(filter.slice(8));
    const ids = new Set(model.clusters?.ids[k] ?? []);
    return items.filter((c) => ids.has(c.id));
  }
  if (filter.startsWith('label:')) {
    const label = filter.slice(6);
    return items.filter((c) => model.labelsOf(c.id).includes(label));
  }
  return items;
}

export function sortItems(items: ContentView[], model: CurationModel, sort: SortKey): ContentView[] {
  const desc = sort.startsWith('-');
  const key = desc ? sort.slice(1) : sort;
  const out = [...items];
  if (key === 'name') {
    out.sort((a, b) => a.name.localeCompare(b.name, undefined, { numeric: true }));
  } else {
    // Items without the score go last whatever the direction.
    out.sort((a, b) => {
      const x = scoreOf(model, a, key), y = scoreOf(model, b, key);
      if (Number.isNaN(x) || Number.isNaN(y)) return Number.isNaN(x) ? (Number.isNaN(y) ? a.id - b.id : 1) : -1;
      return x - y || a.id - b.id;
    });
  }
  if (desc) {
    const missing = out.filter((c) => key !== 'name' && Number.isNaN(scoreOf(model, c, key)));
    const present = out.filter((c) => key === 'name' || !Number.isNaN(scoreOf(model, c, key)));
    return [...present.reverse(), ...missing];
  }
  return out;
}

/** Sort options available for these items and this model. */
export function sortOptions(items: ContentView[], model: CurationModel): { key: SortKey; label: string }[] {
  const opts = [
    { key: 'added', label: 'Added' },
    { key: 'name', label: 'Name' },
  ];
  if (model.clusters) opts.push({ key: 'cluster', label: 'Cluster' });
  for (const name of model.scores.keys()) opts.push({ key: `-score:${name}`, label: `${name} (high first)` }, { key: `score:${name}`, label: `${name} (low first)` });
  const qualityKeys = new Set<string>();
  for (const c of items.slice(0, 200)) for (const k of qualityScoreKeys(c.quality)) qualityKeys.add(k);
  for (const k of qualityKeys) opts.push({ key: `-quality:${k}`, label: `quality: ${k}` });
  return opts;
}
