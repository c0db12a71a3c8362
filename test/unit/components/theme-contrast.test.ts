import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

/** The default colours of one theme block of theme.styles.ts (`--_name: var(--curate-x, #hex)`). */
function theme(block: 'light' | 'dark'): Map<string, string> {
  const src = readFileSync(new URL('../../../src/components/shared/theme.styles.ts', import.meta.url), 'utf8');
  const body = new RegExp(`const ${block} = css\`([^\`]*)\``).exec(src)![1];
  return new Map([...body.matchAll(/--_([\w-]+): var\(--curate-[\w-]+, (#[0-9a-f]{6})\)/g)].map((m) => [m[1], m[2]]));
}

/** WCAG 2 relative luminance and contrast ratio. */
function luminance(hex: string): number {
  const [r, g, b] = [1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16) / 255).map((c) => (c <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4));
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
}
const contrast = (a: string, b: string) => {
  const [x, y] = [luminance(a), luminance(b)].sort((p, q) => q - p);
  return (x + 0.05) / (y + 0.05);
};

// Text colour on background colour, as the elements use them.
const PAIRS: [string, string][] = [
  ['fg', 'bg'], ['fg', 'surface'], ['muted', 'bg'], ['muted', 'surface'],
  ['accent-fg', 'accent'], ['on-status', 'ok'], ['on-status', 'warn'], ['on-status', 'danger'],
  ['danger', 'bg'], ['danger', 'surface'], ['warn', 'bg'], ['accent', 'bg'],
];

describe('theme colours', () => {
  it('the ratio function matches known WCAG values', () => {
    expect(contrast('#000000', '#ffffff')).toBeCloseTo(21, 5);
    expect(contrast('#777777', '#ffffff')).toBeCloseTo(4.48, 2);
  });
  for (const block of ['light', 'dark'] as const) {
    it(`${block}: every text/background pair is at least 4.5:1`, () => {
      const t = theme(block);
      expect(t.size).toBeGreaterThanOrEqual(12);
      const low = PAIRS.map(([fg, bg]) => [fg, bg, contrast(t.get(fg)!, t.get(bg)!)] as const).filter(([, , r]) => !(r >= 4.5));
      expect(low).toEqual([]);
    });
  }
});
