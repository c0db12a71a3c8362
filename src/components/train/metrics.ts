/**
 * What a classifier version measured, drawn for people: accuracy, per-label
 * precision / recall, how often each confidence word was right, and the
 * confusion matrix (rows: true label, columns: predicted; darker = more).
 */
import { html, nothing } from 'lit';
import type { ClassifierVersion } from '../../contract/training.js';
import { CONFIDENCE_CUTS } from '../../contract/training.js';
import { cssProps } from '../shared/css-props.js';

const pct = (x: number) => `${(x * 100).toFixed(1)} %`;

/** One line: accuracy on how many held-out items, how it stopped, where it ran. */
export function summaryLine(v: ClassifierVersion): string {
  const m = v.metrics;
  const stop = m.stoppedEarly ? `stopped early at epoch ${m.epochs}` : `${m.epochs} epochs`;
  return `${pct(m.accuracy)} right on ${m.testSize} held-out items (trained on ${m.trainSize}; ${stop}; ${(m.trainMs / 1000).toFixed(1)} s on ${m.backend})`;
}

export function renderMetrics(v: ClassifierVersion) {
  const m = v.metrics;
  return html`<div class="metrics" part="metrics">
    <p><strong>v${v.version}</strong> · ${v.kind} · ${summaryLine(v)}</p>
    ${m.testSize < 50 ? html`<p class="muted" part="small-test">Measured on only ${m.testSize} held-out items: another split could differ by ±${Math.round(100 / Math.sqrt(m.testSize))} points. Find label errors cross-validates over every item.</p>` : nothing}
    <table part="per-label" aria-label="Per-label precision and recall (held-out)">
      <thead><tr><th scope="col">Label</th><th scope="col">Precision</th><th scope="col">Recall</th><th scope="col">Held out</th></tr></thead>
      <tbody>
        ${m.perLabel.map((l) => html`<tr><th scope="row">${l.label}</th><td>${pct(l.precision)}</td><td>${pct(l.recall)}</td><td>${l.support}</td></tr>`)}
      </tbody>
    </table>
    <p class="muted" part="confidence">
      Confidence (high ≥ ${CONFIDENCE_CUTS.high}, medium ≥ ${CONFIDENCE_CUTS.medium}, else low), right on held-out items:
      ${m.confidence.map((c) => `${c.word} ${c.count ? pct(c.accuracy) : '—'} of ${c.count}`).join(' · ')}
    </p>
    ${m.confusion.length ? renderConfusion(v) : nothing}
  </div>`;
}

function renderConfusion(v: ClassifierVersion) {
  const c = v.metrics.confusion;
  const max = Math.max(1, ...c.flat());
  return html`<table class="confusion" part="confusion" aria-label="Confusion matrix: rows are the true label, columns the predicted one">
    <thead><tr><th scope="col"><span class="muted">true ↓ / predicted →</span></th>${v.labels.map((l) => html`<th scope="col" title=${l}>${l}</th>`)}</tr></thead>
    <tbody>
      ${c.map((row, i) => html`<tr><th scope="row">${v.labels[i]}</th>${row.map((n, j) => html`<td class=${i === j ? 'diag' : n ? 'off' : ''} ${cssProps({ '--_heat': (n / max).toFixed(3) })} title=${`${n} ${v.labels[i]} predicted as ${v.labels[j]}`}>${n}</td>`)}</tr>`)}
    </tbody>
  </table>`;
}
