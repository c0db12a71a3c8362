/**
 * Blur judged where the image has structure. The measure is the blur effect of
 * Crété-Roffet et al. (2007): blur the luma again with a short box filter and see
 * how much of the neighbour-to-neighbour variation that removes. A sharp edge
 * loses a lot; an already soft one loses little.
 *
 * It is measured per tile, and the image's score is that of its sharpest tiles.
 * A photo with a sharp subject on a soft background (bokeh, sky, fog) is sharp;
 * a copy blurred all over is not. Tiles with almost no variation are not
 * judged, and an image with none such is reported as low information, never
 * as blurry.
 */

/** Box length of the re-blur, px at the analysis size. */
const TAPS = 5;
/** Tiles per side. */
const GRID = 8;
/** Mean absolute neighbour difference (luma units) below which a tile has nothing to judge. */
export const MIN_TILE_STRUCTURE = 2;
/** Share of judged tiles, sharpest first, whose blur makes the image's score. */
const SHARPEST = 0.1;

export interface BlurEffect {
  /** 0 = sharp … 1 = as soft as the re-blur itself: the mean over the sharpest tenth of judged tiles (NaN when none is judged). */
  blur: number;
  /** The whole image's blur effect (for reference). */
  global: number;
  /** Mean absolute neighbour difference over the image (luma units). */
  structure: number;
  /** Tiles with enough structure to judge, of GRID². */
  judged: number;
}

/** The blur effect of a luma image `g` (w × h). */
export function blurEffect(g: Float32Array, w: number, h: number): BlurEffect {
  if (w < TAPS + 2 || h < TAPS + 2) return { blur: NaN, global: NaN, structure: 0, judged: 0 };
  const half = TAPS >> 1;
  const nT = GRID * GRID;
  // Per tile and direction: Σ|ΔF| and Σ max(0, |ΔF| − |ΔB|), and the pixel count.
  const sF = new Float64Array(2 * nT), sV = new Float64Array(2 * nT), cnt = new Float64Array(2 * nT);
  // Box re-blur along one direction with a sliding sum (edges clamped): the hot loop of the
  // engine's decode, so no per-tap work.
  const blurred = (dx: number) => {
    const out = new Float32Array(w * h);
    const len = dx ? w : h, lines = dx ? h : w, step = dx ? 1 : w, lineStep = dx ? w : 1;
    for (let l = 0; l < lines; l++) {
      const base = l * lineStep;
      const at = (k: number) => g[base + Math.min(len - 1, Math.max(0, k)) * step];
      let s = 0;
      for (let k = -half; k <= half; k++) s += at(k);
      for (let k = 0; k < len; k++) {
        out[base + k * step] = s / TAPS;
        s += at(k + half + 1) - at(k - half);
      }
    }
    return out;
  };
  const tileX = Int32Array.from({ length: w }, (_, x) => Math.min(GRID - 1, Math.floor((x * GRID) / w)));
  for (const [d, dx, dy] of [[0, 1, 0], [1, 0, 1]] as const) {
    const b = blurred(dx);
    for (let y = dy; y < h; y++) {
      const ty = Math.min(GRID - 1, Math.floor((y * GRID) / h));
      for (let x = dx; x < w; x++) {
        const t = d * nT + ty * GRID + tileX[x];
        const i = y * w + x, j = (y - dy) * w + (x - dx);
        const dF = Math.abs(g[i] - g[j]);
        sF[t] += dF;
        sV[t] += Math.max(0, dF - Math.abs(b[i] - b[j]));
        cnt[t]++;
      }
    }
  }
  const ratio = (f: number, v: number) => (f > 0 ? (f - v) / f : 1);
  const tiles: number[] = [];
  let totF = 0, totN = 0;
  const totV: [number, number] = [0, 0], totFd: [number, number] = [0, 0];
  for (let t = 0; t < nT; t++) {
    const f = sF[t] + sF[nT + t], n = cnt[t] + cnt[nT + t];
    totF += f;
    totN += n;
    for (const d of [0, 1] as const) {
      totV[d] += sV[d * nT + t];
      totFd[d] += sF[d * nT + t];
    }
    if (n === 0 || f / n < MIN_TILE_STRUCTURE) continue;
    tiles.push(Math.max(ratio(sF[t], sV[t]), ratio(sF[nT + t], sV[nT + t])));
  }
  tiles.sort((a, b) => a - b);
  const take = Math.max(1, Math.round(SHARPEST * tiles.length));
  const blur = tiles.length ? tiles.slice(0, take).reduce((a, b) => a + b, 0) / take : NaN;
  const global = Math.max(ratio(totFd[0], totV[0]), ratio(totFd[1], totV[1]));
  return { blur, global, structure: totN ? totF / totN : 0, judged: tiles.length };
}
