import { describe, expect, it } from 'vitest';
import { CurationModel, type ModelStorage } from '../../../src/components/shared/model.js';

function memory(): ModelStorage & { data: Map<string, string> } {
  const data = new Map<string, string>();
  return { data, getItem: (k) => data.get(k) ?? null, setItem: (k, v) => void data.set(k, v) };
}

const contents = (pairs: [number, number][]) => pairs.map(([id, added_at]) => ({ id, added_at }));

describe('CurationModel persistence', () => {
  it('restores labels, selection and clusters for the same archive contents', () => {
    const storage = memory();
    const m = new CurationModel(storage);
    m.attach('photos');
    m.reconcile(contents([[1, 100], [2, 200], [3, 300]]));
    m.setLabel([1, 2], 'cat');
    m.select([3]);
    m.setClusters({ ids: [[1, 2], [3]], names: ['a', 'b'], explanation: 'k = 2' });
    const again = new CurationModel(storage);
    again.attach('photos');
    again.reconcile(contents([[1, 100], [2, 200], [3, 300]]));
    expect([...again.labels]).toEqual([[1, 'cat'], [2, 'cat']]);
    expect([...again.selected]).toEqual([3]);
    expect(again.clusters?.ids).toEqual([[1, 2], [3]]);
  });

  it('drops state that belonged to an archive deleted and created again under the same name (same ids, other contents)', () => {
    const storage = memory();
    const m = new CurationModel(storage);
    m.attach('photos');
    m.reconcile(contents([[1, 100], [2, 200]]));
    m.setLabel([1], 'cat');
    m.select([2]);
    const fresh = new CurationModel(storage);
    fresh.attach('photos');
    const changes: string[] = [];
    fresh.addEventListener('change', (e) => changes.push((e as CustomEvent<string>).detail));
    // Same ids 1 and 2, new contents: other added_at.
    fresh.reconcile(contents([[1, 900], [2, 200], [5, 950]]));
    expect(fresh.labels.size).toBe(0);
    expect([...fresh.selected]).toEqual([2]);
    expect(changes).toContain('labels');
    // And the cleaned state is what is saved.
    const third = new CurationModel(storage);
    third.attach('photos');
    expect(third.labels.size).toBe(0);
  });

  it('drops ids that are gone from the archive', () => {
    const m = new CurationModel(memory());
    m.attach('a');
    m.reconcile(contents([[1, 1], [2, 2]]));
    m.setLabel([1, 2], 'x');
    m.reconcile(contents([[2, 2]]));
    expect([...m.labels.keys()]).toEqual([2]);
  });
});
