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

describe('CurationModel multi-label', () => {
  it('sets, adds and removes labels; the first stays in `labels`, all in labelsOf; counts and persistence follow', () => {
    const storage = memory();
    const m = new CurationModel(storage);
    m.attach('photos');
    m.setLabel([1, 2], 'cat');
    m.putLabels(m.editedLabels([1], 'add', ' pet '));
    m.putLabels(m.editedLabels([1, 2], 'add', 'cat')); // already there: unchanged
    expect(m.labelsOf(1)).toEqual(['cat', 'pet']);
    expect(m.labelsOf(2)).toEqual(['cat']);
    expect(m.labels.get(1)).toBe('cat');
    expect(m.labelCounts()).toEqual([['cat', 2], ['pet', 1]]);
    m.putLabels(m.editedLabels([1], 'remove', 'cat'));
    expect(m.labelsOf(1)).toEqual(['pet']);
    expect(m.labels.get(1)).toBe('pet');
    m.putLabels(m.editedLabels([1], 'add', 'animal'));
    const again = new CurationModel(storage);
    again.attach('photos');
    expect(again.labelsOf(1)).toEqual(['pet', 'animal']);
    m.putLabels(m.editedLabels([1, 2], 'set', null));
    expect(m.labelsOf(1)).toEqual([]);
    expect(m.labels.size).toBe(0);
  });

  it('replaceLabels takes the archive lists; removed contents lose all their labels', () => {
    const m = new CurationModel(null);
    m.attach('a');
    m.replaceLabels([[1, ['x', 'y', 'x']], [2, 'z'], [3, []]]);
    expect(m.labelsOf(1)).toEqual(['x', 'y']);
    expect(m.labelsOf(2)).toEqual(['z']);
    expect(m.labels.has(3)).toBe(false);
    m.contentsChanged([1]);
    expect(m.labelsOf(1)).toEqual([]);
    expect(m.labelCounts()).toEqual([['z', 1]]);
  });

  it('refuses a bad edit or label by name and changes nothing', () => {
    const m = new CurationModel(null);
    m.attach('a');
    m.setLabel([1], 'cat');
    expect(() => m.editedLabels([1], 'add', null)).toThrow(/label/);
    expect(() => m.editedLabels([1], 'add', 'x'.repeat(101))).toThrow(/label/);
    expect(() => m.editedLabels([1], 'rename' as never, 'x')).toThrow(/edit/);
    expect(() => m.editedLabels([-1], 'add', 'x')).toThrow(/ids/);
    expect(m.labelsOf(1)).toEqual(['cat']);
  });
});
