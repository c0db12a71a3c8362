import { unzipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { ValidationError } from '../../../src/contract/errors.js';
import { buildExportZip, type ExportItem } from '../../../src/export/index.js';

const blob = (text: string) => new Blob([new TextEncoder().encode(text)]);
const text = (b: Uint8Array) => new TextDecoder().decode(b);

async function unzip(items: ExportItem[], layout?: 'flat' | 'by-label') {
  const { zip, manifest } = await buildExportZip(items, { archive: 'a', layout });
  return { files: unzipSync(new Uint8Array(await zip.arrayBuffer())), manifest };
}

describe('export layouts', () => {
  const items: ExportItem[] = [
    { id: 1, name: 'cat.jpg', blob: blob('c1'), label: 'cat', labels: ['cat', 'pet'] },
    { id: 2, name: 'dog.jpg', blob: blob('d1'), label: 'dog' },
    { id: 3, name: 'example_to_labels.json', blob: blob('not the labels file'), label: 'odd' },
    { id: 4, name: 'tree.jpg', blob: blob('t1') },
    { id: 5, name: 'lost.jpg', blob: null, label: 'cat' },
  ];

  it("flat: files/ holds the originals and example_to_labels.json naming each labelled file by its name in the zip", async () => {
    const { files, manifest } = await unzip(items);
    const labels = JSON.parse(text(files['files/example_to_labels.json'])) as Record<string, string[]>;
    // A content named like the labels file is renamed; the labels name it as stored.
    expect(labels).toEqual({ 'cat.jpg': ['cat', 'pet'], 'dog.jpg': ['dog'], 'example_to_labels (2).json': ['odd'] });
    for (const name of Object.keys(labels)) expect(files[`files/${name}`]).toBeDefined();
    expect(text(files['files/example_to_labels (2).json'])).toBe('not the labels file');
    expect(files['files/tree.jpg']).toBeDefined();
    expect(manifest.layout).toBe('flat');
    expect(manifest.items.find((i) => i.id === 1)).toMatchObject({ file: 'files/cat.jpg', files: ['files/cat.jpg'], label: 'cat', labels: ['cat', 'pet'] });
    expect(manifest.items.find((i) => i.id === 5)).toMatchObject({ file: null, files: [], labels: ['cat'] });
  });

  it('flat without labels writes no labels file', async () => {
    const { files } = await unzip([{ id: 1, name: 'x.jpg', blob: blob('x') }]);
    expect(Object.keys(files).filter((f) => f.startsWith('files/'))).toEqual(['files/x.jpg']);
  });

  it('by-label: a folder per label, a multi-label item in each, unlabelled apart, folder names safe and unique', async () => {
    const more: ExportItem[] = [
      ...items,
      { id: 6, name: 'cat.jpg', blob: blob('c2'), label: 'cat' },
      { id: 7, name: 'a.jpg', blob: blob('s'), label: 'a/b' },
      { id: 8, name: 'u.jpg', blob: blob('u'), label: '_unlabelled' },
    ];
    const { files, manifest } = await unzip(more, 'by-label');
    const paths = Object.keys(files).filter((f) => f.startsWith('files/')).sort();
    expect(paths).toEqual([
      'files/_unlabelled (2)/u.jpg',
      'files/_unlabelled/tree.jpg',
      'files/a_b/a.jpg',
      'files/cat/cat (2).jpg',
      'files/cat/cat.jpg',
      'files/dog/dog.jpg',
      'files/odd/example_to_labels.json',
      'files/pet/cat.jpg',
    ]);
    expect(text(files['files/pet/cat.jpg'])).toBe('c1');
    expect(text(files['files/cat/cat (2).jpg'])).toBe('c2');
    expect(manifest.items.find((i) => i.id === 1)!.files).toEqual(['files/cat/cat.jpg', 'files/pet/cat.jpg']);
  });

  it('refuses an unknown layout and bad labels by name', async () => {
    await expect(buildExportZip(items, { archive: 'a', layout: 'tree' as never })).rejects.toMatchObject({ field: 'options.layout' });
    const e = await buildExportZip([{ id: 1, name: 'x', blob: null, labels: 'cat' as never }], { archive: 'a' }).catch((x: unknown) => x);
    expect(e).toBeInstanceOf(ValidationError);
    expect((e as ValidationError).field).toBe('items[0].labels');
  });
});
