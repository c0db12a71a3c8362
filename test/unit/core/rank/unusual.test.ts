/** The calibrated "unusual" cut: none in archives without outliers, planted ones found, scale-free. */
import { describe, expect, it } from 'vitest';
import { findOutliers, unusualness, UNUSUAL_CUT } from '../../../../src/core/rank/index.js';
import { Rng, type VectorSet } from '../../../../src/core/base/index.js';

const DIM = 64;

function unit(v: Float32Array): Float32Array {
  const norm = Math.hypot(...v);
  return v.map((x) => x / norm);
}
function randomUnit(rng: Rng): Float32Array {
  return unit(Float32Array.from({ length: DIM }, () => rng.normal()));
}
/** `n` noisy copies of one vector, each with its own noise level in [lo, hi] (edits of one image). */
function lookalikes(rng: Rng, n: number, lo: number, hi: number, base = randomUnit(rng)): Float32Array[] {
  return Array.from({ length: n }, () => {
    const s = lo + (hi - lo) * rng.next();
    return unit(base.map((x) => x + (s / Math.sqrt(DIM)) * rng.normal()));
  });
}
function set(rows: Float32Array[]): VectorSet {
  const data = new Float32Array(rows.length * DIM);
  rows.forEach((r, i) => data.set(r, i * DIM));
  return { data, n: rows.length, dim: DIM };
}

describe('unusualness', () => {
  it('reports none in an archive of look-alikes (edits of one image)', async () => {
    for (let seed = 1; seed <= 5; seed++) {
      const o = await findOutliers(set(lookalikes(new Rng(seed), 60, 0.05, 0.4)));
      expect(o.unusual.flagged, `seed ${seed}`).toEqual([]);
    }
  });

  it('reports none in an archive of equally varied items', async () => {
    const rng = new Rng(7);
    const o = await findOutliers(set(Array.from({ length: 80 }, () => randomUnit(rng))));
    expect(o.unusual.flagged).toEqual([]);
  });

  it('reports none in an archive of several tight groups of different sizes', async () => {
    const rng = new Rng(3);
    const rows = [...lookalikes(rng, 30, 0.1, 0.3), ...lookalikes(rng, 20, 0.1, 0.3), ...lookalikes(rng, 12, 0.1, 0.3)];
    expect((await findOutliers(set(rows))).unusual.flagged).toEqual([]);
  });

  it('finds planted off-topic items first, among look-alikes and among groups', async () => {
    const rng = new Rng(11);
    const rows = [...lookalikes(rng, 40, 0.1, 0.3), ...lookalikes(rng, 30, 0.1, 0.3), randomUnit(rng), randomUnit(rng)];
    const o = await findOutliers(set(rows));
    expect([...o.unusual.flagged].sort()).toEqual([70, 71]);
    expect(o.unusual.z[70]).toBeGreaterThanOrEqual(UNUSUAL_CUT);
    // Why: its nearest neighbours are far compared with the typical row's.
    expect(o.knnDistance[70] / o.unusual.typical).toBeGreaterThan(1.5);
  });

  it('is scale-free: the same archive with every distance doubled gives the same z', () => {
    const d = [0.1, 0.12, 0.09, 0.11, 0.1, 0.13, 0.1, 0.12, 0.4, 0.11];
    const a = unusualness(d);
    const b = unusualness(d.map((x) => 2 * x));
    a.z.forEach((z, i) => expect(b.z[i]).toBeCloseTo(z, 2));
    expect(a.flagged).toEqual([8]);
  });

  it('needs a few rows before it calls anything unusual', () => {
    expect(unusualness([0.1, 0.1, 0.1, 0.9]).flagged).toEqual([]);
  });

  it('never divides by a spread below the floor: tiny differences in a tight archive are not unusual', () => {
    const d = Array.from({ length: 30 }, (_, i) => 0.02 + (i === 0 ? 0.01 : 0.0001 * i));
    expect(unusualness(d).flagged).toEqual([]);
  });
});
