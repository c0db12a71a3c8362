/** What the viewer says about one item: pixel size, bytes, format and the quality figures. */
import { html, nothing } from 'lit';
import type { ContentView } from '../../contract/views.js';

const bytes = (b: number) => (b <= 0 ? '—' : b < 1e6 ? `${(b / 1e3).toFixed(0)} kB` : `${(b / 1e6).toFixed(2)} MB`);
const format = (c: ContentView) => (c.source.type ?? '').replace(/^image\//, '').toUpperCase() || (c.name.split('.').pop() ?? '').toUpperCase() || '—';

/** Facts of `c`; with `other`, the figures where the two differ are marked. */
export function renderFacts(c: ContentView, other?: ContentView) {
  const q = c.quality;
  const diff = (a: unknown, b: unknown) => (other && a !== b ? 'differs' : '');
  const rows: [string, string, string][] = [
    ['Pixels', c.width && c.height ? `${c.width} × ${c.height}` : '—', diff(c.width * c.height, other ? other.width * other.height : 0)],
    ['File', bytes(c.size), diff(c.size, other?.size)],
    ['Bytes / pixel', c.size > 0 && c.width ? (c.size / (c.width * c.height)).toFixed(2) : '—', ''],
    ['Format', format(c), other ? diff(format(c), format(other)) : ''],
  ];
  if (q) {
    rows.push(['Brightness', q.brightness.toFixed(0), '']);
    rows.push(['Sharpness', q.sharpness.toFixed(0), '']);
    if (q.blur != null) rows.push(['Blur effect', q.blur.toFixed(2), '']);
    rows.push(['Entropy', `${q.entropy.toFixed(2)} bits`, '']);
    rows.push(['Flags', q.flags.length ? q.flags.join(', ') : 'none', '']);
  }
  return html`<dl part="facts" class="facts">
    ${rows.map(([k, v, d]) => html`<dt>${k}</dt><dd class=${d}>${v}</dd>`)}
    ${c.source.url ? html`<dt>URL</dt><dd class="url">${c.source.url}</dd>` : nothing}
  </dl>`;
}
