/**
 * Layout bookkeeping. Every value keeps its TF (NHWC) logical shape; a rank-4
 * value may also exist physically as NCHW in the ONNX graph. Conv and pool want
 * NCHW, so the converter keeps chains of them in NCHW and transposes only where
 * an op needs the TF order (reshape, matmul, ...): MobileNet gets one Transpose.
 */

/** Physical layout of an ONNX tensor holding a TF value. */
export type Layout = 'tf' | 'nchw';

/** A static dim, or null when unknown (batch). */
export type Dim = number | null;

/** TF-order shape, or null for unknown rank. */
export type Shape = readonly Dim[] | null;

/** Transpose perm NHWC → NCHW (ONNX perm semantics: out axis i = in axis perm[i]). */
export const TO_NCHW = [0, 3, 1, 2] as const;
/** Transpose perm NCHW → NHWC. */
export const TO_NHWC = [0, 2, 3, 1] as const;
/** Position in NCHW of TF axis a (N→0, H→2, W→3, C→1). */
export const NCHW_POS = [0, 2, 3, 1] as const;

/** Normalise a possibly negative axis against a rank; null when out of range. */
export function normAxis(axis: number, rank: number): number | null {
  const a = axis < 0 ? axis + rank : axis;
  return Number.isInteger(a) && a >= 0 && a < rank ? a : null;
}

/**
 * For ops that drop axes of a rank-4 value held as NCHW (Squeeze, Mean without
 * keep_dims): the NCHW axes to drop, and whether what remains is already in TF
 * order (then no transpose is needed after the op).
 */
export function dropAxesInNchw(tfAxes: readonly number[]): { axes: number[]; remainingInTfOrder: boolean } {
  const axes = tfAxes.map((a) => NCHW_POS[a]).sort((x, y) => x - y);
  const remaining = TO_NCHW.filter((tfAxis) => !tfAxes.includes(tfAxis));
  const remainingInTfOrder = remaining.every((a, i) => i === 0 || remaining[i - 1] < a);
  return { axes, remainingInTfOrder };
}

/** Numpy broadcasting of two TF shapes (unknown dims stay unknown unless the other is > 1). */
export function broadcastShapes(a: Shape, b: Shape): Shape | undefined {
  if (a === null || b === null) return null;
  const rank = Math.max(a.length, b.length);
  const out: Dim[] = [];
  for (let i = 0; i < rank; i++) {
    const x = i < rank - a.length ? 1 : a[i - (rank - a.length)];
    const y = i < rank - b.length ? 1 : b[i - (rank - b.length)];
    if (x === 1) out.push(y);
    else if (y === 1) out.push(x);
    else if (x === null) out.push(y);
    else if (y === null || x === y) out.push(x);
    else return undefined;
  }
  return out;
}
