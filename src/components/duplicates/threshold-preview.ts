/**
 * The threshold preview of <curate-duplicates>: the distribution of each
 * item's nearest-neighbour similarity (0.50–1.00, bins of 0.01) with the
 * threshold drawn on it, and what "Keep the best" would do at that
 * threshold — before anything runs. A slider (keyboard: arrows) moves it.
 */
import { html, svg, nothing } from 'lit';
import type { DuplicatePreview } from '../../contract/views.js';

const W = 400;
const H = 80;
const LO = 0.5;
/** Similarity → x in the chart. */
const xOf = (s: number) => ((Math.min(1, Math.max(LO, s)) - LO) / (1 - LO)) * W;

/** Items per bin of 0.01 in [0.5, 1]; similarities below 0.5 are counted apart (not near anything). */
export function histogram(nearest: readonly number[]): { bins: number[]; below: number } {
  const bins = new Array<number>(50).fill(0);
  let below = 0;
  for (const s of nearest) {
    if (s < LO) below++;
    else bins[Math.min(49, Math.floor((s - LO) * 100))]++;
  }
  return { bins, below };
}

/** The preview's row for a threshold (the one at or just below it). */
export function previewAt(p: DuplicatePreview, threshold: number): { groups: number; remove: number } {
  let best = p.thresholds[0] ?? { threshold: LO, groups: 0, remove: 0 };
  for (const t of p.thresholds) if (t.threshold <= threshold + 1e-9) best = t;
  return best;
}

/**
 * With `threshold` undefined ("auto") the rule in force is the calibrated one: pairs at or above
 * its `high` (p.current), and closer-than-usual pairs below it (the context band) — what the
 * preview's lowest row counts, since a floor at or below the rule's `low` changes nothing.
 */
export function renderThresholdPreview(p: DuplicatePreview, threshold: number | undefined, onInput: (t: number) => void) {
  const auto = threshold === undefined;
  const t = threshold ?? p.current;
  const { bins, below } = histogram(p.nearest);
  const max = Math.max(1, ...bins);
  const at = auto ? (p.thresholds[0] ?? { groups: 0, remove: 0 }) : previewAt(p, t);
  const bw = W / bins.length;
  const groups = html`<strong>${at.groups}</strong> group${at.groups === 1 ? '' : 's'}, <strong>${at.remove}</strong> to remove by "Keep the best"`;
  return html`<figure part="preview" class="preview">
    <svg viewBox="0 0 ${W} ${H + 14}" role="img" aria-label=${`Nearest-neighbour similarities of ${p.nearest.length} items, ${auto ? `calibrated threshold ${p.current.toFixed(2)}` : `threshold ${t.toFixed(2)}`}`}>
      ${bins.map((n, i) => {
        const h = (n / max) * H;
        const s = LO + i / 100;
        return svg`<rect class=${!auto && s + 0.005 >= t ? 'bar over' : 'bar'} x=${i * bw + 0.5} y=${H - h} width=${bw - 1} height=${h}><title>${n} item${n === 1 ? '' : 's'} with a nearest neighbour at ${s.toFixed(2)}–${(s + 0.01).toFixed(2)}</title></rect>`;
      })}
      ${auto ? nothing : svg`<line class="threshold" x1=${xOf(t)} x2=${xOf(t)} y1="0" y2=${H}></line>`}
      <line class="current" x1=${xOf(p.current)} x2=${xOf(p.current)} y1="0" y2=${H}><title>calibrated threshold ${p.current.toFixed(2)}</title></line>
      <text x="0" y=${H + 12}>0.50</text><text x=${W / 2} y=${H + 12} text-anchor="middle">0.75</text><text x=${W} y=${H + 12} text-anchor="end">1.00</text>
    </svg>
    <label class="slider">Threshold
      <input type="range" min="0.5" max="1" step="0.01" .value=${String(t)} aria-valuetext=${auto ? `auto: ${at.groups} groups, ${at.remove} to remove` : `${t.toFixed(2)}: ${at.groups} groups, ${at.remove} to remove`}
        @input=${(e: Event) => onInput(Number((e.target as HTMLInputElement).value))} />
    </label>
    <figcaption role="status">${auto
      ? html`Auto: ${groups} — pairs at ≥ ${p.current.toFixed(2)} (the calibrated threshold, dashed), and closer pairs below it only where they stand out from both items' neighbourhoods. Move the slider to set a threshold: no pair below it.`
      : html`At ≥ ${t.toFixed(2)}: ${groups}; no pair below it (calibrated: ${p.current.toFixed(2)}).`}
      <span class="muted">Bars: each item's most similar other item${below ? `; ${below} ${below === 1 ? 'has' : 'have'} none above 0.50` : ''}.</span></figcaption>
  </figure>`;
}
