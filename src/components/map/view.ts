/**
 * Data ↔ screen transform of the map. The data's bounding box is fitted into
 * the element's box (one scale for both axes, so distances keep their meaning,
 * as large as the box allows), then zoomed and panned. Pan is in data units.
 */
export interface View {
  zoom: number;
  panX: number;
  panY: number;
}

/** Centre and half extents of the data's bounding box. */
export interface Fit {
  cx: number;
  cy: number;
  hx: number;
  hy: number;
}

/** Share of the box the data fills at zoom 1 (a margin keeps edge points whole). */
const FILL = 0.92;

export function fitData(x: ArrayLike<number>, y: ArrayLike<number>): Fit {
  let x0 = Infinity, x1 = -Infinity, y0 = Infinity, y1 = -Infinity;
  for (let i = 0; i < x.length; i++) {
    x0 = Math.min(x0, x[i]);
    x1 = Math.max(x1, x[i]);
    y0 = Math.min(y0, y[i]);
    y1 = Math.max(y1, y[i]);
  }
  if (!Number.isFinite(x0)) return { cx: 0, cy: 0, hx: 1, hy: 1 };
  // A flat extent (one point, or points on a line) borrows the other's so the scale stays finite.
  const hx = (x1 - x0) / 2, hy = (y1 - y0) / 2;
  const h = Math.max(hx, hy) || 1;
  return { cx: (x0 + x1) / 2, cy: (y0 + y1) / 2, hx: hx || h, hy: hy || h };
}

/** CSS px per data unit: the largest scale at which the whole box fits, times the zoom. */
export function scaleOf(fit: Fit, view: View, width: number, height: number): number {
  return Math.min(width / (2 * fit.hx), height / (2 * fit.hy)) * FILL * view.zoom;
}

/** Screen position (CSS px) of every point. */
export function project(x: ArrayLike<number>, y: ArrayLike<number>, fit: Fit, view: View, width: number, height: number): Float32Array {
  const out = new Float32Array(x.length * 2);
  const s = scaleOf(fit, view, width, height);
  for (let i = 0; i < x.length; i++) {
    out[2 * i] = width / 2 + (x[i] - fit.cx + view.panX) * s;
    out[2 * i + 1] = height / 2 - (y[i] - fit.cy + view.panY) * s;
  }
  return out;
}

/** Zoom by `factor` keeping the data under screen point (sx, sy) in place. */
export function zoomAt(view: View, fit: Fit, factor: number, sx: number, sy: number, width: number, height: number): View {
  const zoom = Math.min(200, Math.max(0.2, view.zoom * factor));
  const s0 = scaleOf(fit, view, width, height);
  const s1 = scaleOf(fit, { ...view, zoom }, width, height);
  const nx = (sx - width / 2) / s0 - view.panX;
  const ny = -(sy - height / 2) / s0 - view.panY;
  return { zoom, panX: (sx - width / 2) / s1 - nx, panY: -(sy - height / 2) / s1 - ny };
}

/** Pan by a screen delta. */
export function panBy(view: View, fit: Fit, dx: number, dy: number, width: number, height: number): View {
  const s = scaleOf(fit, view, width, height);
  return { ...view, panX: view.panX + dx / s, panY: view.panY - dy / s };
}

/** Even-odd point-in-polygon test. */
export function inPolygon(px: number, py: number, poly: ArrayLike<number>): boolean {
  let inside = false;
  const n = poly.length / 2;
  for (let i = 0, j = n - 1; i < n; j = i++) {
    const xi = poly[2 * i], yi = poly[2 * i + 1], xj = poly[2 * j], yj = poly[2 * j + 1];
    if (yi > py !== yj > py && px < ((xj - xi) * (py - yi)) / (yj - yi) + xi) inside = !inside;
  }
  return inside;
}

/** Index of the point nearest to (sx, sy) within `radius` px, or -1. */
export function nearest(screen: Float32Array, sx: number, sy: number, radius: number): number {
  let best = -1, bestD = radius * radius;
  for (let i = 0; i < screen.length / 2; i++) {
    const d = (screen[2 * i] - sx) ** 2 + (screen[2 * i + 1] - sy) ** 2;
    if (d <= bestD) {
      bestD = d;
      best = i;
    }
  }
  return best;
}
