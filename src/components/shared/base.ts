/**
 * Base of every `<curate-*>` element: the `curator` client, the `archive`
 * name, the shared `model`, the `theme` attribute, a cached contents list,
 * and one way to report errors (shown in the element and fired as `curate-error`).
 */
import { LitElement, type PropertyValues } from 'lit';
import { toCuratekitError } from '../../contract/errors.js';
import type { ContentView } from '../../contract/views.js';
import type { Job } from '../../contract/jobs.js';
import type { CuratorLike } from './curator-like.js';
import { CurationModel, type ModelChange } from './model.js';
import { restoreBar, restoreLastRemoved } from './remove.js';

const contentCache = new WeakMap<CurationModel, { archive: string; revision: number; promise: Promise<ContentView[]> }>();
/** Jobs after which an archive's contents may differ, so every element reloads them. */
const CONTENT_JOBS: ReadonlySet<string> = new Set(['index', 'remove_content', 'create_archive', 'add_urls_to_contents']);
/** The last job each model refreshed for: elements sharing a model refresh once per job. */
const refreshedFor = new WeakMap<CurationModel, string>();

export class CurateElement extends LitElement {
  static override properties = {
    curator: { attribute: false },
    archive: { type: String, reflect: true },
    model: { attribute: false },
    theme: { type: String, reflect: true },
    error: { state: true },
  };

  /** The client (from `createCurator()`); elements call nothing else. */
  declare curator: CuratorLike | undefined;
  /** Archive to show. */
  declare archive: string;
  /** Shared selection/cluster/label state. @defaultValue a model of its own */
  declare model: CurationModel;
  /** 'light' | 'dark'; unset follows prefers-color-scheme. @defaultValue undefined */
  declare theme: 'light' | 'dark' | undefined;
  /** Last error message shown in the element. @internal */
  declare error: string | null;

  #subscribed: CurationModel | null = null;
  readonly #onModel = (e: Event) => this.modelChanged((e as CustomEvent<ModelChange>).detail);
  #listening: CuratorLike | null = null;
  // Indexing or removing through the same client (from code or another element) refreshes
  // every element without wiring: the client fires curate-job-end for each job it ran.
  readonly #onJobEnd = (e: Event) => {
    const job = (e as CustomEvent<Job>).detail;
    if (!job || job.status !== 'completed' || !CONTENT_JOBS.has(job.job_type) || refreshedFor.get(this.model) === job.id) return;
    refreshedFor.set(this.model, job.id);
    this.model.contentsChanged();
  };

  constructor() {
    super();
    this.archive = '';
    this.model = new CurationModel();
    this.error = null;
  }

  override connectedCallback(): void {
    super.connectedCallback();
    this.#subscribe();
    this.#listen();
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.#subscribed?.removeEventListener('change', this.#onModel);
    this.#subscribed = null;
    this.#listening?.removeEventListener('curate-job-end', this.#onJobEnd);
    this.#listening = null;
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (changed.has('model')) this.#subscribe();
    if (changed.has('curator')) this.#listen();
    if ((changed.has('archive') || changed.has('model')) && this.archive) this.model.attach(this.archive);
  }

  #readyFor: string | null = null;

  protected override updated(changed: PropertyValues<this>): void {
    super.updated(changed);
    if (this.curator && this.archive && this.#readyFor !== this.archive) {
      this.#readyFor = this.archive;
      this.archiveReady(this.archive);
    }
  }

  /** Called once per archive when the element has both a client and that archive (e.g. to show its stored view). */
  protected archiveReady(_archive: string): void {}

  #subscribe(): void {
    if (this.#subscribed === this.model || !this.isConnected) return;
    this.#subscribed?.removeEventListener('change', this.#onModel);
    this.model.addEventListener('change', this.#onModel);
    this.#subscribed = this.model;
  }

  #listen(): void {
    const curator = this.isConnected ? (this.curator ?? null) : null;
    if (this.#listening === curator) return;
    this.#listening?.removeEventListener('curate-job-end', this.#onJobEnd);
    curator?.addEventListener('curate-job-end', this.#onJobEnd);
    this.#listening = curator;
  }

  /** Called on every model change; the default re-renders. */
  protected modelChanged(_kind: ModelChange): void {
    this.requestUpdate();
  }

  /** The archive's contents, shared between elements of one model until the contents change. */
  protected loadContents(): Promise<ContentView[]> {
    const curator = this.curator;
    if (!curator || !this.archive) return Promise.resolve([]);
    const hit = contentCache.get(this.model);
    if (hit && hit.archive === this.archive && hit.revision === this.model.revision) return hit.promise;
    const model = this.model;
    // Every load checks the saved UI state against what the archive holds now.
    const promise = curator.contents(this.archive).then((list) => (model.reconcile(list), list));
    contentCache.set(this.model, { archive: this.archive, revision: this.model.revision, promise });
    promise.catch(() => contentCache.delete(this.model));
    return promise;
  }

  /** Fire a typed, bubbling, composed `curate-*` event. */
  protected emit<K extends keyof HTMLElementEventMap>(type: K, detail: HTMLElementEventMap[K] extends CustomEvent<infer D> ? D : never): boolean {
    return this.dispatchEvent(new CustomEvent(type, { detail, bubbles: true, composed: true, cancelable: true }));
  }

  /** Show an error and fire `curate-error`; cancellations are not errors. */
  protected fail(e: unknown): void {
    const err = toCuratekitError(e);
    if (err.code === 'cancelled') return;
    this.error = err.message;
    this.emit('curate-error', { error: err, source: this.localName });
  }

  /** Put the last removal (through any element sharing the model) back from the trash; fires `curate-restore`. */
  async restoreRemoved(): Promise<number[]> {
    const curator = this.curator;
    if (!curator) return [];
    const ids = await this.attempt(() => restoreLastRemoved(curator, this.model));
    if (ids?.length) this.emit('curate-restore', { ids });
    return ids ?? [];
  }

  /** The "moved to the trash · Restore" line for this element's archive (nothing when there is none). */
  protected renderRestore(): unknown {
    return restoreBar(this.curator, this.model, this.archive, () => void this.restoreRemoved());
  }

  /** Run an async action, reporting its failure instead of throwing. */
  protected async attempt<T>(fn: () => Promise<T>): Promise<T | undefined> {
    this.error = null;
    try {
      return await fn();
    } catch (e) {
      this.fail(e);
      return undefined;
    }
  }
}
