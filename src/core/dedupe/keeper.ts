/**
 * Which copy of a duplicate group to keep, and why. A chain of tests, each
 * keeping the candidates that are not clearly worse than the best on one
 * property; the first test that separates them names the reason. Tolerances
 * keep a measurement's noise from deciding (a re-encode changes bytes by a
 * few per cent; a 90 % crop still has 81 % of the pixels).
 *
 * 1. content pixels — width × height × the share not taken by a uniform
 *    border (letterbox/pillarbox bars add pixels but no picture); a
 *    candidate with under {@link PIXEL_TOLERANCE} of the most loses.
 * 2. contains the others — mean cosine similarity to the other members:
 *    crops, rotations, overlays and colour edits each drift from the
 *    original in their own direction, so the original sits in the middle
 *    (only with 3+ members; with two the measure is symmetric).
 * 3. fewer clipped pixels — share of near-white + near-black pixels: a
 *    contrast- or brightness-boosted copy clips highlights and shadows, and
 *    looks "sharper" to a blur measure, which is why sharpness comes last.
 * 4. compression — bytes per content pixel, same format family: the one
 *    compressed less carries more of the source.
 * 5. sharpness (variance of the Laplacian at the normalised size).
 * 6. added first (lower id).
 *
 * Not measured: upscaled copies (more pixels, no more detail) win test 1,
 * and metadata (EXIF) is not read.
 */

/** What the keeper rule knows about one member. Missing facts skip their test. */
export interface KeeperFacts {
  width: number;
  height: number;
  /** File size in bytes (0 when unknown). */
  bytes: number;
  /** MIME type, when known. */
  type?: string;
  /** Variance of the Laplacian at the normalised size (core/image pixelQuality). */
  sharpness?: number;
  /** Share (0..1) of near-white + near-black pixels. */
  clipped?: number;
  /** Share (0..1) of the image inside the foreground box when the border is uniform (letterbox), else 1. */
  contentShare?: number;
  /** Mean cosine similarity to the other members of the group. */
  centrality?: number;
}

/** A candidate with under this share of the most content pixels is clearly smaller. */
export const PIXEL_TOLERANCE = 0.8;
/** Centrality within this of the most central counts as equally central. */
export const CENTRALITY_TOLERANCE = 0.01;
/** Clipped share within this (absolute) of the least clipped counts as equal. */
export const CLIP_TOLERANCE = 0.01;
/** Bytes per pixel within this share of the most counts as equal. */
export const BPP_TOLERANCE = 0.9;

export interface KeeperChoice {
  /** Index (into the given facts) of the one to keep. */
  keep: number;
  /** Why, in words: the test that decided and the values ("1280×800 vs 640×400"). */
  reason: string;
}

const px = (f: KeeperFacts) => f.width * f.height * (f.contentShare ?? 1);
const family = (t: string | undefined) => (t ?? '').replace(/^image\//, '').replace('jpg', 'jpeg');
const size = (f: KeeperFacts) => `${f.width}×${f.height}`;

interface Test {
  value: (f: KeeperFacts) => number | undefined;
  /** true when `v` is clearly worse than `best` */
  worse: (v: number, best: number) => boolean;
  better: 'max' | 'min';
  say: (winner: KeeperFacts, loser: KeeperFacts) => string;
}

const TESTS: Test[] = [
  {
    value: px, better: 'max', worse: (v, best) => v < best * PIXEL_TOLERANCE,
    say: (w, l) => `${size(w)} vs ${size(l)}${(l.contentShare ?? 1) < 0.95 ? ` (${Math.round((1 - l.contentShare!) * 100)} % border)` : ''}`,
  },
  {
    value: (f) => f.centrality, better: 'max', worse: (v, best) => v < best - CENTRALITY_TOLERANCE,
    say: (w, l) => `contains the others (similarity ${w.centrality!.toFixed(3)} vs ${l.centrality!.toFixed(3)})`,
  },
  {
    value: (f) => f.clipped, better: 'min', worse: (v, best) => v > best + CLIP_TOLERANCE,
    say: (w, l) => `fewer clipped pixels (${(w.clipped! * 100).toFixed(1)} % vs ${(l.clipped! * 100).toFixed(1)} %)`,
  },
  {
    value: (f) => (f.bytes > 0 ? f.bytes / Math.max(1, f.width * f.height) : undefined), better: 'max', worse: (v, best) => v < best * BPP_TOLERANCE,
    say: (w, l) => `less compressed (${(w.bytes / (w.width * w.height)).toFixed(2)} vs ${(l.bytes / (l.width * l.height)).toFixed(2)} bytes/pixel)`,
  },
  {
    value: (f) => f.sharpness, better: 'max', worse: (v, best) => v < best * 0.9,
    say: (w, l) => `sharper (${w.sharpness!.toFixed(0)} vs ${l.sharpness!.toFixed(0)})`,
  },
];

/**
 * The member to keep among `facts` (at least one), by the chain documented above.
 * `reason` compares the keeper with the runner-up eliminated last.
 */
export function chooseKeeper(facts: readonly KeeperFacts[]): KeeperChoice {
  if (facts.length === 0) throw new RangeError('chooseKeeper: no candidates');
  if (facts.length === 1) return { keep: 0, reason: 'the only copy' };
  let alive = facts.map((_, i) => i);
  const decided: { test: Test; loser: number }[] = [];
  for (const [t, test] of TESTS.entries()) {
    if (t === 1 && facts.length < 3) continue;
    // Compression is only comparable within one format family.
    if (t === 3 && new Set(alive.map((i) => family(facts[i].type))).size > 1) continue;
    const vals = alive.map((i) => test.value(facts[i]));
    if (vals.some((v) => v === undefined || !Number.isFinite(v))) continue;
    const best = test.better === 'max' ? Math.max(...(vals as number[])) : Math.min(...(vals as number[]));
    const next = alive.filter((_, k) => !test.worse(vals[k]!, best));
    if (next.length < alive.length) {
      // The closest loser makes the most honest comparison.
      const losers = alive.filter((i) => !next.includes(i));
      const gap = (i: number) => Math.abs(test.value(facts[i])! - best);
      decided.push({ test, loser: losers.reduce((a, b) => (gap(a) <= gap(b) ? a : b)) });
      alive = next;
    }
    if (alive.length === 1) break;
  }
  const keep = alive[0];
  const reasons = decided.map(({ test, loser }) => test.say(facts[keep], facts[loser]));
  if (alive.length > 1) reasons.push(decided.length ? 'then the one added first' : 'all copies alike; the one added first');
  return { keep, reason: reasons.join('; ') };
}
