import { html, nothing, svg, type PropertyValues } from 'lit';
import { cssProps } from '../shared/css-props.js';
import type { ContentView } from '../../contract/views.js';
import { ValidationError } from '../../contract/errors.js';
import { CurateElement } from '../shared/base.js';
import { computeMap } from '../shared/curation.js';
import { requireArchive, requireCurator } from '../shared/curator-like.js';
import { type MapLayout } from '../../contract/views.js';
import type { ModelChange } from '../shared/model.js';
import { thumbnailUrl } from '../shared/thumbs.js';
import { mapStyles } from './map.styles.js';
import { colorer, legend, type ColorBy } from './colors.js';
import { css as rgb, HIGHLIGHT } from './palette.js';
import { ScatterRenderer } from './scatter-gl.js';
import { fitData, inPolygon, nearest, panBy, project, zoomAt, type Fit, type View } from './view.js';


/**
 * <curate-map>: a 2-D map (UMAP or PCA) of the whole archive. Colour by
 * cluster, label or quality flag; wheel or +/- to zoom, Alt/middle-drag or
 * arrow keys to pan; hover shows the thumbnail; drag a lasso to select
 * (Shift adds), and the selection is the one the gallery shows.
 *
 * @fires curate-select - Lasso or click changed the selection (detail: ids).
 * @fires curate-error - Something failed.
 * @csspart toolbar
 * @csspart button
 * @csspart stage
 * @csspart canvas
 * @csspart tooltip
 * @csspart legend
 * @cssprop --curate-bg - Background colour.
 * @cssprop --curate-surface - Panels and tiles.
 * @cssprop --curate-fg - Text colour.
 * @cssprop --curate-muted - Secondary text.
 * @cssprop --curate-border - Borders.
 * @cssprop --curate-accent - Accent (selection, primary buttons).
 * @cssprop --curate-danger - Destructive actions and errors.
 * @cssprop --curate-radius - Corner radius.
 * @cssprop --curate-font - Font family.
 * @cssprop --curate-map-height - Height of the map.
 */
export class CurateMap extends CurateElement {
  static override styles = mapStyles;
  static override properties = {
    ...CurateElement.properties,
    method: { type: String },
    colorBy: { type: String, attribute: 'color-by' },
    layout: { state: true },
    busy: { state: true },
    progress: { state: true },
    hover: { state: true },
    lasso: { state: true },
  };

  /** Projection: 'umap' or 'pca'. @defaultValue 'umap' */
  declare method: 'umap' | 'pca';
  /** Colouring. @defaultValue 'cluster' */
  declare colorBy: ColorBy;
  /** @internal */
  declare layout: MapLayout | null;
  /** @internal */
  declare busy: boolean;
  /** @internal */
  declare progress: number;
  /** @internal */
  declare hover: { index: number; x: number; y: number } | null;
  /** @internal */
  declare lasso: number[] | null;
  #view: View = { zoom: 1, panX: 0, panY: 0 };
  #fit: Fit = { cx: 0, cy: 0, hx: 1, hy: 1 };
  #screen: Float32Array = new Float32Array(0);
  #renderer: ScatterRenderer | null = null;
  #byId = new Map<number, ContentView>();
  #resize: ResizeObserver | null = null;
  #dirty = false;
  #drag: { mode: 'lasso' | 'pan'; x: number; y: number; add: boolean } | null = null;

  constructor() {
    super();
    this.method = 'umap';
    this.colorBy = 'cluster';
    this.layout = null;
    this.busy = false;
    this.progress = 0;
    this.hover = null;
    this.lasso = null;
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.#resize?.disconnect();
    this.#resize = null;
    this.#renderer?.dispose();
    this.#renderer = null;
  }

  protected override modelChanged(kind: ModelChange): void {
    this.#dirty = true;
    if (kind === 'contents' && this.layout && !this.busy) void this.compute();
    this.requestUpdate();
  }

  /** Ids of the points, in layout order. */
  get ids(): number[] {
    return this.layout?.ids ?? [];
  }

  /** Compute the 2-D layout of the archive. */
  async compute(): Promise<void> {
    const curator = requireCurator(this.curator, 'curate-map');
    const archive = requireArchive(this.archive, 'curate-map');
    if (this.method !== 'umap' && this.method !== 'pca') throw new ValidationError('curate-map.method', "'umap' | 'pca'");
    this.busy = true;
    this.progress = 0;
    await this.attempt(async () => {
      const [layout, contents] = await Promise.all([computeMap(curator, archive, { method: this.method, onProgress: (f) => (this.progress = f) }), this.loadContents()]);
      this.#byId = new Map(contents.map((c) => [c.id, c]));
      this.#fit = fitData(layout.x, layout.y);
      this.#view = { zoom: 1, panX: 0, panY: 0 };
      this.layout = layout;
    });
    this.busy = false;
  }

  /** Select the points inside a polygon given in CSS px of the map ([x0, y0, x1, y1, …]). */
  selectPolygon(poly: number[], add = false): number[] {
    if (!Array.isArray(poly) || poly.length < 6 || poly.some((v) => !Number.isFinite(v))) throw new ValidationError('poly', 'at least 3 points as [x0, y0, x1, y1, …]');
    const ids = this.ids.filter((_, i) => inPolygon(this.#screen[2 * i], this.#screen[2 * i + 1], poly));
    this.model.select(ids, add ? 'add' : 'replace');
    this.emit('curate-select', { ids: [...this.model.selected] });
    return ids;
  }

  resetView(): void {
    this.#view = { zoom: 1, panX: 0, panY: 0 };
    this.#draw();
  }

  get #canvas(): HTMLCanvasElement | null {
    return this.renderRoot.querySelector('canvas');
  }

  #draw(): void {
    const canvas = this.#canvas;
    const layout = this.layout;
    if (!canvas || !layout) return;
    this.#renderer ??= new ScatterRenderer(canvas);
    const { width, height } = canvas.getBoundingClientRect();
    this.#screen = project(layout.x, layout.y, this.#fit, this.#view, width, height);
    const n = layout.ids.length;
    const sel = this.model.selected;
    // Selected points last so they are drawn on top.
    const order = layout.ids.map((_, i) => i).sort((a, b) => Number(sel.has(layout.ids[a])) - Number(sel.has(layout.ids[b])));
    const pos = new Float32Array(n * 2), colors = new Uint8Array(n * 4), sizes = new Float32Array(n);
    const dim = sel.size > 0;
    const colorOf = colorer(this.model, this.colorBy);
    order.forEach((i, k) => {
      const id = layout.ids[i];
      const on = sel.has(id);
      const c = on ? HIGHLIGHT : colorOf(id, (this.#byId.get(id)?.quality?.flags.length ?? 0) > 0);
      pos[2 * k] = this.#screen[2 * i];
      pos[2 * k + 1] = this.#screen[2 * i + 1];
      colors.set([c[0], c[1], c[2], on || !dim ? 235 : 110], 4 * k);
      sizes[k] = on ? 11 : 8;
    });
    this.#renderer.draw(pos, colors, sizes, width, height, devicePixelRatio || 1);
  }

  protected override updated(changed: PropertyValues<this>): void {
    const canvas = this.#canvas;
    if (canvas && !this.#resize) {
      this.#resize = new ResizeObserver(() => this.#draw());
      this.#resize.observe(canvas);
    }
    // Hover and lasso strokes re-render the overlay only; the points are redrawn when they change.
    if (this.#dirty || changed.has('layout') || changed.has('colorBy')) {
      this.#dirty = false;
      this.#draw();
    }
  }

  #local(e: PointerEvent | WheelEvent): [number, number] {
    const r = this.#canvas!.getBoundingClientRect();
    return [e.clientX - r.left, e.clientY - r.top];
  }

  #onDown = (e: PointerEvent) => {
    if (!this.layout) return;
    const [x, y] = this.#local(e);
    const pan = e.button === 1 || e.altKey;
    if (e.button !== 0 && !pan) return;
    (e.target as Element).setPointerCapture(e.pointerId);
    this.#drag = { mode: pan ? 'pan' : 'lasso', x, y, add: e.shiftKey || e.ctrlKey || e.metaKey };
    if (!pan) this.lasso = [x, y];
    this.hover = null;
  };

  #onMove = (e: PointerEvent) => {
    if (!this.layout) return;
    const [x, y] = this.#local(e);
    const { width, height } = this.#canvas!.getBoundingClientRect();
    if (this.#drag?.mode === 'pan') {
      this.#view = panBy(this.#view, this.#fit, x - this.#drag.x, y - this.#drag.y, width, height);
      this.#drag = { ...this.#drag, x, y };
      this.#draw();
    } else if (this.#drag?.mode === 'lasso') {
      this.lasso = [...(this.lasso ?? []), x, y];
    } else {
      const i = nearest(this.#screen, x, y, 10);
      this.hover = i < 0 ? null : { index: i, x, y };
    }
  };

  #onUp = () => {
    const drag = this.#drag;
    this.#drag = null;
    if (drag?.mode === 'lasso' && this.lasso) {
      const poly = this.lasso;
      this.lasso = null;
      if (poly.length >= 6) this.selectPolygon(poly, drag.add);
      else if (!drag.add) {
        // A click without a drag: select the point under it, or clear.
        const i = nearest(this.#screen, poly[0], poly[1], 10);
        this.model.select(i < 0 ? [] : [this.ids[i]], 'replace');
        this.emit('curate-select', { ids: [...this.model.selected] });
      }
    }
  };

  #onWheel = (e: WheelEvent) => {
    if (!this.layout) return;
    e.preventDefault();
    const [x, y] = this.#local(e);
    const { width, height } = this.#canvas!.getBoundingClientRect();
    this.#view = zoomAt(this.#view, this.#fit, Math.exp(-e.deltaY * 0.0015), x, y, width, height);
    this.#draw();
  };

  #onKey = (e: KeyboardEvent) => {
    const canvas = this.#canvas;
    if (!canvas || !this.layout) return;
    const { width, height } = canvas.getBoundingClientRect();
    const step = 40;
    const pans: Record<string, [number, number]> = { ArrowLeft: [step, 0], ArrowRight: [-step, 0], ArrowUp: [0, step], ArrowDown: [0, -step] };
    if (e.key in pans) this.#view = panBy(this.#view, this.#fit, pans[e.key][0], pans[e.key][1], width, height);
    else if (e.key === '+' || e.key === '=') this.#view = zoomAt(this.#view, this.#fit, 1.25, width / 2, height / 2, width, height);
    else if (e.key === '-') this.#view = zoomAt(this.#view, this.#fit, 0.8, width / 2, height / 2, width, height);
    else if (e.key === '0') this.#view = { zoom: 1, panX: 0, panY: 0 };
    else if (e.key === 'Escape') {
      this.model.select([], 'replace');
      this.emit('curate-select', { ids: [] });
    } else return;
    e.preventDefault();
    this.#draw();
  };

  #renderTip() {
    const h = this.hover;
    if (!h || !this.layout) return nothing;
    const id = this.layout.ids[h.index];
    const c = this.#byId.get(id);
    const url = c ? thumbnailUrl(this.archive, c.thumbnail) : null;
    const left = Math.min(h.x + 12, (this.#canvas?.clientWidth ?? 400) - 130);
    const top = Math.min(h.y + 12, (this.#canvas?.clientHeight ?? 400) - 150);
    return html`<div class="tip" part="tooltip" ${cssProps({ left: `${left}px`, top: `${top}px` })}>
      ${url ? html`<img class="thumb" src=${url} alt="" />` : nothing}<span class="name">${c?.name ?? `#${id}`}</span>
    </div>`;
  }

  #renderLegend() {
    return legend(this.model, this.colorBy).map((e) => html`<span><span class="swatch" ${cssProps({ background: rgb(e.color) })}></span>${e.name}</span>`);
  }


  override render() {
    const n = this.layout?.ids.length ?? 0;
    return html`
      <div class="toolbar" part="toolbar">
        <label>Projection <select aria-label="Projection" @change=${(e: Event) => (this.method = (e.target as HTMLSelectElement).value as 'umap' | 'pca')}>
          <option value="umap" ?selected=${this.method === 'umap'}>UMAP</option><option value="pca" ?selected=${this.method === 'pca'}>PCA</option>
        </select></label>
        <button part="button" class="primary" ?disabled=${this.busy} @click=${() => this.compute()}>${this.layout ? 'Recompute' : 'Compute map'}</button>
        <label>Colour by <select aria-label="Colour by" @change=${(e: Event) => (this.colorBy = (e.target as HTMLSelectElement).value as ColorBy)}>
          ${(['cluster', 'label', 'flag', 'none'] as const).map((v) => html`<option value=${v} ?selected=${this.colorBy === v}>${v}</option>`)}
        </select></label>
        <button part="button" ?disabled=${!this.layout} @click=${() => this.resetView()}>Reset view</button>
        ${this.busy ? html`<progress max="1" .value=${this.progress} aria-label="Map progress"></progress>` : nothing}
        <span class="muted">${this.model.selected.size} of ${n} selected</span>
      </div>
      ${this.error ? html`<p class="error" role="alert">${this.error}</p>` : nothing}
      <div class="stage" part="stage">
        <canvas
          part="canvas"
          tabindex="0"
          role="img"
          aria-label="Map of ${n} images, ${this.model.selected.size} selected. Drag to lasso-select, Shift-drag to add, wheel or +/- to zoom, arrow keys or Alt-drag to pan, 0 to reset."
          @pointerdown=${this.#onDown}
          @pointermove=${this.#onMove}
          @pointerup=${this.#onUp}
          @pointercancel=${this.#onUp}
          @pointerleave=${() => (this.hover = null)}
          @wheel=${this.#onWheel}
          @keydown=${this.#onKey}
        ></canvas>
        ${this.lasso && this.lasso.length >= 4 ? html`<svg aria-hidden="true">${svg`<polygon points=${this.lasso.join(' ')}></polygon>`}</svg>` : nothing}
        ${this.#renderTip()}
      </div>
      <div class="legend" part="legend">${this.#renderLegend()}</div>
      ${!this.layout && !this.busy ? html`<p class="hint muted">Press "Compute map" to lay out the archive.</p>` : nothing}
    `;
  }
}
