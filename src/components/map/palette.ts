/** Categorical colours (Tableau 10 + 2), readable on light and dark backgrounds. */
export const PALETTE: [number, number, number][] = [
  [78, 121, 167], [242, 142, 43], [225, 87, 89], [118, 183, 178], [89, 161, 79], [237, 201, 72],
  [176, 122, 161], [255, 157, 167], [156, 117, 95], [186, 176, 172], [31, 119, 180], [148, 103, 189],
];
export const NEUTRAL: [number, number, number] = [140, 148, 160];
export const HIGHLIGHT: [number, number, number] = [255, 157, 0];

export function css([r, g, b]: [number, number, number]): string {
  return `rgb(${r}, ${g}, ${b})`;
}
