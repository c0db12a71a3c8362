import { describe, expect, it } from 'vitest';
import { fitData, panBy, project, zoomAt } from '../../../src/components/map/view.js';

/** Share of the box the projected points' bounding box covers, per axis. */
function coverage(screen: Float32Array, width: number, height: number): [number, number] {
  let x0 = Infinity, x1 = -Infinity, y0 = Infinity, y1 = -Infinity;
  for (let i = 0; i < screen.length; i += 2) {
    x0 = Math.min(x0, screen[i]); x1 = Math.max(x1, screen[i]);
    y0 = Math.min(y0, screen[i + 1]); y1 = Math.max(y1, screen[i + 1]);
  }
  return [(x1 - x0) / width, (y1 - y0) / height];
}

describe('map view transform', () => {
  const wide = { x: [0, 10, 5, 2], y: [0, 1, 0.5, 0.2] }; // 10 × 1 layout
  const square = { x: [0, 1, 0, 1], y: [0, 0, 1, 1] };
  const view = { zoom: 1, panX: 0, panY: 0 };

  it('fills the limiting axis of the box whatever the two aspects', () => {
    for (const [data, w, h] of [[wide, 800, 400], [square, 800, 400], [square, 300, 900], [wide, 300, 900]] as const) {
      const [cx, cy] = coverage(project(data.x, data.y, fitData(data.x, data.y), view, w, h), w, h);
      expect(Math.max(cx, cy)).toBeCloseTo(0.92, 5);
      expect(cx).toBeLessThanOrEqual(0.92 + 1e-6);
      expect(cy).toBeLessThanOrEqual(0.92 + 1e-6);
    }
    // A square layout in a wide box uses its full height (the old fit used min(w, h) for a [-1, 1] square: same here),
    // and a wide layout in a wide box its full width (the old fit filled only 0.92 × 400 / 800 of it).
    const [cx] = coverage(project(wide.x, wide.y, fitData(wide.x, wide.y), view, 800, 400), 800, 400);
    expect(cx).toBeCloseTo(0.92, 5);
  });

  it('keeps one scale for both axes (distances keep their meaning)', () => {
    const s = project(square.x, square.y, fitData(square.x, square.y), view, 800, 400);
    expect(s[2] - s[0]).toBeCloseTo(-(s[5] - s[1]), 4);
  });

  it('handles one point and points on a line', () => {
    for (const d of [{ x: [3], y: [4] }, { x: [0, 1, 2], y: [5, 5, 5] }]) {
      const s = project(d.x, d.y, fitData(d.x, d.y), view, 200, 100);
      expect([...s].every(Number.isFinite)).toBe(true);
    }
  });

  it('zooms about the pointer and pans by the screen delta', () => {
    const fit = fitData(wide.x, wide.y);
    const before = project(wide.x, wide.y, fit, view, 800, 400);
    const z = zoomAt(view, fit, 2, before[2], before[3], 800, 400);
    const after = project(wide.x, wide.y, fit, z, 800, 400);
    expect(after[2]).toBeCloseTo(before[2], 3);
    expect(after[3]).toBeCloseTo(before[3], 3);
    const p = project(wide.x, wide.y, fit, panBy(view, fit, 30, -20, 800, 400), 800, 400);
    expect(p[0] - before[0]).toBeCloseTo(30, 3);
    expect(p[1] - before[1]).toBeCloseTo(-20, 3);
  });
});
