/**
 * Data ↔ screen transform of the map: data is first fitted into a [-1, 1]
 * square (keeping its aspect), then zoomed and panned.
 */
export interface View {
  zoom: number;
  panX: number;
  panY: number;
}

export interface Fit {
  cx: number;
  cy: number;
  half: number;
}

export function fitData(x: ArrayLike<number>, y: ArrayLike<number>): Fit {
  let x0 = Infinity, x1 = -Infinity, y0 = Infinity, y1 = -Infinity;
  for (let i = 0; i < x.length; i++) {
    x0 = Math.min(x0, x[i]);
    x1 = Math.max(x1, x[i]);
    y0 = Math.min(y0, y[i]);
    y1 = Math.max(y1, y[i]);
  }
  if (!Number.isFinite(x0)) return { cx: 0, cy: 0, half: 1 };
  return { cx: (x0 + x1) / 2, cy: (y0 + y1) / 2, half: Math.max(x1 - x0, y1 - y0) / 2 || 1 };
}

/** Screen position (CSS px) of every point. */
export function project(x: ArrayLike<number>, y: ArrayLike<number>, fit: Fit, view: View, width: number, height: number): Float32Array {
  const out = new Float32Array(x.length * 2);
  const s = (Math.min(width, height) / 2) * 0.92 * view.zoom;
  for (let i = 0; i < x.length; i++) {
    out[2 * i] = width / 2 + (((x[i] - fit.cx) / fit.half) + view.panX) * s;
    out[2 * i + 1] = height / 2 - (((y[i] - fit.cy) / fit.half) + view.panY) * s;
  }
  return out;
}

/** Zoom by `factor` keeping the data under screen point (sx, sy) in place. */
export function zoomAt(view: View, factor: number, sx: number, sy: number, width: number, height: number): View {
  const zoom = Math.min(200, Math.max(0.2, view.zoom * factor));
  const s0 = (Math.min(width, height) / 2) * 0.92 * view.zoom;
  const s1 = (Math.min(width, height) / 2) * 0.92 * zoom;
  const nx = (sx - width / 2) / s0 - view.panX;
  const ny = -(sy - height / 2) / s0 - view.panY;
  return { zoom, panX: (sx - width / 2) / s1 - nx, panY: -(sy - height / 2) / s1 - ny };
}

/** Pan by a screen delta. */
export function panBy(view: View, dx: number, dy: number, width: number, height: number): View {
  const s = (Math.min(width, height) / 2) * 0.92 * view.zoom;
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
