/**
 * Labelled sets of real embeddings (the default model, TF.js wasm in Node) for
 * judging automatic k: emoji by category (Google's emoji, 25 per category, the
 * same picks as bench:quality), and the photographs with their edits (each
 * photo and its six edits one label). Cached in .cache/ once embedded.
 */
import { createRequire } from 'node:module';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { normalizeRows, type VectorSet } from '../../src/core/base/matrix.js';
import { decodePng, type Rgba } from './neardup-images.js';
import { embed, evalSet } from './neardup-real.js';

const require = createRequire(import.meta.url);
const CACHE = '.cache/autok-emoji-v1.json';

export const CATEGORIES = ['Smileys & Emotion', 'People & Body', 'Animals & Nature', 'Food & Drink', 'Travel & Places', 'Activities', 'Objects', 'Symbols', 'Flags'];

export interface LabelledSet {
  name: string;
  vs: VectorSet;
  labels: string[];
}

function emojiPicks(): { file: string; label: string }[] {
  const emoji = require('emoji-datasource-google/emoji.json') as { image: string; unified: string; category: string; sort_order: number; has_img_google: boolean }[];
  const dir = join(dirname(require.resolve('emoji-datasource-google/package.json')), 'img/google/64');
  return CATEGORIES.flatMap((category) => {
    const all = emoji
      .filter((e) => e.has_img_google && e.category === category && (category === 'Flags' ? e.unified.split('-').length === 2 : !e.unified.includes('-')))
      .sort((a, b) => a.sort_order - b.sort_order);
    return Array.from({ length: 25 }, (_, i) => ({ file: join(dir, all[Math.floor((i * all.length) / 25)].image), label: category }));
  });
}

function subset(vs: VectorSet, labels: string[], keep: (label: string) => boolean, name: string): LabelledSet {
  const rows = labels.map((l, i) => (keep(l) ? i : -1)).filter((i) => i >= 0);
  const data = new Float32Array(rows.length * vs.dim);
  rows.forEach((r, i) => data.set(vs.data.subarray(r * vs.dim, (r + 1) * vs.dim), i * vs.dim));
  return { name, vs: { data, n: rows.length, dim: vs.dim }, labels: rows.map((r) => labels[r]) };
}

/** The emoji sets (9, 6 and 4 categories) and the photo sets (9 photos × 7 versions; the same with 60 emoji as a tenth label). */
export async function labelledSets(): Promise<LabelledSet[]> {
  const picks = emojiPicks();
  let data: Float32Array;
  if (existsSync(CACHE) && JSON.parse(readFileSync(CACHE, 'utf8')).n === picks.length) {
    data = new Float32Array(new Uint8Array(Buffer.from(JSON.parse(readFileSync(CACHE, 'utf8')).data, 'base64')).buffer);
  } else {
    function* imgs(): Generator<Rgba> {
      for (const p of picks) yield decodePng(new Uint8Array(readFileSync(p.file)));
    }
    data = await embed(imgs(), picks.length);
    mkdirSync('.cache', { recursive: true });
    writeFileSync(CACHE, JSON.stringify({ n: picks.length, data: Buffer.from(data.buffer).toString('base64') }));
  }
  const emoji = normalizeRows({ data, n: picks.length, dim: 1792 });
  const emojiLabels = picks.map((p) => p.label);
  const four = new Set(['Animals & Nature', 'Food & Drink', 'Travel & Places', 'Flags']);
  const { vs: photoVs, meta } = await evalSet();
  const photoLabels = meta.map((m) => (m.kind === 'emoji' ? 'emoji' : m.group));
  return [
    { name: 'emoji, 9 categories', vs: emoji, labels: emojiLabels },
    subset(emoji, emojiLabels, (l) => CATEGORIES.slice(0, 6).includes(l), 'emoji, 6 categories'),
    subset(emoji, emojiLabels, (l) => four.has(l), 'emoji, 4 categories'),
    subset(photoVs, photoLabels, (l) => l !== 'emoji', 'photos × 7 versions (9)'),
    { name: 'photos × 7 + 60 emoji (10)', vs: photoVs, labels: photoLabels },
  ];
}
