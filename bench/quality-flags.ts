/**
 * npm run bench:flags — quality flags on real photographs (the 63 originals of the
 * real-photo fixture at full resolution, test/fixtures/photos/sources.json), each
 * fitted to 1024 px and then:
 *   - as is (sharp originals: a "blurry" flag here is a false flag),
 *   - blurred with a Gaussian of σ = 3 px (and σ = 2, reported),
 *   - exposure −2 EV and +2 EV (linear light ×¼ and ×4, clipped).
 * Peers: the previous blur rule (Laplacian variance < 100) and dark rule (mean luma < 40).
 * Flags are judged as the engine does: blur on the 448 px working decode, the others
 * on the 256 px analysis copy (area resize here; the browser's 'high' resize in the engine).
 * Peer: the previous blur rule (Laplacian variance < 100), side by side.
 * Usage: npm run bench:flags (runs scripts/prepare-photos.ts's download once).
 */
import { readdirSync, readFileSync } from 'node:fs';
import { decodeAny, fitLong, type Rgba } from '../scripts/photo-codec.js';
import { preparePhotos, sourcePath, type Source } from '../scripts/prepare-photos.js';
import { blurEffect, pixelQuality, toLuma } from '../src/core/image/index.js';
import { printTable, type BenchRow } from './core/row.js';

function gaussian(img: Rgba, sigma: number): Rgba {
  const r = Math.ceil(3 * sigma), k = Array.from({ length: 2 * r + 1 }, (_, i) => Math.exp(-((i - r) ** 2) / (2 * sigma * sigma)));
  const sum = k.reduce((a, b) => a + b, 0);
  const { width: w, height: h } = img;
  const pass = (src: Float32Array, dx: number, dy: number) => {
    const out = new Float32Array(src.length);
    for (let y = 0; y < h; y++) for (let x = 0; x < w; x++) for (let c = 0; c < 3; c++) {
      let s = 0;
      for (let t = -r; t <= r; t++) {
        const xx = Math.min(w - 1, Math.max(0, x + t * dx)), yy = Math.min(h - 1, Math.max(0, y + t * dy));
        s += k[t + r] * src[(yy * w + xx) * 4 + c];
      }
      out[(y * w + x) * 4 + c] = s / sum;
    }
    return out;
  };
  const once = pass(Float32Array.from(img.data), 1, 0);
  const twice = pass(once, 0, 1);
  const data = new Uint8Array(img.data.length);
  for (let i = 0; i < data.length; i++) data[i] = i % 4 === 3 ? 255 : Math.round(twice[i]);
  return { data, width: w, height: h };
}

/** Exposure shift by `ev` stops in linear light (sRGB ≈ gamma 2.2), clipped. */
function exposure(img: Rgba, ev: number): Rgba {
  const f = 2 ** ev;
  const lut = Array.from({ length: 256 }, (_, v) => Math.min(255, Math.round(255 * Math.min(1, ((v / 255) ** 2.2) * f) ** (1 / 2.2))));
  return { ...img, data: img.data.map((v, i) => (i % 4 === 3 ? v : lut[v])) };
}

const analysis = (img: Rgba) => fitLong(img, 256);
/** As the engine: blur judged on the 448 px working decode, the rest on the 256 px analysis copy. */
const flagsOf = (img: Rgba) => {
  const a = analysis(img);
  const work = fitLong(img, 448);
  const be = blurEffect(toLuma(work.data, work.width, work.height), work.width, work.height);
  return Object.assign(pixelQuality(new Uint8ClampedArray(a.data.buffer), a.width, a.height, { blur: be }), { judged: be.judged });
};
const oldBlurry = (q: ReturnType<typeof pixelQuality>) => q.sharpness < 100;

preparePhotos();
const sources = (JSON.parse(readFileSync('test/fixtures/photos/sources.json', 'utf8')) as { photos: Source[] }).photos;
type Q = ReturnType<typeof flagsOf>;
type Row = { name: string; sharp: Q; blur3: Q; blur2: Q; dark: Q; bright: Q };
const rows: Row[] = [];
for (const [i, s] of sources.entries()) {
  const img = fitLong(decodeAny(readFileSync(sourcePath(s))), 1024);
  rows.push({ name: s.path.split('/').pop()!, sharp: flagsOf(img), blur3: flagsOf(gaussian(img, 3)), blur2: flagsOf(gaussian(img, 2)), dark: flagsOf(exposure(img, -2)), bright: flagsOf(exposure(img, 2)) });
  process.stderr.write(`\rflags: ${i + 1}/${sources.length}`);
}
process.stderr.write('\n');

const n = rows.length;
const count = (f: (r: Row) => boolean) => rows.filter(f).length;
const pct = (k: number) => `${k}/${n} (${((100 * k) / n).toFixed(0)} %)`;
const out: BenchRow[] = [];
const falseBlur = count((r) => r.sharp.flags.blurry), falseBlurOld = count((r) => oldBlurry(r.sharp));
out.push({ task: 'false "blurry" on sharp originals', ours: pct(falseBlur), peer: `Laplacian var < 100: ${pct(falseBlurOld)}`, ratio: falseBlur / Math.max(1, falseBlurOld), target: '≤ 5 %', met: falseBlur / n <= 0.05 });
const hit3 = count((r) => r.blur3.flags.blurry), hit3Old = count((r) => oldBlurry(r.blur3));
const judged3 = count((r) => r.blur3.blur !== null);
out.push({ task: '"blurry" on copies blurred σ = 3 px at 1024', ours: pct(hit3), peer: `Laplacian var < 100: ${pct(hit3Old)}`, ratio: hit3 / Math.max(1, hit3Old), target: '≥ 90 %', met: hit3 / n >= 0.9, note: `${hit3}/${judged3} of the copies with structure to judge; the rest have none (never "blurry")` });
const hit2 = count((r) => r.blur2.flags.blurry), hit2Old = count((r) => oldBlurry(r.blur2));
out.push({ task: '"blurry" on copies blurred σ = 2 px at 1024', ours: pct(hit2), peer: `Laplacian var < 100: ${pct(hit2Old)}`, ratio: hit2 / Math.max(1, hit2Old), target: 'report', met: true });
// Peer for "dark": the former rule, mean luma below 40.
const oldDark = (q: Q) => q.brightness < 40;
const fd = count((r) => r.sharp.flags.dark), fdOld = count((r) => oldDark(r.sharp));
out.push({ task: 'false "dark" on originals', ours: pct(fd), peer: `mean < 40: ${pct(fdOld)}`, ratio: fd / Math.max(1, fdOld), target: '≤ 5 %', met: fd / n <= 0.05 });
const hd = count((r) => r.dark.flags.dark), hdOld = count((r) => oldDark(r.dark));
out.push({ task: '"dark" on −2 EV copies', ours: pct(hd), peer: `mean < 40: ${pct(hdOld)}`, ratio: hd / Math.max(1, hdOld), target: '≥ 90 %', met: hd / n >= 0.9, note: 'the copies\' brightest pixels are capped at 136 by construction (255 × ¼^(1/2.2)); the rule\'s cut is 140' });
// Peer for "bright": the former rule, mean luma of every pixel above 220.
const oldBright = (q: Q) => q.brightness > 220;
const fb = count((r) => r.sharp.flags.bright), fbOld = count((r) => oldBright(r.sharp));
out.push({ task: 'false "bright" on originals', ours: pct(fb), peer: `mean > 220: ${pct(fbOld)}`, ratio: fb / Math.max(1, fbOld), target: '≤ 5 %', met: fb / n <= 0.05 });
const hb = count((r) => r.bright.flags.bright), hbOld = count((r) => oldBright(r.bright));
out.push({ task: '"bright" on +2 EV copies', ours: pct(hb), peer: `mean > 220: ${pct(hbOld)}`, ratio: hb / Math.max(1, hbOld), target: '≥ 90 %', met: hb / n >= 0.9 });
// +2 EV of a dark wallpaper is a normal exposure: the fair set is the copies of originals with a mid-grey mean or more.
const lit = rows.filter((r) => r.sharp.brightness >= 100);
const hbl = lit.filter((r) => r.bright.flags.bright).length, hblOld = lit.filter((r) => oldBright(r.bright)).length;
out.push({ task: '"bright" on +2 EV copies of originals with mean ≥ 100', ours: `${hbl}/${lit.length} (${((100 * hbl) / lit.length).toFixed(0)} %)`, peer: `mean > 220: ${hblOld}/${lit.length}`, ratio: hbl / Math.max(1, hblOld), target: '≥ 90 %', met: hbl / lit.length >= 0.9, note: 'the rest of the copies come from dark wallpapers, where +2 EV gives a normal exposure' });
// Graphics on a white page (the bundled samples): a clean background is a style, not overexposure.
const samples = readdirSync('demo/public/samples').filter((f) => /\.(png|jpe?g)$/.test(f));
const sq = samples.map((f) => { const a = analysis(decodeAny(readFileSync(`demo/public/samples/${f}`))); return pixelQuality(new Uint8ClampedArray(a.data.buffer), a.width, a.height); });
const gs = sq.filter((q) => q.flags.bright).length, gsOld = sq.filter((q) => q.brightness > 220).length;
out.push({ task: 'false "bright" on the bundled samples (emoji on white, photos)', ours: `${gs}/${sq.length}`, peer: `mean > 220: ${gsOld}/${sq.length}`, ratio: gs / Math.max(1, gsOld), target: '≤ 5 %', met: gs / sq.length <= 0.05 });
printTable(`bench:flags — ${n} real photographs (Debian wallpapers + stdlib), blur judged at 448 px, the rest at 256 px`, out);
// FLAGS_DUMP=1: one line per photo (name, blur of original / σ3 / σ2, tiles judged, Laplacian variance, brightness original / −2 EV / +2 EV).
const f3 = (x: number | null | undefined) => (x === null || x === undefined ? 'none' : x.toFixed(3));
if (process.env.FLAGS_DUMP) for (const r of rows) console.log([r.name, f3(r.sharp.blur), f3(r.blur3.blur), f3(r.blur2.blur), r.sharp.judged, r.sharp.sharpness.toFixed(0), r.sharp.brightness.toFixed(0), r.dark.brightness.toFixed(0), r.bright.brightness.toFixed(0)].join('\t'));
